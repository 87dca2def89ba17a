import Foundation
import Sync

extension Database {
    /// The story that already carries one of `identities` (a format's own story identity),
    /// with its newest version that is what the story says: not one that came late (numbered
    /// by its format below another version of its identity); nil when none does.
    public func storyVersion(forIdentities identities: [String]) throws -> (identity: String, version: VersionRef)? {
        guard !identities.isEmpty else { return nil }
        return try read { try Self.storyVersion($0, forIdentities: identities) }
    }

    static func storyVersion(_ connection: Connection, forIdentities identities: [String]) throws -> (identity: String, version: VersionRef)? {
        for identity in identities {
            let found = try connection.queryOne("""
                SELECT v.story_id, v.id, v.number FROM identities i
                JOIN versions v ON v.story_id = i.story_id
                WHERE i.identity = ?
                  AND NOT EXISTS (SELECT 1 FROM versions w WHERE w.story_id = v.story_id AND w.identity = v.identity
                                                             AND w.format_version > v.format_version)
                ORDER BY v.number DESC LIMIT 1
                """, [.text(identity)]) { VersionRef(story: $0.int64(0), id: $0.int64(1), number: $0.int(2)) }
            if let found { return (identity, found) }
        }
        return nil
    }

    /// The sketch and time of one version, built from its stored text.
    public func storedSketch(version id: Int64, parameters: DedupParameters = DedupParameters()) throws -> StoredSketch? {
        try read { try Self.storedSketch($0, version: id, parameters: parameters) }
    }

    static func storedSketch(_ connection: Connection, version id: Int64, parameters: DedupParameters) throws -> StoredSketch? {
        try connection.queryOne("""
            SELECT \(windowColumns) FROM versions v WHERE v.id = ?
            """, [.integer(id)]) { StoredText($0).sketched(parameters) }
    }

    /// The versions whose document time is within `window` of the newest stored one, in the
    /// order they were stored (the order the engine saw them), plus the first version of each
    /// of their stories (for the no-chaining test). At most `parameters.maxWindowVersions` of
    /// them, the last stored: the engine's limit also keeps the latest arrivals.
    ///
    /// Sketches are built from the versions' text, spread over every core: about 25 µs of
    /// work per version, so a window of 10,000 versions takes a fraction of a second.
    ///
    /// With `notAfter`, versions dated later (a wrong clock stored before such dates were
    /// taken as dated on arrival) are left out, so they do not pull the window past every
    /// other version.
    public func dedupWindow(_ window: TimeInterval, parameters: DedupParameters = DedupParameters(), notAfter: Date? = nil)
        throws -> (versions: [StoredSketch], roots: [StoredSketch]) {
        let last = notAfter?.millisecondsSince1970 ?? Int64.max
        let texts: (versions: [StoredText], roots: [StoredText]) = try read { connection in
            guard let newest = try connection.queryOne("SELECT max(doc_time) FROM versions WHERE doc_time <= ?", [.integer(last)],
                                                       { $0.optionalInt64(0) }) ?? nil else {
                return ([], [])
            }
            let since = newest - Int64(window * 1000)
            // Through the time index: the window is a small part of the table, and an id
            // order alone would walk the table from its end.
            let kept = """
                SELECT v.id, v.story_id FROM versions v INDEXED BY versions_doc_time
                WHERE v.doc_time >= ?1 AND v.doc_time <= ?2 ORDER BY v.id DESC LIMIT ?3
                """
            let bounds: [SQLValue] = [.integer(since), .integer(last), .integer(Int64(max(1, parameters.maxWindowVersions)))]
            let versions = try connection.query("""
                SELECT \(Self.windowColumns) FROM versions v WHERE v.id IN (SELECT id FROM (\(kept))) ORDER BY v.id
                """, bounds) { StoredText($0) }
            let roots = try connection.query("""
                WITH kept AS (\(kept))
                SELECT \(Self.windowColumns) FROM versions v
                WHERE v.number = 1 AND v.doc_time <= ?2 AND v.story_id IN (SELECT story_id FROM kept)
                    AND v.id NOT IN (SELECT id FROM kept)
                """, bounds) { StoredText($0) }
            return (versions, roots)
        }
        return (Self.sketched(texts.versions, parameters), Self.sketched(texts.roots, parameters))
    }

    static let windowColumns = "v.story_id, v.id, v.number, v.doc_time, v.content_hash, v.headline, v.body"

    /// Sketches `texts` on every core, keeping their order.
    private static func sketched(_ texts: [StoredText], _ parameters: DedupParameters) -> [StoredSketch] {
        guard texts.count > 64 else { return texts.map { $0.sketched(parameters) } }
        let chunk = 64
        return [StoredSketch](unsafeUninitializedCapacity: texts.count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: (texts.count + chunk - 1) / chunk) { part in
                for index in (part * chunk)..<min(texts.count, (part + 1) * chunk) {
                    (out.baseAddress! + index).initialize(to: texts[index].sketched(parameters))
                }
            }
            initialized = texts.count
        }
    }
}
