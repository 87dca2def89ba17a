import Foundation
import Store
import Sync
import Testing
@testable import SyncDaemon

/// The whole path in-process: real inbox files, real inotify, real SQLite, real HTTP.
@Suite("Inbox to feed, in-process")
struct IngestEndToEndTests {
    @Test func seedsBecomeStoriesCopiesDuplicatesAndBinaryIsRejected() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let seeds = try Seeds.all()
        #expect(seeds.count == 5)
        for seed in seeds { try home.drop(seed.name, seed.data) }
        var events = try await daemon.waitForEvents(5)
        #expect(events.map(\.type) == Array(repeating: .storyCreated, count: 5))
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(Set(events.compactMap(\.story)).count == 5)
        #expect(Set(events.compactMap(\.file)) == Set(seeds.map(\.name)))

        // An exact copy through another feed is a duplicate of the right story.
        let original = try #require(events.first { $0.file == seeds[2].name })
        try home.drop("ap/copy-of-seed.txt", seeds[2].data)
        events = try await daemon.waitForEvents(6)
        let duplicate = events[5]
        #expect(duplicate.type == .duplicateSeen)
        #expect(duplicate.story == original.story)
        #expect(duplicate.version == 1)
        #expect(duplicate.matched == 1)
        #expect(duplicate.source == "ap")
        #expect(duplicate.file == "ap/copy-of-seed.txt")

        // A binary file is rejected, kept in rejected/ with its reason beside it.
        var binary = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        binary.append(contentsOf: (0..<256).map { UInt8($0) })
        try home.drop("photo.png", binary)
        events = try await daemon.waitForEvents(7)
        #expect(events[6].type == .fileRejected)
        #expect(events[6].file == "photo.png")
        #expect(events[6].story == nil)
        #expect(events[6].reason?.contains("binary content") == true)
        #expect(try Data(contentsOf: home.home.rejected.appending(path: "photo.png")) == binary)
        let reason = try String(contentsOf: home.home.rejected.appending(path: "photo.png.reason"), encoding: .utf8)
        #expect(reason.contains("binary content"))
        #expect(reason.contains("event: 7"))

