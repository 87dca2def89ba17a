import ArgumentParser
import Foundation
import Sync

struct Stories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists stories, newest-updated first.",
        discussion: """
            Examples:
              syncctl stories                          the 50 most recently updated stories
              syncctl stories --duplicates --since 1h  duplicate groups of the last hour
              syncctl stories --source ap --json       for scripts: {"stories":[…],"next_cursor":…}
            """)

    @OptionGroup var options: ServerOptions

    @Option(help: ArgumentHelp("Only stories updated since this time: RFC 3339, or an age like 90m, 1h, 2d.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only stories from this source (inbox subfolder).", valueName: "source"))
    var source: String?

    @Flag(help: "Only stories that absorbed duplicates or versions (duplicate groups).")
    var duplicates = false

    @Flag(help: "Only withdrawn stories.")
    var withdrawn = false

    @Option(parsing: .unconditional, help: ArgumentHelp("How many stories at most (1-1000).", valueName: "n"))
    var limit = 50

    @Option(help: ArgumentHelp("Continue from a previous page's next_cursor.", valueName: "cursor"))
    var cursor: String?

    func validate() throws {
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be from 1 to 1000; got \(limit)") }
        if let since, TimeArgument.parse(since) == nil {
            throw ValidationError("--since must be an RFC 3339 time (2026-11-24T09:00:00Z) or an age up to 100 years like 90m, 1h, 2d; got '\(since)'")
        }
    }

    func run() async throws {
        try await withClient(options) { client in
            var query = ["limit=\(limit)"]
            if let since, let date = TimeArgument.parse(since) { query.append("since=\(RFC3339.format(date))") }
            if let source { query.append("source=\(source.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? source)") }
            if duplicates { query.append("has_duplicates=true") }
            if withdrawn { query.append("withdrawn=true") }
            if let cursor { query.append("cursor=\(cursor)") }
            let page = try await client.get("/v1/stories?" + query.joined(separator: "&"), as: StoryPage.self)
            if options.json {
                emit(String(decoding: try WireJSON.encoder(pretty: true).encode(page), as: UTF8.self))
                return
            }
            if page.stories.isEmpty {
                emit("no stories match")
                return
            }
            var rows = [["ID", "UPDATED", "SOURCE", "VERS", "DUPS", "HEADLINE"]]
            for story in page.stories {
                rows.append(["\(story.id)", EventLine.shortTime(story.updatedAt), story.source ?? "-", "\(story.versions)",
                             "\(story.duplicates)", (story.withdrawn ? "[withdrawn] " : "") + story.headline])
            }
            emit(Terminal.table(rows))
            if let next = page.nextCursor { emit("more: syncctl stories --cursor \(next)") }
        }
    }
}

/// Reads `--since` values (RFC 3339 times or ages such as `90m`, `1h`, `2d`, `45s`) and
/// `--older-than` ages, up to 100 years (``PruneRequest/maxAgeSeconds``).
enum TimeArgument {
    static func parse(_ text: String, now: Date = Date()) -> Date? {
        if let date = RFC3339.parse(text) { return date }
        return age(text).map { now.addingTimeInterval(-$0) }
    }

    /// The seconds in an age (`45m`, `12h`, `90d`, up to 100 years); nil for anything else.
    static func age(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Double(text.dropLast()), amount.isFinite, amount >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86400
        default: return nil
        }
        return seconds <= PruneRequest.maxAgeSeconds ? seconds : nil
    }
}
