import Foundation
import Sync
import Testing
@testable import SyncDaemon

/// Real small filesystems (tmpfs, mounted as root): a full disk or an unusable processed/
/// folder loses nothing, makes syncd unhealthy, and it resumes by itself.
@Suite("Full and unusable disks", .serialized, .enabled(if: getuid() == 0, "mounting a small filesystem needs root"))
struct DiskFailureTests {
    /// A tmpfs of `size` mounted on a fresh folder, unmounted when released.
    final class SmallFilesystem {
        let url: URL
        init(size: String) throws {
            url = FileManager.default.temporaryDirectory.appending(path: "syncd-fs-\(UUID().uuidString)", directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", url.path])
        }
        deinit {
            try? run("/bin/umount", ["-l", url.path])
            try? FileManager.default.removeItem(at: url)
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(filePath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DaemonError.home("\(tool) \(arguments) failed") }
    }

    @Test func aFullDiskKeepsTheFileAndResumesWhenSpaceReturns() async throws {
        let filesystem = try SmallFilesystem(size: "3m")
        var configuration = DaemonConfiguration()
        configuration.home = filesystem.url.appending(path: "home").path
        configuration.listen = ListenAddress(host: "127.0.0.1", port: 0)
        let home = Home(path: configuration.home)
        try home.create()
        let daemon = try await RunningDaemon(configuration: configuration)
        let status = { try await daemon.getJSON("/v1/status", as: ServerStatus.self) }

        // A large story waits under a dot-name (its bytes already on disk), then the disk fills.
        let paragraph = "The council voted on the budget after a long debate about roads and schools. "
        let story = "Budget passes\n\n" + String(repeating: paragraph, count: 5000)
        let partial = home.inbox.appending(path: ".big.txt")
        try Data(story.utf8).write(to: partial)
        let filler = filesystem.url.appending(path: "filler")
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let chunk = Data(count: 64 * 1024)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()

        try FileManager.default.moveItem(at: partial, to: home.inbox.appending(path: "big.txt"))
        #expect(try await eventually { try await status().healthy == false })
        let unhealthy = try await status()
        #expect(unhealthy.problem?.lowercased().contains("full") == true, "problem: \(unhealthy.problem ?? "none")")
        #expect(FileManager.default.fileExists(atPath: home.inbox.appending(path: "big.txt").path))
        #expect(try await daemon.events().isEmpty)

        try FileManager.default.removeItem(at: filler)
        let events = try await daemon.waitForEvents(1, timeout: .seconds(20))
        #expect(events.map(\.file) == ["big.txt"])
        #expect(events.first?.type == .storyCreated)
        #expect(try await status().healthy)
        #expect(await eventually { FileManager.default.fileExists(atPath: home.processed.appending(path: "big.txt").path) })
        #expect(try daemon.daemon.database.integrityCheck() == ["ok"])
        await daemon.stop()
    }

    @Test func anUnusableProcessedFolderKeepsTheFileAndResumes() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        // processed/ on another filesystem: the move out of the inbox fails (EXDEV) after the commit.
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", home.home.processed.path])
        var mounted = true
        defer { if mounted { try? Self.run("/bin/umount", ["-l", home.home.processed.path]) } }
        try home.drop("stuck.txt", "Stuck story\n\nCommitted but cannot be moved yet.")
        let events = try await daemon.waitForEvents(1)
        #expect(events.map(\.file) == ["stuck.txt"])
        #expect(try await eventually { try await daemon.getJSON("/v1/status", as: ServerStatus.self).healthy == false })
        #expect(FileManager.default.fileExists(atPath: home.home.inbox.appending(path: "stuck.txt").path))

        try Self.run("/bin/umount", [home.home.processed.path])
        mounted = false
        #expect(await eventually(timeout: .seconds(20)) {
            FileManager.default.fileExists(atPath: home.home.processed.appending(path: "stuck.txt").path)
        })
        #expect(try await eventually { try await daemon.getJSON("/v1/status", as: ServerStatus.self).healthy })
        // Decided once: the retry only moved the file, with no second event.
        #expect(try await daemon.events().count == 1)
        await daemon.stop()
    }
}
