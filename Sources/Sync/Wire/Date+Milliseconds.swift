import Foundation

extension Date {
    /// Whole milliseconds since 1970-01-01 UTC (rounded down), the store's and the wire's
    /// time unit.
    ///
    /// Saturates at `Int64`'s bounds (about 292 million years either way) instead of
    /// trapping, so a date made from a huge age or a wrong clock cannot stop the process.
    public var millisecondsSince1970: Int64 {
        let ms = (timeIntervalSince1970 * 1000).rounded(.down)
        if ms.isNaN { return 0 }
        if ms >= 9_223_372_036_854_775_808.0 { return .max }  // 2^63
        if ms < -9_223_372_036_854_775_808.0 { return .min }
        return Int64(ms)
    }

    /// The date `ms` milliseconds after 1970-01-01 UTC.
    public init(millisecondsSince1970 ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }
}
