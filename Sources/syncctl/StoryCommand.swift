import ArgumentParser
import Foundation
import Sync

struct StoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story",
        abstract: "Shows one story and all its versions (headline, byline, dateline, body, file, time).",
        discussion: "Example:\n  syncctl story 12\n  syncctl story 12 --json | jq '.versions | length'")

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The story id (the `story` field of feed events).", valueName: "id"))
    var id: Int64

    func validate() throws {
        if id < 1 { throw ValidationError("the story id must be a positive integer; got \(id)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            let story = try await client.get("/v1/stories/\(id)", as: StoryDetail.self)
            if options.json {
                emit(String(decoding: try WireJSON.encoder(pretty: true).encode(story), as: UTF8.self))
                return
            }
            for line in Self.lines(story) { emit(line) }
        }
    }

    /// The story as text: names and headlines on one line each, the body as paragraphs, with
    /// control characters written out (a line break in a file name, an escape sequence anywhere).
    static func lines(_ story: StoryDetail) -> [String] {
        var out = ["Story \(story.id): \(story.headline.escapingControlCharacters)",
                   "source \(story.source?.escapingControlCharacters ?? "(inbox top level)") · created \(EventLine.shortTime(story.createdAt)) · \(story.versions.count) version(s)"]
        for version in story.versions {
            out.append("")
            out.append("── v\(version.number) · \(version.file.escapingControlCharacters) · \(version.format) · time \(EventLine.shortTime(version.time)) · received \(EventLine.shortTime(version.receivedAt))")
            out.append(version.headline.escapingControlCharacters)
            var credits: [String] = []
            if let byline = version.byline { credits.append(byline) }
            if let dateline = version.dateline { credits.append(dateline) }
            if let urgency = version.urgency { credits.append("urgency \(urgency)") }
            if !credits.isEmpty { out.append(credits.joined(separator: " · ").escapingControlCharacters) }
            out.append("")
            out.append(version.body.escapingControlCharacters(keepingLines: true))
        }
        return out
    }
}
