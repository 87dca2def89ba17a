/// The verifier's finding on one candidate pair: the exact similarities and, when the pair
/// is not accepted as one story, why not.
public struct Verdict: Sendable, Equatable {
    /// Exact Jaccard similarity of the two shingle sets.
    public var similarity: Double
    /// Share of the smaller set's shingles found in the larger one.
    public var containment: Double
    /// Seconds between the two items' times.
    public var secondsApart: Double
    /// The word-level differences (when the pair was close enough to align).
    public var differences: DifferenceAnalysis?
    /// True when the two items are versions of one story.
    public var sameStory: Bool
    /// A sentence an editor can read: why the pair is, or is not, one story.
    public var reason: String
}
