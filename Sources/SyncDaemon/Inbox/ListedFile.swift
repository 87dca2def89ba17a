#if canImport(Glibc)
import Glibc
#endif

/// A file the inbox scan found, with what its `lstat` said then.
///
/// The examination takes a regular file's identity from it instead of asking the kernel again
/// (a backlog's every file was looked at twice). It may be stale by the time the file is read:
/// the read checks that the file it opened is still that one, unchanged (inode and
/// modification time), and otherwise has it looked at afresh. A file listed as one to reject
/// unread (not regular, or too large) is looked at afresh before that.
public struct ListedFile: Sendable {
    /// The path relative to the inbox.
    public let path: String
    /// The file type bits of `st_mode` (`S_IFREG`, `S_IFLNK`, …).
    let kind: mode_t
    let size: Int64
    let mtime: timespec
    let inode: UInt64
    /// The status-change time in nanoseconds since 1970 (``FileIdentity/ctimeNanoseconds``).
    let ctimeNanoseconds: Int64

    init(path: String, _ info: stat) {
        self.path = path
        kind = info.st_mode & S_IFMT
        size = Int64(info.st_size)
        mtime = info.st_mtim
        inode = UInt64(info.st_ino)
        ctimeNanoseconds = info.st_ctim.nanoseconds
    }

    /// The modification time in nanoseconds since 1970, as ``FileIdentity`` keeps it.
    var mtimeNanoseconds: Int64 { mtime.nanoseconds }
}
