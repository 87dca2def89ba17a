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

    /// A message carrying a story's text with its picture and video (and the package tying them
    /// together) is read for its text item, whether the items are classed or not.
    @Test func aMessageWithPicturesIsReadForItsTextItem() throws {
        let classed = try parse(xml: """
            <newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
            <packageItem guid="urn:pkg:1"><groupSet root="G1"><group id="G1"/></groupSet></packageItem>
            <newsItem guid="urn:pic:1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
              <contentMeta><headline>Flooded street in Portland</headline></contentMeta>
              <contentSet><remoteContent href="https://example.com/pic1.jpg"/></contentSet></newsItem>
            <newsItem guid="urn:text:1" version="2"><itemMeta><itemClass qcode="ninat:text"/>
              <versionCreated>2026-11-24T15:15:00Z</versionCreated></itemMeta>
              <contentMeta><headline>Storm hits coast</headline><urgency>2</urgency></contentMeta>
              <contentSet><inlineData contenttype="text/plain">A storm hit the coast.</inlineData></contentSet></newsItem>
            <newsItem guid="urn:video:1"><itemMeta><itemClass qcode="ninat:video"/></itemMeta>
              <contentSet><remoteContent href="https://example.com/v.mp4"/></contentSet></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(classed.identity == "g2:urn:text:1")
        #expect(classed.formatVersion == 2)
        #expect(classed.headline == "Storm hits coast")
        #expect(classed.body == "A storm hit the coast.")
        #expect(classed.urgency == 2)
        #expect(classed.time == FormatFixtures.date("2026-11-24T15:15:00Z"))
        let unclassed = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="p"><contentSet><remoteContent href="p.jpg"/></contentSet></newsItem>
            <newsItem guid="t"><contentMeta><headline>H</headline></contentMeta>
              <contentSet><inlineXML><p>Text</p></inlineXML></contentSet></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(unclassed.identity == "g2:t")
        #expect(unclassed.body == "Text")
        // Classes given as URIs; a graphic's SVG is inline markup, but not text.
        let byURI = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="g"><itemMeta><itemClass uri="http://cv.iptc.org/newscodes/ninature/graphic"/></itemMeta>
              <contentSet><inlineXML><svg><text>Chart</text></svg></inlineXML></contentSet></newsItem>
            <newsItem guid="t"><itemMeta><itemClass uri="http://cv.iptc.org/newscodes/ninature/text/"/></itemMeta>
              <contentMeta><headline>H</headline></contentMeta>
              <contentSet><inlineData>Text</inlineData></contentSet></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(byURI.identity == "g2:t")
        // A withdrawal of an unclassed text item, sent with its picture.
        let withdrawal = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="t"><itemMeta><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>
            <newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
              <contentSet><remoteContent href="p.jpg"/></contentSet></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(withdrawal.identity == "g2:t" && withdrawal.withdrawn)
        // A story killed with its picture: every item cancelled, the text's kill is read.
        let killedWithPicture = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="t"><itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>
            <newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(killedWithPicture.identity == "g2:t" && killedWithPicture.withdrawn)
        // A write-through that withdraws a wrong picture: the text is read, and stands.
        let pictureWithdrawn = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="t" version="2"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
              <contentMeta><headline>Storm hits coast</headline></contentMeta>
              <contentSet><inlineData>Updated text.</inlineData></contentSet></newsItem>
            <newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(pictureWithdrawn.identity == "g2:t" && !pictureWithdrawn.withdrawn && pictureWithdrawn.body == "Updated text.")
        // An unclassed flash (a headline, no content) beside a withdrawn picture is the message's text.
        let flash = try parse(xml: """
            <newsMessage><itemSet>
            <newsItem guid="f"><contentMeta><headline>STORM HITS COAST</headline></contentMeta></newsItem>
            <newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>
            </itemSet></newsMessage>
            """)
        #expect(flash.identity == "g2:f" && !flash.withdrawn && flash.headline == "STORM HITS COAST")
    }

    /// A picture, alone or as a message's only item, is not a story: it is refused with its
    /// class, unless it withdraws an item.
    @Test func aPictureIsNoStory() throws {
        let picture = "<itemMeta><itemClass qcode='ninat:picture'/></itemMeta><contentMeta><headline>Flooded street</headline></contentMeta>"
            + "<contentSet><remoteContent href='p.jpg'/></contentSet>"
        #expect(throws: SyncError.unparsable("NewsML-G2: newsItem is of class picture, not text; only text items are read (line 1)")) {
            try parse(xml: "<newsItem guid='p'>\(picture)</newsItem>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: newsMessage carries 1 newsItem elements in itemSet (0 of them text); exactly one text item is supported")) {
            try parse(xml: "<newsMessage><itemSet><newsItem guid='p'>\(picture)</newsItem></itemSet></newsMessage>")
        }
        let killed = try parse(xml: "<newsItem guid='p'><itemMeta><itemClass qcode='ninat:picture'/><pubStatus qcode='stat:canceled'/></itemMeta></newsItem>")
        #expect(killed.withdrawn && killed.identity == "g2:p")
    }

    /// Without a contentMeta headline, inline XHTML's title or first h1 is the headline.
    @Test func anXHTMLTitleOrHeadingIsTheHeadlineWithoutContentMeta() throws {
        let titled = try parse(xml: """
            <newsItem guid="d1"><contentSet><inlineXML><html><head><title>Schnee legt Flughafen lahm</title></head>
            <body><h1>Schnee legt Flughafen lahm</h1><p>Der Flughafen blieb am Montag geschlossen.</p></body></html></inlineXML></contentSet></newsItem>
            """)
        #expect(titled.headline == "Schnee legt Flughafen lahm")
        #expect(titled.body == "Der Flughafen blieb am Montag geschlossen.")
        let heading = try parse(xml: """
            <newsItem guid="d2"><contentSet><inlineXML><html><body><h1>Schnee legt Flughafen lahm</h1>
            <p>Der Flughafen blieb geschlossen.</p></body></html></inlineXML></contentSet></newsItem>
            """)
        #expect(heading.headline == "Schnee legt Flughafen lahm")
        #expect(heading.body == "Der Flughafen blieb geschlossen.")
        let meta = try parse(xml: """
            <newsItem guid="d3"><contentMeta><headline>Airport shut</headline></contentMeta><contentSet><inlineXML><html><body>
            <h1>Schnee</h1><p>Text.</p></body></html></inlineXML></contentSet></newsItem>
            """)
        #expect(meta.headline == "Airport shut")
        #expect(meta.body == "Schnee\n\nText.")
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

    /// A newsItem version that is no whole number is no version; the story is still read.
    @Test(arguments: [("1.0", 1), ("4", 4), ("x", nil), ("v2", nil), ("", nil)] as [(String, Int?)])
    func versionThatIsNoWholeNumberIsIgnored(version: String, expected: Int?) throws {
        let doc = try parse(xml: """
            <newsItem guid="urn:a" version="\(version)"><contentMeta><headline>Storm hits coast</headline></contentMeta>
            <contentSet><inlineData>Text.</inlineData></contentSet></newsItem>
            """)
        #expect(doc.formatVersion == expected)
        #expect(doc.identity == "g2:urn:a")
        #expect(doc.headline == "Storm hits coast")
        #expect(doc.body == "Text.")
    }

    /// Without contentMeta/by, the inline NITF's byline is the byline (as its hl1 is the
    /// headline), its byttl set off with ", " as NITF's is; contentMeta/by wins when present.
    @Test func inlineNITFBylineStandsInForContentMetaBy() throws {
        func item(_ contentMeta: String) throws -> StoryDocument {
            try parse(xml: """
                <newsItem guid="urn:a"><contentMeta>\(contentMeta)</contentMeta><contentSet><inlineXML contenttype="application/nitf+xml">
                <nitf><body><body.head><hedline><hl1>Jobless claims fall</hl1></hedline>
                <byline>By <person>CHRISTOPHER RUGABER</person><byttl>AP Economics Writer</byttl></byline></body.head>
                <body.content><p>WASHINGTON (AP) - Fewer Americans applied for benefits.</p></body.content></body></nitf>
                </inlineXML></contentSet></newsItem>
                """)
        }
        let inline = try item("")
        #expect(inline.byline == "By CHRISTOPHER RUGABER, AP Economics Writer")
        #expect(inline.headline == "Jobless claims fall")
        #expect(inline.body == "WASHINGTON (AP) - Fewer Americans applied for benefits.")
        #expect(try item("<by> </by>").byline == "By CHRISTOPHER RUGABER, AP Economics Writer")
        #expect(try item("<by>By Paul Wiseman</by>").byline == "By Paul Wiseman")
    }

    /// Inline NITF whose body.content holds only HTML in CDATA is read as that HTML, as NITF is.
    @Test func inlineNITFWithCDATAHTMLBody() throws {
        let doc = try parse(xml: """
            <newsItem guid="urn:a"><contentMeta><headline>Ferries halted</headline></contentMeta>
            <contentSet><inlineXML><nitf><body><body.content><![CDATA[<p>Ferries &amp; bridges shut.</p><p>More.</p>]]></body.content></body></nitf></inlineXML></contentSet></newsItem>
            """)
        #expect(doc.body == "Ferries & bridges shut.\n\nMore.")
    }

    /// An empty or unreadable versionCreated is no reason to refuse the item: firstCreated is
    /// read instead, and without a time the file's stands.
    @Test func unreadableTimesFallBackToFirstCreatedThenTheFileTime() throws {
        func item(_ meta: String) throws -> StoryDocument {
            try parse(xml: "<newsItem guid='a'><itemMeta>\(meta)</itemMeta><contentMeta><headline>H</headline></contentMeta></newsItem>")
        }
        let first = try item("<versionCreated></versionCreated><firstCreated>2026-11-24T10:00:00Z</firstCreated>")
        #expect(first.time == FormatFixtures.date("2026-11-24T10:00:00Z"))
        #expect(first.timeFromDocument)
        let rfc = try item("<versionCreated>soon</versionCreated><firstCreated>Sun, 29 Nov 2026 14:00 +0100</firstCreated>")
        #expect(rfc.time == FormatFixtures.date("2026-11-29T13:00:00Z"))
        let none = try item("<versionCreated>soon</versionCreated>")
        #expect(none.time == mtime)
        #expect(!none.timeFromDocument)
        #expect(none.headline == "H")
    }

    @Test func errorsAreSpecific() {
        #expect(throws: SyncError.unparsable("NewsML-G2: newsMessage carries 2 newsItem elements in itemSet (0 of them text); exactly one text item is supported")) {
            try parse(xml: "<newsMessage><itemSet><newsItem guid='a'/><newsItem guid='b'/></itemSet></newsMessage>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: newsMessage carries 3 newsItem elements in itemSet (2 of them text); exactly one text item is supported")) {
            try parse(xml: """
                <newsMessage><itemSet>
                <newsItem guid='a'><itemMeta><itemClass qcode='ninat:text'/></itemMeta></newsItem>
                <newsItem guid='b'><contentSet><inlineData>B</inlineData></contentSet></newsItem>
                <newsItem guid='c'><itemMeta><itemClass qcode='ninat:picture'/></itemMeta></newsItem>
                </itemSet></newsMessage>
                """)
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: newsMessage carries 0 newsItem elements in itemSet (0 of them text); exactly one text item is supported")) {
            try parse(xml: "<newsMessage><itemSet><packageItem guid='p'/></itemSet></newsMessage>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: root element is <packageItem>, expected <newsItem> or <newsMessage>")) {
            try parse(xml: "<packageItem/>")
        }
        #expect(throws: SyncError.unparsable("NewsML-G2: no contentMeta/headline and no inlineXML or inlineData body")) {
            try parse(xml: "<newsItem guid='a'/>")
        }
    }
}
