#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    static func asciiTokens(headline: String, body: String) -> TokenList? {
        var headline = headline, body = body
        return headline.withUTF8 { head in
            body.withUTF8 { body -> TokenList? in
                // Tokens go to a scratch block sized for the most a text can hold (a word
                // and a separator take two bytes at least), then into an array of their count.
                let bound = (head.count + body.count) / 2 + 2
                var tokens: [Token] = []
                var plain = true
                // The prepared headline and body back to back, each word lowercased where it
                // lies: the list's storage, which the tokens point into. Preparing a text also
                // checks it is plain ASCII; when one is not, nothing is scanned.
                let storage = withUnsafeTemporaryAllocation(of: Token.self, capacity: bound) { scratch in
                    var sink = TokenSink(scratch)
                    let storage = [UInt8](unsafeUninitializedCapacity: max(1, head.count + body.count)) { buffer, initialized in
                        initialized = 0
                        guard let headLength = prepareASCII(head, into: buffer) else {
                            plain = false
                            return
                        }
                        let rest = UnsafeMutableBufferPointer(rebasing: buffer[headLength...])
                        guard var length = prepareASCII(body, into: rest) else {
                            plain = false
                            return
                        }
                        scanASCII(UnsafeMutableBufferPointer(rebasing: buffer[..<headLength]), offset: 0, headline: true, into: &sink)
                        length = stripSignOffASCII(rest, length: length)
                        scanASCII(UnsafeMutableBufferPointer(rebasing: rest[..<length]), offset: headLength, headline: false, into: &sink)
                        initialized = headLength + length
                    }
                    tokens = [Token](unsafeUninitializedCapacity: sink.count) { out, written in
                        if sink.count > 0 { out.baseAddress!.initialize(from: scratch.baseAddress!, count: sink.count) }
                        written = sink.count
                    }
                    return storage
                }
                guard plain else { return nil }
                return TokenList(tokens: tokens, storage: storage).compacted()
            }
        }
    }

    @inline(__always) static func isLetterByte(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigitByte(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isUpperByte(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { isLetterByte(b) || isDigitByte(b) }
    @inline(__always) static func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// ``prepare(_:)`` for ASCII: backquotes become apostrophes and a word hyphenated across a
    /// line break is joined. Writes into `out` (at least as long as `text`); returns the length,
    /// or nil when `text` is not plain ASCII without carriage returns (`out` then holds junk).
    static func prepareASCII(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let count = text.count
        guard count > 0, let source = text.baseAddress, let target = out.baseAddress else { return 0 }
        // Every byte read is ORed in (a high bit means non-ASCII), and a zero byte of
        // word ^ "\r\r…" flags a carriage return (the usual exact "has a zero byte" test).
        var orAll: UInt64 = 0, returns: UInt64 = 0
        var n = 0
        var i = 0
        while i < count {
            // Eight bytes at a time up to the next backquote or hyphen (n ≤ i, so the target
            // has room for a whole word wherever the source has one).
            if i &+ 8 <= count {
                let word = ASCIIWord.load(source + i)
                let t = word ^ (0x0D &* ASCIIWord.ones)
                orAll |= word
                returns |= (t &- ASCIIWord.ones) & ~t
                let special = ASCIIWord.equal(word, 0x60) | ASCIIWord.equal(word, 0x2D)
                ASCIIWord.store(word, to: target + n)
                let plain = ASCIIWord.leadingBytes(special)
                n &+= plain
                i &+= plain
                if plain == 8 { continue }
            }
            let b = source[i]
            orAll |= UInt64(b)
            if b == 0x0D { returns |= ASCIIWord.highBits }
            if b == 0x60 {
                target[n] = 0x27
                n += 1
            } else if b == 0x2D && i > 0 && isLetterByte(source[i - 1]) {
                var j = i + 1
                var sawNewline = false
                while j < count, source[j] == 0x20 || source[j] == 0x09 || source[j] == 0x0D || source[j] == 0x0A {
                    if source[j] == 0x0A { sawNewline = true }
                    j += 1
                }
                if sawNewline, j < count, source[j] >= 0x61 && source[j] <= 0x7A {
                    // The skipped run holds only whitespace, checked for returns here.
                    for k in (i + 1)..<j where source[k] == 0x0D { returns |= ASCIIWord.highBits }
                    i = j
                    continue
                }
                target[n] = b
                n += 1
            } else {
                target[n] = b
                n += 1
            }
            i += 1
        }
        return orAll & ASCIIWord.highBits == 0 && returns & ASCIIWord.highBits == 0 ? n : nil
    }

    /// ``stripSignOff(_:)`` for ASCII, in place; returns the new length.
    static func stripSignOffASCII(_ text: UnsafeMutableBufferPointer<UInt8>, length: Int) -> Int {
        let end = endBeforeSignOff(UnsafeBufferPointer(text), length: length)
        // "(AP)", "(Reuters)" …: a parenthesised agency name becomes a space. Nothing moves
        // before the first parenthesis; after it, the text between parentheses moves in runs.
        guard let base = text.baseAddress, end > 0 else { return end }
        func nextParenthesis(from i: Int) -> Int {
            guard i < end, let found = memchr(base + i, 0x28, end - i) else { return end }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        var i = nextParenthesis(from: 0)
        var n = i
        while i < end {
            // text[i] is "(".
            var close = i + 1
            while close < end && close <= i + 9 && text[close] != 0x29 { close += 1 }
            var replaced = false
            if close < end && close <= i + 9 && text[close] == 0x29 && close > i + 1 {
                var name = PackedName()
                for k in (i + 1)..<close { name.append(isUpperByte(text[k]) ? text[k] + 0x20 : text[k]) }
                replaced = name.isAgency
            }
            let runStart: Int
            if replaced {
                text[n] = 0x20
                n += 1
                runStart = close + 1
            } else {
                runStart = i
            }
            // Everything up to the next parenthesis moves as one block.
            let next = nextParenthesis(from: runStart == i ? i + 1 : runStart)
            if n != runStart { (base + n).update(from: base + runStart, count: next - runStart) }
            n += next - runStart
            i = next
        }
        return n
    }

    /// Where the first `length` bytes of `text` end without their closing lines that are blank
    /// or an agency's name alone (`Reuter`, `-- AFP`): ``stripSignOff(_:)``'s walk for ASCII.
    static func endBeforeSignOff(_ text: UnsafeBufferPointer<UInt8>, length: Int) -> Int {
        var end = length
        while end > 0 {
            // Back to the line's start; a digit or an eighth letter says it is no sign-off.
            var lineStart = end
            var letters = 0
            while lineStart > 0 && text[lineStart - 1] != 0x0A {
                let b = text[lineStart - 1]
                if isDigitByte(b) { return end }
                if isLetterByte(b) {
                    letters += 1
                    if letters > 7 { return end }
                }
                lineStart -= 1
            }
            if letters > 0 {
                var word = PackedName()
                for k in lineStart..<end where isLetterByte(text[k]) { word.append(text[k] | 0x20) }
                guard word.isAgency else { return end }
            } else if !text[lineStart..<end].allSatisfy(isSpaceByte) {
                return end
            }
            end = lineStart == 0 ? 0 : lineStart - 1
        }
        return end
    }

    /// Up to seven bytes packed into a word, for an allocation-free look-up among
    /// ``agencies`` (none is longer); an eighth byte marks the name as too long, and so does a
    /// zero byte, which would pack like no byte at all (`(AP\0)` is not `(AP)`).
    struct PackedName {
        private(set) var bits: UInt64 = 0
        private var count = 0

        @inline(__always) mutating func append(_ byte: UInt8) {
            if count < 8 { bits |= UInt64(byte) << UInt64(count * 8) }
            count = byte == 0 ? 8 : count + 1
        }

        init() {}

        init(_ name: String) {
            for byte in name.utf8 { append(byte) }
        }

        /// One of ``WireTokenizer/agencies`` (given in lowercase).
        var isAgency: Bool { count >= 1 && count <= 7 && WireTokenizer.agencyKeys.contains(bits) }
    }

    static let agencyKeys: Set<UInt64> = Set(agencies.map { PackedName($0).bits })

    /// Where ``scanASCII(_:offset:headline:into:)`` writes its tokens: a block of fixed size,
    /// with no growth or uniqueness check per word (running past its end traps).
    struct TokenSink {
        private let block: UnsafeMutableBufferPointer<Token>
        private(set) var count = 0

        init(_ block: UnsafeMutableBufferPointer<Token>) { self.block = block }

        @inline(__always)
        mutating func append(_ token: Token) {
            precondition(count < block.count, "token block overrun")
            (block.baseAddress! + count).initialize(to: token)
            count &+= 1
        }
    }

    /// Byte classes for ``scanASCII(_:headline:into:)``: one table load instead of range tests.
    enum ByteClass {
        static let word: UInt8 = 1, letter: UInt8 = 2, upper: UInt8 = 4, digit: UInt8 = 8
        /// `.` `,` `/` `-` `:`, which stay inside a number (`1,750`, `6-3/16`, `10:30`).
        static let numberJoiner: UInt8 = 16
        /// `.` `!` `?` `:`, after which the next word may start a sentence.
        static let sentenceEnd: UInt8 = 32

        static let table: [UInt8] = (0..<256).map { value -> UInt8 in
            let b = UInt8(value)
            var c: UInt8 = 0
            if isLetterByte(b) { c |= word | letter }
            if isUpperByte(b) { c |= upper }
            if isDigitByte(b) { c |= word | digit }
            if b == 0x2E || b == 0x2C || b == 0x2F || b == 0x2D || b == 0x3A { c |= numberJoiner }
            if b == 0x2E || b == 0x21 || b == 0x3F || b == 0x3A { c |= sentenceEnd }
            return c
        }
    }

    /// ``scan(_:headline:into:)`` for ASCII, on the prepared text (which it overwrites: each
    /// word is lowercased in place, where its token's text is then read from). `offset` is
    /// where `text` starts in the list's storage.
    ///
    /// Each word is read by an inner loop whose state (hash, length, counts) stays in
    /// registers; the sentence state between words changes only at separators.
    static func scanASCII(_ text: UnsafeMutableBufferPointer<UInt8>, offset: Int, headline: Bool, into out: inout TokenSink) {
        ByteClass.table.withUnsafeBufferPointer { table in
            scanASCII(text, offset: offset, headline: headline, table: table, into: &out)
        }
    }

    private static func scanASCII(_ text: UnsafeMutableBufferPointer<UInt8>, offset: Int, headline: Bool,
                                  table: UnsafeBufferPointer<UInt8>, into out: inout TokenSink) {
        typealias C = ByteClass
        let count = text.count
        guard let base = text.baseAddress else { return }
        @inline(__always) func cls(_ i: Int) -> UInt8 { table[Int(base[i])] }
        var sentenceStart = true
        var pendingSentenceStart = false
        var newlines = 0
        var i = 0
        while i < count {
            let s = base[i]
            let sc = table[Int(s)]
            if sc & C.word != 0 {
                if pendingSentenceStart || newlines >= 2 { sentenceStart = true }
                pendingSentenceStart = false
                newlines = 0
                // The word: its bytes lowercased and written back from `start` on (a skipped
                // apostrophe makes the written run shorter than the read one).
                let start = i
                var write = i
                var hasher = StableHash.WordHasher()
                // Whether the word has a lowercase letter, and one or two (or more) uppercase
                // ones: all the flags need, kept as bits (no per-byte counting).
                var lower: UInt64 = 0, oneUpper: UInt64 = 0, twoUpper: UInt64 = 0
                var lastIsDigit = false
                // Eight bytes at a time while the word runs on (and nothing has been skipped,
                // so it is lowercased where it lies).
                while i &+ 8 <= count {
                    let x = ASCIIWord.load(base + i)
                    let upperMask = ASCIIWord.inRange(x, 0x41, 0x5A)
                    let lowerMask = ASCIIWord.inRange(x, 0x61, 0x7A)
                    let letterMask = upperMask | lowerMask
                    let digitMask = ASCIIWord.inRange(x, 0x30, 0x39)
                    let run = ASCIIWord.leadingBytes(~(letterMask | digitMask) & ASCIIWord.highBits)
                    if run == 0 { break }
                    let keep = ASCIIWord.lowBytes(run)
                    let lowered = (x | (upperMask &>> 2)) & keep  // an uppercase byte's high bit >> 2 is 0x20
                    ASCIIWord.store(lowered | (x & ~keep), to: base + i)
                    let u = upperMask & keep
                    twoUpper |= (u & (u &- 1)) | (u & ASCIIWord.allOnes(ifNonzero: oneUpper))
                    oneUpper |= u
                    lower |= lowerMask & keep
                    hasher.add(chunk: lowered, count: run)
                    lastIsDigit = (digitMask &>> UInt64(run &* 8 &- 1)) & 1 != 0
                    i &+= run
                    write &+= run
                    if run < 8 { break }
                }
                while i < count {
                    let b = base[i]
                    let c = table[Int(b)]
                    if c & C.word != 0 {
                        let u = UInt64(c & C.upper)
                        twoUpper |= u & ASCIIWord.allOnes(ifNonzero: oneUpper)
                        oneUpper |= u
                        lower |= UInt64(c & C.letter) & ~(u >> 1)  // a letter that is not upper (4 >> 1 is 2)
                        let folded = b | ((c & C.upper) << 3)  // upper (4) << 3 is 0x20
                        base[write] = folded
                        write &+= 1
                        hasher.add(folded)
                        lastIsDigit = c & C.digit != 0
                    } else if c & C.numberJoiner != 0, lastIsDigit, i + 1 < count, cls(i + 1) & C.digit != 0 {
                        // 1,750 · 6.4 · 6-3/16 · 10:30 stay one word.
                        base[write] = b
                        write &+= 1
                        hasher.add(b)
                        lastIsDigit = false
                    } else if b == 0x27, i + 1 < count, cls(i + 1) & C.letter != 0 {
                        // company's → companys: an apostrophe inside a word does not split it.
                    } else {
                        break
                    }
                    i &+= 1
                }
                // The flags without a branch (capitals are as common as they are unpredictable:
                // a branch per flag mispredicted): each is a selected constant, and all-caps
                // (no lowercase letter, two capitals or more) a mask.
                typealias F = Token.Flags
                let allCaps = ~ASCIIWord.allOnes(ifNonzero: lower) & ASCIIWord.allOnes(ifNonzero: twoUpper)
                let flags = F(rawValue: (sc & C.upper != 0 ? F.capitalized.rawValue : 0) | (sc & C.digit != 0 ? F.numeric.rawValue : 0)
                              | (UInt8(truncatingIfNeeded: allCaps) & F.allCaps.rawValue)
                              | (sentenceStart ? F.sentenceStart.rawValue : 0) | (headline ? F.headline.rawValue : 0))
                out.append(Token(hash: hasher.finish(), start: offset &+ start, length: write &- start, flags: flags))
                sentenceStart = false
                continue
            }
            if sc & C.sentenceEnd != 0 {
                pendingSentenceStart = true
            } else if s == 0x0A {
                newlines += 1
            } else if s == 0x09 {
                newlines = 2
            } else if s == 0x20 && i + 3 < count && newlines == 1 && base[i + 1] == 0x20 && base[i + 2] == 0x20 {
                newlines = 2
            }
            i += 1
        }
    }
}
