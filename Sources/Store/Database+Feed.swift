import Foundation
import Sync

extension Database {
    /// Appends `event` to the feed with the next sequence number, inside the caller's transaction.
    ///
    /// The number is `max(seq) + 1` read in the same write transaction, so the feed has no gaps
    /// and no doubles whatever is rolled back. A transaction reads it once: later events count
    /// on from the connection's ``Connection/feedTail``, which a rollback clears.
    static func appendEvent(_ connection: Connection, _ event: FeedEvent) throws -> FeedEvent {
        var event = event
        let tail = try connection.feedTail ?? (connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0)
        event.seq = tail + 1
        let json = try event.wireJSON()
        try connection.run("INSERT INTO events (seq, type, at, story_id, source, body) VALUES (?, ?, ?, ?, ?, ?)",
                           [.integer(event.seq), .text(event.type.rawValue), .integer(event.at.millisecondsSince1970),
                            .optionalInteger(event.story), .optionalText(event.source), .text(json)])
        connection.feedTail = event.seq
        return event
    }

    /// Up to `limit` events with `seq > since`, in order, as the JSON stored for each.
    ///
    /// Returned as raw JSON so the HTTP layer serves exactly what was recorded, without decoding.
    /// Non-empty `types` or `sources` keep only events of those types or from those sources.
    public func eventJSON(since: Int64, limit: Int, types: [String] = [], sources: [String] = []) throws
        -> [(seq: Int64, type: String, json: String)] {
        try eventPage(since: since, limit: limit, types: types, sources: sources).rows
    }

    /// Like ``eventJSON(since:limit:types:sources:)``, plus the feed's newest seq read in the
    /// same snapshot: when no event matched, no matching event exists up to that seq, so a
    /// filtered reader can move its cursor there without missing one.
    public func eventPage(since: Int64, limit: Int, types: [String] = [], sources: [String] = []) throws
        -> (rows: [(seq: Int64, type: String, json: String)], lastSeq: Int64) {
        try read { connection in
            let last = try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0
            var sql = "SELECT seq, type, body FROM events WHERE seq > ? AND seq <= ?"
            var bindings: [SQLValue] = [.integer(since), .integer(last)]
            if !types.isEmpty {
                sql += " AND type IN (" + Array(repeating: "?", count: types.count).joined(separator: ", ") + ")"
                bindings += types.map(SQLValue.text)
            }
            if !sources.isEmpty {
                sql += " AND source IN (" + Array(repeating: "?", count: sources.count).joined(separator: ", ") + ")"
                bindings += sources.map(SQLValue.text)
            }
            sql += " ORDER BY seq LIMIT ?"
            bindings.append(.int(limit))
            let rows = try connection.query(sql, bindings) { (seq: $0.int64(0), type: $0.text(1), json: $0.text(2)) }
            return (rows, last)
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
