import CFileSystem
import Foundation
import Logging
import Store
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// Decides one inbox file at a time: read, parse, decide, commit, then move.
///
/// The order is what makes every decision happen exactly once: the decision, the file's record
/// and the feed event are committed in one transaction before the file leaves the inbox. A file
/// found again whose record exists (the process died between the commit and the move) is only
/// moved, with no second event. Not thread-safe: one ingest loop owns it.
public struct Ingestor {
    let home: Home
    let database: Database
    let signal: FeedSignal
    let configuration: DaemonConfiguration
    var engine: any DedupEngine
    /// The ``EngineEpoch`` value `engine` reflects.
    var engineEpoch = 0
    /// Where planned batches' versions go (``plan(_:)``); nil until the first plan, and again
    /// once the engine is rebuilt or a batch is recorded in one step.
    var planner: WritePlanner?
    /// The last plan's number, which a new planner counts on from.
    var lastPlan = 0
    /// Whether ``reportWindowOverflow()`` has logged its warning.
    private var windowOverflowReported = false
    let logger: Logger
    let mover: FileMover
    private let parser = DocumentParser()
    /// Size and mtime last seen of files that had not settled yet, and since when unchanged.
    private(set) var unsettled: [String: Unsettled] = [:]

    /// A file seen still changing: its size and mtime then, and since when they were unchanged.
    typealias Unsettled = (size: Int64, mtime: Int64, since: Date)

    public init(home: Home, database: Database, signal: FeedSignal, configuration: DaemonConfiguration,
                engine: any DedupEngine, logger: Logger) {
        self.init(home: home, database: database, signal: signal, configuration: configuration, engine: engine,
                  logger: logger, fileOperations: .posix)
    }

    init(home: Home, database: Database, signal: FeedSignal, configuration: DaemonConfiguration,
         engine: any DedupEngine, logger: Logger, fileOperations: FileOperations) {
        self.home = home
        self.database = database
        self.signal = signal
        self.configuration = configuration
        self.engine = engine
        self.logger = logger
        self.mover = FileMover(home: home, operations: fileOperations)
    }

    /// Decides the file at `relative` (a path inside the inbox) and moves it out of the inbox.
    ///
    /// A file that was written in place (`trigger == .written`) is taken only when its size and
    /// mtime have not changed for the settle time; until then the outcome is `.notSettled`.
    public mutating func ingest(_ relative: String, trigger: IngestTrigger = .renamed, now: Date = Date()) -> IngestOutcome {
        switch examine(relative, trigger: trigger, now: now) {
        case .done(let outcome): outcome
        case .pending(let file): commit([file])[0].outcome
        }
    }

    /// A file read and parsed (or found unreadable), waiting to be decided in a batch.
    public struct PendingFile: Sendable {
        let relative: String
        var identity: FileIdentity
        let mtime: Date
        let trigger: IngestTrigger
        /// True until ``load(_:with:)`` has read the file (and hashed it), when it is readable.
        var needsRead: Bool
        /// The bytes read, until ``prepare(_:)`` parsed them.
        var bytes: [UInt8]?
        var prepared: PreparedDocument?
        var rejection: String?
        /// Set by ``load(_:with:)`` when the file needs no decision after all (already decided,
        /// gone, still being written); it is reported with this outcome.
        var outcome: IngestOutcome?
        /// The size read from a file still growing, for the settle bookkeeping.
        var grewTo: Int64?

        /// Whether ``Ingestor/settle(_:now:)`` has anything to do for the file: it grew while
        /// read, or needs no decision. Callers check it first to pass (copy) only those files.
        var needsSettling: Bool { grewTo != nil || outcome != nil }
    }

    /// What loading a file needs, none of it ingestor state: safe on any thread.
    struct LoadContext: Sendable {
        let inbox: FolderHandle
        let database: Database
        let mover: FileMover
        let logger: Logger
        let settleSeconds: Double
    }

