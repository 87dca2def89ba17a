import Foundation
import Sync

extension Database {
    /// Event types that make up a story's group (its decisions and editors' overrides).
    static let groupEventTypes: [EventType] = [.storyCreated, .versionAdded, .duplicateSeen, .storyWithdrawn, .storySplit, .storyMerged]

    /// Groups of stories that more than one file joined (as a version or a duplicate; a kill
    /// is no member), with an event since `since`, most
    /// recently updated first.
    public func groups(since: Date, limit: Int) throws -> [DuplicateGroup] {
        try read { connection in
            let ids = try connection.query("""
                SELECT s.id FROM stories s
                WHERE s.merged_into IS NULL AND s.updated_at >= ?1
                  AND (SELECT count(*) FROM files f WHERE f.story_id = s.id AND f.outcome != 'story.withdrawn') >= 2
                ORDER BY s.updated_at DESC, s.id DESC LIMIT ?2
                """, [.integer(since.millisecondsSince1970), .integer(Int64(limit))]) { $0.int64(0) }
            return try ids.compactMap { try Self.group(connection, story: $0) }
        }
    }

    /// One story's group: every decision and override event about it, oldest first.
    public func group(story: Int64) throws -> DuplicateGroup? {
        try read { try Self.group($0, story: story) }
    }

    static func group(_ connection: Connection, story: Int64) throws -> DuplicateGroup? {
        guard let (headline, withdrawn, versions, files) = try connection.queryOne("""
            SELECT headline, withdrawn, version_count,
                   (SELECT count(*) FROM files f WHERE f.story_id = s.id AND f.outcome != 'story.withdrawn')
            FROM stories s WHERE id = ?
            """, [.integer(story)], { ($0.text(0), $0.int(1) != 0, $0.int(2), $0.int(3)) })
        else { return nil }
        let types = groupEventTypes.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let members = try connection.query(
            "SELECT body FROM events WHERE story_id = ? AND type IN (\(types)) ORDER BY seq", [.integer(story)]) { row in
            try WireJSON.decoder().decode(FeedEvent.self, from: Data(row.text(0).utf8))
        }
        return DuplicateGroup(story: story, headline: headline, withdrawn: withdrawn, members: members, files: files,
                              versions: versions)
    }

    /// A stored version as a document (the newest when `number` is nil), for explain/similar.
    public func storedDocument(story: Int64, number: Int?) throws -> StoryDocument? {
        try read { connection in
            try connection.queryOne("""
                SELECT headline, body, doc_time, source, format FROM versions
                WHERE story_id = ?1 AND (?2 IS NULL OR number = ?2) ORDER BY number DESC LIMIT 1
                """, [.integer(story), number.map { .integer(Int64($0)) } ?? .null]) { row in
                StoryDocument(headline: row.text(0), body: row.text(1), time: Date(millisecondsSince1970: row.int64(2)),
                              source: row.optionalText(3), format: row.text(4), timeFromDocument: true)
            }
        }
    }

    /// Headlines of stories by id (for labelling `similar` results).
    public func headlines(_ stories: [Int64]) throws -> [Int64: String] {
        try read { connection in
            var out: [Int64: String] = [:]
            for id in Set(stories) {
                out[id] = try connection.queryOne("SELECT headline FROM stories WHERE id = ?", [.integer(id)]) { $0.text(0) }
            }
            return out
        }
    }

