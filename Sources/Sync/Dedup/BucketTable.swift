/// A multimap from integer keys to entry numbers, stored flat with no allocation per key.
///
/// An open-addressing table (linear probing, at most half full, backward-shift deletion) maps
/// each key to the head of a singly linked chain of nodes kept in one array; freed nodes are
/// reused. Keys must already be well mixed (hashes): their low bits pick the slot. Both dedup
/// indexes are built on it (``LSHIndex`` with 32-bit band keys, ``LeadIndex`` with 64-bit
/// shingle hashes).
struct BucketTable<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// A key and the first node of its chain side by side (one cache miss per probe); a head
    /// of -1 marks an empty slot.
    struct Slot: Sendable {
        var key: Key
        var head: Int32
        static var empty: Slot { Slot(key: 0, head: -1) }
    }

    struct Node: Sendable {
        var entry: Int
        /// The next node in the chain (or in the free list); -1 ends it.
        var next: Int32
    }

    private var slots = [Slot](repeating: .empty, count: 1024)
    private var nodes: [Node] = []
    /// The first free node (chained through `next`), -1 when none.
    private var freeNode: Int32 = -1
    /// The number of keys present.
    private(set) var count = 0

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(for key: Key) -> (index: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key) & mask
            while true {
                let slot = slots[index]
                if slot.head < 0 { return (index, false) }
                if slot.key == key { return (index, true) }
                index = (index + 1) & mask
            }
        }
    }

    /// Makes room for `additional` more keys.
    private mutating func reserve(_ additional: Int) {
        guard (count + additional) * 2 > slots.count else { return }
        let old = slots
        var capacity = slots.count * 2
        while (count + additional) * 2 > capacity { capacity *= 2 }
        slots = [Slot](repeating: .empty, count: capacity)
        for slot in old where slot.head >= 0 {
            slots[self.slot(for: slot.key).index] = slot
        }
    }

    /// Adds `entry` under `key` (at the chain's front).
    mutating func insert(_ entry: Int, key: Key) {
        reserve(1)
        let (index, found) = slot(for: key)
        let node = newNode(entry, next: found ? slots[index].head : -1)
        if !found { count += 1 }
        slots[index] = Slot(key: key, head: node)
    }

    /// Removes one `entry` from `key`'s chain; a key left empty is removed.
    mutating func remove(_ entry: Int, key: Key) {
        let (index, found) = slot(for: key)
        guard found else { return }
        var previous: Int32 = -1
        var node = slots[index].head
        while node >= 0 && nodes[Int(node)].entry != entry {
            previous = node
            node = nodes[Int(node)].next
        }
        guard node >= 0 else { return }
        let next = nodes[Int(node)].next
        if previous >= 0 { nodes[Int(previous)].next = next } else { slots[index].head = next }
        nodes[Int(node)].next = freeNode
        freeNode = node
        if slots[index].head < 0 { vacate(index) }
    }

    /// The chain heads of `keys` (-1 where a key is absent), written to `heads`.
    ///
    /// Every key's home slot is loaded before any is examined: the loads do not depend on each
    /// other, so their cache misses overlap instead of queueing.
    func heads(of keys: UnsafeBufferPointer<Key>, into heads: UnsafeMutableBufferPointer<Int32>) {
        withUnsafeTemporaryAllocation(of: Slot.self, capacity: keys.count) { first in
            slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                for i in 0..<keys.count { first[i] = slots[Int(truncatingIfNeeded: keys[i]) & mask] }
                for i in 0..<keys.count {
                    let key = keys[i]
                    var slot = first[i]
                    var index = Int(truncatingIfNeeded: key) & mask
                    while slot.head >= 0 && slot.key != key {
                        index = (index + 1) & mask
                        slot = slots[index]
                    }
                    heads[i] = slot.head
                }
            }
        }
    }

    /// Calls `body` with each entry of the chain starting at `head`.
    @inline(__always)
    func forEachEntry(from head: Int32, _ body: (Int) -> Void) {
        nodes.withUnsafeBufferPointer { nodes in
            var node = head
            while node >= 0 {
                let current = nodes[Int(node)]
                body(current.entry)
                node = current.next
            }
        }
    }

    /// The length of the chain starting at `head`, counting no further than `limit`.
    func chainLength(from head: Int32, upTo limit: Int) -> Int {
        nodes.withUnsafeBufferPointer { nodes in
            var node = head, length = 0
            while node >= 0 && length < limit {
                length += 1
                node = nodes[Int(node)].next
            }
            return length
        }
    }

    private mutating func newNode(_ entry: Int, next: Int32) -> Int32 {
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

    /// Empties `index` and shifts later slots of its probe run back, so no lookup stops early.
    private mutating func vacate(_ index: Int) {
        let mask = slots.count - 1
        var hole = index
        var probe = (index + 1) & mask
        while slots[probe].head >= 0 {
            let home = Int(truncatingIfNeeded: slots[probe].key) & mask
            // Move it back unless its home lies cyclically within (hole, probe].
            if (hole - home) & mask < (probe - home) & mask {
                slots[hole] = slots[probe]
                hole = probe
            }
            probe = (probe + 1) & mask
        }
        slots[hole] = .empty
        count -= 1
    }
}

extension Array where Element == Int {
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
