import Foundation
import SQLiteFaultVFS
import Synchronization
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

/// Failures injected below syncd, where a full or read-only disk would show: in SQLite's file
/// layer (a wrapping VFS) and in the calls that move decided files.
///
/// Used where mounting a small file system is not allowed; ``DiskFailureTests`` does the same
/// on a real tmpfs when running as root.
final class InjectedFaults: Sendable {
    /// The VFS name to open the database with.
    let vfsName: String
    private nonisolated(unsafe) let vfs: OpaquePointer
    /// errno for moves into the folder named by `moveFolder`; 0 means moves work.
    private let moveErrno = Atomic<Int32>(0)
    private let moveFolder = Mutex<String>("")
    /// errno for writing any file (reason files); 0 means writes work.
    private let writeErrno = Atomic<Int32>(0)

    init() throws {
        vfsName = "fault-" + UUID().uuidString
        guard let vfs = fault_vfs_create(vfsName) else { throw DaemonError.home("cannot register the fault VFS") }
        self.vfs = vfs
    }

    /// After `afterWrites` more writes, SQLite's writes fail with `code`, the system reporting `systemErrno`.
    func failDatabase(code: Int32, systemErrno: Int32, afterWrites: Int32 = 0) {
        fault_vfs_fail(vfs, code, systemErrno, afterWrites)
    }

    func healDatabase() { fault_vfs_heal(vfs) }

    /// How many database writes the armed fault has refused.
    var refusedDatabaseWrites: Int { fault_vfs_refused(vfs) }

    /// Renames into `folder` fail with `code` (0 heals).
    func failMoves(into folder: URL, errno code: Int32) {
        moveFolder.withLock { $0 = folder.standardizedFileURL.path + "/" }
        moveErrno.store(code, ordering: .sequentiallyConsistent)
    }

    /// File writes fail with `code` (0 heals).
    func failWrites(errno code: Int32) { writeErrno.store(code, ordering: .sequentiallyConsistent) }

    /// The POSIX calls, failing as armed.
    var fileOperations: FileOperations {
        FileOperations(
            rename: { [self] from, to, replace in
                let code = moveErrno.load(ordering: .sequentiallyConsistent)
                if code != 0 && to.hasPrefix(moveFolder.withLock { $0 }) { return code }
                return FileOperations.posix.rename(from, to, replace)
            },
            move: { [self] name, from, to in
                let code = moveErrno.load(ordering: .sequentiallyConsistent)
                if code != 0 && (to.path + "/" + name).hasPrefix(moveFolder.withLock { $0 }) { return code }
                return FileOperations.posix.move(name, from, to)
            },
            writeFile: { [self] path, bytes in
                let code = writeErrno.load(ordering: .sequentiallyConsistent)
                return code != 0 ? code : FileOperations.posix.writeFile(path, bytes)
            })
    }
}
