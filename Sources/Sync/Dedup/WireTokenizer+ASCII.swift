/// The tokenizer's fast path for plain ASCII wire copy: the same rules as the Unicode path,
/// applied byte by byte, with no per-character `String` work and each word's hash computed
/// while it is lowercased.
///
/// ASCII is its own NFKC form and folds by lowercasing, so the two paths give identical
/// tokens; `WireTokenizerTests` checks that on Reuters items and random text. Text containing a
/// carriage return takes the Unicode path (Swift treats `\r\n` as one character there).
extension WireTokenizer {
    /// The tokens of ASCII `headline` and `body`, or nil when either is not plain ASCII
    /// without carriage returns.
    static func asciiTokens(headline: String, body: String) -> [Token]? {
        var headline = headline, body = body
        return headline.withUTF8 { head in
            body.withUTF8 { body -> [Token]? in
                guard isPlainASCII(head), isPlainASCII(body) else { return nil }
                var out: [Token] = []
                out.reserveCapacity(body.count / 5 + 16)
                var buffer = [UInt8](repeating: 0, count: max(head.count, body.count))
                buffer.withUnsafeMutableBufferPointer { buffer in
                    let headLength = prepareASCII(head, into: buffer)
                    scanASCII(UnsafeBufferPointer(rebasing: buffer[..<headLength]), headline: true, into: &out)
                    var length = prepareASCII(body, into: buffer)
                    length = stripSignOffASCII(buffer, length: length)
                    scanASCII(UnsafeBufferPointer(rebasing: buffer[..<length]), headline: false, into: &out)
                }
                return out
            }
        }
    }

