import CSQLite
import Foundation

/// One SQLite connection with a cache of prepared statements.
///
/// Not thread-safe: a connection is used by one caller at a time (``Database`` guards each
/// with a lock). Every statement binds its parameters; no value is ever spliced into SQL.
final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The VFS it was opened with; nil for SQLite's default.
    private let vfs: String?
    private var cache: [String: Statement] = [:]
    /// Statements last used, by the address of their SQL's UTF-8 (see ``statement(_:)``);
    /// each is also in ``cache``, which finalizes it.
    private var recent = [Statement?](repeating: nil, count: recentSlots)

    /// Process-wide SQLite settings, applied once before the first connection opens.
    ///
    /// Memory statistics are off: they take a global mutex on every allocation SQLite makes,
    /// and nothing here reads them.
    private static let configured: Void = { _ = csqlite_disable_memory_statistics() }()

    /// The page size of a database this creates: 16 KiB, not SQLite's 4 KiB.
    ///
    /// A decided file adds a version row with the story's text (1–2 KB on wire copy), an event
    /// and a file row. On the Reuters backlog (`syncd --once`, 21,578 files) 16 KiB pages made
    /// 10,119 `pwrite`s and 3,485 `pread`s against 34,947 and 12,167 with 4 KiB, a slightly
    /// smaller file, and about 3 % less CPU and time to decide (medians of 14 alternating runs).
    /// The templated feed, latency at 100 and 1,000 files/s and every decision were unchanged.
    /// A database made with another page size keeps it (SQLite cannot change it in WAL mode).
    static let pageSize = 16_384

    /// Opens (creating if needed) the database at `path` with WAL, foreign keys and a busy timeout;
    /// a database this creates gets pages of `pageSize` bytes.
    init(path: String, readOnly: Bool = false, vfs: String? = nil, busyTimeoutMilliseconds: Int32 = 5000,
         pageSize: Int = Connection.pageSize) throws {
        Self.configured
        self.vfs = vfs
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, vfs)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            if let db { sqlite3_close_v2(db) }
            throw StoreError.sqlite(code: rc, message: message, sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        if !readOnly {
            // Only a new, empty file takes a page size (before WAL mode writes its header); an
            // existing database keeps the one it was made with.
            try execute("PRAGMA page_size = \(pageSize)")
            try execute("PRAGMA journal_mode = WAL")
            // FULL: a commit is on disk before the file leaves the inbox, even across a power loss.
            try execute("PRAGMA synchronous = FULL")
        }
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        for statement in cache.values { statement.finalize() }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters (schema, pragmas).
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = (errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle)))
                + systemErrorSuffix(rc)
            sqlite3_free(errorMessage)
            throw StoreError.sqlite(code: rc, message: message, sql: sql)
        }
    }

    /// A cached prepared statement for `sql`, reset and with bindings cleared: every use
    /// (``run(_:_:)``, ``query(_:_:_:)``, ``queryOne(_:_:_:)``) resets it when done, even when
    /// binding fails, so it is not reset again here.
    ///
    /// The SQL of the ingest path is string literals, the same text at the same address every
    /// call: ``recent`` finds their statements by that address (a compare of the string, which
    /// for the same literal is one word), before the dictionary hashes the whole text.
    func statement(_ sql: String) throws -> Statement {
        let address = sql.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0
        let slot = Int(truncatingIfNeeded: (address &>> 4) ^ (address &>> 10)) & (Self.recentSlots - 1)
        if address != 0, let cached = recent[slot], cached.sql == sql { return cached }
        let statement: Statement
        if let cached = cache[sql] {
            statement = cached
        } else {
            statement = try Statement(connection: self, sql: sql)
            cache[sql] = statement
        }
        if address != 0 { recent[slot] = statement }
        return statement
    }

    /// Slots of ``recent``: a power of two, more than the statements one decision runs.
    private static let recentSlots = 32

    /// Runs `sql` with `bindings` and returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
        let statement = try statement(sql)
        return try statement.withBindings(bindings) {
            while try statement.step() {}
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs `sql` with `bindings` and maps each row.
    func query<T>(_ sql: String, _ bindings: [SQLValue] = [], _ map: (Statement) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        return try statement.withBindings(bindings) {
            var rows: [T] = []
            while try statement.step() { rows.append(try map(statement)) }
            return rows
        }
    }

    /// The first row of `sql`, mapped; nil when there is none.
    func queryOne<T>(_ sql: String, _ bindings: [SQLValue] = [], _ map: (Statement) throws -> T) throws -> T? {
        let statement = try statement(sql)
        return try statement.withBindings(bindings) { try statement.step() ? map(statement) : nil }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The feed's newest seq as this transaction wrote it, so that each event of a batch does
    /// not look it up again (see ``Database/appendEvent(_:_:)``). Only ever set inside a write
    /// transaction, and forgotten when the transaction ends or a savepoint is rolled back:
    /// while the transaction holds the write lock, nobody else appends.
    var feedTail: Int64?

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        feedTail = nil
        defer { feedTail = nil }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ code: Int32, sql: String?) -> StoreError {
        .sqlite(code: code, message: String(cString: sqlite3_errmsg(handle)) + systemErrorSuffix(code), sql: sql)
    }

    /// For a storage failure (I/O error, full disk, read-only file, cannot open), the operating
    /// system's reason, e.g. " (Read-only file system)", which SQLite's own message leaves out.
    private func systemErrorSuffix(_ code: Int32) -> String {
        let primary = code & 0xFF
        guard [SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN].contains(primary) else { return "" }
        var system = sqlite3_system_errno(handle)
        if system == 0, let vfs = sqlite3_vfs_find(vfs), let lastError = vfs.pointee.xGetLastError {
            // SQLite records the OS error only for some paths (not a failed COMMIT); ask the VFS,
            // trusting only errors that describe the storage (a stale ENOENT would mislead).
            let candidate = lastError(vfs, 0, nil)
            if [EROFS, ENOSPC, EDQUOT, EIO, EACCES, EPERM].contains(candidate) { system = candidate }
        }
        return system > 0 ? " (\(String(cString: strerror(system))))" : ""
    }
}
