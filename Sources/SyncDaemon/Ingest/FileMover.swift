import Foundation
import Store
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// Moves decided files out of the inbox into `processed/` or `rejected/`, keeping their
/// relative path and never overwriting: a name already taken gets `~2`, `~3`, … before its
/// extension, and a name too long for the file system is shortened to fit.
struct FileMover: Sendable {
    let home: Home
    var operations: FileOperations = .posix
    /// Decided files no longer at their path when they were to be moved (shared by every copy).
    var displaced = DisplacedFiles()

    /// Moves `relative` from the inbox to the same path under `processed/` (or the first free
    /// `~N` name beside it).
    ///
    /// Each name is tried with a rename that never replaces (one system call when the name is
    /// free, as it nearly always is; the file's own name is moved between the open folders); a
    /// missing folder is created and the name tried again.
    ///
    /// A folder on the way that is a file in `processed/` (a file once decided under the name
    /// a feed's folder has now) is avoided: the file goes under `NAME~2/` (or the first such
    /// name free or a folder) instead of failing with ENOTDIR at every retry.
    @discardableResult
    func moveToProcessed(_ relative: String) throws -> Landing {
        var n = 1
        var createdFolder = false
        var target = relative  // under processed/
        var reroutes = 0
        func failure(_ code: Int32) -> DaemonError {
            .fileSystem(path: home.inboxPath + "/" + relative, errno: code,
                        operation: "rename to \(candidate(n, for: target, in: home.processedPath))")
        }
        while true {
            let sameName = n == 1 && target == relative && Self.lastComponentLength(relative) <= 255
            let code = sameName
                ? operations.move(relative, home.inboxFolder, home.processedFolder)
                : operations.rename(home.inboxPath + "/" + relative, candidate(n, for: target, in: home.processedPath), false)
            switch code {
            case 0:
                return sameName ? .processed(relative) : .path(candidate(n, for: target, in: home.processedPath))
            case EEXIST:
                n += 1
            case ENOENT where !createdFolder:
                let path = candidate(n, for: target, in: home.processedPath)
                try createFolder(URL(filePath: path).deletingLastPathComponent())
                createdFolder = true
                // Either folder may have been removed and made again since it was opened.
                _ = home.inboxFolder.reopenIfReplaced()
                _ = home.processedFolder.reopenIfReplaced()
            case ENOTDIR where reroutes < 8:
                guard let around = Self.avoidingFiles(target, under: home.processedPath) else { throw failure(code) }
                target = around
                reroutes += 1
                createdFolder = false
            default:
                throw failure(code)
            }
        }
    }

    /// `relative` with its first folder that is something else under `root` (a file) renamed
    /// `NAME~2`, `NAME~3`, … (the first that is a folder or free); nil when every folder on
    /// the way is one.
    static func avoidingFiles(_ relative: String, under root: String) -> String? {
        var components = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var prefix = root
        for index in components.indices.dropLast() {
            var info = stat()
            func usable(_ name: String) -> Bool {
                lstat(prefix + "/" + name, &info) != 0 || (info.st_mode & S_IFMT) == S_IFDIR
            }
            if !usable(components[index]) {
                var n = 2
                while !usable(components[index] + "~\(n)") { n += 1 }
                components[index] += "~\(n)"
                return components.joined(separator: "/")
            }
            prefix += "/" + components[index]
        }
        return nil
    }

    /// The length in bytes of the last component of a relative path.
    private static func lastComponentLength(_ relative: String) -> Int {
        var length = 0
        for byte in relative.utf8 { length = byte == 0x2F ? 0 : length + 1 }
        return length
    }

