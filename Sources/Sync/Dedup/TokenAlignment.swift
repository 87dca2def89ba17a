#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Aligns two sequences (Myers' O(ND) diff after trimming the common prefix and suffix) and
/// reports the changed runs. The dedup verifier aligns word hashes with it; the editors' word
/// diff (``WordDiff``) aligns words and spaces.
public enum TokenAlignment {
    /// One changed run: `old[oldRange]` was replaced by `new[newRange]` (either may be empty).
    public struct Hunk: Sendable, Equatable {
        public var oldRange: Range<Int>
        public var newRange: Range<Int>
    }

    /// The changed runs between `old` and `new`, or nil when more than `maxEdits` word edits
    /// would be needed (the texts are rewrites of each other, not edits).
    public static func hunks<T: Equatable>(_ old: [T], _ new: [T], maxEdits: Int = 600) -> [Hunk]? {
        old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in hunks(old, new, maxEdits: maxEdits) }
        }
    }

    /// ``hunks(_:_:maxEdits:)`` on the sequences' storage: the search reads words and writes
    /// its frontier through pointers, with no bounds or uniqueness check per step.
    static func hunks<T: Equatable>(_ old: UnsafeBufferPointer<T>, _ new: UnsafeBufferPointer<T>, maxEdits: Int) -> [Hunk]? {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let n = old.count - prefix - suffix, m = new.count - prefix - suffix
        if n == 0 && m == 0 { return [] }
        if n == 0 || m == 0 {
            return [Hunk(oldRange: prefix..<(prefix + n), newRange: prefix..<(prefix + m))]
        }
        // Both non-empty here, so both have storage.
        let a = old.baseAddress! + prefix, b = new.baseAddress! + prefix
        let maxD = min(n + m, maxEdits)
        let offset = maxD + 1
        // Positions as 32-bit values: the saved frontiers (up to maxD² of them) are half the
        // memory to write and copy as the trace grows.
        guard n + m < Int(Int32.max) else { return nil }
        let frontier = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 2 * maxD + 3)
        frontier.initialize(repeating: 0)
        defer { frontier.deallocate() }
        let v = frontier.baseAddress! + offset  // v[k] for k in -(maxD + 1)...(maxD + 1)
        // The frontier before each step d ≥ 1, flat: step d reads only diagonals -(d-1)...(d-1)
        // of it, 2d - 1 values, stored from index (d-1)² on (not the whole frontier per step).
        // It grows by `realloc`, which extends the block in place or remaps its pages where it
        // can: an array's growth copied the whole trace each time it doubled.
        var trace: UnsafeMutablePointer<Int32>?
        var traceCount = 0, traceCapacity = 0
        defer { free(trace) }
        var steps = 0
        var found = false
        outer: for d in 0...maxD {
            if d > 0 {
                let added = 2 * d - 1
                if traceCount + added > traceCapacity {
                    traceCapacity = max(4096, 2 * (traceCount + added))
                    guard let grown = realloc(trace, traceCapacity * MemoryLayout<Int32>.stride) else { fatalError("out of memory aligning \(n) and \(m) words") }
                    trace = grown.assumingMemoryBound(to: Int32.self)
                }
                (trace! + traceCount).initialize(from: v - (d - 1), count: added)
                traceCount += added
            }
            steps = d
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[k - 1] < v[k + 1]) {
                    x = Int(v[k + 1])
                } else {
                    x = Int(v[k - 1]) + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[k] = Int32(truncatingIfNeeded: x)
                if x >= n && y >= m { found = true; break outer }
                k += 2
            }
        }
        guard found else { return nil }
        let saved = trace
        let ops = edits(steps: steps, n: n, m: m) { Int(saved![$0]) }
        return group(ops, offset: prefix)
    }

    /// Walks back through the frontiers the search saved (`frontier(i)` is the `i`th saved
    /// value, laid out as ``hunks(_:_:maxEdits:)`` saves them) from `(n, m)` after `steps`
    /// steps, and returns the edits as (old index, new index) positions, in order.
    static func edits(steps: Int, n: Int, m: Int, frontier: (Int) -> Int) -> [(isDelete: Bool, index: Int)] {
        var x = n, y = m
        var ops: [(isDelete: Bool, index: Int)] = []
        for d in stride(from: steps, to: 0, by: -1) {
            // Diagonal j of the frontier before step d.
            let base = (d - 1) * (d - 1) + (d - 1)
            func vPrev(_ j: Int) -> Int { frontier(base + j) }
            let k = x - y
            let prevK = (k == -d || (k != d && vPrev(k - 1) < vPrev(k + 1))) ? k + 1 : k - 1
            let prevX = vPrev(prevK)
            let prevY = prevX - prevK
            while x > prevX && y > prevY { x -= 1; y -= 1 }
            if prevK == k + 1 { ops.append((false, y - 1)) } else { ops.append((true, x - 1)) }
            x = prevX; y = prevY
        }
        return ops.reversed()
    }

    /// The edits of a shortest script (in order, as (old index, new index) positions after the
    /// common prefix) grouped into hunks: consecutive deletes and inserts between equal
    /// stretches, their ranges moved on by `offset`.
    static func group(_ ops: [(isDelete: Bool, index: Int)], offset prefix: Int) -> [Hunk] {
        var hunks: [Hunk] = []
        var ai = 0, bi = 0
        var opIndex = 0
        while opIndex < ops.count {
            // advance over equal words up to the next edit
            let op = ops[opIndex]
            let targetA = op.isDelete ? op.index : nil
            let targetB = op.isDelete ? nil : op.index
            if let t = targetA { let step = t - ai; ai += step; bi += step }
            if let t = targetB { let step = t - bi; ai += step; bi += step }
            let startA = ai, startB = bi
            while opIndex < ops.count {
                let o = ops[opIndex]
                if o.isDelete && o.index == ai { ai += 1 } else if !o.isDelete && o.index == bi { bi += 1 } else { break }
                opIndex += 1
            }
            hunks.append(Hunk(oldRange: (prefix + startA)..<(prefix + ai), newRange: (prefix + startB)..<(prefix + bi)))
        }
        return hunks
    }
}
