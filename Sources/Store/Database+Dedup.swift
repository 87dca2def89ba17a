import Foundation
import Sync

extension Database {
    /// The story that already carries one of `identities` (a format's own story identity),
    /// with its newest version; nil when none does.
    public func storyVersion(forIdentities identities: [String]) throws -> (identity: String, version: VersionRef)? {
        guard !identities.isEmpty else { return nil }
        return try read { try Self.storyVersion($0, forIdentities: identities) }
    }

    static func storyVersion(_ connection: Connection, forIdentities identities: [String]) throws -> (identity: String, version: VersionRef)? {
        for identity in identities {
            let found = try connection.queryOne("""
                SELECT v.story_id, v.id, v.number FROM identities i
                JOIN versions v ON v.story_id = i.story_id
                WHERE i.identity = ? ORDER BY v.number DESC LIMIT 1
                """, [.text(identity)]) { VersionRef(story: $0.int64(0), id: $0.int64(1), number: $0.int(2)) }
            if let found { return (identity, found) }
        }
        return nil
    }

    /// The sketch and time of one version, rebuilt from its text if it has no stored sketch.
    public func storedSketch(version id: Int64, parameters: DedupParameters = DedupParameters()) throws -> StoredSketch? {
        try read { try Self.storedSketch($0, version: id, parameters: parameters) }
    }

    static func storedSketch(_ connection: Connection, version id: Int64, parameters: DedupParameters) throws -> StoredSketch? {
        try connection.queryOne("""
            SELECT v.story_id, v.id, v.number, v.doc_time, v.content_hash, s.data, v.headline, v.body
            FROM versions v LEFT JOIN sketches s ON s.version_id = v.id WHERE v.id = ?
            """, [.integer(id)]) { row in Self.storedSketch(row, parameters: parameters) }
    }

    /// The versions whose document time is within `window` of the newest stored one, oldest
    /// first, plus the first version of each of their stories (for the no-chaining test).
    ///
    /// Versions stored before sketches existed are sketched from their text once and saved.
    public func dedupWindow(_ window: TimeInterval, parameters: DedupParameters = DedupParameters())
        throws -> (versions: [StoredSketch], roots: [StoredSketch]) {
        let loaded: (versions: [StoredSketch], roots: [StoredSketch], missing: [StoredSketch]) = try read { connection in
            guard let newest = try connection.queryOne("SELECT max(doc_time) FROM versions", [], { $0.optionalInt64(0) }) ?? nil else {
                return ([], [], [])
            }
            let since = newest - Int64(window * 1000)
            let columns = "v.story_id, v.id, v.number, v.doc_time, v.content_hash, s.data, v.headline, v.body"
            var missing: [StoredSketch] = []
            let versions = try connection.query("""
                SELECT \(columns) FROM versions v LEFT JOIN sketches s ON s.version_id = v.id
                WHERE v.doc_time >= ? ORDER BY v.doc_time, v.id
                """, [.integer(since)]) { row -> StoredSketch in
                let sketch = Self.storedSketch(row, parameters: parameters)
                if row.isNull(5) { missing.append(sketch) }
                return sketch
            }
            let roots = try connection.query("""
                SELECT \(columns) FROM versions v LEFT JOIN sketches s ON s.version_id = v.id
                WHERE v.number = 1 AND v.doc_time < ? AND v.story_id IN
                    (SELECT story_id FROM versions WHERE doc_time >= ?)
                """, [.integer(since), .integer(since)]) { Self.storedSketch($0, parameters: parameters) }
            return (versions, roots, missing)
        }
        if !loaded.missing.isEmpty {
            try write { connection in
                for item in loaded.missing {
                    try connection.run(
                        "INSERT OR IGNORE INTO sketches (version_id, story_id, doc_time, data) VALUES (?, ?, ?, ?)",
                        [.integer(item.version.id), .integer(item.version.story), .integer(item.time.millisecondsSince1970),
                         .blob(item.sketch.encoded(parameters: parameters))])
                }
            }
        }
        return (loaded.versions, loaded.roots)
    }

    static func storedSketch(_ row: Statement, parameters: DedupParameters) -> StoredSketch {
        let ref = VersionRef(story: row.int64(0), id: row.int64(1), number: row.int(2))
        let time = Date(millisecondsSince1970: row.int64(3))
        let sketch = row.isNull(5) ? nil : Sketch(encoded: row.blob(5), parameters: parameters)
        return StoredSketch(version: ref, time: time, contentHash: row.text(4),
                            sketch: sketch ?? Sketch.build(headline: row.text(6), body: row.text(7), parameters: parameters))
    }
}
