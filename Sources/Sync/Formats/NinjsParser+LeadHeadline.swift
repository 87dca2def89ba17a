import Foundation

extension NinjsParser {
    /// The longest headline ``leadHeadline(_:)`` makes, in characters (the "…" included).
    static let leadHeadlineLength = 120

    /// A headline for an item that names none: the body's first line, as a plain-text file's
    /// first line is its headline, cut at the last word boundary within
    /// ``leadHeadlineLength`` characters and marked "…" when longer (a ninjs paragraph is
    /// often the whole lead on one line). The body keeps the line; "" when there is no body.
    static func leadHeadline(_ paragraphs: [String]) -> String {
        guard let first = paragraphs.first,
              let line = first.split(separator: "\n").lazy.map({ HTMLText.collapseWhitespace(String($0)) }).first(where: { !$0.isEmpty })
        else { return "" }
        guard line.count > leadHeadlineLength else { return line }
        let room = line.prefix(leadHeadlineLength - 1)
        var cut = room.lastIndex(of: " ").map { room[..<$0] } ?? room
        // No dangling comma or dash before the mark.
        while let last = cut.last, last.isWhitespace || ",;:—–-".contains(last) { cut = cut.dropLast() }
        return String(cut) + "…"
    }
}
