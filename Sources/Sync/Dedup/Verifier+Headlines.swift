/// Headlines as evidence: items whose headlines share no word, where the text alone cannot
/// tell that they are one story.
extension Verifier {
    /// How two items whose headlines share no word differ, when that makes them two stories.
    enum HeadlineObjection: Equatable {
        /// One item is a small part of the other, which is titled for something else: a
        /// roundup or digest ("COMMODITY HIGHLIGHTS") quoting a short item whole.
        /// `newIsRoundup` tells which item is the roundup.
        case roundup(newIsRoundup: Bool)
        /// The smaller item is a short notice, where the headline is most of what tells one
        /// company's dividend or listing notice from another's.
        case notice
    }

    /// Why `new` and `old`, which otherwise read as one story, are two, or nil.
    ///
    /// A re-titled re-send keeps its story's text, so headlines that share no word do not by
    /// themselves make two stories. They do when the larger item is more than
    /// ``DedupParameters/roundupRatio`` times the smaller (in distinct shingles), or when the
    /// smaller has fewer than ``DedupParameters/noticeWords`` words outside its headline. Each
    /// headline must have at least two words that can testify (``headlineWords(_:)``): a
    /// missing or placeholder headline says nothing.
    func headlineObjection(new: Sketch, old: Sketch) -> HeadlineObjection? {
        let smaller = min(new.shingles.count, old.shingles.count)
        let larger = max(new.shingles.count, old.shingles.count)
        let roundup = larger > parameters.roundupRatio * max(smaller, 1)
        let notice = min(new.bodyWordCount, old.bodyWordCount) < parameters.noticeWords
        guard roundup || notice else { return nil }
        let newWords = Self.headlineWords(new.tokens), oldWords = Self.headlineWords(old.tokens)
        guard newWords.count >= 2, oldWords.count >= 2 else { return nil }
        for a in newWords {
            for b in oldWords where Self.sameHeadlineWord(new.tokens, a, old.tokens, b) { return nil }
        }
        if roundup { return .roundup(newIsRoundup: new.shingles.count > old.shingles.count) }
        return .notice
    }

    /// The indices of the headline's words that can testify to its subject: figures, and
    /// words of three or more letters other than a few that any headline may hold (`and`,
    /// `says`, `corp`).
    static func headlineWords(_ tokens: TokenList) -> [Int] {
        var words: [Int] = []
        for index in tokens.indices {
            let token = tokens[index]
            guard token.flags.contains(.headline) else { break }
            if token.isNumeric || (token.length >= 3 && !headlineFiller.contains(token.hash)) { words.append(index) }
        }
        return words
    }

    /// Hashes of the words any headline may hold, which say nothing of its subject.
    static let headlineFiller: Set<UInt64> = Set([
        "the", "and", "for", "not", "has", "have", "its", "was", "are", "but", "with", "from", "that", "this",
        "into", "over", "than", "will", "says", "said", "say", "after", "before", "about", "new",
        "corp", "inc", "ltd", "plc", "reuter", "reuters",
    ].map(StableHash.string))

    /// Whether two headline words are one: the same text, or (for words, not figures) one an
    /// inflection of the other: the shorter, of four letters or more, begins the longer
    /// (`rate`, `rates`), or they begin with the same five letters (`downgrades`,
    /// `downgraded`; `republic`, `republicbank`).
    static func sameHeadlineWord(_ a: TokenList, _ i: Int, _ b: TokenList, _ j: Int) -> Bool {
        if a[i].hash == b[j].hash { return true }
        if a[i].isNumeric || b[j].isNumeric { return false }
        return a.withBytes(at: i) { x in
            b.withBytes(at: j) { y in
                let shorter = min(x.count, y.count)
                var common = 0
                while common < shorter && x[common] == y[common] { common += 1 }
                return common >= 5 || (common == shorter && shorter >= 4)
            }
        }
    }
}
