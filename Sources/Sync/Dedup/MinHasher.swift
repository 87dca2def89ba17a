/// MinHash signatures over 64-bit shingle hashes.
///
/// Hash function `i` is `mix(x ^ seed[i])` (a SplitMix64 finalizer, a bijection), keeping the
/// top 32 bits of each minimum: the share of equal positions in two signatures estimates the
/// Jaccard similarity of the two sets. Seeds are fixed, so stored signatures stay comparable.
public struct MinHasher: Sendable {
    public let seeds: [UInt64]

    public init(count: Int) {
        var state: UInt64 = 0x5eed_0f_5ca1ab1e
        seeds = (0..<count).map { _ in
            state = StableHash.mix(state)
            return state
        }
    }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var mins = [UInt64](repeating: .max, count: seeds.count)
        seeds.withUnsafeBufferPointer { seeds in
            mins.withUnsafeMutableBufferPointer { mins in
                for x in shingles {
                    for i in 0..<seeds.count {
                        let v = StableHash.mix(x ^ seeds[i])
                        if v < mins[i] { mins[i] = v }
                    }
                }
            }
        }
        return mins.map { UInt32(truncatingIfNeeded: $0 >> 32) }
    }

    /// The estimated Jaccard similarity of two signatures of equal length.
    public static func estimate(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var same = 0
        for i in 0..<a.count where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }
}
