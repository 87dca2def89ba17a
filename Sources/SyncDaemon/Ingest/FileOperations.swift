import CFileSystem
#if canImport(Glibc)
import Glibc
#endif

/// The file-system calls that move decided files out of the inbox: POSIX by default.
///
/// Each call answers 0 on success or the `errno` of its failure. Tests wrap ``posix`` to make a
/// call fail as a full (ENOSPC) or read-only (EROFS) disk would, on machines where mounting a
/// small file system is not allowed.
struct FileOperations: Sendable {
    /// Renames `from` to `to` (both absolute paths), like rename(2); when the third argument
    /// (replace) is false, an existing `to` is left alone and the answer is EEXIST.
    var rename: @Sendable (_ from: String, _ to: String, _ replace: Bool) -> Int32
    /// Renames `name` (a relative path) in the folder `from` to the same name in `to`, leaving
    /// an existing one alone (EEXIST): the usual move of a decided file, by the open folders.
    var move: @Sendable (_ name: String, _ from: FolderHandle, _ to: FolderHandle) -> Int32
    /// Creates or truncates `path` and writes `bytes` to it, like open(2) + write(2) + close(2).
    var writeFile: @Sendable (_ path: String, _ bytes: [UInt8]) -> Int32

    /// The real calls.
    static let posix = FileOperations(
        rename: { from, to, replace in
            if replace { return Glibc.rename(from, to) == 0 ? 0 : errno }
            return renameNoReplace(AT_FDCWD, from, AT_FDCWD, to)
        },
        move: { name, from, to in
            from.withLocation(of: name) { fromFolder, fromName in
                to.withLocation(of: name) { toFolder, toName in renameNoReplace(fromFolder, fromName, toFolder, toName) }
            }
        },
        writeFile: { path, bytes in
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return errno }
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return 0
        })

    /// renameat2(2) with RENAME_NOREPLACE, each name relative to a folder (or `AT_FDCWD`):
    /// 0, EEXIST when the target is taken, or the failure's errno.
    private static func renameNoReplace(_ fromFolder: Int32, _ from: String, _ toFolder: Int32, _ to: String) -> Int32 {
        // withCString: the implicit String-to-pointer conversion copies each name to the heap, per call.
        from.withCString { from in
            to.withCString { to in
                if cfs_renameat_noreplace(fromFolder, from, toFolder, to) == 0 { return 0 }
                let code = errno
                guard code == EINVAL || code == ENOSYS else { return code }
                // A file system without RENAME_NOREPLACE: look, then rename (not atomic, but syncd
                // is the only writer of processed/ and rejected/).
                var info = stat()
                if fstatat(toFolder, to, &info, AT_SYMLINK_NOFOLLOW) == 0 { return EEXIST }
                return renameat(fromFolder, from, toFolder, to) == 0 ? 0 : errno
            }
        }
    }
}
