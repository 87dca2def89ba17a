import Foundation

/// The body of `GET /v1/groups` and `GET /v1/stories/{id}/group`: a story with every file that
/// joined it (created it, added a version, or was a duplicate) and the evidence for each.
public struct DuplicateGroup: Codable, Sendable, Equatable {
    public var story: Int64
    public var headline: String
    public var withdrawn: Bool
    /// The feed events of the story's decisions and overrides, oldest first (each with
    /// `matched`, `similarity`, `containment` and `reason` where the engine gave them).
    /// They are history: after an editor's split or merge, a version's `version.added` stays
    /// with the story it was added to. ``files`` and ``versions`` say what the story holds now.
    public var members: [FeedEvent]
    /// The files the story holds now (its versions' and its duplicates'), splits and merges
    /// applied; nil from a server older than this field.
    public var files: Int?
    /// The versions the story holds now; nil from a server older than this field.
    public var versions: Int?

    public init(story: Int64, headline: String, withdrawn: Bool, members: [FeedEvent], files: Int? = nil, versions: Int? = nil) {
        self.story = story
        self.headline = headline
        self.withdrawn = withdrawn
        self.members = members
        self.files = files
        self.versions = versions
    }
}

/// The body of `GET /v1/groups`: the groups active since a time, most recent first.
public struct GroupList: Codable, Sendable, Equatable {
    public var groups: [DuplicateGroup]
    public init(groups: [DuplicateGroup]) { self.groups = groups }
}
