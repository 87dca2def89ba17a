import Foundation
import Logging
@testable import Store
import Sync
import Synchronization
import Testing
@testable import SyncDaemon

/// The ingest loop decides a batch while the batches before it are written: the engine's plan
/// says where each version will be stored, and the write checks that the store agrees.
@Suite("Planned writes")
struct PlannedWriteTests {
    /// ``GroupCommitTests/fresh()`` with ``texts()`` dropped in the inbox.
    static func freshWithTexts() throws -> (home: TestHome, database: Database, ingestor: Ingestor) {
        let fresh = try GroupCommitTests.fresh()
        for (name, text) in try texts() { try fresh.home.drop(name, text) }
        return fresh
    }

    /// Seeds 0 and 3, a new version of each (a corrected figure; a new headline and paragraph)
    /// and a copy of seed 3 with CRLF line ends.
    static func texts() throws -> [(name: String, text: String)] {
        let seeds = try Seeds.all().map { ($0.name, String(decoding: $0.data, as: UTF8.self)) }
        let first = seeds[0].1, third = seeds[3].1
        var corrected = first
        let figure = try #require(first.firstMatch(of: /\d{3,}/))
        corrected.replaceSubrange(figure.range, with: String((Int(figure.output) ?? 0) + 7))
        var lines = third.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "UPDATE 1: " + lines[0] + " as rights groups react"
        lines += ["", "Rights groups said the decision would leave victims of abuses with no court to turn to, and urged the governments to reconsider before it takes effect."]
        let crlf = third.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        return [("a.txt", first), ("b.txt", third), ("a2.txt", corrected), ("b2.txt", lines.joined(separator: "\n")),
                ("b-copy.txt", crlf)]
    }

    /// Each event's wire JSON without its time, in feed order.
    static func feed(_ database: Database) throws -> [String] {
        try database.events(since: 0, limit: 100).map { event in
            var event = event
            event.at = Date(timeIntervalSince1970: 0)
            return try event.wireJSON()
        }
    }

