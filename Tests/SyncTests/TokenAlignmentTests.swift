import Testing
@testable import Sync

/// ``TokenAlignment`` against a dynamic-programming edit distance: its hunks turn the old
/// sequence into the new one with the fewest word edits.
@Suite("Token alignment")
struct TokenAlignmentTests {
    /// The fewest deletions and insertions that turn `a` into `b` (n + m − 2·LCS).
    func editDistance(_ a: [Int], _ b: [Int]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in 1...max(1, b.count) where j <= b.count {
                let above = row[j]
                row[j] = x == b[j - 1] ? diagonal + 1 : max(row[j], row[j - 1])
                diagonal = above
            }
        }
        return a.count + b.count - 2 * (row.last ?? 0)
    }

    /// `old` with each hunk's old range replaced by its new range; nil when the hunks overlap
    /// or are out of order, or an unchanged stretch between them differs.
    func apply(_ hunks: [TokenAlignment.Hunk], _ old: [Int], _ new: [Int]) -> [Int]? {
        var out: [Int] = []
        var ai = 0, bi = 0
        for hunk in hunks {
            guard hunk.oldRange.lowerBound >= ai, hunk.newRange.lowerBound >= bi,
                  hunk.oldRange.lowerBound - ai == hunk.newRange.lowerBound - bi,
                  old[ai..<hunk.oldRange.lowerBound].elementsEqual(new[bi..<hunk.newRange.lowerBound]) else { return nil }
            out += old[ai..<hunk.oldRange.lowerBound]
            out += new[hunk.newRange]
            ai = hunk.oldRange.upperBound
            bi = hunk.newRange.upperBound
        }
        guard old.count - ai == new.count - bi, old[ai...].elementsEqual(new[bi...]) else { return nil }
        return out + old[ai...]
    }

    @Test func randomEditsGiveMinimalHunksThatRebuildTheNewText() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let old = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in Int.random(in: 0..<6, using: &generator) }
            var new = old
            for _ in 0..<Int.random(in: 0..<12, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &generator))
                case 1: new.insert(Int.random(in: 0..<6, using: &generator), at: Int.random(in: 0...new.count, using: &generator))
                default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &generator)] = Int.random(in: 0..<6, using: &generator) }
                }
            }
            guard let hunks = TokenAlignment.hunks(old, new) else {
                Issue.record("no alignment for \(old) → \(new)")
                continue
            }
            #expect(apply(hunks, old, new) == new, "\(old) → \(new): \(hunks)")
            #expect(hunks.reduce(0) { $0 + $1.oldRange.count + $1.newRange.count } == editDistance(old, new), "\(old) → \(new)")
            #expect(hunks.allSatisfy { !$0.oldRange.isEmpty || !$0.newRange.isEmpty })
        }
    }

    @Test func tooManyEditsGiveNoAlignment() {
        let old = Array(0..<100), new = Array(100..<200)
        #expect(TokenAlignment.hunks(old, new, maxEdits: 150) == nil)
        #expect(TokenAlignment.hunks(old, new, maxEdits: 200) == [.init(oldRange: 0..<100, newRange: 0..<100)])
        #expect(TokenAlignment.hunks([1, 2, 3], [1, 2, 3]) == [])
    }

    /// The forward search as first written, on arrays with checked subscripts (its edits read
    /// back and grouped as the library does): the pointer version must return exactly its
    /// hunks (ties broken alike), so the verifier's decisions stay.
    static func referenceHunks<T: Equatable>(_ old: [T], _ new: [T], maxEdits: Int = 600) -> [TokenAlignment.Hunk]? {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = old[prefix..<(old.count - suffix)], b = new[prefix..<(new.count - suffix)]
        let n = a.count, m = b.count
        if n == 0 && m == 0 { return [] }
        if n == 0 || m == 0 {
            return [TokenAlignment.Hunk(oldRange: prefix..<(prefix + n), newRange: prefix..<(prefix + m))]
        }
        let maxD = min(n + m, maxEdits)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        // The frontier before each step d ≥ 1, flat: step d reads only diagonals -(d-1)...(d-1)
        // of it, 2d - 1 values, stored from index (d-1)² on (not the whole frontier per step).
        var trace: [Int] = []
        var steps = 0
        var found = false
        let aBase = a.startIndex, bBase = b.startIndex
        outer: for d in 0...maxD {
            if d > 0 { trace.append(contentsOf: v[(offset - (d - 1))...(offset + (d - 1))]) }
            steps = d
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[aBase + x] == b[bBase + y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break outer }
                k += 2
            }
        }
        guard found else { return nil }
        let ops = TokenAlignment.edits(steps: steps, n: n, m: m) { trace[$0] }
        return TokenAlignment.group(ops, offset: prefix)
    }

    /// Async, yielding as it goes (a long synchronous test would hold a cooperative thread).
    @Test func thePointerSearchGivesTheFirstVersionsHunks() async {
        var generator = SystemRandomNumberGenerator()
        var differing: [([Int], [Int])] = []
        for round in 0..<3000 {
            if round % 200 == 0 { await Task.yield() }
            // Small alphabets make many ties; larger ones long unchanged stretches.
            let alphabet = [2, 3, 6, 50][round % 4]
            let old = (0..<Int.random(in: 0..<120, using: &generator)).map { _ in Int.random(in: 0..<alphabet, using: &generator) }
            var new = old
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &generator))
                case 1: new.insert(Int.random(in: 0..<alphabet, using: &generator), at: Int.random(in: 0...new.count, using: &generator))
                default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &generator)] = Int.random(in: 0..<alphabet, using: &generator) }
                }
            }
            let limit = [600, 20, 5][round % 3]
            if TokenAlignment.hunks(old, new, maxEdits: limit) != Self.referenceHunks(old, new, maxEdits: limit) { differing.append((old, new)) }
        }
        #expect(differing.count == 0, "first differing pairs: \(differing.prefix(3))")
    }

    /// Long texts with many edits: the saved frontiers (d² values after d steps) outgrow their
    /// first block several times over, and the hunks still match the first version's.
    @Test func longAlignmentsGrowTheSavedFrontiersAndStillMatch() async {
        var generator = SystemRandomNumberGenerator()
        var differing = 0
        var longest = 0
        for round in 0..<24 {
            await Task.yield()
            let old = (0..<Int.random(in: 300...500, using: &generator)).map { _ in Int.random(in: 0..<50, using: &generator) }
            var new = old
            for _ in 0..<Int.random(in: 100...260, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &generator))
                case 1: new.insert(Int.random(in: 0..<50, using: &generator), at: Int.random(in: 0...new.count, using: &generator))
                default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &generator)] = Int.random(in: 0..<50, using: &generator) }
                }
            }
            let limit = round % 4 == 0 ? 120 : 600
            let hunks = TokenAlignment.hunks(old, new, maxEdits: limit)
            if hunks != Self.referenceHunks(old, new, maxEdits: limit) { differing += 1 }
            if let hunks {
                longest = max(longest, hunks.reduce(0) { $0 + $1.oldRange.count + $1.newRange.count })
            }
        }
        #expect(differing == 0)
        // At least one search ran past 90 steps, beyond the first block of 4,096 saved values.
        #expect(longest > 90)
    }
}