    var loadContext: LoadContext {
        LoadContext(inbox: home.inboxFolder, database: database, mover: mover, logger: logger,
                    settleSeconds: configuration.settleSeconds)
    }

    /// What ``examine(_:trigger:now:)`` found: an outcome already, or a file to decide.
    public enum Examination: Sendable {
        case done(IngestOutcome)
        case pending(PendingFile)
    }

    /// Everything before the decision: checks, settling, reading, parsing and preparing. A file
    /// whose decision is already committed is moved here (`.alreadyDecided`). Writes nothing.
    ///
    /// With `parse: false` the bytes are kept unparsed, for ``prepare(_:)`` to parse many files
    /// on all cores at once.
    public mutating func examine(_ relative: String, trigger: IngestTrigger = .renamed, now: Date = Date(),
                                 parse: Bool = true) -> Examination {
        let examination = Self.examine(relative, trigger: trigger, now: now, inbox: home.inboxFolder,
                                       configuration: configuration, unsettled: &unsettled)
        guard parse, case .pending(var file) = examination else { return examination }
        Self.load(&file, with: loadContext)
        if let outcome = settle(file, now: now) { return .done(outcome) }
        Self.parse(&file, parser: parser, parameters: configuration.dedupParameters)
        return .pending(file)
    }

    /// Whether a folder or file name in `relative` starts with a dot (editors' and copy tools'
    /// temporary files, hidden folders): such a path is never ingested.
    static func hasHiddenComponent(_ relative: String) -> Bool {
        var atNameStart = true
        for byte in relative.utf8 {
            if atNameStart && byte == UInt8(ascii: ".") { return true }
            atNameStart = byte == UInt8(ascii: "/")
        }
        return false
    }

    /// The examination without parsing, on any thread: it reads and updates only `unsettled`'s
    /// entry for `relative`, so the ingest loop examines the next batch elsewhere with a copy
    /// and takes back the entries of the paths examined (see ``adoptSettling(of:from:)``).
    ///
    /// `listed`, the inbox scan's `lstat` of the file, stands in for looking at it again when
    /// it lists a regular file within the size limit; the read then checks that the file is
    /// still the one listed (see ``ListedFile``).
    static func examine(_ relative: String, trigger: IngestTrigger, now: Date, inbox: FolderHandle,
                        configuration: DaemonConfiguration, listed: ListedFile? = nil,
                        unsettled: inout [String: Unsettled]) -> Examination {
        if hasHiddenComponent(relative) { return .done(.skipped) }
        let file: ListedFile
        if let listed, listed.kind == S_IFREG, listed.size <= configuration.maxFileBytes {
            file = listed
        } else {
            // Not listed, or listed as something to reject: a rejection is decided without
            // reading the file, so it is decided from a fresh look, never a stale listing.
            var info = stat()
            let found = inbox.attempt(relative) { folder, name in
                fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno
            }
            guard found == 0 else { return .done(.skipped) }
            file = ListedFile(path: relative, info)
        }
        let kind = file.kind
        if kind == S_IFDIR { return .done(.skipped) }

        let identity = FileIdentity(path: relative, size: file.size, mtimeNanoseconds: file.mtimeNanoseconds,
                                    inode: file.inode, rawHash: "", ctimeNanoseconds: file.ctimeNanoseconds)
        let mtime = Date(timeIntervalSince1970: Double(file.mtime.tv_sec) + Double(file.mtime.tv_nsec) / 1e9)
        if kind == S_IFREG && trigger == .written {
            let settle = configuration.settleSeconds
            // Settled: its mtime is older than the settle time, or its size and mtime have not
            // changed for the settle time (a clock-skewed mtime in the future still settles).
            let seen = unsettled[relative]
            let same = seen.map { $0.size == identity.size && $0.mtime == identity.mtimeNanoseconds } ?? false
            let unchangedLongEnough = same && now.timeIntervalSince(seen!.since) >= settle
            if now.timeIntervalSince(mtime) < settle && !unchangedLongEnough {
                if !same { unsettled[relative] = (identity.size, identity.mtimeNanoseconds, now) }
                return .done(.notSettled(retryAfter: .milliseconds(Int64(settle * 1000))))
            }
        }
        unsettled.removeValue(forKey: relative)

        var rejection: String?
        if let notRegular = Self.describeNonRegular(kind) {
            rejection = "\(notRegular): only regular files are read"
        } else if identity.size > configuration.maxFileBytes {
            rejection = "file is \(identity.size) bytes, over the limit of \(configuration.maxFileBytes) bytes"
        }
        return .pending(PendingFile(relative: relative, identity: identity, mtime: mtime, trigger: trigger,
                                    needsRead: rejection == nil, bytes: nil, prepared: nil, rejection: rejection))
    }

