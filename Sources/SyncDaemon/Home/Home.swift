import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's home folder and the paths inside it.
///
/// ```
/// HOME/
///   inbox/        files to decide; a subfolder names the source (inbox/ap/…)
///   processed/    decided files, at the same relative path
///   rejected/     files that could not be read or parsed, each with NAME.reason
///   syncd.sqlite  the database (with -wal and -shm beside it)
///   syncd.lock    held by the running daemon
/// ```
public struct Home: Sendable {
    public let root: URL
    public let inbox: URL
    public let processed: URL
    public var rejected: URL { root.appending(path: "rejected", directoryHint: .isDirectory) }
    public var database: URL { root.appending(path: "syncd.sqlite") }
    public var lockFile: URL { root.appending(path: "syncd.lock") }
    /// The file-system paths of `inbox` and `processed`: every ingested file is found and moved
    /// by them, and building them through `URL` each time was measurable.
    public let inboxPath: String
    public let processedPath: String
    /// `inbox` and `processed` opened, for system calls relative to them (shared by every copy
    /// of this home).
    let inboxFolder: FolderHandle
    let processedFolder: FolderHandle

    /// A home at `path` (relative paths resolve against the current directory).
    public init(path: String) {
        root = URL(filePath: path, directoryHint: .isDirectory,
                   relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
            .standardizedFileURL
        inbox = root.appending(path: "inbox", directoryHint: .isDirectory)
        processed = root.appending(path: "processed", directoryHint: .isDirectory)
        inboxPath = inbox.path
        processedPath = processed.path
        inboxFolder = FolderHandle(path: inboxPath, anchor: root.path)
        processedFolder = FolderHandle(path: processedPath, anchor: root.path)
    }

    /// Creates the home and its folders when missing.
    public func create() throws {
        for folder in [root, inbox, processed, rejected] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw DaemonError.home("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
    }

    /// Takes the home's lock so a second syncd cannot write the same database.
    /// The lock is released when the returned descriptor is closed or the process ends.
    public func lock() throws -> Int32 {
        let fd = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DaemonError.fileSystem(path: lockFile.path, errno: errno, operation: "open") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw DaemonError.alreadyRunning(home: root.path)
        }
        return fd
    }
}
