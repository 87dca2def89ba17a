import Foundation

/// Reads an IPTC NewsML-G2 text item (`newsItem`, or a `newsMessage` carrying one text
/// `newsItem`) into a ``StoryDocument``.
///
/// A message that carries a story's pictures, graphics or video beside its text (each a
/// `newsItem` of its own) is read for its text item; one with several text items, or none, is
/// refused, and so is an item classed as a picture, graphic, sound or video (`ninat:picture`),
/// unless it withdraws.
///
/// - identity: `g2:` + `newsItem@guid`; formatVersion: `@version` when a whole number (see
///   ``FormatVersion``; another value is ignored); relatedIdentities: `g2:` +
///   `itemMeta/link@residref` for links whose `rel` is `…:previousVersion`.
/// - time: `itemMeta/versionCreated`, else `itemMeta/firstCreated` (``WireTime``); an empty or
///   unreadable one is passed over, and without any the caller's time stands.
/// - withdrawn: `itemMeta/pubStatus@qcode` `stat:canceled` (or `stat:withheld`), or a
///   `signal@qcode` whose code is `kill`, `withdraw`, `withdrawal` or `canceled`.
/// - headline (`main`/role-less first), dateline, byline (`by`) and urgency from `contentMeta`;
///   without a headline there, inline NITF's `hl1`, or inline XHTML's `title`, else its first `h1`;
///   without a byline there, inline NITF's `body.head/byline` (``NITFParser/byline(of:)``).
/// - body: the first `contentSet/inlineXML` (inline NITF `body.content`, as
///   ``NITFParser/bodyParagraphs(_:)`` reads it, XHTML `html/body`, or any markup, through
///   ``HTMLText``) or `inlineData` (plain, or HTML by its `contenttype`).
/// Names match by local name, so any namespace prefixes (or a default namespace) work.
public struct NewsMLG2Parser: Sendable {
    public init() {}

    /// Decodes, parses and reads NewsML-G2 bytes.
    public func parse(_ bytes: [UInt8], modificationTime: Date, source: String?) throws -> StoryDocument {
        try parse(root: XMLReader().parse(bytes), modificationTime: modificationTime, source: source)
    }

