import Foundation

/// Reads a NITF 3.x document into a ``StoryDocument``.
///
/// - identity: `nitf:` + `head/docdata/doc-id@id-string`, else `nitf:` + `du-key@key`;
///   formatVersion: `du-key@version` when a whole number (see ``FormatVersion``; another value
///   is ignored), numbering the du-key's versions (versionedIdentity); relatedIdentities: `nitf:` + `management-doc-idref@idref`,
///   and `nitf:` + `du-key@key` beside a `doc-id` (so a kill naming only the du-key finds the story).
/// - time: `date.issue@norm`, else `date.release@norm` (`20261124T101500Z`,
///   `20261124T101500-0500`, extended ISO 8601 or RFC 822/1123: ``WireTime``; no offset means
///   UTC); an empty or unreadable one is passed over, and without any the caller's time stands.
/// - withdrawn: `management-status@management-status` (or `docdata@management-status`) `canceled`,
///   `cancelled` or `withheld`; urgency: `urgency@ed-urg` 1–9. `docdata@management-doc-idref`
///   counts like the element form.
/// - headline: `body.head/hedline/hl1`, else `head/title`; byline and dateline from `body.head`
///   (white space folded; the byline's `byttl` set off with ", ": ``byline(of:)``); body: the
///   `p` paragraphs of `body.content`, nested `block`s included, `media` dropped; a
///   `body.content` holding only HTML in CDATA is read as that HTML (``bodyParagraphs(_:)``).
/// Element and attribute names match by local name, so namespaced NITF reads the same.
public struct NITFParser: Sendable {
    public init() {}

    /// Decodes (BOM / XML declaration), parses and reads NITF bytes.
    public func parse(_ bytes: [UInt8], modificationTime: Date, source: String?) throws -> StoryDocument {
        try parse(root: XMLReader().parse(bytes), modificationTime: modificationTime, source: source)
    }

    /// Reads an already parsed `nitf` element.
    /// - Throws: ``SyncError/unparsable(_:)`` when the root is not `nitf`, or the document has
    ///   neither headline nor body (unless withdrawn).
    public func parse(root: WireXMLElement, modificationTime: Date, source: String?) throws -> StoryDocument {
        guard root.localName == "nitf" else {
            throw SyncError.unparsable("NITF: root element is <\(root.name)>, expected <nitf>")
        }
        let head = root.child("head")
        let docdata = head?.child("docdata")
        var identity: String?
        let duKeyElement = docdata?.child("du-key")
        let duKey = duKeyElement?.attribute("key")?.trimmingCharacters(in: .whitespaces)
        if let id = docdata?.child("doc-id")?.attribute("id-string")?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            identity = "nitf:" + id
        } else if let duKey, !duKey.isEmpty {
            identity = "nitf:" + duKey
        }
        // `1.0` is 1; `v2` is no version, and no reason to refuse the story (as in ninjs).
        let formatVersion = duKeyElement?.attribute("version").flatMap(FormatVersion.parse)
        var time: Date?
        for name in ["date.issue", "date.release"] {
            // An empty or unreadable norm is no time, as in ninjs: the next date is read, and
            // without any the caller's time stands.
            guard let norm = docdata?.child(name)?.attribute("norm"), let date = WireTime.parse(norm) else { continue }
            time = date
            break
        }
        var references = (docdata?.children("management-doc-idref") ?? []).compactMap { $0.attribute("idref") }
        if let reference = docdata?.attribute("management-doc-idref") { references.append(reference) }
        var related: [String] = []
        // The du-key stays the same over a story's versions while each may carry a doc-id of
        // its own: a later version, or a kill, that names the story by its du-key finds it.
        if let duKey, !duKey.isEmpty, identity != "nitf:" + duKey { references.append(duKey) }
        for reference in references.map({ $0.trimmingCharacters(in: .whitespaces) }) where !reference.isEmpty {
            if !related.contains("nitf:" + reference) { related.append("nitf:" + reference) }
        }
        let status = (docdata?.child("management-status")?.attribute("management-status")
            ?? docdata?.attribute("management-status"))?.trimmingCharacters(in: .whitespaces).lowercased()
        let withdrawn = ["canceled", "cancelled", "withheld"].contains(status ?? "")
        let urgency = docdata?.child("urgency")?.attribute("ed-urg").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { (1...9).contains($0) ? $0 : nil }

        let body = root.child("body")
        let bodyHead = body?.child("body.head")
        var headline = bodyHead?.child("hedline")?.child("hl1")?.normalizedText ?? ""
        if headline.isEmpty { headline = head?.child("title")?.normalizedText ?? "" }
        let byline = bodyHead?.child("byline").flatMap(Self.byline(of:))
        let dateline = bodyHead?.child("dateline")?.normalizedText
        let paragraphs = body?.child("body.content").map(Self.bodyParagraphs) ?? []
        if headline.isEmpty && paragraphs.isEmpty && !withdrawn {
            throw SyncError.unparsable("NITF: no headline (body.head/hedline/hl1 or head/title) and no body.content paragraphs")
        }
        return StoryDocument(headline: headline, body: paragraphs.joined(separator: "\n\n"),
                             time: time ?? modificationTime, source: source, format: "nitf",
                             timeFromDocument: time != nil, identity: identity, relatedIdentities: related,
                             formatVersion: formatVersion, withdrawn: withdrawn,
                             byline: byline, dateline: dateline?.isEmpty == false ? dateline : nil, urgency: urgency,
                             versionedIdentity: formatVersion != nil && duKey?.isEmpty == false ? "nitf:" + duKey! : nil)
    }
}
