import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes files from `processed/` that were moved there before a cutoff.
///
/// A file's move into `processed/` is its status-change time (a rename sets ctime), so the
/// cutoff measures time since processing, not the wire time the file's mtime may carry.
/// `rejected/` is never touched: those files wait for a person.
struct ProcessedPruner {
    let folder: URL

    /// Removes (or with `dryRun` only counts) regular files moved in before `cutoff`.
    func prune(before cutoff: Date, dryRun: Bool) -> (files: Int, bytes: Int64) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return (0, 0) }
        var files = 0
        var bytes: Int64 = 0
        let limit = cutoff.timeIntervalSince1970
        while let relative = enumerator.nextObject() as? String {
            let path = folder.path + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let changed = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
            guard changed < limit else { continue }
            if dryRun || unlink(path) == 0 {
                files += 1
                bytes += Int64(info.st_size)
            }
        }
        return (files, bytes)
    }
}
