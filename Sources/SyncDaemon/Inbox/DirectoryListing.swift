import Foundation
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// Lists a folder with the raw bytes of each name, so names that are not UTF-8 are not lost.
///
/// A name that is not valid UTF-8 cannot travel in the feed's JSON or be reopened through a
/// `String` path, so it is renamed in place once, its bad bytes written as `%XX`
/// (`caf\xE9.txt` becomes `caf%E9.txt`), and listed under the new name. Nothing is lost: the
/// file keeps its bytes, and the log records the rename.
enum DirectoryListing {
    /// The entries of `directory` except `.` and `..`, as UTF-8 names.
    static func names(in directory: String) -> [String] {
        entries(in: directory).map(\.name)
    }

    /// The entries of `directory` except `.` and `..`, as UTF-8 names, each with its type as
    /// the directory reports it (`DT_DIR`, `DT_REG`, …; `DT_UNKNOWN` where the file system does
    /// not say, and then only `lstat` can tell).
    static func entries(in directory: String) -> [(name: String, type: UInt8)] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(stream) {
            let raw = name(of: entry)
            if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
            let type = entry.pointee.d_type
            if let name = String(validating: raw, as: UTF8.self) {
                entries.append((name, type))
            } else if let renamed = renameToUTF8(raw, in: directory) {
                entries.append((renamed, type))
            }
        }
        return entries
    }

    /// The bytes of `entry`'s name, read up to its terminating zero through a pointer.
    ///
    /// `d_name` is declared as 256 bytes, but a record from `readdir` is only as long as its
    /// name. Copying the whole field (as `withUnsafeBytes(of: entry.pointee.d_name)` does) reads
    /// past the end of the record, and for the last record in readdir's buffer past the end of
    /// the buffer: when that is the end of mapped memory, the process crashes.
    static func name(of entry: UnsafePointer<dirent>) -> [UInt8] {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let start = UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
        return Array(UnsafeRawBufferPointer(start: start, count: strlen(start)))
    }

    /// The longest escaped name kept whole: with a `~N` added it still fits the 255 bytes a
    /// file name may have.
    static let maxEscapedBytes = 240

    /// Renames the entry `raw` in `directory` to its `%XX`-escaped UTF-8 form; returns the new name.
    ///
    /// Escaping makes each bad byte three: a long name that no longer fits is shortened (its
    /// extension kept) and tagged with a digest of the raw name, so two such names stay apart.
    static func renameToUTF8(_ raw: [UInt8], in directory: String) -> String? {
        let escaped = fitted(escape(raw), raw: raw)
        var candidate = escaped
        var n = 2
        var info = stat()
        while lstat(directory + "/" + candidate, &info) == 0 {
            candidate = escaped + "~\(n)"
            n += 1
        }
        let ok = withPath(of: raw, in: directory) { rename($0, directory + "/" + candidate) }
        return ok == 0 ? candidate : nil
    }

    /// Calls `body` with the C path of the entry named by the raw bytes `raw` in `directory`.
    static func withPath<Result>(of raw: [UInt8], in directory: String, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        let path = Array(directory.utf8) + [0x2F] + raw + [0]
        return path.withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: path.count, body)
        }
    }

    /// `escaped`, or when longer than ``maxEscapedBytes``, its stem cut short and followed by
    /// `~` and 8 hex digits of `raw`'s SHA-256, then its extension (up to 16 bytes) if it had one.
    static func fitted(_ escaped: String, raw: [UInt8]) -> String {
        guard escaped.utf8.count > maxEscapedBytes else { return escaped }
        var stem = Substring(escaped)
        var ext: Substring = ""
        if let dot = escaped.lastIndex(of: "."), dot != escaped.startIndex, escaped[dot...].utf8.count <= 16 {
            stem = escaped[..<dot]
            ext = escaped[dot...]
        }
        let tag = "~" + SHA256.hex(raw).prefix(8)
        while stem.utf8.count + tag.utf8.count + ext.utf8.count > maxEscapedBytes { stem.removeLast() }
        return stem + tag + ext
    }

    /// Valid UTF-8 sequences kept, every other byte (and `%` itself) written as `%XX`.
    static func escape(_ raw: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            let length = byte < 0x80 ? 1 : byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
            if length > 0, index + length <= raw.count, byte != 0x25,
               let text = String(validating: raw[index..<(index + length)], as: UTF8.self) {
                result += text
                index += length
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
