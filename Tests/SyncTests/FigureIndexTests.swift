import Testing
@testable import Sync

/// The sorted figure index answers exactly what a scan with ``NumberValue/same(_:_:)`` would.
struct FigureIndexTests {
    @Test func answersAsAScanWould() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let base: [Double] = [0, 1, -1, 2.5, 1_000_000, -3_000_000, 987_654_321, .infinity, -.infinity]
            var values = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Bool.random(using: &generator) ? Double(Int.random(in: -50...50, using: &generator))
                    : Double(Int.random(in: 900_000...5_000_000_000, using: &generator)) * (Bool.random(using: &generator) ? 1 : -1)
            }
            values += base.filter { _ in Bool.random(using: &generator) }
            let index = FigureIndex(values)
            // Probes: the values themselves, and near misses either side of the 0.5 % tolerance.
            var probes = values + base
            for v in values { probes += [v * 1.004, v * 0.996, v * 1.006, v * 0.994, v + 1, v - 1] }
            for probe in probes {
                #expect(index.contains(probe) == values.contains { NumberValue.same($0, probe) }, "\(probe) in \(values)")
            }
        }
    }

    @Test func aLargeTableIsComparedWholly() {
        // A results table of 20,000 figures re-sent with one changed: every other figure is shared.
        let old = (0..<20_000).map { Double($0 * 7 + 1_000_000) }
        var new = old
        new[123] = 42
        let index = FigureIndex(old)
        #expect(new.filter { index.contains($0) }.count == 19_999)
    }
}
