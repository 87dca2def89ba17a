import Foundation
import ReutersCorpus
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

    @Test func invalidUTF8FallsBackToWindows1252() throws {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" au lait ".utf8) + [0x93, 0x80, 0x94, 0x0A] + Array("Body".utf8) + [0x85, 0x0A]
        let doc = try parser.parse(bytes, time: time, source: nil)
        #expect(doc.headline == "Café au lait “€”")
        #expect(doc.body == "Body…")
    }

    @Test func utf16WithAByteOrderMarkIsNotBinary() throws {
        let text = "Storm hits Zürich\r\n\r\nRivers rose 🌊\r\n"
        let le: [UInt8] = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [le, be] {
            let doc = try parser.parse(bytes, time: time, source: nil)
            #expect(doc.headline == "Storm hits Zürich")
            #expect(doc.body == "Rivers rose 🌊")
        }
    }

    @Test func controlCharactersInUTF16AreRejectedWithTheirByteOffset() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x48, 0x00, 0x0A, 0x00, 0x01, 0x00]
        #expect(throws: SyncError.unparsable("binary content: control character U+0001 at byte offset 6")) {
            try parser.parse(bytes, time: time, source: nil)
        }
    }

    @Test func multibyteUTF8IsKept() throws {
        let doc = try parser.parse(Array("Zürich: “quotes” — ünïcödé\nBody\n".utf8), time: time, source: nil)
        #expect(doc.headline == "Zürich: “quotes” — ünïcödé")
    }

    /// Both paths of ``PlainTextParser/document(from:time:source:)`` on one text.
    func expectSamePaths(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let slow = try? PlainTextParser.unicodeDocument(from: text, time: time, source: nil)
        guard let (headline, body) = PlainTextParser.asciiHeadlineAndBody(text) else {
            Issue.record("the fast path refused ASCII text \(text.debugDescription)", sourceLocation: sourceLocation)
            return
        }
        #expect(slow?.headline ?? "" == headline, "\(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(slow?.body ?? "" == body, "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func theFastPathTakesASCIIOnly() {
        #expect(PlainTextParser.asciiHeadlineAndBody("Caf\u{E9}\nbody") == nil)
        #expect(PlainTextParser.asciiHeadlineAndBody("Cafe\nbody")?.body == "body")
    }

    @Test func randomLinesAndIndentsGiveTheSameDocumentOnBothPaths() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Bc", " ", "  ", "   ", "\t", "\n", "\r", "\r\n", "\n\n", "\u{0C}", "\u{0B}", "x y", "."]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0..<30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            expectSamePaths(text)
        }
    }

    /// Async and yielding, like the tokenizer's corpus check (see WireTokenizerTests).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func theReutersCorpusGivesTheSameDocumentOnBothPaths() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        for (index, item) in items.enumerated() where index % 4 == 0 {
            if index % 100 == 0 { await Task.yield() }
            expectSamePaths(item.inboxText)
        }
    }
}
