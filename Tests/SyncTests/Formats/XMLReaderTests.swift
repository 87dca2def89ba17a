import Foundation
import Testing
@testable import Sync

@Suite("XML reader")
struct XMLReaderTests {
    let reader = XMLReader()

    @Test func elementsAttributesTextCDATACommentsAndReferences() throws {
        let root = try reader.parse(text: """
            <?xml version="1.0"?>
            <!-- leading comment -->
            <story id='s1' lang="fr">
              <?render fast?>
              <headline>Caf&#233; &amp; cr&#xE8;me &lt;b&gt; &quot;x&quot; &apos;y&apos;</headline>
              <p><![CDATA[raw <b>& bold</b>]]> tail</p>
              <empty a="1 &amp; 2"/>
            </story>
            """)
        #expect(root.name == "story")
        #expect(root.attribute("id") == "s1")
        #expect(root.attribute("lang") == "fr")
        #expect(root.child("headline")?.text == "Café & crème <b> \"x\" 'y'")
        #expect(root.child("p")?.text == "raw <b>& bold</b> tail")
        #expect(root.child("empty")?.attribute("a") == "1 & 2")
        #expect(root.child("empty")?.content.isEmpty == true)
        #expect(root.elements.map(\.name) == ["headline", "p", "empty"])
        #expect(root.child("p")?.line == 6)
    }

