import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A value computed on another thread and taken once it is ready.
///
/// Each computation gets a thread of its own rather than a global-queue work item: the
/// ingest loop blocks in ``take()``, and a work item queued behind blocked pool threads can
/// wait until the pool grows (we measured 100–200 ms stalls at 100 files/s). The ingest loop
/// prepares its next batch in one; `syncd --once` lists its backlog in one while the database
/// opens (``Daemon``). One thread runs it and one takes it: not for concurrent takers.
final class Handoff<Value>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var value: Value?
    private var running = false

    /// Computes `body` on a new thread whose nice value is raised by `niceness` (on Linux the
    /// nice value is per thread: only that thread's). The pipeline's preparing runs at 10 below
    /// the ingest loop, so when the cores are all busy the loop's serial step keeps running
    /// (at the same nice value the backlog was no faster; see BENCHMARKS.md).
    func run(niceness: Int32, _ body: @escaping @Sendable () -> Value) {
        running = true
        group.enter()
        let thread = Thread {
            if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            self.value = body()
            self.group.leave()
        }
        thread.start()
    }

    /// Waits for the value and hands it over; nil when nothing was started, or it was taken.
    func take() -> Value? {
        guard running else { return nil }
        group.wait()
        running = false
        defer { value = nil }
        return value
    }
}
