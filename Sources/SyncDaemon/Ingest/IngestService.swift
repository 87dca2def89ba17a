import Foundation
import Logging
import ServiceLifecycle
import Store
import Sync
import Synchronization

/// The ingest loop as a service: scans the inbox, then decides files as inotify reports them.
///
/// On graceful shutdown (SIGTERM, SIGINT) it finishes the file in hand and returns; in `once`
/// mode it decides the files present at start and returns. Files still being written are
/// looked at again once settled; files that failed (database or disk errors) stay in the inbox,
/// mark the daemon unhealthy, and are retried every couple of seconds until they succeed (in
/// `once` mode, for at most `onceGiveUpSeconds`: then the observer gets a last `.failed`, or
/// `.notMoved` for a file whose decision is committed but which could not be moved).
public struct IngestService: Service {
    let configuration: DaemonConfiguration
    let home: Home
    let database: Database
    let signal: FeedSignal
    let health: Health
    let metrics: DaemonMetrics
    let state: IngestState
    let logger: Logger
    /// The engine to decide with; nil builds the near-duplicate engine and restores its
    /// window from the database when the service starts.
    let engine: (any DedupEngine)?
    /// Editors' splits and merges bump it; the loop then rebuilds its engine from the store.
    let epoch: EngineEpoch
    /// Called after every file handled, with its outcome (tests and progress reporting use it).
    let observer: (@Sendable (String, IngestOutcome) -> Void)?
    /// The calls that move decided files; POSIX unless a test injects failures.
    var fileOperations: FileOperations = .posix
    /// In `once` mode, called with the number of files the start-up scan found, before any is
    /// decided (`syncd --once` sizes its progress bar with it).
    public var onBacklog: (@Sendable (Int) -> Void)?
    /// In `once` mode, the start-up listing begun before the service was (``Daemon`` starts it
    /// once the home is locked); without it, or once it has been taken, the service lists the
    /// inbox itself.
    var earlyListing: Handoff<[ListedFile]>?
    /// In `once` mode, decided files not yet moved out of the inbox (reported as such, not as
    /// undecided, when the service gives up on them).
    let unmoved = UnmovedFiles()

    /// How long a failed file waits before it is tried again.
    static let retryDelay: Duration = .seconds(2)

    /// How often the inbox is swept for files the watcher never reported, and how long one must
    /// have been unchanged to be taken: a hard link whose other name was removed at once
    /// (Maildir-style delivery) raises no event that says it is complete. Tests shorten it.
    var sweepSeconds: Double = 30

    public init(configuration: DaemonConfiguration, home: Home, database: Database, signal: FeedSignal,
                health: Health = Health(), metrics: DaemonMetrics = DaemonMetrics(), state: IngestState = IngestState(),
                epoch: EngineEpoch = EngineEpoch(), engine: (any DedupEngine)? = nil, logger: Logger,
                observer: (@Sendable (String, IngestOutcome) -> Void)? = nil) {
        self.configuration = configuration
        self.home = home
        self.database = database
        self.signal = signal
        self.health = health
        self.metrics = metrics
        self.state = state
        self.engine = engine
        self.epoch = epoch
        self.logger = logger
        self.observer = observer
    }

    /// The same, moving files through `fileOperations` (tests inject failures there).
    init(configuration: DaemonConfiguration, home: Home, database: Database, signal: FeedSignal, health: Health,
         metrics: DaemonMetrics, state: IngestState, epoch: EngineEpoch, logger: Logger,
         observer: (@Sendable (String, IngestOutcome) -> Void)?, fileOperations: FileOperations) {
        self.init(configuration: configuration, home: home, database: database, signal: signal, health: health,
                  metrics: metrics, state: state, epoch: epoch, logger: logger, observer: observer)
        self.fileOperations = fileOperations
    }

    /// What the loop reacts to.
    enum Work: Sendable {
        /// Files reported by inotify wait in the arrival queue: take them all.
        case arrivals
        case scan
        case due
        /// Every ``sweepSeconds``: files in the inbox that nothing reported.
        case sweep
    }

    public func run() async throws {
        try await withTaskExecutorPreference(IngestExecutor()) { try await ingestLoop() }
    }

