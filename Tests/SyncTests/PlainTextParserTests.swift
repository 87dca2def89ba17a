import Foundation
import Testing
@testable import Sync

@Suite("Plain-text parser")
struct PlainTextParserTests {
    let parser = PlainTextParser()
    let time = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func firstNonEmptyLineIsTheHeadline() throws {
        let doc = try parser.parse(Array("\n\n  Storm hits coast  \nFirst paragraph\ncontinues here.\n\n\nSecond paragraph.\n".utf8),
                                   time: time, source: "ap")
        #expect(doc.headline == "Storm hits coast")
        #expect(doc.body == "First paragraph\ncontinues here.\n\nSecond paragraph.")
        #expect(doc.source == "ap")
        #expect(doc.time == time)
        #expect(doc.format == "text")
    }

    @Test func crlfAndByteOrderMarkAreHandled() throws {
        let doc = try parser.parse([0xEF, 0xBB, 0xBF] + Array("Headline\r\n\r\nBody line\r\n".utf8), time: time, source: nil)
        #expect(doc.headline == "Headline")
        #expect(doc.body == "Body line")
    }

    @Test func headlineOnlyStoryHasAnEmptyBody() throws {
        let doc = try parser.parse(Array("FLASH: quake in Chile\n".utf8), time: time, source: nil)
        #expect(doc.headline == "FLASH: quake in Chile")
        #expect(doc.body.isEmpty)
    }

    @Test func emptyFileIsRejected() {
        #expect(throws: SyncError.unparsable("empty file: no non-blank line to use as the headline")) {
            try parser.parse(Array(" \n\t\n".utf8), time: time, source: nil)
        }
    }

    @Test func binaryBytesAreRejectedWithTheirOffset() {
        #expect(throws: SyncError.unparsable("binary content: control byte 0x00 at byte offset 5")) {
            try parser.parse(Array("Head\n".utf8) + [0x00, 0x01], time: time, source: nil)
        }
    }

    @Test func invalidUTF8IsRejectedWithTheOffset() {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        #expect(throws: SyncError.unparsable("text is not valid UTF-8 (first invalid byte at offset 3)")) {
            try parser.parse(bytes, time: time, source: nil)
        }
    }

    @Test func multibyteUTF8IsKept() throws {
        let doc = try parser.parse(Array("Zürich: “quotes” — ünïcödé\nBody\n".utf8), time: time, source: nil)
        #expect(doc.headline == "Zürich: “quotes” — ünïcödé")
    }
}
