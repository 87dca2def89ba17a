import CSQLite
import Foundation
import Synchronization
import Sync

/// The service's SQLite database: opens and migrates it, then offers intent-named writes
/// (``recordDecision(_:for:file:)``, ``recordRejection(file:reason:)``) and read queries.
///
/// One writer connection serializes every write; reads use a small pool of separate
/// connections, so HTTP readers never wait for ingest (WAL mode). Safe to share across tasks.
/// Only one process should write a database: ``SyncDaemon`` holds a lock file for that.
public final class Database: Sendable {
    /// The database file's path.
    public let path: String
    /// The SQLite VFS every connection opens with; nil for SQLite's default.
    public let vfs: String?
    let writer: Mutex<Connection>
    private let readers: Mutex<[Connection]>
    /// The WAL's size after the writer's last commit (see ``checkpointIfNeeded()``).
    let walState: WALState
    /// The connection ``checkpointIfNeeded()`` checkpoints with, opened at its first use.
    let checkpointer = Mutex<Connection?>(nil)
    static let maxIdleReaders = 4

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// - Parameter vfs: a registered SQLite VFS name for every connection (tests use one that
    ///   injects write failures); nil, the default, is SQLite's own.
    /// - Throws: ``StoreError`` when the file cannot be opened or migrated.
    public init(path: String, vfs: String? = nil) throws {
        self.path = path
        self.vfs = vfs
        let connection = try Connection(path: path, vfs: vfs)
        // Before temp_store = MEMORY: a migration that drops a large table keeps a journal of
        // every page it frees (300 MB of memory for the feed of a million stories, 21 MB in a
        // temporary file).
        try connection.migrate()
        // Each file of a group commit runs in a savepoint, whose undo journal SQLite keeps in a
        // temporary file by default: one pwrite per page a statement first touches, 29 per
        // decided file on the corpus. In memory it costs a few pages per file.
        try connection.execute("PRAGMA temp_store = MEMORY")
        walState = WALState(pageSize: try connection.queryOne("PRAGMA page_size") { $0.int(0) } ?? Connection.pageSize)
        Self.installWALHook(on: connection, state: walState)
        writer = Mutex(connection)
        readers = Mutex([])
    }

    /// Runs `body` on the writer connection inside one immediate transaction.
    func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { connection in try connection.transaction { try body(connection) } }
    }

    /// Runs `body` on a reader connection (one consistent snapshot per call).
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try readers.withLock { pool in pool.popLast() } ?? Connection(path: path, vfs: vfs)
        defer {
            readers.withLock { pool in
                if pool.count < Self.maxIdleReaders { pool.append(connection) }
            }
        }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        return try body(connection)
    }

    /// The applied migration versions, oldest first.
    public func appliedMigrations() throws -> [Int] {
        try read { try $0.query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(0) } }
    }

    /// Runs `PRAGMA integrity_check`; returns its lines (`["ok"]` for a sound database).
    public func integrityCheck() throws -> [String] {
        try read { try $0.query("PRAGMA integrity_check") { $0.text(0) } }
    }
}

extension Database {
    /// False when SQLite opened the database read-only (e.g. the file or its folder lost write permission).
    public var isWritable: Bool {
        writer.withLock { sqlite3_db_readonly($0.handle, "main") == 0 }
    }
}