    /// The loop itself; ``run()`` keeps it on an ``IngestExecutor`` thread.
    private func ingestLoop() async throws {
        defer { signal.close() }
        let engine: any DedupEngine
        if let given = self.engine {
            engine = given
        } else {
            let started = ContinuousClock.now
            engine = try NearDuplicateEngine.restored(from: database, parameters: configuration.dedupParameters)
            logger.info("dedup window restored", metadata: [
                "versions": "\((engine as? NearDuplicateEngine)?.windowCount ?? 0)",
                "window_hours": "\(configuration.dedupWindowHours)", "took": "\(ContinuousClock.now - started)",
            ])
        }
        var ingestor = Ingestor(home: home, database: database, signal: signal, configuration: configuration,
                                engine: engine, logger: logger, fileOperations: fileOperations)
        let scanner = InboxScanner(inbox: home.inbox)
        let clock = ContinuousClock()
        let waiting = Mutex([String: ContinuousClock.Instant]())

        if configuration.once {
            let listed = earlyListing?.take() ?? scanner.listPending()
            logger.info("deciding the files present at start", metadata: ["files": "\(listed.count)"])
            onBacklog?(listed.count)
            handleBatch(listed, with: &ingestor, waiting: waiting, clock: clock)
            // Then whatever waits for a retry (still being written, or failed), until none does
            // or each that still does has waited `onceGiveUpSeconds` since it was first put off.
            let giveUp = Duration.seconds(configuration.onceGiveUpSeconds)
            var putOff: [String: ContinuousClock.Instant] = [:]
            while !(Task.isShuttingDownGracefully || Task.isCancelled) {
                let next = waiting.withLock { $0 }
                let looked = clock.now
                for path in next.keys where putOff[path] == nil { putOff[path] = looked }
                let abandoned = next.keys.filter { looked - putOff[$0]! >= giveUp }.sorted()
                if !abandoned.isEmpty {
                    waiting.withLock { state in for path in abandoned { state.removeValue(forKey: path) } }
                    for path in abandoned {
                        let reason = "still failing or being written after \(String(format: "%g", configuration.onceGiveUpSeconds)) s (ingest.once_give_up_seconds)"
                        if let seq = unmoved.forget(path) {
                            logger.error("decided but not moved; it stays in the inbox", metadata: ["file": "\(path)", "seq": "\(seq)", "reason": "\(reason)"])
                            observer?(path, .notMoved(seq: seq, "not moved: \(reason)"))
                        } else {
                            logger.error("file not decided; it stays in the inbox", metadata: ["file": "\(path)", "reason": "\(reason)"])
                            observer?(path, .failed("not decided: \(reason)"))
                        }
                    }
                    continue
                }
                guard let soonest = next.values.min() else { break }
                try? await Task.sleep(until: soonest, clock: clock)
                let now = clock.now
                let queue = next.filter { $0.value <= now }.keys.sorted()
                waiting.withLock { state in for path in queue { state.removeValue(forKey: path) } }
                handleBatch(queue, .written, with: &ingestor, waiting: waiting, clock: clock)
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { state.setInterrupted() }
            return
        }

        // Watch before scanning, so a file arriving during the scan is not missed.
        let watcher = try InboxWatcher(inbox: home.inbox)
        let (work, continuation) = AsyncStream.makeStream(of: Work.self)
        // The start-up scan first, before anything the watcher reports: files waiting since
        // before the start are decided before those arriving now, in their own order, as one
        // uninterrupted run would have (a later item first moves the dedup window past them).
        continuation.yield(.scan)
        let arrivals = Mutex<[(String, IngestTrigger)]>([])
        let forwarder = Task {
            for await event in watcher.events() {
                switch event {
                case .file(let path, let renamed):
                    // One wake-up per burst: under load the loop takes everything that arrived
                    // meanwhile in one batch (one commit); when idle, each file alone at once.
                    let wasEmpty = arrivals.withLock { queue in
                        defer { queue.append((path, renamed ? .renamed : .written)) }
                        return queue.isEmpty
                    }
                    if wasEmpty { continuation.yield(.arrivals) }
                case .rescanNeeded: continuation.yield(.scan)
                }
            }
            continuation.finish()
        }
        let sweepEvery = Duration.seconds(sweepSeconds)
        let ticker = Task {
            var swept = clock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                let now = clock.now
                if waiting.withLock({ $0.values.contains { $0 <= now } }) { continuation.yield(.due) }
                if now - swept >= sweepEvery {
                    swept = now
                    continuation.yield(.sweep)
                }
            }
        }
        state.setWatching(true)
        defer {
            state.setWatching(false)
            watcher.stop()
            ticker.cancel()
            forwarder.cancel()
        }
        logger.info("watching the inbox", metadata: ["inbox": "\(home.inbox.path)"])
        await withGracefulShutdownHandler {
            for await item in work {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                switch item {
                case .arrivals:
                    let batch = arrivals.withLock { queue in
                        defer { queue.removeAll(keepingCapacity: true) }
                        return queue
                    }
                    waiting.withLock { state in for (path, _) in batch { state.removeValue(forKey: path) } }
                    if batch.count == 1 {
                        handle(batch[0].0, batch[0].1, with: &ingestor, waiting: waiting, clock: clock)
                    } else {
                        handleBatch(Self.unique(batch), with: &ingestor, waiting: waiting, clock: clock)
                    }
                case .scan:
                    handleBatch(scanner.listPending(), with: &ingestor, waiting: waiting, clock: clock)
                case .due:
                    let now = clock.now
                    let due = waiting.withLock { state -> [String] in
                        let paths = state.filter { $0.value <= now }.keys.sorted()
                        for path in paths { state.removeValue(forKey: path) }
                        return paths
                    }
                    handleBatch(due, .written, with: &ingestor, waiting: waiting, clock: clock)
                case .sweep:
                    // Unchanged for a sweep's length and not waiting for a retry or to settle:
                    // a file being written in place is still left to its close-write.
                    let quietBefore = Int64((Date().timeIntervalSince1970 - sweepSeconds) * 1e9)
                    let held = waiting.withLock { Set($0.keys) }
                    let missed = scanner.listPending().filter { $0.mtimeNanoseconds < quietBefore && !held.contains($0.path) }
                    guard !missed.isEmpty else { continue }
                    logger.info("files nothing reported, found by the inbox sweep", metadata: ["files": "\(missed.count)"])
                    handleBatch(missed, with: &ingestor, waiting: waiting, clock: clock)
                }
            }
        } onGracefulShutdown: {
            watcher.stop()
            continuation.finish()
        }
        logger.info("ingest stopped")
    }

