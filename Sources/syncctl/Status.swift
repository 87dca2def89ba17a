import ArgumentParser
import Sync

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shows what syncd holds and what waits in its inbox.",
        discussion: "Example:\n  syncctl status\n  syncctl status --json | jq .pending")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await withClient(options) { client in
            let status = try await client.get("/v1/status", as: ServerStatus.self)
            if options.json {
                emit(String(decoding: try WireJSON.encoder(pretty: true).encode(status), as: UTF8.self))
            } else {
                emit("""
                    health     \(status.healthy ? "ok" : "UNHEALTHY: " + (status.problem ?? "unknown"))
                    home       \(status.home)
                    pending    \(status.pending) file(s) in the inbox
                    stories    \(status.stories)
                    versions   \(status.versions)
                    duplicates \(status.duplicates)
                    rejected   \(status.rejected)
                    last seq   \(status.lastSeq)
                    """)
            }
        }
    }
}
