import Foundation

/// One entry of the change feed: a decision about one file, with a gap-free sequence number.
///
/// The JSON form is the feed's contract, shared by `syncd` (which writes it) and `syncctl` (which
/// reads it): `seq`, `type` and `at` are always present; absent optional fields are omitted.
/// `story` and `version` name the story and its version number (for `duplicate.seen`, the
/// version that was seen again); rejections carry `reason` instead.
public struct FeedEvent: Codable, Sendable, Equatable {
    /// Strictly increasing, no gaps, starting at 1.
    public var seq: Int64
    public var type: EventType
    /// When the decision was committed (RFC 3339 UTC on the wire).
    public var at: Date
    /// The file's path relative to the inbox, e.g. `ap/story1.txt`.
    public var file: String?
    /// The inbox subfolder the file came through, e.g. `ap`.
    public var source: String?
    /// The story id.
    public var story: Int64?
    /// The version number within the story (1 for the first).
    public var version: Int?
    /// The story's headline as of this event.
    public var headline: String?
    /// Why the engine decided this way, or why a file was rejected.
    public var reason: String?
    /// The version number of the stored version this file matched.
    public var matched: Int?
    /// Jaccard similarity to the matched version (1 for an exact duplicate).
    public var similarity: Double?
    /// Share of the matched version's text contained in this one.
    public var containment: Double?
    /// For `story.split` and `story.merged`: the other story (split from, or merged in).
    public var otherStory: Int64?
    /// For `version.added`: false when the version does not become what its story says (a late
    /// version, numbered by its format below one the story has; or a version of a withdrawn
    /// story): kept, and not to be published. Absent otherwise.
    public var current: Bool?

    public init(seq: Int64, type: EventType, at: Date, file: String? = nil, source: String? = nil,
                story: Int64? = nil, version: Int? = nil, headline: String? = nil, reason: String? = nil,
                matched: Int? = nil, similarity: Double? = nil, containment: Double? = nil) {
        self.seq = seq
        self.type = type
        self.at = at
        self.file = file
        self.source = source
        self.story = story
        self.version = version
        self.headline = headline
        self.reason = reason
        self.matched = matched
        self.similarity = similarity
        self.containment = containment
    }

    enum CodingKeys: String, CodingKey {
        case seq, type, at, file, source, story, version, headline, reason, matched, similarity, containment, current
        case otherStory = "other_story"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int64.self, forKey: .seq)
        type = try c.decode(EventType.self, forKey: .type)
        let atText = try c.decode(String.self, forKey: .at)
        guard let parsed = RFC3339.parse(atText) else {
            throw DecodingError.dataCorruptedError(forKey: .at, in: c, debugDescription: "not an RFC 3339 time: \(atText)")
        }
        at = parsed
        file = try c.decodeIfPresent(String.self, forKey: .file)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        story = try c.decodeIfPresent(Int64.self, forKey: .story)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        headline = try c.decodeIfPresent(String.self, forKey: .headline)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        matched = try c.decodeIfPresent(Int.self, forKey: .matched)
        similarity = try c.decodeIfPresent(Double.self, forKey: .similarity)
        containment = try c.decodeIfPresent(Double.self, forKey: .containment)
        otherStory = try c.decodeIfPresent(Int64.self, forKey: .otherStory)
        current = try c.decodeIfPresent(Bool.self, forKey: .current)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(type, forKey: .type)
        try c.encode(RFC3339.format(at), forKey: .at)
        try c.encodeIfPresent(file, forKey: .file)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(story, forKey: .story)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(headline, forKey: .headline)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(matched, forKey: .matched)
        try c.encodeIfPresent(similarity, forKey: .similarity)
        try c.encodeIfPresent(containment, forKey: .containment)
        try c.encodeIfPresent(otherStory, forKey: .otherStory)
        try c.encodeIfPresent(current, forKey: .current)
    }
}
