import Synchronization

/// Tells the ingest loop that editors changed story membership (a split or a merge), so its
/// in-memory dedup index must be rebuilt from the store before the next decision.
public final class EngineEpoch: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// Called after an override is committed.
    public func bump() { value.add(1, ordering: .sequentiallyConsistent) }

    /// The current epoch; the ingest loop compares it with the one its engine was built at.
    public var current: Int { value.load(ordering: .sequentiallyConsistent) }
}
