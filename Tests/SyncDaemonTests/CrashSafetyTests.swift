import AsyncHTTPClient
import Foundation
import NIOCore
import Store
import Sync
import Synchronization
import Testing

/// SIGKILL at random moments while syncd works through a backlog and consumers follow the feed.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    /// A small seeded generator, so a failing run can be repeated exactly.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A client that gives up on a refused connection after a second. AsyncHTTPClient retries
    /// a refused connect until the connect timeout (swift-server/async-http-client#743), so with
    /// the shared client's default a consumer would sit on a killed daemon's port for a minute.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(1)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Follows the feed across restarts (the URL changes with each run), keeping every event seen.
    final class Consumer: Sendable {
        enum Mode { case longPoll, stream }
        let seen = Mutex<[FeedEvent]>([])
        var lastSeq: Int64 { seen.withLock { $0.last?.seq ?? 0 } }

        func follow(_ mode: Mode, url: @escaping @Sendable () -> String?, until total: Int) async {
            while lastSeq < Int64(total) && !Task.isCancelled {
                guard let base = url() else { try? await Task.sleep(for: .milliseconds(20)); continue }
                do {
                    switch mode {
                    case .longPoll: try await poll(base)
                    case .stream: try await stream(base, total: total)
                    }
                } catch {
                    try? await Task.sleep(for: .milliseconds(30))  // syncd was killed: retry against the next one
                }
            }
        }

        private func poll(_ base: String) async throws {
            let request = HTTPClientRequest(url: base + "/v1/changes?since=\(lastSeq)&limit=500&wait=5")
            let response = try await CrashSafetyTests.client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 64 << 20)
            guard response.status.code == 200 else { return }
            let page = try WireJSON.decoder().decode(ChangesPage.self, from: Data(body.readableBytesView))
            seen.withLock { $0.append(contentsOf: page.events) }
        }

        private func stream(_ base: String, total: Int) async throws {
            var request = HTTPClientRequest(url: base + "/v1/changes/stream")
            request.headers.add(name: "Last-Event-ID", value: "\(lastSeq)")
            let response = try await CrashSafetyTests.client.execute(request, timeout: .seconds(120))
            var pending = ""
            for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let end = pending.range(of: "\n\n") {
                    let message = pending[..<end.lowerBound]
                    pending.removeSubrange(..<end.upperBound)
                    guard let data = message.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { continue }
                    let event = try WireJSON.decoder().decode(FeedEvent.self, from: Data(data.dropFirst(6).utf8))
                    seen.withLock { $0.append(event) }
                }
                if lastSeq >= Int64(total) { return }
            }
        }
    }

    /// The base URL of the syncd running now, or nil between a kill and the next start.
    final class CurrentServer: Sendable {
        private let url = Mutex<String?>(nil)
        func set(_ value: String?) { url.withLock { $0 = value } }
        func get() -> String? { url.withLock { $0 } }
    }

    /// The part of a run's stderr that explains its end: a crash report whole (from the
    /// runtime's "crashed" line), else the last lines.
    static func report(_ stderr: String) -> String {
        if let crash = stderr.range(of: "crashed") { return String(stderr[crash.lowerBound...].prefix(12_000)) }
        return String(stderr.suffix(3000))
    }

    @Test func twentyKillsWithConsumersConnectedLoseAndDoubleNothing() async throws {
        let home = try TestHome()
        // Enough files for several runs' worth of backlog (each run is killed a few hundred
        // decisions in, below), and few enough for the last run to finish them in a debug build.
        let total = 8000
        var random = SplitMix64(state: 20_261_124)
        var rejectedNames = Set<String>()
        for i in 0..<total {
            let name = String(format: "feed%d/item-%05d.txt", i % 4, i)
            if i % 89 == 0 {
                try home.drop(name, Data([0x7F, 0x00, 0x45, 0x4C, 0x46]))
                rejectedNames.insert(name)
            } else {
                let n = i % 5 == 0 ? i / 3 : i  // some items repeat earlier ones word for word
                try home.drop(name, "Item \(n)\n\nReport \(n): \(n * 13) tonnes shipped from port \(n % 17).\n")
            }
        }
        let current = CurrentServer()
        let longPoller = Consumer(), streamer = Consumer()
        let consumers = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await longPoller.follow(.longPoll, url: { current.get() }, until: total) }
                group.addTask { await streamer.follow(.stream, url: { current.get() }, until: total) }
            }
        }
        defer { consumers.cancel() }

        @Sendable func decided() -> Int { home.fileCount(in: home.home.processed) + home.fileCount(in: home.home.rejected) / 2 }
        var kills = 0
        var progress: [Int] = []
        // Twenty kills whatever the speed. While the backlog lasts, each run is killed once it
        // has decided a random few hundred more files, however long its start took: the kill
        // lands mid-read, mid-commit or mid-move. Once the backlog is done, a run is killed a
        // moment after its API is up: at start-up, or idle. A thread of its own watches and
        // kills: when the whole suite runs, this test's tasks can wait seconds for the shared
        // pool, and the daemon would finish the backlog meanwhile.
        var timings: [String] = []  // for the failure message
        while kills < 20 {
            let target = min(decided() + Int.random(in: 1...400, using: &random), total)
            let idle = Duration.milliseconds(Int.random(in: 1...60, using: &random))
            let server = try Binary.Running("syncd", ["--home", home.root.path, "--listen", "127.0.0.1:0"], directory: home.root)
            let timing = await withCheckedContinuation { (finished: CheckedContinuation<String, Never>) in
                Thread {
                    let start = ContinuousClock.now
                    var listening: ContinuousClock.Instant?
                    while server.process.isRunning && ContinuousClock.now - start < .seconds(30) {
                        if listening == nil, let url = Binary.loggedURL(of: server) {
                            current.set(url)
                            listening = .now
                        }
                        let done = decided()
                        if done >= target && (done < total || listening.map { ContinuousClock.now - $0 >= idle } == true) { break }
                        usleep(5_000)
                    }
                    current.set(nil)
                    server.signal(SIGKILL)
                    finished.resume(returning: listening.map { "API after \($0 - start), killed \(ContinuousClock.now - $0) later" }
                                    ?? "killed before its API listened")
                }.start()
            }
            timings.append(timing)
            let ended = await server.wait()
            // Only the kill may end a run: anything else (a crash at start, an exit) is a bug.
            #expect(ended.status == SIGKILL, "run \(kills + 1) ended with status \(ended.status) before the kill: \(Self.report(ended.stderr))")
            kills += 1
            progress.append(decided())
        }
        let midBacklog = progress.filter { $0 < total - 50 }.count
        #expect(midBacklog >= 3, "only \(midBacklog) of the kills landed while the backlog lasted (decided after each: \(progress); the first runs: \(timings.prefix(3)))")

        let (server, base) = try await Binary.startServer(home: home.root, in: home.root)
        current.set(base)
        let caughtUp = await eventually(timeout: .seconds(60)) { longPoller.lastSeq >= Int64(total) && streamer.lastSeq >= Int64(total) }
        let runningAtEnd = server.process.isRunning
        server.signal(SIGTERM)
        let stopped = await server.wait(timeout: .seconds(20))
        // What the last run said explains a failure here (how far it got, or why it stopped).
        let lastRun = "still running when the wait ended: \(runningAtEnd); status \(stopped.status); stderr: \(Self.report(stopped.stderr))"
        #expect(caughtUp, "consumers at \(longPoller.lastSeq) and \(streamer.lastSeq) of \(total); \(lastRun)")
        #expect(stopped.status == 0, "\(lastRun)")

        // Every file decided once, kept once.
        #expect(home.files(in: home.home.inbox).isEmpty)
        let processed = home.files(in: home.home.processed)
        let rejected = home.files(in: home.home.rejected).filter { !$0.hasSuffix(".reason") }
        #expect(processed.count + rejected.count == total)
        #expect(Set(rejected) == rejectedNames)
        #expect(!processed.contains { $0.contains("~") }, "a file was kept twice")

        // The feed: gap-free, no doubles, one event per file; both consumers saw exactly it, in order.
        let database = try Database(path: home.home.database.path)
        let feed = try database.events(since: 0, limit: 10_000)
        #expect(feed.map(\.seq) == Array(1...Int64(total)))
        #expect(Set(feed.compactMap(\.file)).count == total)
        #expect(longPoller.seen.withLock { $0 } == feed)
        #expect(streamer.seen.withLock { $0 } == feed)
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func sigtermDuringIngestFinishesTheFileInHandAndARestartContinues() async throws {
        let home = try TestHome()
        let total = 1500
        for i in 0..<total { try home.drop("batch/\(i).txt", "Batch \(i)\n\nText \(i), value \(i * 11).\n") }
        let (server, _) = try await Binary.startServer(home: home.root, in: home.root)
        _ = await eventually { home.files(in: home.home.processed).count >= 100 }
        server.signal(SIGTERM)
        let stopped = await server.wait(timeout: .seconds(20))
        #expect(stopped.status == 0, "stderr: \(stopped.stderr.suffix(500))")
        #expect(stopped.stderr.contains("ingest stopped"))

        // Stopped mid-backlog, and every file is either decided and moved, or untouched.
        let database = try Database(path: home.home.database.path)
        let decidedFiles = try database.events(since: 0, limit: 10_000).compactMap(\.file)
        let left = home.files(in: home.home.inbox)
        #expect(!left.isEmpty, "the backlog finished before SIGTERM arrived")
        #expect(Set(decidedFiles) == Set(home.files(in: home.home.processed)))
        #expect(Set(decidedFiles).isDisjoint(with: left))
        #expect(decidedFiles.count + left.count == total)

        let rest = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "error"], directory: home.root)
        #expect(rest.status == 0)
        #expect(rest.stdout.contains("decided \(left.count) files"), "stdout: \(rest.stdout)")
        let feed = try database.events(since: 0, limit: 10_000)
        #expect(feed.map(\.seq) == Array(1...Int64(total)))
        #expect(home.files(in: home.home.processed).count == total)
    }
}
