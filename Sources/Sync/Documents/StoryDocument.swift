import Foundation

/// One incoming story as parsed from a file, before any decision.
///
/// Parsers fill what their format carries; `time` is the document's own time when the format
/// has one (the ingest loop falls back to the file's modification time), `source` is the inbox
/// subfolder the file came through (nil for files at the top of the inbox).
public struct StoryDocument: Sendable, Equatable {
    /// The story's headline, trimmed; may be empty for a headline-less item.
    public var headline: String
    /// The body as paragraphs separated by blank lines, each paragraph trimmed.
    public var body: String
    /// The document's own time, or the file's modification time.
    public var time: Date
    /// True when `time` came from the document itself (not from the file's modification time).
    public var timeFromDocument: Bool
    /// The inbox subfolder that names the feed, e.g. `ap`; nil at the inbox's top level.
    public var source: String?
    /// The format the document was read from: `text`, `ninjs`, `nitf`, `newsml-g2` or `anpa`.
    public var format: String
    /// The format's own identity of the story, namespaced by format, e.g. `ninjs:urn:x:1`,
    /// `g2:urn:newsml:…`, `nitf:doc-id`, `anpa:SLUG`; nil when the format carries none.
    /// Items sharing an identity are versions of one story whatever their text.
    public var identity: String?
    /// Further identities this item declares it continues (a G2 previous-version link, a NITF
    /// `management-doc-idref`), namespaced like ``identity``.
    public var relatedIdentities: [String]
    /// The format's version number for this item (G2 `version`, ninjs `version`), if any.
    public var formatVersion: Int?
    /// The identity whose versions ``formatVersion`` numbers, when it is not ``identity``: a
    /// NITF du-key, which stays the same over a story's versions while each carries a doc-id of
    /// its own. ``numberedIdentity`` is the one to use.
    public var versionedIdentity: String?
    /// The identity ``formatVersion`` counts the versions of: ``versionedIdentity``, else
    /// ``identity``.
    public var numberedIdentity: String? { versionedIdentity ?? identity }
    /// True for a kill or withdrawal (ninjs `pubstatus: canceled`, G2 `stat:canceled`,
    /// NITF `management-status="canceled"`, an ANPA kill).
    public var withdrawn: Bool
    /// The byline, if the format carries one.
    public var byline: String?
    /// The dateline, e.g. `WASHINGTON, March 3`, if the format carries one.
    public var dateline: String?
    /// Urgency or priority, 1 (most urgent) to 9, if the format carries one.
    public var urgency: Int?

    public init(headline: String, body: String, time: Date, source: String? = nil, format: String = "text",
                timeFromDocument: Bool = false, identity: String? = nil, relatedIdentities: [String] = [],
                formatVersion: Int? = nil, withdrawn: Bool = false, byline: String? = nil,
                dateline: String? = nil, urgency: Int? = nil, versionedIdentity: String? = nil) {
        self.versionedIdentity = versionedIdentity
        self.headline = headline
        self.body = body
        self.time = time
        self.timeFromDocument = timeFromDocument
        self.source = source
        self.format = format
        self.identity = identity
        self.relatedIdentities = relatedIdentities
        self.formatVersion = formatVersion
        self.withdrawn = withdrawn
        self.byline = byline
        self.dateline = dateline
        self.urgency = urgency
    }

    /// Headline and body as one text, the input of normalization and hashing.
    public var fullText: String { headline.isEmpty ? body : headline + "\n\n" + body }
}
