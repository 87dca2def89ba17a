import Foundation
import Testing
@testable import Sync

@Suite("NITF parser")
struct NITFParserTests {
    let parser = NITFParser()
    let mtime = FormatFixtures.modificationTime

    func parse(xml: String) throws -> StoryDocument {
        try parser.parse(Array(xml.utf8), modificationTime: mtime, source: nil)
    }

    @Test func latin1DocumentWithCRLFCDATANestedBlocksAndReferences() throws {
        let bytes = try FormatFixtures.bytes("storm-nitf-latin1.xml")
        #expect(bytes.contains(0xE9))  // the fixture really is Latin-1 (é is one byte)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let doc = try parser.parse(bytes, modificationTime: mtime, source: "cp")
        #expect(doc.format == "nitf")
        #expect(doc.identity == "nitf:storm-coast-qc-20261124")
        #expect(doc.relatedIdentities == ["nitf:storm-warning-qc-20261123", "nitf:storm-coast-qc"])
        #expect(doc.formatVersion == 2)
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:15:00Z"))
        #expect(doc.timeFromDocument)
        #expect(doc.withdrawn == false)
        #expect(doc.urgency == 2)
        #expect(doc.headline == "Storm hits coast near Québec & Montréal")
        #expect(doc.byline == "By François Lefèvre, Staff Writer")
        #expect(doc.dateline == "QUÉBEC CITY, Nov. 24")
        #expect(doc.body == """
            A powerful storm hit the coast of Québec on Tuesday, said Hélène Côté of the provincial agency.

            Winds reached 120 km/h near Sept-Îles, officials said.

            Residents were told to "stay indoors" & avoid <flooded> roads.

            Cleanup begins

            Mayor Zoë Brûlé — speaking in Gaspé — praised the crews’ work.
            """)
        #expect(doc.source == "cp")
    }

    @Test func canceledDocumentFallsBackToDuKey() throws {
        let doc = try parser.parse(FormatFixtures.bytes("storm-nitf-canceled.xml"), modificationTime: mtime, source: nil)
        #expect(doc.identity == "nitf:storm-coast-qc")
        #expect(doc.formatVersion == 3)
        #expect(doc.withdrawn)
        #expect(doc.headline == "KILL: Storm hits coast near Québec")
        #expect(doc.body == "")
        #expect(doc.time == FormatFixtures.date("2026-11-24T12:00:00Z"))
    }

    @Test func missingOptionalFieldsUseFallbacks() throws {
        let doc = try parse(xml: "<nitf><head><title>Title only</title></head><body><body.content><p>Text.</p></body.content></body></nitf>")
        #expect(doc.headline == "Title only")
        #expect(doc.body == "Text.")
        #expect(doc.identity == nil)
        #expect(doc.relatedIdentities.isEmpty)
        #expect(doc.time == mtime)
        #expect(!doc.timeFromDocument)
        #expect(doc.byline == nil)
        #expect(doc.dateline == nil)
        #expect(doc.urgency == nil)
        #expect(doc.formatVersion == nil)
    }

    @Test(arguments: [("20261124T101500Z", "2026-11-24T10:15:00Z"), ("20261124T101500+0100", "2026-11-24T09:15:00Z"),
                      ("2026-11-24T10:15:00-05:00", "2026-11-24T15:15:00Z"),
                      ("Tue, 24 Nov 2026 10:15:00 EST", "2026-11-24T15:15:00Z")])
    func issueDateForms(norm: String, expected: String) throws {
        let doc = try parse(xml: "<nitf><head><docdata><date.issue norm=\"\(norm)\"/></docdata></head><body><body.content><p>x</p></body.content></body></nitf>")
        #expect(doc.time == FormatFixtures.date(expected))
    }

    /// A du-key version that is no whole number is no version; the story is still read
    /// (ninjs ignores such a `version` the same way).
    @Test(arguments: [("1.0", 1), ("2", 2), (" 3 ", 3), ("v2", nil), ("1.5", nil), ("", nil),
                      ("99999999999999999999", nil)] as [(String, Int?)])
    func duKeyVersionThatIsNoWholeNumberIsIgnored(version: String, expected: Int?) throws {
        let doc = try parse(xml: """
            <nitf><head><docdata><du-key key="storm" version="\(version)" generation="1"/></docdata></head>
            <body><body.head><hedline><hl1>Storm hits coast</hl1></hedline></body.head>
            <body.content><p>Text.</p></body.content></body></nitf>
            """)
        #expect(doc.formatVersion == expected)
        #expect(doc.identity == "nitf:storm")
        #expect(doc.headline == "Storm hits coast")
        #expect(doc.body == "Text.")
    }

    /// An empty or unreadable date is no reason to refuse the story: the release date is read
    /// instead, and without a time the file's stands.
    @Test func unreadableDatesFallBackToTheReleaseDateThenTheFileTime() throws {
        let release = try parse(xml: """
            <nitf><head><docdata><date.issue norm="Tuesday"/><date.release norm="20261124T101500Z"/></docdata></head>
            <body><body.content><p>x</p></body.content></body></nitf>
            """)
        #expect(release.time == FormatFixtures.date("2026-11-24T10:15:00Z"))
        #expect(release.timeFromDocument)
        let none = try parse(xml: """
            <nitf><head><docdata><date.issue norm=""/></docdata></head><body><body.content><p>x</p></body.content></body></nitf>
            """)
        #expect(none.time == mtime)
        #expect(!none.timeFromDocument)
        #expect(none.body == "x")
    }

    /// The writer's title (`byttl`) is set off with ", ", as ANPA copy joins a byline and its
    /// title line, and a comma already written is not doubled.
    @Test func bylineTitleIsSetOffWithAComma() throws {
        func byline(_ xml: String) throws -> String? {
            try parse(xml: "<nitf><body><body.head><hedline><hl1>H</hl1></hedline>\(xml)</body.head></body></nitf>").byline
        }
        #expect(try byline("<byline>By <person>CHRISTOPHER RUGABER</person><byttl>AP Economics Writer</byttl></byline>")
            == "By CHRISTOPHER RUGABER, AP Economics Writer")
        #expect(try byline("<byline>By <person>Jane Doe</person>, <byttl>Staff Writer</byttl></byline>") == "By Jane Doe, Staff Writer")
        #expect(try byline("<byline>\n  By Jane Doe\n</byline>") == "By Jane Doe")
        #expect(try byline("<byline><byttl> </byttl></byline>") == nil)
    }

    /// A body.content holding only HTML in CDATA is read as the HTML it holds (as a ninjs
    /// body_html is), not stored as tags; text that merely opens on `<` stays text.
    @Test func cdataHTMLBodyIsReadAsHTML() throws {
        let doc = try parse(xml: """
            <nitf><body><body.head><hedline><hl1>Ferries halted</hl1></hedline></body.head>
            <body.content>
              <![CDATA[<p>Ferries &amp; bridges shut on <b>Tuesday</b>.</p>
            <p>Crews&nbsp;worked &#8220;all night&#8221;.</p><script>x()</script>]]>
            </body.content></body></nitf>
            """)
        #expect(doc.body == "Ferries & bridges shut on Tuesday.\n\nCrews worked \u{201C}all night\u{201D}.")
        let ticker = try parse(xml: "<nitf><body><body.content><![CDATA[<NORANDA INC> SAYS Q3 PROFIT ROSE]]></body.content></body></nitf>")
        #expect(ticker.body == "<NORANDA INC> SAYS Q3 PROFIT ROSE")
        let mixed = try parse(xml: "<nitf><body><body.content><p>One</p><![CDATA[<p>Two</p>]]></body.content></body></nitf>")
        #expect(mixed.body == "One\n\n<p>Two</p>")
    }

    @Test func errorsNameTheField() {
        #expect(throws: SyncError.unparsable("NITF: no headline (body.head/hedline/hl1 or head/title) and no body.content paragraphs")) {
            try parse(xml: "<nitf><head/><body/></nitf>")
        }
        #expect(throws: SyncError.unparsable("NITF: root element is <rss>, expected <nitf>")) {
            try parse(xml: "<rss/>")
        }
    }
}
