import ArgumentParser
import Foundation
import Sync

struct Split: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Moves a wrongly merged version out into a story of its own.",
        discussion: """
            The feed gets a story.split event; later copies of the split-out text join the new \
            story, not the old one.

            Example:
              syncctl split 12 3          version 3 of story 12 becomes a story of its own
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The story id.", valueName: "story"))
    var story: Int64

    @Argument(help: ArgumentHelp("The version number to split out.", valueName: "version"))
    var version: Int

    func validate() throws {
        if story < 1 { throw ValidationError("the story id must be a positive integer; got \(story)") }
        if version < 1 { throw ValidationError("the version must be a positive integer; got \(version)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            let data = try await client.send(method: .POST, "/v1/stories/\(story)/split",
                                             json: try WireJSON.encoder().encode(SplitRequest(version: version)))
            try report(data, options)
        }
    }
}

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merges one story into another (its versions are appended).",
        discussion: """
            The feed gets a story.merged event; the merged-away story disappears from listings \
            and later copies of its text join the target.

            Example:
              syncctl merge 12 15         story 15's versions become the newest of story 12
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The story that keeps the versions.", valueName: "into"))
    var into: Int64

    @Argument(help: ArgumentHelp("The story merged into it.", valueName: "from"))
    var from: Int64

    func validate() throws {
        if into < 1 || from < 1 { throw ValidationError("story ids must be positive integers; got \(into) and \(from)") }
        if into == from { throw ValidationError("a story cannot be merged into itself") }
    }

    func run() async throws {
        try await withClient(options) { client in
            let data = try await client.send(method: .POST, "/v1/stories/\(into)/merge",
                                             json: try WireJSON.encoder().encode(MergeRequest(from: from)))
            try report(data, options)
        }
    }
}

/// Prints the override's feed event: JSON with --json, else one line.
private func report(_ data: Data, _ options: ServerOptions) throws {
    let event = try WireJSON.decoder().decode(FeedEvent.self, from: data)
    if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(event), as: UTF8.self)) }
    emit("\(event.type) #\(event.seq): story \(event.story ?? 0) — \((event.reason ?? "").escapingControlCharacters)")
}
