import Foundation

/// Turns the bytes of a wire file into Unicode text: byte-order marks, XML encoding
/// declarations, and the UTF-8 → Windows-1252 fallback for plain text.
///
/// Every decoder here either returns correct Unicode or throws ``SyncError/unparsable(_:)``
/// naming the byte offset (or the unknown encoding) that failed; none substitutes U+FFFD for
/// bytes it could decode. Byte offsets in messages count from the start of the whole file.
///
/// ISO-8859-1 is decoded as its Windows-1252 superset (as browsers do): bytes 0x80–0x9F are
/// C1 controls in strict Latin-1 and never text, while wire systems labelled Latin-1 routinely
/// send Windows-1252 quotes and dashes there.
public enum TextDecoding {
    /// A character encoding this module reads.
    public enum Encoding: String, Sendable, Equatable, CaseIterable {
        case utf8 = "UTF-8"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case latin1 = "ISO-8859-1"
        case windows1252 = "windows-1252"
        case ascii = "US-ASCII"
    }

    /// The encoding named by a byte-order mark at the start of `bytes`, and the mark's length.
    public static func byteOrderMark(_ bytes: [UInt8]) -> (encoding: Encoding, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// The encoding for an IANA-style name as found in `encoding="…"` (case-insensitive);
    /// nil for names this module does not read. `UTF-16` without an order answers big-endian.
    public static func encoding(named name: String) -> Encoding? {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8": .utf8
        case "utf-16", "utf16", "utf-16be", "utf16be", "unicodefffe": .utf16BE
        case "utf-16le", "utf16le": .utf16LE
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1",
             "iso-ir-100", "csisolatin1", "ibm819", "cp819": .latin1
        case "windows-1252", "cp1252", "x-cp1252", "cp-1252", "win-1252", "ms-ansi": .windows1252
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "csascii": .ascii
        default: nil
        }
    }

