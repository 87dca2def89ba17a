import Synchronization

/// Whether the ingest loop is running and watching the inbox, for the readiness check.
public final class IngestState: Sendable {
    private let watching = Atomic<Bool>(false)

    public init() {}

    public var isWatching: Bool { watching.load(ordering: .relaxed) }

    func setWatching(_ value: Bool) { watching.store(value, ordering: .relaxed) }
}
