import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Lists the files waiting in the inbox, oldest first.
///
/// Walks the inbox and its subfolders; skips names starting with `.` (uploads in progress).
/// Symlinks, FIFOs and other non-regular entries are listed too, so the ingest loop can reject
/// them with a reason instead of leaving them behind.
public struct InboxScanner: Sendable {
    public let inbox: URL

    public init(inbox: URL) { self.inbox = inbox }

    /// Relative paths of the files waiting, ordered by modification time, then path.
    public func pendingFiles() -> [String] {
        listPending().map(\.path)
    }

    /// The files waiting, with what `lstat` said of each, ordered by modification time, then path.
    public func listPending() -> [ListedFile] {
        var found: [ListedFile] = []
        walk(relative: "", into: &found)
        found.sort { ($0.mtimeNanoseconds, $0.path) < ($1.mtimeNanoseconds, $1.path) }
        return found
    }

    /// How many files wait in the inbox (as ``pendingFiles()`` would list them).
    ///
    /// Counts from the directory entries' types, with no `stat` per file (only where the file
    /// system leaves the type unknown): `/v1/status` and `/metrics` call it on every request.
    public func pendingCount() -> Int {
        count(relative: "")
    }

    private func count(relative: String) -> Int {
        let directory = relative.isEmpty ? inbox.path : inbox.path + "/" + relative
        var total = 0
        for (name, type) in DirectoryListing.entries(in: directory) where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(inbox.path + "/" + path, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            total += isDirectory ? count(relative: path) : 1
        }
        return total
    }

    private func walk(relative: String, into found: inout [ListedFile]) {
        let directory = relative.isEmpty ? inbox.path : inbox.path + "/" + relative
        // Each entry is looked at relative to the open folder: the kernel resolves one name,
        // not the whole path again (a backlog's scan makes one call per file).
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        defer { close(folder) }
        let names = DirectoryListing.names(in: directory).filter { !$0.hasPrefix(".") }
        // A large folder's entries are looked at on every core (the start-up scan of a backlog
        // runs before anything else does).
        var entries: [stat?] = Array(repeating: nil, count: names.count)
        let workers = names.count >= Self.parallelScanMinimum ? ProcessInfo.processInfo.activeProcessorCount : 1
        entries.updateEach(workers: workers) { index, entry in
            var info = stat()
            guard names[index].withCString({ fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { return }
            entry = info
        }
        for (name, entry) in zip(names, entries) {
            guard let entry else { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            if (entry.st_mode & S_IFMT) == S_IFDIR {
                walk(relative: path, into: &found)
            } else {
                found.append(ListedFile(path: path, entry))
            }
        }
    }

    /// Entries in one folder from which its scan is spread over the cores.
    static let parallelScanMinimum = 2048
}
