/// Small, fast, seed-free hashes that give the same value on every run and machine.
///
/// Swift's `Hasher` is randomly seeded per process, so it cannot be used for anything stored.
public enum StableHash {
    /// FNV-1a over the UTF-8 bytes, finished with ``mix(_:)``.
    public static func string(_ text: String) -> UInt64 {
        var h = fnvBasis
        for byte in text.utf8 { h = fnvStep(h, byte) }
        return mix(h)
    }

    /// FNV-1a's starting value; ``fnvStep(_:_:)`` folds in one byte. Hashing bytes one by one
    /// from here and finishing with ``mix(_:)`` gives ``string(_:)`` of those bytes.
    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func fnvStep(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }

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
