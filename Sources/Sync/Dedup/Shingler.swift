/// Word shingles: every run of `size` consecutive words, hashed to 64 bits.
public enum Shingler {
    /// The shingle hashes of `words` in text order; a text shorter than `size` words gives one
    /// shingle of all its words, an empty text none.
    ///
    /// Word hashes are already well mixed, so a shingle's hash is its words' hashes each
    /// rotated by its position (order matters), XORed, and mixed once.
    public static func shingles(_ words: [UInt64], size: Int) -> [UInt64] {
        guard !words.isEmpty else { return [] }
        return words.withUnsafeBufferPointer { words in
            [UInt64](unsafeUninitializedCapacity: words.count - min(size, words.count) + 1) { out, initialized in
                fill(out, words: words.count, size: size) { words[$0] }
                initialized = out.count
            }
        }
    }

    /// Calls `body` with the shingle hashes of `tokens`' word hashes, as ``shingles(_:size:)``
    /// gives them, in a temporary buffer (no array is made for what is sorted and dropped).
    static func withShingles<R>(of tokens: TokenList, size: Int, _ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        tokens.tokens.withUnsafeBufferPointer { tokens in
            let width = min(size, tokens.count), count = tokens.isEmpty ? 0 : tokens.count - width + 1
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { out in
                fill(out, words: tokens.count, size: size) { tokens[$0].hash }
                return body(UnsafeBufferPointer(out))
            }
        }
    }

    /// Writes the shingle hashes of `words` words (`word(i)` is the hash of word `i`) to `out`,
    /// which holds exactly as many as there are.
    @inline(__always)
    private static func fill(_ out: UnsafeMutableBufferPointer<UInt64>, words: Int, size: Int, word: (Int) -> UInt64) {
        guard words > 0 else { return }
        // A text shorter than `size` is one shingle of all its words.
        let width = min(size, words), count = words - width + 1
        precondition(out.count == count, "shingle buffer of the wrong size")
        if width == 3 {
            // The default size, unrolled (the same rotations: 0, 21 and 42 bits).
            var a = word(0), b = word(1)
            for start in 0..<count {
                let c = word(start + 2)
                out[start] = StableHash.mix(0x1234_5678_9abc_def1 ^ a ^ ((b << 21) | (b >> 43)) ^ ((c << 42) | (c >> 22)))
                a = b
                b = c
            }
            return
        }
        for start in 0..<count {
            var h: UInt64 = 0x1234_5678_9abc_def1
            for k in 0..<width {
                let rotation = UInt64(k * 21 % 64)
                let value = word(start + k)
                h ^= (value << rotation) | (value >> ((64 - rotation) & 63))
            }
            out[start] = StableHash.mix(h)
        }
    }

    /// The distinct values of `values`, ascending.
    ///
    /// Shingle hashes are uniform, so their top bits spread them evenly: each value goes to the
    /// bucket its top bits name (about one value per bucket), which leaves every value at most
    /// a bucket away from its place; a branch-free bubble pass and one insertion-sort pass over
    /// the whole array then finish in about two comparisons per value. A crowded bucket (more
    /// than 24 values) is sorted on its own first with the standard sort, so crafted hashes
    /// cannot make the pass quadratic. Linear time on real text; repeats are dropped at the end.
    public static func sortedDistinct(_ values: [UInt64]) -> [UInt64] {
        values.count > 1 ? values.withUnsafeBufferPointer(sortedDistinct) : values
    }

    /// ``sortedDistinct(_:)`` of the values in a buffer.
    static func sortedDistinct(_ values: UnsafeBufferPointer<UInt64>) -> [UInt64] {
        let n = values.count
        guard n > 1 else { return Array(values) }
        let bits = Int.bitWidth - n.leadingZeroBitCount  // 2^(bits-1) <= n < 2^bits
        let shift = UInt64(UInt64.bitWidth - bits)
        let buckets = 1 << bits
        return [UInt64](unsafeUninitializedCapacity: n) { out, initialized in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets + 1) { start in
                start.initialize(repeating: 0)
                for value in values { start[Int(value >> shift) + 1] &+= 1 }
                var crowded = false
                for b in 0..<buckets {
                    crowded = crowded || start[b + 1] > 24
                    start[b + 1] &+= start[b]
                }
                // Scatter: start[b] walks through bucket b (it ends at bucket b + 1's start).
                for value in values {
                    let b = Int(value >> shift)
                    (out.baseAddress! + start[b]).initialize(to: value)
                    start[b] &+= 1
                }
                if crowded {
                    var low = 0
                    for b in 0..<buckets {
                        let high = start[b]
                        if high - low > 24 {
                            var bucket = UnsafeMutableBufferPointer(rebasing: out[low..<high])
                            bucket.sort()
                        }
                        low = high
                    }
                }
            }
            // One branch-free bubble pass first: it carries every value that came too early
            // in its bucket to its place, which sorts the common two-value buckets outright
            // and leaves the insertion pass below (whose loop test mispredicts at every value
            // out of place) almost nothing to move.
            var carried = out[0]
            for i in 1..<n {
                let value = out[i]
                out[i - 1] = Swift.min(carried, value)
                carried = Swift.max(carried, value)
            }
            out[n - 1] = carried
            for i in 1..<n {
                let value = out[i]
                var j = i
                while j > 0 && out[j - 1] > value {
                    out[j] = out[j - 1]
                    j &-= 1
                }
                out[j] = value
            }
            var write = 1
            for i in 1..<n where out[i] != out[write - 1] {
                out[write] = out[i]
                write &+= 1
            }
            initialized = write
        }
    }

    /// |a ∩ b| for two sorted arrays without repeats.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        intersectionCount(a, b, atLeast: 0) ?? 0
    }

    /// |a ∩ b| when it is at least `needed`, else nil — often found out long before the end:
    /// the merge stops once even matching every remaining value could not reach `needed`.
    ///
    /// A branch-free merge: which side advances is computed, not branched on, so the
    /// unpredictable comparisons of two random hash lists cost no mispredictions. (Written
    /// with `? 1 : 0` and a `for` loop, the compiler turned the steps back into branches; the
    /// comparisons read as bytes and a `repeat` loop keep them `sete`/`sbb`.)
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
                    // Each step advances i or j or both, so both stay in range for `left` steps.
                    var left = min(16, na - i, nb - j)
                    repeat {
                        let x = pa[i], y = pb[j]
                        n &+= bit(x == y)
                        i &+= bit(x <= y)
                        j &+= bit(y <= x)
                        left &-= 1
                    } while left > 0
                }
                return n >= needed ? n : nil
            }
        }
    }

    /// 1 for true, 0 for false, as arithmetic the compiler keeps free of branches.
    @inline(__always)
    private static func bit(_ value: Bool) -> Int {
        Int(truncatingIfNeeded: unsafeBitCast(value, to: UInt8.self))
    }
}
