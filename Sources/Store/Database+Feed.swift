import Foundation
import Sync

extension Database {
    /// Appends `event` to the feed with the next sequence number, inside the caller's transaction.
    ///
    /// The number is `max(seq) + 1` read in the same write transaction, so the feed has no gaps
    /// and no doubles whatever is rolled back.
    func appendEvent(_ connection: Connection, _ event: FeedEvent) throws -> FeedEvent {
        var event = event
        event.seq = (try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0) + 1
        let json = String(decoding: try WireJSON.encoder().encode(event), as: UTF8.self)
        try connection.run("INSERT INTO events (seq, type, at, story_id, source, body) VALUES (?, ?, ?, ?, ?, ?)",
                           [.integer(event.seq), .text(event.type.rawValue), .integer(event.at.millisecondsSince1970),
                            .optionalInteger(event.story), .optionalText(event.source), .text(json)])
        return event
    }

    /// Up to `limit` events with `seq > since`, in order, as the JSON stored for each.
    ///
    /// Returned as raw JSON so the HTTP layer serves exactly what was recorded, without decoding.
    public func eventJSON(since: Int64, limit: Int) throws -> [(seq: Int64, type: String, json: String)] {
        try read { connection in
            try connection.query("SELECT seq, type, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                                 [.integer(since), .int(limit)]) { (seq: $0.int64(0), type: $0.text(1), json: $0.text(2)) }
        }
    }

    /// Up to `limit` events with `seq > since`, decoded.
    public func events(since: Int64, limit: Int) throws -> [FeedEvent] {
        let decoder = WireJSON.decoder()
        return try eventJSON(since: since, limit: limit).map { try decoder.decode(FeedEvent.self, from: Data($0.json.utf8)) }
    }

    /// The newest event's seq, 0 when the feed is empty.
    public func lastSeq() throws -> Int64 {
        try read { try $0.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0 }
    }
}