    /// Moves version `number` of `story` into a new story of its own (an editor's split), with
    /// the duplicates that matched it; the remaining versions are renumbered 1, 2, … Appends a
    /// `story.split` event about the new story.
    /// - Throws: ``StoreError/notFound(_:)`` or ``StoreError/invalidArgument(_:)`` (the only version).
    public func splitVersion(story: Int64, number: Int, at now: Date = Date()) throws -> FeedEvent {
        try write { connection in
            let nowMs = now.millisecondsSince1970
            guard let count = try connection.queryOne(
                "SELECT version_count FROM stories WHERE id = ? AND merged_into IS NULL", [.integer(story)], { $0.int(0) }) else {
                throw StoreError.notFound("story \(story)")
            }
            guard let (versionID, headline, source) = try connection.queryOne(
                "SELECT id, headline, source FROM versions WHERE story_id = ? AND number = ?",
                [.integer(story), .integer(Int64(number))], { ($0.int64(0), $0.text(1), $0.optionalText(2)) }) else {
                throw StoreError.notFound("story \(story) version \(number)")
            }
            guard count > 1 else {
                throw StoreError.invalidArgument("story \(story) has only one version; there is nothing to split from it")
            }
            try connection.run(
                Self.insertStory,
                [.text(headline), .optionalText(source), .integer(nowMs), .integer(nowMs)])
            let newStory = connection.lastInsertRowID
            try connection.run("UPDATE versions SET story_id = ?, number = 1 WHERE id = ?", [.integer(newStory), .integer(versionID)])
            try connection.run("UPDATE versions SET number = -number WHERE story_id = ? AND number > ?", [.integer(story), .integer(Int64(number))])
            try connection.run("UPDATE versions SET number = -number - 1 WHERE story_id = ? AND number < 0", [.integer(story)])
            try connection.run("UPDATE files SET story_id = ? WHERE version_id = ?", [.integer(newStory), .integer(versionID)])
            let newest = try connection.queryOne(
                "SELECT headline FROM versions WHERE story_id = ? ORDER BY number DESC LIMIT 1", [.integer(story)]) { $0.text(0) }
            try connection.run("UPDATE stories SET version_count = version_count - 1, headline = ?, updated_at = ? WHERE id = ?",
                               [.text(newest ?? headline), .integer(nowMs), .integer(story)])
            var event = FeedEvent(seq: 0, type: .storySplit, at: Date(millisecondsSince1970: nowMs), source: source,
                                  story: newStory, version: 1, headline: headline,
                                  reason: "split by an editor from story \(story), where it was version \(number)")
            event.otherStory = story
            return try Self.appendEvent(connection, event)
        }
    }

    /// Moves every version of story `from` to the end of story `into` (an editor's merge), with
    /// its files and identities; `from` stays as an empty story pointing at `into`. Appends a
    /// `story.merged` event about `into`.
    public func mergeStory(_ from: Int64, into: Int64, at now: Date = Date()) throws -> FeedEvent {
        try write { connection in
            let nowMs = now.millisecondsSince1970
            guard from != into else { throw StoreError.invalidArgument("a story cannot be merged into itself") }
            guard let target = try connection.queryOne(
                "SELECT version_count, headline FROM stories WHERE id = ? AND merged_into IS NULL", [.integer(into)],
                { ($0.int(0), $0.text(1)) }) else { throw StoreError.notFound("story \(into)") }
            guard let moved = try connection.queryOne(
                "SELECT version_count FROM stories WHERE id = ? AND merged_into IS NULL", [.integer(from)], { $0.int(0) }) else {
                throw StoreError.notFound("story \(from)")
            }
            try connection.run("UPDATE versions SET story_id = ?, number = number + ? WHERE story_id = ?",
                               [.integer(into), .integer(Int64(target.0)), .integer(from)])
            try connection.run("UPDATE files SET story_id = ? WHERE story_id = ?", [.integer(into), .integer(from)])
            try connection.run("UPDATE identities SET story_id = ? WHERE story_id = ?", [.integer(into), .integer(from)])
            try connection.run("UPDATE stories SET version_count = 0, merged_into = ?, updated_at = ? WHERE id = ?",
                               [.integer(into), .integer(nowMs), .integer(from)])
            try connection.run("UPDATE stories SET version_count = version_count + ?, updated_at = ? WHERE id = ?",
                               [.integer(Int64(moved)), .integer(nowMs), .integer(into)])
            var event = FeedEvent(seq: 0, type: .storyMerged, at: Date(millisecondsSince1970: nowMs), story: into,
                                  version: target.0 + moved, headline: target.1,
                                  reason: "story \(from) (\(moved) version\(moved == 1 ? "" : "s")) merged in by an editor")
            event.otherStory = from
            return try Self.appendEvent(connection, event)
        }
    }
}
