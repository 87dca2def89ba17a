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
}
