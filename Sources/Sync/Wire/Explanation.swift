/// The body of `POST /v1/explain`: how two items compare and what the engine would decide.
public struct Explanation: Codable, Sendable, Equatable {
    /// Exact Jaccard similarity of the two word-3-shingle sets.
    public var similarity: Double
    /// Share of the shorter item's shingles found in the longer.
    public var containment: Double
    /// Hours between the two items' times (nil when one is an uploaded text).
    public var hoursApart: Double?
    /// True when the normalized texts are identical.
    public var identical: Bool
    /// What the engine would decide for B given A: `duplicate.seen`, `version.added` or
    /// `story.created` (a different story).
    public var decision: String
    /// The verifier's reason, in words.
    public var reason: String
    /// Words in both (aligned in order), only in B, and only in A, by word alignment.
    public var sharedWords: Int
    public var addedWords: Int
    public var removedWords: Int
    /// The differing word runs in text order (up to 30): what A says there and what B says.
    public var changes: [ChangedRun]
    /// Changed figures and swapped names found inside otherwise matching text ("old → new").
    public var figureChanges: [String]
    public var nameChanges: [String]
    /// Sentences in both, only in A and only in B (normalized for comparison, shown as written).
    public var sharedSentences: [String]
    public var onlyInA: [String]
    public var onlyInB: [String]

    enum CodingKeys: String, CodingKey {
        case similarity, containment, identical, decision, reason
        case hoursApart = "hours_apart"
        case sharedWords = "shared_words"
        case changes
        case addedWords = "added_words"
        case removedWords = "removed_words"
        case figureChanges = "figure_changes"
        case nameChanges = "name_changes"
        case sharedSentences = "shared_sentences"
        case onlyInA = "only_in_a"
        case onlyInB = "only_in_b"
    }

    public init(similarity: Double, containment: Double, hoursApart: Double?, identical: Bool, decision: String, reason: String,
                sharedWords: Int, addedWords: Int, removedWords: Int, changes: [ChangedRun], figureChanges: [String], nameChanges: [String],
                sharedSentences: [String], onlyInA: [String], onlyInB: [String]) {
        self.similarity = similarity
        self.containment = containment
        self.hoursApart = hoursApart
        self.identical = identical
        self.decision = decision
        self.reason = reason
        self.sharedWords = sharedWords
        self.addedWords = addedWords
        self.removedWords = removedWords
        self.changes = changes
        self.figureChanges = figureChanges
        self.nameChanges = nameChanges
        self.sharedSentences = sharedSentences
        self.onlyInA = onlyInA
        self.onlyInB = onlyInB
    }
}

/// One differing run of words: A's words there (empty for an insertion) and B's (empty for a deletion).
public struct ChangedRun: Codable, Sendable, Equatable {
    public var a: String
    public var b: String
    public init(a: String, b: String) {
        self.a = a
        self.b = b
    }
}

/// One entry of `POST /v1/similar`: a stored story near the item, with the verifier's finding.
public struct SimilarStory: Codable, Sendable, Equatable {
    public var story: Int64
    public var version: Int
    public var headline: String
    public var similarity: Double
    public var containment: Double
    /// True when the engine would make the item a version of this story.
    public var sameStory: Bool
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case story, version, headline, similarity, containment, reason
        case sameStory = "same_story"
    }

    public init(story: Int64, version: Int, headline: String, similarity: Double, containment: Double, sameStory: Bool, reason: String) {
        self.story = story
        self.version = version
        self.headline = headline
        self.similarity = similarity
        self.containment = containment
        self.sameStory = sameStory
        self.reason = reason
    }
}

/// The body of `POST /v1/similar`: nearest stories first, near misses included.
public struct SimilarList: Codable, Sendable, Equatable {
    public var results: [SimilarStory]
    public init(results: [SimilarStory]) { self.results = results }
}