    /// References to 0x80–0x9F are Windows-1252 punctuation, as HTML5 reads them (and as the
    /// HTML path does), never C1 controls; the five undefined ones stay as they are.
    @Test func c1CharacterReferencesAreReadAsWindows1252() throws {
        let root = try reader.parse(text: """
            <p t="&#147;x&#148;">It&#146;s &#147;late&#148; &#150; very &#151; &#128;5&#133; &#x92;&#x93;&#x9F;&#130;&#159;\
            &#129;&#141;&#143;&#144;&#157;&#127;&#160;</p>
            """)
        #expect(root.text == "It\u{2019}s \u{201C}late\u{201D} \u{2013} very \u{2014} \u{20AC}5\u{2026} \u{2019}\u{201C}\u{0178}\u{201A}\u{0178}"
            + "\u{81}\u{8D}\u{8F}\u{90}\u{9D}\u{7F}\u{A0}")
        #expect(root.attribute("t") == "\u{201C}x\u{201D}")
        for value in 0x80...0x9F {  // one table for the XML and the HTML paths
            #expect(try reader.parse(text: "<a>&#\(value);</a>").text == HTMLText.decodeEntity("#\(value)"))
        }
    }

    @Test func namespacesMatchByLocalNameAndResolveURIs() throws {
        let root = try reader.parse(text: """
            <newsItem xmlns="urn:nar" xmlns:x="http://www.w3.org/1999/xhtml" guid="g">
              <x:html><x:body><x:p x:class="lead" xml:lang="en">Hi</x:p></x:body></x:html>
              <inner xmlns=""><plain/></inner>
            </newsItem>
            """)
        #expect(root.namespace == "urn:nar")
        let p = try #require(root.firstDescendant("p"))
        #expect(p.name == "x:p")
        #expect(p.prefix == "x")
        #expect(p.localName == "p")
        #expect(p.namespace == "http://www.w3.org/1999/xhtml")
        #expect(p.attribute("class") == "lead")
        #expect(p.attribute("lang") == "en")
        #expect(root.path("inner", "plain")?.namespace == nil)
        #expect(root.path("html", "body", "p")?.text == "Hi")
    }

    @Test func lineEndsAndAttributeWhitespaceAreNormalized() throws {
        let root = try reader.parse(text: "<a t=\"x\r\ny\tz\">one\r\ntwo\rthree</a>")
        #expect(root.text == "one\ntwo\nthree")
        #expect(root.attribute("t") == "x y z")
    }

    @Test func doctypeWithoutEntitiesIsSkipped() throws {
        let root = try reader.parse(text: """
            <!DOCTYPE nitf PUBLIC "-//IPTC//DTD NITF 3.6//EN" "nitf-3-6.dtd" [
              <!ELEMENT nitf ANY> <!-- a comment with <!ENTITY inside is fine -->
              <!ATTLIST nitf version CDATA "x>y">
            ]>
            <nitf>ok</nitf>
            """)
        #expect(root.text == "ok")
    }

    @Test func billionLaughsIsRejectedQuickly() throws {
        let bytes = try FormatFixtures.bytes("hostile/billion-laughs.xml")
        let elapsed = ContinuousClock().measure {
            #expect(throws: SyncError.unparsable("XML: entity declarations are not allowed (DOCTYPE at line 2)")) {
                try reader.parse(bytes)
            }
        }
        #expect(elapsed < .seconds(1))
    }

    @Test func externalEntityIsRejectedWithoutFetching() throws {
        #expect(throws: SyncError.unparsable("XML: entity declarations are not allowed (DOCTYPE at line 2)")) {
            try reader.parse(FormatFixtures.bytes("hostile/xxe.xml"))
        }
        #expect(throws: SyncError.unparsable(
            "XML: undefined entity &evil; (only &amp; &lt; &gt; &quot; &apos; and numeric references are allowed) at line 3, column 38")) {
            try reader.parse(FormatFixtures.bytes("hostile/external-dtd-entity.xml"))
        }
    }

    @Test func deepNestingIsRejectedQuickly() {
        let depth = 100_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let elapsed = ContinuousClock().measure {
            #expect(throws: SyncError.unparsable("XML: elements nested deeper than 256 levels at line 1, column 769")) {
                try reader.parse(text: text)
            }
        }
        #expect(elapsed < .seconds(1))
        #expect(throws: Never.self) { try reader.parse(text: String(repeating: "<a>", count: 256) + String(repeating: "</a>", count: 256)) }
    }

    @Test func elementCountIsCapped() {
        let small = XMLReader(maxDepth: 256, maxElements: 10)
        #expect(throws: SyncError.unparsable("XML: more than 10 elements at line 1, column 40")) {
            try small.parse(text: "<r>" + String(repeating: "<e/>", count: 20) + "</r>")
        }
    }

    @Test(arguments: [
        ("<a><b></a>", "XML: end tag </a> does not match <b> opened at line 1 at line 1, column 7"),
        ("<a>\n<b>", "XML: unexpected end of document: <b> opened at line 2 is not closed at line 2, column 4"),
        ("<a/>text", "XML: text after the root element at line 1, column 5"),
        ("<a/><b/>", "XML: second root element <b> after the document's root element at line 1, column 5"),
        ("<a x=\"1\" x=\"2\"/>", "XML: duplicate attribute x at line 1, column 10"),
        ("<a>fish & chips</a>", "XML: '&' not starting an entity or character reference (escape it as &amp;) at line 1, column 9"),
        ("<a x=\"<\"/>", "XML: '<' in attribute value at line 1, column 7"),
        ("<a>&#0;</a>", "XML: character reference to U+0, which is not an XML character at line 1, column 4"),
        ("<a>&nbsp;</a>", "XML: undefined entity &nbsp; (only &amp; &lt; &gt; &quot; &apos; and numeric references are allowed) at line 1, column 4"),
        ("<a><!-- open", "XML: unterminated comment at line 1, column 4"),
        ("<a><![CDATA[x</a>", "XML: unterminated CDATA section at line 1, column 4"),
        ("", "XML: no root element at line 1, column 1"),
        ("  <a x=1/>", "XML: expected a quoted value for attribute x at line 1, column 8"),
        ("<a>\u{1}</a>", "XML: control character 0x01 in text at line 1, column 4"),
        ("<a/><?xml version=\"1.0\"?>", "XML: XML declaration is only allowed before all other markup at line 1, column 5"),
    ])
    func malformedDocumentsNameTheirPosition(input: String, message: String) {
        #expect(throws: SyncError.unparsable(message)) { try reader.parse(text: input) }
    }

    @Test func leadingWhiteSpaceAndAByteOrderMarkAreTolerated() throws {
        #expect(try reader.parse(text: "\u{FEFF}\n\n  <?xml version=\"1.0\"?>\n<a>ok</a>\n").text == "ok")
        #expect(try reader.parse(Array("\r\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8) + [0xE9] + Array("</a>".utf8)).text == "é")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(throws: SyncError.unparsable("XML: '&' not starting an entity or character reference (escape it as &amp;) at line 2, column 5")) {
            try reader.parse(text: "<a>\nééé & x</a>")
        }
    }
}
