import CSQLite
import Foundation
import Sync
import Testing
@testable import Store

@Suite("Migrations")
struct MigrationTests {
    @Test func everyMigrationFileIsEmbedded() throws {
        // SwiftPM re-runs the embedding plugin only when it re-plans the build: after adding a
        // file to Migrations/, touch Package.swift. This test names the stale build.
        let folder = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let versions = files.compactMap { Int($0.prefix(while: \.isNumber)) }
        #expect(versions == EmbeddedMigrations.all.map(\.version).sorted(),
                "Migrations/ holds \(files); the build embedded \(EmbeddedMigrations.all.map(\.version)). Touch Package.swift and rebuild.")
    }

    @Test func freshDatabaseGetsEveryEmbeddedMigration() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let expected = EmbeddedMigrations.all.map(\.version).sorted()
        #expect(!expected.isEmpty)
        #expect(try database.appliedMigrations() == expected)
        #expect(try database.integrityCheck() == ["ok"])
        let tables = try database.read { try $0.query("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) } }
        for table in ["stories", "versions", "files", "events", "schema_migrations"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func reopeningAMigratedDatabaseAppliesNothingAndKeepsData() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("db.sqlite")
        do {
            let database = try Database(path: path)
            _ = try database.writer.withLock { try $0.run("INSERT INTO stories (headline, created_at, updated_at) VALUES ('kept', 0, 0)") }
        }
        let connection = try Connection(path: path)
        #expect(try connection.migrate() == [])
        let again = try Database(path: path)
        #expect(try again.read { try $0.queryOne("SELECT headline FROM stories") { $0.text(0) } } == "kept")
        #expect(try again.appliedMigrations() == EmbeddedMigrations.all.map(\.version).sorted())
    }

    @Test func newMigrationsApplyInOrderInOneTransaction() throws {
        let dir = try TemporaryDirectory()
        let connection = try Connection(path: dir.path("db.sqlite"))
        let migrations = [
            Migration(version: 2, name: "0002_b", sql: "ALTER TABLE t ADD COLUMN b TEXT;"),
            Migration(version: 1, name: "0001_a", sql: "CREATE TABLE t (a INTEGER);"),
        ]
        #expect(try connection.migrate(migrations) == [1, 2])
        let broken = migrations + [
            Migration(version: 3, name: "0003_good", sql: "CREATE TABLE v (y);"),
            Migration(version: 4, name: "0004_bad", sql: "CREATE TABLE u (x); INSERT INTO nowhere VALUES (1);"),
        ]
        #expect(throws: StoreError.self) { try connection.migrate(broken) }
        // The failed upgrade left nothing behind: neither migration recorded, both tables rolled back.
        #expect(try connection.query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(0) } == [1, 2])
        #expect(try connection.query("SELECT name FROM sqlite_master WHERE name IN ('u', 'v')") { $0.text(0) }.isEmpty)
    }

    @Test func theFeedIsRebuiltWithoutAutoincrementKeepingEverySeq() throws {
        // A store as the sixth migration left it, with events and the files that refer to them.
        let dir = try TemporaryDirectory()
        let path = dir.path("db.sqlite")
        do {
            let old = try Connection(path: path)
            try old.migrate(EmbeddedMigrations.all.filter { $0.version <= 6 })
            #expect(try old.queryOne("SELECT sql FROM sqlite_master WHERE name = 'events'") { $0.text(0) }?.contains("AUTOINCREMENT") == true)
            try old.execute("""
                INSERT INTO stories (id, headline, created_at, updated_at, version_count) VALUES (1, 'h', 0, 0, 1);
                INSERT INTO events (seq, type, at, story_id, body) VALUES (1, 'story.created', 10, 1, '{"seq":1}');
                INSERT INTO events (seq, type, at, story_id, body) VALUES (2, 'file.rejected', 20, NULL, '{"seq":2}');
                INSERT INTO events (seq, type, at, story_id, body) VALUES (5, 'story.duplicate', 30, 1, '{"seq":5}');
                INSERT INTO files (path, size, mtime_ns, inode, raw_hash, outcome, event_seq, decided_at)
                    VALUES ('a.txt', 1, 1, 1, 'x', 'story.created', 1, 0), ('b.txt', 1, 1, 2, 'y', 'file.rejected', 2, 0);
                """)
            #expect(try old.queryOne("SELECT seq FROM sqlite_sequence WHERE name = 'events'") { $0.int64(0) } == 5)
        }
        let database = try Database(path: path)
        let events = try database.read { try $0.query("SELECT seq, type, at, story_id, body FROM events ORDER BY seq") {
            "\($0.int64(0)) \($0.text(1)) \($0.int64(2)) \($0.isNull(3) ? "-" : String($0.int64(3))) \($0.text(4))"
        } }
        #expect(events == [#"1 story.created 10 1 {"seq":1}"#, #"2 file.rejected 20 - {"seq":2}"#, #"5 story.duplicate 30 1 {"seq":5}"#])
        try database.read { connection in
            let sql = try connection.queryOne("SELECT sql FROM sqlite_master WHERE name = 'events'") { $0.text(0) } ?? ""
            #expect(!sql.contains("AUTOINCREMENT"))
            #expect(try connection.queryOne("SELECT count(*) FROM sqlite_master WHERE name = 'events_story'") { $0.int(0) } == 1)
            #expect(try connection.queryOne("SELECT count(*) FROM sqlite_sequence WHERE name = 'events'") { $0.int(0) } == 0)
            #expect(try connection.queryOne("PRAGMA foreign_keys") { $0.int(0) } == 1)
            #expect(try connection.query("PRAGMA foreign_key_check") { $0.text(0) }.isEmpty)
        }
        #expect(try database.integrityCheck() == ["ok"])
        // The feed counts on from its newest seq, and the files still refer to theirs.
        let next = try database.recordRejection(file: FileIdentity(path: "c.txt", size: 1, mtimeNanoseconds: 1, inode: 3, rawHash: "z"),
                                                reason: "test")
        #expect(next.seq == 6)
        #expect(try database.read { try $0.query("SELECT f.path FROM files f JOIN events e ON e.seq = f.event_seq ORDER BY f.path") { $0.text(0) } }
                == ["a.txt", "b.txt", "c.txt"])
    }

    @Test func versionsStoredBeforeBylinesKeepTheirTextAndNewOnesKeepTheirCredits() throws {
        // A store as the seventh migration left it, holding one version.
        let dir = try TemporaryDirectory()
        let path = dir.path("db.sqlite")
        do {
            let old = try Connection(path: path)
            try old.migrate(EmbeddedMigrations.all.filter { $0.version <= 7 })
            try old.execute("""
                INSERT INTO stories (id, headline, created_at, updated_at, version_count) VALUES (1, 'Storm', 0, 0, 1);
                INSERT INTO versions (story_id, number, file, format, content_hash, received_at, doc_time, headline, body)
                    VALUES (1, 1, 'a.json', 'ninjs', 'abc', 10, 10, 'Storm', 'Winds hit.');
                """)
        }
        let database = try Database(path: path)
        let old = try #require(try database.version(story: 1, number: 1))
        #expect(old.body == "Winds hit.")
        #expect(old.byline == nil && old.dateline == nil && old.urgency == nil)
        let document = StoryDocument(headline: "Ferry halted", body: "The island ferry stopped running.",
                                     time: Date(timeIntervalSince1970: 1000), format: "ninjs",
                                     byline: "By Jane Doe", dateline: "PORTLAND, Maine", urgency: 3)
        let recorded = try database.recordDecision(.newStory, for: PreparedDocument.prepare(document),
                                                   file: FileIdentity(path: "b.json", size: 1, mtimeNanoseconds: 1, inode: 2, rawHash: "y"))
        let stored = try #require(recorded.stored)
        let new = try #require(try database.version(story: stored.story, number: stored.number))
        #expect(new.byline == "By Jane Doe")
        #expect(new.dateline == "PORTLAND, Maine")
        #expect(new.urgency == 3)
        #expect(try database.story(id: stored.story)?.versions.first?.byline == "By Jane Doe")
    }

    @Test func aMigrationLeavingADanglingReferenceIsRolledBack() throws {
        let dir = try TemporaryDirectory()
        let connection = try Connection(path: dir.path("db.sqlite"))
        try connection.migrate([
            Migration(version: 1, name: "0001_a", sql: """
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (parent_id INTEGER REFERENCES parent(id));
                INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);
                """),
        ])
        let dropsTheParentRow = Migration(version: 2, name: "0002_b", sql: "DELETE FROM parent;")
        #expect(throws: StoreError.migrationBrokeReferences(["child row 1 -> parent"])) {
            try connection.migrate([dropsTheParentRow])
        }
        #expect(try connection.queryOne("SELECT count(*) FROM parent") { $0.int(0) } == 1)
        #expect(try connection.query("SELECT version FROM schema_migrations") { $0.int(0) } == [1])
        #expect(try connection.queryOne("PRAGMA foreign_keys") { $0.int(0) } == 1)
    }

    @Test func aDatabaseFromANewerBuildIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("db.sqlite")
        _ = try Database(path: path)
        let connection = try Connection(path: path)
        try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)")
        let known = EmbeddedMigrations.all.map(\.version).max() ?? 0
        #expect(throws: StoreError.newerSchema(found: 9999, known: known)) { try Database(path: path) }
    }

    @Test func connectionUsesWALForeignKeysAndFullSync() throws {
        let dir = try TemporaryDirectory()
        let connection = try Connection(path: dir.path("db.sqlite"))
        #expect(try connection.queryOne("PRAGMA journal_mode") { $0.text(0) } == "wal")
        #expect(try connection.queryOne("PRAGMA foreign_keys") { $0.int(0) } == 1)
        #expect(try connection.queryOne("PRAGMA synchronous") { $0.int(0) } == 2)
    }
}
