/// Points at one stored version: its story, its row id and its number within the story.
public struct VersionRef: Sendable, Hashable {
    public var story: Int64
    /// The version's row id in the store.
    public var id: Int64
    /// 1 for a story's first version, then 2, 3, …
    public var number: Int

    public init(story: Int64, id: Int64, number: Int) {
        self.story = story
        self.id = id
        self.number = number
    }
}