    /// Files decided per transaction when a backlog is worked through (group commit): one
    /// fsync covers them all, and none leaves the inbox before that commit. 1,024 rather than
    /// 256 took the 21,578-file backlog 13% less time (fewer fsyncs, and pages that several
    /// transactions rewrote are written once) for about 45 MB more peak RSS (BENCHMARKS.md).
    static let batchSize = 1024
    /// The smallest batch a backlog is cut into (see ``batchLimit(forBacklog:)``).
    static let minimumBatchSize = 64

    /// The files per batch for a backlog of `count` paths: a sixteenth of it, from
    /// ``minimumBatchSize`` to ``batchSize``. A backlog of a few batches would leave the pipeline
    /// little to overlap (the first batch is prepared, and the last moved, with nothing else
    /// running) and show its progress in a few large steps.
    static func batchLimit(forBacklog count: Int) -> Int {
        min(batchSize, max(minimumBatchSize, count / 16))
    }

    /// The files per batch for the batch after one of `previous` files, with `remaining` paths
    /// left: double the last, up to `limit` (``batchLimit(forBacklog:)``), and no more than
    /// half of what is left, down to ``minimumBatchSize``.
    ///
    /// A backlog's first batch is the smallest: the ingest loop has nothing to decide until
    /// it is prepared (1,024 files took 70 ms). Its last batches shrink: the last one is moved
    /// with nothing else running.
    static func nextBatchLimit(after previous: Int, limit: Int, remaining: Int) -> Int {
        max(1, min(limit, previous * 2, max(minimumBatchSize, remaining / 2)))
    }

    /// A batch also ends once it holds this many bytes of file content (read, not yet parsed).
    static let batchBytes: Int64 = 32 * 1024 * 1024

    /// Ingests many paths (a scan's backlog), committing up to ``batchLimit(forBacklog:)``
    /// decisions per transaction; stops early at shutdown, leaving the rest in the inbox.
    private func handleBatch(_ paths: [String], _ trigger: IngestTrigger, with ingestor: inout Ingestor,
                             waiting: borrowing Mutex<[String: ContinuousClock.Instant]>, clock: ContinuousClock) {
        handleBatch(paths.map { ($0, trigger) }, with: &ingestor, waiting: waiting, clock: clock)
    }

    /// Ingests the files an inbox scan listed, taking their identity from the listing.
    private func handleBatch(_ listed: [ListedFile], with ingestor: inout Ingestor,
                             waiting: borrowing Mutex<[String: ContinuousClock.Instant]>, clock: ContinuousClock) {
        handleBatch(listed.map { ($0.path, .written) }, listed: listed, with: &ingestor, waiting: waiting, clock: clock)
    }

