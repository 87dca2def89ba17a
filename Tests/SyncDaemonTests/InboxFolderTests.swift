import Foundation
import Store
import Sync
import Synchronization
import Testing
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

/// Files are looked at, read and moved by the inbox's and processed/'s open descriptors, and a
/// backlog's files by what the start-up scan listed: neither may outlive what it describes.
@Suite("Inbox folders and listings")
struct InboxFolderTests {
    static let old = Date(timeIntervalSince1970: 1_700_000_000)

    /// Examines a file from the scan's listing, then reads and parses it, as a backlog's batch does.
    static func examineListed(_ listed: ListedFile, _ ingestor: inout Ingestor) -> Ingestor.PendingFile? {
        var unsettled = ingestor.unsettled
        guard case .pending(let file) = Ingestor.examine(listed.path, trigger: .written, now: Date(), inbox: ingestor.home.inboxFolder,
                                                         configuration: ingestor.configuration, listed: listed,
                                                         unsettled: &unsettled) else { return nil }
        var files = [file]
        ingestor.preparer(&files)
        return files[0]
    }

    /// A fresh home with `text` dropped as a.txt (modified long ago), its ingestor, and the
    /// scan's listing of the file.
    static func listedFile(_ text: String) throws -> (TestHome, Database, Ingestor, ListedFile) {
        let (home, database, ingestor) = try GroupCommitTests.fresh()
        try home.drop("a.txt", text, mtime: Self.old)
        let listed = try #require(InboxScanner(inbox: home.home.inbox).listPending().first)
        return (home, database, ingestor, listed)
    }

    /// Writes `text` beside `name` in the inbox (modified long ago), then renames it over `name`.
    static func renameOver(_ name: String, _ text: String, in home: TestHome) throws {
        let replacement = home.home.inbox.appending(path: ".replacement")
        try Data(text.utf8).write(to: replacement)
        try FileManager.default.setAttributes([.modificationDate: Self.old], ofItemAtPath: replacement.path)
        #expect(rename(replacement.path, home.home.inbox.appending(path: name).path) == 0)
    }

    @Test func aListedFileIsDecidedWithTheIdentityTheListingGave() throws {
        var (home, _, ingestor, listed) = try Self.listedFile(GroupCommitTests.texts["a.txt"]!)

        let file = try #require(Self.examineListed(listed, &ingestor))
        #expect(file.outcome == nil)
        #expect(file.identity.mtimeNanoseconds == Int64(Self.old.timeIntervalSince1970) * 1_000_000_000)
        let outcome = ingestor.commit([file])[0].outcome
        #expect(outcome.event?.type == .storyCreated)
        #expect(home.files(in: home.home.processed) == ["a.txt"])
    }

    /// A file rewritten in place after the scan (same size, same inode, a new modification
    /// time) is not decided with the listing's identity: it is looked at again, and decided
    /// with what it holds now.
    @Test func aFileChangedInPlaceAfterTheScanIsLookedAtAgain() throws {
        let first = "Council passes budget\n\nThe council passed the budget on Tuesday."
        let second = "Council delays budget\n\nThe council delayed the budget on Monday."
        #expect(first.utf8.count == second.utf8.count)
        var (home, database, ingestor, listed) = try Self.listedFile(first)
        let url = home.home.inbox.appending(path: "a.txt")

        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(second.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Self.old.addingTimeInterval(60)], ofItemAtPath: url.path)