    @Test func batchesPlannedAheadOfTheirWritesRecordWhatDecidingInOneStepRecords() throws {
        let texts = try Self.texts()
        // Deciding and committing each batch in one step, as before planning existed.
        let oneStep = try TestHome()
        let oneStepDatabase = try Database(path: oneStep.home.database.path)
        var reference = GroupCommitTests.ingestor(oneStep, oneStepDatabase)
        for (name, text) in texts { try oneStep.drop(name, text) }
        _ = reference.commit(GroupCommitTests.pending(["a.txt", "b.txt"], &reference))
        _ = reference.commit(GroupCommitTests.pending(["a2.txt", "b2.txt", "b-copy.txt"], &reference))

        // The second batch is planned before the first is written: it matches versions that
        // exist only in the first plan.
        var (home, database, ingestor) = try GroupCommitTests.fresh()
        for (name, text) in texts { try home.drop(name, text) }
        guard case .planned(let first) = ingestor.plan(GroupCommitTests.pending(["a.txt", "b.txt"], &ingestor)),
              case .planned(let second) = ingestor.plan(GroupCommitTests.pending(["a2.txt", "b2.txt", "b-copy.txt"], &ingestor)) else {
            Issue.record("plain-text batches are planned")
            return
        }
        #expect(try database.counts().lastSeq == 0)
        let written = [Ingestor.write(first, with: ingestor.writeContext), Ingestor.write(second, with: ingestor.writeContext)]
        let outcomes = try #require(written[0]).outcomes + (try #require(written[1])).outcomes
        #expect(outcomes.map { $0.event?.type } == [.storyCreated, .storyCreated, .versionAdded, .versionAdded, .duplicateSeen])
        #expect(try Self.feed(database) == Self.feed(oneStepDatabase))
        #expect(try database.counts() == oneStepDatabase.counts())
        for batch in written { _ = batch?.move() }
        #expect(home.files(in: home.home.inbox) == [])
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func aPlanTheStoreNoLongerMatchesCommitsNothingAndIsDecidedAgain() throws {
        var (home, database, ingestor) = try Self.freshWithTexts()
        let files = GroupCommitTests.pending(["a.txt", "b.txt"], &ingestor)
        guard case .planned(let plan) = ingestor.plan(files) else {
            Issue.record("plain-text batches are planned")
            return
        }
        // Another writer takes the row ids the plan counted on.
        let other = PreparedDocument.prepare(try DocumentParser().parse(
            Array("Elsewhere\n\nAn unrelated story.".utf8), fileName: "x.txt", modificationTime: Date(), source: nil))
        _ = try database.recordDecision(.newStory, for: other, file: FileIdentity(
            path: "x.txt", size: 1, mtimeNanoseconds: 0, inode: 1, rawHash: "x"))

        #expect(Ingestor.write(plan, with: ingestor.writeContext) == nil)
        #expect(try database.counts().lastSeq == 1)
        #expect(home.files(in: home.home.inbox).sorted() == ["a.txt", "a2.txt", "b-copy.txt", "b.txt", "b2.txt"])

        // Decided again from what the store holds: new stories after the other writer's, and
        // no trace in the engine of the versions the plan had remembered.
        try ingestor.rebuildEngine()
        let again = ingestor.commit(files)
        #expect(again.map { $0.outcome.event?.type } == [.storyCreated, .storyCreated])
        #expect(again.map { $0.outcome.event?.story } == [2, 3])
        #expect(again.map { $0.outcome.event?.seq } == [2, 3])
        let copy = ingestor.commit(GroupCommitTests.pending(["b-copy.txt"], &ingestor))
        #expect(copy.map { $0.outcome.event?.type } == [.duplicateSeen])
        #expect(copy.map { $0.outcome.event?.story } == [3])
        guard case .planned(let next) = ingestor.plan(GroupCommitTests.pending(["a2.txt"], &ingestor)) else {
            Issue.record("plain-text batches are planned")
            return
        }
        let written = try #require(Ingestor.write(next, with: ingestor.writeContext))
        #expect(written.outcomes.map { $0.event?.type } == [.versionAdded])
        #expect(written.outcomes.map { $0.event?.story } == [2])
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func aVersionOfAMergedStoryIsPlannedIntoTheStoryItWasMergedInto() throws {
        var (home, database, ingestor) = try Self.freshWithTexts()
        defer { withExtendedLifetime(home) {} }  // its folder is removed when it is released
        let created = ingestor.commit(GroupCommitTests.pending(["a.txt", "b.txt"], &ingestor))
        #expect(created.map { $0.outcome.event?.story } == [1, 2])
        // An editor merges story 1 into story 2; the engine still has story 1's version.
        _ = try database.mergeStory(1, into: 2)

        guard case .planned(let plan) = ingestor.plan(GroupCommitTests.pending(["a2.txt"], &ingestor)) else {
            Issue.record("plain-text batches are planned")
            return
        }
        let written = try #require(Ingestor.write(plan, with: ingestor.writeContext))
        let event = try #require(written.outcomes.first?.event)
        #expect(event.type == .versionAdded)
        #expect(event.story == 2)
        #expect(event.version == 3)
    }

    @Test func documentsTheEngineReadsTheStoreForAreNotPlanned() throws {
        var (home, database, ingestor) = try GroupCommitTests.fresh()
        let ninjs = #"{"uri":"urn:test:1","headline":"Storm closes airport","body_text":"A winter storm closed the main airport on Monday."}"#
        try home.drop("a.json", ninjs)
        try home.drop("b.txt", "Council passes budget\n\nThe city council passed the budget on Tuesday.")
        let files = GroupCommitTests.pending(["a.json", "b.txt"], &ingestor)
        #expect(files.count == 2)
        guard case .synchronous(let rebuild) = ingestor.plan(files) else {
            Issue.record("a batch with a format identity is planned")
            return
        }
        #expect(!rebuild)
        #expect(try database.counts().lastSeq == 0)
    }

    @Test func noBatchIsPlannedWhileTheEngineWaitsForARebuild() throws {
        var (home, _, ingestor) = try GroupCommitTests.fresh()
        try home.drop("b.txt", "Council passes budget\n\nThe city council passed the budget on Tuesday.")
        let files = GroupCommitTests.pending(["b.txt"], &ingestor)
        // A failed rebuild leaves the epoch negative: the engine may hold versions never committed.
        ingestor.engineEpoch = -1
        guard case .synchronous = ingestor.plan(files) else {
            Issue.record("planned with an engine that waits for a rebuild")
            return
        }
        ingestor.engineEpoch = 0
        guard case .planned = ingestor.plan(files) else {
            Issue.record("a plain-text batch is planned")
            return
        }
    }

    /// A committed batch with nothing to move; `afterMoving` tells the order jobs finished in.
    static func emptyBatch(_ home: TestHome) -> Ingestor.CommittedBatch {
        Ingestor.CommittedBatch(files: [], outcomes: [], mover: FileMover(home: home.home), logger: Logger(label: "test"))
    }

    @Test func jobsWriteAndMoveInOrderAndNoneWritesAfterOneThatDidNotCommit() throws {
        let home = try TestHome()
        let clock = ContinuousClock()
        let log = Mutex<[String]>([])
        let batch = Self.emptyBatch(home)
        // The first job is slow to write and slow to move; the second must still wait for both.
        let first = BatchJob(plan: nil, since: clock.now)
        first.start(after: nil, niceness: 0, write: {
            Thread.sleep(forTimeInterval: 0.05)
            log.withLock { $0.append("write 1") }
            return batch
        }, afterMoving: {
            Thread.sleep(forTimeInterval: 0.05)
            log.withLock { $0.append("moved 1") }
        })
        let second = BatchJob(plan: nil, since: clock.now)
        second.start(after: first, niceness: 0, write: {
            log.withLock { $0.append("write 2") }
            return batch
        }, afterMoving: { log.withLock { $0.append("moved 2") } })
        second.waitMoved()
        #expect(first.isMoved)
        #expect(second.waitCommitted())
        let order = log.withLock { $0 }
        #expect(order.firstIndex(of: "write 1")! < order.firstIndex(of: "write 2")!)
        #expect(order.last == "moved 2")

        // A job after one that did not commit neither writes nor moves.
        let failed = BatchJob(plan: nil, since: clock.now)
        failed.start(after: second, niceness: 0, write: { nil }, afterMoving: { log.withLock { $0.append("moved 3") } })
        let after = BatchJob(plan: nil, since: clock.now)
        after.start(after: failed, niceness: 0, write: {
            log.withLock { $0.append("write 4") }
            return batch
        }, afterMoving: { log.withLock { $0.append("moved 4") } })
        #expect(after.waitMoved().isEmpty)
        #expect(!failed.waitCommitted())
        #expect(!after.waitCommitted())
        #expect(log.withLock { $0 }.count == 4)
    }

    /// An editor's split or merge while a backlog runs (the epoch moves): the engine is rebuilt
    /// from the store before the next batch is decided, not only when the next backlog starts.
    @Test func anOverrideDuringABacklogRebuildsTheEngineBeforeTheNextBatch() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        let settled = Date(timeIntervalSinceNow: -60)
        for n in 0..<600 {
            try home.drop(String(format: "f%03d.txt", n), "Report \(n)\n\nThe body of report number \(n), on its own subject \(n * 7).",
                          mtime: settled)
        }
        var configuration = home.configuration
        configuration.once = true
        let log = CapturedLog()
        let epoch = EngineEpoch()
        let decided = Mutex(0)
        let service = IngestService(configuration: configuration, home: home.home, database: database, signal: FeedSignal(lastSeq: 0),
                                    epoch: epoch, logger: Logger(label: "test") { _ in log },
                                    observer: { _, _ in
                                        // After the first batch (64 files), as an override would.
                                        if decided.withLock({ $0 += 1; return $0 }) == 64 { epoch.bump() }
                                    })
        try await service.run()
        #expect(log.messages.contains("dedup index rebuilt after an editor's override"), "\(log.messages)")
        #expect(try database.counts().lastSeq == 600)
        #expect(home.files(in: home.home.inbox).isEmpty)
    }

    @Test func aBacklogBatchWhoseWriteFailsIsDecidedAgainAndEveryOtherFileOnce() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        // The file record of a path starting with "bad" fails: the planned write of its batch
        // is rolled back, and the batches planned behind it are void.
        try GroupCommitTests.refuseBadFileRecords(database)
        let words = ["harbour", "council", "wheat", "tariff", "storm", "court", "miners", "budget", "rail", "vaccine",
                     "election", "drought", "bank", "pipeline", "strike", "museum", "airline", "copper", "river", "school"]
        func story(_ n: Int) -> String {
            let body = (0..<60).map { words[($0 * 7 + n * 13 + ($0 * $0 * n) % 19) % words.count] + "\(($0 + n) % 97)" }
            return "Report \(n): \(words[n % words.count]) news\n\n" + body.joined(separator: " ") + "."
        }
        var names: [String] = []
        let settled = Date(timeIntervalSinceNow: -60)  // no settle wait: decided at the first look
        for n in 0..<300 {
            let name = n == 150 ? "bad-150.txt" : String(format: "f%03d.txt", n)
            try home.drop(name, story(n), mtime: settled)
            names.append(name)
        }
        try home.drop("z-copy.txt", story(10), mtime: settled)
        var configuration = home.configuration
        configuration.once = true
        let log = CapturedLog()
        let service = IngestService(configuration: configuration, home: home.home, database: database,
                                    signal: FeedSignal(lastSeq: 0), logger: Logger(label: "test") { _ in log })
        let running = Task { try await service.run() }
        // Every other file is decided; the failing one waits in the inbox to be tried again.
        // Generous: in the full suite, other tests' processes load both cores.
        let decided = try await eventually(timeout: .seconds(60)) {
            try database.counts().lastSeq >= 300 && home.files(in: home.home.inbox) == ["bad-150.txt"]
        }
        #expect(decided)
        #expect(log.messages.contains("planned batch not committed; deciding it again"))
        #expect(home.files(in: home.home.inbox) == ["bad-150.txt"])
        var events = try database.events(since: 0, limit: 1000)
        #expect(events.map(\.seq) == Array(1...300))
        #expect(Set(events.compactMap(\.file)).count == 300)
        // Once the failure is gone, the retry decides it and `once` ends.
        try database.writer.withLock { try $0.execute("DROP TRIGGER refuse_bad") }
        try await running.value
        #expect(home.files(in: home.home.inbox) == [])
        #expect(home.files(in: home.home.processed).count == 301)
        events = try database.events(since: 0, limit: 1000)
        #expect(events.map(\.seq) == Array(1...301))
        #expect(events.last?.file == "bad-150.txt")
        let original = try #require(events.first { $0.file == "f010.txt" })
        let copy = try #require(events.first { $0.file == "z-copy.txt" })
        #expect(copy.type == .duplicateSeen)
        #expect(copy.story == original.story)
        #expect(try database.integrityCheck() == ["ok"])
    }
}

/// Keeps the messages logged through it, for tests that check what was logged.
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { lines.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        lines.withLock { $0.append(message.description) }
    }
}
