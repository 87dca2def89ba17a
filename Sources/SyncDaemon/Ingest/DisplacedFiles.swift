import Store
import Synchronization

/// Decided files that left their path in the inbox before they could be moved out of it (a
/// subfolder renamed within the inbox while its files were being decided), by inode, size and
/// modification time: found again under a new path, such a file is only moved, not decided a
/// second time.
///
/// Kept in memory, for the running daemon (a file renamed while syncd is stopped is decided
/// again under its new path, as a duplicate of itself). Bounded: past ``limit`` entries the
/// oldest half is forgotten (a file deleted from the inbox is never found again).
final class DisplacedFiles: Sendable {
    struct Key: Hashable {
        let inode: UInt64
        let size: Int64
        let mtime: Int64
    }

    static let limit = 10_000
    private let entries = Mutex<(byKey: [Key: DecidedFile], order: [Key])>(([:], []))

    init() {}

    /// Notes that the file `identity` names was decided (`decided`) but is no longer at its path.
    func note(_ identity: FileIdentity, _ decided: DecidedFile) {
        guard identity.inode != 0 else { return }
        let key = Key(inode: identity.inode, size: identity.size, mtime: identity.mtimeNanoseconds)
        entries.withLock { entries in
            if entries.byKey.updateValue(decided, forKey: key) == nil { entries.order.append(key) }
            if entries.order.count > Self.limit {
                let dropped = entries.order.count / 2
                for old in entries.order.prefix(dropped) { entries.byKey.removeValue(forKey: old) }
                entries.order.removeFirst(dropped)
            }
        }
    }

    /// The decision of the displaced file `identity` names, if it is one (forgotten then).
    func take(_ identity: FileIdentity) -> DecidedFile? {
        let key = Key(inode: identity.inode, size: identity.size, mtime: identity.mtimeNanoseconds)
        return entries.withLock { entries in
            guard !entries.byKey.isEmpty, let decided = entries.byKey.removeValue(forKey: key) else { return nil }
            entries.order.removeAll { $0 == key }
            return decided
        }
    }
}
