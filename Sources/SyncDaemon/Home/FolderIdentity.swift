#if canImport(Glibc)
import Glibc
#endif

/// Which folder a path or a descriptor names: its device and inode.
///
/// Comparing it tells whether a path still names the folder held open or watched (a folder
/// moved aside, or removed and made again, has another), and its device which file system it is on.
struct FolderIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The folder at `path` (following links); nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The folder open as `descriptor`; nil when it cannot be looked at.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init?(_ info: stat) {
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
