/// Word shingles: every run of `size` consecutive words, hashed to 64 bits.
public enum Shingler {
    /// The shingle hashes of `words` in text order; a text shorter than `size` words gives one
    /// shingle of all its words, an empty text none.
    public static func shingles(_ words: [UInt64], size: Int) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        // A text shorter than `size` is one shingle of all its words.
        let width = min(size, words.count), count = words.count - width + 1
        return words.withUnsafeBufferPointer { words in
            (0..<count).map { start in
                var h: UInt64 = 0x1234_5678_9abc_def1
                for k in start..<(start + width) { h = StableHash.combine(h, words[k]) }
                return h
            }
        }
    }

    /// The distinct values of `values`, ascending.
    public static func sortedDistinct(_ values: [UInt64]) -> [UInt64] {
        var out = values
        out.sort()
        var write = 0
        for value in out where write == 0 || out[write - 1] != value {
            out[write] = value
            write += 1
        }
        out.removeSubrange(write...)
        return out
    }

    /// |a ∩ b| for two sorted arrays without repeats.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        intersectionCount(a, b, atLeast: 0) ?? 0
    }

    /// |a ∩ b| when it is at least `needed`, else nil — often found out long before the end:
    /// the merge stops once even matching every remaining value could not reach `needed`.
    ///
    /// A branch-free merge: which side advances is computed, not branched on, so the
    /// unpredictable comparisons of two random hash lists cost no mispredictions.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64], atLeast needed: Int) -> Int? {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let na = a.count, nb = b.count
                guard needed <= min(na, nb) else { return nil }
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return needed <= 0 ? 0 : nil }
                var i = 0, j = 0, n = 0
                while i < na && j < nb {
                    // Check the bound every 16 steps; the steps themselves stay branch-free.
                    if n + min(na - i, nb - j) < needed { return nil }
                    let stop = min(16, na - i, nb - j)
                    for _ in 0..<stop {
                        let x = pa[i], y = pb[j]
                        n &+= x == y ? 1 : 0
                        i &+= x <= y ? 1 : 0
                        j &+= y <= x ? 1 : 0
                    }
                }
                return n >= needed ? n : nil
            }
        }
    }
}
