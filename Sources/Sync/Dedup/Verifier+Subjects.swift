/// Lead subjects as evidence: two items whose leads open on different names are about two
/// companies, banks or markets, however much of the rest of their text they share.
extension Verifier {
    /// The first name of each lead that the other item never uses, when both leads have one.
    ///
    /// Template items differ in little more than whom they are about: "National Westminster
    /// Bank said it cut its base rate to 10.5 pct" and "Barclays Bank said it cut its base rate
    /// to 10.5 pct" are two banks' announcements, and "Hertz Corp filed for a shelf offering"
    /// and "RJR Nabisco Inc filed for a shelf offering" two companies' filings. A new version of
    /// one story may lead on someone new, but it keeps the old lead's subject somewhere in its
    /// text, so both sides must name someone the other does not. A name counts as used by the
    /// other item when it has the same word, an inflection or a one-letter misspelling of it
    /// (`MacAndrews`, `McAndrews`), or, for a name in initials (`GM`), the capitalized words
    /// they stand for (`General Motors`). Not for a flash and its story, whose first words
    /// need not be a name (``flashSide(new:old:secondsApart:newFigures:newIsLater:)``), nor where
    /// the later item says it corrects (a name put right).
    func subjectObjection(new: Sketch, old: Sketch) -> Change? {
        let newSubject = Self.leadSubject(new.tokens), oldSubject = Self.leadSubject(old.tokens)
        guard let came = Self.nameAbsent(newSubject, in: new.tokens, from: old.tokens),
              let gone = Self.nameAbsent(oldSubject, in: old.tokens, from: new.tokens) else { return nil }
        return Change(old: old.tokens.text(at: gone), new: new.tokens.text(at: came))
    }

    typealias Change = DifferenceAnalysis.Change

    /// The indices of the names the body's first sentence opens with: its capitalized words up
    /// to the first word that is not (in a text set in capitals, up to four words before the
    /// first that any sentence may hold: `SAID`, `TO`), less
    /// titles, suffixes, one-letter initials, dates and a table's hour.
    static func leadSubject(_ tokens: TokenList) -> [Int] {
        guard let start = tokens.indices.first(where: { !tokens[$0].flags.contains(.headline) }) else { return [] }
        let shouting = DifferenceAnalysis.isShouting(tokens)
        var names: [Int] = []
        var words = 0
        var index = start
        while index < tokens.count && words < (shouting ? 4 : 8) {
            let token = tokens[index]
            if token.isNumeric { break }
            let text = tokens.text(at: index)
            if subjectConnectors.contains(text) && index > start {
                index += 1
                continue
            }
            if !shouting && !token.flags.contains(.capitalized) { break }
            // In capitals a name ends where the sentence goes on: "BARCLAYS BANK SAID",
            // "CHRYSLER TO SPEND".
            if shouting && index > start && headlineFiller.contains(token.hash) { break }
            if !shouting && index > start && token.flags.contains(.sentenceStart) { break }
            if text.count >= 2 && !DifferenceAnalysis.notNames.contains(text) && !DifferenceAnalysis.dayWords.contains(text)
                && !DifferenceAnalysis.timeWords.contains(tokens, index) && !snapshotWords.contains(text) {
                names.append(index)
            }
            words += 1
            index += 1
        }
        return names
    }

    /// Words that name a table's hour rather than its subject ("COCOA SHIPMENTS MIDDAY",
    /// "EXCHS CLOSING"): a relabelled table is not about someone else.
    static let snapshotWords: Set<String> = [
        "opening", "open", "closing", "close", "midday", "noon", "morning", "afternoon", "evening",
        "official", "officials", "indications", "final", "early", "late", "update",
    ]

    /// Words inside a name ("Bank of Nova Scotia", "C and D Commodities").
    static let subjectConnectors: Set<String> = ["of", "and", "de", "du", "la", "le", "der", "von", "van", "the"]

    /// The first of `subject` (indices into `tokens`) that `other` never uses, or nil.
    static func nameAbsent(_ subject: [Int], in tokens: TokenList, from other: TokenList) -> Int? {
        subject.first { i in !uses(other, tokens, i) }
    }

    /// Whether `other` uses the word at `i` of `tokens`: the same word, an inflection, a
    /// one-letter misspelling, or, for a short word in capitals (`GM`), the initials of capitalized
    /// words it has in a row.
    static func uses(_ other: TokenList, _ tokens: TokenList, _ i: Int) -> Bool {
        for j in other.indices where !other[j].isNumeric {
            if sameHeadlineWord(tokens, i, other, j) || oneEditApart(tokens, i, other, j) { return true }
        }
        let word = tokens.text(at: i)
        guard tokens[i].flags.contains(.allCaps), word.count <= 5 else { return false }
        let letters = Array(word)
        var j = 0
        while j + letters.count <= other.count {
            var k = 0
            while k < letters.count && other[j + k].flags.contains(.capitalized) && !other[j + k].isNumeric
                && other.text(at: j + k).first == letters[k] { k += 1 }
            if k == letters.count { return true }
            j += 1
        }
        return false
    }

    /// Two words of five bytes or more that one inserted, dropped or changed byte makes one.
    static func oneEditApart(_ a: TokenList, _ i: Int, _ b: TokenList, _ j: Int) -> Bool {
        guard min(a[i].length, b[j].length) >= 5, abs(Int(a[i].length) - Int(b[j].length)) <= 1 else { return false }
        return a.withBytes(at: i) { x in
            b.withBytes(at: j) { y in
                var p = 0
                while p < x.count && p < y.count && x[p] == y[p] { p += 1 }
                var s = 0
                while s < x.count - p && s < y.count - p && x[x.count - 1 - s] == y[y.count - 1 - s] { s += 1 }
                return x.count - p - s <= 1 && y.count - p - s <= 1
            }
        }
    }
}
