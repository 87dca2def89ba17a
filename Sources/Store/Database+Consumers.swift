import Foundation
import Sync

extension Database {
    /// The consumer called `name`, created at position 0 if it does not exist yet.
    public func ensureConsumer(_ name: String, at now: Date = Date()) throws -> ConsumerInfo {
        try write { connection in
            try connection.run("INSERT OR IGNORE INTO consumers (name, acked_seq, created_at, updated_at) VALUES (?, 0, ?, ?)",
                               [.text(name), .integer(now.millisecondsSince1970), .integer(now.millisecondsSince1970)])
            return try consumerRow(connection, name)!
        }
    }

    /// The consumer called `name`; nil when there is none.
    public func consumer(_ name: String) throws -> ConsumerInfo? {
        try read { try consumerRow($0, name) }
    }

    /// Every named consumer, by name.
    public func consumers() throws -> [ConsumerInfo] {
        try read { connection in
            let last = try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0
            return try connection.query("SELECT name, acked_seq, created_at, updated_at FROM consumers ORDER BY name") { row in
                ConsumerInfo(name: row.text(0), ackedSeq: row.int64(1), lag: max(0, last - row.int64(1)),
                             createdAt: Date(millisecondsSince1970: row.int64(2)),
                             updatedAt: Date(millisecondsSince1970: row.int64(3)))
            }
        }
    }

    /// Records that `name` processed every event up to `seq` (creating the consumer if needed).
    /// A lower seq than before rewinds it, so it reads those events again.
    /// - Throws: ``StoreError/invalidArgument(_:)`` when `seq` is negative or beyond the feed's last event.
    public func acknowledge(_ name: String, seq: Int64, at now: Date = Date()) throws -> ConsumerInfo {
        try write { connection in
            let last = try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0
            guard seq >= 0 else { throw StoreError.invalidArgument("seq must be 0 or more (0 rewinds to the start); got \(seq)") }
            guard seq <= last else {
                throw StoreError.invalidArgument("seq \(seq) is beyond the feed's last event (\(last))")
            }
            try connection.run("""
                INSERT INTO consumers (name, acked_seq, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                ON CONFLICT (name) DO UPDATE SET acked_seq = ?2, updated_at = ?3
                """, [.text(name), .integer(seq), .integer(now.millisecondsSince1970)])
            return try consumerRow(connection, name)!
        }
    }

    /// Removes the consumer; false when there was none.
    public func deleteConsumer(_ name: String) throws -> Bool {
        try write { try $0.run("DELETE FROM consumers WHERE name = ?", [.text(name)]) > 0 }
    }

    private func consumerRow(_ connection: Connection, _ name: String) throws -> ConsumerInfo? {
        let last = try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0
        return try connection.queryOne("SELECT name, acked_seq, created_at, updated_at FROM consumers WHERE name = ?",
                                       [.text(name)]) { row in
            ConsumerInfo(name: row.text(0), ackedSeq: row.int64(1), lag: max(0, last - row.int64(1)),
                         createdAt: Date(millisecondsSince1970: row.int64(2)),
                         updatedAt: Date(millisecondsSince1970: row.int64(3)))
        }
    }
}
