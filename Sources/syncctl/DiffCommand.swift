import ArgumentParser
import Foundation
import Sync

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Shows a word diff between two versions of a story.",
        discussion: """
            Deleted words are red and struck through, inserted words green and underlined (on a \
            terminal, unless NO_COLOR is set); without colour they read [-deleted-] and {+inserted+}.

            Examples:
              syncctl diff 12                 the newest version against the one before
              syncctl diff 12 --from 1 --to 3
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The story id.", valueName: "id"))
    var id: Int64

    @Option(parsing: .unconditional, help: ArgumentHelp("The older version (default: the one before --to).", valueName: "n"))
    var from: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The newer version (default: the newest).", valueName: "n"))
    var to: Int?

    func validate() throws {
        if id < 1 { throw ValidationError("the story id must be a positive integer; got \(id)") }
        if let from, from < 1 { throw ValidationError("--from must be a version number (1 or more); got \(from)") }
        if let to, to < 1 { throw ValidationError("--to must be a version number (1 or more); got \(to)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            var query: [String] = []
            if let from { query.append("from=\(from)") }
            if let to { query.append("to=\(to)") }
            let diff = try await client.get("/v1/stories/\(id)/diff" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")),
                                            as: VersionDiff.self)
            if options.json {
                emit(String(decoding: try WireJSON.encoder(pretty: true).encode(diff), as: UTF8.self))
                return
            }
            emit(Terminal.paint("story \(diff.story): v\(diff.from) → v\(diff.to)  (+\(diff.inserted) −\(diff.deleted) words, \(diff.unchanged) unchanged)", .bold))
            emit(Self.render(diff.runs, color: Terminal.useColor))
        }
    }

    static func render(_ runs: [DiffRun], color: Bool) -> String {
        runs.map { run in
            switch run.op {
            case .equal: run.text
            case .delete: color ? Terminal.paint(run.text, .strikeRed, color: true) : "[-" + run.text + "-]"
            case .insert: color ? Terminal.paint(run.text, .underlineGreen, color: true) : "{+" + run.text + "+}"
            }
        }.joined()
    }
}
