/// An inverted index from the first shingles of each text (headline and lead) to entries.
///
/// It finds what LSH cannot: a flash or a trimmed item inside a much longer story has a low
/// Jaccard similarity but shares the story's opening. Postings longer than `maxPosting` are
/// boilerplate and ignored at lookup.
public struct LeadIndex: Sendable {
    public let maxPosting: Int
    private var postings: [UInt64: [Int]] = [:]

    public init(maxPosting: Int) { self.maxPosting = maxPosting }

    public mutating func insert(_ entry: Int, lead: [UInt64]) {
        for s in Set(lead) { postings[s, default: []].append(entry) }
    }

    public mutating func remove(_ entry: Int, lead: [UInt64]) {
        for s in Set(lead) {
            guard var list = postings[s] else { continue }
            list.removeAll { $0 == entry }
            postings[s] = list.isEmpty ? nil : list
        }
    }

    /// Entries whose lead shares a shingle with any of `shingles`, with the count shared.
    public func candidates(_ shingles: [UInt64]) -> [Int: Int] {
        var found: [Int: Int] = [:]
        for s in shingles {
            guard let list = postings[s], list.count <= maxPosting else { continue }
            for e in list { found[e, default: 0] += 1 }
        }
        return found
    }
}
