import CSQLite
import Foundation
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
