import CSQLite
import Foundation
import Sync
import Testing
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

/// A full or read-only disk, injected in SQLite's file layer and in the file moves: nothing is
/// lost or decided twice, syncd reports the problem, and it resumes by itself once healed.
/// Runs everywhere (no mounting needed), beside the real-tmpfs ``DiskFailureTests``.
@Suite("Injected full and read-only disks")
struct InjectedDiskFailureTests {
    struct Running {
        let home: TestHome
        let faults: InjectedFaults
        let daemon: RunningDaemon

        init() async throws {
            home = try TestHome()
            faults = try InjectedFaults()
            daemon = try await RunningDaemon(configuration: home.configuration, sqliteVFS: faults.vfsName,
                                             fileOperations: faults.fileOperations)
        }

        func status() async throws -> ServerStatus { try await daemon.getJSON("/v1/status", as: ServerStatus.self) }

        func inInbox(_ name: String) -> Bool { FileManager.default.fileExists(atPath: home.home.inbox.appending(path: name).path) }
    }

    /// The database refuses writes as `code`/`systemErrno`: the file waits, the status names `problem`.
    func databaseRefusesWrites(code: Int32, systemErrno: Int32, problem: String) async throws {
        let running = try await Running()
        running.faults.failDatabase(code: code, systemErrno: systemErrno)
        try running.home.drop("story.txt", "Council passes budget\n\nThe council passed the budget on Tuesday after a long debate.")

        #expect(try await eventually { try await running.status().healthy == false })
        let unhealthy = try await running.status()
        #expect(unhealthy.problem?.lowercased().contains(problem) == true, "problem: \(unhealthy.problem ?? "none")")
        #expect(running.faults.refusedDatabaseWrites > 0)
        #expect(running.inInbox("story.txt"))
        #expect(try await running.daemon.events().isEmpty)
        // Retried while still failing: still waiting, still nothing recorded.
        try await Task.sleep(for: .seconds(2.5))
        #expect(running.inInbox("story.txt"))
        #expect(try await running.daemon.events().isEmpty)

        running.faults.healDatabase()
        let events = try await running.daemon.waitForEvents(1, timeout: .seconds(20))
        #expect(events.map(\.seq) == [1])
        #expect(events.map(\.file) == ["story.txt"])
        #expect(try await eventually { try await running.status().healthy })
        #expect(await eventually { !running.inInbox("story.txt") })
        #expect(running.home.files(in: running.home.home.processed) == ["story.txt"])
        #expect(try running.daemon.daemon.database.integrityCheck() == ["ok"])
        await running.daemon.stop()
    }

    @Test func aFullDatabaseDiskKeepsTheFileAndResumes() async throws {
        try await databaseRefusesWrites(code: SQLITE_FULL, systemErrno: ENOSPC, problem: "full")
    }

    @Test func aReadOnlyDatabaseDiskKeepsTheFileAndResumes() async throws {
        try await databaseRefusesWrites(code: SQLITE_IOERR | (3 << 8), systemErrno: EROFS, problem: "read-only")
    }

