import ArgumentParser
import Foundation
import Sync

struct Dups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shows duplicate groups: stories several files joined, and why each joined.",
        discussion: """
            Without an id, lists the groups active in the last --since (default 1h); with an id, \
            shows that story's group: every file that created it, added a version or was a \
            duplicate, with similarity, containment and the engine's reason.

            Examples:
              syncctl dups                 groups of the last hour
              syncctl dups --since 24h
              syncctl dups 12              one group in full
              syncctl dups 12 --json
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("A story id: show its group in full.", valueName: "id"))
    var id: Int64?

    @Option(help: ArgumentHelp("How far back to look: an age (30m, 1h, 24h, 7d) or an RFC 3339 time.", valueName: "time"))
    var since: String = "1h"

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many groups (1–500).", valueName: "n"))
    var limit: Int = 50

    func validate() throws {
        if let id, id < 1 { throw ValidationError("the story id must be a positive integer; got \(id)") }
        if TimeArgument.parse(since) == nil {
            throw ValidationError("--since must be an age up to 100 years such as 30m, 1h, 24h or 7d, or an RFC 3339 time; got '\(since)'")
        }
        if !(1...500).contains(limit) { throw ValidationError("--limit must be within 1…500; got \(limit)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            if let id {
                let group = try await client.get("/v1/stories/\(id)/group", as: DuplicateGroup.self)
                if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(group), as: UTF8.self)) }
                emit("Story \(group.story): \(group.headline.escapingControlCharacters)\(group.withdrawn ? " (withdrawn)" : "")")
                var rows = [["SEQ", "TIME", "EVENT", "V", "SIM", "CONT", "FILE", "REASON"]]
                for member in group.members {
                    rows.append(["\(member.seq)", EventLine.shortTime(member.at), member.type.rawValue,
                                 member.version.map { "\($0)" } ?? "-", Self.percent(member.similarity), Self.percent(member.containment),
                                 member.file ?? "-", member.reason ?? ""])
                }
                emit(Terminal.table(rows))
                return
            }
            let start = TimeArgument.parse(since) ?? Date().addingTimeInterval(-3600)
            let list = try await client.get("/v1/groups?limit=\(limit)&since=\(RFC3339.format(start))", as: GroupList.self)
            if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(list), as: UTF8.self)) }
            if list.groups.isEmpty { return emit("No duplicate groups in the last \(since).") }
            var rows = [["STORY", "FILES", "VERSIONS", "DUPS", "LAST", "HEADLINE"]]
            for group in list.groups {
                // What the story holds now (an older server sends only the events, which keep
                // a split-off or merged version with the story it was added to).
                let versions = group.versions ?? group.members.filter { $0.type == .storyCreated || $0.type == .versionAdded }.count
                let files = group.files ?? versions + group.members.filter { $0.type == .duplicateSeen }.count
                rows.append(["\(group.story)", "\(files)", "\(versions)", "\(files - versions)",
                             group.members.last.map { EventLine.shortTime($0.at) } ?? "-", group.headline])
            }
            emit(Terminal.table(rows))
        }
    }

    static func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
}
