import Foundation

/// The body of `GET /v1/groups` and `GET /v1/stories/{id}/group`: a story with every file that
/// joined it (created it, added a version, or was a duplicate) and the evidence for each.
public struct DuplicateGroup: Codable, Sendable, Equatable {
    public var story: Int64
    public var headline: String
    public var withdrawn: Bool
    /// The feed events of the story's decisions and overrides, oldest first (each with
    /// `matched`, `similarity`, `containment` and `reason` where the engine gave them).
    public var members: [FeedEvent]

    public init(story: Int64, headline: String, withdrawn: Bool, members: [FeedEvent]) {
        self.story = story
        self.headline = headline
        self.withdrawn = withdrawn
        self.members = members
    }
}

/// The body of `GET /v1/groups`: the groups active since a time, most recent first.
public struct GroupList: Codable, Sendable, Equatable {
    public var groups: [DuplicateGroup]
    public init(groups: [DuplicateGroup]) { self.groups = groups }
}
