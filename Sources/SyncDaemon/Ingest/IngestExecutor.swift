import Dispatch

/// Runs the ingest loop on a serial dispatch queue of its own, off Swift's cooperative pool.
///
/// Deciding a batch blocks for as long as it takes (parsing, SQLite commits, fsync). On the
/// cooperative pool, which has only as many threads as the machine has cores, that would stall
/// the HTTP handlers and feed readers that share it.
final class IngestExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "syncd.ingest")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
