/// The errors syncctl reports: each prints as `Error: …` with a hint on the next line.
enum SyncctlError: Error, CustomStringConvertible {
    /// The server could not be reached at all.
    case unreachable(server: String, detail: String)
    /// The server answered with an error status and message.
    case server(status: Int, message: String)
    /// The server answered something that is not the API's JSON.
    case badResponse(String)
    /// A flag or argument value cannot be used.
    case usage(String)

    var description: String {
        switch self {
        case .unreachable(let server, let detail): "cannot reach syncd at \(server): \(detail)"
        case .server(let status, let message): "syncd answered \(status): \(message)"
        case .badResponse(let detail): "unexpected answer from syncd: \(detail)"
        case .usage(let message): message
        }
    }

    var hint: String {
        switch self {
        case .unreachable:
            "Hint: is syncd running? Start it with `swift run syncd`, or point --server (or $SYNCCTL_SERVER) at it."
        case .server(let status, _) where status == 401:
            "Hint: pass the daemon's token with --token or $SYNCCTL_TOKEN."
        case .server(let status, let message) where status == 404 && message.hasPrefix("no such resource"):
            "Hint: check that --server is syncd's address alone (e.g. http://127.0.0.1:7411), with no path after it."
        case .server(let status, let message) where status == 404 && message.hasPrefix("no consumer"):
            "Hint: check the name; `syncctl consumers list` lists the consumers that exist."
        case .server(let status, _) where status == 404:
            "Hint: check the id; `syncctl changes` lists the stories that exist."
        case .server(let status, _) where status == 400:
            "Hint: see `syncctl help` for the accepted values."
        case .server:
            "Hint: the server's log says more."
        case .badResponse:
            "Hint: check that --server points at syncd, not another service."
        case .usage:
            "Hint: see `syncctl help` for usage."
        }
    }

    /// Exit code: 1 for server and network errors, 64 for usage errors.
    var exitCode: Int32 {
        if case .usage = self { return 64 }
        return 1
    }
}
