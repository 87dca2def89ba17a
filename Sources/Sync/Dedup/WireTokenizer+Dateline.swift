/// Datelines: the place (and date) a story was filed from, which opens many wires' first
/// paragraph (`BAMAKO, Mali — Ruling military juntas…`).
extension WireTokenizer {
    /// Removes the words of `body`'s opening byline and dateline from its `tokens`, when they are
    /// exactly its first body words (``matches(_:_:at:)``).
    ///
    /// The word after them starts the lead's sentence.
    @inline(never)
    static func dropDateline(of body: String, from tokens: inout TokenList) {
        guard let opening = opening(of: body), opening.count > 0,
              let first = tokens.tokens.firstIndex(where: { !$0.flags.contains(.headline) }),
              matches(opening, tokens, at: first) else { return }
        tokens.tokens.removeSubrange(first..<(first + opening.count))
        if first < tokens.count { tokens.tokens[first].flags.insert(.sentenceStart) }
    }

    /// The words of `body`'s opening byline and dateline, read on their own, or nil.
    private static func opening(of body: String) -> TokenList? {
        datelineSpan(body).map { words(of: String(String.UnicodeScalarView(body.unicodeScalars.prefix($0)))) }
    }

    /// How many of the tokenizer's words open `body` as its byline and dateline, or 0 when it
    /// opens on neither.
    ///
    /// A byline is a line of its own before the dateline (``bylineSpan(_:from:)``), perhaps with
    /// the writer's title on the next line (`AP Business Writer`), or a paragraph of its own: it
    /// names who wrote the story, not what it says, and a write-through often adds or changes it.
    /// A dateline is up to seven words, each capitalized or a place's connector (`de`, `and`),
    /// a month's day after the month, with commas and a tag in parentheses, closed by a dash
    /// (`-`, `--`, `—`, `–`, or ANPA's `_`) within 100 characters on the first line:
    /// `WASHINGTON (Reuters) -`, `PORTLAND, Maine (AP) _`, `LONDON, March 3 -`,
    /// `Bamako, Ouagadougou, Niamey -`. So that a name followed by a dash ("Barclays - the bank
    /// said", "IBM - International…") is not one, it must hold a comma or a tag, or start with
    /// a word in capitals that is not alone and under four letters; so
    /// that a notice (`CORRECTION -`, `UPDATE -`) is not one, it holds no such word; and so
    /// that a heading (`N.Y. SUGAR FREIGHTS - April 7`) is not one, a sentence must follow the
    /// dash (``opensSentence(_:_:dated:)``). A known agency's tag is not counted: the tokenizer drops it.
    static func datelineWords(_ body: String) -> Int { opening(of: body)?.count ?? 0 }

    /// How many of `body`'s Unicode scalars its byline and dateline take, the dateline's dash
    /// included (leading whitespace too), or nil (``datelineWords(_:)``). The word counts read
    /// here only bound a byline's and a dateline's length.
    static func datelineSpan(_ body: String) -> Int? {
        guard mayOpenOnDateline(body) else { return nil }
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(401)
        for scalar in body.unicodeScalars {
            guard s.count < 400 else {
                // Where the copy stops is no line's end: a noncharacter ends every reading there.
                s.append("\u{FFFF}")
                break
            }
            s.append(scalar)
        }
        let start = skippingSpace(s, from: 0)
        guard let byline = bylineSpan(s, from: start) else { return datelineSpan(s, from: start) }
        let next = skippingSpace(s, from: byline.end)
        if let dateline = datelineSpan(s, from: next) { return dateline }
        // A writer's title on the next line (`By JANE DOE` / `AP Business Writer`), then the dateline.
        if next == byline.end + 1, let title = nameLine(s, from: next, maxWords: 6),
           let dateline = datelineSpan(s, from: skippingSpace(s, from: title.end)) {
            return dateline
        }
        // A byline alone is not followed by a line in lowercase, opens on no day, and is
        // not a line in capitals: a lead wrapped after a few capitalized words ("By Exxon
        // Corp" / "had recalled…", "By Monday, General Motors Corp", "BY LATE TRADING THE
        // DOLLAR HAD FALLEN") is none.
        let paragraph = s[byline.end..<next].filter({ $0 == "\n" }).count >= 2 || next == s.count
        guard !byline.inCapitals, !byline.opensOnATime, paragraph || !s[next].properties.isLowercase else { return nil }
        return byline.end
    }

