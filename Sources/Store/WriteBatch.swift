import Foundation
import Sync

/// Several files' decisions committed in one transaction (group commit), with reads that see
/// what the batch wrote so far.
///
/// Obtained from ``Database/batch(_:)``. Each `record…` call runs in its own savepoint: when
/// one fails, only its rows are rolled back and the others still commit. Nothing is durable
/// until the batch returns; only then may the caller move the batch's files out of the inbox.
/// Not Sendable: use it only inside the closure that received it, on that thread.
public final class WriteBatch {
    let connection: Connection

    init(connection: Connection) { self.connection = connection }

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
    public func recordDecision(_ decision: Decision, for document: PreparedDocument, file: FileIdentity,
                                        at now: Date = Date()) throws -> RecordedDecision {
        try savepoint { try Database.recordDecision(connection, decision, for: document, file: file, at: now) }
    }

    /// See ``Database/recordRejection(file:reason:at:)``; durable when the batch commits.
    public func recordRejection(file: FileIdentity, reason: String, at now: Date = Date()) throws -> FeedEvent {
        try savepoint { try Database.recordRejection(connection, file: file, reason: reason, at: now) }
    }

    /// Runs `body` in a savepoint. Savepoints here never nest, so one name serves them all and
    /// their statements are prepared once per connection.
    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try connection.run("SAVEPOINT file")
        do {
            let result = try body()
            try connection.run("RELEASE file")
            return result
        } catch {
            _ = try? connection.run("ROLLBACK TO file")
            _ = try? connection.run("RELEASE file")
            throw error
        }
    }
}

extension Database {
    /// Runs `body` with a ``WriteBatch`` inside one write transaction, committed when `body`
    /// returns (rolled back if it throws). One fsync covers every decision in the batch.
    public func batch<T: Sendable>(_ body: (WriteBatch) throws -> T) throws -> T {
        try writer.withLock { connection in
            try connection.transaction { try body(WriteBatch(connection: connection)) }
        }
    }
}
