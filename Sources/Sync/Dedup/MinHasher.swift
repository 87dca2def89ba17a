/// MinHash signatures over 64-bit shingle hashes.
///
/// Hash function `i` is `a[i]·x + b[i]` modulo 2^64 with odd random `a[i]` (a bijection on
/// 64 bits, universal over the already well-mixed shingle hashes), keeping the top 32 bits of
/// each minimum; eight functions are evaluated at once with SIMD. The share of equal positions
/// in two signatures estimates the Jaccard similarity of the two sets. Seeds are fixed, so
/// stored signatures stay comparable (``family`` names this scheme in stored sketches).
public struct MinHasher: Sendable {
    /// Names the hash family; a stored signature from another family is recomputed.
    public static let family: UInt8 = 2

    let a: [SIMD8<UInt64>]
    let b: [SIMD8<UInt64>]
    public let count: Int

    public init(count: Int) {
        precondition(count > 0 && count % 8 == 0, "MinHash function count must be a multiple of 8")
        self.count = count
        var state: UInt64 = 0x5eed_0f_5ca1ab1e
        func next() -> UInt64 {
            state = StableHash.mix(state)
            return state
        }
        var a: [SIMD8<UInt64>] = [], b: [SIMD8<UInt64>] = []
        for _ in 0..<(count / 8) {
            var va = SIMD8<UInt64>(), vb = SIMD8<UInt64>()
            for lane in 0..<8 {
                va[lane] = next() | 1
                vb[lane] = next()
            }
            a.append(va)
            b.append(vb)
        }
        self.a = a
        self.b = b
    }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        let groups = a.count
        var mins = [SIMD8<UInt64>](repeating: SIMD8(repeating: .max), count: groups)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                mins.withUnsafeMutableBufferPointer { mins in
                    for x in shingles {
                        let vx = SIMD8<UInt64>(repeating: x)
                        for g in 0..<groups {
                            mins[g] = pointwiseMin(mins[g], a[g] &* vx &+ b[g])
                        }
                    }
                }
            }
        }
        var out: [UInt32] = []
        out.reserveCapacity(count)
        for group in mins {
            for lane in 0..<8 { out.append(UInt32(truncatingIfNeeded: group[lane] >> 32)) }
        }
        return out
    }

    /// The estimated Jaccard similarity of two signatures of equal length.
    public static func estimate(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var same = 0
        for i in 0..<a.count where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }
}
