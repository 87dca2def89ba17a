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
    /// At most this many entries of one bucket are proposed, the newest first (see
    /// ``init(bands:rows:maxBucket:expectedEntries:)``).
    public let maxBucket: Int
    private var table = BucketTable<UInt32>()

    /// An empty index; `expectedEntries` sizes its table up front (it grows as needed anyway).
    ///
    /// `maxBucket` bounds what one band proposes. A bucket holds many entries only when many
    /// texts share the two shingles its band drew, which is a template's wording ("tonnes
    /// shipped from port"), not a story's: without a bound, every item of a templated feed
    /// would propose every other one in the window, and the time per decision would grow with
    /// the window. A true version shares most bands, so the small buckets still find it.
    public init(bands: Int, rows: Int, maxBucket: Int = .max, expectedEntries: Int = 0) {
        self.bands = bands
        self.rows = rows
        self.maxBucket = maxBucket
        table = BucketTable(capacity: expectedEntries * bands)
    }

    /// The keys of the bands of `signature` that carry information, as ``insert(_:keys:)``,
    /// ``remove(_:keys:)`` and ``candidates(keys:)`` take them; empty when `signature` is
    /// shorter than `bands × rows`.
    ///
    /// Computed once per document where sketches are built (``Sketch/bandKeys``), off the
    /// engine's serial step. A band whose rows all hold one value is left out. Its bins were
    /// all filled from one source bin by densification (a short text leaves most bins empty),
    /// so the band stands for a single shingle rather than `rows` independent draws: two texts
    /// sharing one common phrase would match on it far more often than the J^rows the bands
    /// are tuned for, and a short story could gather hundreds of unrelated candidates.
    /// Distinct bins hold equal minima otherwise only by a 2^-32 chance.
    public static func bandKeys(_ signature: [UInt32], bands: Int, rows: Int) -> [UInt32] {
        guard bands > 0, rows > 0, signature.count >= bands * rows else { return [] }
        return signature.withUnsafeBufferPointer { signature in
            [UInt32](unsafeUninitializedCapacity: bands) { keys, written in
                written = 0
                for band in 0..<bands {
                    // A band's values packed two to a word, salted by the band, mixed once per word.
                    let start = band * rows
                    var varied = rows == 1
                    for r in 1..<rows where signature[start + r] != signature[start] { varied = true }
                    guard varied else { continue }
                    var h = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
                    var r = 0
                    while r < rows {
                        let high = UInt64(signature[start + r]) << 32
                        let low = r + 1 < rows ? UInt64(signature[start + r + 1]) : 0
                        h = StableHash.mix(h ^ high ^ low)
                        r += 2
                    }
                    keys[written] = UInt32(truncatingIfNeeded: h >> 32)
                    written &+= 1
                }
            }
        }
    }

    /// This index's band keys of `signature` (see ``bandKeys(_:bands:rows:)``).
    public func keys(_ signature: [UInt32]) -> [UInt32] { Self.bandKeys(signature, bands: bands, rows: rows) }

    /// Adds `entry` under each of its band keys.
    public mutating func insert(_ entry: Int, keys: [UInt32]) {
        keys.withUnsafeBufferPointer { table.insert(entry, keys: $0) }
    }

    /// Removes `entry` from under each of its band keys.
    ///
    /// A bucket only ever proposes its newest ``maxBucket`` entries, so a removal drops
    /// whatever is older than those (at least two are kept): entries must be added in
    /// increasing order and removed oldest first, as the dedup window does. Evicting from a
    /// template's bucket then costs at most ``maxBucket`` steps, not one per version in the window.
    public mutating func remove(_ entry: Int, keys: [UInt32]) {
        let limit = maxBucket
        keys.withUnsafeBufferPointer { table.remove(entry, keys: $0, keepingAtMost: limit) }
    }

    public mutating func insert(_ entry: Int, signature: [UInt32]) { insert(entry, keys: keys(signature)) }

    public mutating func remove(_ entry: Int, signature: [UInt32]) { remove(entry, keys: keys(signature)) }

    /// Entries sharing at least one band key with `keys`, each once with how many bands they
    /// share, in ascending entry order.
    public func candidates(keys: [UInt32]) -> [(entry: Int, bands: Int)] {
        var hits: [Int] = []
        appendEntries(keys: keys, to: &hits)
        return hits.runCounts().map { ($0.entry, $0.count) }
    }

    /// Appends the entries under each of `keys` to `hits` (at most ``maxBucket`` per key, the
    /// newest), once per key they are under, unsorted (the buckets are walked side by side):
    /// for a caller that merges them with other proposals and keeps each once.
    public func appendEntries(keys: [UInt32], to hits: inout [Int]) {
        let limit = maxBucket
        keys.withUnsafeBufferPointer { keys in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: keys.count) { buckets in
                table.buckets(of: keys, into: buckets)
                table.forEachEntry(inEach: UnsafeBufferPointer(buckets), upTo: limit) { _, entry in hits.append(entry) }
            }
        }
    }

    /// The entries within `window` sharing at least one band key with `keys`, each once, in no
    /// particular order: the query as the engine makes it (``appendEntries(keys:to:)``, then
    /// one pass over a bitmap of the window), without the sort and the band counts of
    /// ``candidates(keys:)``.
    public func distinctEntries(keys: [UInt32], within window: Range<Int>) -> [Int] {
        var hits: [Int] = []
        appendEntries(keys: keys, to: &hits)
        hits.keepFirstOccurrences(in: window)
        return hits
    }

    /// Entries sharing at least one band with `signature` (see ``candidates(keys:)``).
    public func candidates(_ signature: [UInt32]) -> [(entry: Int, bands: Int)] { candidates(keys: keys(signature)) }

    /// The number of non-empty buckets (for memory figures).
    public var bucketCount: Int { table.count }

    /// The entries held in buckets of more than one (for tests and memory figures).
    var chainedEntries: Int { table.chainedEntries }
}
