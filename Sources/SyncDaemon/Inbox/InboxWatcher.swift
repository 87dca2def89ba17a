import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches the inbox and its subfolders with inotify and reports files that became complete.
///
/// A file is reported on `IN_CLOSE_WRITE` (written in place and closed), `IN_MOVED_TO`
/// (renamed into the inbox) or `IN_CREATE` of a hard link (linked in from elsewhere); names
/// starting with `.` are ignored until renamed. New subfolders
/// are watched as they appear, and a folder moved in is walked, since its files raised no
/// event. If the kernel's queue overflows, `rescanNeeded` is reported so the caller scans.
/// A subfolder moved out of the inbox is let go, with every watch below it (its events would
/// name files no longer in the inbox); one moved or renamed within it is followed under its new
/// name. The watch follows the inbox's path: checked every 0.2 s, an inbox moved aside or removed is
/// let go, and once a folder is at the path again,
/// it is watched and `rescanNeeded` reported for the files that arrived unwatched. (The kernel
/// reports a removal only once no one holds the folder open, so the path is what is checked.)
/// Events are read on a thread of the watcher's own; ``stop()`` ends the stream.
public final class InboxWatcher: Sendable {
    /// What the watcher reports.
    public enum Event: Sendable, Equatable {
        /// A file at this path (relative to the inbox) was closed after writing, or renamed in
        /// (`renamed`: complete by the uploader's own signal).
        case file(String, renamed: Bool)
        /// Events were lost; scan the whole inbox.
        case rescanNeeded
    }

    public let inbox: URL
    private let fd: Int32
    private let state = Mutex<State>(State())

    private struct State {
        var folders: [Int32: Folder] = [:]  // by watch descriptor
        var stopped = false
        /// The device and inode of the folder watched as the inbox; nil from its move or
        /// removal until a folder at the inbox's path is watched again.
        var watchedInbox: FolderIdentity?
        /// Names this watcher gave files written in place under names that are not UTF-8: their
        /// `IN_MOVED_TO` is reported as written (to settle), not as an uploader's rename.
        var ownRenames: Set<String> = []
    }

    /// A watched folder: where it is in the inbox, and which folder was watched there.
    private struct Folder {
        var relative: String
        let identity: FolderIdentity?
    }

