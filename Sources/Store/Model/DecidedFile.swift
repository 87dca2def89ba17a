import Sync

/// A file whose decision is committed: what was decided and the event that announced it.
public struct DecidedFile: Sendable, Equatable {
    /// The decision's event type (`story.created`, `file.rejected`, …).
    public var outcome: EventType
    public var eventSeq: Int64
    /// The rejection reason, for rejected files.
    public var reason: String?

    public init(outcome: EventType, eventSeq: Int64, reason: String?) {
        self.outcome = outcome
        self.eventSeq = eventSeq
        self.reason = reason
    }
}