    /// Whether nothing is at `relative` in the inbox any more.
    func isGone(_ relative: String) -> Bool {
        var info = stat()
        return home.inboxFolder.withLocation(of: relative) { folder, name in
            name.withCString { fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW) } != 0 && errno == ENOENT
        }
    }

    /// Where a moved file landed: `relative` in the `processed/` folder held open, or a path.
    enum Landing {
        case processed(String)
        case path(String)
    }

    /// Moves a decided file where its event sends it: `rejected/` (with a reason file naming
    /// the event) for a rejection, `processed/` otherwise.
    ///
    /// `decided` is the file whose decision was stored. The move goes by name, so a file that
    /// took the name after the decided one was read (an uploader renaming a new version over
    /// it, or rewriting it in place) would be moved undecided: the file moved is checked, and
    /// another one goes back into the inbox, to be decided as the new arrival it is. Returns
    /// what happened then, for the log; nil when the file moved is the one decided.
    @discardableResult
    func moveDecided(_ relative: String, type: EventType, reason: String?, seq: Int64, decided: FileIdentity? = nil) throws -> String? {
        let landing: Landing
        if type == .fileRejected {
            landing = .path(try moveToRejected(relative, reason: "file: \(relative)\nevent: \(seq)\nreason: \(reason ?? "unknown")\n").path)
        } else {
            landing = try moveToProcessed(relative)
        }
        guard let decided, decided.inode != 0, !Self.holds(landing, decided, in: home.processedFolder) else { return nil }
        return putBack(landing, as: relative)
    }

    /// Whether the file at `landing` is `decided` (same inode and modification time); true as
    /// well when there is nothing there any more to put back.
    private static func holds(_ landing: Landing, _ decided: FileIdentity, in processed: FolderHandle) -> Bool {
        var info = stat()
        let found: Bool
        switch landing {
        case .processed(let relative):
            found = processed.withLocation(of: relative) { folder, name in
                name.withCString { fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
            }
        case .path(let path):
            found = lstat(path, &info) == 0
        }
        return !found || (UInt64(info.st_ino) == decided.inode && info.st_mtim.nanoseconds == decided.mtimeNanoseconds)
    }

    /// Renames the file at `landing` back into the inbox as `relative` (or the first free
    /// `~N` name beside it); says where it went, or why it could not.
    private func putBack(_ landing: Landing, as relative: String) -> String {
        let from: String
        switch landing {
        case .processed(let name): from = home.processedPath + "/" + name
        case .path(let path): from = path
        }
        var n = 1
        while true {
            let target = candidate(n, for: relative, in: home.inboxPath)
            let code = operations.rename(from, target, false)
            if code == EEXIST {
                n += 1
                continue
            }
            let inboxName = String(target.dropFirst(home.inboxPath.count + 1))
            return code == 0
                ? "another file took its name after it was read; that file is back in the inbox as \(inboxName), to be decided"
                : "another file took its name after it was read and could not be put back in the inbox (\(String(cString: strerror(code)))); it is at \(from), undecided"
        }
    }

    /// Writes `reason` as `NAME.reason` under `rejected/`, then moves the file beside it.
    ///
    /// The reason is written first, so a crash in between leaves the file in the inbox (to be
    /// moved again on restart, reusing the same reason file), never a reason-less rejection.
    func moveToRejected(_ relative: String, reason: String) throws -> URL {
        // As for processed/: around a folder on the way that is a file there.
        let relativeTarget = relative.contains("/") ? (Self.avoidingFiles(relative, under: home.rejected.path) ?? relative) : relative
        let target = freeTarget(for: relativeTarget, in: home.rejected, reserve: ".reason".utf8.count) { candidate in
            let reasonFile = candidate.appendingPathExtension("reason")
            return !exists(candidate)
                && (!exists(reasonFile) || (try? String(contentsOf: reasonFile, encoding: .utf8)) == reason)
        }
        let reasonFile = target.appendingPathExtension("reason")
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DaemonError.fileSystem(path: reasonFile.path, errno: Self.posixCode(of: error), operation: "create folder")
        }
        try writeReplacing(reasonFile, Array(reason.utf8))
        try rename(relative, to: target)
        return target
    }

    /// Writes `bytes` to `url` through a `.partial-…` file and a rename, so a crash never leaves a
    /// half-written file under the real name; the partial name is fixed, so a retry after a
    /// crash overwrites it rather than leaving litter.
    private func writeReplacing(_ url: URL, _ bytes: [UInt8]) throws {
        // Short and fixed per target: even a 255-byte name gets a valid partial name.
        let partial = url.deletingLastPathComponent().appending(path: ".partial-" + SHA256.hex(url.lastPathComponent).prefix(20)).path
        let written = operations.writeFile(partial, bytes)
        guard written == 0 else { throw DaemonError.fileSystem(path: partial, errno: written, operation: "write") }
        let renamed = operations.rename(partial, url.path, true)
        guard renamed == 0 else { throw DaemonError.fileSystem(path: partial, errno: renamed, operation: "rename to \(url.path)") }
    }

    private func createFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DaemonError.fileSystem(path: folder.path, errno: Self.posixCode(of: error), operation: "create folder")
        }
    }

    private func rename(_ relative: String, to target: URL) throws {
        let source = home.inboxPath + "/" + relative
        try createFolder(target.deletingLastPathComponent())
        let renamed = operations.rename(source, target.path, false)
        guard renamed == 0 else {
            throw DaemonError.fileSystem(path: source, errno: renamed, operation: "rename to \(target.path)")
        }
    }

    /// The first of `relative`, `stem~2.ext`, `stem~3.ext`, … under `folder` that `isFree`
    /// accepts and whose name, plus `reserve` bytes (for a `.reason` beside it), fits in 255 bytes.
    private func freeTarget(for relative: String, in folder: URL, reserve: Int = 0, isFree: (URL) -> Bool) -> URL {
        var n = 1
        while true {
            let target = URL(filePath: candidate(n, for: relative, in: folder.path, reserve: reserve))
            if isFree(target) { return target }
            n += 1
        }
    }

    /// The `n`th name tried for `relative` under `folder`: `relative` itself, then `stem~2.ext`,
    /// `stem~3.ext`, …; the stem (never the suffix) is shortened so that the name, plus
    /// `reserve` bytes, fits in 255 bytes.
    ///
    /// The usual answer, the file's own name, is a string concatenation (every decided file
    /// asks; building it through `URL` was measurable).
    private func candidate(_ n: Int, for relative: String, in folder: String, reserve: Int = 0) -> String {
        let limit = 255 - reserve
        if n == 1 && Self.lastComponentLength(relative) <= limit { return folder + "/" + relative }
        let first = URL(filePath: folder, directoryHint: .isDirectory).appending(path: relative)
        let directory = first.deletingLastPathComponent()
        var ext = first.pathExtension
        if ext.utf8.count > 32 { ext = "" }
        let stem = ext.isEmpty ? first.lastPathComponent : String(first.lastPathComponent.dropLast(ext.count + 1))
        let suffix = (n == 1 ? "" : "~\(n)") + (ext.isEmpty ? "" : "." + ext)
        var shortStem = stem
        while shortStem.utf8.count + suffix.utf8.count > limit { shortStem.removeLast() }
        return directory.appending(path: shortStem + suffix).path
    }

    private static func posixCode(of error: any Error) -> Int32 {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return Int32(code) }
        return EIO
    }

    private func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }
}
