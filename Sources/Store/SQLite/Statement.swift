import CSQLite

/// A prepared statement: bind, step, read columns. Owned by its ``Connection``'s cache.
final class Statement {
    private let handle: OpaquePointer
    private unowned let connection: Connection
    let sql: String

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw connection.error(rc, sql: sql) }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    func finalize() { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to the parameters in order, runs `body`, and resets the statement (even
    /// when binding or `body` fails).
    ///
    /// Text and blobs are bound without a copy (`SQLITE_STATIC`), straight from each value's
    /// own storage: the statement is reset and its bindings cleared while that storage is still
    /// in scope, so `body` must do all the stepping and reading of rows.
    func withBindings<Result>(_ values: [SQLValue], _ body: () throws -> Result) throws -> Result {
        try values.withUnsafeBufferPointer { try bind($0[...], at: 1, body) }
    }

    /// How many parameters are bound in place, one nested buffer scope each; any after these
    /// are copied by SQLite (``bindCopy(_:at:)``) in a loop, so a statement with thousands of
    /// parameters (a long `IN (…)` list from a request) cannot exhaust the stack.
    static let inPlaceBindings: Int32 = 32

    /// Binds the first of `values` at `index`, then the rest, then runs `body` inside the
    /// scope of every buffer bound and resets the statement there (a failed bind resets it
    /// in ``check(_:)``).
    private func bind<Result>(_ values: Slice<UnsafeBufferPointer<SQLValue>>, at index: Int32,
                              _ body: () throws -> Result) throws -> Result {
        guard index <= Self.inPlaceBindings else {
            for (offset, value) in values.enumerated() { try bindCopy(value, at: index + Int32(offset)) }
            defer { reset() }
            return try body()
        }
        guard let value = values.first else {
            defer { reset() }
            return try body()
        }
        let rest = values.dropFirst()
        switch value {
        // An empty text or blob may have no buffer (a null pointer would bind NULL): copied below.
        case .text(var text) where !text.isEmpty:
            return try text.withUTF8 { utf8 in
                try check(sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), SQLITE_STATIC))
                return try bind(rest, at: index + 1, body)
            }
        case .blob(let bytes) where !bytes.isEmpty:
            return try bytes.withUnsafeBytes { raw in
                try check(sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLITE_STATIC))
                return try bind(rest, at: index + 1, body)
            }
        default:
            try bindCopy(value, at: index)
            return try bind(rest, at: index + 1, body)
        }
    }

    /// Binds `value` at `index`, a text or blob copied by SQLite (`SQLITE_TRANSIENT`).
    private func bindCopy(_ value: SQLValue, at index: Int32) throws {
        switch value {
        case .integer(let v): try check(sqlite3_bind_int64(handle, index, v))
        case .real(let v): try check(sqlite3_bind_double(handle, index, v))
        case .null: try check(sqlite3_bind_null(handle, index))
        case .text(var text):
            guard !text.isEmpty else { return try check(sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)) }
            try text.withUTF8 { try check(sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT)) }
        case .blob(let bytes):
            guard !bytes.isEmpty else { return try check(sqlite3_bind_zeroblob(handle, index, 0)) }
            try bytes.withUnsafeBytes { try check(sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT)) }
        }
    }

    /// Throws for a failed bind, resetting the statement first (inside the scopes of the
    /// buffers bound so far); the error is read before the reset.
    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else {
            let error = connection.error(rc, sql: sql)
            reset()
            throw error
        }
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw connection.error(rc, sql: sql)
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// SQLite's "copy this buffer now" destructor, which the C macro cannot express in Swift.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite's "the buffer outlives the binding" destructor (no copy).
let SQLITE_STATIC = unsafeBitCast(0, to: sqlite3_destructor_type.self)
