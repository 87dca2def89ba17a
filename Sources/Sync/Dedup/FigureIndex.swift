/// A text's figures sorted once, so asking whether a figure is among them
/// (``NumberValue/same(_:_:)``: equal, or within 0.5 % for a million or more) is a binary
/// search, not a scan: comparing two large tables of figures costs F log F, not F².
///
/// Answers exactly as a scan would, infinities included (a figure too large for a `Double`
/// is the same as every figure of a million or more, as ``NumberValue/same(_:_:)`` has it).
struct FigureIndex {
    private let sorted: [Double]
    /// Whether one of the figures is infinite, and whether one is a million or more.
    private let hasInfinite: Bool, hasLarge: Bool

    init(_ values: [Double]) {
        sorted = values.sorted()
        hasInfinite = values.contains { $0.isInfinite }
        hasLarge = (sorted.first.map { $0 <= -1e6 } ?? false) || (sorted.last.map { $0 >= 1e6 } ?? false)
    }

    /// Whether a figure ``NumberValue/same(_:_:)`` as `value` is among them.
    func contains(_ value: Double) -> Bool {
        if abs(value) >= 1e6 && (hasInfinite || (value.isInfinite && hasLarge)) { return true }
        // Every figure that can be the same lies in this range (0.5 % is within 1 %).
        let (low, high) = abs(value) >= 1e6 ? (Swift.min(value * 0.99, value * 1.01), Swift.max(value * 0.99, value * 1.01)) : (value, value)
        var lower = 0, upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if sorted[middle] < low { lower = middle + 1 } else { upper = middle }
        }
        while lower < sorted.count && sorted[lower] <= high {
            if NumberValue.same(sorted[lower], value) { return true }
            lower += 1
        }
        return false
    }
}
