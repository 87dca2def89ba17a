/// A bitmap of one text's shingle hashes that cheaply bounds its overlap with another text.
///
/// Each hash sets the bit its top bits pick. Counting another text's hashes whose bit is set
/// gives an upper bound of the true intersection (every shared hash is counted; a few others
/// are too, as false positives), at a fraction of a sorted merge's cost: the bitmap stays in
/// the L1 cache and only the other text's array is read. The engine rejects most candidates
/// on this bound and merges exactly only those that may pass (see
/// ``NearDuplicateEngine/candidates(for:)``). With 16 bits per shingle (at least 4,096), about
/// one hash in sixteen is a false positive.
struct ShingleFilter {
    private var bits: [UInt64]
    /// 64 minus the bitmap's log₂ size: a hash's top bits are its bit number.
    private let shift: UInt64

    init(_ shingles: [UInt64]) {
        var size = 4096
        while size < shingles.count * 16 { size *= 2 }
        shift = UInt64(64 - size.trailingZeroBitCount)
        bits = [UInt64](repeating: 0, count: size / 64)
        let shift = self.shift
        bits.withUnsafeMutableBufferPointer { bits in
            for hash in shingles {
                let bit = hash >> shift
                bits[Int(bit >> 6)] |= 1 << (bit & 63)
            }
        }
    }

    /// Whether ``upperBound(_:)`` of `other` reaches `needed`, found out early: the count
    /// stops once even every remaining hash having its bit set could not reach `needed`.
    ///
    /// Most candidates share almost nothing, so for them this reads only the part of `other`
    /// it takes to miss more than `other.count - needed` hashes.
    func mayShare(_ needed: Int, with other: [UInt64]) -> Bool {
        bits.withUnsafeBufferPointer { bits in
            other.withUnsafeBufferPointer { other in
                let total = other.count
                guard needed <= total else { return false }
                var count = 0, i = 0
                while i < total {
                    // Checked every 16 hashes; the counting itself stays branch-free.
                    if count + (total - i) < needed { return false }
                    let end = min(i + 16, total)
                    repeat {
                        let bit = other[i] >> shift
                        count &+= Int(truncatingIfNeeded: (bits[Int(bit >> 6)] >> (bit & 63)) & 1)
                        i &+= 1
                    } while i < end
                }
                return count >= needed
            }
        }
    }

    /// The number of `other`'s hashes whose bit is set: at least |shingles ∩ other|.
    func upperBound(_ other: [UInt64]) -> Int {
        bits.withUnsafeBufferPointer { bits in
            other.withUnsafeBufferPointer { other in
                var count = 0
                for hash in other {
                    let bit = hash >> shift
                    count &+= Int(truncatingIfNeeded: (bits[Int(bit >> 6)] >> (bit & 63)) & 1)
                }
                return count
            }
        }
    }
}
