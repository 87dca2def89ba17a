/// The one error type of the Store module.
///
/// `sqlite` carries SQLite's result code and message (and the statement when known), so a full
/// disk (`SQLITE_FULL`, 13), a read-only file (`SQLITE_READONLY`, 8) or a locked database
/// (`SQLITE_BUSY`, 5) can be told apart by callers.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite answered `code` with `message` while running `sql`.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The database was written by a newer build: it holds migration `found`, we know up to `known`.
    case newerSchema(found: Int, known: Int)
    /// A row the caller named does not exist.
    case notFound(String)
    /// A value the caller passed is out of range (e.g. acknowledging a seq the feed has not reached).
    case invalidArgument(String)
    /// A write planned ahead found the store changed since: a row id or version number the
    /// caller expected was taken (an editor's override, a retention run). Roll back and decide
    /// again from what the store holds.
    case planChanged(String)
    /// An upgrade left rows referring to rows that do not exist (`PRAGMA foreign_key_check`,
    /// one line per row); nothing of it was committed.
    case migrationBrokeReferences([String])

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            "SQLite error \(code): \(message)" + (sql.map { " (in: \($0.prefix(120)))" } ?? "")
        case .newerSchema(let found, let known):
            "the database has schema version \(found) but this build knows only up to \(known); run a newer syncd"
        case .notFound(let what):
            "\(what) not found"
        case .invalidArgument(let message):
            message
        case .planChanged(let what):
            "the store changed since the write was planned: \(what)"
        case .migrationBrokeReferences(let rows):
            "the schema upgrade was rolled back: it left \(rows.count) row(s) referring to rows that do not exist ("
                + rows.prefix(3).joined(separator: "; ") + (rows.count > 3 ? "; …" : "") + ")"
        }
    }

    /// SQLite's primary result code, when this is a SQLite error.
    public var sqliteCode: Int32? {
        if case .sqlite(let code, _, _) = self { return code & 0xFF }
        return nil
    }
}
