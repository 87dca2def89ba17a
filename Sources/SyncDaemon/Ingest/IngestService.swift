import Foundation
import Logging
import ServiceLifecycle
import Store
import Sync
import Synchronization

/// The ingest loop as a service: scans the inbox, then decides files as inotify reports them.
///
/// On graceful shutdown (SIGTERM, SIGINT) it finishes the file in hand and returns; in `once`
/// mode it decides the files present at start and returns. Files that failed (database or disk
/// errors) stay in the inbox and are retried every few seconds.
public struct IngestService: Service {
    let configuration: DaemonConfiguration
    let home: Home
    let database: Database
    let signal: FeedSignal
    let logger: Logger
    let engine: any DedupEngine
    /// Called after every file handled, with its outcome (tests and progress reporting use it).
    let observer: (@Sendable (String, IngestOutcome) -> Void)?

    public init(configuration: DaemonConfiguration, home: Home, database: Database, signal: FeedSignal,
                engine: any DedupEngine = ExactMatchEngine(), logger: Logger,
                observer: (@Sendable (String, IngestOutcome) -> Void)? = nil) {
        self.configuration = configuration
        self.home = home
        self.database = database
        self.signal = signal
        self.engine = engine
        self.logger = logger
        self.observer = observer
    }

    public func run() async throws {
        defer { signal.close() }
        var ingestor = Ingestor(home: home, database: database, signal: signal, configuration: configuration,
                                engine: engine, logger: logger)
        let scanner = InboxScanner(inbox: home.inbox)
        if configuration.once {
            let files = scanner.pendingFiles()
            logger.info("deciding the files present at start", metadata: ["files": "\(files.count)"])
            for path in files {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                handle(path, with: &ingestor)
            }
            return
        }

        // Watch before scanning, so a file arriving during the scan is not missed.
        let watcher = try InboxWatcher(inbox: home.inbox)
        let (events, continuation) = AsyncStream.makeStream(of: InboxWatcher.Event.self)
        let failures = Mutex(Set<String>())
        let forwarder = Task {
            for await event in watcher.events() { continuation.yield(event) }
            continuation.finish()
        }
        let retrier = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                if !failures.withLock({ $0.isEmpty }) { continuation.yield(.rescanNeeded) }
            }
        }
        defer {
            watcher.stop()
            retrier.cancel()
            forwarder.cancel()
        }
        logger.info("watching the inbox", metadata: ["inbox": "\(home.inbox.path)"])
        await withGracefulShutdownHandler {
            continuation.yield(.rescanNeeded)
            for await event in events {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                switch event {
                case .file(let path):
                    if handle(path, with: &ingestor) { failures.withLock { _ = $0.remove(path) } } else {
                        failures.withLock { _ = $0.insert(path) }
                    }
                case .rescanNeeded:
                    failures.withLock { $0.removeAll() }
                    for path in scanner.pendingFiles() {
                        if Task.isShuttingDownGracefully || Task.isCancelled { break }
                        if !handle(path, with: &ingestor) { failures.withLock { _ = $0.insert(path) } }
                    }
                }
            }
        } onGracefulShutdown: {
            watcher.stop()
            continuation.finish()
        }
        logger.info("ingest stopped")
    }

    /// Ingests one path; false when it failed and should be retried.
    @discardableResult
    private func handle(_ path: String, with ingestor: inout Ingestor) -> Bool {
        let outcome = ingestor.ingest(path)
        observer?(path, outcome)
        if case .failed = outcome { return false }
        return true
    }
}
