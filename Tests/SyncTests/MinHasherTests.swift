import Testing
@testable import Sync

/// ``MinHasher`` against a direct transcription of its definition: one-permutation hashing,
/// then each empty bin copies the first filled bin of its own hashed sequence.
@Suite("MinHasher")
struct MinHasherTests {
    /// The definition, one hash per densification attempt, no tables or bit tricks.
    static func reference(_ shingles: [UInt64], count: Int) -> [UInt32] {
        func bin(_ value: UInt64) -> Int { Int(((value >> 32) * UInt64(count)) >> 32) }
        var mins = [UInt32](repeating: .max, count: count)
        guard !shingles.isEmpty else { return mins }
        var filled = [Bool](repeating: false, count: count)
        for x in shingles {
            filled[bin(x)] = true
            mins[bin(x)] = min(mins[bin(x)], UInt32(truncatingIfNeeded: x))
        }
        for empty in 0..<count where !filled[empty] {
            var attempt: UInt64 = 1
            while !filled[bin(StableHash.mix(UInt64(empty) << 32 | attempt))] { attempt += 1 }
            mins[empty] = mins[bin(StableHash.mix(UInt64(empty) << 32 | attempt))]
        }
        return mins
    }

    @Test(arguments: [128, 100, 1, 64, 300])
    func signaturesMatchTheDefinitionFromEmptyToDenseSets(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let hasher = MinHasher(count: count)
        // Sizes from empty through sparse (most bins copied, many past the route table) to dense.
        for size in [0, 1, 2, 3, 5, 9, 17, 40, 90, 128, 200, 600] {
            for _ in 0..<20 {
                let shingles = (0..<size).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
                #expect(hasher.signature(of: shingles) == Self.reference(shingles, count: count), "size \(size)")
            }
        }
    }

    @Test func equalSetsAgreeAndEstimatesTrackJaccard() {
        let hasher = MinHasher(count: 128)
        let a = (0..<400).map { StableHash.mix(UInt64($0)) }
        let b = (200..<600).map { StableHash.mix(UInt64($0)) }  // Jaccard 200 / 600
        #expect(MinHasher.estimate(hasher.signature(of: a), hasher.signature(of: a)) == 1)
        let estimate = MinHasher.estimate(hasher.signature(of: a), hasher.signature(of: b))
        #expect(abs(estimate - 1.0 / 3.0) < 0.15, "estimate \(estimate)")
    }
}
