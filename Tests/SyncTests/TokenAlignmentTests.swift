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
}
