/// The body of `GET /v1/changes`: a page of events and the feed's newest sequence number.
///
/// `last_seq` is the newest seq in the whole feed (0 when empty), not the last one in `events`;
/// a client pages by asking again with `since` set to the last event's seq.
public struct ChangesPage: Codable, Sendable, Equatable {
    public var events: [FeedEvent]
    public var lastSeq: Int64

    public init(events: [FeedEvent], lastSeq: Int64) {
        self.events = events
        self.lastSeq = lastSeq
    }

    enum CodingKeys: String, CodingKey {
        case events
        case lastSeq = "last_seq"
    }
}
