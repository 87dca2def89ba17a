#if canImport(Glibc)
import Glibc
#endif

extension timespec {
    /// The time in nanoseconds (since 1970 for a file time), as ``Store/FileIdentity`` keeps it.
    var nanoseconds: Int64 { Int64(tv_sec) * 1_000_000_000 + Int64(tv_nsec) }
}
