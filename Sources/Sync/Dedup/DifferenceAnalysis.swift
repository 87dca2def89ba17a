/// What differs between two texts that share most of their words, word by word.
///
/// Added or removed sentences are what new versions do; a swapped name (another company,
/// fund, market or place) or a changed figure (another price, week, hour or amount) inside
/// otherwise identical text is what template look-alikes do. The analysis aligns the words
/// and classifies each changed run of at most `maxSubstitution` words on both sides.
public struct DifferenceAnalysis: Sendable, Equatable {
    /// Changed figures as (old, new) word runs.
    public var figureChanges: [Change] = []
    /// Swapped names as (old, new) word runs.
    public var nameChanges: [Change] = []
    /// Figure changes that are clock times or dates (another hour's table, another day's
    /// report): never excused as corrections.
    public var timeChanges = 0
    /// Of ``timeChanges``, those that replace a market report's session label
    /// (``isSessionChange(_:_:_:_:)``): a label fixed minutes after a report is a correction.
    public var sessionChanges = 0
    /// Words only in the new text (insertions and long rewrites).
    public var addedWords = 0
    /// Words only in the old text.
    public var removedWords = 0
    /// False when the texts were too far apart to align word by word.
    public var aligned = true
    /// Figures of the new text that the old text has too (unchanged figures).
    public var sharedFigures = 0
    /// Figure changes with a figure on the old side, and with one on the new side (a change
    /// may count in both): between a flash and its story, a change whose flash side holds
    /// a figure is the story's other figures aligned against the flash's.
    public var figureChangesWithOldFigures = 0
    public var figureChangesWithNewFigures = 0
    /// Of ``timeChanges``, those with a figure on the old side, and on the new side.
    public var timeChangesWithOldFigures = 0
    public var timeChangesWithNewFigures = 0

    public struct Change: Sendable, Equatable, CustomStringConvertible {
        public var old: String
        public var new: String
        public var description: String { "\(old) → \(new)" }
    }

