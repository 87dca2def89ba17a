import Foundation

/// Turns a story's headline and body into the words the near-duplicate engine compares.
///
/// It absorbs wire noise so that only real changes remain: Unicode NFKC and case folding,
/// curly and straight quotes alike, words hyphenated across a line break joined again, line
/// re-wrapping and indentation ignored, agency sign-offs (a closing `Reuter`, `(AP)`) dropped,
/// punctuation dropped except inside numbers (`1,750`, `6.4`, `6-3/16` stay one word).
public struct WireTokenizer: Sendable {
    public init() {}

    /// Agency names that close a story on their own line or tag a dateline in parentheses.
    static let agencies: Set<String> = ["reuter", "reuters", "ap", "afp", "dpa", "upi", "ansa", "efe", "pa", "cp"]

    /// The headline's words (flagged `.headline`) followed by the body's, less its opening
    /// byline and dateline (``datelineWords(_:)``) and its closing credit line
    /// (``closingCreditWords(_:)``).
    ///
    /// A dateline says where and when a story was filed, not what it says: a re-send the next
    /// day (`MANILA, March 2 -` for `MANILA, March 1 -`), a story filed again from another city,
    /// or a flash's story that opens on one, is the same text. The word after it starts the
    /// lead's sentence.
    public func tokens(headline: String, body: String) -> TokenList {
        var tokens = Self.asciiTokens(headline: headline, body: body) ?? unicodeTokens(headline: headline, body: body)
        Self.dropDateline(of: body, from: &tokens)
        Self.dropClosingCredit(of: body, from: &tokens)
        return tokens
    }

    /// The words of a piece of a body (its opening byline and dateline, its closing credit), as
    /// the tokenizer reads a body.
    static func words(of piece: String) -> TokenList {
        asciiTokens(headline: "", body: piece) ?? WireTokenizer().unicodeTokens(headline: "", body: piece)
    }

    /// Whether `piece`'s words are exactly `tokens`' words from `start` on (by hash): a piece
    /// read on its own is removed only where the whole text reads it the same (a hyphen at a
    /// line's end joined, a curly apostrophe, an agency's tag dropped can differ).
    static func matches(_ piece: TokenList, _ tokens: TokenList, at start: Int) -> Bool {
        start >= 0 && start + piece.count <= tokens.count
            && zip(tokens.tokens[start..<(start + piece.count)], piece.tokens).allSatisfy { $0.hash == $1.hash }
    }

    /// The general path, for any text (``asciiTokens(headline:body:)`` is its fast twin).
    func unicodeTokens(headline: String, body: String) -> TokenList {
        var out = TokenList()
        out.tokens.reserveCapacity(body.utf8.count / 5 + 16)
        scan(Self.prepare(headline), headline: true, into: &out)
        scan(Self.stripSignOff(Self.prepare(body)), headline: false, into: &out)
        return out
    }

