import Foundation

/// The body of `POST /v1/prune`: what to remove.
public struct PruneRequest: Codable, Sendable, Equatable {
    /// Remove what is older than this many seconds (processed files by when they were moved
    /// there; stories by their last update).
    public var olderThanSeconds: Double
    /// The largest age accepted: 100 years (36,525 days), in seconds.
    public static let maxAgeSeconds: Double = 36_525 * 86_400
    /// Also remove stories (with their versions) not updated since the cutoff. Off by default:
    /// versions are the archive.
    public var versions: Bool
    /// Report what would be removed without removing it.
    public var dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case versions
        case olderThanSeconds = "older_than_seconds"
        case dryRun = "dry_run"
    }

    public init(olderThanSeconds: Double, versions: Bool = false, dryRun: Bool = false) {
        self.olderThanSeconds = olderThanSeconds
        self.versions = versions
        self.dryRun = dryRun
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        olderThanSeconds = try c.decode(Double.self, forKey: .olderThanSeconds)
        versions = try c.decodeIfPresent(Bool.self, forKey: .versions) ?? false
        dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
    }
}

/// The answer of `POST /v1/prune`: what was (or, in a dry run, would be) removed.
public struct PruneReport: Codable, Sendable, Equatable {
    public var cutoff: Date
    public var dryRun: Bool
    public var filesRemoved: Int
    public var bytesRemoved: Int64
    public var storiesRemoved: Int
    public var versionsRemoved: Int

    enum CodingKeys: String, CodingKey {
        case cutoff
        case dryRun = "dry_run"
        case filesRemoved = "files_removed"
        case bytesRemoved = "bytes_removed"
        case storiesRemoved = "stories_removed"
        case versionsRemoved = "versions_removed"
    }

    public init(cutoff: Date, dryRun: Bool, filesRemoved: Int, bytesRemoved: Int64, storiesRemoved: Int, versionsRemoved: Int) {
        self.cutoff = cutoff
        self.dryRun = dryRun
        self.filesRemoved = filesRemoved
        self.bytesRemoved = bytesRemoved
        self.storiesRemoved = storiesRemoved
        self.versionsRemoved = versionsRemoved
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cutoff = try c.decodeRFC3339(forKey: .cutoff)
        dryRun = try c.decode(Bool.self, forKey: .dryRun)
        filesRemoved = try c.decode(Int.self, forKey: .filesRemoved)
        bytesRemoved = try c.decode(Int64.self, forKey: .bytesRemoved)
        storiesRemoved = try c.decode(Int.self, forKey: .storiesRemoved)
        versionsRemoved = try c.decode(Int.self, forKey: .versionsRemoved)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(RFC3339.format(cutoff), forKey: .cutoff)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(filesRemoved, forKey: .filesRemoved)
        try c.encode(bytesRemoved, forKey: .bytesRemoved)
        try c.encode(storiesRemoved, forKey: .storiesRemoved)
        try c.encode(versionsRemoved, forKey: .versionsRemoved)
    }
}
