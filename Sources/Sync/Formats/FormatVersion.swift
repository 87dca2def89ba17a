import Foundation

/// Reads the version number a wire format gives an item (ninjs `version`, NITF
/// `du-key@version`, NewsML-G2 `newsItem@version`).
///
/// A whole number in decimal, with white space around it, a sign, or a fraction of zeros
/// (`"2"`, `" 4 "`, `"2.0"`), from 0 to ``largest``, is read; anything else (`"v2"`, `"1.5"`,
/// `"draft"`, a negative or larger number) is no version. A version only orders an item's sends and decides
/// nothing else, so a parser ignores one it cannot read instead of refusing the story.
enum FormatVersion {
    /// The whole number `text` spells, or nil.
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = Int(trimmed) { return bounded(whole) }
        guard let dot = trimmed.firstIndex(of: "."), trimmed[trimmed.index(after: dot)...].allSatisfy({ $0 == "0" }),
              trimmed[..<dot].last?.isASCII == true, trimmed[..<dot].last?.isNumber == true
        else { return nil }
        return Int(trimmed[..<dot]).flatMap(bounded)
    }

    /// The largest version number read: a story sent more often than this is no story, and a
    /// number beyond it (`9223372036854775807`) would make every later send of the story late.
    static let largest = 1_000_000

    /// `number` when it is a version number (0 to ``largest``), else nil.
    static func bounded(_ number: Int) -> Int? { (0...largest).contains(number) ? number : nil }
}
