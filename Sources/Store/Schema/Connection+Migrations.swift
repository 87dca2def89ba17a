import Foundation

extension Connection {
    /// Applies every embedded migration this database has not recorded yet, in order, all in
    /// one transaction: a database is upgraded entirely or not at all, and a new one is
    /// created with one commit (two syncs) rather than one per migration. Returns the versions
    /// it applied.
    ///
    /// Foreign keys are off while migrations run, so one may rebuild a table that others refer
    /// to (SQLite's way to change what `ALTER TABLE` cannot); every reference is checked before
    /// the commit, and one left dangling rolls the whole upgrade back.
    /// - Throws: ``StoreError/newerSchema(found:known:)`` if a newer build already migrated it;
    ///   ``StoreError/migrationBrokeReferences(_:)`` if the migrated tables fail that check.
    @discardableResult
    func migrate(_ migrations: [Migration] = EmbeddedMigrations.all) throws -> [Int] {
        try execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """)
        let applied = Set(try query("SELECT version FROM schema_migrations") { $0.int(0) })
        let known = migrations.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > known {
            throw StoreError.newerSchema(found: newest, known: known)
        }
        let pending = migrations.sorted(by: { $0.version < $1.version }).filter { !applied.contains($0.version) }
        guard !pending.isEmpty else { return [] }
        // Outside a transaction: SQLite ignores this pragma inside one.
        try execute("PRAGMA foreign_keys = OFF")
        defer { try? execute("PRAGMA foreign_keys = ON") }
        try transaction {
            for migration in pending {
                try execute(migration.sql)
                try run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        [.int(migration.version), .text(migration.name), .integer(Date().millisecondsSince1970)])
            }
            let broken = try query("PRAGMA foreign_key_check") { "\($0.text(0)) row \($0.int64(1)) -> \($0.text(2))" }
            if !broken.isEmpty { throw StoreError.migrationBrokeReferences(broken) }
        }
        return pending.map(\.version)
    }
}