    /// Each path once, in first-arrival order; a rename anywhere in the burst wins (the file is complete).
    static func unique(_ items: [(String, IngestTrigger)]) -> [(String, IngestTrigger)] {
        var index: [String: Int] = [:]
        var out: [(String, IngestTrigger)] = []
        for (path, trigger) in items {
            if let at = index[path] {
                if trigger == .renamed { out[at].1 = .renamed }
            } else {
                index[path] = out.count
                out.append((path, trigger))
            }
        }
        return out
    }

    private func handleBatch(_ items: [(String, IngestTrigger)], listed: [ListedFile]? = nil, with ingestor: inout Ingestor,
                             waiting: borrowing Mutex<[String: ContinuousClock.Instant]>, clock: ContinuousClock) {
        refreshEngine(&ingestor)
        var started = clock.now
        let inbox = home.inboxFolder, configuration = self.configuration
        // A pipeline: while one batch is decided here (serial: it updates the engine), the
        // next is examined, read, parsed and sketched on another thread, and the ones before
        // are written and then moved out of the inbox, each on a thread of its own (BatchJob).
        let prepare = ingestor.preparer
        guard !items.isEmpty else { return }
        let limit = Self.batchLimit(forBacklog: items.count)
        var size = min(limit, Self.minimumBatchSize)
        var examined = Self.examineBatch(items, listed: listed, from: 0, limit: size, inbox: inbox, configuration: configuration,
                                         unsettled: ingestor.unsettled)
        prepare(&examined.pending)
        let writeContext = ingestor.writeContext
        let checkpoint = self.checkpoint
        /// Batches being written or moved, oldest first.
        var jobs: [BatchJob] = []
        /// Starts a job writing `plan` (nil: `committed`, recorded here) after the last one.
        func startJob(_ plan: Ingestor.PlannedBatch?, committed: Ingestor.CommittedBatch? = nil,
                      since: ContinuousClock.Instant) {
            let job = BatchJob(plan: plan, since: since)
            job.start(after: jobs.last, niceness: 10, write: {
                plan.flatMap { Ingestor.write($0, with: writeContext) } ?? committed
            }, afterMoving: checkpoint)
            jobs.append(job)
        }
        /// Reports the outcomes of the oldest jobs: those done, or all of them with `all` (or
        /// at least one with `one`). A job whose plan was not committed voids the plans after
        /// it: the engine is rebuilt and those batches decided again here, in one step each.
        func collect(all: Bool = false, one: Bool = false) {
            var waitFor = one ? 1 : 0
            while let job = jobs.first, all || waitFor > 0 || job.isMoved {
                waitFor -= 1
                let results = job.waitMoved()
                jobs.removeFirst()
                if let plan = job.plan, !job.waitCommitted() {
                    // Every job behind it is a plan (a batch committed here is started only
                    // once all jobs are collected), and wrote nothing.
                    let void = [plan] + jobs.compactMap { $0.waitMoved(); return $0.plan }
                    jobs.removeAll()
                    let rebuilt = rebuildEngine(&ingestor, after: "a planned write not committed", droppingPlans: true)
                    for plan in void {
                        let since = clock.now
                        let moved = rebuilt ? ingestor.record(plan.files).move() : undecided(plan.files)
                        let each = (clock.now - since) / max(1, moved.count)
                        for (path, outcome) in moved { record(path, outcome, elapsed: each, waiting: waiting, clock: clock) }
                    }
                    return
                }
                if let plan = job.plan { ingestor.planWritten(plan.number) }
                let each = (clock.now - job.since) / max(1, results.count)
                for (path, outcome) in results { record(path, outcome, elapsed: each, waiting: waiting, clock: clock) }
            }
        }
        defer { collect(all: true) }
        /// Takes an examined batch's settle bookkeeping and reports the outcomes it already has.
        func adopt(_ batch: ExaminedBatch) {
            ingestor.adoptSettling(of: items[batch.range].lazy.map(\.0), from: batch.unsettled)
            for (path, outcome) in batch.done { record(path, outcome, elapsed: clock.now - started, waiting: waiting, clock: clock) }
        }
        while true {
            adopt(examined)
            let current = examined.pending
            let end = examined.range.upperBound
            let more = end < items.count && !(Task.isShuttingDownGracefully || Task.isCancelled)
            let prepared = Handoff<ExaminedBatch>()
            if more {
                let unsettled = ingestor.unsettled
                size = Self.nextBatchLimit(after: size, limit: limit, remaining: items.count - end)
                prepared.run(niceness: 10) { [size] in
                    var next = Self.examineBatch(items, listed: listed, from: end, limit: size, inbox: inbox, configuration: configuration,
                                                 unsettled: unsettled)
                    prepare(&next.pending)
                    return next
                }
            }
            if !more && jobs.isEmpty {
                // A lone batch (in watch mode, a burst of arrivals) is committed and moved right here.
                let committed = ingestor.record(current)
                ingestor.reportWindowOverflow()
                let each = (clock.now - started) / max(1, committed.files.count)
                for (path, outcome) in committed.move() { record(path, outcome, elapsed: each, waiting: waiting, clock: clock) }
                checkpoint()
                return
            }
            collect(one: jobs.count >= Self.batchesInFlight)
            // An editor split or merged stories while this backlog runs: once the batches
            // before are written, the engine is rebuilt from the store, so this batch and the
            // rest are decided against the stories as they now are.
            if epoch.current != ingestor.engineEpoch && ingestor.engineEpoch >= 0 {
                collect(all: true)
                refreshEngine(&ingestor)
            }
            // Decided here while the batches before are written (the engine needs only where
            // each version will be stored, which the plan says); a batch the engine reads the
            // store for waits for them and is decided and committed in one step.
            switch ingestor.plan(current) {
            case .planned(let plan):
                startJob(plan, since: started)
            case .synchronous(let rebuild):
                collect(all: true)
                if (rebuild || ingestor.engineEpoch < 0) && !rebuildEngine(&ingestor, after: "a plan left unwritten", droppingPlans: true) {
                    for (path, outcome) in undecided(current) { record(path, outcome, elapsed: clock.now - started, waiting: waiting, clock: clock) }
                } else {
                    startJob(nil, committed: ingestor.record(current), since: started)
                }
            }
            ingestor.reportWindowOverflow()
            guard more, let next = prepared.take() else {
                collect(all: true)
                checkpoint()
                return
            }
            started = clock.now
            if Task.isShuttingDownGracefully || Task.isCancelled {
                // Its files stay in the inbox undecided; what examining them found still counts.
                adopt(next)
                return
            }
            examined = next
        }
    }

