extension NITFParser {
    /// The paragraphs of a NITF `body.content` (or NewsML-G2's inline NITF one).
    ///
    /// Its `p`, `block` and other elements go through ``HTMLText/paragraphs(of:)``. A
    /// `body.content` whose only content is text that is HTML markup — a CDATA section holding
    /// `<p>…</p>`, as some feeds send — is read as the HTML it holds, through
    /// ``HTMLText/paragraphs(html:)`` as a ninjs `body_html` is, rather than kept as tags:
    /// the text must open on `<` (after white space) and hold a block tag (`p`, `div`, `br`, …).
    /// The XML reader merges CDATA into the text, so markup written escaped (`&lt;p&gt;`) reads
    /// the same way.
    static func bodyParagraphs(_ content: WireXMLElement) -> [String] {
        if content.elements.isEmpty {
            let text = content.text
            if HTMLText.looksLikeMarkup(text) { return HTMLText.paragraphs(html: text) }
        }
        return HTMLText.paragraphs(of: content)
    }
}
