import Foundation
import Sync

extension Database {
    /// One story with all its versions, oldest first; nil when no story has this id.
    public func story(id: Int64) throws -> StoryDetail? {
        try read { connection in
            guard var story = try connection.queryOne(
                "SELECT id, headline, source, created_at, updated_at, withdrawn FROM stories WHERE id = ?", [.integer(id)], { row in
                    StoryDetail(id: row.int64(0), headline: row.text(1), source: row.optionalText(2),
                                createdAt: Date(millisecondsSince1970: row.int64(3)),
                                updatedAt: Date(millisecondsSince1970: row.int64(4)), versions: [],
                                withdrawn: row.int(5) != 0)
                })
            else { return nil }
            story.versions = try connection.query(
                "SELECT \(Self.versionDetailColumns) FROM versions WHERE story_id = ? ORDER BY number", [.integer(id)], Self.versionDetail)
            return story
        }
    }

    /// Totals of stories, versions, duplicate and rejected files, and the newest seq.
    public func counts() throws -> StoreCounts {
        try read { connection in
            func count(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
                try connection.queryOne(sql, bindings) { $0.int(0) } ?? 0
            }
            return StoreCounts(
                stories: try count("SELECT count(*) FROM stories WHERE merged_into IS NULL"),
                versions: try count("SELECT count(*) FROM versions"),
                duplicates: try count("SELECT count(*) FROM files WHERE outcome = ?", [.text(EventType.duplicateSeen.rawValue)]),
                rejected: try count("SELECT count(*) FROM files WHERE outcome = ?", [.text(EventType.fileRejected.rawValue)]),
                lastSeq: try connection.queryOne("SELECT coalesce(max(seq), 0) FROM events") { $0.int64(0) } ?? 0)
        }
    }
}