    /// Batches written or moved at once behind the one being decided: enough to keep both
    /// cores busy, each holding its parsed files until it is written.
    static let batchesInFlight = 2

    /// The outcomes of files left undecided because the engine could not be rebuilt.
    private func undecided(_ files: [Ingestor.PendingFile]) -> [(path: String, outcome: IngestOutcome)] {
        files.map { ($0.relative, $0.outcome ?? .failed("the dedup index could not be rebuilt from the store")) }
    }

    /// One batch's paths examined: those to decide, those with an outcome already, and the
    /// settle bookkeeping as the examination left it.
    struct ExaminedBatch: Sendable {
        /// The positions in the loop's path list this batch covers.
        var range: Range<Int>
        var pending: [Ingestor.PendingFile] = []
        var done: [(String, IngestOutcome)] = []
        var unsettled: [String: Ingestor.Unsettled]
    }

    /// Examines paths from `start` on until a batch is full (`limit` files to decide, or
    /// ``batchBytes`` of content); pure, so it runs on another thread while the loop commits.
    /// `listed`, when given, holds the scan's listing of each item, at the same positions.
    static func examineBatch(_ items: [(String, IngestTrigger)], listed: [ListedFile]?, from start: Int, limit: Int, inbox: FolderHandle,
                             configuration: DaemonConfiguration,
                             unsettled: [String: Ingestor.Unsettled]) -> ExaminedBatch {
        var batch = ExaminedBatch(range: start..<start, unsettled: unsettled)
        // Grown once: a pending file is several hundred bytes, and a batch 1,024 of them.
        batch.pending.reserveCapacity(min(limit, items.count - start))
        var index = start
        var bytes: Int64 = 0
        while index < items.count && batch.pending.count < limit && bytes < batchBytes {
            let (path, trigger) = items[index]
            let file = listed?[index]
            index += 1
            switch Ingestor.examine(path, trigger: trigger, now: Date(), inbox: inbox, configuration: configuration,
                                    listed: file, unsettled: &batch.unsettled) {
            case .done(let outcome): batch.done.append((path, outcome))
            case .pending(let file):
                bytes += file.identity.size
                batch.pending.append(file)
            }
        }
        batch.range = start..<index
        return batch
    }

