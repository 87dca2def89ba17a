import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An open descriptor of one of the home's folders, so that a file in it is named to the
/// kernel by the descriptor and its relative path.
///
/// Every ingested file is looked at, opened and moved by name: relative to an open folder the
/// kernel resolves only the relative part, not the folder's whole path again each time. The
/// descriptor is opened on first use; while the folder cannot be opened, calls get the whole
/// path instead (`AT_FDCWD`), and so do they while it is on another file system than the
/// home (a move there fails anyway, and a file system held open cannot be unmounted).
///
/// The path stays what counts: a folder moved aside (an operator archiving `processed/`) or
/// removed and made again is noticed within ``recheckInterval``, when the descriptor is
/// checked against the path, and at once by a caller that gets `ENOENT` and calls
/// ``reopenIfReplaced()`` (then it tries once more, see ``attempt(_:_:)``).
public final class FolderHandle: Sendable {
    /// The folder's path, as the home names it.
    public let path: String
    /// The folder whose file system this one must be on to be held open (the home's root).
    let anchor: String?
    private let state = Mutex<(folder: OpenFolder?, checked: Int64, tried: Bool)>((nil, 0, false))

    /// How often, in nanoseconds, the descriptor is checked to still be the path's folder (and,
    /// while there is none, how often opening it is tried again).
    static let recheckInterval: Int64 = 100_000_000

    /// One open descriptor, closed when the last call using it is done with it (a reopen never
    /// closes a descriptor another thread is using).
    private final class OpenFolder: Sendable {
        let descriptor: Int32

        /// Opens `path`, unless it is missing or on another file system than `anchor`: a file
        /// system mounted there (a move into it fails anyway, across devices) must stay free to
        /// unmount.
        init?(_ path: String, anchor: String?) {
            // Opened first, then checked: what is held is what was checked.
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            if let anchor {
                guard let held = FolderIdentity(descriptor: descriptor), let anchored = FolderIdentity(path: anchor),
                      held.device == anchored.device else {
                    close(descriptor)
                    return nil
                }
            }
            self.descriptor = descriptor
        }

        deinit { close(descriptor) }

        /// True when `path` names this folder.
        func isNamed(by path: String) -> Bool {
            guard let named = FolderIdentity(path: path) else { return false }
            return named == FolderIdentity(descriptor: descriptor)
        }
    }

    /// A handle on the folder at `path`, held open only while it is on the same file system
    /// as `anchor` (when given).
    public init(path: String, anchor: String? = nil) {
        self.path = path
        self.anchor = anchor
    }

    /// Calls `body` with the folder's descriptor and `relative`, or with `AT_FDCWD` and the
    /// whole path while the folder is not held open.
    func withLocation<Result>(of relative: String, _ body: (_ folder: Int32, _ name: String) -> Result) -> Result {
        let folder = current()
        guard let folder else { return body(AT_FDCWD, path + "/" + relative) }
        return withExtendedLifetime(folder) { body(folder.descriptor, relative) }
    }

    /// Calls `body` as ``withLocation(of:_:)`` does and answers its result, 0 or an `errno`;
    /// on `ENOENT` (or NFS's `ESTALE`) from a folder since replaced, calls it once more on the
    /// new one.
    func attempt(_ relative: String, _ body: (_ folder: Int32, _ name: String) -> Int32) -> Int32 {
        let code = withLocation(of: relative, body)
        guard code == ENOENT || code == ESTALE, reopenIfReplaced() else { return code }
        return withLocation(of: relative, body)
    }

    /// Opens the folder again when its path now names another folder than the one held (or
    /// one can now be held); true when that changed where calls go, so that a call that
    /// failed with `ENOENT` is worth one retry.
    func reopenIfReplaced() -> Bool {
        state.withLock { state in
            state.checked = Self.now()
            state.tried = true
            if let held = state.folder {
                if held.isNamed(by: path) { return false }
                state.folder = OpenFolder(path, anchor: anchor)
                return true
            }
            state.folder = OpenFolder(path, anchor: anchor)
            return state.folder != nil
        }
    }

    /// The descriptor to use now: opened on first use, checked against the path at most every
    /// ``recheckInterval``, and while there is none, tried again as often.
    private func current() -> OpenFolder? {
        let now = Self.now()
        return state.withLock { state in
            guard !state.tried || now - state.checked >= Self.recheckInterval else { return state.folder }
            state.tried = true
            state.checked = now
            if state.folder?.isNamed(by: path) != true { state.folder = OpenFolder(path, anchor: anchor) }
            return state.folder
        }
    }

    /// A cheap monotonic clock (the coarse one: a few milliseconds' resolution is plenty).
    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return time.nanoseconds
    }
}
