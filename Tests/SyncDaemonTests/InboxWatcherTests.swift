import Foundation
import Logging
import Store
import Synchronization
import Testing
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

/// The inbox watcher on real inotify: a subfolder keeps its watch only while it is in the inbox.
@Suite("Inbox watcher")
struct InboxWatcherTests {
    /// The files a watcher reported, in order.
    final class Reported: Sendable {
        let paths = Mutex<[String]>([])
    }

    /// Starts a watcher on `home`'s inbox and a task collecting the files it reports.
    static func watch(_ home: TestHome) throws -> (InboxWatcher, Reported) {
        let watcher = try InboxWatcher(inbox: home.home.inbox)
        let stream = watcher.events()
        let reported = Reported()
        Task {
            for await event in stream {
                if case .file(let path, _) = event { reported.paths.withLock { $0.append(path) } }
            }
        }
        return (watcher, reported)
    }

    /// What `reported` holds once `path` is in it (or after 10 s without it).
    static func reports(_ reported: Reported, until path: String) async throws -> [String] {
        for _ in 0..<1000 {
            let now = reported.paths.withLock { $0 }
            if now.contains(path) { return now }
            try await Task.sleep(for: .milliseconds(10))
        }
        return reported.paths.withLock { $0 }
    }

    /// Writes `text` to `url` with Foundation (the folder it lands in raises an inotify event).
    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// A file linked into the inbox raises only `IN_CREATE`, no close-write: while its other
    /// name is there it is reported all the same.
    @Test func aFileHardLinkedIntoTheInboxIsReported() async throws {
        let home = try TestHome()
        let (watcher, reported) = try Self.watch(home)
        defer { watcher.stop() }
        let staged = home.root.appending(path: "staged.txt")
        try Self.write("Linked headline\n\nDelivered by a link.", to: staged)
        #expect(link(staged.path, home.home.inbox.appending(path: "linked.txt").path) == 0)
        let seen = try await Self.reports(reported, until: "linked.txt")
        #expect(seen == ["linked.txt"])
    }

    /// Maildir-style delivery (link into the inbox, then unlink the original at once) can leave
    /// the watcher one name by the time it looks: the inbox sweep finds the file once it has
    /// been unchanged for the sweep's length, and it is decided and moved like any other.
    @Test func aFileLinkedInWhoseOtherNameIsRemovedAtOnceIsFoundByTheSweep() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        var service = IngestService(configuration: home.configuration, home: home.home, database: database,
                                    signal: FeedSignal(lastSeq: 0), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        service.sweepSeconds = 1
        let running = Task { [service] in try await service.run() }
        defer { running.cancel() }
        #expect(await eventually(timeout: .seconds(10)) { service.state.isWatching })
        let staged = home.root.appending(path: "staged.txt")
        try Self.write("Linked headline\n\nDelivered by a link whose other name went at once.", to: staged)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: staged.path)
        #expect(link(staged.path, home.home.inbox.appending(path: "linked.txt").path) == 0 && unlink(staged.path) == 0)
        let decided = await eventually(timeout: .seconds(20)) { (try? database.counts().lastSeq) == 1 }
        #expect(decided, "the linked file was never decided")
        #expect(await eventually(timeout: .seconds(5)) { home.files(in: home.home.processed) == ["linked.txt"] })
        #expect(try database.events(since: 0, limit: 10).map(\.file) == ["linked.txt"])
    }

    /// Files waiting in the inbox from before a start are decided first, in their order, even
    /// while others are renamed in as the service starts: a later item decided first moves the
    /// dedup window past them (a re-send then became a new story, 4 restarts in 18).
    @Test func filesWaitingAtStartAreDecidedBeforeThoseArrivingMeanwhile() async throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        let settled = Date(timeIntervalSinceNow: -600)
        let waiting = (0..<20).map { String(format: "waiting-%02d.txt", $0) }
        for (index, name) in waiting.enumerated() {
            try home.drop(name, "Waiting story \(index)\n\nThe text of waiting story number \(index) is here.",
                          mtime: settled.addingTimeInterval(Double(index)))
        }
        // A writer renaming files in from before the start until well after it.
        let writer = Task.detached {
            for index in 0..<1500 where !Task.isCancelled {
                _ = try? home.drop(String(format: "late-%04d.txt", index),
                                   "Late story \(index)\n\nThe text of late story number \(index) is here.")
            }
        }
        try await Task.sleep(for: .milliseconds(5))
        let service = IngestService(configuration: home.configuration, home: home.home, database: database,
                                    signal: FeedSignal(lastSeq: 0), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await service.run() }
        defer { running.cancel() }
        _ = await writer.result
        #expect(await eventually(timeout: .seconds(60)) { (try? database.counts().lastSeq) == 1520 })
        let first = try database.events(since: 0, limit: 20).compactMap(\.file)
        #expect(first == waiting, "\(first)")
    }

    @Test func aSubfolderMovedOutOfTheInboxIsLetGo() async throws {
        let home = try TestHome()
        let sub = home.home.inbox.appending(path: "sub", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sub.appending(path: "deep"), withIntermediateDirectories: true)
        let (watcher, reported) = try Self.watch(home)
        defer { watcher.stop() }

        let outside = home.root.appending(path: "outside", directoryHint: .isDirectory)
        #expect(rename(sub.path, outside.path) == 0)
        try Self.write("not in the inbox", to: outside.appending(path: "x.txt"))
        try Self.write("not in the inbox either", to: outside.appending(path: "deep/y.txt"))
        try Self.write("in the inbox", to: home.home.inbox.appending(path: "sentinel.txt"))

        let seen = try await Self.reports(reported, until: "sentinel.txt")
        #expect(seen.contains("sentinel.txt"))
        #expect(!seen.contains("sub/x.txt"))
        #expect(!seen.contains("sub/deep/y.txt"))

        // A new folder made under the old name is watched as usual.
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(100))  // its creation seen, and its watch added
        try Self.write("back in the inbox", to: sub.appending(path: "z.txt"))
        #expect(try await Self.reports(reported, until: "sub/z.txt").contains("sub/z.txt"))
    }

    @Test func aSubfolderRenamedWithinTheInboxIsFollowedUnderItsNewName() async throws {
        let home = try TestHome()
        let before = home.home.inbox.appending(path: "a", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: before.appending(path: "deep"), withIntermediateDirectories: true)
        let (watcher, reported) = try Self.watch(home)
        defer { watcher.stop() }

        let after = home.home.inbox.appending(path: "b", directoryHint: .isDirectory)
        #expect(rename(before.path, after.path) == 0)
        try Self.write("renamed folder", to: after.appending(path: "x.txt"))
        try Self.write("below it", to: after.appending(path: "deep/y.txt"))

        let seen = try await Self.reports(reported, until: "b/deep/y.txt")
        #expect(seen.contains("b/x.txt"))
        #expect(seen.contains("b/deep/y.txt"))
        #expect(!seen.contains { $0.hasPrefix("a/") })
    }
}
