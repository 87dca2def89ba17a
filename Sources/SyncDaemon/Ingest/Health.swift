import Synchronization

/// Whether syncd can currently decide files, and if not, why.
///
/// The ingest loop reports each file's fate: a storage failure (full or read-only disk, a
/// database error) makes the daemon unhealthy with that message, the next success makes it
/// healthy again. Status and readiness endpoints read it.
public final class Health: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    /// nil when healthy; otherwise what is wrong.
    public var problem: String? { state.withLock { $0 } }

    public var isHealthy: Bool { problem == nil }

    func fail(_ message: String) { state.withLock { $0 = message } }

    func recover() { state.withLock { $0 = nil } }
}
