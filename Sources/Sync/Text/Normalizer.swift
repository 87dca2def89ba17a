import Foundation

/// Folds a story's text into the canonical form that exact-duplicate detection hashes.
///
/// Steps: Unicode NFKC, case folding, curly quotes and dashes to their ASCII forms, every run
/// of punctuation and whitespace collapsed to one space, leading and trailing space removed.
/// Two files whose normalized texts are equal are the same copy (re-wrapped lines, CRLF line
/// ends, trailing spaces or a different quote style do not make a new version).
public struct Normalizer: Sendable {
    public init() {}

    /// The normalized form of `text`: lowercase words separated by single spaces.
    public func normalize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Self.normalizeASCII(text) }
        let folded = text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(folded.unicodeScalars.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if Self.isWordScalar(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// The same result for ASCII text, byte by byte (ASCII is its own NFKC form and folds by
    /// lowercasing).
    static func normalizeASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            let lower = byte | 0x20
            if isDigit || (lower >= 0x61 && lower <= 0x7A) {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(isDigit ? byte : lower)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for scalars that belong to words: letters, digits and combining marks.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }
}
