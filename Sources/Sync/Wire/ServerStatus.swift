/// The body of `GET /v1/status`: what the daemon holds and what waits in its inbox.
public struct ServerStatus: Codable, Sendable, Equatable {
    /// Files in the inbox not yet decided.
    public var pending: Int
    /// The newest event's seq (0 when the feed is empty).
    public var lastSeq: Int64
    public var stories: Int
    public var versions: Int
    /// Files decided as exact duplicates of a stored version.
    public var duplicates: Int
    /// Files moved to `rejected/`.
    public var rejected: Int
    /// The daemon's home folder.
    public var home: String
    /// False while files cannot be decided (full or read-only disk, database error).
    public var healthy: Bool
    /// What is wrong while unhealthy.
    public var problem: String?

    public init(pending: Int, lastSeq: Int64, stories: Int, versions: Int, duplicates: Int, rejected: Int, home: String,
                healthy: Bool = true, problem: String? = nil) {
        self.pending = pending
        self.lastSeq = lastSeq
        self.stories = stories
        self.versions = versions
        self.duplicates = duplicates
        self.rejected = rejected
        self.home = home
        self.healthy = healthy
        self.problem = problem
    }

    enum CodingKeys: String, CodingKey {
        case pending, stories, versions, duplicates, rejected, home, healthy, problem
        case lastSeq = "last_seq"
    }
}
