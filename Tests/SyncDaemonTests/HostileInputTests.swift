import Foundation
import Sync
import Testing
@testable import SyncDaemon

/// Files a real inbox receives by accident or malice: each is decided once, with a clear
/// reason when rejected, and the daemon keeps working.
@Suite("Hostile input")
struct HostileInputTests {
    /// Binds a Unix socket at `path` (then closes it, leaving the socket file behind).
    static func makeSocket(at path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    @Test func everyHostileFileIsDecidedOnceWithAReason() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        configuration.maxFileBytes = 4096
        let daemon = try await RunningDaemon(configuration: configuration)
        let inbox = home.home.inbox.path

        let outside = home.root.appending(path: "outside-secret.txt")
        try Data("Secret\n\nNever read through a link.".utf8).write(to: outside)
        let longName = String(repeating: "n", count: 246) + ".txt"  // 250 bytes
        try FileManager.default.createDirectory(atPath: home.home.processed.path + "/taken", withIntermediateDirectories: true)
        try Data("older file".utf8).write(to: home.home.processed.appending(path: "taken/name.txt"))

        var expected: [String: (type: EventType, reason: String?)] = [:]
        func drop(_ name: String, _ data: Data, _ type: EventType, _ reason: String? = nil) throws {
            try home.drop(name, data)
            expected[name] = (type, reason)
        }
        try drop("empty.txt", Data(), .fileRejected, "empty file")
        try drop("blank.txt", Data("   \n\t\n".utf8), .fileRejected, "empty file")
        try drop("image.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00, 0x0D]), .fileRejected, "binary content")
        try drop("nul-inside.txt", Data("Headline\n\nText with a ".utf8) + Data([0]) + Data(" NUL.".utf8), .fileRejected, "byte offset 22")
        try drop("huge.txt", Data(("Big\n\n" + String(repeating: "word ", count: 2000)).utf8), .fileRejected, "over the limit of 4096 bytes")
        try drop("with spaces and ünïcode.txt", Data("Spaces\n\nA name with spaces.".utf8), .storyCreated)
        try drop("new\nline.txt", Data("Newline\n\nA name with a newline.".utf8), .storyCreated)
        try drop(longName, Data("Long name\n\nA 250-byte name.".utf8), .storyCreated)
        try drop("bad/" + longName, Data([0, 1, 2]), .fileRejected, "binary content")
        try drop("taken/name.txt", Data("Taken\n\nIts name is already in processed/.".utf8), .storyCreated)
        let deep = (1...40).map { "d\($0)" }.joined(separator: "/") + "/deep.txt"
        try drop(deep, Data("Deep\n\nForty folders down.".utf8), .storyCreated)

        // Special files, created in place.
        try FileManager.default.createSymbolicLink(atPath: inbox + "/link.txt", withDestinationPath: outside.path)
        expected["link.txt"] = (.fileRejected, "symbolic link")
        #expect(mkfifo(inbox + "/pipe.txt", 0o644) == 0)
        expected["pipe.txt"] = (.fileRejected, "FIFO")
        #expect(Self.makeSocket(at: inbox + "/sock"))
        expected["sock"] = (.fileRejected, "socket")

        // A name that is not UTF-8 (Latin-1 é): renamed in place to its %XX form, then decided.
        let rawName: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        let temporary = inbox + "/.incoming"
        try Data("Cafe\n\nA name in Latin-1.".utf8).write(to: URL(filePath: temporary))
        let target = Array(inbox.utf8) + [0x2F] + rawName + [0]
        #expect(target.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: target.count) { rename(temporary, $0) } } == 0)
        expected["caf%E9.txt"] = (.storyCreated, nil)

        let events = try await daemon.waitForEvents(expected.count, timeout: .seconds(20))
        #expect(events.count == expected.count)
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        for event in events {
            guard let file = event.file, let want = expected[file] else {
                Issue.record("unexpected event for \(event.file ?? "nil")")
                continue
            }
            #expect(event.type == want.type, "\(file): \(event.type) — \(event.reason ?? "")")
            if let reason = want.reason {
                #expect(event.reason?.contains(reason) == true, "\(file): reason was \(event.reason ?? "none")")
            }
        }
        #expect(Set(events.compactMap(\.file)) == Set(expected.keys))

        // Everything left the inbox and is kept once; the special files and reasons sit in rejected/.
        #expect(await eventually { home.files(in: home.home.inbox).isEmpty })
        let processed = Set(home.files(in: home.home.processed))
        #expect(processed.contains("taken/name.txt") && processed.contains("taken/name~2.txt"))
        #expect(processed.contains(deep) && processed.contains(longName) && processed.contains("caf%E9.txt"))
        let rejectedFolder = home.home.rejected.path
        var info = stat()
        #expect(lstat(rejectedFolder + "/link.txt", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(lstat(rejectedFolder + "/pipe.txt", &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(FileManager.default.fileExists(atPath: rejectedFolder + "/sock.reason"))
        let longRejected = home.files(in: home.home.rejected.appending(path: "bad"))
        #expect(longRejected.count == 2 && longRejected.allSatisfy { $0.utf8.count <= 255 })
        #expect(try String(contentsOf: outside, encoding: .utf8).hasPrefix("Secret"))

        // Still up and deciding.
        try home.drop("after.txt", "After\n\nThe daemon still works.")
        let after = try await daemon.waitForEvents(expected.count + 1)
        #expect(after.last?.file == "after.txt")
        await daemon.stop()
    }

    static let harbour = """
        Harbour cranes halted as dock workers strike over pay

        Dock workers at the city's container harbour walked out on Monday after talks on a new pay \
        deal broke down, leaving cranes idle and dozens of ships waiting offshore. The union said \
        the strike would last until the port operator raised its offer, which it called far below \
        the rise in living costs. The operator said contingency plans were in place.
        """
    static let orchestra = """
        Orchestra names a new principal conductor

        The city orchestra named a new principal conductor on Monday, ending a two-year search. \
        The conductor, who has led ensembles across Europe, will take up the post next season and \
        plans to add contemporary works to the repertoire alongside the classical programme.
        """

    /// A clock gone wrong: a file dated past 2262 (beyond nanoseconds in 64 bits) is decided
    /// by the start-up scan and by the watcher, and the daemon goes on.
    @Test func filesDatedPast2262AreDecided() async throws {
        let home = try TestHome()
        let beyond = Date(timeIntervalSince1970: 10_000_000_000)  // the year 2286
        try home.drop("scanned.txt", Self.orchestra, mtime: beyond)
        let daemon = try await RunningDaemon(home)
        _ = try await daemon.waitForEvents(1)
        try home.drop("watched.txt", Self.harbour, mtime: beyond)
        _ = try await daemon.waitForEvents(2)
        try home.drop("after.txt", "After\n\nThe daemon still works.")
        let events = try await daemon.waitForEvents(3)
        #expect(events.map(\.file) == ["scanned.txt", "watched.txt", "after.txt"])
        #expect(events.map(\.type) == [.storyCreated, .storyCreated, .storyCreated])
        #expect(await eventually { home.files(in: home.home.inbox).isEmpty })
        await daemon.stop()
    }

    /// A document's time is kept unless it is a placeholder (before 1970-01-02: the epoch, Go's
    /// zero time) or more than an hour after arrival; then the file's time stands in when it is
    /// plausible itself, else the arrival.
    @Test func implausibleTimesFallBackToTheFilesThenToTheArrival() {
        let arrival = Date(timeIntervalSince1970: 1_800_000_000)
        let fileTime = arrival.addingTimeInterval(-600)
        let yearOne = Date(timeIntervalSince1970: -62_135_596_800)  // 0001-01-01T00:00:00Z
        let archive = Date(timeIntervalSince1970: 545_000_000)  // 1987, as the Reuters corpus
        func plausible(_ time: Date, _ file: Date = fileTime) -> Date { Ingestor.plausibleTime(time, fileTime: file, arrival: arrival) }
        #expect(plausible(archive) == archive)
        #expect(plausible(arrival.addingTimeInterval(-86_400)) == arrival.addingTimeInterval(-86_400))
        #expect(plausible(arrival.addingTimeInterval(1800)) == arrival.addingTimeInterval(1800))  // within the hour
        #expect(plausible(yearOne) == fileTime)
        #expect(plausible(Date(timeIntervalSince1970: 0)) == fileTime)
        #expect(plausible(arrival.addingTimeInterval(400 * 86_400)) == fileTime)
        #expect(plausible(yearOne, Date(timeIntervalSince1970: 0)) == arrival)
        #expect(plausible(yearOne, arrival.addingTimeInterval(400 * 86_400)) == arrival)
    }

    /// One item dated a year ahead (a wrong clock, a mistyped year) does not empty the dedup
    /// window, which reaches back from the newest time decided: the re-send after it is still
    /// found, and again after a restart, when the window is read back from the store.
    @Test func anItemDatedAYearAheadDoesNotEmptyTheDedupWindow() async throws {
        let home = try TestHome()
        let events: [FeedEvent]
        do {  // the daemon released (and its home unlocked) at the end
            let daemon = try await RunningDaemon(home)
            try home.drop("harbour.txt", Self.harbour)
            _ = try await daemon.waitForEvents(1)
            // Plain text carries no time of its own: the file's, a year ahead.
            try home.drop("ahead.txt", Self.orchestra, mtime: Date(timeIntervalSinceNow: 365 * 86_400))
            _ = try await daemon.waitForEvents(2)
            try home.drop("harbour-again.txt", Self.harbour)
            events = try await daemon.waitForEvents(3)
            await daemon.stop()
        }
        #expect(events.map(\.file) == ["harbour.txt", "ahead.txt", "harbour-again.txt"])
        #expect(events.last?.type == .duplicateSeen, "\(events.last?.type.rawValue ?? "nil"): \(events.last?.reason ?? "")")
        #expect(events.last?.story == events[0].story)
        let restarted = try await RunningDaemon(home)
        try home.drop("harbour-third.txt", Self.harbour)
        let after = try await restarted.waitForEvents(4)
        #expect(after.last?.type == .duplicateSeen && after.last?.story == events[0].story, "\(after.last?.type.rawValue ?? "nil")")
        await restarted.stop()
    }

    /// A file written in place under a name that is not UTF-8 is renamed to its `%XX` form once
    /// it is closed, and then waits out the settle time like any file written in place: a
    /// writer that comes back to append within it is not cut short.
    @Test func aNameNotUTF8WrittenInPlaceSettlesLikeAnyOther() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        configuration.settleSeconds = 3  // room for a loaded machine; taken at once, it would not wait at all
        let daemon = try await RunningDaemon(configuration: configuration)
        let path = Array(home.home.inbox.path.utf8) + [0x2F] + Array("d".utf8) + [0xE9] + Array("p.txt".utf8) + [0]
        func append(_ text: String) {
            let fd = path.withUnsafeBufferPointer {
                $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: path.count) { open($0, O_WRONLY | O_CREAT | O_APPEND, 0o644) }
            }
            #expect(fd >= 0)
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        append("Depeche\n\nThe first paragraph.\n")
        // The first close renames it; the writer appends under the new name within the settle time.
        // (Generous: on a loaded machine the watcher's turn can come seconds late; the settle
        // time only starts at the rename.)
        #expect(await eventually(timeout: .seconds(30)) { home.files(in: home.home.inbox) == ["d%E9p.txt"] })
        let renamed = home.home.inbox.appending(path: "d%E9p.txt")
        let handle = try FileHandle(forWritingTo: renamed)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nThe second paragraph.\n".utf8))
        try handle.close()
        let events = try await daemon.waitForEvents(1)
        #expect(events.map(\.file) == ["d%E9p.txt"])
        let story = try await daemon.getJSON("/v1/stories/\(events[0].story ?? 0)", as: StoryDetail.self)
        #expect(story.versions.first?.body.contains("The second paragraph.") == true, "\(story.versions.first?.body ?? "nil")")
        await daemon.stop()
    }
}
