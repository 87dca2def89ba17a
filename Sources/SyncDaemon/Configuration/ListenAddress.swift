/// A `HOST:PORT` address the HTTP API listens on, e.g. `127.0.0.1:7411` or `[::1]:7411`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port (tests use it).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; an IPv6 host goes in brackets.
    /// - Throws: ``DaemonError/invalidConfiguration(field:message:)`` naming `listen`.
    public init(parsing text: String) throws {
        func bad(_ why: String) -> DaemonError {
            .invalidConfiguration(field: "listen", message: "'\(text)' \(why); expected HOST:PORT, e.g. 127.0.0.1:7411")
        }
        guard let colon = text.lastIndex(of: ":") else { throw bad("has no port") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw bad("has no host") }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw bad("has a port that is not a number from 0 to 65535")
        }
        self.init(host: host, port: port)
    }

    /// True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
