/// An inverted index from the first shingles of each text (headline and lead) to entries.
///
/// It finds what LSH cannot: a flash or a trimmed item inside a much longer story has a low
/// Jaccard similarity but shares the story's opening. Postings longer than `maxPosting` are
/// boilerplate and ignored at lookup. Stored flat in a ``BucketTable`` keyed by the full
/// 64-bit shingle hash.
public struct LeadIndex: Sendable {
    public let maxPosting: Int
    private var table = BucketTable<UInt64>()

    public init(maxPosting: Int) { self.maxPosting = maxPosting }

    /// Adds `entry` under each of `lead`, which must hold no repeats (``Sketch/leadShingles``).
    public mutating func insert(_ entry: Int, lead: [UInt64]) {
        lead.withUnsafeBufferPointer { table.insert(entry, keys: $0) }
    }

    /// Removes `entry` from each of `lead` (the keys it was inserted with).
    public mutating func remove(_ entry: Int, lead: [UInt64]) {
        for key in lead { table.remove(entry, key: key) }
    }

    /// Entries whose lead shares a shingle with any of `shingles`, each once with the count
    /// shared, in ascending entry order.
    public func candidates(_ shingles: [UInt64]) -> [(entry: Int, shared: Int)] {
        var hits: [Int] = []
        shingles.withUnsafeBufferPointer { keys in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: keys.count) { buckets in
                table.buckets(of: keys, into: buckets)
                for bucket in buckets where table.count(of: bucket, upTo: maxPosting + 1) <= maxPosting {
                    table.forEachEntry(in: bucket) { hits.append($0) }
                }
            }
        }
        return hits.runCounts().map { ($0.entry, $0.count) }
    }
}
