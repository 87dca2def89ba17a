import Sync

/// What happened to one path the ingest loop was handed.
public enum IngestOutcome: Sendable, Equatable {
    /// Decided now: the event announcing it (a story, version or duplicate).
    case decided(FeedEvent)
    /// Rejected now: the `file.rejected` event, with the file moved to `rejected/`.
    case rejected(FeedEvent)
    /// Its decision was committed before (e.g. before a crash): the file was only moved.
    case alreadyDecided
    /// Nothing to do: the path is gone, is a folder, or is an upload in progress.
    case skipped
    /// Still being written (changed within the settle time): look again after `retryAfter`.
    case notSettled(retryAfter: Duration)
    /// Not decided because of an error (database or disk); the file stays in the inbox.
    case failed(String)
    /// Decided (its event, `seq`, is committed) but not moved out of the inbox because of an
    /// error (e.g. `processed/` not writable); the file stays, and is only moved when found again.
    case notMoved(seq: Int64, String)
}

extension IngestOutcome {
    /// The event of a decided or rejected file, nil otherwise.
    var event: FeedEvent? {
        switch self {
        case .decided(let event), .rejected(let event): event
        default: nil
        }
    }
}
