/// Locality-sensitive hashing over MinHash signatures: banded buckets of entry numbers.
///
/// A signature is cut into `bands` bands of `rows` values; two entries sharing any band's
/// values become candidates. Lookup cost depends on bucket sizes, not on how many entries
/// exist; entries are removed when they leave the dedup window. Band keys are 32-bit hashes
/// stored in a flat ``BucketTable``: two different bands colliding make a rare false
/// candidate, which is harmless (the verifier compares exact shingle sets).
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    private var table = BucketTable<UInt32>()

    /// An empty index; `expectedEntries` sizes its table up front (it grows as needed anyway).
    public init(bands: Int, rows: Int, expectedEntries: Int = 0) {
        self.bands = bands
        self.rows = rows
        table = BucketTable(capacity: expectedEntries * bands)
    }

    /// The key of every band of `signature`, written to `keys`.
    private func keys(_ signature: [UInt32], into keys: UnsafeMutableBufferPointer<UInt32>) {
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                // A band's values packed two to a word, salted by the band, mixed once per word.
                var h = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
                var r = 0
                while r < rows {
                    let high = UInt64(signature[band * rows + r]) << 32
                    let low = r + 1 < rows ? UInt64(signature[band * rows + r + 1]) : 0
                    h = StableHash.mix(h ^ high ^ low)
                    r += 2
                }
                keys[band] = UInt32(truncatingIfNeeded: h >> 32)
            }
        }
    }

    public mutating func insert(_ entry: Int, signature: [UInt32]) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bands) { keys in
            self.keys(signature, into: keys)
            for key in keys { table.insert(entry, key: key) }
        }
    }

    public mutating func remove(_ entry: Int, signature: [UInt32]) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bands) { keys in
            self.keys(signature, into: keys)
            for key in keys { table.remove(entry, key: key) }
        }
    }

    /// Entries sharing at least one band with `signature`, each once with how many bands they
    /// share, in ascending entry order.
    public func candidates(_ signature: [UInt32]) -> [(entry: Int, bands: Int)] {
        var hits: [Int] = []
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bands) { keys in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: bands) { buckets in
                self.keys(signature, into: keys)
                table.buckets(of: UnsafeBufferPointer(keys), into: buckets)
                for bucket in buckets { table.forEachEntry(in: bucket) { hits.append($0) } }
            }
        }
        return hits.runCounts().map { ($0.entry, $0.count) }
    }

    /// The number of non-empty buckets (for memory figures).
    public var bucketCount: Int { table.count }
}
