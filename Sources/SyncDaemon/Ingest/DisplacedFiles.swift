import Store
import Synchronization

/// Decided files that left their path in the inbox before they could be moved out of it (a
/// subfolder renamed within the inbox while its files were being decided), by inode, size and
/// modification time: found again under a new path, such a file is only moved, not decided a
/// second time.
///
/// Kept in memory, for the running daemon (a file renamed while syncd is stopped is decided
/// again under its new path, as a duplicate of itself). Bounded: past ``limit`` entries (files
/// deleted from the inbox are never found again) they are all forgotten.
final class DisplacedFiles: Sendable {
    struct Key: Hashable {
        let inode: UInt64
        let size: Int64
        let mtime: Int64

        init(_ identity: FileIdentity) {
            inode = identity.inode
            size = identity.size
            mtime = identity.mtimeNanoseconds
        }
    }

    static let limit = 10_000
    private let entries = Mutex<[Key: DecidedFile]>([:])

    init() {}

    /// Notes that the file `identity` names was decided (`decided`) but is no longer at its path.
    func note(_ identity: FileIdentity, _ decided: DecidedFile) {
        guard identity.inode != 0 else { return }
        entries.withLock { entries in
            if entries.count >= Self.limit { entries.removeAll() }
            entries[Key(identity)] = decided
        }
    }

    /// The decision of the displaced file `identity` names, if it is one (forgotten then).
    func take(_ identity: FileIdentity) -> DecidedFile? {
        entries.withLock { entries in entries.isEmpty ? nil : entries.removeValue(forKey: Key(identity)) }
    }
}
