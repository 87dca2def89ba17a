import Foundation
import Sync

extension Database {
    /// Up to `limit` stories matching `filter`, newest-updated first, after `cursor`; and the
    /// cursor for the next page (nil on the last page).
    public func stories(matching filter: StoryFilter, limit: Int, after cursor: StoryCursor?) throws
        -> (stories: [StorySummary], next: StoryCursor?) {
        try read { connection in
            let duplicate = EventType.duplicateSeen.rawValue
            let rows = try connection.query("""
                SELECT s.id, s.headline, s.source, s.created_at, s.updated_at, s.version_count, s.withdrawn,
                       (SELECT count(*) FROM files f WHERE f.story_id = s.id AND f.outcome = ?8) AS duplicates
                FROM stories s
                WHERE s.merged_into IS NULL AND (?1 IS NULL OR s.updated_at >= ?1)
                  AND (?2 IS NULL OR s.source = ?2)
                  AND (?3 IS NULL OR s.withdrawn = ?3)
                  AND (?4 IS NULL OR ?4 = (s.version_count > 1
                        OR EXISTS (SELECT 1 FROM files f WHERE f.story_id = s.id AND f.outcome = ?8)))
                  AND (?5 IS NULL OR s.updated_at < ?5 OR (s.updated_at = ?5 AND s.id < ?6))
                ORDER BY s.updated_at DESC, s.id DESC
                LIMIT ?7
                """,
                [.optionalInteger(filter.updatedSince?.millisecondsSince1970), .optionalText(filter.source),
                 filter.withdrawn.map { .integer($0 ? 1 : 0) } ?? .null,
                 filter.hasDuplicates.map { .integer($0 ? 1 : 0) } ?? .null,
                 .optionalInteger(cursor?.updatedAt), .optionalInteger(cursor?.id), .int(limit + 1), .text(duplicate)]) { row in
                StorySummary(id: row.int64(0), headline: row.text(1), source: row.optionalText(2),
                             createdAt: Date(millisecondsSince1970: row.int64(3)),
                             updatedAt: Date(millisecondsSince1970: row.int64(4)),
                             versions: row.int(5), duplicates: row.int(7), withdrawn: row.int(6) != 0)
            }
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { StoryCursor(updatedAt: $0.updatedAt.millisecondsSince1970, id: $0.id) } : nil
            return (page, next)
        }
    }

    /// Version `number` of story `story`; nil when either does not exist.
    public func version(story: Int64, number: Int) throws -> VersionDetail? {
        try read { connection in
            try connection.queryOne("SELECT \(Self.versionDetailColumns) FROM versions WHERE story_id = ? AND number = ?",
                                   [.integer(story), .int(number)], Self.versionDetail)
        }
    }

    /// The columns ``versionDetail(_:)`` reads, in its order.
    static let versionDetailColumns =
        "number, file, source, format, received_at, doc_time, headline, body, content_hash, byline, dateline, urgency, identity, format_version"

    /// One `versions` row selected as ``versionDetailColumns``.
    static func versionDetail(_ row: Statement) -> VersionDetail {
        VersionDetail(number: row.int(0), file: row.text(1), source: row.optionalText(2), format: row.text(3),
                      receivedAt: Date(millisecondsSince1970: row.int64(4)), time: Date(millisecondsSince1970: row.int64(5)),
                      headline: row.text(6), body: row.text(7), contentHash: row.text(8),
                      byline: row.optionalText(9), dateline: row.optionalText(10), urgency: row.optionalInt64(11).map(Int.init),
                      identity: row.optionalText(12), formatVersion: row.optionalInt64(13).map(Int.init))
    }
}