    /// Writes start failing part-way through group commits, round after round: every file is
    /// still decided exactly once, the feed has no gap and the database stays sound.
    @Test func failuresInsideGroupCommitsLoseAndDoubleNothing() async throws {
        let running = try await Running()
        var generator = SystemRandomNumberGenerator()
        var dropped: [String] = []
        var refusals = 0
        let paragraphs = ["The port reopened after the storm and ships queued outside the harbour.",
                          "Grain prices rose for a third week as buyers waited for the harvest.",
                          "The airline said it would cut routes in the winter timetable."]
        for round in 0..<6 {
            running.faults.failDatabase(code: round % 2 == 0 ? SQLITE_FULL : SQLITE_IOERR | (3 << 8),
                                        systemErrno: round % 2 == 0 ? ENOSPC : EROFS,
                                        afterWrites: Int32.random(in: 0...30, using: &generator))
            for index in 0..<25 {
                let name = "r\(round)-\(index).txt"
                // Every fifth file repeats an earlier one: a duplicate must still be one decision.
                let text = index % 5 == 4
                    ? "Story \(round)-\(index - 1)\n\n\(paragraphs[(index - 1) % 3]) Item \(round)-\(index - 1)."
                    : "Story \(round)-\(index)\n\n\(paragraphs[index % 3]) Item \(round)-\(index)."
                try running.home.drop(name, text)
                dropped.append(name)
            }
            try await Task.sleep(for: .milliseconds(300))
            refusals += running.faults.refusedDatabaseWrites
            running.faults.healDatabase()
        }
        #expect(refusals > 0, "no write was refused: the test exercised nothing")
        let events = try await running.daemon.waitForEvents(dropped.count, timeout: .seconds(60))
        #expect(events.count == dropped.count)
        #expect(events.map(\.seq) == Array(1...Int64(dropped.count)))
        #expect(Set(events.compactMap(\.file)) == Set(dropped))
        #expect(events.filter { $0.type == .duplicateSeen }.count == 6 * 5)
        #expect(await eventually(timeout: .seconds(20)) { running.home.files(in: running.home.home.inbox).isEmpty })
        #expect(running.home.files(in: running.home.home.processed) == dropped.sorted())
        #expect(try await eventually { try await running.status().healthy })
        #expect(try running.daemon.daemon.database.integrityCheck() == ["ok"])
        await running.daemon.stop()
    }

    @Test func aReadOnlyProcessedFolderKeepsTheDecidedFileAndResumes() async throws {
        let running = try await Running()
        running.faults.failMoves(into: running.home.home.processed, errno: EROFS)
        try running.home.drop("stuck.txt", "Stuck story\n\nCommitted but the processed folder is read-only.")

        let events = try await running.daemon.waitForEvents(1)
        #expect(events.map(\.file) == ["stuck.txt"])
        #expect(try await eventually { try await running.status().healthy == false })
        let problem = try await running.status().problem ?? ""
        #expect(problem.lowercased().contains("read-only"), "problem: \(problem)")
        #expect(running.inInbox("stuck.txt"))

        running.faults.failMoves(into: running.home.home.processed, errno: 0)
        #expect(await eventually(timeout: .seconds(20)) { !running.inInbox("stuck.txt") })
        #expect(running.home.files(in: running.home.home.processed) == ["stuck.txt"])
        #expect(try await eventually { try await running.status().healthy })
        // Decided once: the retry only moved the file.
        #expect(try await running.daemon.events().count == 1)
        await running.daemon.stop()
    }

    @Test func aFullRejectedFolderKeepsTheBadFileAndItsReason() async throws {
        let running = try await Running()
        running.faults.failWrites(errno: ENOSPC)
        try running.home.drop("empty.txt", "")

        let events = try await running.daemon.waitForEvents(1)
        #expect(events.map(\.type) == [.fileRejected])
        #expect(try await eventually { try await running.status().healthy == false })
        let problem = try await running.status().problem ?? ""
        #expect(problem.lowercased().contains("no space"), "problem: \(problem)")
        #expect(running.inInbox("empty.txt"))
        #expect(running.home.files(in: running.home.home.rejected).isEmpty)

        running.faults.failWrites(errno: 0)
        #expect(await eventually(timeout: .seconds(20)) { !running.inInbox("empty.txt") })
        #expect(running.home.files(in: running.home.home.rejected) == ["empty.txt", "empty.txt.reason"])
        let reason = try String(contentsOf: running.home.home.rejected.appending(path: "empty.txt.reason"), encoding: .utf8)
        #expect(reason.contains("reason: " + (events.first?.reason ?? "?")), "reason file: \(reason)")
        #expect(try await eventually { try await running.status().healthy })
        #expect(try await running.daemon.events().count == 1)
        await running.daemon.stop()
    }
}