    /// `from` moved past spaces, tabs and line breaks.
    private static func skippingSpace(_ s: [Unicode.Scalar], from: Int) -> Int {
        var i = from
        while i < s.count && (s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r") { i += 1 }
        return i
    }

    /// A byline on a line of its own at `s[from]` (`By Jane Doe`, `By: JANE DOE and SAM LEE,
    /// Associated Press Writers`): where its line ends, whether the whole line
    /// is in capitals (`BY JANE DOE`), and whether it opens on a day or a time of day
    /// (`By Monday`, ``leadTimeWords``); or nil.
    ///
    /// After `By` (or `By:`) come at most ten words as ``nameLine(_:from:maxWords:)`` reads them;
    /// so that a lead opening on "By" ("By Tuesday the river had risen") is not one, a lowercase
    /// word or a sentence's full stop on that line refuses it.
    static func bylineSpan(_ s: [Unicode.Scalar], from start: Int)
        -> (end: Int, inCapitals: Bool, opensOnATime: Bool)? {
        guard start + 3 < s.count, s[start] == "B", s[start + 1] == "y" || s[start + 1] == "Y" else { return nil }
        var i = start + 2
        if s[i] == ":" { i += 1 }
        guard i < s.count, s[i] == " " || s[i] == "\u{00A0}" else { return nil }
        guard let names = nameLine(s, from: i, maxWords: 10) else { return nil }
        // "By Monday", "By Noon": a lead's time, not a writer. (Not a month: `Jan`, `April`
        // and `June` are writers' names too, and a month's day is a figure, which no name
        // line holds.)
        var first = i
        while first < names.end && !isWord(s[first]) { first += 1 }
        var last = first
        while last < names.end && isAlphabetic(s[last]) { last += 1 }
        let opensOnATime = lowercaseASCII(s, first, last, droppingStops: false).map(leadTimeWords.contains) ?? false
        // In capitals: "BY" and every name.
        return (names.end, names.inCapitals && s[start + 1] == "Y", opensOnATime)
    }

    /// Days and times of day a lead may open on after "By" (`By Tuesday, Exxon Corp`).
    static let leadTimeWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "noon", "midday", "midnight",
        "dawn", "nightfall", "today", "tonight", "tomorrow", "yesterday", "then", "now", "weekend", "christmas",
        "easter", "thanksgiving", "midyear",
    ]

    /// A line of names from `s[from]` to its end: at most `maxWords` words, each capitalized or
    /// a name's connector (`de`, `van`, `and`, `al-` in `al-Masri`, `d'` in `d'Estaing`), with
    /// commas, `&` and initials (`J.`), within 100 characters. Returns the tokenizer's word
    /// count, where the line ends, and whether every letter is a capital; nil for anything
    /// else (a lowercase word, a longer word ending on a full stop, a dash).
    private static func nameLine(_ s: [Unicode.Scalar], from start: Int, maxWords: Int)
        -> (words: Int, end: Int, inCapitals: Bool)? {
        var i = start
        var names = 0
        var inCapitals = true
        while i < s.count && s[i] != "\n" && s[i] != "\r" {
            guard i - start <= 100 else { return nil }
            let c = s[i]
            if c == " " || c == "\t" || c == "\u{00A0}" || c == "," || c == "&" {
                i += 1
                continue
            }
            guard isWord(c) else { return nil }
            var end = i
            while end < s.count && (isWord(s[end]) || s[end] == "." || s[end] == "'" || s[end] == "\u{2019}" || s[end] == "-") {
                end += 1
            }
            let chunk = s[i..<end]
            if !isUppercase(c) {
                // A connector, alone or joined to the name it opens.
                let joint = chunk.firstIndex(where: { $0 == "-" || $0 == "'" || $0 == "\u{2019}" }) ?? end
                guard let bare = lowercaseASCII(s, i, joint, droppingStops: false), bylineConnectors.contains(bare) else { return nil }
            } else if chunk.last == "." {
                // Initials (`J.`, `J.R.`) and `Jr.`/`St.`; a longer word ending a sentence is no name.
                guard chunk.count <= 3 || chunk.filter({ $0 == "." }).count * 2 >= chunk.count else { return nil }
            }
            if chunk.contains(where: { $0.properties.isLowercase }) { inCapitals = false }
            names += tokenizerWords(chunk)
            guard names <= maxWords else { return nil }
            i = end
        }
        guard names > 0 else { return nil }
        return (names, i, inCapitals)
    }

