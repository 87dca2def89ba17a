import Testing
@testable import Sync

@Suite("Shingler")
struct ShinglerTests {
    /// Sorted, repeat-free random values drawn from a small range, so sets overlap.
    func sortedSet(_ count: Int, range: UInt64, using generator: inout SystemRandomNumberGenerator) -> [UInt64] {
        var values = Set<UInt64>()
        while values.count < count { values.insert(UInt64.random(in: 0..<range, using: &generator)) }
        return values.sorted()
    }

    @Test func intersectionCountsAgreeWithSets() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let a = sortedSet(Int.random(in: 0..<150, using: &generator), range: 300, using: &generator)
            let b = sortedSet(Int.random(in: 0..<150, using: &generator), range: 300, using: &generator)
            let exact = Set(a).intersection(b).count
            #expect(Shingler.intersectionCount(a, b) == exact)
            let needed = Int.random(in: 0...160, using: &generator)
            // The bounded count answers exactly when the count reaches `needed`, nil otherwise.
            #expect(Shingler.intersectionCount(a, b, atLeast: needed) == (exact >= needed ? exact : nil), "needed \(needed)")
        }
    }
}
