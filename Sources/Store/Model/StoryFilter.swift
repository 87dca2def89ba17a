import Foundation

/// Which stories `GET /v1/stories` lists; nil fields do not filter.
public struct StoryFilter: Sendable, Equatable {
    /// Only stories updated at or after this time.
    public var updatedSince: Date?
    /// Only stories whose first version came through this inbox subfolder.
    public var source: String?
    /// Only withdrawn (true) or live (false) stories.
    public var withdrawn: Bool?
    /// Only stories that absorbed duplicates or versions (true), or that did not (false).
    public var hasDuplicates: Bool?

    public init(updatedSince: Date? = nil, source: String? = nil, withdrawn: Bool? = nil, hasDuplicates: Bool? = nil) {
        self.updatedSince = updatedSince
        self.source = source
        self.withdrawn = withdrawn
        self.hasDuplicates = hasDuplicates
    }
}