    private static let fileMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Sets up inotify on `inbox` and every subfolder below it.
    /// - Throws: ``DaemonError/watcher(_:)`` when inotify is unavailable or out of watches.
    public init(inbox: URL) throws {
        self.inbox = inbox
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw DaemonError.watcher("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        let identity = FolderIdentity(path: inbox.path)
        _ = try addTree(relative: "")
        state.withLock { $0.watchedInbox = identity }
    }

    deinit { close(fd) }

    /// Starts the reading thread; the stream ends after ``stop()``.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let thread = Thread { [self] in
            readLoop(continuation)
            continuation.finish()
        }
        thread.name = "inbox-watcher"
        thread.start()
        return stream
    }

    /// Stops watching; the stream from ``events()`` finishes within a fraction of a second.
    public func stop() { state.withLock { $0.stopped = true } }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// Adds watches for `relative` and every folder below it; returns the files found in them
    /// (which may have arrived before the watch existed).
    private func addTree(relative: String) throws -> [String] {
        let path = relative.isEmpty ? inbox.path : inbox.path + "/" + relative
        let wd = inotify_add_watch(fd, path, Self.fileMask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else {
            if relative.isEmpty || errno == ENOSPC {
                throw DaemonError.watcher("cannot watch \(path): \(String(cString: strerror(errno)))"
                    + (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""))
            }
            return []  // the folder vanished meanwhile
        }
        // The kernel answers a folder already watched (one renamed within the inbox) with its
        // watch descriptor: the entry then takes the new name.
        let identity = FolderIdentity(path: path)
        state.withLock { $0.folders[wd] = Folder(relative: relative, identity: identity) }
        var files: [String] = []
        for name in DirectoryListing.names(in: path) where !name.hasPrefix(".") {
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(inbox.path + "/" + child, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                files += try addTree(relative: child)
            } else {
                files.append(child)
            }
        }
        return files
    }

    private func readLoop(_ continuation: AsyncStream<Event>.Continuation) {
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
        defer { buffer.deallocate() }
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let clock = ContinuousClock()
        var followed = clock.now
        while !isStopped {
            let ready = poll(&pollFD, 1, 200)
            // The path is looked at every 0.2 s, not at every read: under a stream of events
            // the loop turns for each few files.
            if ready <= 0 || clock.now - followed >= .milliseconds(200) {
                followInbox(continuation)
                followed = clock.now
            }
            if ready <= 0 { continue }
            let count = read(fd, buffer, bufferSize)
            if count <= 0 { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                var name = ""
                var valid = true
                if event.len > 0 {
                    let bytes = Array(UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len)).prefix { $0 != 0 })
                    if let text = String(validating: bytes, as: UTF8.self) {
                        name = text
                    } else if bytes.first != 0x2E, let folder = state.withLock({ $0.folders[event.wd]?.relative }) {
                        // Renaming it raises IN_MOVED_TO under the new, valid name, and that is
                        // taken at once: so only once the file is complete (closed after
                        // writing, or renamed in), as for any name; a symlink, FIFO or socket
                        // has only its creation.
                        valid = false
                        let directory = folder.isEmpty ? inbox.path : inbox.path + "/" + folder
                        if event.mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0
                            || (event.mask & UInt32(IN_CREATE) != 0 && !Self.isRegularFile(bytes, in: directory)) {
                            if let renamed = DirectoryListing.renameToUTF8(bytes, in: directory),
                               event.mask & UInt32(IN_MOVED_TO | IN_ISDIR) == 0 {
                                state.withLock { _ = $0.ownRenames.insert(folder.isEmpty ? renamed : folder + "/" + renamed) }
                            }
                        }
                    }
                }
                offset = nameStart + Int(event.len)
                if valid { handle(event, name: name, continuation) }
            }
        }
    }

    /// Keeps the watch on the folder at the inbox's path: an inbox moved aside or removed (its
    /// path names another folder, or none) is let go, with every watch below it (their events
    /// would name files no longer in the inbox); a folder at the path is then watched, and
    /// `rescanNeeded` reported for the files that arrived unwatched.
    private func followInbox(_ continuation: AsyncStream<Event>.Continuation) {
        let current = FolderIdentity(path: inbox.path)
        let watched = state.withLock { $0.watchedInbox }
        if watched != nil && watched == current { return }
        if watched != nil {
            let watches = state.withLock { state -> [Int32] in
                state.watchedInbox = nil
                defer { state.folders.removeAll() }
                return Array(state.folders.keys)
            }
            for wd in watches { _ = inotify_rm_watch(fd, wd) }
        }
        guard let current, (try? addTree(relative: "")) != nil else { return }
        state.withLock { $0.watchedInbox = current }
        continuation.yield(.rescanNeeded)
    }

    /// Whether the entry named by the raw bytes `name` in `directory` is a regular file (or gone).
    private static func isRegularFile(_ name: [UInt8], in directory: String) -> Bool {
        var info = stat()
        let found = DirectoryListing.withPath(of: name, in: directory) { lstat($0, &info) }
        return found != 0 || (info.st_mode & S_IFMT) == S_IFREG
    }

    private func handle(_ event: inotify_event, name: String, _ continuation: AsyncStream<Event>.Continuation) {
        let mask = event.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            continuation.yield(.rescanNeeded)
            return
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            _ = state.withLock { $0.folders.removeValue(forKey: event.wd) }
            return
        }
        if mask & UInt32(IN_MOVE_SELF) != 0 {
            letGoIfMovedOut(event.wd)
            return
        }
        guard let folder = state.withLock({ $0.folders[event.wd]?.relative }), !name.isEmpty, !name.hasPrefix(".") else { return }
        let relative = folder.isEmpty ? name : folder + "/" + name
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                let files = (try? addTree(relative: relative)) ?? []
                for file in files { continuation.yield(.file(file, renamed: false)) }
            }
            return
        }
        if mask & UInt32(IN_MOVED_TO) != 0 {
            let own = state.withLock { $0.ownRenames.remove(relative) != nil }
            continuation.yield(.file(relative, renamed: !own))
        } else if mask & UInt32(IN_CLOSE_WRITE) != 0 {
            continuation.yield(.file(relative, renamed: false))
        } else if mask & UInt32(IN_CREATE) != 0 {
            // A symlink, FIFO or socket created in place raises no close-write: report it now.
            // So does a hard link to a file (Maildir-style delivery: link into the inbox, then
            // unlink the original), which has another name when it appears; it settles as a
            // file written in place does. A file being created has one name, and its
            // close-write reports it.
            var info = stat()
            if lstat(inbox.path + "/" + relative, &info) == 0
                && ((info.st_mode & S_IFMT) != S_IFREG || info.st_nlink > 1) {
                continuation.yield(.file(relative, renamed: false))
            }
        }
    }

    /// After a subfolder's move: unless its watch was renewed under a name in the inbox (the
    /// parent's `IN_MOVED_TO` comes first), it left the inbox, and its watch and every one below
    /// it are removed. The inbox itself is left to ``followInbox(_:)``.
    private func letGoIfMovedOut(_ wd: Int32) {
        guard let moved = state.withLock({ $0.folders[wd] }), !moved.relative.isEmpty else { return }
        let path = inbox.path + "/" + moved.relative
        if let identity = moved.identity, FolderIdentity(path: path) == identity { return }
        let prefix = moved.relative + "/"
        let gone = state.withLock { state -> [Int32] in
            let gone = state.folders.filter { $0.key == wd || $0.value.relative.hasPrefix(prefix) }.map(\.key)
            for key in gone { state.folders[key] = nil }
            return gone
        }
        for key in gone { _ = inotify_rm_watch(fd, key) }
    }
}
