/// The body of `GET /v1/stories`: newest-updated first, with a cursor for the next page.
public struct StoryPage: Codable, Sendable, Equatable {
    public var stories: [StorySummary]
    /// Pass as `cursor` to get the next page; absent on the last page.
    public var nextCursor: String?

    public init(stories: [StorySummary], nextCursor: String?) {
        self.stories = stories
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case stories
        case nextCursor = "next_cursor"
    }
}
