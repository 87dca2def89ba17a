import Foundation
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

    /// Moves `relative` from the inbox to the same path under `processed/` (or the first free
    /// `~N` name beside it).
    ///
    /// Each name is tried with a rename that never replaces (one system call when the name is
    /// free, as it nearly always is; the file's own name is moved between the open folders); a
    /// missing folder is created and the name tried again.
    func moveToProcessed(_ relative: String) throws {
        var n = 1
        var createdFolder = false
        let fits = Self.lastComponentLength(relative) <= 255
        while true {
            let code = n == 1 && fits
                ? operations.move(relative, home.inboxFolder, home.processedFolder)
                : operations.rename(home.inboxPath + "/" + relative, candidate(n, for: relative, in: home.processedPath), false)
            switch code {
            case 0:
                return
            case EEXIST:
                n += 1
            case ENOENT where !createdFolder:
                let target = candidate(n, for: relative, in: home.processedPath)
                try createFolder(URL(filePath: target).deletingLastPathComponent())
                createdFolder = true
                // Either folder may have been removed and made again since it was opened.
                _ = home.inboxFolder.reopenIfReplaced()
                _ = home.processedFolder.reopenIfReplaced()
            default:
                let target = candidate(n, for: relative, in: home.processedPath)
                throw DaemonError.fileSystem(path: home.inboxPath + "/" + relative, errno: code, operation: "rename to \(target)")
            }
        }
    }

    /// The length in bytes of the last component of a relative path.
    private static func lastComponentLength(_ relative: String) -> Int {
        var length = 0
        for byte in relative.utf8 { length = byte == 0x2F ? 0 : length + 1 }
        return length
    }

    /// Moves a decided file where its event sends it: `rejected/` (with a reason file naming
    /// the event) for a rejection, `processed/` otherwise.
    func moveDecided(_ relative: String, type: EventType, reason: String?, seq: Int64) throws {
        if type == .fileRejected {
            _ = try moveToRejected(relative, reason: "file: \(relative)\nevent: \(seq)\nreason: \(reason ?? "unknown")\n")
        } else {
            try moveToProcessed(relative)
        }
    }

    /// Writes `reason` as `NAME.reason` under `rejected/`, then moves the file beside it.
    ///
    /// The reason is written first, so a crash in between leaves the file in the inbox (to be
    /// moved again on restart, reusing the same reason file), never a reason-less rejection.
    func moveToRejected(_ relative: String, reason: String) throws -> URL {
        let target = freeTarget(for: relative, in: home.rejected, reserve: ".reason".utf8.count) { candidate in
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
