import Foundation
import Store
import Testing
@testable import SyncDaemon

/// A decided file leaves the inbox by name: a different file found under that name when it
/// moves (renamed over it, or rewritten in place, after it was read) is not carried off
/// undecided but put back into the inbox.
@Suite("File mover")
struct FileMoverTests {
    /// The identity of the file at `url`, as the ingest loop records it when it reads one.
    static func identity(of url: URL, relative: String) throws -> FileIdentity {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return FileIdentity(path: relative, size: Int64(info.st_size), mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                            inode: UInt64(info.st_ino), rawHash: "")
    }

    /// Writes `text` beside `url` and renames it over `url`, as an uploader sends a new version.
    static func renameOver(_ url: URL, _ text: String) throws {
        let temporary = url.deletingLastPathComponent().appending(path: ".next-" + url.lastPathComponent)
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    @Test func theDecidedFileMovesAndNothingIsSaid() throws {
        let home = try TestHome()
        let url = try home.drop("ap/story.txt", "Decided\n\nThe text that was decided.")
        let decided = try Self.identity(of: url, relative: "ap/story.txt")
        let said = try FileMover(home: home.home).moveDecided("ap/story.txt", type: .storyCreated, reason: nil, seq: 1, decided: decided)
        #expect(said == nil)
        #expect(home.files(in: home.home.inbox).isEmpty)
        #expect(home.files(in: home.home.processed) == ["ap/story.txt"])
    }

    @Test func aFileRenamedOverTheDecidedOneGoesBackToTheInbox() throws {
        let home = try TestHome()
        let url = try home.drop("ap/story.txt", "Decided\n\nThe text that was decided.")
        let decided = try Self.identity(of: url, relative: "ap/story.txt")
        // The uploader's next version arrives the recommended way, over the same name.
        try Self.renameOver(url, "Updated\n\nA new version, never read.")
        let said = try FileMover(home: home.home).moveDecided("ap/story.txt", type: .storyCreated, reason: nil, seq: 1, decided: decided)
        #expect(said?.contains("back in the inbox as ap/story.txt") == true, "\(said ?? "nil")")
        #expect(home.files(in: home.home.processed).isEmpty)
        #expect(try String(contentsOf: url, encoding: .utf8) == "Updated\n\nA new version, never read.")
    }

    @Test func aFileRewrittenInPlaceGoesBackToTheInboxBesideANewArrival() throws {
        let home = try TestHome()
        let url = try home.drop("story.txt", "Decided\n\nThe text that was decided.", mtime: Date(timeIntervalSinceNow: -60))
        let decided = try Self.identity(of: url, relative: "story.txt")
        // Rewritten in place (same inode, a new modification time).
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data("Rewritten\n\nIn place.".utf8))
        try handle.truncate(atOffset: UInt64("Rewritten\n\nIn place.".utf8.count))
        try handle.close()
        #expect(try Self.identity(of: url, relative: "story.txt").inode == decided.inode)
        // The mover renames it out; a new file takes the name in the inbox meanwhile, so the
        // rewritten one comes back beside it.
        let mover = FileMover(home: home.home)
        var moved = mover
        moved.operations.move = { name, from, to in
            let code = FileOperations.posix.move(name, from, to)
            if code == 0 { _ = try? home.drop(name, "Newer\n\nAnother arrival.") }
            return code
        }
        let said = try moved.moveDecided("story.txt", type: .storyCreated, reason: nil, seq: 1, decided: decided)
        #expect(said?.contains("back in the inbox as story~2.txt") == true, "\(said ?? "nil")")
        #expect(home.files(in: home.home.inbox) == ["story.txt", "story~2.txt"])
        #expect(try String(contentsOf: home.home.inbox.appending(path: "story~2.txt"), encoding: .utf8) == "Rewritten\n\nIn place.")
        #expect(home.files(in: home.home.processed).isEmpty)
    }

    @Test func aRejectedFileIsCheckedToo() throws {
        let home = try TestHome()
        let url = try home.drop("bad.bin", Data([0, 1, 2, 3]))
        let decided = try Self.identity(of: url, relative: "bad.bin")
        try Self.renameOver(url, "Good\n\nA readable file under the same name.")
        let said = try FileMover(home: home.home).moveDecided("bad.bin", type: .fileRejected, reason: "binary content", seq: 4, decided: decided)
        #expect(said?.contains("back in the inbox as bad.bin") == true, "\(said ?? "nil")")
        #expect(home.files(in: home.home.inbox) == ["bad.bin"])
        // The reason file stays: it names the event of the file that was rejected.
        #expect(home.files(in: home.home.rejected) == ["bad.bin.reason"])
    }

    /// A file once decided under the name a feed's folder has now (`processed/ap` a file, then
    /// `inbox/ap/…` files) would fail every move with ENOTDIR: the folder is avoided instead.
    @Test func aFileWhereAFolderShouldBeIsAvoided() throws {
        let home = try TestHome()
        try Data("an old file named ap".utf8).write(to: home.home.processed.appending(path: "ap"))
        try Data("an old file named bad".utf8).write(to: home.home.rejected.appending(path: "bad"))
        try home.drop("ap/story.txt", "Story\n\nFrom the ap feed.")
        try home.drop("bad/x.bin", Data([0, 1, 2]))
        let mover = FileMover(home: home.home)
        try mover.moveDecided("ap/story.txt", type: .storyCreated, reason: nil, seq: 1)
        try mover.moveDecided("bad/x.bin", type: .fileRejected, reason: "binary content", seq: 2)
        #expect(home.files(in: home.home.inbox).isEmpty)
        #expect(home.files(in: home.home.processed) == ["ap", "ap~2/story.txt"])
        #expect(home.files(in: home.home.rejected) == ["bad", "bad~2/x.bin", "bad~2/x.bin.reason"])
        #expect(FileMover.avoidingFiles("ap/story.txt", under: home.home.processed.path) == "ap~2/story.txt")
        #expect(FileMover.avoidingFiles("ap~2/story.txt", under: home.home.processed.path) == nil)
    }
}
