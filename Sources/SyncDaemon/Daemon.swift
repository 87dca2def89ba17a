import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Store
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// A whole syncd: home, database, ingest loop and HTTP API, run as one service group.
///
/// `init` validates the configuration, creates the home, takes its lock and opens (migrating)
/// the database; ``run(onListening:)`` runs until SIGTERM/SIGINT (or, in `once` mode, until the
/// inbox is decided). Tests create one on a temporary home and listen on port 0.
///
/// In `once` mode `init` also starts listing the inbox on a thread of its own, so the backlog is
/// listed while the database opens and migrates: it is the files present when the home was
/// locked. Not in watch mode: a watching daemon must watch before it lists, or a file arriving
/// between the two would be missed.
public final class Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let home: Home
    public let database: Database
    public let signal: FeedSignal
    public let health = Health()
    public let metrics = DaemonMetrics()
    public let ingestState = IngestState()
    let epoch = EngineEpoch()
    let logger: Logger
    private let lockDescriptor: Int32
    /// The calls that move decided files; POSIX unless a test injects failures.
    let fileOperations: FileOperations
    /// In `once` mode, the inbox listed while the database opens (nil otherwise).
    let earlyListing: Handoff<[ListedFile]>?

    public convenience init(configuration: DaemonConfiguration, logger: Logger = Logger(label: "syncd")) throws {
        try self.init(configuration: configuration, logger: logger, sqliteVFS: nil, fileOperations: .posix)
    }

    /// A daemon whose storage goes through `sqliteVFS` (a registered SQLite VFS name) and
    /// `fileOperations`: tests use them to make the database or the file moves fail.
    init(configuration: DaemonConfiguration, logger: Logger, sqliteVFS: String?, fileOperations: FileOperations) throws {
        try configuration.validate()
        self.fileOperations = fileOperations
        self.configuration = configuration
        self.logger = logger
        home = Home(path: configuration.home)
        try home.create()
        lockDescriptor = try home.lock()
        if configuration.once {
            let scanner = InboxScanner(inbox: home.inbox)
            let listing = Handoff<[ListedFile]>()
            listing.run(niceness: 0) { scanner.listPending() }
            earlyListing = listing
        } else {
            earlyListing = nil
        }
        do {
            database = try Database(path: home.database.path, vfs: sqliteVFS)
        } catch {
            close(lockDescriptor)
            throw error
        }
        signal = FeedSignal(lastSeq: try database.lastSeq())
        // An empty feed beside decided files: the database was deleted, emptied or replaced.
        // The feed starts again at 1, and consumers that remember a later seq see nothing new.
        if signal.lastSeq == 0, let decided = Self.anyFile(below: home.processed) {
            logger.warning("""
                the database holds no decisions, but processed/ holds decided files (such as \(decided)): \
                the feed starts again at seq 1. If syncd.sqlite was lost, stop syncd and restore it (with its -wal) \
                from a backup before deciding more; consumers should read the feed again from seq 0
                """)
        }
    }

    /// The path (relative to `folder`) of some file below it, or nil when it holds none.
    static func anyFile(below folder: URL) -> String? {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return nil }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            return String(url.path.dropFirst(folder.path.count + 1))
        }
        return nil
    }

    deinit { close(lockDescriptor) }

    /// Runs the daemon until it is shut down; `onListening` gets the HTTP port once bound.
    /// - Parameters:
    ///   - onBacklog: in `once` mode, called with the number of files found at start, before
    ///     any is decided.
    ///   - observer: called after each file is handled (for progress and tests).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in },
                    onBacklog: (@Sendable (Int) -> Void)? = nil,
                    observer: (@Sendable (String, IngestOutcome) -> Void)? = nil) async throws {
        var ingest = IngestService(configuration: configuration, home: home, database: database, signal: signal,
                                   health: health, metrics: metrics, state: ingestState, epoch: epoch, logger: logger,
                                   observer: observer, fileOperations: fileOperations)
        ingest.onBacklog = onBacklog
        ingest.earlyListing = earlyListing
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: ingest, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if !configuration.once && configuration.retentionProcessedDays > 0 {
            services.append(.init(service: RetentionService(home: home, days: configuration.retentionProcessedDays, logger: logger)))
        }
        if !configuration.once {
            let routes = APIRoutes(database: database, signal: signal, home: home, health: health, metrics: metrics,
                                   ingestState: ingestState, configuration: configuration, epoch: epoch)
            let logger = self.logger
            let listen = configuration.listen
            let app = Application(
                router: routes.router(),
                // Header limits bound what a client can make us buffer; the idle timeout stays
                // above the longest long-poll (60 s) and SSE heartbeats keep streams alive.
                server: .http1(configuration: .init(
                    idleTimeout: .seconds(300),
                    httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024,
                                                    maxHeaderFieldCount: 100))),
                configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "syncd"),
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? listen.port
                    logger.info("serving the API", metadata: ["address": "\(ListenAddress(host: listen.host, port: port))"])
                    await onListening(port)
                },
                logger: logger)
            services.insert(.init(service: app), at: 0)
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: groupConfiguration).run()
        // A clean stop leaves every decision in syncd.sqlite itself, the WAL empty: an operator
        // who copies the database file after a backfill gets all of it.
        do {
            try database.checkpointCompletely()
        } catch {
            logger.warning("final WAL checkpoint failed; syncd.sqlite-wal still holds the latest decisions",
                           metadata: ["error": "\(error)"])
        }
    }
}
