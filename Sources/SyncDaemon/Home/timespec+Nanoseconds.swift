#if canImport(Glibc)
import Glibc
#endif

extension timespec {
    /// The time in nanoseconds (since 1970 for a file time), as ``Store/FileIdentity`` keeps it.
    ///
    /// Saturates outside what 64 bits of nanoseconds hold (before 1677 or after 2262): a file
    /// whose clock was wrong must still be decided, not stop the daemon. Two such files differ
    /// still by their inode.
    var nanoseconds: Int64 {
        let (seconds, overflow) = Int64(tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return tv_sec < 0 ? .min : .max }
        let (total, past) = seconds.addingReportingOverflow(Int64(tv_nsec))
        return past ? .max : total
    }
}
