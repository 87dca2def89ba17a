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
    /// text, so both sides must name someone the other does not. A lead's dateline
    /// (`BAMAKO, Mali —`) is not its subject: the tokenizer drops it. A name counts as used by the other item as
    /// ``uses(_:_:_:otherShouting:)`` tells. ``verify(new:newTime:old:oldTime:oldLabel:shared:explainingRejection:newProfile:)``
    /// does not ask for a flash and its story, whose first words need not be a name, nor
    /// where the later item says it corrects (a name put right), nor between two long texts,
    /// where one fixed name is a correction as it is in ``objects(_:new:old:newIsLater:flash:)``.
    func subjectObjection(new: Sketch, old: Sketch) -> Change? {
        let newSubject = Self.leadSubject(new.tokens), oldSubject = Self.leadSubject(old.tokens)
        guard !newSubject.isEmpty, !oldSubject.isEmpty else { return nil }
        let newShouting = DifferenceAnalysis.isShouting(new.tokens), oldShouting = DifferenceAnalysis.isShouting(old.tokens)
        guard let came = Self.nameAbsent(newSubject, in: new.tokens, from: old.tokens, otherShouting: oldShouting),
              let gone = Self.nameAbsent(oldSubject, in: old.tokens, from: new.tokens, otherShouting: newShouting) else { return nil }
        return Change(old: old.tokens.text(at: gone), new: new.tokens.text(at: came))
    }

    /// A subject word of each headline that the other item never uses, when one of the two is
    /// a short notice (fewer than ``DedupParameters/noticeWords`` words outside its headline),
    /// or nil.
    ///
    /// A dividend or listing notice names its company in its headline alone ("FIRST CHICAGO
    /// CORP SETS PAYOUT" over "Qtly div 15 cts vs 15 cts prior"), so two companies' notices
    /// with the same terms read as one text. A re-send keeps the company at the head of its
    /// headline however it rewords the rest ("HARSCO CORP SETS REGULAR PAYOUT" → "HARSCO CORP
    /// SETS QUARTERLY"). The subject is the company's name, up to its corporate suffix, when
    /// the headline opens on one (``headlineSubject(_:)``); else the headline's first word that
    /// can name (a market: "PEORIA HOGS"). Like ``subjectObjection(new:old:)``, not asked for a
    /// flash and its story, nor where the later item says it corrects.
    func headlineSubjectObjection(new: Sketch, old: Sketch) -> Change? {
        guard min(new.bodyWordCount, old.bodyWordCount) < parameters.noticeWords else { return nil }
        let newShouting = DifferenceAnalysis.isShouting(new.tokens), oldShouting = DifferenceAnalysis.isShouting(old.tokens)
        guard let came = Self.headlineSubject(new.tokens).first(where: { !Self.uses(old.tokens, new.tokens, $0, otherShouting: oldShouting) }),
              let gone = Self.headlineSubject(old.tokens).first(where: { !Self.uses(new.tokens, old.tokens, $0, otherShouting: newShouting) })
        else { return nil }
        return Change(old: old.tokens.text(at: gone), new: new.tokens.text(at: came))
    }

    /// The indices of the headline's words that name its subject: when a corporate suffix
    /// (`CORP`, `INC`, `CO` …) ends a name within its first ``subjectReach`` words, the name's
    /// words before it ("THE LIMITED INC", "<GPS> GAP INC", "FIRST UNION CORP"); else its first
    /// word that can name. Words that can name are those that can testify
    /// (``headlineWords(_:)``), less figures, titles, suffixes and the wire's abbreviations.
    static func headlineSubject(_ tokens: TokenList) -> [Int] {
        var naming: [Int] = []
        for index in tokens.indices.prefix(while: { tokens[$0].flags.contains(.headline) }).prefix(subjectReach) {
            let text = tokens.text(at: index)
            if corporateSuffixes.contains(text) {
                if !naming.isEmpty { return naming }
                // A suffix's word opening the name is the name ("THE LIMITED INC", "<LTD> …").
                naming.append(index)
            } else if canName(tokens, index) {
                naming.append(index)
            }
        }
        return Array(headlineWords(tokens).first { canName(tokens, $0) }.map { [$0] } ?? [])
    }

    /// How far into a headline a company's name may run to its suffix.
    static let subjectReach = 6

    /// The suffixes that end a company's name in a headline.
    static let corporateSuffixes: Set<String> = [
        "corp", "corporation", "inc", "incorporated", "co", "company", "cos", "ltd", "limited", "plc", "llc", "lp", "ag", "sa", "nv",
    ]

    /// Whether the headline word at `index` can name a subject.
    static func canName(_ tokens: TokenList, _ index: Int) -> Bool {
        guard !tokens[index].isNumeric, tokens[index].length >= 2, !headlineFiller.contains(tokens[index].hash) else { return false }
        let text = tokens.text(at: index)
        return !DifferenceAnalysis.notNames.contains(text) && DifferenceAnalysis.variants[text] == nil
    }

    /// A word (or words) of one item facing another's, as reasons name them (`chemical → marine`).
    typealias Change = DifferenceAnalysis.Change

    /// The indices of the names the body's first sentence opens with (after its dateline,
    /// which the tokenizer drops): its capitalized words up to the first word that is not (in a text set in capitals, up to
    /// four words before the first that any sentence may hold: `SAID`, `TO`), less titles,
    /// suffixes (`Corp's` too), the wire's abbreviations (`Qtly`), one-letter initials, dates
    /// and a table's hour.
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
                && !DifferenceAnalysis.timeWords.contains(tokens, index) && !snapshotWords.contains(text)
                && !possessiveSuffixes.contains(text) && DifferenceAnalysis.variants[text] == nil {
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

    /// Corporate suffixes as the tokenizer reads them in a possessive ("Corp's" is `corps`).
    static let possessiveSuffixes: Set<String> = ["incs", "cos", "corps", "ltds", "plcs", "companys"]

    /// Words inside a name ("Bank of Nova Scotia", "C and D Commodities").
    static let subjectConnectors: Set<String> = ["of", "and", "de", "du", "la", "le", "der", "von", "van", "the"]

    /// The first of `subject` (indices into `tokens`) that `other` never uses, or nil;
    /// `otherShouting` tells whether `other` is set in capitals.
    static func nameAbsent(_ subject: [Int], in tokens: TokenList, from other: TokenList, otherShouting: Bool) -> Int? {
        subject.first { i in !uses(other, tokens, i, otherShouting: otherShouting) }
    }

    /// Whether `other` uses the word at `i` of `tokens`: the same word or an inflection
    /// anywhere; or, among its capitalized words (not in capitals in its headline or in a text
    /// set in capitals), a possessive (`GM's`), or a misspelling one letter or one swap of two
    /// letters away; or, for a short word in capitals (`GM`, `GM's`) and an
    /// item not set in capitals, the initials of capitalized words it has in a row.
    static func uses(_ other: TokenList, _ tokens: TokenList, _ i: Int, otherShouting: Bool) -> Bool {
        for j in other.indices where !other[j].isNumeric {
            if sameHeadlineWord(tokens, i, other, j) { return true }
            // Capitals mean nothing in a headline or a text set in capitals.
            let flags = other[j].flags
            guard flags.contains(.capitalized), !flags.contains(.allCaps) || !(otherShouting || flags.contains(.headline)) else { continue }
            if oneEditApart(tokens, i, other, j) || possessive(tokens, i, other, j) { return true }
        }
        var word = tokens.text(at: i)
        if !tokens[i].flags.contains(.allCaps) {
            // "GM's" is read as "gms".
            guard tokens[i].flags.contains(.capitalized), word.count >= 3, word.hasSuffix("s") else { return false }
            word.removeLast()
        }
        guard word.count <= 5, !otherShouting else { return false }
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

    /// Whether one word is the other with an `s` after it, as the tokenizer reads a possessive
    /// (`gms` for `GM's`).
    static func possessive(_ a: TokenList, _ i: Int, _ b: TokenList, _ j: Int) -> Bool {
        a.withBytes(at: i) { x in
            b.withBytes(at: j) { y in
                let (short, long) = x.count < y.count ? (x, y) : (y, x)
                return long.count == short.count + 1 && long.last == 0x73 && long.starts(with: short)  // 0x73: "s"
            }
        }
    }

    /// Two words of five bytes or more that one inserted, dropped or changed byte, or two
    /// neighbouring bytes swapped (`braodcasting`), make one.
    static func oneEditApart(_ a: TokenList, _ i: Int, _ b: TokenList, _ j: Int) -> Bool {
        guard min(a[i].length, b[j].length) >= 5 else { return false }
        return a.withBytes(at: i) { x in b.withBytes(at: j) { y in DifferenceAnalysis.oneEdit(x, y, changingAByte: true) } }
    }
}