    /// True when every byte is ASCII and none is a carriage return.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var orAll: UInt8 = 0
        var sawCR = false
        for byte in bytes {
            orAll |= byte
            sawCR = sawCR || byte == 0x0D
        }
        return orAll < 0x80 && !sawCR
    }

    @inline(__always) static func isLetterByte(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigitByte(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isUpperByte(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { isLetterByte(b) || isDigitByte(b) }
    @inline(__always) static func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// ``prepare(_:)`` for ASCII: backquotes become apostrophes and a word hyphenated across a
    /// line break is joined. Writes into `out` (at least as long as `text`); returns the length.
    static func prepareASCII(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        let count = text.count
        while i < count {
            let b = text[i]
            if b == 0x60 {
                out[n] = 0x27
                n += 1
            } else if b == 0x2D && i > 0 && isLetterByte(text[i - 1]) {
                var j = i + 1
                var sawNewline = false
                while j < count, text[j] == 0x20 || text[j] == 0x09 || text[j] == 0x0D || text[j] == 0x0A {
                    if text[j] == 0x0A { sawNewline = true }
                    j += 1
                }
                if sawNewline, j < count, text[j] >= 0x61 && text[j] <= 0x7A {
                    i = j
                    continue
                }
                out[n] = b
                n += 1
            } else {
                out[n] = b
                n += 1
            }
            i += 1
        }
        return n
    }

    /// ``stripSignOff(_:)`` for ASCII, in place; returns the new length.
    static func stripSignOffASCII(_ text: UnsafeMutableBufferPointer<UInt8>, length: Int) -> Int {
        var end = length
        while end > 0 {
            var lineStart = end
            while lineStart > 0 && text[lineStart - 1] != 0x0A { lineStart -= 1 }
            var blank = true, digits = false
            var word: [UInt8] = []
            for k in lineStart..<end {
                let b = text[k]
                if !isSpaceByte(b) { blank = false }
                if isDigitByte(b) { digits = true }
                if isLetterByte(b) { word.append(b | 0x20) }
            }
            guard blank || (!digits && isAgency(word[...])) else { break }
            end = lineStart == 0 ? 0 : lineStart - 1
        }
        // "(AP)", "(Reuters)" …: a parenthesised agency name becomes a space.
        var n = 0
        var i = 0
        while i < end {
            let b = text[i]
            if b == 0x28 {
                var close = i + 1
                while close < end && close <= i + 9 && text[close] != 0x29 { close += 1 }
                if close < end && close <= i + 9 && text[close] == 0x29 && close > i + 1 {
                    var name: [UInt8] = []
                    for k in (i + 1)..<close { name.append(isUpperByte(text[k]) ? text[k] + 0x20 : text[k]) }
                    if isAgency(name[...]) {
                        text[n] = 0x20
                        n += 1
                        i = close + 1
                        continue
                    }
                }
            }
            text[n] = b
            n += 1
            i += 1
        }
        return n
    }

    static func isAgency(_ word: ArraySlice<UInt8>) -> Bool {
        guard !word.isEmpty && word.count <= 7 else { return false }
        return agencies.contains(String(decoding: word, as: UTF8.self))
    }

    /// ``scan(_:headline:into:)`` for ASCII.
    static func scanASCII(_ text: UnsafeBufferPointer<UInt8>, headline: Bool, into out: inout [Token]) {
        var state = ASCIIWordState(headline: headline)
        let count = text.count
        var i = 0
        while i < count {
            let s = text[i]
            if isWordByte(s) {
                state.begin(s)
                state.append(s)
            } else if state.length > 0, s == 0x2E || s == 0x2C || s == 0x2F || s == 0x2D || s == 0x3A,
                      isDigitByte(state.last), i + 1 < count, isDigitByte(text[i + 1]) {
                state.append(s)
            } else if state.length > 0, s == 0x27, i + 1 < count, isLetterByte(text[i + 1]) {
                // company's → companys: an apostrophe inside a word does not split it.
            } else {
                state.flush(into: &out)
                if s == 0x2E || s == 0x21 || s == 0x3F || s == 0x3A || s == 0x3B {
                    if s != 0x3B { state.pendingSentenceStart = true }
                } else if s == 0x0A {
                    state.newlines += 1
                } else if s == 0x09 {
                    state.newlines = 2
                } else if s == 0x20 && i + 3 < count && state.newlines == 1 && text[i + 1] == 0x20 && text[i + 2] == 0x20 {
                    state.newlines = 2
                }
            }
            i += 1
        }
        state.flush(into: &out)
    }
}

/// The word being read by ``WireTokenizer/scanASCII(_:headline:into:)`` and the sentence state
/// around it (a value, so no access is checked at run time).
private struct ASCIIWordState {
    let headline: Bool
    /// The word's bytes, lowercased; 64 inline bytes, longer words spill to `spill`.
    var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var spill: [UInt8] = []
    var length = 0
    /// ``StableHash/string(_:)`` of the word so far, before its final mix.
    var hash = StableHash.fnvBasis
    var upper = 0, letters = 0
    var firstUpper = false
    var sentenceStart = true
    var pendingSentenceStart = false
    var newlines = 0
    /// The last byte appended, as written.
    var last: UInt8 = 0

    init(headline: Bool) { self.headline = headline }

    /// Notes a word byte `s`, starting a word when none is open.
    @inline(__always)
    mutating func begin(_ s: UInt8) {
        if length == 0 {
            if pendingSentenceStart || newlines >= 2 { sentenceStart = true }
            pendingSentenceStart = false
            newlines = 0
            firstUpper = WireTokenizer.isUpperByte(s)
        }
        if WireTokenizer.isLetterByte(s) {
            letters += 1
            if WireTokenizer.isUpperByte(s) { upper += 1 }
        }
    }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        let lower = WireTokenizer.isUpperByte(b) ? b + 0x20 : b
        if length < 64 {
            withUnsafeMutableBytes(of: &bytes) { $0[length] = lower }
        } else {
            if length == 64 { spill = withUnsafeBytes(of: bytes) { Array($0) } }
            spill.append(lower)
        }
        length += 1
        hash = StableHash.fnvStep(hash, lower)
        last = b
    }

    mutating func flush(into out: inout [Token]) {
        guard length > 0 else { return }
        let flags = Token.Flags(capitalized: firstUpper, letters: letters, upper: upper,
                                sentenceStart: sentenceStart, headline: headline)
        let text = length <= 64
            ? withUnsafeBytes(of: bytes) { raw in
                String(decoding: UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length),
                       as: UTF8.self)
            }
            : String(decoding: spill, as: UTF8.self)
        out.append(Token(text: text, hash: StableHash.mix(hash), flags: flags))
        length = 0
        hash = StableHash.fnvBasis
        upper = 0; letters = 0; firstUpper = false
        sentenceStart = false
    }
}
