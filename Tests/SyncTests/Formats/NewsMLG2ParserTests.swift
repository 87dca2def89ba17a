import Foundation
import Testing
@testable import Sync

@Suite("NewsML-G2 parser")
struct NewsMLG2ParserTests {
    let parser = NewsMLG2Parser()
    let mtime = FormatFixtures.modificationTime

    func parse(xml: String) throws -> StoryDocument {
        try parser.parse(Array(xml.utf8), modificationTime: mtime, source: nil)
    }

    @Test func newsItemWithDefaultNamespaceAndInlineXHTML() throws {
        let doc = try parser.parse(FormatFixtures.bytes("storm-newsml-g2.xml"), modificationTime: mtime, source: "nr")
        #expect(doc.format == "newsml-g2")
        #expect(doc.identity == "g2:urn:newsml:newsroom.example:20261124:storm-coast")
        #expect(doc.formatVersion == 3)
        #expect(doc.relatedIdentities == ["g2:urn:newsml:newsroom.example:20261124:storm-coast-v2"])
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:15:00.500Z"))
        #expect(doc.timeFromDocument)
        #expect(doc.withdrawn == false)
        #expect(doc.urgency == 3)
        #expect(doc.headline == "Storm hits coast, thousands without power")
        #expect(doc.dateline == "PORTLAND, Maine, Nov. 24")
        #expect(doc.byline == "By Jane Doe")
        #expect(doc.body == """
            PORTLAND, Maine — A powerful storm slammed into the coast on Tuesday.

            “We’ve never seen water this high,” said Renée Caron.

            Schools closed

            Ferries halted
            """)
    }

    @Test func newsMessageWithPrefixedNamesInlineNITFAndCancellation() throws {
        let doc = try parser.parse(FormatFixtures.bytes("storm-newsml-g2-message.xml"), modificationTime: mtime, source: nil)
        #expect(doc.identity == "g2:urn:newsml:newsroom.example:20261124:storm-coast")
        #expect(doc.formatVersion == 4)
        #expect(doc.withdrawn)
        #expect(doc.headline == "Storm story withdrawn")
        #expect(doc.body == "This story has been withdrawn.\n\nDo not use.")
        #expect(doc.time == FormatFixtures.date("2026-11-24T18:00:00Z"))
        #expect(doc.byline == nil)
    }

    @Test func inlineDataBodies() throws {
        let plain = try parse(xml: """
            <newsItem guid="g1"><contentMeta><headline>H</headline></contentMeta>
            <contentSet><inlineData contenttype="text/plain">One
            line two

            Para &amp; two</inlineData></contentSet></newsItem>
            """)
        #expect(plain.body == "One\nline two\n\nPara & two")
        #expect(plain.time == mtime)
        #expect(!plain.timeFromDocument)
        let html = try parse(xml: """
            <newsItem guid="g2"><contentMeta><headline>H</headline></contentMeta>
            <contentSet><inlineData contenttype="text/html"><![CDATA[<p>A&nbsp;b</p><p>C</p>]]></inlineData></contentSet></newsItem>
            """)
        #expect(html.body == "A b\n\nC")
    }

    @Test func killSignalWithdraws() throws {
        let doc = try parse(xml: """
            <newsItem guid="g"><itemMeta><pubStatus qcode="stat:usable"/><signal qcode="sig:kill"/></itemMeta>
            <contentMeta><headline>H</headline></contentMeta></newsItem>
            """)
        #expect(doc.withdrawn)
    }

    @Test func errorsAreSpecific() {
        #expect(throws: SyncError.unparsable("NewsML-G2: newsMessage carries 2 newsItem elements in itemSet; exactly one is supported")) {
            try parse(xml: "<newsMessage><itemSet><newsItem guid='a'/><newsItem guid='b'/></itemSet></newsMessage>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: root element is <packageItem>, expected <newsItem> or <newsMessage>")) {
            try parse(xml: "<packageItem/>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: newsItem version \"x\" is not an integer (line 1)")) {
            try parse(xml: "<newsItem guid='a' version='x'/>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: versionCreated \"soon\" is not an ISO 8601 time (line 2)")) {
            try parse(xml: "<newsItem guid='a'><itemMeta>\n<versionCreated>soon</versionCreated></itemMeta></newsItem>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: no contentMeta/headline and no inlineXML or inlineData body")) {
            try parse(xml: "<newsItem guid='a'/>")
        }
    }
}