    /// Where the dateline at `s[start]` ends, its dash included (``datelineSpan(_:)``, without a
    /// byline before it).
    private static func datelineSpan(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        var words = 0
        var startsInCapitals = false, sawComma = false, sawTag = false, afterMonth = false, sawDay = false
        var firstLetters = 0
        while i < s.count {
            guard i - start <= 100, words <= 7 else { return nil }
            let c = s[i]
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            if c == "," {
                sawComma = true
                i += 1
                continue
            }
            if c == "(" {
                // An agency's tag, which the tokenizer drops, or another source's
                // (`(Bloomberg)`), whose words it keeps.
                var close = i + 1
                while close < s.count && close - i <= 21 && s[close] != ")" && s[close] != "\n" { close += 1 }
                guard close < s.count, s[close] == ")", close > i + 1, isUppercase(s[i + 1]),
                      s[(i + 1)..<close].allSatisfy({ isAlphabetic($0) || $0 == " " }) else { return nil }
                if close - i - 1 > 8 || !(lowercaseASCII(s, i + 1, close, droppingStops: false).map(agencies.contains) ?? false) {
                    words += tokenizerWords(s[(i + 1)..<close])
                }
                sawTag = true
                i = close + 1
                continue
            }
            if let dash = dashLength(s, i) {
                // A lone short word in capitals is a company's initials as often as a place.
                let place = sawComma || sawTag || (startsInCapitals && (words > 1 || firstLetters >= 4))
                guard words > 0, place, opensSentence(s, i + dash, dated: sawComma && sawDay) else { return nil }
                return i + dash
            }
            guard isWord(c) else { return nil }
            if afterMonth && isDigit(c) {
                // The month's day, which may carry the dash (`March 2- Shr 18 cts`).
                var end = i
                while end < s.count && isDigit(s[end]) { end += 1 }
                guard end - i <= 2 else { return nil }
                sawDay = true
                if end + 1 < s.count && s[end] == "-" && (s[end + 1] == " " || s[end + 1] == "\t") {
                    words += 1
                    afterMonth = false
                    i = end
                    continue
                }
            }
            // One space-separated chunk: "Maine", "St.", "D.C.", "Martha's", "Stratford-upon-Avon".
            var end = i
            while end < s.count && (isWord(s[end]) || s[end] == "." || s[end] == "'" || s[end] == "\u{2019}" || s[end] == "-") {
                end += 1
            }
            let bare = lowercaseASCII(s, i, end, droppingStops: true)
            if let bare, noticeWords.contains(bare) { return nil }
            if isDigit(c) {
                guard afterMonth, end - i <= 2, s[i..<end].allSatisfy(isDigit) else { return nil }
            } else if !isUppercase(c) && !(bare.map(datelineConnectors.contains) ?? false)
                        && !(words > 0 && isMonthBeforeDay(bare, s, end)) {
                return nil
            }
            if words == 0 {
                let letters = s[i..<end].filter(isAlphabetic)
                startsInCapitals = letters.count >= 2 && letters.allSatisfy(isUppercase)
                firstLetters = letters.count
            }
            afterMonth = bare.map(DifferenceAnalysis.monthWords.contains) ?? false
            words += tokenizerWords(s[i..<end])
            i = end
        }
        return nil
    }

