/// The best few of many scored candidates, best first: the higher score, then the newer
/// (larger) serial.
///
/// Holds at most `limit`, taking each offer that beats the worst one held. What it holds is
/// what sorting every offer and keeping the first `limit` would give, without sorting the
/// thousands of offers a templated feed can score above the containment floor.
struct CandidateRanking {
    typealias Candidate = (serial: Int, score: Double, shared: Int)

    let limit: Int
    /// The candidates kept, best first.
    private(set) var best: [Candidate] = []

    init(limit: Int) {
        self.limit = max(0, limit)
        best.reserveCapacity(self.limit + 1)
    }

    /// Whether `a` ranks before `b`.
    @inline(__always)
    static func ranks(_ a: Candidate, before b: Candidate) -> Bool {
        a.score != b.score ? a.score > b.score : a.serial > b.serial
    }

    /// Keeps `candidate` if it is among the best `limit` offered so far.
    mutating func offer(_ candidate: Candidate) {
        guard limit > 0 else { return }
        if best.count == limit && !Self.ranks(candidate, before: best[limit - 1]) { return }
        var at = best.count
        while at > 0 && Self.ranks(candidate, before: best[at - 1]) { at -= 1 }
        best.insert(candidate, at: at)
        if best.count > limit { best.removeLast() }
    }
}
