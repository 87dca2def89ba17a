import Sync

/// What ``Database/recordDecision(_:for:file:)`` committed.
public struct RecordedDecision: Sendable, Equatable {
    /// The event appended to the feed.
    public var event: FeedEvent
    /// The version the document was stored as; nil for duplicates (no new version is stored).
    public var stored: VersionRef?
}
