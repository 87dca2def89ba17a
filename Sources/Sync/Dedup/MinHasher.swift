import Synchronization

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
    /// The first ``Routes/depth`` bins each empty bin's sequence visits, worked out once.
    private let routes: Routes

    public init(count: Int) {
        precondition(count > 0 && count <= 4096, "MinHash signature length must be 1…4096")
        self.count = count
        routes = Routes.shared(count: count)
    }

    /// The bin of `count` that a 32-bit value selects (multiply-shift range reduction).
    @inline(__always)
    private static func bin(_ value: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: ((value >> 32) &* UInt64(count)) >> 32)
    }

    @inline(__always)
    private func bin(_ value: UInt64) -> Int { Self.bin(value, count: count) }

    /// The bin that empty bin `empty` tries at `attempt` (from 1) of its densification sequence.
    @inline(__always)
    private static func source(of empty: Int, attempt: UInt64, count: Int) -> Int {
        bin(StableHash.mix(UInt64(empty) << 32 | attempt), count: count)
    }

    /// The start of every bin's densification sequence, so a sparse signature (a short text
    /// fills few bins, and an empty one tries about count/filled of them) costs table reads,
    /// not a hash per attempt. Attempts past the table are hashed as before.
    final class Routes: Sendable {
        static let depth = 16
        /// For the default signature length, built once per process.
        static let standard = Routes(count: DedupParameters().hashCount)
        /// Other lengths, each built once on first use (a hasher is made per document).
        private static let others = Mutex<[Int: Routes]>([:])

        /// The table for `count` bins: the standard one without a lock, others built once.
        static func shared(count: Int) -> Routes {
            if count == standard.count { return standard }
            return others.withLock { built in
                if let routes = built[count] { return routes }
                let routes = Routes(count: count)
                built[count] = routes
                return routes
            }
        }

        let count: Int
        /// `depth` source bins per bin, bin by bin.
        let sources: [UInt16]

        init(count: Int) {
            self.count = count
            sources = (0..<count).flatMap { empty in
                (1...Self.depth).map { UInt16(MinHasher.source(of: empty, attempt: UInt64($0), count: count)) }
            }
        }
    }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var mins = [UInt32](repeating: .max, count: count)
        guard !shingles.isEmpty else { return mins }
        let count = self.count
        let words = (count + 63) / 64
        // Which bins a shingle reached, one bit per bin.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { filled in
            filled.initialize(repeating: 0)
            @inline(__always) func isFilled(_ bin: Int) -> UInt64 { (filled[bin &>> 6] &>> UInt64(bin & 63)) & 1 }
            mins.withUnsafeMutableBufferPointer { mins in
                // Branch-free: every shingle marks its bin and competes for its minimum.
                shingles.withUnsafeBufferPointer { shingles in
                    for x in shingles {
                        let b = bin(x)
                        filled[b &>> 6] |= 1 &<< UInt64(b & 63)
                        mins[b] = Swift.min(mins[b], UInt32(truncatingIfNeeded: x))
                    }
                }
                routes.sources.withUnsafeBufferPointer { routes in
                    let depth = Routes.depth
                    for word in 0..<words {
                        // The empty bins of this word, visited by their set bits (no branch per bin).
                        var empty = ~filled[word]
                        if word == words - 1 && count & 63 != 0 { empty &= (1 &<< UInt64(count & 63)) &- 1 }
                        while empty != 0 {
                            let bin = word &* 64 &+ empty.trailingZeroBitCount
                            empty &= empty &- 1
                            // The first filled bin among the route's next eight, found from a
                            // mask rather than a branch per step; a sparse signature may need
                            // the next eight, and rarely the hashed attempts beyond the table.
                            var found = -1
                            var step = 0
                            while found < 0 && step < depth {
                                var hits: UInt64 = 0
                                for k in 0..<8 {
                                    hits |= isFilled(Int(routes[bin &* depth &+ step &+ k])) &<< UInt64(k)
                                }
                                if hits != 0 { found = Int(routes[bin &* depth &+ step &+ hits.trailingZeroBitCount]) }
                                step &+= 8
                            }
                            var attempt = UInt64(depth)
                            while found < 0 {
                                attempt += 1
                                let source = Self.source(of: bin, attempt: attempt, count: count)
                                if isFilled(source) != 0 { found = source }
                            }
                            mins[bin] = mins[found]
                        }
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
