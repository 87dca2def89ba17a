/// A multimap from integer keys to entry numbers, stored flat with no allocation per key.
///
/// An open-addressing table (linear probing, at most half full, backward-shift deletion) maps
/// each key to a bucket value kept in its slot: a key with one entry (most keys) holds the entry
/// itself, so finding it costs one cache miss; a key with more holds the head of a singly
/// linked chain of nodes kept in one array, whose freed nodes are reused. Keys must already be
/// well mixed (hashes): their low bits pick the slot. Both dedup indexes are built on it
/// (``LSHIndex`` with 32-bit band keys, ``LeadIndex`` with 64-bit shingle hashes). Entries
/// must be below 2³¹ − 1. The slots live in a ``ZeroedBuffer`` (an all-zero slot is empty), so
/// a new or grown table costs no initializing pass; it is copied on write.
struct BucketTable<Key: FixedWidthInteger & UnsignedInteger & Sendable & BitwiseCopyable>: Sendable {
    /// A bucket as a slot holds it: ``absent`` (0), one entry `e` as `e + 1` (above zero), or
    /// the chain starting at node `~value` (below zero).
    typealias Bucket = Int32
    /// The bucket of a key that is not present (and the value of an empty slot).
    static var absent: Bucket { 0 }

    /// A key and its bucket side by side (one cache miss per probe); all zeros is empty.
    struct Slot: Sendable, BitwiseCopyable {
        var key: Key
        var bucket: Bucket
        var isEmpty: Bool { bucket == BucketTable.absent }
    }

    struct Node: Sendable {
        var entry: Int32
        /// The next node in the chain (or in the free list); -1 ends it.
        var next: Int32
    }

    private var slots: ZeroedBuffer<Slot>
    private var nodes: [Node] = []
    /// The first free node (chained through `next`), -1 when none.
    private var freeNode: Int32 = -1
    /// The number of keys present.
    private(set) var count = 0
    /// Where ``remove(_:keys:)`` leaves what its first loads read, so they are not optimized away.
    private var sink: Int32 = 0

    /// An empty table with room for `keys` keys before it grows.
    init(capacity keys: Int = 0) {
        var size = 1024
        while keys * 2 > size { size *= 2 }
        slots = ZeroedBuffer(zeroedCount: size)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(for key: Key) -> (index: Int, found: Bool) {
        let slots = self.slots.base
        let mask = self.slots.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots[index]
            if slot.isEmpty { return (index, false) }
            if slot.key == key { return (index, true) }
            index = (index + 1) & mask
        }
    }

