import Synchronization

/// Whether the ingest loop is running and watching the inbox, for the readiness check.
public final class IngestState: Sendable {
    private let watching = Atomic<Bool>(false)
    private let interrupted = Atomic<Bool>(false)

    public init() {}

    public var isWatching: Bool { watching.load(ordering: .relaxed) }

    /// In `once` mode: the run was stopped (SIGTERM, SIGINT) before it went through the files
    /// present at start, so some may be left in the inbox undecided.
    public var wasInterrupted: Bool { interrupted.load(ordering: .relaxed) }

    func setWatching(_ value: Bool) { watching.store(value, ordering: .relaxed) }

    func setInterrupted() { interrupted.store(true, ordering: .relaxed) }
}
