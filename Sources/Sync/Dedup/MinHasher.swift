/// MinHash signatures over 64-bit shingle hashes, by one-permutation hashing.
///
/// Each (already well-mixed) shingle hash is used once: its top bits pick one of `count`
/// bins and its low 32 bits compete for that bin's minimum, so a signature costs one pass over
/// the shingles instead of `count` hash functions per shingle. Bins no shingle reached are
/// filled by optimal densification (Shrivastava, 2017): an empty bin copies the bin that a
/// fixed hash sequence of its own number first lands on among the filled ones, which keeps
/// equal-position agreement an unbiased estimate of Jaccard similarity. Everything is fixed:
/// the same shingles give the same signature on every run and machine.
public struct MinHasher: Sendable {
    public let count: Int

    public init(count: Int) {
        precondition(count > 0 && count <= 4096, "MinHash signature length must be 1…4096")
        self.count = count
    }

    /// The bin of `count` that a 32-bit value selects (multiply-shift range reduction).
    @inline(__always)
    private func bin(_ value: UInt64) -> Int { Int(truncatingIfNeeded: ((value >> 32) &* UInt64(count)) >> 32) }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var mins = [UInt32](repeating: .max, count: count)
        guard !shingles.isEmpty else { return mins }
        let count = self.count
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { filled in
            filled.initialize(repeating: false)
            mins.withUnsafeMutableBufferPointer { mins in
                // Branch-free: every shingle marks its bin and competes for its minimum.
                shingles.withUnsafeBufferPointer { shingles in
                    for x in shingles {
                        let b = bin(x)
                        filled[b] = true
                        mins[b] = Swift.min(mins[b], UInt32(truncatingIfNeeded: x))
                    }
                }
                var filledCount = 0
                for b in 0..<count { filledCount &+= filled[b] ? 1 : 0 }
                guard filledCount < count else { return }
                for empty in 0..<count where !filled[empty] {
                    var attempt: UInt64 = 1
                    while true {
                        let source = bin(StableHash.mix(UInt64(empty) << 32 | attempt))
                        if filled[source] {
                            mins[empty] = mins[source]
                            break
                        }
                        attempt += 1
                    }
                }
            }
        }
        return mins
    }

    /// The estimated Jaccard similarity of two signatures of equal length.
    public static func estimate(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var same = 0
        for i in 0..<a.count where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }
}
