import Foundation
import Testing
@testable import Sync

@Suite("Document parser (format detection)")
struct DocumentParserTests {
    let parser = DocumentParser()
    let mtime = FormatFixtures.modificationTime

    func parse(_ fixture: String, as name: String? = nil) throws -> StoryDocument {
        try parser.parse(FormatFixtures.bytes(fixture), fileName: name ?? fixture, modificationTime: mtime, source: "in")
    }

    func parse(text: String, name: String = "story.txt") throws -> StoryDocument {
        try parser.parse(Array(text.utf8), fileName: name, modificationTime: mtime, source: nil)
    }

    @Test(arguments: [
        ("storm-ninjs-1.json", "ninjs", "2026-11-24T15:15:00.250Z"),
        ("storm-ninjs-2.json", "ninjs", "2026-11-24T15:45:00Z"),
        ("storm-ninjs-3.json", "ninjs", "2026-11-24T15:15:30Z"),
        ("storm-nitf-latin1.xml", "nitf", "2026-11-24T15:15:00Z"),
        ("storm-newsml-g2.xml", "newsml-g2", "2026-11-24T15:15:00.500Z"),
        ("storm-newsml-g2-message.xml", "newsml-g2", "2026-11-24T18:00:00Z"),
        ("storm-anpa-1stld.anpa", "anpa", "2026-11-24T15:15:00Z"),
        ("storm-anpa.anpa", "anpa", "2026-07-04T13:30:00Z"),
    ])
    func detectsTheFormatFromContent(fixture: String, format: String, time: String) throws {
        // A misleading extension must not matter.
        let doc = try parse(fixture, as: "incoming.txt")
        #expect(doc.format == format)
        #expect(doc.time == FormatFixtures.date(time))
        #expect(doc.timeFromDocument)
        #expect(doc.source == "in")
        #expect(doc.headline.contains("Storm") || doc.headline.contains("storm"))
    }

    @Test func plainTextFallsBackToWindows1252AndKeepsTheFileTime() throws {
        let doc = try parse("plain-cp1252.txt")
        #expect(doc.format == "text")
        #expect(doc.headline == "Café owners “brace” for storm – again")
        #expect(doc.body == "Repairs cost €5,000… said Zoë.")
        #expect(doc.time == mtime)
        #expect(!doc.timeFromDocument)
        #expect(doc.identity == nil)
    }

    @Test func utf16PlainTextWithAByteOrderMark() throws {
        let doc = try parse("plain-utf16le-bom.txt")
        #expect(doc.format == "text")
        #expect(doc.headline == "Storm hits Zürich 🌊")
        #expect(doc.body == "Rivers rose overnight.")
    }

    @Test func textThatOnlyLooksLikeMarkupStaysText() throws {
        #expect(try parse(text: "[Corrected] Storm hits coast\n\nBody.").headline == "[Corrected] Storm hits coast")
        #expect(try parse(text: "<<Urgent>> Storm hits coast\n\nBody.").headline == "<<Urgent>> Storm hits coast")
        #expect(try parse(text: "42 homes flooded\n").format == "text")
    }

