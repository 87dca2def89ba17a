import Foundation
@testable import Store
import Sync
import Testing
@testable import SyncDaemon

/// Near-duplicate decisions through the running daemon: real files, inotify, SQLite, HTTP.
@Suite("Dedup through the daemon")
struct DedupEndToEndTests {
    /// Re-wraps `text`'s body lines at `width` columns (a wire re-send's different layout).
    static func rewrap(_ text: String, width: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headline = lines.first.map(String.init) ?? ""
        var out: [String] = [headline, ""]
        for paragraph in lines.dropFirst().split(whereSeparator: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            var line = ""
            for word in paragraph.joined(separator: " ").split(separator: " ") {
                if !line.isEmpty && line.count + word.count + 1 > width { out.append(line); line = "" }
                line += line.isEmpty ? String(word) : " " + word
            }
            if !line.isEmpty { out.append(line) }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// `text` with its first figure in the body (after the headline) changed to another value.
    static func correctFirstFigure(_ text: String) throws -> (String, String, String) {
        let headlineEnd = try #require(text.firstIndex(of: "\n"))
        let body = text[headlineEnd...]
        let match = try #require(body.firstMatch(of: /\d+/))
        let old = String(match.output)
        let new = String((Int(old) ?? 0) + 7)
        return (String(text[..<match.range.lowerBound]) + new + String(text[match.range.upperBound...]), old, new)
    }

    @Test func seedsStayFiveStoriesAndTheirVariantsJoinTheRightOne() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let seeds = try Seeds.all()
        let texts = seeds.map { String(decoding: $0.data, as: UTF8.self) }
        for seed in seeds { try home.drop(seed.name, seed.data) }
        var events = try await daemon.waitForEvents(5)
        #expect(events.map(\.type) == Array(repeating: .storyCreated, count: 5))
        let storyOf = Dictionary(uniqueKeysWithValues: events.map { ($0.file!, $0.story!) })
        #expect(Set(storyOf.values).count == 5)

        // A corrected figure with re-wrapped lines: a new version of seed 0's story.
        let (corrected, old, new) = try Self.correctFirstFigure(texts[0])
        try home.drop("afp/corrected.txt", Self.rewrap(corrected, width: 58))
        // A new headline and one added paragraph: a new version of seed 3's story.
        var lines = texts[3].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "UPDATE 1: " + lines[0] + " as rights groups react"
        lines.append("")
        lines.append("Rights groups said the decision would leave victims of abuses in the three countries with no court to turn to, and urged the governments to reconsider before the withdrawal takes effect.")
        try home.drop("afp/update.txt", lines.joined(separator: "\n"))
        // CRLF line ends and trailing spaces: a duplicate of seed 4.
        let crlf = texts[4].split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "  " }.joined(separator: "\r\n")
        try home.drop("dpa/crlf.txt", crlf)

        events = try await daemon.waitForEvents(8)
        let byFile = Dictionary(uniqueKeysWithValues: events.map { ($0.file!, $0) })
        let correction = try #require(byFile["afp/corrected.txt"])
        #expect(correction.type == .versionAdded)
        #expect(correction.story == storyOf[seeds[0].name])
        #expect(correction.matched == 1)
        #expect(correction.reason?.contains("\(old) → \(new)") == true, "reason: \(correction.reason ?? "")")
        let update = try #require(byFile["afp/update.txt"])
        #expect(update.type == .versionAdded)
        #expect(update.story == storyOf[seeds[3].name])
        #expect((update.containment ?? 0) > 0.9)
        let duplicate = try #require(byFile["dpa/crlf.txt"])
        #expect(duplicate.type == .duplicateSeen)
        #expect(duplicate.story == storyOf[seeds[4].name])
        #expect(duplicate.similarity == 1)
        #expect(duplicate.reason?.contains("identical") == true)

        let status = try await daemon.getJSON("/v1/status", as: ServerStatus.self)
        #expect(status.stories == 5)
        #expect(status.versions == 7)
        await daemon.stop()
    }

    @Test func theDedupWindowSurvivesARestart() async throws {
        let home = try TestHome()
        let seeds = try Seeds.all()
        do {
            let first = try await RunningDaemon(home)
            try home.drop(seeds[1].name, seeds[1].data)
            _ = try await first.waitForEvents(1)
            await first.stop()
        } // the first daemon is released here, and with it the home's lock

        // Near-duplicates are matched only in the in-memory window: the restarted daemon must
        // rebuild it (from the stored text) to see the write-through as the same story.
        let daemon = try await RunningDaemon(home)
        let text = String(decoding: seeds[1].data, as: UTF8.self)
        try home.drop("late/writethrough.txt", text + "\n\nOfficials said more details would follow later in the week.\n")
        let events = try await daemon.waitForEvents(2)
        #expect(events[1].type == .versionAdded)
        #expect(events[1].story == events[0].story)
        await daemon.stop()
    }
}
