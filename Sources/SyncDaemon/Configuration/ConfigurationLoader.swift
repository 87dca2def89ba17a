import Foundation

/// Builds the effective configuration: defaults, then the config file, then environment
/// variables, then command-line flags, remembering where each value came from.
public struct ConfigurationLoader: Sendable {
    /// Every setting syncd reads, in the order `check-config` and the README list them.
    public static let keys: [ConfigurationKey] = [
        .string("home", env: "SYNCD_HOME", flag: "--home",
                "home folder: inbox/, processed/, rejected/ and the database", \.home),
        ConfigurationKey(
            name: "listen", environment: "SYNCD_LISTEN", flag: "--listen",
            summary: "HOST:PORT of the HTTP API; beyond loopback it needs a token",
            apply: { configuration, value in configuration.listen = try ListenAddress(parsing: try value.text(for: "listen")) },
            show: { "\"\($0.listen)\"" }),
        ConfigurationKey(
            name: "token", environment: "SYNCD_TOKEN", flag: "--token",
            summary: "bearer token every API request must carry (unset: no token)",
            apply: { configuration, value in
                let token = try value.text(for: "token")
                configuration.token = token.isEmpty ? nil : token
            },
            show: { $0.token == nil ? "(unset)" : "\"********\"" }),
        .string("log_level", env: "SYNCD_LOG_LEVEL", flag: "--log-level",
                "trace, debug, info, notice, warning, error or critical", \.logLevel),
        .integer("ingest.max_file_bytes", env: "SYNCD_MAX_FILE_BYTES", flag: nil,
                 "files larger than this are rejected before being read", \.maxFileBytes),
        .number("ingest.settle_seconds", env: "SYNCD_SETTLE_SECONDS", flag: nil,
                "a file written in place is taken once unchanged this long", \.settleSeconds),
        .number("ingest.once_give_up_seconds", env: "SYNCD_ONCE_GIVE_UP_SECONDS", flag: nil,
                "with --once, a file still failing or being written this long is left in the inbox", \.onceGiveUpSeconds),
        .number("feed.heartbeat_seconds", env: "SYNCD_HEARTBEAT_SECONDS", flag: nil,
                "an idle SSE stream sends a heartbeat comment this often", \.heartbeatSeconds),
        .number("dedup.window_hours", env: "SYNCD_DEDUP_WINDOW_HOURS", flag: nil,
                "items further apart are never versions of one story; the index keeps this much", \.dedupWindowHours),
        .number("dedup.min_containment", env: "SYNCD_DEDUP_MIN_CONTAINMENT", flag: nil,
                "share of the shorter text's shingles the longer must hold for a version", \.dedupMinContainment),
        .integer("dedup.max_window_versions", env: "SYNCD_DEDUP_MAX_WINDOW_VERSIONS", flag: nil,
                 "most versions the index holds in memory (about 7 KB each); past it the oldest leave early", \.dedupMaxWindowVersions),
        .number("retention.processed_days", env: "SYNCD_RETENTION_PROCESSED_DAYS", flag: nil,
                "processed files older than this many days are removed hourly; 0 keeps them", \.retentionProcessedDays),
        .integer("health.min_free_bytes", env: "SYNCD_MIN_FREE_BYTES", flag: nil,
                 "/readyz fails when the home's disk has less free space", \.minimumFreeBytes),
    ]

    public init() {}

    /// The effective configuration and the source of every key.
    ///
    /// - Parameters:
    ///   - file: the config file's path (`--config` or `$SYNCD_CONFIG`); nil for none.
    ///   - environment: the process environment.
    ///   - flags: values given on the command line, by key name.
    /// - Throws: ``DaemonError/invalidConfiguration(field:message:)`` naming the bad key.
    public func load(file: String?, environment: [String: String], flags: [String: String])
        throws -> (DaemonConfiguration, [String: ConfigurationSource]) {
        var configuration = DaemonConfiguration()
        var sources = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0.name, ConfigurationSource.defaultValue) })
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw DaemonError.invalidConfiguration(field: "config", message: "cannot read \(file): \(error.localizedDescription)")
            }
            let parsed = try ConfigFile(parsing: text, path: file)
            for (name, entry) in parsed.entries {
                guard let key = Self.keys.first(where: { $0.name == name }) else {
                    throw DaemonError.invalidConfiguration(
                        field: name, message: "unknown key in \(file):\(entry.line); known keys: \(Self.keys.map(\.name).joined(separator: ", "))")
                }
                try key.apply(&configuration, entry.value)
                sources[name] = .file(path: file, line: entry.line)
            }
        }
        for key in Self.keys {
            if let text = environment[key.environment], !text.isEmpty {
                try key.apply(&configuration, .string(text))
                sources[key.name] = .environment(key.environment)
            }
        }
        for key in Self.keys {
            if let text = flags[key.name] {
                try key.apply(&configuration, .string(text))
                sources[key.name] = .flag(key.flag ?? key.name)
            }
        }
        return (configuration, sources)
    }

    /// The effective configuration as aligned lines: key, value, and where it came from.
    public static func describe(_ configuration: DaemonConfiguration, sources: [String: ConfigurationSource]) -> String {
        let width = keys.map(\.name.count).max() ?? 0
        let rows = keys.map { key -> (String, String) in
            (key.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + key.show(configuration),
             (sources[key.name] ?? .defaultValue).description)
        }
        let valueWidth = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: valueWidth, withPad: " ", startingAt: 0) + "  # " + $0.1 }.joined(separator: "\n")
    }
}
