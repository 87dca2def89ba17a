import ArgumentParser
import Foundation
import Sync

struct Similar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists the stories nearest to an item, near misses included.",
        discussion: """
            Searches the dedup window (dedup.window_hours of the newest stored time) and shows, \
            per story, the best similarity and containment and whether the engine would merge.

            Examples:
              syncctl similar 12/2
              syncctl similar @incoming.txt --limit 5 --json
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The item: \(ItemArgument.help).", valueName: "item"), transform: ItemArgument.parse)
    var item: ItemArgument

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many stories (1–100).", valueName: "n"))
    var limit: Int = 10

    func validate() throws {
        if !(1...100).contains(limit) { throw ValidationError("--limit must be within 1…100; got \(limit)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            let body = try WireJSON.encoder().encode(SimilarRequest(item: item.reference, limit: limit))
            let list = try WireJSON.decoder().decode(SimilarList.self, from: try await client.send(method: .POST, "/v1/similar", json: body))
            if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(list), as: UTF8.self)) }
            if list.results.isEmpty { return emit("No stored story in the dedup window shares a shingle with it.") }
            var rows = [["STORY", "V", "SIM", "CONT", "MERGE", "HEADLINE"]]
            for result in list.results {
                rows.append(["\(result.story)", "\(result.version)", Dups.percent(result.similarity), Dups.percent(result.containment),
                             result.sameStory ? "yes" : "no", result.headline])
            }
            emit(Terminal.table(rows))
        }
    }
}
