/// Eight ASCII bytes in one 64-bit word, tested all at once ("SIMD within a register").
///
/// Every test returns a mask with the high bit of each byte set where the byte passes, and is
/// exact byte by byte provided every byte is below 0x80 (no carry crosses a byte then). The
/// ASCII tokenizer's prepare step also runs them on text not yet checked: a byte of 0x80 or
/// more can then spoil the masks, but that text is rejected by the same pass (its high bit is
/// collected) and all that step produced is thrown away. Bytes are in memory order: byte 0 is
/// the lowest (little-endian loads).
enum ASCIIWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `pointer`, which need no alignment.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    static func store(_ word: UInt64, to pointer: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: word.littleEndian, as: UInt64.self)
    }

    /// Bytes equal to `byte`.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let t = word ^ (UInt64(byte) &* ones)
        // A byte of t below 0x80 plus 0x7F reaches the high bit unless it is zero.
        return ~((t &+ 0x7F &* ones) | t) & highBits
    }

    /// Bytes in `low...high` (both below 0x80).
    @inline(__always)
    static func inRange(_ word: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        let atLeastLow = word &+ UInt64(0x80 - low) &* ones
        let aboveHigh = word &+ UInt64(0x7F - high) &* ones
        return atLeastLow & ~aboveHigh & highBits
    }

    /// All ones when `value` is not zero, else zero, computed without a branch.
    @inline(__always)
    static func allOnes(ifNonzero value: UInt64) -> UInt64 { 0 &- ((value | (0 &- value)) &>> 63) }

    /// The number of whole bytes below the first set high bit of `mask` (8 when none is).
    @inline(__always)
    static func leadingBytes(_ mask: UInt64) -> Int { mask.trailingZeroBitCount &>> 3 }

    /// The low `count` bytes of a word set (0 ≤ count ≤ 8).
    @inline(__always)
    static func lowBytes(_ count: Int) -> UInt64 {
        count >= 8 ? .max : (1 &<< UInt64(count &* 8)) &- 1
    }
}
