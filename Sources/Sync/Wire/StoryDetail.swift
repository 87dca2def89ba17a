import Foundation

/// The body of `GET /v1/stories/{id}`: one story with every version it holds, oldest first.
public struct StoryDetail: Codable, Sendable, Equatable {
    public var id: Int64
    /// The newest version's headline.
    public var headline: String
    /// The source (inbox subfolder) of the first version.
    public var source: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var versions: [VersionDetail]
    /// True once a kill or withdrawal for the story arrived.
    public var withdrawn: Bool

    /// The number of the version the story says now: its newest version that did not come
    /// late (a version numbered by its format below another of the same identity came late;
    /// see ``FeedEvent/current``); nil without versions. On the wire as `current_version`.
    public var currentVersion: Int? {
        versions.last { v in
            guard let identity = v.identity, let number = v.formatVersion else { return true }
            return !versions.contains { $0.identity == identity && ($0.formatVersion ?? Int.min) > number }
        }?.number
    }

    public init(id: Int64, headline: String, source: String?, createdAt: Date, updatedAt: Date, versions: [VersionDetail],
                withdrawn: Bool = false) {
        self.withdrawn = withdrawn
        self.id = id
        self.headline = headline
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.versions = versions
    }

    enum CodingKeys: String, CodingKey {
        case id, headline, source, versions, withdrawn
        case currentVersion = "current_version"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        headline = try c.decode(String.self, forKey: .headline)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        createdAt = try c.decodeRFC3339(forKey: .createdAt)
        updatedAt = try c.decodeRFC3339(forKey: .updatedAt)
        versions = try c.decode([VersionDetail].self, forKey: .versions)
        withdrawn = try c.decodeIfPresent(Bool.self, forKey: .withdrawn) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(headline, forKey: .headline)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(RFC3339.format(createdAt), forKey: .createdAt)
        try c.encode(RFC3339.format(updatedAt), forKey: .updatedAt)
        try c.encode(versions, forKey: .versions)
        try c.encode(withdrawn, forKey: .withdrawn)
        try c.encodeIfPresent(currentVersion, forKey: .currentVersion)
    }
}

/// One stored version of a story: the text as received and where it came from.
public struct VersionDetail: Codable, Sendable, Equatable {
    /// 1 for the story's first version, then 2, 3, …
    public var number: Int
    /// The file's path relative to the inbox when it arrived.
    public var file: String
    public var source: String?
    /// The format the file was read as, e.g. `text`.
    public var format: String
    /// When syncd committed the version.
    public var receivedAt: Date
    /// The document's own time (or the file's modification time).
    public var time: Date
    public var headline: String
    public var body: String
    /// SHA-256 of the normalized text.
    public var contentHash: String
    /// The byline, when the format carries one (NITF, ninjs, NewsML-G2, ANPA); nil for plain
    /// text, which keeps its byline in the body, and for versions stored before bylines were.
    ///
    /// A re-send whose headline and body are unchanged is a duplicate and stores nothing, so a
    /// new byline, dateline or urgency on an otherwise identical copy is not recorded.
    public var byline: String?
    /// The dateline, e.g. `WASHINGTON, March 3`, when the format names one (NITF, ninjs
    /// `located`, NewsML-G2; ANPA's is read from its first paragraph, which keeps it); nil for
    /// plain text, which keeps its dateline in the body.
    public var dateline: String?
    /// The format's urgency or priority, 1 (most urgent) to 9, when it carries one.
    public var urgency: Int?
    /// The format's identity of the story (`ninjs:urn:…`, `g2:…`, `nitf:…`, `anpa:SLUG`) and
    /// its own number for this version, when the format carries them; nil for versions stored
    /// before they were. A version numbered below another of the same identity came late and
    /// is not what the story says.
    public var identity: String?
    public var formatVersion: Int?

    public init(number: Int, file: String, source: String?, format: String, receivedAt: Date, time: Date,
                headline: String, body: String, contentHash: String,
                byline: String? = nil, dateline: String? = nil, urgency: Int? = nil,
                identity: String? = nil, formatVersion: Int? = nil) {
        self.identity = identity
        self.formatVersion = formatVersion
        self.byline = byline
        self.dateline = dateline
        self.urgency = urgency
        self.number = number
        self.file = file
        self.source = source
        self.format = format
        self.receivedAt = receivedAt
        self.time = time
        self.headline = headline
        self.body = body
        self.contentHash = contentHash
    }

    enum CodingKeys: String, CodingKey {
        case number, file, source, format, time, headline, body, byline, dateline, urgency, identity
        case receivedAt = "received_at"
        case formatVersion = "format_version"
        case contentHash = "content_hash"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        file = try c.decode(String.self, forKey: .file)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        format = try c.decode(String.self, forKey: .format)
        receivedAt = try c.decodeRFC3339(forKey: .receivedAt)
        time = try c.decodeRFC3339(forKey: .time)
        headline = try c.decode(String.self, forKey: .headline)
        body = try c.decode(String.self, forKey: .body)
        contentHash = try c.decode(String.self, forKey: .contentHash)
        byline = try c.decodeIfPresent(String.self, forKey: .byline)
        dateline = try c.decodeIfPresent(String.self, forKey: .dateline)
        urgency = try c.decodeIfPresent(Int.self, forKey: .urgency)
        identity = try c.decodeIfPresent(String.self, forKey: .identity)
        formatVersion = try c.decodeIfPresent(Int.self, forKey: .formatVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(format, forKey: .format)
        try c.encode(RFC3339.format(receivedAt), forKey: .receivedAt)
        try c.encode(RFC3339.format(time), forKey: .time)
        try c.encode(headline, forKey: .headline)
        try c.encode(body, forKey: .body)
        try c.encode(contentHash, forKey: .contentHash)
        try c.encodeIfPresent(byline, forKey: .byline)
        try c.encodeIfPresent(dateline, forKey: .dateline)
        try c.encodeIfPresent(urgency, forKey: .urgency)
        try c.encodeIfPresent(identity, forKey: .identity)
        try c.encodeIfPresent(formatVersion, forKey: .formatVersion)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an RFC 3339 string as a `Date`, naming the key when it is not one.
    func decodeRFC3339(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an RFC 3339 time: \(text)")
        }
        return date
    }
}
