import Testing
@testable import Sync

@Suite("Shingler")
struct ShinglerTests {
    /// Sorted, repeat-free random values drawn from a small range, so sets overlap.
    func sortedSet(_ count: Int, range: UInt64, using generator: inout SystemRandomNumberGenerator) -> [UInt64] {
        var values = Set<UInt64>()
        while values.count < count { values.insert(UInt64.random(in: 0..<range, using: &generator)) }
        return values.sorted()
    }

    /// Shingle hashes are stored with each version, so every size keeps the one definition:
    /// each word's hash rotated by 21 bits per position, XORed into a fixed seed, mixed once
    /// (the default size 3 has its own unrolled loop).
    @Test func shingleHashesFollowTheirDefinitionAtEverySize() {
        var generator = SystemRandomNumberGenerator()
        func reference(_ words: [UInt64], size: Int) -> [UInt64] {
            guard !words.isEmpty else { return [] }
            let width = min(size, words.count)
            return (0...(words.count - width)).map { start in
                var h: UInt64 = 0x1234_5678_9abc_def1
                for k in 0..<width {
                    let r = UInt64(k * 21 % 64)
                    h ^= r == 0 ? words[start + k] : (words[start + k] << r) | (words[start + k] >> (64 - r))
                }
                return StableHash.mix(h)
            }
        }
        for size in 1...5 {
            for count in [0, 1, 2, 3, 4, 7, 40] {
                let words = (0..<count).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
                #expect(Shingler.shingles(words, size: size) == reference(words, size: size), "size \(size), \(count) words")
            }
        }
        // A pinned value: the hashes of stored versions must not change between releases.
        #expect(Shingler.shingles([1, 2, 3], size: 3) == [0x6583_0cdd_449c_53a3])
    }

    @Test func intersectionCountsAgreeWithSets() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let a = sortedSet(Int.random(in: 0..<150, using: &generator), range: 300, using: &generator)
            let b = sortedSet(Int.random(in: 0..<150, using: &generator), range: 300, using: &generator)
            let exact = Set(a).intersection(b).count
            #expect(Shingler.intersectionCount(a, b) == exact)
            let needed = Int.random(in: 0...160, using: &generator)
            // The bounded count answers exactly when the count reaches `needed`, nil otherwise.
            #expect(Shingler.intersectionCount(a, b, atLeast: needed) == (exact >= needed ? exact : nil), "needed \(needed)")
        }
    }

    @Test func theShingleFilterNeverUndercountsAndRejectsUnrelatedTexts() {
        var generator = SystemRandomNumberGenerator()
        // Hash-like values (spread over all 64 bits) from a small pool, so sets overlap.
        let pool = (0..<3000).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
        for _ in 0..<500 {
            let a = Array(Set(pool[0..<Int.random(in: 1...3000, using: &generator)].shuffled(using: &generator)
                .prefix(Int.random(in: 0..<400, using: &generator)))).sorted()
            let b = Array(Set(pool.shuffled(using: &generator).prefix(Int.random(in: 0..<400, using: &generator)))).sorted()
            let filter = ShingleFilter(a)
            let bound = filter.upperBound(b)
            #expect(bound >= Shingler.intersectionCount(a, b))
            // The early-exit test agrees with the full count at every threshold near it.
            for needed in [1, bound - 1, bound, bound + 1, b.count, b.count + 1, Int.random(in: 1...401, using: &generator)] where needed >= 1 {
                #expect(filter.mayShare(needed, with: b) == (bound >= needed), "needed \(needed), bound \(bound), count \(b.count)")
            }
        }
        // Two unrelated 200-shingle texts: about one hash in sixteen is a false positive.
        var falsePositives = 0
        for _ in 0..<50 {
            let a = (0..<200).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }.sorted()
            let b = (0..<200).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }.sorted()
            falsePositives += ShingleFilter(a).upperBound(b)
        }
        #expect(falsePositives < 50 * 200 / 8, "false positives: \(falsePositives) of \(50 * 200)")
    }

    @Test func sortedDistinctSortsAndDropsRepeatsOfAnyValues() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<600 {
            let count = Int.random(in: 0..<(round < 500 ? 300 : 5000), using: &generator)
            let values: [UInt64] = (0..<count).map { _ in
                switch round % 4 {
                case 0: UInt64.random(in: 0...UInt64.max, using: &generator)   // hash-like
                case 1: UInt64.random(in: 0..<50, using: &generator)           // all in the lowest bucket, many repeats
                case 2: UInt64.random(in: 0..<8, using: &generator) << 61      // few values, top bits only
                default: UInt64.random(in: 0..<1024, using: &generator) << 50  // crowded buckets
                }
            }
            #expect(Shingler.sortedDistinct(values) == Array(Set(values)).sorted(), "round \(round), \(count) values")
        }
    }
}
