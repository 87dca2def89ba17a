import Foundation

/// The position after the last story of a page: its update time and id, as an opaque string.
public struct StoryCursor: Sendable, Equatable {
    public var updatedAt: Int64
    public var id: Int64

    public init(updatedAt: Int64, id: Int64) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// The opaque form handed to clients (base64url of `updatedAt:id`).
    public var token: String {
        Data("\(updatedAt):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token made by ``token``; nil when it is not one.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let updatedAt = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        self.init(updatedAt: updatedAt, id: id)
    }
}