    /// Ingests one path, scheduling it again if it has not settled or failed.
    private func handle(_ path: String, _ trigger: IngestTrigger, with ingestor: inout Ingestor,
                        waiting: borrowing Mutex<[String: ContinuousClock.Instant]>, clock: ContinuousClock) {
        refreshEngine(&ingestor)
        let started = clock.now
        // A rebuild that failed leaves the engine with versions a rollback undid: the file
        // waits for the next try rather than be decided against them.
        guard ingestor.engineEpoch >= 0 else {
            record(path, .failed("the dedup index could not be rebuilt from the store"), elapsed: clock.now - started,
                   waiting: waiting, clock: clock)
            return
        }
        let outcome = ingestor.ingest(path, trigger: trigger)
        ingestor.reportWindowOverflow()
        record(path, outcome, elapsed: clock.now - started, waiting: waiting, clock: clock)
        checkpoint()
    }

    /// Copies the WAL into the database once it has grown (``Database/checkpointIfNeeded()``);
    /// a failure is only logged: the writer checkpoints by itself once the WAL grows larger.
    @Sendable private func checkpoint() {
        do {
            try database.checkpointIfNeeded()
        } catch {
            logger.warning("WAL checkpoint failed; the writer will checkpoint later", metadata: ["error": "\(error)"])
        }
    }

    /// Rebuilds the ingestor's near-duplicate engine from the store after an editor's split or
    /// merge changed which story a stored version belongs to (or after a rebuild failed).
    private func refreshEngine(_ ingestor: inout Ingestor) {
        guard epoch.current != ingestor.engineEpoch else { return }
        _ = rebuildEngine(&ingestor, after: ingestor.engineEpoch < 0 ? "a failed rebuild" : "an editor's override")
    }

    /// Rebuilds the ingestor's engine from the store (``Ingestor/rebuildEngine()``, which drops
    /// its plans); false when that failed, to be tried again at the next batch or file
    /// (``refreshEngine(_:)``). When the rebuild was to drop plans (`droppingPlans`), a failed
    /// one leaves an engine that may remember versions the store never committed: its epoch is
    /// set to -1 (no ``EngineEpoch`` value is negative), so nothing is planned
    /// (``Ingestor/plan(_:)`` refuses) and the loop leaves batches undecided until one succeeds.
    private func rebuildEngine(_ ingestor: inout Ingestor, after cause: String, droppingPlans: Bool = false) -> Bool {
        let now = epoch.current
        do {
            try ingestor.rebuildEngine()
            ingestor.engineEpoch = now
            logger.info("dedup index rebuilt after \(cause)")
            return true
        } catch {
            logger.error("dedup index not rebuilt after \(cause); retrying at the next batch or file",
                         metadata: ["error": "\(error)"])
            if droppingPlans { ingestor.engineEpoch = -1 }
            return false
        }
    }

    /// Accounts for one path's outcome: metrics, health, retry scheduling and the observer.
    private func record(_ path: String, _ outcome: IngestOutcome, elapsed: Duration,
                        waiting: borrowing Mutex<[String: ContinuousClock.Instant]>, clock: ContinuousClock) {
        switch outcome {
        case .notSettled(let delay):
            waiting.withLock { $0[path] = clock.now + delay }
        case .failed(let message):
            health.fail(message)
            metrics.recordFile(outcome: "failed", duration: elapsed)
            if configuration.once { unmoved.forget(path) }  // the last attempt is what the give-up reports
            waiting.withLock { $0[path] = clock.now + Self.retryDelay }
        case .notMoved(let seq, let message):
            health.fail("a decided file could not be moved out of the inbox: \(message)")
            metrics.recordFile(outcome: "not_moved", duration: elapsed)
            if configuration.once { unmoved.note(path, seq: seq) }
            waiting.withLock { $0[path] = clock.now + Self.retryDelay }
        case .decided, .rejected, .alreadyDecided:
            switch outcome {
            case .decided(let event), .rejected(let event): metrics.recordFile(outcome: event.type.rawValue, duration: elapsed)
            default: metrics.recordFile(outcome: "already_decided", duration: elapsed)
            }
            if !health.isHealthy {
                health.recover()
                logger.notice("ingest recovered; deciding files again")
            }
        case .skipped:
            break
        }
        observer?(path, outcome)
    }
}