    /// Weekday and relative-day words: a re-send the next day may say "Tuesday" for "today".
    static let dayWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "yesterday", "tomorrow", "tonight",
    ]
    /// Capitalized words that name nothing: titles, corporate suffixes, common wire words.
    static let notNames: Set<String> = [
        "mr", "mrs", "ms", "dr", "inc", "co", "corp", "corporation", "ltd", "plc", "llc", "lp",
        "group", "company", "the", "a", "an", "and", "of", "in", "for", "on", "at", "to", "by",
        "said", "says", "reuter", "reuters", "ap", "afp", "st", "jr", "sr", "cts", "dlrs", "pct",
        "vs", "mln", "billion", "qtr", "shr", "net", "revs", "note", "i", "ii", "iii",
    ]

    public init() {}

    /// Compares `old` with `new`; `newProfile`, when given, is `new`'s ``TextProfile`` (worked
    /// out once by a caller comparing `new` with many texts).
    public static func analyze(old: TokenList, new: TokenList, maxSubstitution: Int, newProfile: TextProfile? = nil) -> DifferenceAnalysis {
        var result = DifferenceAnalysis()
        guard let hunks = TokenAlignment.hunks(old.map(\.hash), newProfile?.hashes ?? new.map(\.hash)) else {
            result.aligned = false
            result.addedWords = new.count
            result.removedWords = old.count
            return result
        }
        // Each side's words (by hash), built only when a hunk needs the name test.
        var words: (old: Set<UInt64>, new: Set<UInt64>)?
        let oldValues = FigureIndex(NumberValue.values(old, 0..<old.count))
        let newFigures = newProfile?.figures ?? NumberValue.values(new, 0..<new.count)
        let newValues = FigureIndex(newFigures)
        result.sharedFigures = newFigures.filter { oldValues.contains($0) }.count
        // In a text set in capitals, capitals say nothing about names.
        let shouting = isShouting(old) || (newProfile?.shouting ?? isShouting(new))
        // In a short item (a table line, a flash) a figure swapped for a word is another item.
        let short = min(old.count, new.count) < 30
        // Every word may be a name in a short item, and between two short texts in capitals:
        // two flashes, each its headline twice ("NATIONAL WESTMINSTER BANK SAYS…" and
        // "BARCLAYS BANK SAID…"), are longer than 30 words but differ only in whom they name.
        let everyWordCanName = short
            || (max(old.bodyWordCount, new.bodyWordCount) < 30 && isShouting(old) && (newProfile?.shouting ?? isShouting(new)))
        for hunk in hunks {
            result.addedWords += hunk.newRange.count
            result.removedWords += hunk.oldRange.count
            guard !hunk.oldRange.isEmpty, !hunk.newRange.isEmpty,
                  hunk.oldRange.count <= maxSubstitution, hunk.newRange.count <= maxSubstitution else { continue }
            // Its words as text only for a hunk that is a change (most are not).
            let change = {
                Change(old: old.texts(hunk.oldRange).joined(separator: " "), new: new.texts(hunk.newRange).joined(separator: " "))
            }
            // A figure whose decimal comma was fixed to a point (`2,29` → `2.29`) is one figure.
            if isRepunctuated(old, hunk.oldRange, new, hunk.newRange) { continue }
            let x = NumberValue.values(old, hunk.oldRange), y = NumberValue.values(new, hunk.newRange)
            // A headline that gained or lost a figure facing words (`1ST QTR NET` → `1ST QTR
            // MAR 31`) above bodies that carry the figures: the bodies' own hunks say whether
            // the figures changed. A headline-only item has no body to say it.
            if x.isEmpty != y.isEmpty, old.bodyWordCount > 0, new.bodyWordCount > 0,
               isHeadline(old, hunk.oldRange), isHeadline(new, hunk.newRange) {
                continue
            }
            // A market report's time label replaced by another (`LONDON SEEDS 1330` → `LONDON
            // SEEDS CLOSING`): another snapshot of the market, never a correction.
            if isSessionChange(old, hunk.oldRange, new, hunk.newRange) {
                result.figureChanges.append(change())
                result.timeChanges += 1
                result.sessionChanges += 1
                continue
            }
            if figureChanged(x, y, oldValues: oldValues, newValues: newValues, short: short) {
                result.figureChanges.append(change())
                if !x.isEmpty { result.figureChangesWithOldFigures += 1 }
                if !y.isEmpty { result.figureChangesWithNewFigures += 1 }
                if isTimeOrDate(old, hunk.oldRange) || isTimeOrDate(new, hunk.newRange) {
                    result.timeChanges += 1
                    if !x.isEmpty { result.timeChangesWithOldFigures += 1 }
                    if !y.isEmpty { result.timeChangesWithNewFigures += 1 }
                }
            } else {
                let sets = words ?? (Set(old.lazy.map(\.hash)), Set(new.lazy.map(\.hash)))
                words = sets
                if nameChanged(old: old, hunk.oldRange, new: new, hunk.newRange, oldWords: sets.old, newWords: sets.new,
                               anyWord: everyWordCanName, capitalsMeaningless: shouting) {
                    result.nameChanges.append(change())
                }
            }
        }
        return result
    }

    /// Both sides hold figures, they differ, and one side's figure appears nowhere in the
    /// other text (a moved figure is a rewrite, not a change). `x` and `y` are the figures of
    /// a hunk's old and new runs.
    static func figureChanged(_ x: [Double], _ y: [Double], oldValues: FigureIndex, newValues: FigureIndex, short: Bool) -> Bool {
        if short && x.isEmpty != y.isEmpty { return true }
        guard !x.isEmpty, !y.isEmpty else { return false }
        let xs = x.sorted(), ys = y.sorted()
        if xs.count == ys.count && zip(xs, ys).allSatisfy({ NumberValue.same($0, $1) }) { return false }
        let newFigure = y.contains { !oldValues.contains($0) }
        let goneFigure = x.contains { !newValues.contains($0) }
        return newFigure || goneFigure
    }

    /// Whether every word of the run is in the headline.
    static func isHeadline(_ tokens: TokenList, _ range: Range<Int>) -> Bool {
        range.allSatisfy { tokens[$0].flags.contains(.headline) }
    }

    /// Months, in full and abbreviated.
    static let monthWords: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ]

    /// Words that make a neighbouring figure a clock time or a date.
    static let timeWords = HashedWordSet(monthWords.union([
        "gmt", "est", "edt", "cst", "cdt", "pst", "pdt", "bst", "cet", "utc", "hrs", "hours", "local",
        "am", "pm", "week", "weeks", "ended", "ending",
    ]))

    /// True when the run, or a word right beside it, marks its figure as a time or a date.
    ///
    /// Read from the words' hashes and bytes: it runs for every changed figure of every
    /// candidate a templated feed proposes, and making each word's text cost more than the rest.
    static func isTimeOrDate(_ tokens: TokenList, _ range: Range<Int>) -> Bool {
        let low = max(0, range.lowerBound - 2), high = min(tokens.count, range.upperBound + 2)
        for i in low..<high {
            if timeWords.contains(tokens, i) || (tokens[i].isNumeric && tokens.word(at: i, contains: 0x3A)) { return true }  // 0x3A: ":"
            if tokens.word(at: i, is: "a") || tokens.word(at: i, is: "p"), i + 1 < tokens.count, tokens.word(at: i + 1, is: "m") {
                return true
            }
        }
        return false
    }

    /// True when most of the body's words are set in capitals.
    static func isShouting(_ tokens: TokenList) -> Bool {
        var caps = 0, words = 0
        for t in tokens where !t.flags.contains(.headline) && !t.isNumeric {
            words += 1
            if t.flags.contains(.allCaps) { caps += 1 }
        }
        return words > 0 && caps * 2 > words
    }

    /// True when `a` and `b` are one word, one of them misspelt: two neighbouring letters
    /// swapped, or one letter left out or put in. Both are letters only and the shorter has
    /// six at least; a changed letter does not count (`Carter` and `Carver` are two people,
    /// `Iran` and `Iraq` two countries).
    static func isMisspelling(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x != y, min(x.count, y.count) >= 6,
              (x + y).allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return false }
        return x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in oneEdit(x, y, changingAByte: false) } }
    }

    /// True when `a` and `b` (case-folded words) are two spellings of one word: a misspelling
    /// (``isMisspelling(_:_:)``), two of the wire's abbreviations of one word (``variants``),
    /// or one number in words and in digits (`three` and `3`).
    static func isRespelling(_ a: String, _ b: String) -> Bool {
        guard a != b else { return false }
        if isMisspelling(a, b) { return true }
        if let x = variants[a], let y = variants[b] { return x == y }
        guard let x = NumberValue.parse(a), let y = NumberValue.parse(b) else { return false }
        return x == y
    }

    /// The wire's abbreviations, each with the word it abbreviates (the value names the word;
    /// two keys with one value are two spellings of it): words that name nothing by
    /// themselves (`Intl` is in many companies' names).
    static let variants: [String: String] = {
        let groups: [[String]] = [
            ["qtly", "qtrly", "quarterly"], ["qtr", "quarter"], ["qtrs", "quarters"],
            ["dlr", "dlrs", "dollar", "dollars"], ["ct", "cts", "cent", "cents"],
            ["mln", "mn", "million"], ["bln", "bn", "billion"], ["pct", "percent"],
            ["shr", "share"], ["shrs", "shares"], ["div", "dividend"], ["divs", "dividends"],
            ["rev", "revenue"], ["revs", "revenues"], ["avg", "average"], ["yr", "year"], ["yrs", "years"],
            ["mth", "mo", "month"], ["mths", "mos", "months"], ["wk", "week"], ["wks", "weeks"],
            ["govt", "government"], ["dept", "department"], ["assn", "assoc", "association"],
            ["mfg", "manufacturing"], ["svcs", "services"], ["bros", "brothers"], ["ltd", "limited"],
            ["inc", "incorporated"], ["co", "company"], ["corp", "corporation"], ["vs", "versus"],
            ["oper", "operating"], ["chmn", "chairman"], ["pres", "president"], ["exec", "executive"],
            ["intl", "international"], ["natl", "national"],
        ]
        var table: [String: String] = [:]
        for group in groups { for word in group { table[word] = group.last! } }
        return table
    }()

    /// Words that stand for a name already given.
    static let pronouns: Set<String> = ["it", "its", "he", "his", "him", "she", "her", "hers", "they", "their", "theirs", "them"]

    /// Whether `x` and `y` are equal, or one edit apart: a byte inserted or dropped, two
    /// neighbouring bytes swapped, or (with `changingAByte`) one byte changed.
    static func oneEdit(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, changingAByte: Bool) -> Bool {
        guard abs(x.count - y.count) <= 1 else { return false }
        var p = 0
        while p < x.count && p < y.count && x[p] == y[p] { p += 1 }
        var s = 0
        while s < x.count - p && s < y.count - p && x[x.count - 1 - s] == y[y.count - 1 - s] { s += 1 }
        // What is left of each between the common prefix and suffix.
        let dx = x.count - p - s, dy = y.count - p - s
        if dx + dy <= 1 || (changingAByte && dx == 1 && dy == 1) { return true }
        return dx == 2 && dy == 2 && x[p] == y[p + 1] && x[p + 1] == y[p]
    }

    /// True when the run is one figure on each side, written with the same characters except
    /// that a comma on one side is a point on the other (`2,29` → `2.29`): a decimal comma
    /// fixed, not another figure.
    static func isRepunctuated(_ old: TokenList, _ a: Range<Int>, _ new: TokenList, _ b: Range<Int>) -> Bool {
        guard a.count == 1, b.count == 1, old[a.lowerBound].isNumeric, new[b.lowerBound].isNumeric else { return false }
        return old.withBytes(at: a.lowerBound) { x in
            new.withBytes(at: b.lowerBound) { y in
                guard x.count == y.count else { return false }
                var swapped = false
                for (p, q) in zip(x, y) where p != q {
                    guard (p == 0x2C && q == 0x2E) || (p == 0x2E && q == 0x2C) else { return false }
                    swapped = true
                }
                return swapped
            }
        }
    }

    /// The words that name a market session in a report's title (`LONDON SEEDS CLOSING`).
    static let sessionWords: Set<String> = ["opening", "closing", "midday", "midsession", "noon"]

    /// True when the run is one word on each side and one of them names a market session,
    /// the other another session or a clock time (`1330` → `closing`): two snapshots of one
    /// market. Only that shape counts; "this morning" → "this afternoon" in a story's text is
    /// a write-through's update.
    static func isSessionChange(_ old: TokenList, _ a: Range<Int>, _ new: TokenList, _ b: Range<Int>) -> Bool {
        guard a.count == 1, b.count == 1 else { return false }
        func session(_ tokens: TokenList, _ i: Int) -> Bool { !tokens[i].isNumeric && sessionWords.contains(tokens.text(at: i)) }
        func clock(_ tokens: TokenList, _ i: Int) -> Bool {
            guard tokens[i].isNumeric, tokens[i].length == 4,
                  let value = NumberValue.value(ofWordAt: i, in: tokens), value == value.rounded() else { return false }
            return value < 2400 && value.truncatingRemainder(dividingBy: 100) < 60
        }
        let i = a.lowerBound, j = b.lowerBound
        return (session(old, i) && (session(new, j) || clock(new, j))) || (session(new, j) && clock(old, i))
    }

    /// A capitalized word in the body (not starting a sentence, not a title or suffix, not
    /// an initial) on one side that the other text never uses, facing a different word.
    /// `oldWords` and `newWords` hold each text's word hashes.
    ///
    /// In a short item, or between two short texts in capitals (`anyWord`), every content word
    /// counts: a flash names its subject in its first word. Where capitals mean nothing (a text set in capitals) and the item is
    /// not short, no word counts.
    static func nameChanged(old: TokenList, _ a: Range<Int>, new: TokenList, _ b: Range<Int>,
                            oldWords: Set<UInt64>, newWords: Set<UInt64>, anyWord: Bool, capitalsMeaningless: Bool) -> Bool {
        if capitalsMeaningless && !anyWord { return false }
        func names(_ tokens: TokenList, _ range: Range<Int>, absentFrom other: Set<UInt64>) -> [String] {
            range.compactMap { i in
                let t = tokens[i]
                guard !t.flags.contains(.headline),
                      anyWord || (t.flags.contains(.capitalized) && !t.flags.contains(.sentenceStart)),
                      !t.isNumeric, !other.contains(t.hash) else { return nil }
                let text = tokens.text(at: i)
                guard text.count >= 2, !notNames.contains(text), !dayWords.contains(text) else { return nil }
                return text
            }
        }
        let gone = names(old, a, absentFrom: newWords), came = names(new, b, absentFrom: oldWords)
        guard !gone.isEmpty || !came.isEmpty else { return false }
        let oldRun = old.texts(a), newRun = new.texts(b)
        // A pronoun made the name it stood for ("boost its ailing economy" → "boost Cairo's
        // ailing economy"), or the other way round: the same subject, named.
        if (gone.isEmpty && oldRun.allSatisfy(pronouns.contains)) || (came.isEmpty && newRun.allSatisfy(pronouns.contains)) {
            return false
        }
        // A word respelled: a misspelt name fixed ("Braodacasting" → "Broadacasting",
        // "Sonoira" → "Sonora"), the wire's other abbreviation ("Qtly" → "Qtrly"), a number
        // written out or in digits ("April Three" → "April 3"). Every name that went is a
        // respelling of a word that came, and the other way round.
        if gone.allSatisfy({ name in newRun.contains { isRespelling(name, $0) } })
            && came.allSatisfy({ name in oldRun.contains { isRespelling(name, $0) } }) {
            return false
        }
        // "Corp" for "Corporation", "Intl" for "International": a prefix is a respelling.
        let otherSide = gone.isEmpty ? oldRun : newRun
        for name in gone + came {
            if otherSide.contains(where: { $0 != name && ($0.hasPrefix(name) || name.hasPrefix($0)) }) { return false }
        }
        return true
    }
}
