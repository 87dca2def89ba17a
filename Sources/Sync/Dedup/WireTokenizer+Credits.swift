/// Closing credits: the line in parentheses that ends much agency copy and names its reporters
/// and editors (`(Reporting by Jane Doe; Editing by Sam Lee)`), or AP's closing line naming who
/// contributed.
extension WireTokenizer {
    /// Removes the words of `body`'s closing credit line from the end of its `tokens`.
    ///
    /// A write-through often adds a reporter or changes the editor there; read as text, that
    /// is a changed name, the mark of another story.
    @inline(never)
    static func dropClosingCredit(of body: String, from tokens: inout TokenList) {
        let credit = closingCreditWords(body)
        guard credit > 0, tokens.bodyWordCount >= credit else { return }
        tokens.tokens.removeLast(credit)
    }

    /// How many of the tokenizer's words close `body` as a credit line, or 0.
    ///
    /// A credit line is the last paragraph, before any sign-off line (`Reuters`), wholly in
    /// parentheses, at most 300 bytes, that opens on `Reporting`, `Additional reporting`,
    /// `Writing`, `Written`, `Editing`, `Edited` or `Compiled` and goes on with `by` and a name,
    /// or on `By` and a name; or, as AP writes it, a last paragraph of at most 300 bytes that
    /// ends `contributed to this report.` (or `story`, `article`, `contributed reporting.`).
    static func closingCreditWords(_ body: String) -> Int {
        if let found = body.utf8.withContiguousStorageIfAvailable({ creditRange(bytes: $0) }) {
            guard let range = found else { return 0 }
            return creditWords(body, range)
        }
        let bytes = Array(body.utf8)
        guard let range = bytes.withUnsafeBufferPointer({ creditRange(bytes: $0) }) else { return 0 }
        return creditWords(body, range)
    }

    /// The tokenizer's words of `body`'s UTF-8 bytes in `range`.
    private static func creditWords(_ body: String, _ range: Range<Int>) -> Int {
        let utf8 = Array(body.utf8)[range]
        let scalars = Array(String(decoding: utf8, as: UTF8.self).unicodeScalars)
        return tokenizerWords(scalars[...])
    }

    /// Where the credit line's text (inside its parentheses) lies in `bytes`, or nil.
    private static func creditRange(bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        // Back over trailing space and sign-off lines (an agency's name alone, as
        // ``stripSignOff(_:)`` drops them).
        var end = bytes.count
        while true {
            while end > 0 && isSpace(bytes[end - 1]) { end -= 1 }
            guard end > 0 else { return nil }
            if bytes[end - 1] == 0x29 { break }  // ")"
            if bytes[end - 1] == 0x2E { return contributionRange(bytes: bytes, end: end) }  // "."
            // Read back to the line's start; most last lines are a sentence's, told after a few letters.
            var lineStart = end
            var letters = 0
            while lineStart > 0 && bytes[lineStart - 1] != 0x0A {
                let b = bytes[lineStart - 1]
                if b >= 0x30 && b <= 0x39 { return nil }
                if isLetterByte(b) {
                    letters += 1
                    if letters > 7 { return nil }
                }
                lineStart -= 1
            }
            var name = PackedName()
            for k in lineStart..<end where isLetterByte(bytes[k]) { name.append(bytes[k] | 0x20) }
            guard name.isAgency else { return nil }
            end = lineStart
        }
        // The opening parenthesis, at the start of a line, with no other parenthesis between.
        let close = end - 1
        var open = close - 1
        while open >= 0 && close - open <= 300 && bytes[open] != 0x28 && bytes[open] != 0x29 { open -= 1 }
        guard open >= 0, close - open <= 300, bytes[open] == 0x28 else { return nil }
        var k = open
        while k > 0 && (bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09) { k -= 1 }
        guard k == 0 || bytes[k - 1] == 0x0A || bytes[k - 1] == 0x0D else { return nil }
        // Its first words: a credit's.
        var words: [String] = []
        var i = open + 1
        while i < close && words.count < 4 {
            while i < close && !isLetterByte(bytes[i]) { i += 1 }
            var word: [UInt8] = []
            while i < close && isLetterByte(bytes[i]) && word.count < 12 {
                word.append(bytes[i] | 0x20)
                i += 1
            }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        }
        // An opener, "by" and a name.
        guard let first = words.first else { return nil }
        let opens = (first == "by" && words.count >= 2)
            || (creditOpeners.contains(first) && words.count >= 3 && words[1] == "by")
            || (first == "additional" && words.count >= 4 && words[1] == "reporting" && words[2] == "by")
        return opens ? (open + 1)..<close : nil
    }

    /// The last paragraph before `end` when it is a contribution line (`Associated Press
    /// writer Jane Doe in London contributed to this report.`): at most 300 bytes after a blank
    /// line, ending on one of ``contributionEndings``; or nil.
    private static func contributionRange(bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Range<Int>? {
        let endings = contributionEndings
        guard let ending = endings.first(where: { ending in
            ending.count <= end && zip(ending, bytes[(end - ending.count)..<end]).allSatisfy { $0 == ($1 | (isLetterByte($1) ? 0x20 : 0)) }
        }) else { return nil }
        var start = end - ending.count
        while start > 0 && end - start <= 300 && !(bytes[start - 1] == 0x0A && start >= 2 && bytes[start - 2] == 0x0A) { start -= 1 }
        guard start > 0, end - start <= 300 else { return nil }
        return start..<end
    }

    /// How a contribution line ends, in lowercase bytes.
    static let contributionEndings: [[UInt8]] = [
        "contributed to this report.", "contributed to this story.", "contributed to this article.", "contributed reporting.",
    ].map { Array($0.utf8) }

    /// Words that open a credit line before `by`.
    static let creditOpeners: Set<String> = ["reporting", "writing", "written", "editing", "edited", "compiled"]
}
