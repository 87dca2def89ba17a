import Foundation
import Sync

extension Database {
    /// The committed decision for this exact file, if it was already decided.
    ///
    /// Matches on path, size, mtime, inode, byte hash and status-change time (when both records
    /// have one), so a new file that reuses a decided file's name, or a copy of it that got its
    /// freed inode back, is still decided as new.
    public func decidedFile(_ file: FileIdentity) throws -> DecidedFile? {
        try read { try Self.decidedFile($0, file) }
    }

    /// ``decidedFile(_:)`` for each of `files`, in order, read in one transaction (a batch's
    /// files are looked up together, not a transaction each).
    public func decidedFiles(_ files: [FileIdentity]) throws -> [DecidedFile?] {
        guard !files.isEmpty else { return [] }
        return try read { connection in try files.map { try Self.decidedFile(connection, $0) } }
    }

    static func decidedFile(_ connection: Connection, _ file: FileIdentity) throws -> DecidedFile? {
        try connection.queryOne("""
            SELECT outcome, event_seq, reason FROM files
            WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ? AND raw_hash = ?
              AND (ctime_ns IS NULL OR ?6 IS NULL OR ctime_ns = ?6)
            ORDER BY id DESC LIMIT 1
            """,
            [.text(file.path), .integer(file.size), .integer(file.mtimeNanoseconds),
             .integer(Int64(bitPattern: file.inode)), .text(file.rawHash), .optionalInteger(file.ctimeNanoseconds)]) {
            DecidedFile(outcome: EventType(rawValue: $0.text(0)), eventSeq: $0.int64(1), reason: $0.optionalText(2))
        }
    }

    /// The newest stored version whose normalized text has this hash.
    public func version(withContentHash hash: String) throws -> VersionRef? {
        try read { try Self.version($0, withContentHash: hash, story: nil) }
    }

    /// Searches the prefix index (`+` keeps SQLite from folding the full-hash test into the
    /// prefix expression, which would hide the index from the planner).
    static func version(_ connection: Connection, withContentHash hash: String, story: Int64?) throws -> VersionRef? {
        try connection.queryOne("""
            SELECT story_id, id, number FROM versions
            WHERE substr(content_hash, 1, 16) = substr(?1, 1, 16) AND +content_hash = ?1 AND (?2 IS NULL OR story_id = ?2)
            ORDER BY id DESC LIMIT 1
            """, [.text(hash), story.map { .integer($0) } ?? .null]) { VersionRef(story: $0.int64(0), id: $0.int64(1), number: $0.int(2)) }
    }

    /// The newest version of `story` whose normalized text has this hash.
    public func version(withContentHash hash: String, story: Int64) throws -> VersionRef? {
        try read { try Self.version($0, withContentHash: hash, story: story) }
    }

    /// Commits `decision` about `document` from `file` in one transaction: the story and
    /// version rows it implies, the file's record and the feed event.
    ///
    /// Once this returns, the decision is durable and the file may leave the inbox.
    public func recordDecision(_ decision: Decision, for document: PreparedDocument, file: FileIdentity,
                               at now: Date = Date()) throws -> RecordedDecision {
        try write { try Self.recordDecision($0, decision, for: document, file: file, at: now, expecting: nil) }
    }

    /// Records `decision`; when `expected` is given, throws ``StoreError/planChanged(_:)`` unless
    /// the version is stored exactly as expected (story, row id and number), so a caller that
    /// planned ahead (``nextRowIDs()``, ``versionTarget(ofStory:)``) rolls back a stale plan.
    static func recordDecision(_ connection: Connection, _ decision: Decision, for document: PreparedDocument,
                               file: FileIdentity, at now: Date, expecting expected: VersionRef?) throws -> RecordedDecision {
        let recorded = try recordUnchecked(connection, decision, for: document, file: file, at: now)
        if let expected, recorded.stored != expected {
            let found = recorded.stored.map { "story \($0.story) version \($0.number) (row \($0.id))" } ?? "no version"
            throw StoreError.planChanged(
                "expected story \(expected.story) version \(expected.number) (row \(expected.id)), stored \(found)")
        }
        return recorded
    }

    /// The row ids the next new story and the next new version will get (one past the largest
    /// id so far, pruned rows' included: ``nextID(stories:)``), as committed. Only the store's
    /// sole writer of stories and versions can count on them; a planned write checks them as it goes.
    public func nextRowIDs() throws -> (story: Int64, version: Int64) {
        try read { connection in
            let story = try connection.queryOne("SELECT \(Self.nextID(stories: true))") { $0.int64(0) } ?? 1
            let version = try connection.queryOne("SELECT \(Self.nextID(stories: false))") { $0.int64(0) } ?? 1
            return (story, version)
        }
    }

    /// A new story's row, numbered by ``nextID(stories:)``: headline, source, created and updated times.
    static let insertStory =
        "INSERT INTO stories (id, headline, source, created_at, updated_at, version_count) VALUES (\(nextID(stories: true)), ?, ?, ?, ?, 1)"