    @Test func unsupportedStructuredContentIsRejectedWithTheReason() {
        #expect(throws: SyncError.unparsable("unsupported XML document: root element <rss> at line 2 (expected nitf, newsItem or newsMessage)")) {
            try parse(text: "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>")
        }
        #expect(throws: SyncError.unparsable("JSON top-level value is an array, not an object; ninjs items are objects")) {
            try parse(text: "[{\"uri\": \"u\"}]")
        }
        #expect(throws: SyncError.unparsable("JSON top-level value is an array, not an object; ninjs items are objects")) {
            try parse(text: "  [\"a\"]", name: "feed.JSON")
        }
    }

    @Test func hostileXMLThrowsQuicklyThroughDetection() throws {
        let bomb = try FormatFixtures.bytes("hostile/billion-laughs.xml")
        let xxe = try FormatFixtures.bytes("hostile/xxe.xml")
        let deep = Array((String(repeating: "<nitf>", count: 100_000) + String(repeating: "</nitf>", count: 100_000)).utf8)
        let elapsed = ContinuousClock().measure {
            #expect(throws: SyncError.unparsable("XML: entity declarations are not allowed (DOCTYPE at line 2)")) {
                try parser.parse(bomb, fileName: "bomb.xml", modificationTime: mtime, source: nil)
            }
            #expect(throws: SyncError.unparsable("XML: entity declarations are not allowed (DOCTYPE at line 2)")) {
                try parser.parse(xxe, fileName: "xxe.xml", modificationTime: mtime, source: nil)
            }
            #expect(throws: SyncError.unparsable("XML: elements nested deeper than 256 levels at line 1, column 1537")) {
                try parser.parse(deep, fileName: "deep.xml", modificationTime: mtime, source: nil)
            }
        }
        #expect(elapsed < .seconds(2))
    }

    @Test func binaryIsStillRejected() {
        #expect(throws: SyncError.unparsable("binary content: control byte 0x00 at byte offset 2")) {
            try parser.parse([0x50, 0x4B, 0x00, 0x03], fileName: "a.zip", modificationTime: mtime, source: nil)
        }
    }

    @Test func fuzzRegressionsParseOrThrow() throws {
        let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/formats/fuzz-regressions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names.sorted() where !name.hasSuffix(".md") {
            let bytes = Array(try Data(contentsOf: base.appendingPathComponent(name)))
            // Either outcome is fine; crashing or hanging is not.
            _ = try? parser.parse(bytes, fileName: name, modificationTime: mtime, source: nil)
        }
    }
}

/// Plain text that merely starts with `<` stays plain text.
struct DocumentParserTickerTests {
    @Test func aHeadlineOpeningWithATickerIsPlainText() throws {
        let text = "<NORANDA INC> SAYS FIRE CAUSED DAMAGE\n\n<Noranda Inc> said a copper mine fire caused damage.\n"
        let doc = try DocumentParser().parse(Array(text.utf8), fileName: "r1.txt", modificationTime: Date(timeIntervalSince1970: 0), source: nil)
        #expect(doc.format == "text")
        #expect(doc.headline == "<NORANDA INC> SAYS FIRE CAUSED DAMAGE")
        let xmlWithoutDeclaration = "<nitf><body><body.head><hedline><hl1>Head</hl1></hedline></body.head><body.content><p>Text.</p></body.content></body></nitf>\n"
        let nitf = try DocumentParser().parse(Array(xmlWithoutDeclaration.utf8), fileName: "x", modificationTime: Date(timeIntervalSince1970: 0), source: nil)
        #expect(nitf.format == "nitf")
        // Ending with a ticker too (Reuters' quote line) does not make it XML.
        let quotes = "<NORANDA INC> SAYS THIRD-QUARTER PROFIT ROSE 12 PCT\n\n<Noranda Inc> said profit rose.\n"
            + "For related price quotes, double click on: <NOR.TO> <CU-LON> <ZNC-LON>\n"
        let quoted = try DocumentParser().parse(Array(quotes.utf8), fileName: "r2.txt", modificationTime: Date(timeIntervalSince1970: 0), source: nil)
        #expect(quoted.format == "text")
        #expect(quoted.headline == "<NORANDA INC> SAYS THIRD-QUARTER PROFIT ROSE 12 PCT")
        // A root closed with space before its `>`, or one element alone, is still XML.
        let spaced = "<newsItem guid=\"g\"><contentMeta><headline>H</headline></contentMeta></newsItem >\n"
        #expect(try DocumentParser().parse(Array(spaced.utf8), fileName: "x", modificationTime: Date(timeIntervalSince1970: 0), source: nil).format == "newsml-g2")
        #expect(throws: SyncError.self) {
            try DocumentParser().parse(Array("<newsItem guid='g'/>".utf8), fileName: "x", modificationTime: Date(timeIntervalSince1970: 0), source: nil)
        }
    }
}