        #expect(await eventually { home.files(in: home.home.inbox).isEmpty })
        #expect(home.files(in: home.home.processed) == (seeds.map(\.name) + ["ap/copy-of-seed.txt"]).sorted())
        let status = try await daemon.getJSON("/v1/status", as: ServerStatus.self)
        #expect(status == ServerStatus(pending: 0, lastSeq: 7, stories: 5, versions: 5, duplicates: 1, rejected: 1,
                                       home: home.home.root.path))
        let story = try await daemon.getJSON("/v1/stories/\(original.story!)", as: StoryDetail.self)
        #expect(story.versions.count == 1)
        #expect(story.versions[0].file == seeds[2].name)
        #expect(story.headline == String(decoding: seeds[2].data, as: UTF8.self).split(separator: "\n").first.map(String.init))
        await daemon.stop()
    }

    @Test func filesPresentAtStartAreScannedInModificationTimeOrder() async throws {
        let home = try TestHome()
        let base = Date(timeIntervalSince1970: 1_000_000)
        try home.drop("b-second.txt", "Second story\n\nText two.", mtime: base.addingTimeInterval(60))
        try home.drop("wire/a-first.txt", "First story\n\nText one.", mtime: base)
        try home.drop("c-third.txt", "Second story\n\nText  two.", mtime: base.addingTimeInterval(120))
        let daemon = try await RunningDaemon(home)
        let events = try await daemon.waitForEvents(3)
        #expect(events.map(\.file) == ["wire/a-first.txt", "b-second.txt", "c-third.txt"])
        #expect(events.map(\.type) == [.storyCreated, .storyCreated, .duplicateSeen])
        let story = try await daemon.getJSON("/v1/stories/1", as: StoryDetail.self)
        #expect(story.versions[0].time == base)
        #expect(story.source == "wire")
        await daemon.stop()
    }

    @Test func dotFilesWaitUntilRenamed() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let upload = home.home.inbox.appending(path: ".upload.txt")
        try Data("Uploading\n\nslowly".utf8).write(to: upload)
        try home.drop("marker.txt", "Marker\n\nDecided after the dot-file was written.")
        let first = try await daemon.waitForEvents(1)
        #expect(first.map(\.file) == ["marker.txt"])
        #expect(FileManager.default.fileExists(atPath: upload.path))
        try FileManager.default.moveItem(at: upload, to: home.home.inbox.appending(path: "upload.txt"))
        let events = try await daemon.waitForEvents(2)
        #expect(events.map(\.file) == ["marker.txt", "upload.txt"])
        await daemon.stop()
    }

    @Test func fileWrittenInPlaceIsTakenOnCloseAndNewSubfoldersAreWatched() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let folder = home.home.inbox.appending(path: "afp/2026", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(100))
        try Data("In place\n\nWritten with no rename.".utf8).write(to: folder.appending(path: "story.txt"))
        let events = try await daemon.waitForEvents(1)
        #expect(events.first?.file == "afp/2026/story.txt")
        #expect(events.first?.source == "afp")
        #expect(await eventually { FileManager.default.fileExists(atPath: home.home.processed.appending(path: "afp/2026/story.txt").path) })
        await daemon.stop()
    }

    @Test func aWriterHoldingTheFileOpenIsWaitedForHoweverLongItPauses() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)  // settle time 0.5 s
        let url = home.home.inbox.appending(path: "held-open.txt")
        // Created by open(2) itself: FileManager.createFile would rename a finished empty file in.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data("Held open\n\nFirst half,".utf8))
        try handle.synchronize()
        try await Task.sleep(for: .milliseconds(1500))  // three times the settle time
        #expect(try await daemon.events().isEmpty, "a file still open for writing was taken")
        try handle.write(contentsOf: Data(" second half.\n".utf8))
        try handle.close()
        let events = try await daemon.waitForEvents(1)
        let story = try await daemon.getJSON("/v1/stories/\(events[0].story ?? 0)", as: StoryDetail.self)
        #expect(story.versions.map(\.body) == ["First half, second half."])
        await daemon.stop()
    }

    /// syncd holds a read lease on each file while it reads it; a process that opens the file
    /// for writing meanwhile breaks the lease, and the kernel tells syncd with SIGIO, whose
    /// default action would end it. Reading a file sets SIGIO ignored, after which a broken
    /// lease leaves the process running and the writer waits only until the file is closed.
    @Test func aLeaseBrokenDuringAReadDoesNotEndTheProcess() throws {
        let home = try TestHome()
        try home.drop("a.txt", "Lease\n\nRead under a lease.", mtime: Date(timeIntervalSince1970: 1_700_000_000))
        let listed = try #require(InboxScanner(inbox: home.home.inbox).listPending().first)
        var unsettled: [String: Ingestor.Unsettled] = [:]
        guard case .pending(let file) = Ingestor.examine(listed.path, trigger: .written, now: Date(), inbox: home.home.inboxFolder,
                                                         configuration: home.configuration, listed: listed,
                                                         unsettled: &unsettled) else {
            Issue.record("a.txt was not taken for a decision")
            return
        }
        let read = Ingestor.readFile("a.txt", in: home.home.inboxFolder, expecting: file.identity, refuseIfOpenForWriting: true)
        #expect((try? read.get()) == Array("Lease\n\nRead under a lease.".utf8))
        var action = sigaction()
        #expect(sigaction(SIGIO, nil, &action) == 0)
        // SIG_IGN is the handler 1; checked before the lease is broken below, which with SIGIO
        // not ignored would end this test process.
        try #require(unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1, "SIGIO is not ignored")

        let path = home.home.inbox.appending(path: "a.txt").path
        let reader = open(path, O_RDONLY)
        #expect(reader >= 0)
        #expect(fcntl(reader, Ingestor.setLease, Ingestor.readLease) == 0)
        // A writer's open breaks the lease: without blocking, it is told to wait (EWOULDBLOCK).
        #expect(open(path, O_WRONLY | O_NONBLOCK) == -1 && errno == EWOULDBLOCK)
        close(reader)  // the lease goes with the descriptor
        let writer = open(path, O_WRONLY | O_NONBLOCK)
        #expect(writer >= 0)
        close(writer)
    }

    @Test func aSlowWriterInPlaceIsStoredWholeNeverAPrefix() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        // The writer pauses 150 ms between rounds; a settle time far above that leaves room for a
        // machine so loaded (parallel suites on 2 cores) that a 150 ms sleep takes seconds.
        configuration.settleSeconds = 5
        let daemon = try await RunningDaemon(configuration: configuration)
        let url = home.home.inbox.appending(path: "slow.txt")
        // Three separate open-append-close rounds: each close raises IN_CLOSE_WRITE.
        let parts = ["Slow story\n\nFirst part.", " Second part.", " Third and last part.\n"]
        for part in parts {
            // Plain appends: Data.write and FileManager.createFile would rename a temporary file in.
            let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            #expect(fd >= 0)
            _ = part.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
            close(fd)
            try await Task.sleep(for: .milliseconds(150))
        }
        let events = try await daemon.waitForEvents(1)
        #expect(events.count == 1)
        let story = try await daemon.getJSON("/v1/stories/\(events[0].story ?? 0)", as: StoryDetail.self)
        #expect(story.versions.map(\.body) == ["First part. Second part. Third and last part."])
        await daemon.stop()
    }

    @Test func aNameAlreadyInProcessedIsNotOverwritten() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("same.txt", "First\n\nOne.")
        _ = try await daemon.waitForEvents(1)
        try home.drop("same.txt", "Second\n\nTwo.")
        _ = try await daemon.waitForEvents(2)
        #expect(await eventually { home.files(in: home.home.processed) == ["same.txt", "same~2.txt"] })
        #expect(try String(contentsOf: home.home.processed.appending(path: "same.txt"), encoding: .utf8).hasPrefix("First"))
        #expect(try String(contentsOf: home.home.processed.appending(path: "same~2.txt"), encoding: .utf8).hasPrefix("Second"))
        await daemon.stop()
    }

    @Test func aSymlinkAndAFIFOAreRejectedWithoutBeingRead() async throws {
        let home = try TestHome()
        let outside = home.root.appending(path: "secret.txt")
        try Data("Secret\n\nmust not be read".utf8).write(to: outside)
        let daemon = try await RunningDaemon(home)
        try FileManager.default.createSymbolicLink(at: home.home.inbox.appending(path: "link.txt"), withDestinationURL: outside)
        #expect(mkfifo(home.home.inbox.appending(path: "pipe.txt").path, 0o644) == 0)
        let events = try await daemon.waitForEvents(2)
        #expect(events.map(\.type) == [.fileRejected, .fileRejected])
        let reasons = Dictionary(uniqueKeysWithValues: events.map { ($0.file ?? "", $0.reason ?? "") })
        #expect(reasons["link.txt"]?.contains("symbolic link") == true)
        #expect(reasons["pipe.txt"]?.contains("FIFO") == true)
        #expect(try daemon.daemon.database.counts().stories == 0)
        await daemon.stop()
    }

    @Test func aFileDecidedBeforeACrashIsOnlyMovedOnRestart() async throws {
        let home = try TestHome()
        let url = try home.drop("ap/crash.txt", "Crash story\n\nCommitted, then the process died before the move.")
        // Simulate the crash window: the decision is committed, the file is still in the inbox.
        do {
            let database = try Database(path: home.home.database.path)
            var info = stat()
            #expect(lstat(url.path, &info) == 0)
            let bytes = try Data(contentsOf: url)
            let identity = FileIdentity(
                path: "ap/crash.txt", size: Int64(bytes.count),
                mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                inode: UInt64(info.st_ino), rawHash: SHA256.hex(Array(bytes)))
            let document = try PlainTextParser().parse(Array(bytes), time: Date(), source: "ap")
            _ = try database.recordDecision(.newStory, for: .prepare(document), file: identity)
        }
        let daemon = try await RunningDaemon(home)
        #expect(await eventually { home.files(in: home.home.processed) == ["ap/crash.txt"] })
        try home.drop("later.txt", "Later\n\nA new file after the restart.")
        let events = try await daemon.waitForEvents(2)
        #expect(events.map(\.file) == ["ap/crash.txt", "later.txt"])
        #expect(events.map(\.seq) == [1, 2])
        await daemon.stop()
    }

    @Test func aSecondDaemonOnTheSameHomeIsRefused() async throws {
        let home = try TestHome()
        let first = try Daemon(configuration: home.configuration)
        #expect(throws: DaemonError.alreadyRunning(home: home.home.root.path)) {
            _ = try Daemon(configuration: home.configuration)
        }
        _ = first
    }
}
