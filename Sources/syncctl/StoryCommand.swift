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
            emit("Story \(story.id): \(story.headline)")
            emit("source \(story.source ?? "(inbox top level)") · created \(EventLine.shortTime(story.createdAt)) · \(story.versions.count) version(s)")
            for version in story.versions {
                emit("")
                emit("── v\(version.number) · \(version.file) · \(version.format) · time \(EventLine.shortTime(version.time)) · received \(EventLine.shortTime(version.receivedAt))")
                emit(version.headline)
                var credits: [String] = []
                if let byline = version.byline { credits.append(byline) }
                if let dateline = version.dateline { credits.append(dateline) }
                if let urgency = version.urgency { credits.append("urgency \(urgency)") }
                if !credits.isEmpty { emit(credits.joined(separator: " · ")) }
                emit("")
                emit(version.body)
            }
        }
    }
}
