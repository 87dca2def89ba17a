import Foundation
import Testing
@testable import SyncDaemon

@Suite("Configuration file and precedence")
struct ConfigurationLoaderTests {
    func write(_ text: String) throws -> (TestHome, String) {
        let home = try TestHome()
        let path = home.root.appending(path: "syncd.toml").path
        try Data(text.utf8).write(to: URL(filePath: path))
        return (home, path)
    }

    @Test func fileThenEnvironmentThenFlags() throws {
        let (home, path) = try write("""
            # a comment
            home = "/srv/newsroom"   # trailing comment
            listen = '127.0.0.1:8000'
            log_level = "debug"

            [ingest]
            max_file_bytes = 1_048_576
            settle_seconds = 2.5
            """)
        _ = home
        let (configuration, sources) = try ConfigurationLoader().load(
            file: path, environment: ["SYNCD_LISTEN": "127.0.0.1:9000", "SYNCD_LOG_LEVEL": "warning", "UNRELATED": "x"],
            flags: ["log_level": "error"])
        #expect(configuration.home == "/srv/newsroom")
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 9000))
        #expect(configuration.logLevel == "error")
        #expect(configuration.maxFileBytes == 1_048_576)
        #expect(configuration.settleSeconds == 2.5)
        #expect(configuration.heartbeatSeconds == DaemonConfiguration().heartbeatSeconds)
        #expect(sources["home"] == .file(path: path, line: 2))
        #expect(sources["listen"] == .environment("SYNCD_LISTEN"))
        #expect(sources["log_level"] == .flag("--log-level"))
        #expect(sources["feed.heartbeat_seconds"] == .defaultValue)
        let description = ConfigurationLoader.describe(configuration, sources: sources)
        let line = description.split(separator: "\n").first { $0.hasPrefix("ingest.max_file_bytes ") }
        #expect(line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first == "1048576")
        #expect(description.contains("# env SYNCD_LISTEN"))
    }

    @Test func theDedupWindowLimitComesFromTheFileOrTheEnvironment() throws {
        let (home, path) = try write("""
            [dedup]
            max_window_versions = 20_000
            """)
        defer { withExtendedLifetime(home) {} }
        let (fromFile, sources) = try ConfigurationLoader().load(file: path, environment: [:], flags: [:])
        #expect(fromFile.dedupMaxWindowVersions == 20_000)
        #expect(fromFile.dedupParameters.maxWindowVersions == 20_000)
        #expect(sources["dedup.max_window_versions"] == .file(path: path, line: 2))
        let (fromEnvironment, _) = try ConfigurationLoader().load(
            file: path, environment: ["SYNCD_DEDUP_MAX_WINDOW_VERSIONS": "5000"], flags: [:])
        #expect(fromEnvironment.dedupMaxWindowVersions == 5_000)
        #expect(DaemonConfiguration().dedupParameters.maxWindowVersions == 100_000)
    }

    /// A file saved on Windows (CRLF line ends) reads as the same file with LF ones; keys may
    /// be dotted as README names them, or quoted; strings take TOML's escapes.
    @Test func windowsLineEndsDottedAndQuotedKeysAndEscapesRead() throws {
        let text = """
            # newsroom config
            "home" = "/srv/caf\\u00e9\\tnews"
            ingest.max_file_bytes = 1_000_000
            [feed]
            heartbeat_seconds = 30
            """
        for lineEnd in ["\n", "\r\n"] {
            let (home, path) = try write(text.replacingOccurrences(of: "\n", with: lineEnd) + lineEnd)
            _ = home
            let (configuration, sources) = try ConfigurationLoader().load(file: path, environment: [:], flags: [:])
            #expect(configuration.home == "/srv/caf\u{e9}\tnews", "line end \(lineEnd.debugDescription)")
            #expect(configuration.maxFileBytes == 1_000_000 && configuration.heartbeatSeconds == 30)
            #expect(sources["feed.heartbeat_seconds"] == .file(path: path, line: 5))
            // check-config shows the tab as an escape, on the home's one line.
            #expect(ConfigurationLoader.describe(configuration, sources: sources).contains("\"/srv/caf\u{e9}\\tnews\""))
        }
        #expect(ConfigFile.key("ingest . max_file_bytes") == "ingest.max_file_bytes")
        #expect(ConfigFile.key("a..b") == nil && ConfigFile.key("'home'") == "home" && ConfigFile.key("\"\"") == nil)
        #expect(ConfigFile.key("\"ingest\".max_file_bytes") == "ingest.max_file_bytes")
        #expect(ConfigFile.key("ingest.'max_file_bytes'") == "ingest.max_file_bytes")
        #expect(ConfigFile.key("\"max\\u005ffile_bytes\"") == "max_file_bytes" && ConfigFile.key("a b") == nil)
    }

    /// Durations past what a clock can hold, and a negative free-space floor, are refused with
    /// the key named (1e20 seconds once stopped syncd at start, with no message).
    @Test(arguments: [
        ("[feed]\nheartbeat_seconds = 1e20", "feed.heartbeat_seconds"),
        ("[ingest]\nsettle_seconds = 1e20", "ingest.settle_seconds"),
        ("[ingest]\nonce_give_up_seconds = 1e20", "ingest.once_give_up_seconds"),
        ("[retention]\nprocessed_days = 1e20", "retention.processed_days"),
        ("[health]\nmin_free_bytes = -1", "health.min_free_bytes"),
    ])
    func outOfRangeNumbersNameTheKey(text: String, key: String) throws {
        let (home, path) = try write(text)
        _ = home
        expectRefused(key, file: path)
    }

    /// An environment variable's number is read as a decimal, as in the file: not as hex.
    @Test(arguments: ["0x10", "inf", "nan", "1_0"])
    func environmentNumbersAreDecimals(text: String) {
        expectRefused("ingest.settle_seconds", environment: ["SYNCD_SETTLE_SECONDS": text])
    }

    /// Expects loading and validating the configuration to fail naming `key` as the bad field.
    func expectRefused(_ key: String, file: String? = nil, environment: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try ConfigurationLoader().load(file: file, environment: environment, flags: [:]).0.validate()
        } throws: { error in
            guard case DaemonError.invalidConfiguration(let field, _) = error else { return false }
            return field == key
        }
    }

    @Test func theTokenIsNeverPrinted() throws {
        let (configuration, sources) = try ConfigurationLoader().load(
            file: nil, environment: ["SYNCD_TOKEN": "do-not-print-this-token"], flags: [:])
        #expect(configuration.token == "do-not-print-this-token")
        #expect(!ConfigurationLoader.describe(configuration, sources: sources).contains("do-not-print"))
    }

    @Test(arguments: [
        ("bogus = 1", "bogus"),
        ("listen = 7411", "listen"),
        ("[ingest]\nmax_file_bytes = \"lots\"", "ingest.max_file_bytes"),
        ("[ingest]\nsettle_seconds = true", "ingest.settle_seconds"),
        ("home = \"a\"\nhome = \"b\"", "given twice"),
        ("home = [\"a\"]", "not a value"),
        ("home \"a\"", "expected key = value"),
        ("[ingest\nx = 1", "table header"),
        ("[ingest]\nmax_file_bytes = 5000\n[ingest]\nsettle_seconds = 1", "[ingest] is given twice"),
        ("# old Mac\rhome = \"x\"\r", "carriage returns only"),
    ])
    func errorsNameTheKeyOrLine(text: String, mentions: String) throws {
        let (home, path) = try write(text)
        _ = home
        #expect {
            _ = try ConfigurationLoader().load(file: path, environment: [:], flags: [:])
        } throws: { error in
            guard case DaemonError.invalidConfiguration(let field, let message) = error else { return false }
            return field.contains(mentions) || message.contains(mentions)
        }
    }

    @Test func aMissingFileIsAClearError() {
        #expect {
            _ = try ConfigurationLoader().load(file: "/nonexistent/syncd.toml", environment: [:], flags: [:])
        } throws: { error in
            "\(error)".contains("cannot read /nonexistent/syncd.toml")
        }
    }

    @Test func everyKeyIsInTheExampleConfigAndTheReadme() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appending(path: "contrib/syncd.toml"), encoding: .utf8)
        let readme = try String(contentsOf: root.appending(path: "README.md"), encoding: .utf8)
        for key in ConfigurationLoader.keys {
            let bare = key.name.split(separator: ".").last.map(String.init) ?? key.name
            #expect(example.contains(bare), "contrib/syncd.toml lacks \(key.name)")
            #expect(readme.contains("`\(key.name)`"), "README lacks \(key.name)")
            #expect(readme.contains(key.environment), "README lacks \(key.environment)")
        }
        // The example parses and validates as shipped.
        let (configuration, _) = try ConfigurationLoader().load(file: root.appending(path: "contrib/syncd.toml").path,
                                                                environment: [:], flags: [:])
        try configuration.validate()
    }
}
