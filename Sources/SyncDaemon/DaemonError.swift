#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one error type of the daemon module.
///
/// Each case's `description` says what went wrong and, where it helps, what to do about it.
public enum DaemonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration field has a value syncd cannot use; `field` names it.
    case invalidConfiguration(field: String, message: String)
    /// The home folder could not be created or used.
    case home(String)
    /// Another syncd already holds this home's lock.
    case alreadyRunning(home: String)
    /// inotify could not be set up or read.
    case watcher(String)
    /// A file-system call failed; `path` is what it was called on.
    case fileSystem(path: String, errno: Int32, operation: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let message):
            "invalid \(field): \(message)"
        case .home(let message):
            message
        case .alreadyRunning(let home):
            "another syncd is already running on \(home) (its lock file \(home)/syncd.lock is held)"
        case .watcher(let message):
            "inotify: \(message)"
        case .fileSystem(let path, let errno, let operation):
            "\(operation) \(path): \(String(cString: strerror(errno)))"
        }
    }
}
