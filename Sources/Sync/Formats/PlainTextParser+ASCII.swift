extension PlainTextParser {
    /// The headline and body of all-ASCII text, byte by byte; nil when any byte is not ASCII.
    ///
    /// Gives exactly what the Character-level path in ``document(from:time:source:)`` gives
    /// (same line breaks, trimming, indentation and paragraph rules) at a fraction of the cost;
    /// `PlainTextParserTests` compares the two on the corpus and on random text.
    static func asciiHeadlineAndBody(_ text: String) -> (headline: String, body: String)? {
        var text = text
        return text.withUTF8 { bytes -> (String, String)? in
            var any: UInt8 = 0
            for byte in bytes { any |= byte }
            guard any < 0x80 else { return nil }
            var headline: Range<Int>? = nil
            var body: [UInt8] = []
            body.reserveCapacity(bytes.count)
            /// Whether the paragraph being built has a line yet.
            var open = false
            var start = 0
            while start <= bytes.count {
                // One line: [start, end), then its separator (LF, CRLF or a lone CR).
                var end = start
                while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                var next = end + 1
                if end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A { next += 1 }

                var first = start, last = end
                while first < last && isASCIISpace(bytes[first]) { first += 1 }
                while last > first && isASCIISpace(bytes[last - 1]) { last -= 1 }
                if headline == nil {
                    if first < last { headline = first..<last }
                } else if first == last {
                    open = false
                } else {
                    var indent = 0
                    for i in start..<end {
                        if bytes[i] == 0x20 { indent += 1 } else if bytes[i] == 0x09 { indent += 4 } else { break }
                    }
                    if open {
                        if indent >= 3 { body.append(0x0A) }
                        body.append(0x0A)
                    } else if !body.isEmpty {
                        body.append(0x0A)
                        body.append(0x0A)
                    }
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[first..<last]))
                    open = true
                }
                start = next
            }
            guard let headline else { return ("", "") }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[headline]), as: UTF8.self),
                    String(decoding: body, as: UTF8.self))
        }
    }

    /// White space as `Character.isWhitespace` sees it, for ASCII: tab, LF, VT, FF, CR, space.
    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