    /// Takes over the settle bookkeeping of `paths` from `other`, a copy of ``unsettled`` that
    /// examined them on another thread (no other path's entry is touched).
    mutating func adoptSettling(of paths: some Sequence<String>, from other: [String: Unsettled]) {
        for path in paths { unsettled[path] = other[path] }
    }

    /// Reads the file (hashing its bytes) and moves it if its decision was committed before;
    /// sets `outcome` when no decision is needed. Touches no ingestor state, so batches are
    /// loaded on other threads (see ``preparer``); ``settle(_:now:)`` then applies the result.
    static func load(_ file: inout PendingFile, with context: LoadContext) {
        readBytes(&file, with: context)
        guard file.outcome == nil else { return }
        settleDecided(&file, Result { try context.database.decidedFile(file.identity) }, with: context)
    }

    /// The reading half of ``load(_:with:)``. A file left without an outcome still needs its
    /// committed decision looked up (``settleDecided(_:_:with:)``).
    static func readBytes(_ file: inout PendingFile, with context: LoadContext) {
        guard file.outcome == nil else { return }
        let relative = file.relative
        if file.needsRead {
            file.needsRead = false
            switch readFile(relative, in: context.inbox, expecting: file.identity, refuseIfOpenForWriting: true) {
            case .success(let data):
                if Int64(data.count) != file.identity.size && file.trigger == .written {
                    // Still growing while we read: look again once it has settled.
                    file.grewTo = Int64(data.count)
                    file.outcome = .notSettled(retryAfter: .milliseconds(Int64(context.settleSeconds * 1000)))
                    return
                }
                file.identity.rawHash = SHA256.hex(data)
                file.identity.size = Int64(data.count)
                file.bytes = data
            case .failure(let error):
                switch error.errno {
                case ENOENT:
                    file.outcome = .skipped
                case ESTALE, ELOOP, EAGAIN:
                    // Not the file examined (replaced, changed, or now a link), or another
                    // process still has it open for writing: look again later.
                    file.outcome = .notSettled(retryAfter: .milliseconds(Int64(max(context.settleSeconds, 0.1) * 1000)))
                default:
                    file.rejection = "cannot read file: \(String(cString: strerror(error.errno)))"
                }
            }
        }
    }

    /// The second half of ``load(_:with:)``: given the store's committed decision for the file
    /// (looked up by the caller, alone or with its batch), moves a file decided before.
    static func settleDecided(_ file: inout PendingFile, _ lookup: Result<DecidedFile?, any Error>, with context: LoadContext) {
        let relative = file.relative
        var lookup = lookup
        // Not decided under this path: perhaps under the one it had before its folder was renamed.
        if case .success(nil) = lookup, let decided = context.mover.displaced.take(file.identity) { lookup = .success(decided) }
        switch lookup {
        case .success(let decided?):
            do {
                let replaced = try context.mover.moveDecided(relative, type: decided.outcome, reason: decided.reason,
                                                             seq: decided.eventSeq, decided: file.identity)
                context.logger.info("file already decided; moved", metadata: ["file": "\(relative)", "seq": "\(decided.eventSeq)"])
                if let replaced { context.logger.warning("\(replaced)", metadata: ["file": "\(relative)", "seq": "\(decided.eventSeq)"]) }
                file.outcome = .alreadyDecided
            } catch {
                context.logger.error("decided but not moved; it stays in the inbox",
                                     metadata: ["file": "\(relative)", "seq": "\(decided.eventSeq)", "error": "\(error)"])
                file.outcome = .notMoved(seq: decided.eventSeq, "\(error)")
            }
            file.bytes = nil
        case .success(nil):
            break
        case .failure(let error):
            context.logger.error("file not decided; it stays in the inbox", metadata: ["file": "\(relative)", "error": "\(error)"])
            file.outcome = .failed("\(error)")
            file.bytes = nil
        }
        if file.outcome == nil && file.rejection == nil && file.bytes == nil { file.rejection = "unreadable" }
    }

