import ArgumentParser
import Foundation
import Logging
import Synchronization
import SyncDaemon

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon (the default command).",
        discussion: "Example:\n  syncd run --home /srv/newsroom")

    @OptionGroup var settings: SettingOptions

    @Flag(help: "Decide every file present at start, then exit (backfill); serves no HTTP.")
    var once = false

    func run() async throws {
        var (configuration, _) = (DaemonConfiguration(), [String: ConfigurationSource]())
        do {
            (configuration, _) = try settings.resolve()
            configuration.once = once
            try configuration.validate()
        } catch {
            fail(error, hint: "Hint: `syncd check-config` shows every setting and where it came from; see `syncd --help`.")
        }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return PrintableLogHandler(handler)
        }
        do {
            let daemon = try Daemon(configuration: configuration)
            // Files decided by outcome, and those whose last outcome was a failure (with --once,
            // the ones the daemon gave up on), undecided or decided but not moved: one lock per file.
            let summary = Mutex((tally: [String: Int](), undecided: Set<String>(), unmoved: Set<String>()))
            // Sized by the daemon's own start-up scan: listing a large backlog twice took 10 ms.
            let progress = once ? ProgressReporter() : nil
            let started = ContinuousClock.now
            let scanned = Mutex<ContinuousClock.Instant?>(nil)
            let backlog = Mutex(0)
            try await daemon.run(onBacklog: { count in
                scanned.withLock { $0 = ContinuousClock.now }
                backlog.withLock { $0 = count }
                progress?.setTotal(count)
            }, observer: { path, outcome in
                let key: String
                switch outcome {
                case .decided(let event): key = event.type.rawValue
                case .rejected: key = "file.rejected"
                case .alreadyDecided: key = "already decided"
                case .skipped, .notSettled: return
                case .failed:
                    summary.withLock { summary in
                        if !summary.unmoved.isEmpty { summary.unmoved.remove(path) }
                        summary.undecided.insert(path)
                    }
                    return
                case .notMoved:
                    summary.withLock { summary in
                        summary.undecided.remove(path)
                        summary.unmoved.insert(path)
                    }
                    return
                }
                summary.withLock { summary in
                    if !summary.undecided.isEmpty { summary.undecided.remove(path) }
                    if !summary.unmoved.isEmpty { summary.unmoved.remove(path) }
                    summary.tally[key, default: 0] += 1
                }
                progress?.advance()
            })
            progress?.finish()
            if once {
                let (counts, undecided, unmoved) = summary.withLock { $0 }
                let total = counts.values.reduce(0, +) + unmoved.count
                let parts = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                    + (unmoved.isEmpty ? [] : ["\(unmoved.count) not moved"])
                print("decided \(total) files" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
                if let scanned = scanned.withLock({ $0 }) {
                    print(Self.timing(files: total, started: started, scanned: scanned, ended: .now))
                }
                func listed(_ paths: Set<String>) -> String {
                    let sorted = paths.sorted()
                    return sorted.prefix(10).joined(separator: ", ") + (sorted.count > 10 ? ", …" : "")
                }
                func files(_ count: Int) -> String { "\(count) file\(count == 1 ? "" : "s")" }
                if !unmoved.isEmpty {
                    FileHandle.standardError.write(Data("""
                        Error: \(files(unmoved.count)) decided but not moved; left in the inbox: \(listed(unmoved))
                        Hint: the decisions are stored; check that processed/ and rejected/ in the home folder \
                        are writable and the disk is not full, then run syncd --once again to move them.

                        """.utf8))
                }
                if !undecided.isEmpty {
                    FileHandle.standardError.write(Data("""
                        Error: \(files(undecided.count)) not decided; left in the inbox: \(listed(undecided))
                        Hint: the log says why (a database or disk error, or a file still being written); \
                        run syncd --once again once that is fixed.

                        """.utf8))
                }
                // Stopped by a signal before the end: the summary counts only what was decided.
                let left = backlog.withLock { $0 } - total - undecided.count
                let stoppedEarly = daemon.ingestState.wasInterrupted && left > 0
                if stoppedEarly {
                    FileHandle.standardError.write(Data("""
                        Error: stopped (SIGTERM or SIGINT) before the end: \(files(left)) present at start not decided; \
                        they are left in the inbox.
                        Hint: run syncd --once again to decide them; what was decided is stored.

                        """.utf8))
                }
                if !unmoved.isEmpty || !undecided.isEmpty || stoppedEarly { throw ExitCode(1) }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            fail(error, hint: hint(for: error, configuration))
        }
    }

    /// The `--once` timing line: the time from the start-up scan's end to the exit (files/s
    /// over it), and the start-up and scan before it.
    ///
    /// `bench/run` reads it to set the decisions' own rate beside a peer that times its loop
    /// from after listing the inbox.
    static func timing(files: Int, started: ContinuousClock.Instant, scanned: ContinuousClock.Instant,
                       ended: ContinuousClock.Instant) -> String {
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let deciding = seconds(ended - scanned), before = seconds(scanned - started)
        let rate = deciding > 0 ? Int((Double(files) / deciding).rounded()) : 0
        return String(format: "deciding took %.3f s = %d files/s, after %.3f s of start-up and inbox scan", deciding, rate, before)
    }

    func hint(for error: any Error, _ configuration: DaemonConfiguration) -> String {
        if case DaemonError.alreadyRunning = error {
            return "Hint: stop the other syncd first, or give this one its own folder with --home DIR."
        }
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("bind") {
            return "Hint: another program listens on \(configuration.listen); choose a free one with --listen HOST:PORT."
        }
        if text.contains("not a database") || text.contains("malformed") {
            return "Hint: \(configuration.home)/syncd.sqlite is damaged or not syncd's database: stop syncd, move it (and any syncd.sqlite-wal) aside and restore a backup; nothing in the inbox has been moved."
        }
        if text.contains("disk is full") || text.contains("No space left") {
            return "Hint: the disk holding --home \(configuration.home) is full: free some space and start syncd again; nothing in the inbox has been moved."
        }
        return "Hint: check that --home \(configuration.home) is a writable folder; run with --log-level debug for details."
    }
}
