import Foundation

/// Reads an IPTC ninjs item (1.x snake_case, 2.x `headlines`/`bodies`, 3.0 camelCase) into a
/// ``StoryDocument``.
///
/// - identity: `ninjs:` + `uri` (else `guid`); formatVersion: `version` (a whole number, as a
///   number or a string such as `"2"` or `"2.0"`; any other value is ignored).
/// - time: `versioncreated`/`versionCreated`, else `firstcreated`/`firstCreated` (ISO 8601, any
///   fraction, `Z` or offset, or RFC 822/1123: ``WireTime``); one that is empty or unreadable
///   is passed over; without any, the caller's fallback with `timeFromDocument == false`.
/// - headline: `headline`, else the `headlines` entry with role `main` (or no role), else the
///   first that has text; else the HTML body's first `h1` (then not kept in the body); else
///   none (a headline made from the body's lead would repeat its words in the text that dedup
///   compares, and make the item differ from the same item sent with a headline).
/// - body: `body_text`, else `body_html` (through ``HTMLText``), unless white space only; for
///   `bodies`, the `main` entries, else the role-less ones (an `abstract` only when there is
///   nothing else), plain text preferred over HTML.
/// - withdrawn: `pubstatus`/`pubStatus` `canceled`, `cancelled` or `withheld`.
/// - byline: `byline` or the `bylines` entries joined with ", " (each a string, or an object's
///   `byline`, `value`, `name` or `by`, followed by its `title` after ", "); dateline: `located`
///   (both ignored when not strings, as they are descriptive);
///   urgency: `urgency` when 1–9. `description_text` is a summary and is not used.
/// JSON nesting deeper than 256 is refused before parsing.
public struct NinjsParser: Sendable {
    public init() {}

