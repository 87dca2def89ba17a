import ArgumentParser
import Foundation
import Sync

struct Versions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists a story's versions: number, time, file and headline.",
        discussion: "Example:\n  syncctl versions 12\n  syncctl versions 12 --json")

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The story id.", valueName: "id"))
    var id: Int64

    func validate() throws {
        if id < 1 { throw ValidationError("the story id must be a positive integer; got \(id)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            let story = try await client.get("/v1/stories/\(id)", as: StoryDetail.self)
            if options.json {
                emit(String(decoding: try WireJSON.encoder(pretty: true).encode(story.versions), as: UTF8.self))
                return
            }
            emit("Story \(story.id): \(story.headline.escapingControlCharacters)")
            if let current = story.currentVersion, current != story.versions.last?.number {
                emit("It says version \(current): the versions after it came late (numbered below it by their format).")
            }
            var rows = [["V", "TIME", "SOURCE", "FMT V", "WORDS", "FILE", "HEADLINE"]]
            for version in story.versions {
                rows.append(["\(version.number)", EventLine.shortTime(version.time), version.source ?? "-",
                             version.formatVersion.map { "\($0)" } ?? "-",
                             "\(version.body.split(whereSeparator: \.isWhitespace).count)", version.file, version.headline])
            }
            emit(Terminal.table(rows))
        }
    }
}
