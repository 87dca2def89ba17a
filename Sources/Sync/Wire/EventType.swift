/// The kind of a change-feed event, e.g. `story.created`.
///
/// A string-backed value rather than a closed enum so a client built today still reads (and
/// prints) event types a newer server adds.
public struct EventType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A file started a story no stored story matched.
    public static let storyCreated = EventType(rawValue: "story.created")
    /// A file is a new version (new text) of a stored story.
    public static let versionAdded = EventType(rawValue: "version.added")
    /// A file's normalized text is identical to a stored version.
    public static let duplicateSeen = EventType(rawValue: "duplicate.seen")
    /// A kill or withdrawal (ninjs `pubstatus: canceled`, G2 `stat:canceled`, NITF
    /// `management-status="canceled"`, an ANPA kill) for a stored story's identity.
    public static let storyWithdrawn = EventType(rawValue: "story.withdrawn")
    /// An editor split a version out of a story into a story of its own.
    public static let storySplit = EventType(rawValue: "story.split")
    /// An editor merged another story into this one.
    public static let storyMerged = EventType(rawValue: "story.merged")
    /// A file could not be read or parsed; it sits in `rejected/` with its reason.
    public static let fileRejected = EventType(rawValue: "file.rejected")

    /// The types this build knows, in the order the README documents them.
    public static let known: [EventType] = [.storyCreated, .versionAdded, .duplicateSeen, .storyWithdrawn, .storySplit, .storyMerged, .fileRejected]

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