    /// Parses ninjs JSON bytes; `modificationTime` is used when the item carries no time.
    /// - Throws: ``SyncError/unparsable(_:)`` for invalid JSON, a non-object, or an object with
    ///   no ninjs fields, or an item with neither headline nor body.
    public func parse(_ bytes: [UInt8], modificationTime: Date, source: String?) throws -> StoryDocument {
        let text = try TextDecoding.decodeJSON(bytes)
        try Self.checkNesting(text)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw SyncError.unparsable("invalid JSON: \(Self.describe(error, length: text.utf8.count))")
        }
        guard let object = value as? [String: Any] else {
            throw SyncError.unparsable("JSON top-level value is \(Self.kind(of: value)), not an object; ninjs items are objects")
        }
        return try parse(object: object, modificationTime: modificationTime, source: source)
    }

    func parse(object: [String: Any], modificationTime: Date, source: String?) throws -> StoryDocument {
        let known = ["uri", "guid", "headline", "headlines", "body_text", "body_html", "bodies", "versioncreated",
                     "versionCreated", "pubstatus", "pubStatus"]
        guard known.contains(where: { object[$0] != nil }) else {
            throw SyncError.unparsable("JSON object has none of the ninjs fields (uri, guid, headline(s), body_text, body_html, bodies)")
        }
        var identity: String?
        if let uri = try string(object, "uri"), !uri.isEmpty {
            identity = "ninjs:" + uri
        } else if let guid = try string(object, "guid"), !guid.isEmpty {
            identity = "ninjs:" + guid
        }
        var formatVersion: Int?
        if let raw = object["version"], !(raw is NSNull) {
            // `1`, `"1"` or `"1.0"`; another value (`"draft"`) is no version: it decides nothing,
            // so it is no reason to refuse the story.
            if let number = raw as? NSNumber {
                formatVersion = Int(exactly: number.doubleValue).flatMap(FormatVersion.bounded)
            } else if let text = raw as? String {
                formatVersion = FormatVersion.parse(text)
            }
        }
        var time: Date?
        for key in ["versioncreated", "versionCreated", "firstcreated", "firstCreated"] {
            // An empty or unreadable stamp is no time, and no reason to refuse the story: the
            // next one is read, and without any the caller's time stands.
            guard let stamp = try string(object, key), let date = WireTime.parse(stamp) else { continue }
            time = date
            break
        }
        let status = (try string(object, "pubstatus") ?? string(object, "pubStatus"))?.lowercased()
        let withdrawn = status.map { ["canceled", "cancelled", "withheld"].contains($0.split(separator: ":").last.map(String.init) ?? $0) } ?? false

        var urgency: Int?
        if let raw = object["urgency"] as? NSNumber, let int = Int(exactly: raw.doubleValue), (1...9).contains(int) {
            urgency = int
        } else if let raw = object["urgency"] as? String, let int = Int(raw), (1...9).contains(int) {
            urgency = int
        }

        var headline = HTMLText.collapseWhitespace(try headlineText(object))
        var (paragraphs, html) = try bodyParagraphs(object)
        if headline.isEmpty, let html, let heading = HTMLText.firstHeading(html: html) {
            // The HTML body's first h1, not kept twice (as NewsML-G2 reads inline XHTML).
            headline = heading
            if paragraphs.first == heading { paragraphs.removeFirst() }
        }
        let body = paragraphs.joined(separator: "\n\n")
        if headline.isEmpty && body.isEmpty && !withdrawn {
            throw SyncError.unparsable("ninjs item has no headline and no body (looked at headline, headlines, body_text, body_html, bodies)")
        }
        let byline = try bylineText(object)
        let located = (object["located"] as? String).map(HTMLText.collapseWhitespace)
        return StoryDocument(headline: headline, body: body, time: time ?? modificationTime, source: source,
                             format: "ninjs", timeFromDocument: time != nil, identity: identity,
                             formatVersion: formatVersion, withdrawn: withdrawn,
                             byline: byline, dateline: located?.isEmpty == false ? located : nil, urgency: urgency)
    }

    // MARK: Fields

    private func headlineText(_ object: [String: Any]) throws -> String {
        func blank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }
        if let headline = try string(object, "headline"), !blank(headline) { return headline }
        // An entry without text is passed over: the headline of another role stands in.
        let entries = try array(object, "headlines").filter { !blank(($0["value"] as? String) ?? "") }
        guard let chosen = Self.pick(entries) else { return "" }
        return (chosen["value"] as? String) ?? ""
    }

    /// The body's paragraphs, and the HTML they were read from when they were.
    private func bodyParagraphs(_ object: [String: Any]) throws -> ([String], html: String?) {
        // A body of white space only (`"body_text": "\n"`) is no body: the other one is read.
        func blank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }
        if let text = try string(object, "body_text"), !blank(text) { return (Self.plainParagraphs(text), nil) }
        if let html = try string(object, "body_html"), !blank(html) { return (HTMLText.paragraphs(html: html), html) }
        let entries = try array(object, "bodies").filter { !blank(($0["value"] as? String) ?? "") }
        // The main entries, else those without a role: a summary or abstract is never the body
        // while the item has one of those.
        let main = entries.filter { Self.isMain($0) }
        let roleless = entries.filter { $0["role"] == nil }
        let candidates = !main.isEmpty ? main : !roleless.isEmpty ? roleless : entries
        func type(_ entry: [String: Any]) -> String {
            ((entry["contenttype"] as? String) ?? (entry["contentType"] as? String) ?? "text/plain").lowercased()
        }
        if let plain = candidates.first(where: { type($0).hasPrefix("text/plain") }), let value = plain["value"] as? String {
            return (Self.plainParagraphs(value), nil)
        }
        if let html = candidates.first(where: { type($0).contains("html") }), let value = html["value"] as? String {
            return (HTMLText.paragraphs(html: value), value)
        }
        if let first = candidates.first, let value = first["value"] as? String { return (Self.plainParagraphs(value), nil) }
        return ([], nil)
    }

    private func bylineText(_ object: [String: Any]) throws -> String? {
        if let byline = object["byline"] as? String {
            let text = HTMLText.collapseWhitespace(byline)
            return text.isEmpty ? nil : text
        }
        guard let raw = object["bylines"] as? [Any] else { return nil }
        let names = raw.compactMap { entry -> String? in
            if let text = entry as? String { return HTMLText.collapseWhitespace(text) }
            guard let dict = entry as? [String: Any] else { return nil }
            let keys = ["byline", "value", "name", "by"]
            guard let name = keys.lazy.compactMap({ (dict[$0] as? String).map(HTMLText.collapseWhitespace) })
                .first(where: { !$0.isEmpty }) else { return nil }
            // AP's `{"by": "By DAVID PITT", "title": "Associated Press"}`: the title follows
            // the name after ", ", as the ANPA parser joins a byline and its title line.
            let title = (dict["title"] as? String).map(HTMLText.collapseWhitespace) ?? ""
            if title.isEmpty || name.lowercased().hasSuffix(title.lowercased()) { return name }
            return name + ", " + title
        }.filter { !$0.isEmpty }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    // MARK: Helpers

    /// The entry with role `main` (any prefix), else the first without a role, else the first.
    static func pick(_ entries: [[String: Any]]) -> [String: Any]? {
        entries.first(where: { isMain($0) }) ?? entries.first(where: { $0["role"] == nil }) ?? entries.first
    }

    static func isMain(_ entry: [String: Any]) -> Bool {
        guard let role = entry["role"] as? String else { return false }
        return role.lowercased().split(separator: ":").last == "main"
    }

    static func plainParagraphs(_ text: String) -> [String] {
        PlainTextParser.paragraphs(text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false))
    }

    private func string(_ object: [String: Any], _ key: String) throws -> String? {
        guard let raw = object[key], !(raw is NSNull) else { return nil }
        guard let text = raw as? String else {
            throw SyncError.unparsable("ninjs field \"\(key)\" is \(Self.kind(of: raw)), expected a string")
        }
        return text
    }

    private func array(_ object: [String: Any], _ key: String) throws -> [[String: Any]] {
        guard let raw = object[key], !(raw is NSNull) else { return [] }
        guard let list = raw as? [Any] else {
            throw SyncError.unparsable("ninjs field \"\(key)\" is \(Self.kind(of: raw)), expected an array of objects")
        }
        return list.compactMap { $0 as? [String: Any] }
    }

    static func kind(of value: Any) -> String {
        switch value {
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case is String: "a string"
        case is NSNull: "null"
        case is NSNumber: "a number"
        default: "a \(type(of: value))"
        }
    }

    /// The parser's message, with where it failed: the byte offset when Foundation gives one,
    /// or the end of the text for a truncated document.
    static func describe(_ error: Error, length: Int) -> String {
        let nsError = error as NSError
        var detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
        if let index = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int {
            detail += " (at byte offset \(index))"
        } else if detail.lowercased().contains("end of file") || detail.lowercased().contains("unexpected end") {
            detail += " (at byte offset \(length), the end of the text: the file looks truncated)"
        }
        return detail
    }

    /// Refuses arrays/objects nested deeper than 256 levels, scanning outside strings.
    static func checkNesting(_ text: String, limit: Int = 256) throws {
        var depth = 0
        var inString = false
        var escaped = false
        var offset = 0
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else {
                switch byte {
                case 0x22: inString = true
                case 0x5B, 0x7B:
                    depth += 1
                    if depth > limit {
                        throw SyncError.unparsable("JSON nested deeper than \(limit) levels at byte offset \(offset)")
                    }
                case 0x5D, 0x7D: depth -= 1
                default: break
                }
            }
            offset += 1
        }
    }
}
