/// Locality-sensitive hashing over MinHash signatures: banded buckets of entry numbers.
///
/// A signature is cut into `bands` bands of `rows` values; two entries sharing any band's
/// values become candidates. Lookup cost depends on bucket sizes, not on how many entries
/// exist; entries are removed when they leave the dedup window.
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    private var buckets: [UInt64: [Int]] = [:]

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    @inline(__always)
    private func key(_ signature: [UInt32], band: Int) -> UInt64 {
        var h = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
        for r in 0..<rows { h = StableHash.combine(h, UInt64(signature[band * rows + r])) }
        return h
    }

    public mutating func insert(_ entry: Int, signature: [UInt32]) {
        for band in 0..<bands { buckets[key(signature, band: band), default: []].append(entry) }
    }

    public mutating func remove(_ entry: Int, signature: [UInt32]) {
        for band in 0..<bands {
            let k = key(signature, band: band)
            guard var list = buckets[k] else { continue }
            list.removeAll { $0 == entry }
            buckets[k] = list.isEmpty ? nil : list
        }
    }

    /// Entries sharing at least one band with `signature`, with how many bands they share.
    public func candidates(_ signature: [UInt32]) -> [Int: Int] {
        var found: [Int: Int] = [:]
        for band in 0..<bands {
            if let list = buckets[key(signature, band: band)] {
                for e in list { found[e, default: 0] += 1 }
            }
        }
        return found
    }

    /// The number of non-empty buckets (for memory figures).
    public var bucketCount: Int { buckets.count }
}
