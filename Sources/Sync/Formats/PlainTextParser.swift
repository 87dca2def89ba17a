import Foundation

/// Reads a plain-text story: the first non-empty line is the headline, the rest the body.
///
/// Decoding follows ``TextDecoding/decodePlainText(_:)``: a byte-order mark (UTF-8, UTF-16 LE
/// or BE) decides when present; otherwise valid UTF-8 is read as UTF-8 and anything else as
/// Windows-1252, so legacy wire text never turns into replacement characters. Text with NUL
/// bytes or other control characters (apart from tab, CR, LF and form feed) is refused as
/// binary, with the byte offset of the first such byte, so a stray image or archive never
/// becomes a story. UTF-16 is decoded before that check, so its zero bytes are not "binary".
public struct PlainTextParser: Sendable {
    public init() {}

    /// Parses `bytes` into a document stamped with `time` and `source`.
    /// - Throws: ``SyncError/unparsable(_:)`` for binary or empty input and malformed UTF-16.
    public func parse(_ bytes: [UInt8], time: Date, source: String?) throws -> StoryDocument {
        let text: String
        if let (encoding, length) = TextDecoding.byteOrderMark(bytes), encoding != .utf8 {
            text = try TextDecoding.decode(bytes[length...], as: encoding)
            try Self.rejectBinaryUTF16(text, bomLength: length)
        } else {
            if let offset = bytes.firstIndex(where: Self.isBinaryByte) {
                throw SyncError.unparsable(
                    "binary content: control byte 0x\(TextDecoding.hex(bytes[offset])) at byte offset \(offset)")
            }
            text = try TextDecoding.decodePlainText(bytes)
        }
        return try Self.document(from: text, time: time, source: source)
    }

    /// Builds the document from already decoded text (headline = first non-blank line).
    static func document(from text: String, time: Date, source: String?) throws -> StoryDocument {
        if let (headline, body) = asciiHeadlineAndBody(text) {
            guard !headline.isEmpty else { throw SyncError.unparsable("empty file: no non-blank line to use as the headline") }
            return StoryDocument(headline: headline, body: body, time: time, source: source, format: "text")
        }
        return try unicodeDocument(from: text, time: time, source: source)
    }

    /// ``document(from:time:source:)`` for any text, Character by Character.
    static func unicodeDocument(from text: String, time: Date, source: String?) throws -> StoryDocument {
        // "\r\n" is one Character in Swift, so this splits at LF, CRLF and lone CR alike.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw SyncError.unparsable("empty file: no non-blank line to use as the headline")
        }
        let headline = String(Self.trimmed(lines[first]))
        let body = Self.paragraphs(lines[(first + 1)...]).joined(separator: "\n\n")
        return StoryDocument(headline: headline, body: body, time: time, source: source, format: "text")
    }

    /// Refuses decoded UTF-16 text holding control characters, naming the byte offset of the
    /// offending code unit (every code point before it is counted as 2 or 4 bytes).
    static func rejectBinaryUTF16(_ text: String, bomLength: Int) throws {
        var offset = bomLength
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80, isBinaryByte(UInt8(scalar.value)) {
                throw SyncError.unparsable(
                    "binary content: control character U+00\(TextDecoding.hex(UInt8(scalar.value))) at byte offset \(offset)")
            }
            offset += scalar.value > 0xFFFF ? 4 : 2
        }
    }

    /// Groups lines into paragraphs at blank lines and, as on the wire, at every indented line
    /// (a tab or three spaces: wire copy indents each paragraph's first line and each table
    /// row); each line is trimmed, breaks inside a paragraph are kept (normalization folds
    /// them later).
    static func paragraphs<S: Sequence>(_ lines: S) -> [String] where S.Element: StringProtocol {
        var result: [String] = []
        var current: [String] = []
        for line in lines {
            let trimmed = Self.trimmed(line)
            var indent = 0
            for c in line {
                if c == " " { indent += 1 } else if c == "\t" { indent += 4 } else { break }
            }
            if trimmed.isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                if indent >= 3 && !current.isEmpty {
                    result.append(current.joined(separator: "\n"))
                    current = []
                }
                current.append(String(trimmed))
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    /// `line` without leading and trailing white space (spaces, tabs, no-break spaces…).
    static func trimmed<S: StringProtocol>(_ line: S) -> S.SubSequence {
        let start = line.firstIndex(where: { !$0.isWhitespace }) ?? line.endIndex
        let end = line.lastIndex(where: { !$0.isWhitespace }).map { line.index(after: $0) } ?? start
        return line[start..<max(start, end)]
    }

    static func isBinaryByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C) || byte == 0x7F
    }
}