    /// Reads an already parsed `newsItem` or `newsMessage` element.
    /// - Throws: ``SyncError/unparsable(_:)`` for another root, a message without exactly one
    ///   text item, an item of another class than text, or an item with neither headline nor
    ///   body.
    public func parse(root: WireXMLElement, modificationTime: Date, source: String?) throws -> StoryDocument {
        let item: WireXMLElement
        switch root.localName {
        case "newsItem":
            item = root
        case "newsMessage":
            let items = root.children("itemSet").flatMap { $0.children("newsItem") }
            // Pictures, graphics, sound and video are passed over, withdrawn or not: a story
            // killed with its pictures cancels them all, and a write-through may withdraw one.
            // Of the rest, text items and withdrawals count, and one of no class or another
            // (`composite`) when it holds inline content or is the only one left.
            let others = items.filter { !Self.isMedia($0) }
            var texts = others.count == 1 ? others : others.filter { item in
                Self.isWithdrawn(item) || Self.itemClass(item) == "text" || Self.hasInlineContent(item)
            }
            // A message of one media item is read as that item: a withdrawal, or refused below.
            if items.count == 1, Self.isWithdrawn(items[0]) { texts = items }
            guard texts.count == 1 else {
                throw SyncError.unparsable("NewsML-G2: newsMessage carries \(items.count) newsItem elements in itemSet (\(texts.count) of them text); exactly one text item is supported")
            }
            item = texts[0]
        default:
            throw SyncError.unparsable("NewsML-G2: root element is <\(root.name)>, expected <newsItem> or <newsMessage>")
        }
        if Self.isMedia(item), !Self.isWithdrawn(item) {
            throw SyncError.unparsable("NewsML-G2: newsItem is of class \(Self.itemClass(item) ?? ""), not text; only text items are read (line \(item.line))")
        }
        let guid = item.attribute("guid")?.trimmingCharacters(in: .whitespaces)
        // `1.0` is 1; `v2` is no version, and no reason to refuse the story (as in ninjs).
        let formatVersion = item.attribute("version").flatMap(FormatVersion.parse)
        let itemMeta = item.child("itemMeta")
        var time: Date?
        for name in ["versionCreated", "firstCreated"] {
            // An empty or unreadable stamp is no time, as in ninjs: the next one is read, and
            // without any the caller's time stands.
            guard let stamp = itemMeta?.child(name)?.normalizedText, let date = WireTime.parse(stamp) else { continue }
            time = date
            break
        }
        let withdrawn = Self.isWithdrawn(item)
        let related = (itemMeta?.children("link") ?? [])
            .filter { Self.code($0.attribute("rel")) == "previousversion" }
            .compactMap { $0.attribute("residref")?.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { "g2:" + $0 }

        let contentMeta = item.child("contentMeta")
        let headlines = contentMeta?.children("headline") ?? []
        let mainHeadline = headlines.first { Self.code($0.attribute("role")) == "main" }
            ?? headlines.first { $0.attribute("role") == nil } ?? headlines.first
        var headline = mainHeadline?.normalizedText ?? ""
        let dateline = contentMeta?.child("dateline")?.normalizedText
        var byline = contentMeta?.child("by")?.normalizedText
        let urgency = (contentMeta?.child("urgency")?.normalizedText).flatMap { Int($0) }.flatMap { (1...9).contains($0) ? $0 : nil }

        var paragraphs: [String] = []
        let content = item.child("contentSet")?.elements.first { $0.localName == "inlineXML" || $0.localName == "inlineData" }
        if let content, content.localName == "inlineXML" {
            if let nitfContent = content.firstDescendant("body.content") {
                paragraphs = NITFParser.bodyParagraphs(nitfContent)
                if headline.isEmpty, let hl1 = content.firstDescendant("hl1") { headline = hl1.normalizedText }
                // No contentMeta/by: the inline NITF's byline, as its hl1 stands in for the headline.
                if byline?.isEmpty != false, let nitfByline = content.firstDescendant("body.head")?.child("byline") {
                    byline = NITFParser.byline(of: nitfByline)
                }
            } else if let body = content.firstDescendant("body") {
                paragraphs = HTMLText.paragraphs(of: body)
                // No contentMeta headline: the XHTML's title, else its first h1 (not kept twice).
                if headline.isEmpty {
                    let title = content.firstDescendant("title")?.normalizedText ?? ""
                    headline = title.isEmpty ? body.firstDescendant("h1")?.normalizedText ?? "" : title
                    if !headline.isEmpty, paragraphs.first == headline { paragraphs.removeFirst() }
                }
            } else {
                paragraphs = HTMLText.paragraphs(of: content)
            }
        } else if let content {
            let type = (content.attribute("contenttype") ?? "text/plain").lowercased()
            paragraphs = type.contains("html") ? HTMLText.paragraphs(html: content.text) : NinjsParser.plainParagraphs(content.text)
        }
        if headline.isEmpty && paragraphs.isEmpty && !withdrawn {
            throw SyncError.unparsable("NewsML-G2: no contentMeta/headline and no inlineXML or inlineData body")
        }
        return StoryDocument(headline: headline, body: paragraphs.joined(separator: "\n\n"),
                             time: time ?? modificationTime, source: source, format: "newsml-g2",
                             timeFromDocument: time != nil, identity: guid.flatMap { $0.isEmpty ? nil : "g2:" + $0 },
                             relatedIdentities: related, formatVersion: formatVersion, withdrawn: withdrawn,
                             byline: byline?.isEmpty == false ? byline : nil,
                             dateline: dateline?.isEmpty == false ? dateline : nil, urgency: urgency)
    }

    /// A `newsItem`'s class, `itemMeta/itemClass` as a QCode (`ninat:text` → `text`) or, without
    /// one, the last part of its URI (`…/ninature/picture` → `picture`), lowercased; nil when
    /// the item has no class.
    static func itemClass(_ item: WireXMLElement) -> String? {
        guard let element = item.child("itemMeta")?.child("itemClass") else { return nil }
        if let qcode = code(element.attribute("qcode")), !qcode.isEmpty { return qcode }
        guard let uri = element.attribute("uri")?.trimmingCharacters(in: .whitespaces) else { return nil }
        let last = uri.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)?.lowercased()
        return last?.isEmpty == false ? last : nil
    }

    /// The item classes (IPTC NewsCodes `ninature`) of pictures, sound and video, never a story's text.
    static let mediaClasses: Set<String> = ["picture", "graphic", "audio", "video", "animated", "interactive"]

    /// Whether a `newsItem` is classed as a picture, a graphic, sound or video (``mediaClasses``).
    static func isMedia(_ item: WireXMLElement) -> Bool {
        itemClass(item).map(mediaClasses.contains) ?? false
    }

    /// Whether a `newsItem`'s `contentSet` holds `inlineXML` or `inlineData` (a picture's or a
    /// video's holds only `remoteContent`).
    static func hasInlineContent(_ item: WireXMLElement) -> Bool {
        item.child("contentSet")?.elements.contains { $0.localName == "inlineXML" || $0.localName == "inlineData" } ?? false
    }

    /// Whether a `newsItem` withdraws its item: `itemMeta/pubStatus` `stat:canceled` (or
    /// `stat:withheld`), or a `signal` whose code is `kill`, `withdraw`, `withdrawal` or `canceled`.
    static func isWithdrawn(_ item: WireXMLElement) -> Bool {
        let itemMeta = item.child("itemMeta")
        let status = code(itemMeta?.child("pubStatus")?.attribute("qcode"))
        let signals = (itemMeta?.children("signal") ?? []).map { code($0.attribute("qcode")) }
        return status == "canceled" || status == "cancelled" || status == "withheld"
            || signals.contains { ["kill", "withdraw", "withdrawal", "canceled", "cancelled"].contains($0) }
    }

    /// The code part of a QCode (`stat:canceled` → `canceled`), lowercased.
    static func code(_ qcode: String?) -> String? {
        guard let qcode else { return nil }
        let trimmed = qcode.trimmingCharacters(in: .whitespaces)
        return String(trimmed[(trimmed.lastIndex(of: ":").map { trimmed.index(after: $0) } ?? trimmed.startIndex)...]).lowercased()
    }
}