    /// A new version's row, numbered by ``nextID(stories:)``.
    static let insertVersion = """
        INSERT INTO versions (id, story_id, number, file, source, format, content_hash, received_at, doc_time, headline, body,
                              byline, dateline, urgency, identity, format_version)
        VALUES (\(nextID(stories: false)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The SQL value of the id a new story (or version) gets: one past the largest id the table
    /// holds or held before a prune (`id_floors`, migration 0009), so a pruned row's id is never
    /// given to another. SQLite alone would give one past the largest id present.
    static func nextID(stories: Bool) -> String {
        let table = stories ? "stories" : "versions"
        return "(SELECT max(coalesce((SELECT max(id) FROM \(table)), 0), coalesce((SELECT last_id FROM id_floors WHERE name = '\(table)'), 0)) + 1)"
    }

    /// Where a new version of `story` is stored, as committed: the story an editor merged it
    /// into (or the story itself) and how many versions that one has; nil when it does not exist.
    public func versionTarget(ofStory story: Int64) throws -> (story: Int64, versionCount: Int)? {
        try read { connection in
            try connection.queryOne("""
                SELECT t.id, t.version_count FROM stories s JOIN stories t ON t.id = coalesce(s.merged_into, s.id)
                WHERE s.id = ?
                """, [.integer(story)]) { ($0.int64(0), $0.int(1)) }
        }
    }

    private static func recordUnchecked(_ connection: Connection, _ decision: Decision, for document: PreparedDocument,
                                        file: FileIdentity, at now: Date) throws -> RecordedDecision {
        do {
            let nowMs = now.millisecondsSince1970
            let doc = document.document
            var stored: VersionRef?
            var event = FeedEvent(seq: 0, type: decision.eventType, at: Date(millisecondsSince1970: nowMs),
                                  file: file.path, source: file.source, headline: doc.headline)
            switch decision {
            case .newStory:
                try connection.run(
                    Self.insertStory,
                    [.text(doc.headline), .optionalText(file.source), .integer(nowMs), .integer(nowMs)])
                let story = connection.lastInsertRowID
                stored = try insertVersion(connection, story: story, number: 1, document: document, file: file, now: nowMs)
                event.reason = "no stored story matched"
            case .newVersion(let evidence):
                // A story an editor merged away since the engine matched it: its versions live on in the target.
                let story = try connection.queryOne("SELECT coalesce(merged_into, id) FROM stories WHERE id = ?",
                                                    [.integer(evidence.matched.story)]) { $0.int64(0) } ?? evidence.matched.story
                // A late version: its format numbers it below a version of the same identity
                // that the story already has (version 2 arriving after version 3).
                let newer = try doc.numberedIdentity.flatMap { identity in
                    try doc.formatVersion.flatMap { number in
                        try connection.queryOne(
                            "SELECT max(format_version) FROM versions WHERE story_id = ? AND identity = ? AND format_version > ?",
                            [.integer(story), .text(identity), .int(number)]) { $0.optionalInt64(0) } ?? nil
                    }
                }
                stored = try insertVersion(connection, story: story, document: document, file: file, now: nowMs)
                // A version without a headline of its own (an ANPA take) keeps the story's, and so
                // does its event; so does a late version, and any version of a withdrawn story.
                let updated = try connection.queryOne("""
                    UPDATE stories SET headline = CASE WHEN withdrawn = 0 AND ?4 THEN coalesce(nullif(?1, ''), headline) ELSE headline END,
                                       updated_at = ?2
                    WHERE id = ?3 RETURNING headline, withdrawn
                    """, [.text(doc.headline), .integer(nowMs), .integer(story), .int(newer == nil ? 1 : 0)]) { ($0.text(0), $0.int(1) != 0) }
                event.headline = updated?.0 ?? doc.headline
                event.apply(evidence)
                if let newer, let number = doc.formatVersion {
                    event.current = false
                    event.reason = (event.reason ?? "") + "; late: \(doc.format) version \(number) after version \(newer), which stays the story's text"
                } else if updated?.1 == true {
                    event.current = false
                    event.reason = (event.reason ?? "") + "; the story is withdrawn: this version is kept, not published"
                }
            case .withdrawal(let evidence):
                event.matched = evidence.matched.number
                event.reason = evidence.reason
                event.story = evidence.matched.story
                event.version = evidence.matched.number
                try connection.run("UPDATE stories SET withdrawn = 1, updated_at = ? WHERE id = ?",
                                   [.integer(nowMs), .integer(evidence.matched.story)])
                event.headline = try connection.queryOne("SELECT headline FROM stories WHERE id = ?",
                                                         [.integer(evidence.matched.story)]) { $0.text(0) }
            case .duplicate(let evidence):
                // A copy of a version's text under a higher number of the same identity (version
                // 3 repeating version 1's text): the number is the version's too, so a version 2
                // arriving after it is late.
                if let identity = doc.numberedIdentity, let number = doc.formatVersion {
                    try connection.run("""
                        UPDATE versions SET format_version = ? WHERE id = ? AND identity = ? AND (format_version IS NULL OR format_version < ?)
                        """, [.int(number), .integer(evidence.matched.id), .text(identity), .int(number)])
                }
                event.apply(evidence)
                event.version = evidence.matched.number
                event.story = evidence.matched.story
                event.headline = try connection.queryOne("SELECT headline FROM stories WHERE id = ?",
                                                         [.integer(evidence.matched.story)]) { $0.text(0) }
            }
            if let stored {
                event.story = stored.story
                event.version = stored.number
            }
            event = try Self.appendEvent(connection, event)
            if let story = event.story {
                // A new story takes over an identity another story carried (an ANPA slug used
                // again on another day): its next versions and its kill name this one.
                let sql = if case .newStory = decision {
                    "INSERT INTO identities (identity, story_id, first_seq) VALUES (?, ?, ?) "
                        + "ON CONFLICT(identity) DO UPDATE SET story_id = excluded.story_id, first_seq = excluded.first_seq"
                } else {
                    "INSERT OR IGNORE INTO identities (identity, story_id, first_seq) VALUES (?, ?, ?)"
                }
                for identity in [doc.identity].compactMap({ $0 }) + doc.relatedIdentities {
                    try connection.run(sql, [.text(identity), .integer(story), .integer(event.seq)])
                }
            }
            try insertFile(connection, file, outcome: decision.eventType, story: event.story,
                           version: stored?.id ?? decision.matchedVersionID, seq: event.seq, reason: nil, now: nowMs)
            return RecordedDecision(event: event, stored: stored)
        }
    }

    /// Commits a rejected file: its record and a `file.rejected` event carrying `reason`.
    public func recordRejection(file: FileIdentity, reason: String, at now: Date = Date()) throws -> FeedEvent {
        try write { try Self.recordRejection($0, file: file, reason: reason, at: now) }
    }

    static func recordRejection(_ connection: Connection, file: FileIdentity, reason: String, at now: Date) throws -> FeedEvent {
        do {
            let nowMs = now.millisecondsSince1970
            let event = try Self.appendEvent(connection, FeedEvent(
                seq: 0, type: .fileRejected, at: Date(millisecondsSince1970: nowMs),
                file: file.path, source: file.source, reason: reason))
            try insertFile(connection, file, outcome: .fileRejected, story: nil, version: nil, seq: event.seq,
                           reason: reason, now: nowMs)
            return event
        }
    }

    /// Inserts the version as number `known` (a new story's first, counted when the story row
    /// was inserted) or as the story's next number, counted here.
    private static func insertVersion(_ connection: Connection, story: Int64, number known: Int? = nil,
                                      document: PreparedDocument, file: FileIdentity, now: Int64) throws -> VersionRef {
        let counted = try known ?? connection.queryOne(
            "UPDATE stories SET version_count = version_count + 1 WHERE id = ? RETURNING version_count",
            [.integer(story)]) { $0.int(0) }
        guard let number = counted else { throw StoreError.notFound("story \(story)") }
        let doc = document.document
        try connection.run(Self.insertVersion,
            [.integer(story), .int(number), .text(file.path), .optionalText(file.source), .text(doc.format),
             .text(document.contentHash), .integer(now), .integer(doc.time.millisecondsSince1970),
             .text(doc.headline), .text(doc.body), .optionalText(doc.byline), .optionalText(doc.dateline),
             .optionalInteger(doc.urgency.map(Int64.init)), .optionalText(doc.numberedIdentity),
             .optionalInteger(doc.formatVersion.map(Int64.init))])
        return VersionRef(story: story, id: connection.lastInsertRowID, number: number)
    }

    private static func insertFile(_ connection: Connection, _ file: FileIdentity, outcome: EventType, story: Int64?,
                            version: Int64?, seq: Int64, reason: String?, now: Int64) throws {
        try connection.run("""
            INSERT INTO files (path, size, mtime_ns, inode, raw_hash, outcome, story_id, version_id, event_seq, reason, decided_at,
                               ctime_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(file.path), .integer(file.size), .integer(file.mtimeNanoseconds),
             .integer(Int64(bitPattern: file.inode)), .text(file.rawHash), .text(outcome.rawValue),
             .optionalInteger(story), .optionalInteger(version), .integer(seq), .optionalText(reason), .integer(now),
             .optionalInteger(file.ctimeNanoseconds)])
    }
}

extension FeedEvent {
    /// Copies a decision's evidence into the event's fields.
    mutating func apply(_ evidence: Decision.Evidence) {
        matched = evidence.matched.number
        similarity = (evidence.similarity * 10_000).rounded() / 10_000
        containment = (evidence.containment * 10_000).rounded() / 10_000
        reason = evidence.reason
    }
}

extension Decision {
    /// The row id of the version a duplicate or version decision matched.
    var matchedVersionID: Int64? {
        switch self {
        case .duplicate(let evidence), .newVersion(let evidence), .withdrawal(let evidence): evidence.matched.id
        case .newStory: nil
        }
    }
}
