import Foundation
import Sync

/// Several files' decisions committed in one transaction (group commit), with reads that see
/// what the batch wrote so far.
///
/// Obtained from ``Database/batch(isolatingEachRecord:_:)``. By default each `record…` call
/// runs in its own savepoint: when one fails, only its rows are rolled back and the others
/// still commit. Without isolation the calls write straight into the transaction (no savepoint
/// to open, journal and release per file), and a failed call must end the batch: throw, and
/// everything is rolled back. Nothing is durable until the batch returns; only then may the
/// caller move the batch's files out of the inbox. Not Sendable: use it only inside the
/// closure that received it, on that thread.
public final class WriteBatch {
    let connection: Connection
    /// Whether each `record…` call runs in a savepoint of its own.
    let isolatesEachRecord: Bool

    init(connection: Connection, isolatesEachRecord: Bool = true) {
        self.connection = connection
        self.isolatesEachRecord = isolatesEachRecord
    }

    /// See ``Database/version(withContentHash:)``; also finds versions written in this batch.
    public func version(withContentHash hash: String, story: Int64? = nil) throws -> VersionRef? {
        try Database.version(connection, withContentHash: hash, story: story)
    }

    /// See ``Database/storyVersion(forIdentities:)``; also sees identities written in this batch.
    public func storyVersion(forIdentities identities: [String]) throws -> (identity: String, version: VersionRef)? {
        identities.isEmpty ? nil : try Database.storyVersion(connection, forIdentities: identities)
    }

    /// See ``Database/storedSketch(version:parameters:)``.
    public func storedSketch(version id: Int64, parameters: DedupParameters) throws -> StoredSketch? {
        try Database.storedSketch(connection, version: id, parameters: parameters)
    }

    /// See ``Database/recordDecision(_:for:file:at:)``; durable when the batch commits.
    ///
    /// - Parameter expected: the version a caller that planned ahead expects the document to be
    ///   stored as; stored otherwise (the store changed since the plan), it throws
    ///   ``StoreError/planChanged(_:)``. Nil checks nothing.
    public func recordDecision(_ decision: Decision, for document: PreparedDocument, file: FileIdentity,
                               at now: Date = Date(), expecting expected: VersionRef? = nil) throws -> RecordedDecision {
        try savepoint {
            try Database.recordDecision(connection, decision, for: document, file: file, at: now, expecting: expected)
        }
    }

    /// See ``Database/recordRejection(file:reason:at:)``; durable when the batch commits.
    public func recordRejection(file: FileIdentity, reason: String, at now: Date = Date()) throws -> FeedEvent {
        try savepoint { try Database.recordRejection(connection, file: file, reason: reason, at: now) }
    }

    /// Runs `body` in a savepoint. Savepoints here never nest, so one name serves them all and
    /// their statements are prepared once per connection.
    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard isolatesEachRecord else { return try body() }
        try connection.run("SAVEPOINT file")
        do {
            let result = try body()
            try connection.run("RELEASE file")
            return result
        } catch {
            connection.feedTail = nil  // the rollback may undo an event this record appended
            _ = try? connection.run("ROLLBACK TO file")
            _ = try? connection.run("RELEASE file")
            throw error
        }
    }
}

extension Database {
    /// Runs `body` with a ``WriteBatch`` inside one write transaction, committed when `body`
    /// returns (rolled back if it throws). One fsync covers every decision in the batch.
    ///
    /// - Parameter isolated: whether each record runs in a savepoint of its own, so a failed
    ///   one can be caught and the batch goes on (the default). Without, a failed record
    ///   leaves its statement undone but the batch's earlier rows in place: `body` must throw.
    public func batch<T: Sendable>(isolatingEachRecord isolated: Bool = true, _ body: (WriteBatch) throws -> T) throws -> T {
        try writer.withLock { connection in
            try connection.transaction { try body(WriteBatch(connection: connection, isolatesEachRecord: isolated)) }
        }
    }
}
