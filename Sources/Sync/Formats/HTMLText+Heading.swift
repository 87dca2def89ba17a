extension HTMLText {
    /// The text of the first `h1` of an HTML fragment given as text (ninjs `body_html`), white
    /// space folded; nil when there is none or it holds no text.
    ///
    /// Lenient like ``paragraphs(html:)``: an `h1` that is never closed runs to the end.
    static func firstHeading(html: String) -> String? {
        let bytes = Array(html.utf8)
        let n = bytes.count
        func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b }
        func isTag(_ name: [UInt8], at i: Int) -> Bool {
            guard i + name.count < n else { return false }
            for k in 0..<name.count where lower(bytes[i + k]) != name[k] { return false }
            let after = bytes[i + name.count]
            return after == 0x3E || after == 0x2F || after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D
        }
        let open = Array("<h1".utf8), close = Array("</h1".utf8)
        var i = 0
        while i < n, !isTag(open, at: i) { i += 1 }
        guard i < n else { return nil }
        // The start tag's end, past quoted attribute values.
        var quote: UInt8 = 0
        while i < n {
            let b = bytes[i]
            if quote != 0 { if b == quote { quote = 0 } } else if b == 0x22 || b == 0x27 { quote = b } else if b == 0x3E { break }
            i += 1
        }
        guard i < n, bytes[i - 1] != 0x2F else { return nil }
        let start = i + 1
        var end = start
        while end < n, !isTag(close, at: end) { end += 1 }
        let text = paragraphs(html: String(decoding: bytes[start..<min(end, n)], as: UTF8.self)).joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
