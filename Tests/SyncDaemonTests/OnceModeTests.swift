import Foundation
import Logging
import Store
import Synchronization
import Testing
@testable import SyncDaemon

/// `syncd --once` always ends: a file that keeps failing, or is never finished, is left in the
/// inbox after `ingest.once_give_up_seconds`, and the run says so and exits 1.
@Suite("Once mode", .serialized)
struct OnceModeTests {
    @Test func aFileThatKeepsFailingIsLeftInTheInboxAndTheRunEnds() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        try GroupCommitTests.refuseBadFileRecords(database)  // every attempt at bad.txt fails
        let settled = Date(timeIntervalSinceNow: -60)
        for (name, text) in GroupCommitTests.texts { try home.drop(name, text, mtime: settled) }
        var configuration = home.configuration
        configuration.once = true
        configuration.onceGiveUpSeconds = 1
        let outcomes = Mutex<[(String, IngestOutcome)]>([])
        let service = IngestService(configuration: configuration, home: home.home, database: database,
                                    signal: FeedSignal(lastSeq: 0), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                    observer: { path, outcome in outcomes.withLock { $0.append((path, outcome)) } })
        let ended = Mutex(false)
        let running = Task {
            try await service.run()
            ended.withLock { $0 = true }
        }
        // About one second of retries, then the give-up; generous for a loaded machine.
        let finished = await eventually(timeout: .seconds(30)) { ended.withLock { $0 } }
        running.cancel()
        #expect(finished, "once mode kept retrying a file that always fails")

        #expect(home.files(in: home.home.inbox) == ["bad.txt"])
        let seen = outcomes.withLock { $0 }
        let attempts = seen.filter { $0.0 == "bad.txt" }
        #expect(attempts.count >= 2, "tried once only: \(attempts)")
        guard case .failed(let message)? = attempts.last?.1 else {
            Issue.record("the last outcome for bad.txt is not a failure: \(String(describing: attempts.last))")
            return
        }
        #expect(message.contains("not decided") && message.contains("ingest.once_give_up_seconds"))
        let decided = seen.filter { if case .decided = $0.1 { return true } else { return false } }.map(\.0)
        #expect(Set(decided) == Set(GroupCommitTests.texts.keys).subtracting(["bad.txt"]))
    }

    @Test func aDecidedFileThatCannotBeMovedIsReportedAsNotMovedNotAsUndecided() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        let faults = try InjectedFaults()
        faults.failMoves(into: home.home.processed, errno: EROFS)
        let settled = Date(timeIntervalSinceNow: -60)
        let names = ["a.txt", "c.txt"]
        for name in names { try home.drop(name, GroupCommitTests.texts[name]!, mtime: settled) }
        var configuration = home.configuration
        configuration.once = true
        configuration.onceGiveUpSeconds = 1
        func runOnce() async throws -> [(String, IngestOutcome)] {
            let outcomes = Mutex<[(String, IngestOutcome)]>([])
            let service = IngestService(configuration: configuration, home: home.home, database: database,
                                        signal: FeedSignal(lastSeq: try database.lastSeq()), health: Health(),
                                        metrics: DaemonMetrics(), state: IngestState(), epoch: EngineEpoch(),
                                        logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                        observer: { path, outcome in outcomes.withLock { $0.append((path, outcome)) } },
                                        fileOperations: faults.fileOperations)
            try await service.run()
            return outcomes.withLock { $0 }
        }

        let seen = try await runOnce()
        let events = try database.events(since: 0, limit: 10)
        #expect(events.compactMap(\.file).sorted() == names, "each file decided once")
        #expect(home.files(in: home.home.inbox) == names)
        for name in names {
            let attempts = seen.filter { $0.0 == name }.map(\.1)
            #expect(attempts.count >= 2, "not retried: \(attempts)")
            let seq = events.first { $0.file == name }?.seq
            for outcome in attempts {
                guard case .notMoved(let noted, _) = outcome else {
                    Issue.record("\(name): \(outcome) is not .notMoved")
                    continue
                }
                #expect(noted == seq)
            }
            guard case .notMoved(_, let message)? = attempts.last else { continue }
            #expect(message.contains("not moved") && message.contains("ingest.once_give_up_seconds"), "\(message)")
        }

        // Moves work again: the next run only moves the files, deciding nothing anew.
        faults.failMoves(into: home.home.processed, errno: 0)
        let again = try await runOnce()
        #expect(again.map(\.1) == [.alreadyDecided, .alreadyDecided])
        #expect(home.files(in: home.home.inbox).isEmpty)
        #expect(home.files(in: home.home.processed) == names)
        #expect(try database.lastSeq() == 2)
    }

    @Test func syncdOnceLeavesAFileStillBeingWrittenAndExitsOne() async throws {
        let home = try TestHome()
        let settled = Date(timeIntervalSinceNow: -60)
        try home.drop("a.txt", "Council passes budget\n\nThe city council passed the budget on Tuesday.\n", mtime: settled)
        try home.drop("b.txt", "Storm closes airport\n\nA winter storm closed the main airport on Monday.\n", mtime: settled)
        let held = try home.drop("held.txt", "Miners strike\n\nWorkers walked out on Wednesday.\n")
        // Another process still writing it: this test holds it open for writing and appends a
        // line every 50 ms while syncd runs (open for writing refuses syncd's read lease; the
        // growing size and modification time keep it unsettled where leases are not allowed).
        let writer = try FileHandle(forWritingTo: held)
        try writer.seekToEnd()
        let writing = Mutex(true)
        let appender = Thread {
            while writing.withLock({ $0 }) {
                writer.write(Data("More from the mine.\n".utf8))
                usleep(50_000)
            }
        }
        appender.start()
        let run = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "critical"],
                                       directory: home.root, environment: ["SYNCD_ONCE_GIVE_UP_SECONDS": "1"])
        writing.withLock { $0 = false }
        usleep(100_000)  // the appender's last write is done
        try writer.close()
        #expect(run.status == 1, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stdout.contains("decided 2 files"))
        #expect(run.stderr.contains("Error: 1 file not decided; left in the inbox: held.txt"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains("Hint:"))
        #expect(home.files(in: home.home.inbox) == ["held.txt"])

        // Once the writer is done, the next run takes it.
        let again = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "critical"],
                                         directory: home.root, environment: ["SYNCD_ONCE_GIVE_UP_SECONDS": "1"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("decided 1 files"))
        #expect(home.files(in: home.home.inbox).isEmpty)
    }
}
