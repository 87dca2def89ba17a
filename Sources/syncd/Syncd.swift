import ArgumentParser
import Foundation
import SyncDaemon

@main
struct Syncd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syncd",
        abstract: "Watches a newsroom inbox, keeps every version of every story, and serves the change feed.",
        discussion: """
            With no flags, syncd uses ./newsroom as its home (created on first start): drop story \
            files into ./newsroom/inbox (or a subfolder naming the source, e.g. inbox/ap/), and read \
            the feed at http://127.0.0.1:7411/v1/changes or with `syncctl changes --follow`.

            Settings come from defaults, then the config file (--config or $SYNCD_CONFIG), then \
            environment variables, then flags; `syncd check-config` shows the result and where \
            each value came from.

            Examples:
              syncd                                  run on ./newsroom, API on 127.0.0.1:7411
              syncd --home /srv/newsroom --listen 127.0.0.1:8080
              syncd --once                           decide what waits in the inbox, then exit
              syncd check-config --config /etc/syncd/syncd.toml

            Exit codes: 0 stopped cleanly (SIGTERM/SIGINT, or --once done); 1 could not start or \
            failed; 64 bad command-line usage.
            """,
        version: SyncdVersion.current,
        subcommands: [Run.self, CheckConfig.self],
        defaultSubcommand: Run.self
    )
}

enum SyncdVersion {
    static let current = "0.1.0"
}

/// The settings every syncd command accepts; each overrides the config file and environment.
struct SettingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A configuration file (TOML; default: $SYNCD_CONFIG).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The home folder holding inbox/, processed/, rejected/ and the database (default: ./newsroom).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp("Where the HTTP API listens (default: 127.0.0.1:7411).", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Require `Authorization: Bearer <token>` on every API request (default: $SYNCD_TOKEN). Needed to listen beyond loopback.", valueName: "token"))
    var token: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default: info).", valueName: "level"))
    var logLevel: String?

    /// Flags are checked before anything else runs, so a typo is a usage error (exit 64).
    func validate() throws {
        if let listen {
            do { _ = try ListenAddress(parsing: listen) } catch { throw ValidationError("--listen: \(error)") }
        }
        if let logLevel, !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'")
        }
    }

    /// The effective configuration and where each value came from.
    func resolve() throws -> (DaemonConfiguration, [String: ConfigurationSource]) {
        let environment = ProcessInfo.processInfo.environment
        var flags: [String: String] = [:]
        flags["home"] = home
        flags["listen"] = listen
        flags["token"] = token
        flags["log_level"] = logLevel
        let file = config ?? environment["SYNCD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        return try ConfigurationLoader().load(file: file, environment: environment, flags: flags)
    }
}

/// Prints `Error: …` with a hint and exits 1.
func fail(_ error: any Error, hint: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(error)\n\(hint)\n".utf8))
    exit(1)
}
