import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One batch's write and move, on a thread of its own, each after the batch before it.
///
/// Jobs form a chain: a job writes only once the job before it has committed (if that one
/// did not, this one writes nothing: its plan counted on it), and moves its files only once
/// the one before has moved its own, so files leave the inbox in order and never before their
/// batch commits. The ingest loop keeps deciding meanwhile and only waits on a job when it
/// needs its outcome.
final class BatchJob: @unchecked Sendable {
    /// The plan written, or nil for a batch committed on the ingest loop (``Ingestor/record(_:)``).
    let plan: Ingestor.PlannedBatch?
    /// When the batch's decisions started, for the per-file durations reported.
    let since: ContinuousClock.Instant
    private let written = DispatchSemaphore(value: 0)
    private let moved = DispatchSemaphore(value: 0)
    /// Set before `written` is signalled.
    private var committed: Ingestor.CommittedBatch?
    /// Set before `moved` is signalled.
    private var results: [(path: String, outcome: IngestOutcome)] = []

    /// A job that writes `plan` (nil: the batch is committed already).
    init(plan: Ingestor.PlannedBatch?, since: ContinuousClock.Instant) {
        self.plan = plan
        self.since = since
    }

    /// Starts the job's thread: after `previous` commits, `write` (a nil result is a batch not
    /// committed), then, after `previous` moved its files, moves this batch's and runs
    /// `afterMoving`. `niceness` applies to the moving, which is off the pipeline's critical path.
    func start(after previous: BatchJob?, niceness: Int32, write: @escaping @Sendable () -> Ingestor.CommittedBatch?,
               afterMoving: @escaping @Sendable () -> Void) {
        let thread = Thread {
            let ready = previous.map { $0.waitCommitted() } ?? true
            self.committed = ready ? write() : nil
            self.written.signal()
            previous?.waitMoved()
            if let committed = self.committed {
                // On Linux the nice value is per thread: this lowers only this thread.
                if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
                self.results = committed.move()
                afterMoving()
            }
            self.moved.signal()
        }
        thread.start()
    }

    /// Waits until the job has written; true when its batch committed.
    func waitCommitted() -> Bool {
        written.wait()
        defer { written.signal() }  // later waiters pass too
        return committed != nil
    }

    /// Waits until the job has moved its files (or given up); returns each file's outcome,
    /// empty for a batch that did not commit.
    @discardableResult
    func waitMoved() -> [(path: String, outcome: IngestOutcome)] {
        moved.wait()
        defer { moved.signal() }
        return results
    }

    /// Whether the job is done with moving, without waiting.
    var isMoved: Bool {
        guard moved.wait(timeout: .now()) == .success else { return false }
        moved.signal()
        return true
    }
}
