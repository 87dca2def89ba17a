/// Headlines as evidence: items whose headlines share no word, where the text alone cannot
/// tell that they are one story.
extension Verifier {
    /// How two items whose headlines share no word differ, when that makes them two stories.
    enum HeadlineObjection: Equatable {
        /// One item is a small part of the other, which is titled for something else: a
        /// roundup or digest ("COMMODITY HIGHLIGHTS") rewording a short item.
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
    /// smaller has fewer than ``DedupParameters/noticeWords`` words outside its headline, and
    /// the two texts are not one with a new headline: never for a flash and its story
    /// (`flash`), nor when `containment` (the share of the smaller's shingles inside the
    /// larger's) is ``DedupParameters/retitledContainment`` or more. A roundup rewords what it
    /// quotes; a re-send or write-through under a new headline keeps the text. Each headline
    /// must have at least two distinct words that can testify (``headlineWords(_:)``): a
    /// missing or placeholder headline says nothing.
    func headlineObjection(new: Sketch, old: Sketch, containment: Double, flash: FlashSide? = nil) -> HeadlineObjection? {
        guard flash == nil, containment < parameters.retitledContainment else { return nil }
        let smaller = min(new.shingles.count, old.shingles.count)
        let larger = max(new.shingles.count, old.shingles.count)
        let roundup = larger > parameters.roundupRatio * max(smaller, 1)
        let notice = min(new.bodyWordCount, old.bodyWordCount) < parameters.noticeWords
        guard roundup || notice else { return nil }
        let newWords = Self.headlineWords(new.tokens), oldWords = Self.headlineWords(old.tokens)
        guard Self.distinctCount(newWords, new.tokens) >= 2, Self.distinctCount(oldWords, old.tokens) >= 2 else { return nil }
        for a in newWords {
            for b in oldWords where Self.sameHeadlineWord(new.tokens, a, old.tokens, b) { return nil }
        }
        if roundup { return .roundup(newIsRoundup: new.shingles.count > old.shingles.count) }
        return .notice
    }

    /// The indices of the headline's words that can testify to its subject: figures, and
    /// words of two or more bytes of text (`GM`, `EC`, `cuts`) other than a few that any
    /// headline may hold (`to`, `and`, `says`, `corp`).
    static func headlineWords(_ tokens: TokenList) -> [Int] {
        var words: [Int] = []
        for index in tokens.indices {
            let token = tokens[index]
            guard token.flags.contains(.headline) else { break }
            if token.isNumeric || (token.length >= 2 && !headlineFiller.contains(token.hash)) { words.append(index) }
        }
        return words
    }

    /// How many different words `words` (indices into `tokens`) holds.
    static func distinctCount(_ words: [Int], _ tokens: TokenList) -> Int {
        Set(words.map { tokens[$0].hash }).count
    }

    /// Hashes of the words any headline may hold, which say nothing of its subject.
    static let headlineFiller: Set<UInt64> = Set([
        "to", "of", "in", "on", "at", "by", "up", "as", "is", "it", "be", "no", "or", "an",
        "the", "and", "for", "not", "has", "have", "its", "was", "are", "but", "with", "from", "that", "this",
        "into", "over", "than", "will", "says", "said", "say", "after", "before", "about", "new",
        "corp", "inc", "ltd", "plc", "reuter", "reuters",
    ].map(StableHash.string))

    /// Whether two headline words are one: figures of the same value (`1,750`, `1750`); or
    /// words with the same text, or one an inflection of the other: the shorter, of four
    /// bytes or more, begins the longer (`rate`, `rates`), or of three, begins a longer by at
    /// most two (`cut`, `cuts`; `tax`, `taxes`), or they begin with the same five bytes
    /// (`downgrades`, `downgraded`; `republic`, `republicbank`). Two-byte words (`GM`) must be
    /// the same.
    static func sameHeadlineWord(_ a: TokenList, _ i: Int, _ b: TokenList, _ j: Int) -> Bool {
        if a[i].hash == b[j].hash { return true }
        if a[i].isNumeric || b[j].isNumeric {
            guard a[i].isNumeric && b[j].isNumeric, let x = NumberValue.value(ofWordAt: i, in: a),
                  let y = NumberValue.value(ofWordAt: j, in: b) else { return false }
            return x == y
        }
        return a.withBytes(at: i) { x in
            b.withBytes(at: j) { y in
                let shorter = min(x.count, y.count), longer = max(x.count, y.count)
                var common = 0
                while common < shorter && x[common] == y[common] { common += 1 }
                if common >= 5 { return true }
                guard common == shorter else { return false }
                return shorter >= 4 || (shorter == 3 && longer - shorter <= 2)
            }
        }
    }
}
