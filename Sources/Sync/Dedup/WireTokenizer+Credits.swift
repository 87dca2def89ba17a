/// Closing credits: the line in parentheses that ends much agency copy and names its reporters
/// and editors (`(Reporting by Jane Doe; Editing by Sam Lee)`), Reuters' contact line in double
/// parentheses after it, or AP's closing line naming who contributed.
extension WireTokenizer {
    /// Removes the words of `body`'s closing credit line from the end of its `tokens`.
    ///
    /// A write-through often adds a reporter or changes the editor there; read as text, that
    /// is a changed name, the mark of another story. The credit's text is read by the same
    /// tokenizer, and its words are removed only when they are exactly the list's last words
    /// (the whole text's preparing can read a few bytes differently: a hyphen at a line's end,
    /// an agency's tag, a sign-off line), so no word of the story itself is ever removed.
    @inline(never)
    static func dropClosingCredit(of body: String, from tokens: inout TokenList) {
        guard let credit = closingCreditText(body) else { return }
        let piece = words(of: credit)
        guard piece.count > 0, tokens.bodyWordCount >= piece.count, matches(piece, tokens, at: tokens.count - piece.count) else { return }
        tokens.tokens.removeLast(piece.count)
    }

    /// How many of the tokenizer's words `body`'s closing credit line holds, or 0 when it
    /// closes on none (``dropClosingCredit(of:from:)`` removes them when they end its words).
    ///
    /// A credit line is the last line, before any sign-off line (`Reuters`), wholly in
    /// parentheses and opening a line, at most 300 bytes, that opens on `Reporting`,
    /// `Additional reporting`, `Writing`, `Written`, `Editing`, `Edited` or `Compiled`, then
    /// `by` and a capitalized name, or on `By` and a capitalized name; or, as AP writes it, a last
    /// paragraph (after a blank line) of one sentence, at most 300 bytes and without figures,
    /// opening on a capital and ending `contributed to this report.` (or `story`, `article`,
    /// `contributed reporting.`). Reuters' contact line in double parentheses
    /// (`((jane.doe@thomsonreuters.com; +1 202 555 0100))`: opening a line, under 300 bytes, no
    /// parenthesis inside but a telephone number's one to four digits, holding an address or a
    /// telephone number) counts too when it closes the text, and so does a credit line in
    /// parentheses right before it.
    static func closingCreditWords(_ body: String) -> Int {
        closingCreditText(body).map { words(of: $0).count } ?? 0
    }

    /// The text of `body`'s closing credit line (inside its parentheses), or nil.
    static func closingCreditText(_ body: String) -> String? {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            creditRange(bytes: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
        if let found = body.utf8.withContiguousStorageIfAvailable(text) { return found }
        return Array(body.utf8).withUnsafeBufferPointer(text)
    }

    /// Where the credit line's text (inside its parentheses) lies in `bytes`, or nil.
    private static func creditRange(bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        func trimmed(_ end: Int) -> Int {
            var end = end
            while end > 0 && isSpaceByte(bytes[end - 1]) { end -= 1 }
            return end
        }
        // The credit closes the text, or comes before its sign-off lines (an agency's name
        // alone, which ``stripSignOff(_:)`` drops).
        var end = trimmed(bytes.count)
        if end > 0 && bytes[end - 1] != 0x29 && bytes[end - 1] != 0x2E {  // ")" "."
            end = trimmed(endBeforeSignOff(bytes, length: end))
        }
        guard end > 0 else { return nil }
        // Reuters' contact line closes the text after any credit line; both go.
        if let contact = contactRange(bytes: bytes, end: end) {
            let before = trimmed(contact.lowerBound - 2)
            if before > 0, bytes[before - 1] == 0x29, let credit = parenthesizedCreditRange(bytes: bytes, end: before) {
                return credit.lowerBound..<contact.upperBound
            }
            return contact
        }
        if bytes[end - 1] == 0x2E { return contributionRange(bytes: bytes, end: end) }
        guard bytes[end - 1] == 0x29 else { return nil }
        return parenthesizedCreditRange(bytes: bytes, end: end)
    }

    /// The text inside a contact line ending at `end` (`((jane.doe@thomsonreuters.com; +1 202
    /// 555 0100; Reuters Messaging: …))`), or nil: two parentheses opening a line and two
    /// closing the text, under 300 bytes (it may wrap over lines), with no parenthesis inside
    /// but a telephone number's digits (`+44 (0)20`, `+1 (202)`), holding an address (`@`) or
    /// a telephone number (seven digits or more). Another desk's re-send or write-through
    /// changes it; anything else in double parentheses is compared as text.
    private static func contactRange(bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Range<Int>? {
        guard end >= 5, bytes[end - 1] == 0x29, bytes[end - 2] == 0x29 else { return nil }
        let close = end - 2
        guard let open = openingParenthesis(bytes: bytes, close: close, passingNumbers: true), open >= 1, close - open > 1,
              bytes[open - 1] == 0x28, opensLine(bytes: bytes, at: open - 1) else { return nil }
        let inside = UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close])
        guard inside.contains(0x40) || inside.reduce(0, { $0 + (isDigitByte($1) ? 1 : 0) }) >= 7 else { return nil }
        return (open + 1)..<close
    }

