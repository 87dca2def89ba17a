/// Locality-sensitive hashing over MinHash signatures: banded buckets of entry numbers.
///
/// A signature is cut into `bands` bands of `rows` values; two entries sharing any band's
/// values become candidates. Lookup cost depends on bucket sizes, not on how many entries
/// exist; entries are removed when they leave the dedup window.
///
/// Storage is flat, with no allocation per bucket: an open-addressing table (linear probing,
/// at most half full, backward-shift deletion) maps each band key to the head of a singly
/// linked list of nodes kept in two parallel arrays, with freed nodes reused.
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    /// Slot → band key; meaningful where `heads[slot] >= 0`.
    private var keys: [UInt64]
    /// Slot → first node of its bucket, -1 for an empty slot.
    private var heads: [Int32]
    private var occupied = 0
    /// Node → entry number, and node → next node in its bucket (-1 ends the list).
    private var nodeEntries: [Int] = []
    private var nodeNext: [Int32] = []
    /// The first free node (chained through `nodeNext`), -1 when none.
    private var freeNode: Int32 = -1

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
        keys = [UInt64](repeating: 0, count: 1024)
        heads = [Int32](repeating: -1, count: 1024)
    }

    @inline(__always)
    private func key(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        var h = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
        for r in 0..<rows { h = StableHash.combine(h, UInt64(signature[band * rows + r])) }
        return h
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(for key: UInt64) -> (index: Int, found: Bool) {
        let mask = heads.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while true {
            if heads[index] < 0 { return (index, false) }
            if keys[index] == key { return (index, true) }
            index = (index + 1) & mask
        }
    }

    public mutating func insert(_ entry: Int, signature: [UInt32]) {
        if (occupied + bands) * 2 > heads.count { grow() }
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                let k = key(signature, band: band)
                let (index, found) = slot(for: k)
                let node = newNode(entry, next: found ? heads[index] : -1)
                if !found {
                    keys[index] = k
                    occupied += 1
                }
                heads[index] = node
            }
        }
    }

    public mutating func remove(_ entry: Int, signature: [UInt32]) {
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                let (index, found) = slot(for: key(signature, band: band))
                guard found else { continue }
                var previous: Int32 = -1
                var node = heads[index]
                while node >= 0 && nodeEntries[Int(node)] != entry {
                    previous = node
                    node = nodeNext[Int(node)]
                }
                guard node >= 0 else { continue }
                let next = nodeNext[Int(node)]
                if previous >= 0 { nodeNext[Int(previous)] = next } else { heads[index] = next }
                nodeNext[Int(node)] = freeNode
                freeNode = node
                if heads[index] < 0 { vacate(index) }
            }
        }
    }

    /// Entries sharing at least one band with `signature`, each once with how many bands they
    /// share, in ascending entry order.
    public func candidates(_ signature: [UInt32]) -> [(entry: Int, bands: Int)] {
        var hits: [Int] = []
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                let (index, found) = slot(for: key(signature, band: band))
                guard found else { continue }
                var node = heads[index]
                while node >= 0 {
                    hits.append(nodeEntries[Int(node)])
                    node = nodeNext[Int(node)]
                }
            }
        }
        guard !hits.isEmpty else { return [] }
        hits.sort()
        var out: [(entry: Int, bands: Int)] = []
        var start = 0
        for i in 1...hits.count where i == hits.count || hits[i] != hits[start] {
            out.append((hits[start], i - start))
            start = i
        }
        return out
    }

    /// The number of non-empty buckets (for memory figures).
    public var bucketCount: Int { occupied }

    private mutating func newNode(_ entry: Int, next: Int32) -> Int32 {
        if freeNode >= 0 {
            let node = freeNode
            freeNode = nodeNext[Int(node)]
            nodeEntries[Int(node)] = entry
            nodeNext[Int(node)] = next
            return node
        }
        precondition(nodeEntries.count < Int(Int32.max), "LSH index full")
        nodeEntries.append(entry)
        nodeNext.append(next)
        return Int32(nodeEntries.count - 1)
    }

    /// Empties `index` and shifts later slots of its probe run back, so no lookup stops early.
    private mutating func vacate(_ index: Int) {
        let mask = heads.count - 1
        var hole = index
        var probe = (index + 1) & mask
        while heads[probe] >= 0 {
            let home = Int(truncatingIfNeeded: keys[probe]) & mask
            // Move it back if its home is not within (hole, probe] cyclically.
            let distanceToProbe = (probe - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole < distanceToProbe {
                keys[hole] = keys[probe]
                heads[hole] = heads[probe]
                hole = probe
            }
            probe = (probe + 1) & mask
        }
        heads[hole] = -1
        occupied -= 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldHeads = heads
        var capacity = heads.count * 2
        while (occupied + bands) * 2 > capacity { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        heads = [Int32](repeating: -1, count: capacity)
        for (k, head) in zip(oldKeys, oldHeads) where head >= 0 {
            let (index, _) = slot(for: k)
            keys[index] = k
            heads[index] = head
        }
    }
}
