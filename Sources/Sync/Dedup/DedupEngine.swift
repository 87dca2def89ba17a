/// Decides whether a prepared document is a duplicate, a new version or a new story.
///
/// The ingest loop calls ``decide(_:exactMatch:)`` with the stored version whose normalized
/// hash equals the document's (found by the store's index; looked up only for an engine whose
/// ``usesExactMatch`` is true, else passed as nil), then, after the decision is
/// committed, ``remember(_:as:)`` with the version the document was stored as (not called
/// for duplicates, which store no new version). An engine holds only in-memory state; it
/// must be rebuildable from what the store keeps.
public protocol DedupEngine: Sendable {
    mutating func decide(_ document: PreparedDocument, exactMatch: VersionRef?) -> Decision
    mutating func remember(_ document: PreparedDocument, as version: VersionRef)
    /// Whether ``decide(_:exactMatch:)`` reads `exactMatch`: when false, the ingest loop skips
    /// the store look-up and passes nil. True unless an engine says otherwise.
    var usesExactMatch: Bool { get }
}

extension DedupEngine {
    public var usesExactMatch: Bool { true }
}

/// The first-cut engine: an exact normalized match is a duplicate, anything else a new story.
public struct ExactMatchEngine: DedupEngine {
    public init() {}

    public mutating func decide(_ document: PreparedDocument, exactMatch: VersionRef?) -> Decision {
        guard let match = exactMatch else { return .newStory }
        return .duplicate(.init(matched: match, similarity: 1, containment: 1,
                                reason: "normalized text identical to version \(match.number) of story \(match.story)"))
    }

    public mutating func remember(_ document: PreparedDocument, as version: VersionRef) {}
}
