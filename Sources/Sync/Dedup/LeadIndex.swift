/// An inverted index from the first shingles of each text (headline and lead) to entries.
///
/// It finds what LSH cannot: a flash or a trimmed item inside a much longer story has a low
/// Jaccard similarity but shares the story's opening. Postings longer than `maxPosting` are
/// boilerplate and ignored at lookup. Stored flat in a ``BucketTable`` keyed by the full
/// 64-bit shingle hash.
public struct LeadIndex: Sendable {
    public let maxPosting: Int
    private var table = BucketTable<UInt64>()
    /// One bit per key hash's top 20 bits, set for every key inserted since it was last
    /// rebuilt: a lookup probes the table only for shingles whose bit is set. Most of a new
    /// text's shingles are in no stored lead, and this 128 KiB map answers them from the L2
    /// cache where the table (megabytes) would not. Bits of removed keys stay set (a wasted
    /// probe, never a missed key) until ``rebuildPresence()`` clears them.
    private var presence = [UInt64](repeating: 0, count: 1 << 14)
    /// Bits set since the map was last rebuilt from the table's keys.
    private var marked = 0

    public init(maxPosting: Int) { self.maxPosting = maxPosting }

    @inline(__always)
    private static func bit(_ key: UInt64) -> (word: Int, mask: UInt64) {
        let bit = Int(truncatingIfNeeded: key >> 44)
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    /// Adds `entry` under each of `lead`, which must hold no repeats (``Sketch/leadShingles``).
    public mutating func insert(_ entry: Int, lead: [UInt64]) {
        lead.withUnsafeBufferPointer { table.insert(entry, keys: $0) }
        presence.withUnsafeMutableBufferPointer { bits in
            for key in lead {
                let (word, mask) = Self.bit(key)
                bits[word] |= mask
            }
        }
        marked += lead.count
        // Removed keys' bits pile up: clear them once the map has taken twice the live keys.
        if marked > 2 * table.count + 4096 { rebuildPresence() }
    }

    /// Sets exactly the bits of the keys present.
    private mutating func rebuildPresence() {
        var bits = [UInt64](repeating: 0, count: presence.count)
        bits.withUnsafeMutableBufferPointer { bits in
            table.forEachKey { key in
                let (word, mask) = Self.bit(key)
                bits[word] |= mask
            }
        }
        presence = bits
        marked = table.count
    }

    /// Removes `entry` from each of `lead` (the keys it was inserted with).
    public mutating func remove(_ entry: Int, lead: [UInt64]) {
        // A posting past `maxPosting` is skipped at lookup however long it is, so a removal
        // keeps its newest `maxPosting + 1` entries and drops the older ones (entries come in
        // increasing order and leave oldest first): the lookup tells the same, and evicting
        // from boilerplate postings no longer walks them whole.
        let keep = maxPosting + 1
        lead.withUnsafeBufferPointer { table.remove(entry, keys: $0, keepingAtMost: keep) }
    }

    /// Entries whose lead shares a shingle with any of `shingles`, each once with the count
    /// shared, in ascending entry order.
    public func candidates(_ shingles: [UInt64]) -> [(entry: Int, shared: Int)] {
        var hits: [Int] = []
        appendEntries(shingles, to: &hits)
        return hits.runCounts().map { ($0.entry, $0.count) }
    }

    /// Appends the entries of every posting of `shingles` no longer than ``maxPosting`` to
    /// `hits`, once per shingle shared, unsorted (see ``candidates(_:)``).
    public func appendEntries(_ shingles: [UInt64], to hits: inout [Int]) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: shingles.count) { present in
            // Only the shingles whose bit is set can be keys.
            var count = 0
            presence.withUnsafeBufferPointer { bits in
                for key in shingles {
                    let (word, mask) = Self.bit(key)
                    present[count] = key
                    count &+= bits[word] & mask != 0 ? 1 : 0
                }
            }
            let keys = UnsafeBufferPointer(rebasing: present[..<count])
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: keys.count) { buckets in
                table.buckets(of: keys, into: buckets)
                // Each posting's length (up to one past the cap) first, all walked side by
                // side, then the entries of those within the cap, from nodes now in cache.
                withUnsafeTemporaryAllocation(of: Int.self, capacity: keys.count) { lengths in
                    lengths.initialize(repeating: 0)
                    table.forEachEntry(inEach: UnsafeBufferPointer(buckets), upTo: maxPosting + 1) { k, _ in lengths[k] += 1 }
                    for (k, bucket) in buckets.enumerated() where lengths[k] <= maxPosting {
                        table.forEachEntry(in: bucket) { hits.append($0) }
                    }
                }
            }
        }
    }
}
