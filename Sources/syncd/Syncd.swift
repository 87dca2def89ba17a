import ArgumentParser
import Foundation
import Logging
import Synchronization
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

            Examples:
              syncd                                  run on ./newsroom, API on 127.0.0.1:7411
              syncd --home /srv/newsroom --listen 127.0.0.1:8080
              syncd --once                           decide what waits in the inbox, then exit

            Exit codes: 0 stopped cleanly (SIGTERM/SIGINT, or --once done); 1 could not start or \
            failed; 64 bad command-line usage.
            """,
        version: "0.1.0"
    )

    @Option(help: ArgumentHelp("The home folder holding inbox/, processed/, rejected/ and the database.", valueName: "dir"))
    var home: String = "./newsroom"

    @Option(help: ArgumentHelp("Where the HTTP API listens.", valueName: "host:port"))
    var listen: String = "127.0.0.1:7411"

    @Option(help: ArgumentHelp("Require `Authorization: Bearer <token>` on every API request (default: $SYNCD_TOKEN). Needed to listen beyond loopback.", valueName: "token"))
    var token: String? = ProcessInfo.processInfo.environment["SYNCD_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }

    @Flag(help: "Decide every file present at start, then exit (backfill); serves no HTTP.")
    var once = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'")
        }
        do { _ = try ListenAddress(parsing: listen) } catch { throw ValidationError("--listen: \(error)") }
    }

    func run() async throws {
        var configuration = DaemonConfiguration()
        configuration.home = home
        configuration.once = once
        configuration.token = token
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            configuration.listen = try ListenAddress(parsing: listen)
            let daemon = try Daemon(configuration: configuration)
            let tally = Mutex([String: Int]())
            try await daemon.run(observer: { _, outcome in
                let key: String
                switch outcome {
                case .decided(let event): key = event.type.rawValue
                case .rejected: key = "file.rejected"
                case .alreadyDecided: key = "already decided"
                case .skipped, .notSettled: return
                case .failed: key = "failed"
                }
                tally.withLock { $0[key, default: 0] += 1 }
            })
            if once {
                let counts = tally.withLock { $0 }
                let total = counts.values.reduce(0, +)
                let parts = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                print("decided \(total) files" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
                if counts["failed", default: 0] > 0 { throw ExitCode(1) }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n\(hint(for: error))\n".utf8))
            throw ExitCode(1)
        }
    }

    func hint(for error: any Error) -> String {
        let text = "\(error)"
        if case DaemonError.alreadyRunning = error {
            return "Hint: stop the other syncd first, or give this one its own folder with --home DIR."
        }
        if text.contains("Address already in use") || text.contains("bind") {
            return "Hint: another program listens on \(listen); choose a free one with --listen HOST:PORT."
        }
        if case DaemonError.invalidConfiguration = error {
            return "Hint: see `syncd --help` for the accepted values."
        }
        return "Hint: check that --home \(home) is a writable folder; run with --log-level debug for details."
    }
}
