import Foundation

/// One row of `GET /v1/stories`: a story without its versions' text.
public struct StorySummary: Codable, Sendable, Equatable {
    public var id: Int64
    /// The newest version's headline.
    public var headline: String
    public var source: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// How many versions the story holds.
    public var versions: Int
    /// How many files were exact duplicates of one of its versions.
    public var duplicates: Int
    /// True once the story was killed or withdrawn.
    public var withdrawn: Bool

    public init(id: Int64, headline: String, source: String?, createdAt: Date, updatedAt: Date,
                versions: Int, duplicates: Int, withdrawn: Bool) {
        self.id = id
        self.headline = headline
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.versions = versions
        self.duplicates = duplicates
        self.withdrawn = withdrawn
    }

    enum CodingKeys: String, CodingKey {
        case id, headline, source, versions, duplicates, withdrawn
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        headline = try c.decode(String.self, forKey: .headline)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        createdAt = try c.decodeRFC3339(forKey: .createdAt)
        updatedAt = try c.decodeRFC3339(forKey: .updatedAt)
        versions = try c.decode(Int.self, forKey: .versions)
        duplicates = try c.decode(Int.self, forKey: .duplicates)
        withdrawn = try c.decode(Bool.self, forKey: .withdrawn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(headline, forKey: .headline)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(RFC3339.format(createdAt), forKey: .createdAt)
        try c.encode(RFC3339.format(updatedAt), forKey: .updatedAt)
        try c.encode(versions, forKey: .versions)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(withdrawn, forKey: .withdrawn)
    }
}
