import Foundation
import Testing
import Sync
@testable import syncctl

/// syncctl's readable output and argument parsing, without a server.
struct SyncctlOutputTests {
    /// Every type is printed whole in the event line's type column (a kill once read
    /// `story.withdraw`, cut to fourteen characters), and the columns after it line up.
    @Test(arguments: EventType.known + [EventType(rawValue: "story.embargo.lifted")])
    func eventLinesPrintTheWholeType(type: EventType) {
        let event = FeedEvent(seq: 10, type: type, at: Date(timeIntervalSince1970: 1_764_000_000), file: "n3.json",
                              source: nil, headline: "Rates")
        let line = EventLine.render(event)
        let column = line.split(separator: "  ", omittingEmptySubsequences: true)
        #expect(column.count > 2 && column[2].trimmingCharacters(in: .whitespaces) == type.rawValue, "\(line)")
        if type.rawValue.count <= 15 {
            // "#10", the time (20 characters), the type column (15, story.withdrawn's), two spaces after each.
            #expect(line.range(of: "n3.json")?.lowerBound == line.index(line.startIndex, offsetBy: 3 + 2 + 20 + 2 + 15 + 2), "\(line)")
        }
    }

    /// A version kept but not current says so, with the reason's last clause; a current one
    /// says nothing more.
    @Test func aVersionNotCurrentIsMarked() {
        var event = FeedEvent(seq: 7, type: .versionAdded, at: Date(timeIntervalSince1970: 1_764_000_000), file: "ap/v2.json",
                              source: "ap", story: 3, version: 3, headline: "Storm cuts power",
                              reason: "same identity ninjs:urn:x:1 as story 3; late: ninjs version 2 after version 3, which stays the story's text",
                              matched: 2, similarity: 0.8, containment: 0.9)
        #expect(!EventLine.render(event).contains("not current"))
        event.current = false
        let line = EventLine.render(event)
        #expect(line.hasSuffix("[not current: late: ninjs version 2 after version 3, which stays the story's text]"), "\(line)")
    }

    /// A file name may hold a line break or a terminal's escape sequence: each event and each
    /// table row stays one line, and nothing reaches the terminal as a control character.
    @Test func controlCharactersInNamesAndHeadlinesAreEscaped() {
        let event = FeedEvent(seq: 12, type: .storyCreated, at: Date(timeIntervalSince1970: 1_764_000_000),
                              file: "new\nline\u{1B}[31mRED.txt", source: nil, headline: "Bell\u{7}\tend")
        let line = EventLine.render(event)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 }, "\(line.debugDescription)")
        #expect(line.contains(#"new\nline\u{1B}[31mRED.txt"#) && line.contains(#"Bell\u{7}\tend"#), "\(line)")
        let table = Terminal.table([["FILE", "ID"], ["a\nb", "1"], ["tab\there", "2"]], width: 80)
        #expect(table.split(separator: "\n").count == 3, "\(table.debugDescription)")
        #expect(table.contains(#"a\nb"#) && table.contains(#"tab\there"#))
        #expect("plain café".escapingControlCharacters == "plain café")
        // syncctl story: the file and source on their lines, the body's paragraphs kept.
        let at = Date(timeIntervalSince1970: 1_764_000_000)
        let story = StoryDetail(id: 8, headline: "Rates\u{1B}[2J", source: "src\u{1B}[32mX", createdAt: at, updatedAt: at, versions: [
            VersionDetail(number: 1, file: "nl\nname.txt", source: "src\u{1B}[32mX", format: "text", receivedAt: at, time: at,
                          headline: "Rates", body: "First paragraph.\n\n\tSecond\u{1B}[31m one.", contentHash: "h"),
        ])
        let lines = StoryCommand.lines(story).joined(separator: "\n")
        #expect(!lines.unicodeScalars.contains { $0.value == 0x1B }, "\(lines.debugDescription)")
        #expect(lines.contains(#"nl\nname.txt"#) && lines.contains(#"source src\u{1B}[32mX"#) && lines.contains("First paragraph.\n\n\tSecond"),
                "\(lines)")
        #expect("del\u{7F} c1\u{85}".escapingControlCharacters == #"del\u{7F} c1\u{85}"#)
    }

    /// An age is read as such: `0s` is zero seconds, never a hair below.
    @Test func agesAreSeconds() {
        #expect(TimeArgument.age("0s") == 0)
        #expect(TimeArgument.age("0m") == 0)
        #expect(TimeArgument.age("90m") == 5400)
        #expect(TimeArgument.age("2d") == 172_800)
        #expect(TimeArgument.age("-1s") == nil)
        #expect(TimeArgument.age("2026-11-24T00:00:00Z") == nil)
        #expect(TimeArgument.age("36500d") == 3_153_600_000)
        #expect(TimeArgument.age("36600d") == nil)  // over 100 years
    }

    @Test func aMissingConsumerIsNotAMissingStory() {
        let hint = SyncctlError.server(status: 404, message: "no consumer named 'desk1'").hint
        #expect(hint.contains("syncctl consumers list"))
        #expect(SyncctlError.server(status: 404, message: "no story with id 9").hint.contains("lists the stories"))
    }
}
