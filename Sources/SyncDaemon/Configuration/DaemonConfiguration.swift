import Sync

/// Everything syncd needs to run, each field with a default.
///
/// Built by ``ConfigurationLoader`` from defaults, then the config file, then environment
/// variables, then flags; ``validate()`` names the first bad field.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The home folder: `inbox/`, `processed/`, `rejected/` and the database live here.
    public var home: String = "./newsroom"
    /// Where the HTTP API listens. Anything but a loopback address needs a `token`.
    public var listen = ListenAddress(host: "127.0.0.1", port: 7411)
    /// When set, every HTTP request must carry `Authorization: Bearer <token>`.
    public var token: String?
    /// `/readyz` fails when the home's file system has less free space than this.
    public var minimumFreeBytes: Int64 = 64 * 1024 * 1024
    /// How much syncd logs: trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"
    /// Decide every file present at start, then exit (backfill), without serving HTTP.
    public var once = false
    /// Files larger than this are rejected before being read; at most
    /// ``largestMaxFileBytes``.
    public var maxFileBytes: Int64 = 16 * 1024 * 1024
    /// The highest `maxFileBytes` allowed: a decoded, NFKC-normalized text can grow to about
    /// eleven times its file, and the dedup engine addresses a text's words with 32-bit offsets.
    public static let largestMaxFileBytes: Int64 = 256 * 1024 * 1024
    /// How often an idle SSE stream sends a heartbeat comment, in seconds.
    public var heartbeatSeconds: Double = 15
    /// A file written in place (not renamed in) is taken only once it has not changed for this
    /// long, so a slow writer's half-written file is never stored as a prefix.
    public var settleSeconds: Double = 0.5
    /// With `once`, a file still failing (database or disk errors) or still being written this
    /// long after it was first put off is left in the inbox, so `syncd --once` always ends
    /// (exit 1, naming the files left).
    public var onceGiveUpSeconds: Double = 60
    /// Items further apart than this (by document time) are never versions of one another;
    /// the dedup index keeps this much history in memory. 36 h covers a news cycle (DEDUP.md).
    public var dedupWindowHours: Double = 36
    /// The share of the shorter text's word shingles the longer must contain for a version.
    public var dedupMinContainment: Double = 0.5
    /// The most versions the dedup index holds in memory (about 7 KB each); past it the oldest
    /// arrivals leave the index early. Bounds memory in a backfill whose document times run
    /// out of arrival order (``DedupParameters/maxWindowVersions``).
    public var dedupMaxWindowVersions: Int64 = 100_000
    /// The highest `dedupMaxWindowVersions` allowed (about 70 GB of index).
    public static let largestMaxWindowVersions: Int64 = 10_000_000
    /// Files in `processed/` older than this many days are removed hourly; 0 keeps them all.
    public var retentionProcessedDays: Double = 0

    public init() {}

    /// The dedup engine's parameters under this configuration.
    public var dedupParameters: DedupParameters {
        var parameters = DedupParameters()
        parameters.window = dedupWindowHours * 3600
        parameters.minContainment = dedupMinContainment
        parameters.maxWindowVersions = Int(dedupMaxWindowVersions)
        return parameters
    }

    /// Checks every field; the error names the field that is wrong.
    public func validate() throws {
        if home.isEmpty {
            throw DaemonError.invalidConfiguration(field: "home", message: "must not be empty")
        }
        if listen.host.isEmpty || !(0...65535).contains(listen.port) {
            throw DaemonError.invalidConfiguration(field: "listen", message: "'\(listen)' is not HOST:PORT")
        }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            throw DaemonError.invalidConfiguration(
                field: "log_level", message: "'\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        if let token, token.count < 16 || token.contains(where: { $0.isWhitespace }) {
            throw DaemonError.invalidConfiguration(field: "token", message: "must be at least 16 characters with no spaces")
        }
        if !once && token == nil && !listen.isLoopback {
            throw DaemonError.invalidConfiguration(
                field: "listen",
                message: "'\(listen)' is not a loopback address; set a token (SYNCD_TOKEN) before serving beyond this machine")
        }
        if maxFileBytes <= 0 || maxFileBytes > Self.largestMaxFileBytes {
            throw DaemonError.invalidConfiguration(field: "ingest.max_file_bytes",
                                                   message: "must be positive and at most \(Self.largestMaxFileBytes) (256 MiB)")
        }
        if minimumFreeBytes < 0 {
            throw DaemonError.invalidConfiguration(field: "health.min_free_bytes", message: "must be 0 or more")
        }
        // Every duration has an upper bound too: a Duration of 1e20 seconds does not exist, and
        // building one stops the process.
        if !(settleSeconds >= 0 && settleSeconds <= 3600) {
            throw DaemonError.invalidConfiguration(field: "ingest.settle_seconds", message: "must be from 0 to 3600 (an hour)")
        }
        if !(onceGiveUpSeconds > 0 && onceGiveUpSeconds <= 7 * 86400) {
            throw DaemonError.invalidConfiguration(field: "ingest.once_give_up_seconds",
                                                   message: "must be more than 0 and at most 604800 (a week)")
        }
        if !(dedupWindowHours > 0 && dedupWindowHours <= 24 * 365) {
            throw DaemonError.invalidConfiguration(field: "dedup.window_hours", message: "must be more than 0 and at most 8760 (a year)")
        }
        if !(dedupMinContainment > 0 && dedupMinContainment <= 1) {
            throw DaemonError.invalidConfiguration(field: "dedup.min_containment", message: "must be more than 0 and at most 1")
        }
        if dedupMaxWindowVersions < 1_000 || dedupMaxWindowVersions > Self.largestMaxWindowVersions {
            throw DaemonError.invalidConfiguration(field: "dedup.max_window_versions",
                                                   message: "must be from 1000 to \(Self.largestMaxWindowVersions)")
        }
        if !(retentionProcessedDays >= 0 && retentionProcessedDays <= 36500) {
            throw DaemonError.invalidConfiguration(field: "retention.processed_days",
                                                   message: "must be 0 (keep everything) or a number of days up to 36500")
        }
        if !(heartbeatSeconds > 0 && heartbeatSeconds <= 3600) {
            throw DaemonError.invalidConfiguration(field: "feed.heartbeat_seconds", message: "must be more than 0 and at most 3600 (an hour)")
        }
    }
}