    /// The opening parenthesis of the one at `close`: the nearest before it, under 300 bytes
    /// back with no parenthesis between (`passingNumbers`: but one to four digits in
    /// parentheses, a telephone number's `(0)` or area code); or nil.
    private static func openingParenthesis(bytes: UnsafeBufferPointer<UInt8>, close: Int, passingNumbers: Bool = false) -> Int? {
        var open = close - 1
        while open >= 0 && close - open <= 300 {
            switch bytes[open] {
            case 0x28:
                return open
            case 0x29:
                guard passingNumbers else { return nil }
                var k = open - 1
                while k >= 0 && open - k <= 5 && isDigitByte(bytes[k]) { k -= 1 }
                guard k >= 0, (2...5).contains(open - k), bytes[k] == 0x28 else { return nil }
                open = k - 1
            default:
                open -= 1
            }
        }
        return nil
    }

    /// Whether `bytes[at]` opens its line (only spaces or tabs before it on the line).
    private static func opensLine(bytes: UnsafeBufferPointer<UInt8>, at: Int) -> Bool {
        var k = at
        while k > 0 && (bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09) { k -= 1 }
        return k == 0 || bytes[k - 1] == 0x0A || bytes[k - 1] == 0x0D
    }

    /// The text inside a credit line in parentheses ending at `end` (its closing parenthesis
    /// is `bytes[end - 1]`), or nil.
    private static func parenthesizedCreditRange(bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Range<Int>? {
        // The opening parenthesis, at the start of a line, with no other parenthesis between.
        let close = end - 1
        guard let open = openingParenthesis(bytes: bytes, close: close), opensLine(bytes: bytes, at: open) else { return nil }
        // Its first words (lowercased, and whether each was capitalized): a credit's.
        var words: [(word: String, capitalized: Bool)] = []
        var i = open + 1
        while i < close && words.count < 4 {
            while i < close && !isLetterByte(bytes[i]) { i += 1 }
            let capitalized = i < close && isUpperByte(bytes[i])
            var word: [UInt8] = []
            while i < close && isLetterByte(bytes[i]) && word.count < 12 {
                word.append(bytes[i] | 0x20)
                i += 1
            }
            if !word.isEmpty { words.append((String(decoding: word, as: UTF8.self), capitalized)) }
        }
        // An opener, "by" and a capitalized name (not "(By comparison, prices fell)").
        func by(at k: Int) -> Bool { words.count > k + 1 && words[k].word == "by" && words[k + 1].capitalized }
        guard let first = words.first?.word else { return nil }
        let opens = (first == "by" && by(at: 0))
            || (creditOpeners.contains(first) && by(at: 1))
            || (first == "additional" && words.count > 1 && words[1].word == "reporting" && by(at: 2))
        return opens ? (open + 1)..<close : nil
    }

    /// The last paragraph before `end` when it is a contribution line (`Associated Press
    /// writer Jane Doe in London contributed to this report.`): one sentence of at most 300
    /// bytes after a blank line, opening on a capital, with no figure, ending on one of
    /// ``contributionEndings``; or nil.
    private static func contributionRange(bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Range<Int>? {
        let endings = contributionEndings
        guard let ending = endings.first(where: { ending in
            ending.count <= end && zip(ending, bytes[(end - ending.count)..<end]).allSatisfy { $0 == ($1 | (isLetterByte($1) ? 0x20 : 0)) }
        }) else { return nil }
        var start = end - ending.count
        while start > 0 && end - start <= 300 && !(bytes[start - 1] == 0x0A && start >= 2 && bytes[start - 2] == 0x0A) { start -= 1 }
        guard start > 0, end - start <= 300 else { return nil }
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        guard start < end, isUpperByte(bytes[start]) else { return nil }
        // One sentence, no figures: a full stop inside ends a sentence unless it closes an
        // initial (`J. Doe`).
        for k in start..<(end - 1) {
            if isDigitByte(bytes[k]) { return nil }
            if bytes[k] == 0x2E && (k < start + 1 || isLetterByte(bytes[k - 1])) && !(k >= start + 1 && isUpperByte(bytes[k - 1])
                && (k == start + 1 || !isLetterByte(bytes[k - 2]))) {
                return nil
            }
        }
        return start..<end
    }

    /// How a contribution line ends, in lowercase bytes.
    static let contributionEndings: [[UInt8]] = [
        "contributed to this report.", "contributed to this story.", "contributed to this article.", "contributed reporting.",
    ].map { Array($0.utf8) }

    /// Words that open a credit line before `by`.
    static let creditOpeners: Set<String> = ["reporting", "writing", "written", "editing", "edited", "compiled"]
}
