/// Names what `explain` and `similar` look at: a stored version (`story` and `version`, the
/// newest when `version` is omitted) or an uploaded text (`text`, its first line the headline).
public struct ItemReference: Codable, Sendable, Equatable {
    public var story: Int64?
    public var version: Int?
    public var text: String?

    public init(story: Int64? = nil, version: Int? = nil, text: String? = nil) {
        self.story = story
        self.version = version
        self.text = text
    }
}

/// The body of `POST /v1/explain`.
public struct ExplainRequest: Codable, Sendable, Equatable {
    public var a: ItemReference
    public var b: ItemReference
    public init(a: ItemReference, b: ItemReference) {
        self.a = a
        self.b = b
    }
}

/// The body of `POST /v1/similar`.
public struct SimilarRequest: Codable, Sendable, Equatable {
    public var item: ItemReference
    /// How many stories to return (1…100, default 10).
    public var limit: Int?
    public init(item: ItemReference, limit: Int? = nil) {
        self.item = item
        self.limit = limit
    }
}

/// The body of `POST /v1/stories/{id}/split`: the version to move into a story of its own.
public struct SplitRequest: Codable, Sendable, Equatable {
    public var version: Int
    public init(version: Int) { self.version = version }
}

/// The body of `POST /v1/stories/{id}/merge`: the story whose versions move into this one.
public struct MergeRequest: Codable, Sendable, Equatable {
    public var from: Int64
    public init(from: Int64) { self.from = from }
}
