import Foundation
import Testing
@testable import Sync

@Suite("HTML to text")
struct HTMLTextTests {
    @Test func blockElementsBreakParagraphsAndInlineTagsVanish() {
        let html = """
            <h1>Storm</h1><p>First <b>bold</b> and <a href="x?a=1&amp;b=2">linked</a>
            text.</p><div>Second<br>Third<br/>Fourth</div><ul><li>One</li><li>Two</li></ul>
            <blockquote>Quote</blockquote><table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>
            """
        #expect(HTMLText.paragraphs(html: html) == [
            "Storm", "First bold and linked text.", "Second", "Third", "Fourth", "One", "Two", "Quote", "A B", "C",
        ])
    }

    @Test func entitiesAreDecoded() {
        let html = "<p>&ldquo;Caf&eacute;&rdquo; &mdash; &amp; &lt;tag&gt; &hellip; &euro;5 &#233;&#xE9; &#150; Zo&euml;&nbsp;&nbsp;x</p>"
        #expect(HTMLText.paragraphs(html: html) == ["“Café” — & <tag> … €5 éé – Zoë x"])
    }

    @Test func scriptStyleAndCommentsAreDropped() {
        let html = "<style>p { color: red }</style><p>Kept<!-- hidden <p>no</p> --></p><SCRIPT>var s = '<p>no</p>';</SCRIPT><p>Also</p>"
        #expect(HTMLText.paragraphs(html: html) == ["Kept", "Also"])
    }

    @Test func malformedMarkupIsReadLeniently() {
        #expect(HTMLText.paragraphs(html: "<p>a < b and c > d &unknown; & more<p>unclosed <i>italic") ==
            ["a < b and c > d &unknown; & more", "unclosed italic"])
        #expect(HTMLText.paragraphs(html: "<p>cut off <a href=\"x") == ["cut off"])
        #expect(HTMLText.paragraphs(html: "<script>never closed") == [])
        #expect(HTMLText.paragraphs(html: "") == [])
    }

    @Test func treeFormUsesTheSameBlockRules() throws {
        let root = try XMLReader().parse(text: """
            <body.content><p>One <em>two</em></p><block><p>Three</p><media><media-caption>No</media-caption></media></block>
            <hl2>Sub</hl2><x:p xmlns:x="urn:x">Four</x:p></body.content>
            """)
        #expect(HTMLText.paragraphs(of: root) == ["One two", "Three", "Sub", "Four"])
    }

    @Test func firstHeadingIsTheTextOfTheFirstH1() {
        #expect(HTMLText.firstHeading(html: "<p>Lead</p><H1 title='a>b'>Storm &amp; <i>flood</i></H1><h1>Second</h1>") == "Storm & flood")
        #expect(HTMLText.firstHeading(html: "<h10>No</h10><h1>\n Yes \n</h1>") == "Yes")
        #expect(HTMLText.firstHeading(html: "<h1>Open to the end") == "Open to the end")
        #expect(HTMLText.firstHeading(html: "<h2>Sub</h2><p>Text</p>") == nil)
        #expect(HTMLText.firstHeading(html: "<h1> </h1>") == nil)
        #expect(HTMLText.firstHeading(html: "<h1") == nil)
    }

    @Test(arguments: [("<p>Text</p>", true), ("\n  <div class='x'>Text", true), ("<b>bold</b><br/>", true),
                      ("<x:p>Text</x:p>", true), ("<NORANDA INC> SAYS", false), ("Text <p>late</p>", false),
                      ("<<Urgent>> storm", false), ("<b>bold only</b>", true), ("<A> & <B> merge", false), ("", false)])
    func looksLikeMarkup(text: String, expected: Bool) {
        #expect(HTMLText.looksLikeMarkup(text) == expected)
    }

    @Test func whitespaceCollapses() {
        #expect(HTMLText.collapseWhitespace("  a \n\t b\u{A0}\u{A0}c  ") == "a b c")
    }
}
