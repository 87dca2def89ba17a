import Foundation

/// Reads a plain-text story: the first non-empty line is the headline, the rest the body.
///
/// The bytes must be UTF-8 (a UTF-8 byte-order mark is skipped). Text with NUL bytes or other
/// control characters (apart from tab, CR, LF and form feed) is refused as binary, with the
/// byte offset of the first such byte, so a stray image or archive never becomes a story.
public struct PlainTextParser: Sendable {
    public init() {}

    /// Parses `bytes` into a document stamped with `time` and `source`.
    /// - Throws: ``SyncError/unparsable(_:)`` for binary, non-UTF-8 or empty input.
    public func parse(_ bytes: [UInt8], time: Date, source: String?) throws -> StoryDocument {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        if let offset = slice.firstIndex(where: Self.isBinaryByte) {
            throw SyncError.unparsable(
                "binary content: control byte 0x\(bytes[offset] < 16 ? "0" : "")\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset)")
        }
        guard let text = String(validating: slice, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(bytes, from: slice.startIndex)
            throw SyncError.unparsable("text is not valid UTF-8 (first invalid byte at offset \(offset))")
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw SyncError.unparsable("empty file: no non-blank line to use as the headline")
        }
        let headline = lines[first].trimmingCharacters(in: .whitespaces)
        let body = Self.paragraphs(lines[(first + 1)...]).joined(separator: "\n\n")
        return StoryDocument(headline: headline, body: body, time: time, source: source, format: "text")
    }

    /// Groups lines into paragraphs at blank lines; each line is trimmed, breaks inside a
    /// paragraph are kept (normalization folds them later).
    static func paragraphs(_ lines: ArraySlice<Substring>) -> [String] {
        var result: [String] = []
        var current: [String] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    static func isBinaryByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C) || byte == 0x7F
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            if length > 1 {
                guard index + length <= bytes.count,
                      String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
                else { return index }
            }
            index += length
        }
        return index
    }
}
