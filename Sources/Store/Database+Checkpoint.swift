import CSQLite
import Synchronization

/// The WAL's size as the writer last committed it, shared with the checkpointing thread, and
/// the bounds that size is checked against, in frames of the database's page size.
final class WALState: Sendable {
    /// Frames in the WAL after the writer's last commit (0 after a full checkpoint).
    let frames = Atomic<Int>(0)
    /// ``Database/checkpointBytes`` in frames.
    let checkpointFrames: Int
    /// ``Database/writerCheckpointBytes`` in frames.
    let writerCheckpointFrames: Int

    init(pageSize: Int) {
        checkpointFrames = max(1, Database.checkpointBytes / pageSize)
        writerCheckpointFrames = max(1, Database.writerCheckpointBytes / pageSize)
    }
}

extension Database {
    /// WAL bytes after which ``checkpointIfNeeded()`` copies the frames into the database:
    /// SQLite's own default for its automatic checkpoints (1,000 frames of 4 KiB).
    public static let checkpointBytes = 1000 * 4096
    /// WAL bytes after which the writer checkpoints at its own commit, when no other thread
    /// has: a bound on the WAL's size whoever calls ``checkpointIfNeeded()``, or nobody.
    static let writerCheckpointBytes = 8 * checkpointBytes

    /// WAL frames after which ``checkpointIfNeeded()`` checkpoints: ``checkpointBytes`` in
    /// pages of this database's size.
    public var checkpointFrames: Int { walState.checkpointFrames }

    /// Installs the writer's commit hook: it records the WAL's size, and checkpoints only past
    /// ``writerCheckpointBytes`` (in place of SQLite's automatic checkpoint at 1,000 frames,
    /// which ran on the ingest loop's thread inside its commit).
    static func installWALHook(on connection: Connection, state: WALState) {
        let context = Unmanaged.passUnretained(state).toOpaque()
        sqlite3_wal_hook(connection.handle, { context, db, name, frames in
            let state = Unmanaged<WALState>.fromOpaque(context!).takeUnretainedValue()
            state.frames.store(Int(frames), ordering: .relaxed)
            if Int(frames) >= state.writerCheckpointFrames {
                var log: Int32 = 0, copied: Int32 = 0
                if sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK, log == copied {
                    state.frames.store(0, ordering: .relaxed)
                }
            }
            return SQLITE_OK
        }, context)
    }

    /// Copies the WAL's frames into the database file when it holds ``checkpointFrames`` or
    /// more, on a connection of its own: the ingest loop calls it from the thread that moves
    /// committed files, so its commits no longer pay for checkpoints. A passive checkpoint:
    /// it never waits for the writer or readers, and copies what they allow.
    ///
    /// - Returns: whether a checkpoint ran (false when the WAL is small, or another connection
    ///   was checkpointing it).
    /// - Throws: ``StoreError`` when the checkpointing connection cannot be opened or fails.
    @discardableResult
    public func checkpointIfNeeded() throws -> Bool {
        guard walState.frames.load(ordering: .relaxed) >= walState.checkpointFrames else { return false }
        return try checkpointer.withLock { connection in
            if connection == nil { connection = try Connection(path: path, vfs: vfs) }
            var log: Int32 = 0, copied: Int32 = 0
            let rc = sqlite3_wal_checkpoint_v2(connection!.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
            // Busy: another connection is checkpointing (the writer past its own bound); the
            // next call tries again.
            if rc & 0xFF == SQLITE_BUSY { return false }
            guard rc == SQLITE_OK else { throw connection!.error(rc, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            // All copied: the writer starts the WAL over at its next transaction.
            if log == copied { walState.frames.store(0, ordering: .relaxed) }
            return true
        }
    }

    /// Copies the whole WAL into the database file and empties it, waiting for readers and the
    /// writer as needed (`TRUNCATE`): after it, `syncd.sqlite` alone holds every committed
    /// decision, as an operator copying or backing up the database file expects. For a clean
    /// stop; at work, ``checkpointIfNeeded()`` never waits.
    /// - Throws: ``StoreError`` when the checkpoint fails.
    public func checkpointCompletely() throws {
        try checkpointer.withLock { connection in
            if connection == nil { connection = try Connection(path: path, vfs: vfs) }
            var log: Int32 = 0, copied: Int32 = 0
            let rc = sqlite3_wal_checkpoint_v2(connection!.handle, nil, SQLITE_CHECKPOINT_TRUNCATE, &log, &copied)
            guard rc == SQLITE_OK else { throw connection!.error(rc, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            walState.frames.store(0, ordering: .relaxed)
        }
    }

    /// Frames in the WAL after the writer's last commit (0 after a complete checkpoint).
    public var walFrames: Int { walState.frames.load(ordering: .relaxed) }
}
