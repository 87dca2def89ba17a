/// Word shingles: every run of `size` consecutive words, hashed to 64 bits.
public enum Shingler {
    /// The shingle hashes of `words` in text order; a text shorter than `size` words gives one
    /// shingle of all its words, an empty text none.
    public static func shingles(_ words: [UInt64], size: Int) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        if words.count <= size { return [fold(words[...])] }
        var out: [UInt64] = []
        out.reserveCapacity(words.count - size + 1)
        for start in 0...(words.count - size) {
            out.append(fold(words[start..<(start + size)]))
        }
        return out
    }

    @inline(__always)
    static func fold(_ words: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x1234_5678_9abc_def1
        for w in words { h = StableHash.combine(h, w) }
        return h
    }

    /// |a ∩ b| for two sorted arrays without repeats.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if x == y { n += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
        }
        return n
    }
}