    /// The ASCII letters of `s[start..<end]` lowercased (without full stops when
    /// `droppingStops`: `Nov.` is `nov`), when they are a few: a month's, a connector's, a
    /// notice's or an agency's name; else nil.
    private static func lowercaseASCII(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, droppingStops: Bool) -> String? {
        guard end - start <= 12 else { return nil }
        var bytes: [UInt8] = []
        for scalar in s[start..<end] where !(droppingStops && scalar == ".") {
            guard scalar.isASCII else { return nil }
            let b = UInt8(scalar.value)
            bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bare` is a month's name (`march`, `feb`) and a day follows it at `s[end]`:
    /// a dateline's date, even typed in lowercase (`Caracas, feb 26 -`).
    private static func isMonthBeforeDay(_ bare: String?, _ s: [Unicode.Scalar], _ end: Int) -> Bool {
        guard let bare, DifferenceAnalysis.monthWords.contains(bare) else { return false }
        var k = end
        while k < s.count && s[k] == " " { k += 1 }
        return k < s.count && isDigit(s[k])
    }

    /// Whether the first line of `body` has, within 100 bytes of its start, a dash that could
    /// close a dateline, after a capital letter and with no lowercase word longer than four
    /// letters nor figure of three digits before it.
    ///
    /// Most bodies do not, and are told so without decoding a character.
    private static func mayOpenOnDateline(_ body: String) -> Bool {
        if let found = body.utf8.withContiguousStorageIfAvailable({ mayOpenOnDateline(bytes: $0) }) { return found }
        return Array(body.utf8.prefix(400)).withUnsafeBufferPointer { mayOpenOnDateline(bytes: $0) }
    }

    private static func mayOpenOnDateline(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D) { i += 1 }
        guard i < bytes.endIndex, (bytes[i] >= 0x41 && bytes[i] <= 0x5A) || bytes[i] >= 0x80 else { return false }
        // "By ", "BY ", "By:" or "By" and a no-break space: a byline, and perhaps a dateline after it.
        if bytes[i] == 0x42 && i + 2 < bytes.endIndex && (bytes[i + 1] == 0x79 || bytes[i + 1] == 0x59)
            && (bytes[i + 2] == 0x20 || bytes[i + 2] == 0x3A || bytes[i + 2] == 0xC2) {
            return true
        }
        let end = min(bytes.endIndex, i + 100)
        var wordStart = true
        while i < end {
            let b = bytes[i]
            if b == 0x0A { return false }
            // A word that starts in lowercase, longer than a place's connector (`de`, `upon`),
            // is a sentence's.
            if wordStart && b >= 0x61 && b <= 0x7A {
                var k = i
                var packed: UInt64 = 0
                while k < min(bytes.endIndex, i + 5) && bytes[k] >= 0x61 && bytes[k] <= 0x7A {
                    packed = packed << 8 | UInt64(bytes[k])
                    k += 1
                }
                // A month in lowercase (`march 4`) may be a dateline's, checked in full later.
                if k - i > 4 && !longMonthPrefixes.contains(packed) { return false }
            }
            // Nor is a figure of three digits or more (a day has two).
            if wordStart && b >= 0x30 && b <= 0x39 && i + 2 < bytes.endIndex && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39
                && bytes[i + 2] >= 0x30 && bytes[i + 2] <= 0x39 { return false }
            wordStart = b == 0x20 || b == 0x09 || b == 0x2C
            let next = i + 1 < bytes.endIndex ? bytes[i + 1] : 0x20
            if (b == 0x2D || b == 0x5F) && (next == 0x20 || next == 0x09 || next == 0x2D) { return true }  // "- ", "_ ", "--"
            if b == 0xE2 && next == 0x80 && i + 2 < bytes.endIndex && (bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94) { return true }
            i += 1
        }
        return false
    }

    /// Whether what follows a dash (at `from` in `s`) reads as a sentence's start, not a
    /// heading's rest or a table.
    ///
    /// Within its first twelve words and its paragraph (which a blank line, or a line break
    /// before an indent, ends), a word starts with a lowercase letter; before it, the first
    /// word is capitalized, none is a month (`N.Y. SUGAR FREIGHTS - April 7`), and the
    /// dash's line is not all capitals (`FED ADDS RESERVES - CUSTOMER REPOS`).
    ///
    /// After a dateline with its own date (`LONDON, March 3 -`), what follows needs no capital
    /// and may open on another date (`Jan 31 end`, a results table's period; `the U.S.
    /// Agriculture Department`): only a lowercase word in the paragraph, and no line in capitals.
    private static func opensSentence(_ s: [Unicode.Scalar], _ from: Int, dated: Bool) -> Bool {
        var i = from
        var words = 0
        var newlines = 0
        var firstLineMixed = false
        while i < s.count && i - from < 160 && words < 12 {
            let c = s[i]
            if c == "\n" {
                newlines += 1
                // A blank line, or a line break before an indent, ends the paragraph; a
                // heading's rest is in capitals to the end of its line.
                if newlines >= 2 || (newlines == 1 && !firstLineMixed) { return false }
                if i + 1 < s.count && (s[i + 1] == "\t" || (i + 3 < s.count && s[i + 1] == " " && s[i + 2] == " " && s[i + 3] == " ")) {
                    return false
                }
                i += 1
                continue
            }
            if c == " " || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            var end = i
            while end < s.count && s[end] != " " && s[end] != "\t" && s[end] != "\n" && s[end] != "\r" { end += 1 }
            let word = s[i..<end]
            if words == 0 && !dated {
                guard let initial = word.first(where: { isAlphabetic($0) || isDigit($0) }), isUppercase(initial) else { return false }
            }
            if c.properties.isLowercase { return true }
            // A month before a figure is a heading's date (`SUGAR FREIGHTS - April 7`); before a
            // word it opens a sentence (`February volume rose`, `May Department Stores said`).
            if !dated, let bare = lowercaseASCII(s, i, end, droppingStops: true), isMonthBeforeDay(bare.filter(\.isLetter), s, end) {
                return false
            }
            if newlines == 0 && word.contains(where: { $0.properties.isLowercase }) { firstLineMixed = true }
            newlines = 0
            words += 1
            i = end
        }
        return false
    }

    /// The length of the dash at `s[i]` that closes a dateline, or nil: an en or em dash,
    /// `--`, or `-` or `_` followed by a space or the end.
    private static func dashLength(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        let first = s[i]
        if first == "\u{2014}" || first == "\u{2013}" { return 1 }
        guard first == "-" || first == "_" else { return nil }
        let second: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
        if first == "-" && second == "-" { return 2 }
        return second == " " || second == "\t" || second == nil ? 1 : nil
    }

    /// How many words the tokenizer makes of `chunk`: runs of letters and digits, an
    /// apostrophe before a letter joining them (`Martha's`), and `.`, `,`, `/`, `-` or `:`
    /// between two digits too (`A380-800`).
    static func tokenizerWords(_ chunk: ArraySlice<Unicode.Scalar>) -> Int {
        var count = 0
        var inWord = false
        var index = chunk.startIndex
        while index < chunk.endIndex {
            let s = chunk[index]
            if isWord(s) {
                if !inWord { count += 1 }
                inWord = true
            } else if inWord, index + 1 < chunk.endIndex {
                let before = chunk[index - 1], after = chunk[index + 1]
                let joinsFigures = (s == "." || s == "," || s == "/" || s == "-" || s == ":") && isDigit(before) && isDigit(after)
                let joinsLetters = (s == "'" || s == "\u{2019}") && isAlphabetic(after)
                inWord = joinsFigures || joinsLetters
            } else {
                inWord = false
            }
            index += 1
        }
        return count
    }

    /// Lowercase words a place's name may hold (`Rio de Janeiro`, `Trinidad and Tobago`).
    static let datelineConnectors: Set<String> = [
        "de", "da", "do", "dos", "del", "la", "le", "of", "on", "upon", "am", "sur", "en", "and", "y", "et",
    ]

    /// The first five letters of each month's name longer than four, packed as the byte
    /// pre-check reads them (`march` → 0x6D_61_72_63_68).
    private static let longMonthPrefixes: [UInt64] =
        ["march", "april", "augus", "septe", "octob", "novem", "decem", "janua", "febru"].map { word in
            word.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }

    /// Lowercase words a byline's names may hold (`Ana de Souza`, `Jan van Dijk`, `Jane Doe and Sam Lee`), alone
    /// or joined to the name (`al-Masri`, `d'Estaing`).
    static let bylineConnectors: Set<String> = [
        "and", "de", "da", "do", "dos", "del", "della", "di", "du", "d", "l", "van", "von", "der", "den", "ter", "ten", "zu",
        "la", "le", "y", "bin", "bint", "ibn", "al", "el",
    ]

    /// Words that open a notice, not a place: an item that says it corrects must keep saying so.
    static let noticeWords: Set<String> = [
        "correction", "corrected", "corrects", "correcting", "update", "updated", "updates", "urgent", "note", "notes",
        "editors", "editor", "repeat", "rpt", "refile", "refiled", "flash", "bulletin", "advisory", "alert", "kill",
        "withdrawal", "withdrawn", "embargo", "embargoed", "clarification", "adds", "writethru",
    ]
}
