import ArgumentParser
import Foundation
import Sync

struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Removes old processed files, and old stories only when asked.",
        discussion: """
            Processed files count from when syncd moved them to processed/; rejected files are \
            never removed. With --versions, stories not updated within the age are removed with \
            their versions (the change feed keeps their events). Try --dry-run first.

            Examples:
              syncctl prune --older-than 90d --dry-run
              syncctl prune --older-than 90d
              syncctl prune --older-than 365d --versions --json
            """)

    @OptionGroup var options: ServerOptions

    @Option(name: .customLong("older-than"), help: ArgumentHelp("An age: 45m, 12h, 90d.", valueName: "age"))
    var olderThan: String

    @Flag(help: "Also remove stories (and their versions) not updated within the age.")
    var versions = false

    @Flag(name: .customLong("dry-run"), help: "Report what would be removed, remove nothing.")
    var dryRun = false

    func validate() throws {
        guard TimeArgument.age(olderThan) != nil else {
            throw ValidationError("--older-than must be an age up to 100 years such as 45m, 12h or 90d; got '\(olderThan)'")
        }
    }

    func run() async throws {
        // The age itself, not a time worked back from the clock (which `0s` would put a hair
        // in the future, and the server refuses a negative age).
        let seconds = TimeArgument.age(olderThan) ?? 0
        try await withClient(options) { client in
            let body = try WireJSON.encoder().encode(PruneRequest(olderThanSeconds: seconds, versions: versions, dryRun: dryRun))
            let report = try WireJSON.decoder().decode(PruneReport.self, from: try await client.send(method: .POST, "/v1/prune", json: body))
            if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(report), as: UTF8.self)) }
            let verb = report.dryRun ? "would remove" : "removed"
            let megabytes = String(format: "%.1f MB", Double(report.bytesRemoved) / 1_000_000)
            var line = "\(verb) \(report.filesRemoved) processed file\(report.filesRemoved == 1 ? "" : "s") (\(megabytes)) moved there before \(RFC3339.format(report.cutoff))"
            if versions { line += "; \(report.storiesRemoved) stories with \(report.versionsRemoved) versions" }
            emit(line)
        }
    }
}
