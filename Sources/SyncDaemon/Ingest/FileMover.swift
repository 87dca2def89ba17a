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

    /// Moves `relative` from the inbox to the same path under `processed/`; returns where it went.
    func moveToProcessed(_ relative: String) throws -> URL {
        let target = freeTarget(for: relative, in: home.processed) { !exists($0) && !exists($0.appendingPathExtension("reason")) }
        try rename(relative, to: target)
        return target
    }

    /// Moves a decided file where its event sends it: `rejected/` (with a reason file naming
    /// the event) for a rejection, `processed/` otherwise.
    func moveDecided(_ relative: String, type: EventType, reason: String?, seq: Int64) throws {
        if type == .fileRejected {
            _ = try moveToRejected(relative, reason: "file: \(relative)\nevent: \(seq)\nreason: \(reason ?? "unknown")\n")
        } else {
            _ = try moveToProcessed(relative)
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
        let renamed = operations.rename(partial, url.path)
        guard renamed == 0 else { throw DaemonError.fileSystem(path: partial, errno: renamed, operation: "rename to \(url.path)") }
    }

    private func rename(_ relative: String, to target: URL) throws {
        let source = home.inbox.path + "/" + relative
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DaemonError.fileSystem(path: target.deletingLastPathComponent().path, errno: Self.posixCode(of: error), operation: "create folder")
        }
        let renamed = operations.rename(source, target.path)
        guard renamed == 0 else {
            throw DaemonError.fileSystem(path: source, errno: renamed, operation: "rename to \(target.path)")
        }
    }

    /// The first of `relative`, `stem~2.ext`, `stem~3.ext`, … under `folder` that `isFree`
    /// accepts and whose name, plus `reserve` bytes (for a `.reason` beside it), fits in 255 bytes.
    private func freeTarget(for relative: String, in folder: URL, reserve: Int = 0, isFree: (URL) -> Bool) -> URL {
        let first = folder.appending(path: relative)
        let limit = 255 - reserve
        if first.lastPathComponent.utf8.count <= limit && isFree(first) { return first }
        let directory = first.deletingLastPathComponent()
        var ext = first.pathExtension
        if ext.utf8.count > 32 { ext = "" }
        let stem = ext.isEmpty ? first.lastPathComponent : String(first.lastPathComponent.dropLast(ext.count + 1))
        var n = 1
        while true {
            // Shorten the stem, never the suffix, so the name stays within the limit.
            let suffix = (n == 1 ? "" : "~\(n)") + (ext.isEmpty ? "" : "." + ext)
            var shortStem = stem
            while shortStem.utf8.count + suffix.utf8.count > limit { shortStem.removeLast() }
            let candidate = directory.appending(path: shortStem + suffix)
            if isFree(candidate) { return candidate }
            n += 1
        }
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
