import Foundation
import Sync

extension Database {
    /// Removes stories not updated since `cutoff`, with their versions and identities
    /// (the feed's events stay: they are history). Returns the stories and versions removed,
    /// or that would be with `dryRun`.
    public func pruneStories(updatedBefore cutoff: Date, dryRun: Bool) throws -> (stories: Int, versions: Int) {
        let ms = cutoff.millisecondsSince1970
        let old = "SELECT id FROM stories WHERE updated_at < ?1"
        let counts: (Int, Int) = try read { connection in
            (try connection.queryOne("SELECT count(*) FROM stories WHERE updated_at < ?1", [.integer(ms)]) { $0.int(0) } ?? 0,
             try connection.queryOne("SELECT count(*) FROM versions WHERE story_id IN (\(old))", [.integer(ms)]) { $0.int(0) } ?? 0)
        }
        guard !dryRun, counts.0 > 0 else { return counts }
        return try write { connection in
            // The largest ids so far stay taken (``nextID(stories:)``): a pruned story's id
            // never names another story in the feed.
            for table in ["stories", "versions"] {
                try connection.run("""
                    INSERT INTO id_floors (name, last_id) SELECT ?1, coalesce(max(id), 0) FROM \(table) WHERE true
                    ON CONFLICT (name) DO UPDATE SET last_id = max(last_id, excluded.last_id)
                    """, [.text(table)])
            }
            try connection.run("UPDATE files SET story_id = NULL, version_id = NULL WHERE story_id IN (\(old))", [.integer(ms)])
            try connection.run("UPDATE files SET version_id = NULL WHERE version_id IN (SELECT id FROM versions WHERE story_id IN (\(old)))", [.integer(ms)])
            try connection.run("DELETE FROM identities WHERE story_id IN (\(old))", [.integer(ms)])
            let versions = try connection.run("DELETE FROM versions WHERE story_id IN (\(old))", [.integer(ms)])
            try connection.run("UPDATE stories SET merged_into = NULL WHERE merged_into IN (\(old))", [.integer(ms)])
            let stories = try connection.run("DELETE FROM stories WHERE updated_at < ?1", [.integer(ms)])
            return (stories, versions)
        }
    }
}
