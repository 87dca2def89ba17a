/// The body of `GET /v1/stories/{id}/diff?from=A&to=B`: a word diff between two versions.
///
/// Concatenating the `equal` and `delete` runs gives version `from`'s text (headline, blank
/// line, body); `equal` and `insert` give version `to`'s.
public struct VersionDiff: Codable, Sendable, Equatable {
    public var story: Int64
    public var from: Int
    public var to: Int
    public var runs: [DiffRun]
    /// Words inserted, deleted and unchanged.
    public var inserted: Int
    public var deleted: Int
    public var unchanged: Int

    public init(story: Int64, from: Int, to: Int, runs: [DiffRun]) {
        self.story = story
        self.from = from
        self.to = to
        self.runs = runs
        func words(_ op: DiffRun.Op) -> Int {
            runs.filter { $0.op == op }.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
        }
        inserted = words(.insert)
        deleted = words(.delete)
        unchanged = words(.equal)
    }
}
