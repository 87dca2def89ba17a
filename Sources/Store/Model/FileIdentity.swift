/// What identifies one file in the inbox: its relative path and what `stat` and its bytes say.
///
/// A file whose identity matches a decided file's is the same file seen again (for example
/// after a crash between the commit and the move): it is moved, not decided twice.
public struct FileIdentity: Sendable, Hashable {
    /// Path relative to the inbox, `/`-separated, e.g. `ap/story.txt`.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtimeNanoseconds: Int64
    public var inode: UInt64
    /// SHA-256 hex of the file's bytes; empty when the bytes could not be read.
    public var rawHash: String
    /// Status-change time in nanoseconds since 1970: new for a new file or one renamed in, so a
    /// re-sent copy that got a freed inode back is not the file decided before. Nil when unknown
    /// (records made before migration 0010 match any).
    public var ctimeNanoseconds: Int64?

    public init(path: String, size: Int64, mtimeNanoseconds: Int64, inode: UInt64, rawHash: String,
                ctimeNanoseconds: Int64? = nil) {
        self.path = path
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.inode = inode
        self.rawHash = rawHash
        self.ctimeNanoseconds = ctimeNanoseconds
    }

    /// The inbox subfolder that names the feed: the first path component, if the file is in one.
    public var source: String? {
        // Searched as bytes: a `Character` search walks grapheme clusters, and this runs for
        // every decided file. "/" is one byte in UTF-8 and never part of another character.
        guard let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(path[..<slash])
    }
}