        let file = try #require(Self.examineListed(listed, &ingestor))
        guard case .notSettled = file.outcome else {
            Issue.record("a changed file was read as listed: \(String(describing: file.outcome))")
            return
        }
        let outcome = ingestor.ingest("a.txt", trigger: .written)
        let event = try #require(outcome.event)
        #expect(event.type == .storyCreated)
        #expect(try database.version(story: event.story!, number: 1)?.headline == "Council delays budget")
        #expect(try database.decidedFile(FileIdentity(path: "a.txt", size: Int64(second.utf8.count),
                                                      mtimeNanoseconds: Int64(Self.old.timeIntervalSince1970 + 60) * 1_000_000_000,
                                                      inode: file.identity.inode, rawHash: SHA256.hex(Array(second.utf8)))) != nil)
    }

    /// A file replaced after the scan (a rename over it: another inode, though the same size
    /// and modification time) is looked at again.
    @Test func aFileReplacedAfterTheScanIsLookedAtAgain() throws {
        let original = GroupCommitTests.texts["a.txt"]!
        var (home, _, ingestor, listed) = try Self.listedFile(original)
        let text = original.replacingOccurrences(of: "budget", with: "school")
        #expect(text.utf8.count == original.utf8.count)
        try Self.renameOver("a.txt", text, in: home)

        let file = try #require(Self.examineListed(listed, &ingestor))
        guard case .notSettled = file.outcome else {
            Issue.record("a replaced file was not looked at again: \(String(describing: file.outcome))")
            return
        }
        let event = ingestor.ingest("a.txt", trigger: .written).event
        #expect(event?.type == .storyCreated)
        #expect(event?.headline == "Council passes school")
        #expect(home.files(in: home.home.inbox).isEmpty)
    }

    /// The examination takes a listed file's identity from the listing without looking again:
    /// a file gone since is found gone by the read, not by the examination.
    @Test func theExaminationTakesTheListingWithoutLookingAgain() throws {
        let (home, _, ingestor, listed) = try Self.listedFile(GroupCommitTests.texts["a.txt"]!)
        try FileManager.default.removeItem(at: home.home.inbox.appending(path: "a.txt"))
        var unsettled = ingestor.unsettled
        guard case .pending(let file) = Ingestor.examine("a.txt", trigger: .written, now: Date(), inbox: home.home.inboxFolder,
                                                         configuration: ingestor.configuration, listed: listed,
                                                         unsettled: &unsettled) else {
            Issue.record("the examination looked at the file again")
            return
        }
        var files = [file]
        ingestor.preparer(&files)
        guard case .skipped = files[0].outcome else {
            Issue.record("a file gone since the listing was not skipped: \(String(describing: files[0].outcome))")
            return
        }
    }

    /// A file listed as one to reject unread (here a symlink) is looked at afresh first: the
    /// regular file renamed over it since is decided, not rejected as a link.
    @Test func aListedRejectionIsLookedAtAfresh() throws {
        var (home, _, ingestor) = try GroupCommitTests.fresh()
        let link = home.home.inbox.appending(path: "a.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        let listed = try #require(InboxScanner(inbox: home.home.inbox).listPending().first)
        #expect(listed.kind == S_IFLNK)
        try Self.renameOver("a.txt", GroupCommitTests.texts["a.txt"]!, in: home)

        let file = try #require(Self.examineListed(listed, &ingestor))
        #expect(file.rejection == nil)
        #expect(ingestor.commit([file])[0].outcome.event?.type == .storyCreated)
    }

    /// The inbox and processed/ removed and made again while the ingestor runs: the next file
    /// is still found, read and moved, into the new folders, at once.
    @Test func foldersRemovedAndMadeAgainAreOpenedAgain() throws {
        try Self.afterTheFoldersChange({ home in
            try FileManager.default.removeItem(at: home.home.inbox)
            try FileManager.default.createDirectory(at: home.home.inbox, withIntermediateDirectories: true)
            try FileManager.default.removeItem(at: home.home.processed)
        }, beforeDeciding: { _ in })
    }

    /// Decides a.txt (the folders are then open), changes the folders with `change`, drops c.txt
    /// in the (new) inbox, calls `beforeDeciding` and decides c.txt: the file read must be the
    /// one dropped, and it must leave the inbox for processed/ as the paths now name them.
    @discardableResult
    static func afterTheFoldersChange(_ change: (TestHome) throws -> Void,
                                      beforeDeciding: (TestHome) throws -> Void) throws -> TestHome {
        var (home, _, ingestor) = try GroupCommitTests.fresh()
        try home.drop("a.txt", GroupCommitTests.texts["a.txt"]!)
        #expect(ingestor.ingest("a.txt").event?.type == .storyCreated)
        try change(home)
        try home.drop("c.txt", GroupCommitTests.texts["c.txt"]!)
        try beforeDeciding(home)
        let event = ingestor.ingest("c.txt").event
        #expect(event?.type == .storyCreated)
        #expect(event?.headline == "Miners strike over pay")
        #expect(home.files(in: home.home.inbox).isEmpty)
        #expect(home.files(in: home.home.processed) == ["c.txt"])
        return home
    }

    /// The inbox and processed/ moved aside (an operator archiving them) and made again: once
    /// the folders are checked again (``FolderHandle/recheckInterval``), files go by the paths.
    @Test func foldersMovedAsideAreLeftForTheNewOnes() throws {
        let home = try Self.afterTheFoldersChange({ home in
            try FileManager.default.moveItem(at: home.home.inbox, to: home.root.appending(path: "inbox.old"))
            try FileManager.default.createDirectory(at: home.home.inbox, withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: home.home.processed, to: home.root.appending(path: "processed.old"))
        }, beforeDeciding: { home in
            // A file of the same name left in the old inbox must not be the one read.
            try Data("Old inbox\n\nNot this one.".utf8).write(to: home.root.appending(path: "inbox.old/c.txt"))
            Thread.sleep(forTimeInterval: 2.5 * Double(FolderHandle.recheckInterval) / 1e9)
        })
        #expect(home.files(in: home.root.appending(path: "processed.old")) == ["a.txt"])
        #expect(home.files(in: home.root.appending(path: "inbox.old")) == ["c.txt"])
    }

    /// A running daemon whose inbox is moved aside, then removed, each time made again: the
    /// watcher takes up the new inbox, and files dropped in it are decided and moved.
    @Test func aRunningDaemonFollowsAnInboxMadeAgain() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let manager = FileManager.default
        try home.drop("a.txt", GroupCommitTests.texts["a.txt"]!)
        _ = try await daemon.waitForEvents(1)

        try manager.moveItem(at: home.home.inbox, to: home.root.appending(path: "inbox.old"))
        try manager.createDirectory(at: home.home.inbox, withIntermediateDirectories: true)
        try home.drop("ap/c.txt", GroupCommitTests.texts["c.txt"]!)
        _ = try await daemon.waitForEvents(2)

        try manager.removeItem(at: home.home.inbox)
        try manager.createDirectory(at: home.home.inbox, withIntermediateDirectories: true)
        try home.drop("bad.txt", GroupCommitTests.texts["bad.txt"]!)
        let events = try await daemon.waitForEvents(3)
        #expect(events.map(\.file) == ["a.txt", "ap/c.txt", "bad.txt"])
        #expect(events.map(\.type) == [.storyCreated, .storyCreated, .storyCreated])
        #expect(await eventually { home.files(in: home.home.processed) == ["a.txt", "ap/c.txt", "bad.txt"] })
        #expect(home.files(in: home.home.inbox).isEmpty)
        await daemon.stop()
    }

    /// While the folder cannot be opened, calls get its whole path; once it exists, its descriptor.
    /// A subfolder renamed within the inbox while its files are decided: the files decided under
    /// the old path, no longer there to be moved, are only moved when found under the new one,
    /// not decided again.
    @Test func filesDecidedBeforeTheirFolderWasRenamedAreNotDecidedAgain() async throws {
        let home = try TestHome()
        let names = ["one", "two", "three"]
        let texts = [HostileInputTests.harbour, HostileInputTests.orchestra, "Weather\n\nRain is expected in the north on Tuesday."]
        for (name, text) in zip(names, texts) { try home.drop("ap/\(name).txt", text, mtime: Date(timeIntervalSinceNow: -60)) }
        let inbox = home.home.inbox.path
        let renamed = Mutex(false)
        var operations = FileOperations.posix
        operations.move = { name, from, to in
            // The operator renames the feed's folder just as the first decided file is moved.
            if name.hasPrefix("ap/"), renamed.withLock({ done in defer { done = true }; return !done }) {
                _ = rename(inbox + "/ap", inbox + "/ap2")
            }
            return FileOperations.posix.move(name, from, to)
        }
        let daemon = try await RunningDaemon(configuration: home.configuration, fileOperations: operations)
        let events = try await daemon.waitForEvents(3)
        #expect(await eventually { home.files(in: home.home.inbox).isEmpty })
        #expect(home.files(in: home.home.processed) == names.map { "ap2/\($0).txt" }.sorted())
        try await Task.sleep(for: .milliseconds(500))
        let all = try await daemon.events()
        #expect(all.count == 3, "\(all.map { "\($0.type.rawValue) \($0.file ?? "")" })")
        #expect(all.map(\.type) == [.storyCreated, .storyCreated, .storyCreated])
        #expect(Set(events.compactMap(\.file)) == Set(names.map { "ap/\($0).txt" }))
        await daemon.stop()
    }

    @Test func aMissingFolderIsNamedByItsPathUntilItExists() throws {
        let home = try TestHome()
        let path = home.root.appending(path: "later").path
        let handle = FolderHandle(path: path)
        #expect(handle.withLocation(of: "x.txt") { folder, name in folder == AT_FDCWD && name == path + "/x.txt" })
        #expect(!handle.reopenIfReplaced())
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(handle.reopenIfReplaced())
        #expect(handle.withLocation(of: "x.txt") { folder, name in folder >= 0 && name == "x.txt" })
        #expect(!handle.reopenIfReplaced())
    }
}
