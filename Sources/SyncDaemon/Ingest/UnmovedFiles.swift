import Synchronization

/// Decided files that could not be moved out of the inbox, by path, with the seq of their
/// committed event: what `syncd --once` reports when it gives up on one, so such a file is
/// not called undecided.
final class UnmovedFiles: Sendable {
    private let seqs = Mutex<[String: Int64]>([:])

    /// Notes that `path`'s decision (event `seq`) is committed but the file is still in the inbox.
    func note(_ path: String, seq: Int64) { seqs.withLock { $0[path] = seq } }

    /// Forgets `path` (its last attempt failed otherwise, or it was given up on); returns the
    /// seq noted for it, if any. A path that succeeds is not forgotten: only paths still waiting
    /// for a retry are ever given up on, so its entry is never read again.
    @discardableResult
    func forget(_ path: String) -> Int64? {
        seqs.withLock { $0.removeValue(forKey: path) }
    }
}
