extension HTMLText {
    /// Whether `text` is an HTML fragment rather than text that happens to hold a `<`: it opens
    /// on `<` after white space and holds a tag of a block element (``blocks``: `p`, `div`,
    /// `br`, `h1`, …) or an end tag (`</b>`), so wire copy opening on a ticker
    /// (`<NORANDA INC> SAYS`) or a flag (`<<Urgent>>`) is not.
    static func looksLikeMarkup(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count, bytes[i] == 0x3C else { return false }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x3A
        }
        while i < bytes.count {
            if bytes[i] == 0x3C {
                let closing = i + 1 < bytes.count && bytes[i + 1] == 0x2F
                let start = closing ? i + 2 : i + 1
                var end = start
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                if end > start, end < bytes.count, bytes[start] > 0x40, [0x3E, 0x2F, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) {
                    if closing, bytes[end] == 0x3E { return true }
                    var name = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                    if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
                    if blocks.contains(name) { return true }
                }
                i = max(end, i + 1)
            } else {
                i += 1
            }
        }
        return false
    }
}
