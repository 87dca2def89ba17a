import Foundation
import Testing
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

@Suite("Inbox scanner")
struct InboxScannerTests {
    @Test func theCountFromEntryTypesMatchesTheListing() throws {
        let home = try TestHome()
        let inbox = home.home.inbox
        try home.drop("a.txt", "A\nbody")
        try home.drop("wire/ap/b.txt", "B\nbody")
        try home.drop("wire/c.xml", "<x/>")
        try FileManager.default.createDirectory(at: inbox.appending(path: "empty/deeper"), withIntermediateDirectories: true)
        try Data("hidden".utf8).write(to: inbox.appending(path: ".upload-in-progress"))
        try FileManager.default.createDirectory(at: inbox.appending(path: ".hidden-folder"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: inbox.appending(path: ".hidden-folder/skipped.txt"))
        try FileManager.default.createSymbolicLink(atPath: inbox.appending(path: "link.txt").path, withDestinationPath: "/etc/hostname")
        #expect(mkfifo(inbox.appending(path: "wire/pipe").path, 0o644) == 0)

        let scanner = InboxScanner(inbox: inbox)
        let listed = scanner.pendingFiles()
        #expect(Set(listed) == ["a.txt", "wire/ap/b.txt", "wire/c.xml", "link.txt", "wire/pipe"])
        #expect(scanner.pendingCount() == listed.count)
    }

    /// A folder large enough to be scanned on every core lists exactly what one thread would,
    /// oldest first (then by path), with subfolders walked and hidden names skipped.
    /// Async, yielding as it writes its files: a long synchronous test would hold one of the
    /// two cooperative threads the other tests' daemons and timers need.
    @Test func aLargeFolderIsListedOldestFirst() async throws {
        let home = try TestHome()
        let inbox = home.home.inbox
        let count = InboxScanner.parallelScanMinimum + 700
        var expected: [(path: String, mtime: Int)] = []
        for i in 0..<count {
            if i % 100 == 0 { await Task.yield() }
            let path = String(format: "item-%05d.txt", i)
            try Data("Item \(i)\nbody".utf8).write(to: inbox.appending(path: path))
            // Modification times out of name order, some equal (then the path decides).
            let mtime = 1_700_000_000 + (i * 7_919) % 1_000
            var times = [timespec(tv_sec: mtime, tv_nsec: 0), timespec(tv_sec: mtime, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, inbox.appending(path: path).path, &times, 0) == 0)
            expected.append((path, mtime))
        }
        try home.drop("sub/late.txt", "Late\nbody")
        try Data("hidden".utf8).write(to: inbox.appending(path: ".partial"))
        expected.sort { ($0.mtime, $0.path) < ($1.mtime, $1.path) }

        let listed = InboxScanner(inbox: inbox).pendingFiles()
        // The file just dropped is the newest.
        let wanted = expected.map(\.path) + ["sub/late.txt"]
        #expect(listed == wanted, "listed \(listed.count) of \(wanted.count); missing \(Set(wanted).subtracting(listed).sorted().prefix(5)); first out of place at \((0..<min(listed.count, wanted.count)).first { listed[$0] != wanted[$0] } ?? -1)")
    }
}
