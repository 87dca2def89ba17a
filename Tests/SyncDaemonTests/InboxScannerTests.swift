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

    /// The early listing (`syncd --once` lists its backlog while the database opens) is the
    /// scanner's own listing, oldest first, handed over once: a second taker lists afresh.
    @Test func theEarlyListingIsTheScannersListingHandedOverOnce() throws {
        let home = try TestHome()
        let inbox = home.home.inbox
        for (index, name) in ["c.txt", "a.txt", "wire/b.txt"].enumerated() {
            try home.drop(name, "\(name)\nbody")
            // Distinct modification times, in the reverse of name order for the first two.
            var times = [timespec(tv_sec: 1_000_000 + index, tv_nsec: 0), timespec(tv_sec: 1_000_000 + index, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, inbox.appending(path: name).path, &times, 0) == 0)
        }
        let scanner = InboxScanner(inbox: inbox)
        let early = Handoff<[ListedFile]>()
        early.run(niceness: 0) { scanner.listPending() }
        let listing = try #require(early.take())
        #expect(listing.map(\.path) == ["c.txt", "a.txt", "wire/b.txt"])
        #expect(listing.map(\.path) == scanner.pendingFiles())
        #expect(early.take() == nil)
    }

    /// A directory record is only as long as its name, though `d_name` is declared as 256
    /// bytes: a record ending right before unmapped memory (as the last one in readdir's buffer
    /// can) must be read without touching a byte past its name. Copying the whole field, as
    /// the listing once did, crashed syncd at start-up on some inboxes.
    @Test func aNameIsReadUpToItsEndAndNoFurther() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapped = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(mapped != MAP_FAILED)
        defer { munmap(mapped, 2 * page) }
        #expect(mprotect(mapped + page, page, PROT_NONE) == 0)  // the second page is a guard
        let offset = try #require(MemoryLayout<dirent>.offset(of: \dirent.d_name))
        for name in ["item-001.txt", "a", String(repeating: "n", count: 200)] {
            // The record ends with the name's zero, on the last byte before the guard page,
            // and starts 8-byte aligned as readdir's records do (the name may end a few bytes early).
            let length = offset + name.utf8.count + 1
            let start = (page - length) & ~7
            let record = mapped + start
            memset(record, 0x41, page - start)
            let bytes = Array(name.utf8) + [0]
            bytes.withUnsafeBytes { (record + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            let entry = record.assumingMemoryBound(to: dirent.self)
            #expect(DirectoryListing.name(of: entry) == Array(name.utf8))
        }
    }

    /// A long Latin-1 name grows by two bytes per accented letter when escaped, past the 255
    /// bytes a name may have: it is shortened to fit (its extension kept, a digest of the raw
    /// name added), so the file is listed and decided rather than left in the inbox unseen.
    @Test func aLongNameThatIsNotUTF8IsShortenedToFitWhenEscaped() throws {
        let home = try TestHome()
        let inbox = home.home.inbox.path
        let word: [UInt8] = Array("d".utf8) + [0xE9] + Array("p".utf8) + [0xEA] + Array("che-".utf8)  // "dépêche-" in Latin-1
        var expected: [String: String] = [:]
        for prefix in ["a", "b"] {
            let raw = Array(prefix.utf8) + Array(repeating: word, count: 30).flatMap { $0 } + Array(".txt".utf8)  // 245 bytes
            #expect(DirectoryListing.escape(raw).utf8.count > 255)
            let path = Array(inbox.utf8) + [0x2F] + raw + [0]
            let fd = path.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: path.count) { open($0, O_WRONLY | O_CREAT, 0o644) } }
            #expect(fd >= 0)
            let text = "Story \(prefix)\n\nBody."
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
            expected[prefix] = text
        }
        let names = DirectoryListing.names(in: inbox).sorted()
        #expect(names.count == 2)
        for (name, prefix) in zip(names, ["a", "b"]) {
            #expect(name.utf8.count <= DirectoryListing.maxEscapedBytes && name.hasPrefix(prefix + "d%E9p%EAche-") && name.hasSuffix(".txt"), "\(name)")
            #expect(name.contains("~"))
            #expect(try String(contentsOfFile: inbox + "/" + name, encoding: .utf8) == expected[prefix])
        }
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
