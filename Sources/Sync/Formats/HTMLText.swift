import Foundation

/// Turns an HTML or XHTML fragment (ninjs `body_html`, G2 inline XHTML, NITF `body.content`)
/// into plain-text paragraphs.
///
/// Block elements (`p`, `div`, `h1`–`h6`, `li`, `blockquote`, `br`, `tr`, NITF `block` and
/// `hl2`, …) end a paragraph; other tags are dropped with their text kept; `script`, `style`,
/// `head` and NITF `media` are dropped with their content. Runs of white space, including
/// non-breaking spaces, fold to one space and each paragraph is trimmed; empty ones vanish.
/// The string form is lenient — it never fails on malformed markup, and an unknown entity
/// stays as written.
public enum HTMLText {
    /// Paragraphs of an HTML fragment given as text.
    public static func paragraphs(html: String) -> [String] {
        let bytes = Array(html.utf8)
        var builder = Builder()
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x3C {
                if let next = markupEnd(bytes, at: i, builder: &builder) {
                    i = next
                } else {
                    builder.append(byte: b)
                    i += 1
                }
            } else if b == 0x26 {
                var end = i + 1
                while end < n, end - i <= 32, isEntityByte(bytes[end]) { end += 1 }
                if end < n, bytes[end] == 0x3B, end > i + 1,
                   let decoded = decodeEntity(String(decoding: bytes[(i + 1)..<end], as: UTF8.self)) {
                    builder.append(decoded)
                    i = end + 1
                } else {
                    builder.append(byte: b)
                    i += 1
                }
            } else {
                builder.append(byte: b)
                i += 1
            }
        }
        return builder.finish()
    }

    /// Paragraphs of an element tree (entities are already decoded by ``XMLReader``).
    public static func paragraphs(of element: WireXMLElement) -> [String] {
        var builder = Builder()
        func walk(_ element: WireXMLElement) {
            for item in element.content {
                switch item {
                case .text(let text):
                    builder.append(text)
                case .element(let child):
                    let name = child.localName.lowercased()
                    if skipped.contains(name) { continue }
                    let block = blocks.contains(name)
                    if block { builder.breakParagraph() }
                    if cells.contains(name) { builder.append(byte: 0x20) }
                    walk(child)
                    if block { builder.breakParagraph() }
                }
            }
        }
        walk(element)
        return builder.finish()
    }

    /// `text` with every run of white space (including no-break spaces) folded to one space and
    /// the ends trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The text of a named (`eacute`) or numeric (`#233`, `#xE9`) HTML reference, without `&`
    /// and `;`; nil when unknown. Numeric references 0x80–0x9F are read as Windows-1252, as
    /// browsers do.
    public static func decodeEntity(_ name: String) -> String? {
        if name.hasPrefix("#") {
            var digits = name.dropFirst()
            var radix = 10
            if digits.first == "x" || digits.first == "X" { radix = 16; digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 8, let number = UInt32(digits, radix: radix) else { return nil }
            let value = TextDecoding.characterReference(number)
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return String(Character(scalar))
        }
        return named[name]
    }

    // MARK: Markup

    /// Handles markup starting at `<`; returns the offset after it, or nil when the `<` is text.
    private static func markupEnd(_ bytes: [UInt8], at i: Int, builder: inout Builder) -> Int? {
        let n = bytes.count
        guard i + 1 < n else { return nil }
        let next = bytes[i + 1]
        if next == 0x21 || next == 0x3F {
            if i + 3 < n, next == 0x21, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x2D {
                return find(Array("-->".utf8), in: bytes, from: i + 4) ?? n
            }
            return (firstIndex(of: 0x3E, in: bytes, from: i + 2) ?? n - 1) + 1
        }
        let closing = next == 0x2F
        var j = closing ? i + 2 : i + 1
        let nameStart = j
        guard j < n, isLetter(bytes[j]) else { return nil }
        while j < n, isLetter(bytes[j]) || (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x3A
                || bytes[j] == 0x2D || bytes[j] == 0x5F || bytes[j] == 0x2E { j += 1 }
        var name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
        if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
        // Find the tag's end, skipping quoted attribute values.
        var quote: UInt8 = 0
        while j < n {
            let b = bytes[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                break
            }
            j += 1
        }
        let selfClosing = j > 0 && j < n && bytes[j - 1] == 0x2F
        let after = min(j + 1, n)
        if !closing, !selfClosing, rawSkipped.contains(name) {
            let closer = Array("</\(name)".utf8)
            guard let close = findCaseInsensitive(closer, in: bytes, from: after) else { return n }
            return (firstIndex(of: 0x3E, in: bytes, from: close) ?? n - 1) + 1
        }
        if blocks.contains(name) { builder.breakParagraph() } else if cells.contains(name) { builder.append(byte: 0x20) }
        return after
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    private static func isEntityByte(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x23 }

    private static func firstIndex(of byte: UInt8, in bytes: [UInt8], from: Int) -> Int? {
        var k = from
        while k < bytes.count { if bytes[k] == byte { return k }; k += 1 }
        return nil
    }

    /// Offset just past `needle` at or after `from`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var k = from
        while k + needle.count <= bytes.count {
            if bytes[k] == needle[0], bytes[k..<(k + needle.count)].elementsEqual(needle) { return k + needle.count }
            k += 1
        }
        return nil
    }

    /// Offset of the end of `needle` (ASCII, lowercase) matched case-insensitively.
    private static func findCaseInsensitive(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var k = from
        while k + needle.count <= bytes.count {
            var match = true
            for m in 0..<needle.count {
                let b = bytes[k + m]
                let lower = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
                if lower != needle[m] { match = false; break }
            }
            if match { return k + needle.count }
            k += 1
        }
        return nil
    }

    // MARK: Element classes

    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "br",
        "tr", "table", "thead", "tbody", "tfoot", "caption", "section", "article", "header", "footer", "aside",
        "nav", "main", "figure", "figcaption", "pre", "hr", "address", "body", "html", "form", "fieldset",
        "details", "summary",
        // NITF
        "block", "hl1", "hl2", "bq", "nitf-table", "fn", "note",
    ]
    static let cells: Set<String> = ["td", "th"]
    /// Dropped with their content in the tree form.
    static let skipped: Set<String> = ["script", "style", "head", "title", "noscript", "template", "media",
                                       "media-reference", "media-metadata", "media-object"]
    /// Dropped with their content in the text form (their content is not markup).
    static let rawSkipped: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    // MARK: Named entities

    static let named: [String: String] = {
        var table: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
            "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
            "sbquo": "\u{201A}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}",
            "hellip": "\u{2026}", "bull": "\u{2022}", "trade": "\u{2122}", "euro": "\u{20AC}",
            "dagger": "\u{2020}", "Dagger": "\u{2021}", "permil": "\u{2030}", "lsaquo": "\u{2039}",
            "rsaquo": "\u{203A}", "prime": "\u{2032}", "Prime": "\u{2033}", "minus": "\u{2212}",
            "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
            "lrm": "\u{200E}", "rlm": "\u{200F}", "OElig": "\u{0152}", "oelig": "\u{0153}",
            "Scaron": "\u{0160}", "scaron": "\u{0161}", "Yuml": "\u{0178}", "fnof": "\u{0192}",
            "circ": "\u{02C6}", "tilde": "\u{02DC}", "larr": "\u{2190}", "rarr": "\u{2192}",
            "uarr": "\u{2191}", "darr": "\u{2193}", "frasl": "\u{2044}", "infin": "\u{221E}",
            "ne": "\u{2260}", "le": "\u{2264}", "ge": "\u{2265}", "asymp": "\u{2248}",
            "Zcaron": "\u{017D}", "zcaron": "\u{017E}",
        ]
        // U+00A0…U+00FF in code-point order (HTML 4 Latin-1 names).
        let latin1 = [
            "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
            "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
            "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
            "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
            "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc",
            "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
            "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute",
            "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc",
            "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
        ]
        for (offset, name) in latin1.enumerated() {
            table[name] = String(Character(Unicode.Scalar(UInt32(0xA0 + offset))!))
        }
        table["shy"] = ""
        return table
    }()

    /// Accumulates text and cuts it into paragraphs.
    private struct Builder {
        var current: [UInt8] = []
        var result: [String] = []

        mutating func append(byte: UInt8) { current.append(byte) }
        mutating func append(_ text: String) { current.append(contentsOf: text.utf8) }

        mutating func breakParagraph() {
            guard !current.isEmpty else { return }
            let paragraph = HTMLText.collapseWhitespace(String(decoding: current, as: UTF8.self))
            if !paragraph.isEmpty { result.append(paragraph) }
            current.removeAll(keepingCapacity: true)
        }

        mutating func finish() -> [String] {
            breakParagraph()
            return result
        }
    }
}