    /// Gives this table its own slots before it writes them (copy on write).
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
    }

    private mutating func grow(_ additional: Int) {
        let old = slots
        var capacity = slots.count * 2
        while (count + additional) * 2 > capacity { capacity *= 2 }
        slots = ZeroedBuffer(zeroedCount: capacity)
        for i in 0..<old.count where !old[i].isEmpty {
            slots[self.slot(for: old[i].key).index] = old[i]
        }
    }

    /// Adds `entry` under each of `keys`: the checks, the copy on write and the growth are done
    /// once for the whole batch.
    mutating func insert(_ entry: Int, keys: UnsafeBufferPointer<Key>) {
        precondition(entry >= 0 && entry < Int(Int32.max), "bucket table entries must be below 2^31 - 1")
        guard !keys.isEmpty else { return }
        // Growing makes a new block of slots, so only a table that keeps its block copies it.
        if (count + keys.count) * 2 > slots.count { grow(keys.count) } else { makeUnique() }
        let value = Int32(entry)
        for key in keys {
            let (index, found) = slot(for: key)
            let bucket = slots.base[index].bucket
            if !found {
                count += 1
                slots.base[index] = Slot(key: key, bucket: value + 1)
            } else if bucket > 0 {
                // A second entry: the key's bucket becomes a chain of two.
                let tail = newNode(bucket - 1, next: -1)
                slots.base[index].bucket = ~newNode(value, next: tail)
            } else {
                slots.base[index].bucket = ~newNode(value, next: ~bucket)
            }
        }
    }

    /// Removes one `entry` from the bucket of each of `keys`: a key left empty is removed, and
    /// a chain left with one entry goes back into its slot. A key listed twice has `entry`
    /// removed twice, as ``insert(_:keys:)`` added it twice. The copy-on-write check is made
    /// once, and the slots and nodes are reached through pointers: eviction removes a
    /// version's 104 keys at every decision.
    ///
    /// A chain is searched through its newest `maxChain` entries (at least two) only: if
    /// `entry` is not among them, everything older is dropped with it. For a caller that reads
    /// at most that many entries per key and removes them oldest first (as the dedup window
    /// evicts), that is what an unbounded chain would show; and removing a template's old
    /// entries no longer walks the whole window.
    mutating func remove(_ entry: Int, keys: UnsafeBufferPointer<Key>, keepingAtMost maxChain: Int = .max) {
        guard !keys.isEmpty else { return }
        makeUnique()
        let slots = self.slots.base
        let mask = self.slots.count - 1
        // Every key's home slot loaded first: these loads do not depend on each other, so
        // their cache misses overlap instead of queueing one per key.
        var touched: Int32 = 0
        for key in keys { touched |= slots[Int(truncatingIfNeeded: key) & mask].bucket }
        sink = touched
        var removed = 0
        var free = freeNode
        let keep = Swift.max(2, maxChain)
        nodes.withUnsafeMutableBufferPointer { nodes in
            for key in keys {
                var index = Int(truncatingIfNeeded: key) & mask
                var slot = slots[index]
                while !slot.isEmpty && slot.key != key {
                    index = (index + 1) & mask
                    slot = slots[index]
                }
                let bucket = slot.bucket
                if bucket == Self.absent { continue }
                if bucket > 0 {
                    if Int(bucket) - 1 == entry {
                        Self.vacate(index, in: slots, mask: mask)
                        removed += 1
                    }
                    continue
                }
                var previous: Int32 = -1
                var node = ~bucket
                var passed = 0
                while node >= 0 && Int(nodes[Int(node)].entry) != entry {
                    passed += 1
                    if passed >= keep {
                        // `node` is the last one kept: the entry, if here at all, is older.
                        var rest = nodes[Int(node)].next
                        nodes[Int(node)].next = -1
                        while rest >= 0 {
                            let next = nodes[Int(rest)].next
                            nodes[Int(rest)].next = free
                            free = rest
                            rest = next
                        }
                        node = -1
                        break
                    }
                    previous = node
                    node = nodes[Int(node)].next
                }
                guard node >= 0 else { continue }
                let next = nodes[Int(node)].next
                if previous >= 0 { nodes[Int(previous)].next = next } else { slots[index].bucket = ~next }
                nodes[Int(node)].next = free
                free = node
                // One node left: put its entry back in the slot.
                let head = ~slots[index].bucket
                if nodes[Int(head)].next < 0 {
                    slots[index].bucket = nodes[Int(head)].entry + 1
                    nodes[Int(head)].next = free
                    free = head
                }
            }
        }
        freeNode = free
        count -= removed
    }

    /// The buckets of `keys` (``absent`` where a key is not present), written to `buckets`.
    ///
    /// Every key's home slot is loaded before any is examined: the loads do not depend on each
    /// other, so their cache misses overlap instead of queueing.
    func buckets(of keys: UnsafeBufferPointer<Key>, into buckets: UnsafeMutableBufferPointer<Bucket>) {
        withUnsafeTemporaryAllocation(of: Slot.self, capacity: keys.count) { first in
            let slots = self.slots.base
            let mask = self.slots.count - 1
            for i in 0..<keys.count { first[i] = slots[Int(truncatingIfNeeded: keys[i]) & mask] }
            for i in 0..<keys.count {
                let key = keys[i]
                var slot = first[i]
                var index = Int(truncatingIfNeeded: key) & mask
                while !slot.isEmpty && slot.key != key {
                    index = (index + 1) & mask
                    slot = slots[index]
                }
                buckets[i] = slot.bucket
            }
        }
    }

    /// Calls `body` with every key present, in slot order.
    func forEachKey(_ body: (Key) -> Void) {
        let slots = self.slots.base
        for i in 0..<self.slots.count where !slots[i].isEmpty { body(slots[i].key) }
    }

    /// Calls `body` with each entry of `bucket` (none for ``absent``), newest first (each new
    /// entry goes to the head of its key's chain), stopping after `limit` entries.
    @inline(__always)
    func forEachEntry(in bucket: Bucket, upTo limit: Int = .max, _ body: (Int) -> Void) {
        guard limit > 0, bucket != Self.absent else { return }
        if bucket > 0 {
            body(Int(bucket) - 1)
            return
        }
        nodes.withUnsafeBufferPointer { nodes in
            var node = ~bucket, left = limit
            while node >= 0 && left > 0 {
                let current = nodes[Int(node)]
                body(Int(current.entry))
                node = current.next
                left &-= 1
            }
        }
    }

    /// Calls `body(k, entry)` with each entry of `buckets[k]`, at most `limit` per bucket, the
    /// newest of each first, walking the chains side by side: one node of every chain, then
    /// the next of every chain, and so on.
    ///
    /// A chain is a linked list, so walking one waits on a cache miss per node; walking all of
    /// them in step lets the misses of different chains overlap (a templated feed's new item
    /// meets 64 bands of 16 look-alikes each). The entries come in that interleaved order.
    func forEachEntry(inEach buckets: UnsafeBufferPointer<Bucket>, upTo limit: Int, _ body: (Int, Int) -> Void) {
        guard limit > 0, !buckets.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: (bucket: Int32, node: Int32).self, capacity: buckets.count) { chains in
            // The chains, each with the node it is at; single entries are done at once.
            var active = 0
            for (k, bucket) in buckets.enumerated() where bucket != Self.absent {
                if bucket > 0 {
                    body(k, Int(bucket) - 1)
                } else {
                    chains[active] = (Int32(truncatingIfNeeded: k), ~bucket)
                    active += 1
                }
            }
            nodes.withUnsafeBufferPointer { nodes in
                var step = 0
                while active > 0 && step < limit {
                    var still = 0
                    for c in 0..<active {
                        let (k, node) = chains[c]
                        let current = nodes[Int(node)]
                        body(Int(k), Int(current.entry))
                        if current.next >= 0 {
                            chains[still] = (k, current.next)
                            still += 1
                        }
                    }
                    active = still
                    step += 1
                }
            }
        }
    }

    /// The chain nodes in use (entries of keys holding more than one): for tests and memory
    /// figures; it walks the free list.
    var chainedEntries: Int {
        var free = 0, node = freeNode
        while node >= 0 {
            free += 1
            node = nodes[Int(node)].next
        }
        return nodes.count - free
    }

    private mutating func newNode(_ entry: Int32, next: Int32) -> Int32 {
        if freeNode >= 0 {
            let node = freeNode
            freeNode = nodes[Int(node)].next
            nodes[Int(node)] = Node(entry: entry, next: next)
            return node
        }
        precondition(nodes.count < Int(Int32.max), "bucket table full")
        nodes.append(Node(entry: entry, next: next))
        return Int32(nodes.count - 1)
    }

    /// Empties slot `index` of `slots` (a table of `mask + 1`) and shifts later slots of its
    /// probe run back, so no lookup stops early; the caller counts the key removed.
    @inline(__always)
    private static func vacate(_ index: Int, in slots: UnsafeMutablePointer<Slot>, mask: Int) {
        var hole = index
        var probe = (index + 1) & mask
        while !slots[probe].isEmpty {
            let home = Int(truncatingIfNeeded: slots[probe].key) & mask
            // Move it back unless its home lies cyclically within (hole, probe].
            if (hole - home) & mask < (probe - home) & mask {
                slots[hole] = slots[probe]
                hole = probe
            }
            probe = (probe + 1) & mask
        }
        slots[hole] = Slot(key: 0, bucket: Self.absent)
    }
}

