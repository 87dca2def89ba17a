/// Small, fast, seed-free hashes that give the same value on every run and machine.
///
/// Swift's `Hasher` is randomly seeded per process, so it cannot be used for anything stored.
public enum StableHash {
    /// A hash of the UTF-8 bytes: eight bytes at a time (``WordHasher``), finished with
    /// ``mix(_:)``.
    public static func string(_ text: String) -> UInt64 {
        var hasher = WordHasher()
        for byte in text.utf8 { hasher.add(byte) }
        return hasher.finish()
    }

    /// Hashes a word byte by byte, as ``string(_:)`` does, with its state in two registers:
    /// bytes are packed into a 64-bit word and folded into the hash once per eight, so a
    /// typical word costs one fold and one ``mix(_:)``.
    struct WordHasher {
        private var hash: UInt64 = 0x243f_6a88_85a3_08d3
        private var packed: UInt64 = 0
        private var shift: UInt64 = 0
        private var length: UInt64 = 0

        @inline(__always) init() {}

        @inline(__always)
        mutating func add(_ byte: UInt8) { add(chunk: UInt64(byte), count: 1) }

        /// Adds the low `count` bytes of `chunk` (1…8, the rest zero), lowest first: the same
        /// as adding them one by one.
        @inline(__always)
        mutating func add(chunk: UInt64, count: Int) {
            packed |= chunk &<< shift
            length &+= UInt64(count)
            let filled = shift &+ UInt64(count &* 8)
            if filled >= 64 {
                hash = Self.fold(hash, packed)
                // The bytes that did not fit (none when shift is 0).
                packed = shift == 0 ? 0 : chunk &>> (64 &- shift)
                shift = filled &- 64
            } else {
                shift = filled
            }
        }

        @inline(__always)
        func finish() -> UInt64 { mix(Self.fold(hash, packed) ^ length) }

        @inline(__always)
        private static func fold(_ hash: UInt64, _ chunk: UInt64) -> UInt64 {
            let h = (hash ^ chunk) &* 0x9e37_79b9_7f4a_7c15
            return (h << 29) | (h >> 35)
        }
    }

    /// The SplitMix64 finalizer: a bijection on 64 bits that spreads every input bit.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Combines an ordered pair of hashes.
    @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a ^ (b &* 0x9e37_79b9_7f4a_7c15 &+ (a << 6) &+ (a >> 2)))
    }
}