    /// NFKC, quote folding, and words hyphenated across a line break joined again.
    static func prepare(_ text: String) -> String {
        // ASCII is its own NFKC form: skip the (costly) normalization for plain wire copy.
        let nfkc = text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        let scalars = Array(nfkc.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            switch s.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4, 0x0060: out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: out.append("\"")
            case 0x00AD: break // soft hyphen
            case 0x2D where i > 0 && isAlphabetic(scalars[i - 1]):
                // "dif-\n    ficulties" → "difficulties": a hyphen at a line's end before a lowercase word.
                var j = i + 1
                var sawNewline = false
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\r" || scalars[j] == "\n" {
                    if scalars[j] == "\n" { sawNewline = true }
                    j += 1
                }
                if sawNewline, j < scalars.count, scalars[j].isASCII ? (scalars[j].value >= 0x61 && scalars[j].value <= 0x7A) : scalars[j].properties.isLowercase {
                    i = j
                    continue
                }
                out.append(s)
            default: out.append(s)
            }
            i += 1
        }
        return String(out)
    }

    /// Drops `(AP)`-style agency tags and closing sign-off lines such as `Reuter` or `-- AFP`.
    static func stripSignOff(_ text: String) -> String {
        var end = text.endIndex
        // Walk back over closing lines that are blank or an agency's name alone.
        while end > text.startIndex {
            let lineStart = text[..<end].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            let line = text[lineStart..<end]
            let word = line.lowercased().filter { $0.isLetter }
            let letters = line.filter { $0.isLetter || $0.isNumber }.count
            guard line.allSatisfy({ $0.isWhitespace }) || (agencies.contains(word) && letters == word.count) else { break }
            end = lineStart == text.startIndex ? lineStart : text.index(before: lineStart)
        }
        let kept = text[..<end]
        guard kept.contains("(") else { return String(kept) }
        // "(AP)", "(Reuters)" …: a parenthesised agency name becomes a space.
        var out = ""
        out.reserveCapacity(kept.utf8.count)
        var rest = kept[...]
        while let open = rest.firstIndex(of: "(") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.prefix(9).firstIndex(of: ")"), agencies.contains(after[..<close].lowercased()),
               !after[..<close].isEmpty {
                out += " "
                rest = after[after.index(after: close)...]
            } else {
                out += "("
                rest = after
            }
        }
        out += rest
        return out
    }

    @inline(__always)
    static func isWord(_ s: Unicode.Scalar) -> Bool { Normalizer.isWordScalar(s) }

    @inline(__always)
    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value >= 0x41 && s.value <= 0x5A) : s.properties.isUppercase
    }

    @inline(__always)
    static func isAlphabetic(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? ((s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A) : s.properties.isAlphabetic
    }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    private func scan(_ text: String, headline: Bool, into out: inout TokenList) {
        let scalars = Array(text.unicodeScalars)
        var current = String.UnicodeScalarView()
        var upper = 0, letters = 0
        var firstUpper = false
        var sentenceStart = true
        var pendingSentenceStart = false
        var newlines = 0

        func flush() {
            guard !current.isEmpty else { return }
            let flags = Token.Flags(capitalized: firstUpper, letters: letters, upper: upper,
                                    sentenceStart: sentenceStart, headline: headline,
                                    numeric: current.first.map(Self.isDigit) ?? false)
            let folded: String
            if current.allSatisfy({ $0.isASCII }) {
                // Case folding of ASCII is lowercasing; skip Foundation for the common case.
                folded = String(decoding: current.map { v -> UInt8 in
                    let b = UInt8(truncatingIfNeeded: v.value)
                    return b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                }, as: UTF8.self)
            } else {
                folded = String(current).folding(options: [.caseInsensitive], locale: nil)
            }
            out.append(folded, flags: flags)
            current = String.UnicodeScalarView()
            upper = 0; letters = 0; firstUpper = false
            sentenceStart = false
        }

        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if Self.isWord(s) {
                if current.isEmpty {
                    if pendingSentenceStart || newlines >= 2 { sentenceStart = true }
                    pendingSentenceStart = false
                    newlines = 0
                    firstUpper = Self.isUppercase(s)
                }
                if Self.isAlphabetic(s) {
                    letters += 1
                    if Self.isUppercase(s) { upper += 1 }
                }
                current.append(s)
            } else if !current.isEmpty, (s == "." || s == "," || s == "/" || s == "-" || s == ":"),
                      Self.isDigit(current[current.index(before: current.endIndex)]),
                      i + 1 < scalars.count, Self.isDigit(scalars[i + 1]) {
                current.append(s)
            } else if !current.isEmpty, s == "'", i + 1 < scalars.count, Self.isAlphabetic(scalars[i + 1]) {
                // company's → companys: an apostrophe inside a word does not split it.
            } else {
                flush()
                if s == "." || s == "!" || s == "?" || s == ":" || s == ";" {
                    // "U.S." and "Corp." end no sentence when a lowercase word follows; the
                    // next capitalized word is treated as a possible sentence start.
                    if s != ";" { pendingSentenceStart = true }
                } else if s == "\n" {
                    newlines += 1
                } else if s == "\t" {
                    newlines = 2 // a tab-indented line starts a paragraph on the wire
                } else if s == " " && i + 3 < scalars.count && newlines == 1 && scalars[i + 1] == " " && scalars[i + 2] == " " {
                    newlines = 2 // an indented line after a break starts a paragraph
                }
            }
            i += 1
        }
        flush()
    }
}