    /// Applies a loaded file's settle bookkeeping; returns its outcome when it needs no decision.
    mutating func settle(_ file: PendingFile, now: Date) -> IngestOutcome? {
        if let size = file.grewTo { unsettled[file.relative] = (size, file.identity.mtimeNanoseconds, now) }
        return file.outcome
    }

    /// Parses and prepares the read files of a batch, spreading the work over every core (it
    /// is pure: bytes in, documents out). It needs none of the ingestor's state, so it may run
    /// on another thread while the ingestor commits an earlier batch.
    var preparer: @Sendable (inout [PendingFile]) -> Void {
        let parser = self.parser, parameters = configuration.dedupParameters, context = loadContext
        return { Self.prepare(&$0, context: context, parser: parser, parameters: parameters) }
    }

    private static func prepare(_ files: inout [PendingFile], context: LoadContext, parser: DocumentParser, parameters: DedupParameters) {
        // Every core but the one the ingest loop decides and commits on.
        let workers = min(files.count, max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
        // Read everything first, look up every file's committed decision in one read
        // transaction (a transaction per file cost about 2 µs more each), then parse.
        files.updateEach(workers: workers) { _, file in Self.readBytes(&file, with: context) }
        let looked = files.indices.filter { files[$0].outcome == nil }
        let found = Result { try context.database.decidedFiles(looked.map { files[$0].identity }) }
        for (k, index) in looked.enumerated() { settleDecided(&files[index], found.map { $0[k] }, with: context) }
        files.updateEach(workers: workers) { _, file in Self.parse(&file, parser: parser, parameters: parameters) }
    }

    /// How far ahead of its arrival a document's time may be (clocks a little off, an embargo
    /// of minutes) before it is taken as no time at all.
    static let futureTolerance: TimeInterval = 3600

    /// Times before this (1970-01-02) are placeholders, not a document's time: the Unix epoch,
    /// Go's and .NET's zero time (the year 1), 1900-01-01.
    static let earliestTime = Date(timeIntervalSince1970: 86_400)

    /// `time` when it is plausible; else the file's time when that is, else `arrival`.
    ///
    /// More than ``futureTolerance`` after arrival is a wrong clock or a mistyped year: the
    /// dedup window reaches back from the newest time decided, so one item dated a year ahead
    /// would empty it, and no re-send after it would be found. Before ``earliestTime`` is a
    /// placeholder: such an item would never meet its re-send with a real date, and all items
    /// with the placeholder would look simultaneous.
    static func plausibleTime(_ time: Date, fileTime: Date, arrival: Date) -> Date {
        let latest = arrival.addingTimeInterval(futureTolerance)
        func plausible(_ date: Date) -> Bool { date >= earliestTime && date <= latest }
        return plausible(time) ? time : plausible(fileTime) ? fileTime : arrival
    }

    static func parse(_ file: inout PendingFile, parser: DocumentParser, parameters: DedupParameters) {
        guard file.outcome == nil, file.rejection == nil, file.prepared == nil, let bytes = file.bytes else { return }
        do {
            var document = try parser.parse(bytes, fileName: file.relative, modificationTime: file.mtime, source: file.identity.source)
            let time = Self.plausibleTime(document.time, fileTime: file.mtime, arrival: Date())
            if time != document.time {
                document.time = time
                document.timeFromDocument = false
            }
            file.prepared = PreparedDocument.prepare(document, parameters: parameters)
        } catch let error as SyncError {
            file.rejection = error.description
        } catch {
            file.rejection = "\(error)"
        }
        file.bytes = nil
    }

    /// Decides `files` in order and commits every decision in one transaction (group commit),
    /// then publishes the events and moves the files out of the inbox.
    ///
    /// A file whose recording fails is rolled back alone and stays in the inbox (`.failed`);
    /// if the commit itself fails, every file stays and the engine is rebuilt from the store.
    public mutating func commit(_ files: [PendingFile]) -> [(path: String, outcome: IngestOutcome)] {
        record(files).move()
    }

    /// A committed batch whose files still wait in the inbox: its decisions are durable and
    /// published, and ``move()`` takes each decided file out of the inbox.
    ///
    /// Moving needs no ingestor state, so the ingest loop moves one batch on another thread
    /// while it decides the next.
    struct CommittedBatch: Sendable {
        /// Each file as it was read and decided: its path, and what the move checks it still
        /// names (see ``FileMover/moveDecided(_:type:reason:seq:decided:)``).
        let files: [FileIdentity]
        let outcomes: [IngestOutcome]
        let mover: FileMover
        let logger: Logger
        /// Whether files that were not decided are logged one by one (a whole failed batch is
        /// logged once instead).
        var logsFailures = true

        /// Moves every decided file to `processed/` or `rejected/`; returns each path's outcome
        /// (a file that cannot be moved is `.notMoved` and stays, to be moved when found again).
        func move() -> [(path: String, outcome: IngestOutcome)] {
            var result: [(path: String, outcome: IngestOutcome)] = []
            result.reserveCapacity(files.count)
            for (file, outcome) in zip(files, outcomes) {
                let relative = file.path
                guard let event = outcome.event else {
                    if logsFailures, case .failed(let message) = outcome {
                        logger.error("file not decided; it stays in the inbox", metadata: ["file": "\(relative)", "error": "\(message)"])
                    }
                    result.append((relative, outcome))
                    continue
                }
                do {
                    let replaced = try mover.moveDecided(relative, type: event.type, reason: event.reason, seq: event.seq,
                                                         decided: file)
                    if let replaced { logger.warning("\(replaced)", metadata: ["file": "\(relative)", "seq": "\(event.seq)"]) }
                    if event.type == .fileRejected {
                        logger.info("rejected", metadata: ["file": "\(relative)", "seq": "\(event.seq)", "reason": "\(event.reason ?? "")"])
                    } else {
                        logger.info("decided", metadata: [
                            "file": "\(relative)", "seq": "\(event.seq)", "type": "\(event.type)",
                            "story": "\(event.story ?? 0)", "version": "\(event.version ?? 0)",
                        ])
                    }
                    result.append((relative, outcome))
                } catch {
                    // Committed but not moved: found again, it is only moved (alreadyDecided).
                    if mover.isGone(relative) {
                        // Its folder renamed within the inbox, say: found under its new path, it is
                        // recognised by inode, size and time, and only moved.
                        mover.displaced.note(file, DecidedFile(outcome: event.type, eventSeq: event.seq, reason: event.reason))
                        logger.notice("decided, then gone from its path before it was moved; it is moved when found elsewhere in the inbox",
                                      metadata: ["file": "\(relative)", "seq": "\(event.seq)"])
                    } else {
                        logger.error("decided but not moved; it stays in the inbox", metadata: ["file": "\(relative)", "error": "\(error)"])
                    }
                    result.append((relative, .notMoved(seq: event.seq, "\(error)")))
                }
            }
            return result
        }
    }

    /// Decides `files` in order, commits every decision in one transaction (group commit) and
    /// publishes the events; the files are still in the inbox until the result is moved.
    mutating func record(_ files: [PendingFile]) -> CommittedBatch {
        planner = nil  // the row ids it counted on may be taken now
        guard !files.isEmpty else { return CommittedBatch(files: [], outcomes: [], mover: mover, logger: logger) }
        var outcomes: [IngestOutcome] = []
        do {
            do {
                outcomes = try decideAll(files, isolated: false)
            } catch is RecordFailed {
                // One file's record failed, and the whole attempt was rolled back (the engine
                // had remembered versions of it). Again, each file in a savepoint of its own:
                // only the failing one is left undecided.
                try rebuildEngine()
                outcomes = try decideAll(files, isolated: true)
            }
        } catch {
            logger.error("batch not committed; its files stay in the inbox", metadata: ["files": "\(files.count)", "error": "\(error)"])
            // It remembered versions the rollback undid: until it is rebuilt (a negative epoch
            // makes the loop try again before deciding anything), nothing is decided with it.
            do { try rebuildEngine() } catch { engineEpoch = -1 }
            outcomes = files.map { $0.outcome ?? .failed("\(error)") }
            return CommittedBatch(files: files.map(\.identity), outcomes: outcomes, mover: mover, logger: logger, logsFailures: false)
        }
        if let last = outcomes.compactMap(\.event).map(\.seq).max() { signal.publish(last) }
        return CommittedBatch(files: files.map(\.identity), outcomes: outcomes, mover: mover, logger: logger)
    }

    /// A record failed in a batch without savepoints: the batch must be rolled back.
    private struct RecordFailed: Error {}

    /// Decides `files` in order and commits their records in one transaction.
    ///
    /// Isolated, each file's record runs in a savepoint and a failing file is `.failed` alone.
    /// Not isolated (the common case, cheaper by a savepoint per file), a failing file throws
    /// ``RecordFailed`` and nothing of the batch is committed.
    private mutating func decideAll(_ files: [PendingFile], isolated: Bool) throws -> [IngestOutcome] {
        try database.batch(isolatingEachRecord: isolated) { batch -> [IngestOutcome] in
            var results: [IngestOutcome] = []
            results.reserveCapacity(files.count)
            for file in files {
                if let outcome = settle(file, now: Date()) {
                    results.append(outcome)
                    continue
                }
                do {
                    results.append(try decide(file, in: batch))
                } catch {
                    guard isolated else { throw RecordFailed() }
                    results.append(.failed("\(error)"))
                }
            }
            return results
        }
    }

    /// Logs, once per process, that the dedup window reached `dedup.max_window_versions` and
    /// versions left it before their time (their re-sends are then decided as new stories).
    mutating func reportWindowOverflow() {
        guard !windowOverflowReported, let engine = engine as? NearDuplicateEngine, engine.evictedEarly > 0 else { return }
        windowOverflowReported = true
        logger.warning(
            "the dedup window is full: versions leave it before their time; raise dedup.max_window_versions unless this is a backfill out of time order",
            metadata: ["max_window_versions": "\(configuration.dedupMaxWindowVersions)", "evicted_early": "\(engine.evictedEarly)"])
    }

    /// Rebuilds the near-duplicate engine's window from the store (after a rolled-back batch, a
    /// planned write not committed, or an editor's override), dropping every plan not written:
    /// the engine remembered their versions. An injected engine of another kind holds no store
    /// state and is kept. Call with no planned batch being written.
    mutating func rebuildEngine() throws {
        planner = nil
        guard engine is NearDuplicateEngine else { return }
        engine = try NearDuplicateEngine.restored(from: database, parameters: configuration.dedupParameters)
    }

    /// Decides one pending file inside `batch` and records it; remembers a stored version.
    private mutating func decide(_ file: PendingFile, in batch: WriteBatch) throws -> IngestOutcome {
        guard let prepared = file.prepared else {
            return .rejected(try batch.recordRejection(file: file.identity, reason: file.rejection ?? "unreadable"))
        }
        let document = prepared.document
        // The store's exact match, looked up once and only when something reads it (the
        // near-duplicate engine does not; an identity match does).
        var looked: VersionRef??
        func exact() throws -> VersionRef? {
            if let found = looked { return found }
            let found = try batch.version(withContentHash: prepared.contentHash)
            looked = .some(found)
            return found
        }
        let decision: Decision
        if document.withdrawn {
            guard let withdrawal = try withdrawalDecision(prepared, in: batch) else {
                let ids = [document.identity].compactMap { $0 } + document.relatedIdentities
                let reason = ids.isEmpty
                    ? "a \(document.format) kill or withdrawal without an identity: it names no story to withdraw"
                    : ids.allSatisfy(IdentityMatch.holdsOnlyWithinWindow)
                    ? "a \(document.format) kill or withdrawal for \(ids.joined(separator: ", ")), which no story stored within dedup.window_hours of it carries"
                    : "a \(document.format) kill or withdrawal for \(ids.joined(separator: ", ")), which no stored story carries"
                return .rejected(try batch.recordRejection(file: file.identity, reason: reason))
            }
            decision = withdrawal
        } else {
            decision = try identityDecision(prepared, exact: exact, in: batch)
                ?? engine.decide(prepared, exactMatch: engine.usesExactMatch ? exact() : nil)
        }
        let recorded = try batch.recordDecision(decision, for: prepared, file: file.identity)
        if let stored = recorded.stored { engine.remember(prepared, as: stored) }
        return .decided(recorded.event)
    }

    /// The decision for a document whose format identity a stored story carries, or nil;
    /// `exact` gives the store's exact match (called only when an identity matched).
    func identityDecision(_ prepared: PreparedDocument, exact: () throws -> VersionRef?, in batch: WriteBatch) throws -> Decision? {
        guard let (identity, newest, stored) = try identifiedStory(prepared.document, in: batch) else { return nil }
        var identical = try exact()
        if let found = identical, found.story != newest.story {
            identical = try batch.version(withContentHash: prepared.contentHash, story: newest.story)
        }
        return IdentityMatch.decide(prepared, identity: identity, newest: newest, newestTime: stored.time,
                                    newestSketch: stored.sketch, identical: identical, parameters: configuration.dedupParameters)
    }

    /// The story one of `doc`'s format identities names: the identity, the story's newest
    /// version and its stored sketch; nil when none does. A slug names a story only within the
    /// dedup window (``IdentityMatch/holdsOnlyWithinWindow(_:)``): another day's is another story.
    private func identifiedStory(_ doc: StoryDocument, in batch: WriteBatch) throws
        -> (identity: String, newest: VersionRef, stored: StoredSketch)? {
        let identities = [doc.identity].compactMap { $0 } + doc.relatedIdentities
        guard let (identity, newest) = try batch.storyVersion(forIdentities: identities),
              let stored = try batch.storedSketch(version: newest.id, parameters: configuration.dedupParameters) else { return nil }
        if IdentityMatch.holdsOnlyWithinWindow(identity),
           abs(doc.time.timeIntervalSince(stored.time)) > configuration.dedupParameters.window { return nil }
        return (identity, newest, stored)
    }

    /// The withdrawal of the story a kill's identity names, or nil when none carries it (a
    /// slug: none within the dedup window).
    func withdrawalDecision(_ prepared: PreparedDocument, in batch: WriteBatch) throws -> Decision? {
        let doc = prepared.document
        guard let (identity, newest, _) = try identifiedStory(doc, in: batch) else { return nil }
        return .withdrawal(.init(matched: newest, similarity: 0, containment: 0,
                                 reason: "\(doc.format) kill or withdrawal for \(identity)"))
    }

    /// Moves a decided file to `processed/`, or a rejected one to `rejected/` with its reason.
    static func describeNonRegular(_ kind: mode_t) -> String? {
        switch kind {
        case S_IFREG: nil
        case S_IFLNK: "symbolic link (not followed)"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "not a regular file"
        }
    }

    struct ReadError: Error { let errno: Int32 }

    /// `O_NOATIME` (Linux's fcntl.h), which Glibc's module does not export.
    static let noAccessTime: Int32 = 0o1000000

    /// `fcntl` commands for file leases (linux/fcntl.h), which Glibc's module does not export.
    static let setLease: Int32 = 1024, readLease: Int32 = 0

    /// SIGIO ignored, once per process, before the first lease (``readFile(_:in:expecting:refuseIfOpenForWriting:)``).
    static let leaseBreaksIgnored: Bool = {
        cfs_ignore_lease_breaks()
        return true
    }()

    /// Reads `relative` in `folder`, a regular file, whole, without following links or blocking
    /// on special files.
    ///
    /// With `refuseIfOpenForWriting`, fails with `EAGAIN` while another process holds the file
    /// open for writing (a read lease is refused then). The lease is held until the file is
    /// closed: a process that opens it for writing (or truncates it) meanwhile waits those few
    /// microseconds (one opening it with `O_NONBLOCK` is told `EAGAIN` instead, as for any
    /// lease), so what is read is one version of the file, and nothing more is looked
    /// for after the size `fstat` gave. The kernel would tell syncd of that wait with SIGIO,
    /// whose default action ends a process: it is ignored (``leaseBreaksIgnored``). Where
    /// leases are not allowed (another user's file without CAP_LEASE, or a file system without
    /// them), the settle time alone protects against partial reads, and the read goes on past
    /// that size to the end.
    ///
    /// Fails with `ESTALE` when the file opened is not the one `expected` describes: not a
    /// regular file, another inode, or modified since (another modification time).
    static func readFile(_ relative: String, in folder: FolderHandle, expecting expected: FileIdentity,
                         refuseIfOpenForWriting: Bool = false) -> Result<[UInt8], ReadError> {
        // Without an access-time update: reading a freshly written file would otherwise dirty
        // its inode (relatime), a journal write per file. Only the owner (or CAP_FOWNER) may
        // ask; for anyone else's file, EPERM, and the file is opened as usual.
        var fd: Int32 = -1
        let opened = folder.attempt(relative) { folder, name in
            // withCString: the implicit String-to-pointer conversion copies the name to the heap.
            name.withCString { name in
                fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | Self.noAccessTime)
                if fd < 0 && errno == EPERM { fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
                return fd >= 0 ? 0 : errno
            }
        }
        guard opened == 0 else { return .failure(ReadError(errno: opened)) }
        defer { close(fd) }  // also releases the lease
        var leased = false
        if refuseIfOpenForWriting {
            _ = Self.leaseBreaksIgnored
            if fcntl(fd, setLease, readLease) == 0 {
                leased = true
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return .failure(ReadError(errno: EAGAIN))
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadError(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG, UInt64(info.st_ino) == expected.inode,
              info.st_mtim.nanoseconds == expected.mtimeNanoseconds else {
            return .failure(ReadError(errno: ESTALE))
        }
        // The size fstat gave, read straight into the array's storage (no zeroing first).
        let size = max(Int(info.st_size), 0)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let count = read(fd, base + initialized, size - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }  // shorter than fstat said: it ends here
                initialized += count
            }
        }
        guard failure == 0 else { return .failure(ReadError(errno: failure)) }
        // Under the lease the file cannot have grown since fstat.
        guard bytes.count == size, !leased else { return .success(bytes) }
        // Whatever was appended since fstat, in pieces through a small buffer (usually one
        // read, which finds the end).
        let tail = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { chunk -> Int32 in
            while true {
                let count = read(fd, chunk.baseAddress!, chunk.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if count == 0 { return 0 }
                bytes.append(contentsOf: chunk[..<count])
            }
        }
        return tail == 0 ? .success(bytes) : .failure(ReadError(errno: tail))
    }
}
