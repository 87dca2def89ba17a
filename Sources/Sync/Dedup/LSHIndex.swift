/// Locality-sensitive hashing over MinHash signatures: banded buckets of entry numbers.
///
/// A signature is cut into `bands` bands of `rows` values; two entries sharing any band's
/// values become candidates. Lookup cost depends on bucket sizes, not on how many entries
/// exist; entries are removed when they leave the dedup window.
///
/// Storage is flat, with no allocation per bucket: an open-addressing table (linear probing,
/// at most half full, backward-shift deletion) maps each band key to the head of a singly
/// linked list of nodes kept in one array, with freed nodes reused.
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    /// A band's 32-bit key and the first node of its bucket side by side, 8 bytes a slot (one
    /// cache miss per probe); a head of -1 marks an empty slot.
    private var slots: [Slot]
    private var occupied = 0
    /// Entry numbers chained per bucket; one array so a walk touches one cache line per node.
    private var nodes: [Node] = []
    /// The first free node (chained through `next`), -1 when none.
    private var freeNode: Int32 = -1

    /// A bucket's slot. Band keys are 32-bit: two different bands colliding make a rare false
    /// candidate, which is harmless (the verifier compares exact shingle sets).
    private struct Slot {
        var key: UInt32
        var head: Int32
        static let empty = Slot(key: 0, head: -1)
    }

    private struct Node {
        var entry: Int
        /// The next node in the bucket (or in the free list); -1 ends it.
        var next: Int32
    }

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
        slots = [Slot](repeating: .empty, count: 1024)
    }

    @inline(__always)
    private func key(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt32 {
        var h = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
        for r in 0..<rows { h = StableHash.combine(h, UInt64(signature[band * rows + r])) }
        return UInt32(truncatingIfNeeded: h >> 32)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(for key: UInt32) -> (index: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(key) & mask
            while true {
                let slot = slots[index]
                if slot.head < 0 { return (index, false) }
                if slot.key == key { return (index, true) }
                index = (index + 1) & mask
            }
        }
    }

    public mutating func insert(_ entry: Int, signature: [UInt32]) {
        if (occupied + bands) * 2 > slots.count { grow() }
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                let k = key(signature, band: band)
                let (index, found) = slot(for: k)
                let node = newNode(entry, next: found ? slots[index].head : -1)
                if !found { occupied += 1 }
                slots[index] = Slot(key: k, head: node)
            }
        }
    }

    public mutating func remove(_ entry: Int, signature: [UInt32]) {
        signature.withUnsafeBufferPointer { signature in
            for band in 0..<bands {
                let (index, found) = slot(for: key(signature, band: band))
                guard found else { continue }
                var previous: Int32 = -1
                var node = slots[index].head
                while node >= 0 && nodes[Int(node)].entry != entry {
                    previous = node
                    node = nodes[Int(node)].next
                }
                guard node >= 0 else { continue }
                let next = nodes[Int(node)].next
                if previous >= 0 { nodes[Int(previous)].next = next } else { slots[index].head = next }
                nodes[Int(node)].next = freeNode
                freeNode = node
                if slots[index].head < 0 { vacate(index) }
            }
        }
    }

    /// Entries sharing at least one band with `signature`, each once with how many bands they
    /// share, in ascending entry order.
    public func candidates(_ signature: [UInt32]) -> [(entry: Int, bands: Int)] {
        var hits: [Int] = []
        withUnsafeTemporaryAllocation(of: Slot.self, capacity: bands * 2) { scratch in
            let wanted = UnsafeMutableBufferPointer(rebasing: scratch[..<bands])
            let first = UnsafeMutableBufferPointer(rebasing: scratch[bands...])
            signature.withUnsafeBufferPointer { signature in
                for band in 0..<bands { wanted[band] = Slot(key: key(signature, band: band), head: -1) }
            }
            slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                // Every band's home slot is loaded before any is examined: the loads do not
                // depend on each other, so their cache misses overlap instead of queueing.
                for band in 0..<bands { first[band] = slots[Int(wanted[band].key) & mask] }
                for band in 0..<bands {
                    let key = wanted[band].key
                    var slot = first[band]
                    var index = Int(key) & mask
                    while slot.head >= 0 && slot.key != key {
                        index = (index + 1) & mask
                        slot = slots[index]
                    }
                    var node = slot.head
                    while node >= 0 {
                        let current = nodes[Int(node)]
                        hits.append(current.entry)
                        node = current.next
                    }
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
            freeNode = nodes[Int(node)].next
            nodes[Int(node)] = Node(entry: entry, next: next)
            return node
        }
        precondition(nodes.count < Int(Int32.max), "LSH index full")
        nodes.append(Node(entry: entry, next: next))
        return Int32(nodes.count - 1)
    }

    /// Empties `index` and shifts later slots of its probe run back, so no lookup stops early.
    private mutating func vacate(_ index: Int) {
        let mask = slots.count - 1
        var hole = index
        var probe = (index + 1) & mask
        while slots[probe].head >= 0 {
            let home = Int(slots[probe].key) & mask
            // Move it back if its home is not within (hole, probe] cyclically.
            let distanceToProbe = (probe - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole < distanceToProbe {
                slots[hole] = slots[probe]
                hole = probe
            }
            probe = (probe + 1) & mask
        }
        slots[hole] = .empty
        occupied -= 1
    }

    private mutating func grow() {
        let old = slots
        var capacity = slots.count * 2
        while (occupied + bands) * 2 > capacity { capacity *= 2 }
        slots = [Slot](repeating: .empty, count: capacity)
        for entry in old where entry.head >= 0 {
            slots[slot(for: entry.key).index] = entry
        }
    }
}
