/// What the dedup engine concluded about one incoming document.
///
/// This is the seam between the pure engine and the store: the ingest loop persists exactly
/// what the decision says and emits the matching feed event.
public enum Decision: Sendable, Equatable {
    /// The normalized text equals a stored version's: nothing new to keep.
    case duplicate(Evidence)
    /// The same story with new text: stored as the next version of `evidence.matched.story`.
    case newVersion(Evidence)
    /// No stored story matched: a new story starts.
    case newStory
    /// A kill or withdrawal of the story `evidence.matched` belongs to (matched by identity);
    /// no version is stored, the story is marked withdrawn.
    case withdrawal(Evidence)

    /// The evidence behind a duplicate or version decision.
    public struct Evidence: Sendable, Equatable {
        /// The stored version the document matched.
        public var matched: VersionRef
        /// Jaccard similarity of the two texts' shingle sets (1 for identical texts).
        public var similarity: Double
        /// The share of the matched version's shingles found in the new document.
        public var containment: Double
        /// A short sentence an editor can read, e.g. `normalized text identical to version 2`.
        public var reason: String

        public init(matched: VersionRef, similarity: Double, containment: Double, reason: String) {
            self.matched = matched
            self.similarity = similarity
            self.containment = containment
            self.reason = reason
        }
    }

    /// The feed event type this decision is announced with.
    public var eventType: EventType {
        switch self {
        case .duplicate: .duplicateSeen
        case .newVersion: .versionAdded
        case .newStory: .storyCreated
        case .withdrawal: .storyWithdrawn
        }
    }
}