extension Array where Element == Int {
    /// Keeps the first occurrence of each value within `range`, in order, and drops the rest.
    ///
    /// One pass with a bitmap over `range` marking the values seen: the engine merges the
    /// hundreds of proposals a templated feed makes, where sorting them cost more. (Its
    /// ``CandidateRanking`` breaks ties by serial, so their order does not matter.)
    mutating func keepFirstOccurrences(in range: Range<Int>) {
        guard !range.isEmpty else { return removeAll() }
        let low = range.lowerBound, span = range.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (span + 63) / 64) { seen in
            seen.initialize(repeating: 0)
            let kept = withUnsafeMutableBufferPointer { values in
                var kept = 0
                for value in values {
                    let slot = value &- low
                    guard slot >= 0 && slot < span else { continue }
                    let mask: UInt64 = 1 << UInt64(slot & 63)
                    guard seen[slot >> 6] & mask == 0 else { continue }
                    seen[slot >> 6] |= mask
                    values[kept] = value
                    kept += 1
                }
                return kept
            }
            removeLast(count - kept)
        }
    }

    /// Each distinct value once with how often it occurs, ascending; sorts the array.
    mutating func runCounts() -> [(entry: Int, count: Int)] {
        guard !isEmpty else { return [] }
        sort()
        var out: [(entry: Int, count: Int)] = []
        var start = 0
        for i in 1...count where i == count || self[i] != self[start] {
            out.append((self[start], i - start))
            start = i
        }
        return out
    }
}
