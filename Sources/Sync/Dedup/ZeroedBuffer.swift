#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size block of zero-filled elements for a hash table's slots, whose all-zero value
/// must mean "empty".
///
/// A new block needs no initializing pass of ours: a large one is mapped straight from the
/// kernel, which zeroes each page when it is first touched (the work is deferred, not gone).
/// A large block is also aligned to 2 MiB and, on Linux, marked for transparent huge pages
/// (`MADV_HUGEPAGE`, which the default `madvise` setting honours): the LSH table probes dozens
/// of random slots per document across tens of megabytes, far more than the TLB covers in
/// 4 KiB pages. With huge pages a table soon becomes resident whole, as random probing touches
/// every 2 MiB page. Small blocks come from `calloc`. Reference semantics: a table that may be
/// shared copies it first (``copy()``, which makes the copy resident).
final class ZeroedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    /// The mapping to unmap (base and length), nil when the block came from `calloc`.
    private let mapping: (UnsafeMutableRawPointer, Int)?

    /// Blocks at least this large are mapped and aligned to a huge page.
    private static var mappedMinimum: Int { 4 << 20 }
    private static var hugePage: Int { 2 << 20 }

    /// `count` zero-filled elements (at least one).
    init(zeroedCount: Int) {
        count = max(1, zeroedCount)
        let bytes = count * MemoryLayout<Element>.stride
        if bytes >= Self.mappedMinimum,
           let mapped = mmap(nil, bytes + Self.hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           mapped != MAP_FAILED {
            let address = Int(bitPattern: mapped)
            let aligned = UnsafeMutableRawPointer(bitPattern: (address + Self.hugePage - 1) & ~(Self.hugePage - 1))!
            #if os(Linux)
            _ = madvise(aligned, bytes, Int32(MADV_HUGEPAGE))  // advice only: 4 KiB pages work too
            #endif
            mapping = (mapped, bytes + Self.hugePage)
            base = aligned.bindMemory(to: Element.self, capacity: count)
        } else {
            guard let block = calloc(count, MemoryLayout<Element>.stride) else { fatalError("out of memory for \(bytes) bytes") }
            mapping = nil
            base = block.bindMemory(to: Element.self, capacity: count)
        }
    }

    /// An independent buffer with the same contents.
    func copy() -> ZeroedBuffer {
        let other = ZeroedBuffer(zeroedCount: count)
        other.base.update(from: base, count: count)
        return other
    }

    deinit {
        if let (address, length) = mapping {
            munmap(address, length)
        } else {
            free(base)
        }
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }
}
