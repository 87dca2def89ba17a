import Foundation

/// Folds a story's text into the canonical form that exact-duplicate detection hashes.
///
/// Steps: Unicode NFKC, case folding, curly quotes and dashes to their ASCII forms, every run
/// of punctuation and whitespace collapsed to one space, leading and trailing space removed.
/// Two files whose normalized texts are equal are the same copy (re-wrapped lines, CRLF line
/// ends, trailing spaces or a different quote style do not make a new version).
///
/// Two kinds of punctuation change what a figure says and are kept: a currency sign (`$`, `€`,
/// `£`: `$10 billion` and `€10 billion` are two texts) and a figure's sign, a `-`, `+`, `−`
/// (U+2212) or a dash set for a minus (U+2010–U+2013), kept as `-` or `+`, that follows a
/// separator and precedes a digit or a currency sign (`-0.2%` and `+0.2%`, `$5.2` and `-$5.2`
/// are two texts; the hyphen of `1986-87` or `euro-zone` is a separator).
public struct Normalizer: Sendable {
    public init() {}

    /// The normalized form of `text`: lowercase words separated by single spaces.
    public func normalize(_ text: String) -> String {
        Self.normalizeASCII(text) ?? Self.normalizeUnicode(text)
    }

    /// The general path, for any text (``normalizeASCII(_:)`` is its fast twin).
    static func normalizeUnicode(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(folded.unicodeScalars.count)
        var pendingSpace = false
        let scalars = Array(folded.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            // A sign follows a separator (or starts the text) and precedes a digit.
            let sign = Self.isSignScalar(scalar) && (pendingSpace || out.isEmpty) && i + 1 < scalars.count
                && [.decimalNumber, .currencySymbol].contains(scalars[i + 1].properties.generalCategory)
            if Self.isWordScalar(scalar) || sign {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(sign && scalar != "+" ? "-" : scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// The normalized form of `document`'s ``StoryDocument/fullText``, without joining its
    /// headline and body first when both are ASCII (the separator between them folds to one
    /// space, or none after an empty headline, as the blank line of the full text does).
    public func normalize(_ document: StoryDocument) -> String {
        Self.normalizeASCII(document.headline, then: document.body) ?? Self.normalizeUnicode(document.fullText)
    }

    /// The same result for ASCII text, or nil when `text` is not plain ASCII (ASCII is its own
    /// NFKC form and folds by lowercasing).
    ///
    /// One pass over the bytes into the result's own storage: a table gives each byte's
    /// lowercase form, or zero for a separator; a separator run becomes one space when a word
    /// follows it.
    static func normalizeASCII(_ text: String) -> String? {
        normalizeASCII(text, then: nil)
    }

    /// ``normalizeASCII(_:)`` of `first`, a separator and `second`, as one text.
    static func normalizeASCII(_ first: String, then second: String?) -> String? {
        var first = first, second = second ?? ""
        return first.withUTF8 { head in
            second.withUTF8 { tail -> String? in
                guard head.count + tail.count > 0 else { return "" }
                var ascii = true
                let result = asciiFold.withUnsafeBufferPointer { fold in
                    String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { out in
                        var state = FoldState(target: out.baseAddress!)
                        state.fold(head, fold)
                        state.pendingSpace = true
                        state.fold(tail, fold)
                        ascii = state.high < 0x80
                        return ascii ? state.count : 0
                    }
                }
                return ascii ? result : nil
            }
        }
    }

    /// Where ``normalizeASCII(_:then:)`` is in its output.
    private struct FoldState {
        let target: UnsafeMutablePointer<UInt8>
        var count = 0
        var pendingSpace = false
        /// Every byte seen, or-ed: 0x80 or above when one was not ASCII.
        var high: UInt8 = 0

        init(target: UnsafeMutablePointer<UInt8>) { self.target = target }

        @inline(__always)
        mutating func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ fold: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress else { return }
            var n = count, pending = pendingSpace, high = self.high
            for i in 0..<bytes.count {
                let byte = source[i]
                high |= byte
                var folded = fold[Int(byte)]
                // A figure's sign: `-` or `+` after a separator (or at the start), before a digit.
                if folded == 0 && (byte == 0x2D || byte == 0x2B) && (pending || n == 0)
                    && i + 1 < bytes.count && (source[i + 1] >= 0x30 && source[i + 1] <= 0x39 || source[i + 1] == 0x24) {
                    folded = byte
                }
                if folded != 0 {
                    // A space only between words: none before the first, none after the last.
                    if pending && n > 0 {
                        target[n] = 0x20
                        n &+= 1
                    }
                    pending = false
                    target[n] = folded
                    n &+= 1
                } else {
                    pending = true
                }
            }
            count = n
            pendingSpace = pending
            self.high = high
        }
    }

    /// Each byte's lowercase form when it belongs to a word (an ASCII letter or digit, or the
    /// dollar sign), else 0.
    private static let asciiFold: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        if byte >= 0x30 && byte <= 0x39 || byte >= 0x61 && byte <= 0x7A || byte == 0x24 { return byte }
        if byte >= 0x41 && byte <= 0x5A { return byte | 0x20 }
        return 0
    }

    /// True for the scalars that may be a figure's sign: `-`, `+`, the minus sign (U+2212) and
    /// the dashes wire systems set for it (hyphen U+2010, U+2011, figure dash U+2012, en dash
    /// U+2013).
    @inline(__always)
    static func isSignScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "+" || scalar == "\u{2212}" || (0x2010...0x2013).contains(scalar.value)
    }

    /// True for scalars that belong to words: letters, digits, combining marks and currency
    /// signs.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || v == 0x24
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark,
             .currencySymbol:
            return true
        default:
            return false
        }
    }
}