    /// Decodes `bytes` strictly as `encoding`.
    /// - Throws: ``SyncError/unparsable(_:)`` with the byte offset of the first byte that is not
    ///   valid in `encoding` (slice indices are taken as offsets in the file).
    public static func decode(_ bytes: ArraySlice<UInt8>, as encoding: Encoding) throws -> String {
        switch encoding {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            let offset = firstInvalidUTF8Offset(bytes)
            throw SyncError.unparsable("text is not valid UTF-8 (first invalid byte at offset \(offset))")
        case .utf16LE, .utf16BE:
            return try decodeUTF16(bytes, bigEndian: encoding == .utf16BE)
        case .latin1, .windows1252:
            return windows1252(bytes)
        case .ascii:
            if let offset = bytes.firstIndex(where: { $0 >= 0x80 }) {
                throw SyncError.unparsable(
                    "text declared US-ASCII has byte 0x\(hex(bytes[offset])) at byte offset \(offset)")
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Decodes a plain-text file: a byte-order mark decides when present; otherwise valid UTF-8
    /// stays UTF-8 and anything else is read as Windows-1252.
    /// - Throws: ``SyncError/unparsable(_:)`` only for malformed UTF-16 (odd length, lone surrogate).
    public static func decodePlainText(_ bytes: [UInt8]) throws -> String {
        if let (encoding, length) = byteOrderMark(bytes) {
            let body = bytes[length...]
            if encoding == .utf8, String(validating: body, as: UTF8.self) == nil { return windows1252(body) }
            return try decode(body, as: encoding)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes[...])
    }

    /// Decodes an XML document: byte-order mark, else UTF-16 detected from `<?` / `<` patterns,
    /// else the `encoding` of the XML declaration, else UTF-8. The returned text has no BOM.
    /// - Throws: ``SyncError/unparsable(_:)`` for an unknown declared encoding (naming it), a
    ///   declaration that contradicts the bytes, or bytes invalid in the chosen encoding.
    public static func decodeXML(_ bytes: [UInt8]) throws -> String {
        if let (encoding, length) = byteOrderMark(bytes) {
            return try decode(bytes[length...], as: encoding)
        }
        if bytes.count >= 2, bytes[0] == 0x3C, bytes[1] == 0x00 { return try decode(bytes[...], as: .utf16LE) }
        if bytes.count >= 2, bytes[0] == 0x00, bytes[1] == 0x3C { return try decode(bytes[...], as: .utf16BE) }
        guard let name = declaredEncoding(bytes) else { return try decode(bytes[...], as: .utf8) }
        guard let encoding = encoding(named: name) else {
            throw SyncError.unparsable("unsupported XML encoding \"\(name)\" in the XML declaration "
                + "(supported: UTF-8, UTF-16, ISO-8859-1, windows-1252, US-ASCII)")
        }
        if encoding == .utf16LE || encoding == .utf16BE {
            throw SyncError.unparsable(
                "XML declaration says encoding \"\(name)\" but the bytes are 8-bit (no UTF-16 byte-order mark)")
        }
        return try decode(bytes[...], as: encoding)
    }

    /// Decodes a JSON document: a byte-order mark decides when present, otherwise UTF-8 (RFC 8259).
    /// - Throws: ``SyncError/unparsable(_:)`` with the offset of the first invalid byte.
    public static func decodeJSON(_ bytes: [UInt8]) throws -> String {
        if let (encoding, length) = byteOrderMark(bytes) { return try decode(bytes[length...], as: encoding) }
        return try decode(bytes[...], as: .utf8)
    }

    /// Decodes Windows-1252; never fails. The five bytes Windows-1252 leaves undefined (0x81,
    /// 0x8D, 0x8F, 0x90, 0x9D) become the C1 control of the same value.
    public static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value: UInt32 = (0x80...0x9F).contains(byte) ? UInt32(cp1252High[Int(byte) - 0x80]) : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// The code point a numeric character reference to `value` stands for, as HTML5 reads it:
    /// 0x80–0x9F, which legacy copy writes for Windows-1252 punctuation (`&#146;` for ’,
    /// `&#150;` for –), are read through ``cp1252High``; the five values Windows-1252 leaves
    /// undefined, and every other value, stay as they are. Shared by ``HTMLText`` and ``XMLReader``.
    static func characterReference(_ value: UInt32) -> UInt32 {
        (0x80...0x9F).contains(value) ? UInt32(cp1252High[Int(value) - 0x80]) : value
    }

    /// Unicode code points of Windows-1252 bytes 0x80–0x9F.
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The `encoding` pseudo-attribute of an XML declaration at the start of `bytes` (after
    /// any white space, which real feeds sometimes put first).
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, start < 256, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard bytes[start...].starts(with: Array("<?xml".utf8)), bytes.count > start + 5,
              [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start + 5]) else { return nil }
        let limit = min(bytes.count, start + 1024)
        var end = start + 5
        while end + 1 < limit, !(bytes[end] == 0x3F && bytes[end + 1] == 0x3E) { end += 1 }
        let declaration = String(decoding: bytes[(start + 5)..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[key.upperBound...].drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        return String(rest[..<close])
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws -> String {
        let start = bytes.startIndex
        guard bytes.count % 2 == 0 else {
            throw SyncError.unparsable("UTF-16 text has an odd number of bytes (last byte at offset \(bytes.endIndex - 1))")
        }
        func unit(_ index: Int) -> UInt16 {
            bigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count / 2)
        var index = start
        while index < bytes.endIndex {
            let first = unit(index)
            if first < 0xD800 || first > 0xDFFF {
                scalars.append(Unicode.Scalar(first)!)
                index += 2
            } else if first <= 0xDBFF, index + 2 < bytes.endIndex, (0xDC00...0xDFFF).contains(unit(index + 2)) {
                let value = 0x10000 + (UInt32(first - 0xD800) << 10) + UInt32(unit(index + 2) - 0xDC00)
                scalars.append(Unicode.Scalar(value)!)
                index += 4
            } else {
                throw SyncError.unparsable("UTF-16 text has an unpaired surrogate 0x\(String(first, radix: 16, uppercase: true)) at byte offset \(index)")
            }
        }
        return String(scalars)
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let length: Int
            switch bytes[index] {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            if length > 1 {
                guard index + length <= bytes.endIndex,
                      String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
                else { return index }
            }
            index += length
        }
        return index
    }

    static func hex(_ byte: UInt8) -> String {
        (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
