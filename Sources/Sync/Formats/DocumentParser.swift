import Foundation

/// Reads any wire file the service accepts, choosing the format from its content.
///
/// Detection, in order: ANPA-1312 framing (SYN/SOH/STX control bytes first) → ``ANPAParser``;
/// after decoding, a JSON object (`{` first) → ``NinjsParser``; XML (`<` then a name, `?`
/// or `!` first) whose root local name is `nitf` → ``NITFParser``, `newsItem` or `newsMessage`
/// → ``NewsMLG2Parser``; anything else → ``PlainTextParser``. The file name's extension is only
/// a hint: a `.json` file starting with `[` is judged as JSON, a `.xml` file starting with `<`
/// as XML, while the same content under other names may be plain text.
///
/// `time` is the document's own time when it carries one (`timeFromDocument == true`), else
/// `modificationTime`. `format` is `text`, `ninjs`, `nitf`, `newsml-g2` or `anpa`. Other XML
/// roots and JSON values that are not objects are ``SyncError/unparsable(_:)`` with the reason.
public struct DocumentParser: Sendable {
    public init() {}

    /// Parses a wire file. `fileName` is only used as a hint and in no output field.
    public func parse(_ bytes: [UInt8], fileName: String, modificationTime: Date, source: String?) throws -> StoryDocument {
        if ANPAParser.looksLikeANPA(bytes) {
            return try ANPAParser().parse(bytes, modificationTime: modificationTime, source: source)
        }
        let lowerName = fileName.lowercased()
        switch Self.firstSignificant(bytes) ?? 0 {
        case UInt8(ascii: "{"):
            return try NinjsParser().parse(bytes, modificationTime: modificationTime, source: source)
        case UInt8(ascii: "["):
            if lowerName.hasSuffix(".json") || Self.isJSON(bytes) {
                return try NinjsParser().parse(bytes, modificationTime: modificationTime, source: source)
            }
        case UInt8(ascii: "<"):
            if lowerName.hasSuffix(".xml") || Self.looksLikeMarkup(bytes) {
                return try parseXML(bytes, modificationTime: modificationTime, source: source)
            }
        default:
            break
        }
        return try PlainTextParser().parse(bytes, time: modificationTime, source: source)
    }

    private func parseXML(_ bytes: [UInt8], modificationTime: Date, source: String?) throws -> StoryDocument {
        let root = try XMLReader().parse(bytes)
        switch root.localName {
        case "nitf":
            return try NITFParser().parse(root: root, modificationTime: modificationTime, source: source)
        case "newsItem", "newsMessage":
            return try NewsMLG2Parser().parse(root: root, modificationTime: modificationTime, source: source)
        default:
            throw SyncError.unparsable(
                "unsupported XML document: root element <\(root.name)> at line \(root.line) (expected nitf, newsItem or newsMessage)")
        }
    }

    /// The first byte that is not white space or a BOM, read as ASCII; UTF-16 text is decoded
    /// first (only ASCII answers matter).
    static func firstSignificant(_ bytes: [UInt8]) -> UInt8? {
        var index = 0
        var step = 1
        var lowFirst = true
        if let (encoding, length) = TextDecoding.byteOrderMark(bytes) {
            index = length
            if encoding == .utf16LE { step = 2 } else if encoding == .utf16BE { step = 2; lowFirst = false }
        } else if bytes.count >= 2, bytes[0] == 0x3C, bytes[1] == 0x00 {
            step = 2
        } else if bytes.count >= 2, bytes[0] == 0x00, bytes[1] == 0x3C {
            step = 2; lowFirst = false
        }
        while index + step <= bytes.count {
            let unit: UInt16 = step == 1 ? UInt16(bytes[index])
                : lowFirst ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            if unit == 0x20 || unit == 0x09 || unit == 0x0A || unit == 0x0D {
                index += step
                continue
            }
            return unit < 0x80 ? UInt8(unit) : nil
        }
        return nil
    }

    /// Whether the content is an XML document: it opens with `<?` or `<!`, or with `<` and a
    /// name and ends by closing that element (`<nitf …>…</nitf>`). Wire copy that opens with a
    /// ticker (`<NORANDA INC> SAYS …`) or `<<Urgent>>` is plain text, even when it also ends
    /// with one (`… double click on: <NOR.TO> <CU-LON>`).
    static func looksLikeMarkup(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D, 0x00].contains(bytes[end - 1]) { end -= 1 }
        guard let text = try? TextDecoding.decodeXML(Array(bytes.prefix(4096))) else {
            // The prefix may cut a multi-byte character or the declared encoding may be
            // unknown; let the XML reader report the exact problem.
            return true
        }
        let trimmed = text.drop(while: { $0.isWhitespace })
        guard trimmed.first == "<", let next = trimmed.dropFirst().first else { return false }
        if next == "?" || next == "!" { return true }
        guard next.isLetter || next == "_", end > 0, bytes[end - 1] == UInt8(ascii: ">") else { return false }
        // No declaration: the text must end by closing the element it opens with.
        let name = trimmed.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        guard let whole = try? TextDecoding.decodeXML(bytes) else { return true }
        var tail = whole[...]
        while let last = tail.last, last.isWhitespace || last == "\0" { tail.removeLast() }
        guard tail.hasSuffix(">") else { return false }
        tail.removeLast()
        while let last = tail.last, last.isWhitespace { tail.removeLast() }
        return tail.hasSuffix("</" + name) || (tail.hasSuffix("/") && !tail.dropLast().contains(">"))
    }

    static func isJSON(_ bytes: [UInt8]) -> Bool {
        guard let text = try? TextDecoding.decodeJSON(bytes), (try? NinjsParser.checkNesting(text)) != nil else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }
}
