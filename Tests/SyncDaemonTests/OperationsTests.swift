import AsyncHTTPClient
import Foundation
import Logging
import Sync
import Testing
@testable import SyncDaemon

@Suite("Health, readiness and metrics")
struct OperationsTests {
    /// A database deleted or emptied beside decided files starts the feed again at 1: syncd says
    /// so at start, with what to do; a home with nothing decided yet, or with its database, does not.
    @Test func aLostDatabaseBesideDecidedFilesIsWarnedAbout() throws {
        let home = try TestHome()
        let quiet = CapturedLog()
        _ = try Daemon(configuration: home.configuration, logger: Logger(label: "test") { _ in quiet })
        #expect(!quiet.messages.contains { $0.contains("holds no decisions") })
        let decided = home.home.processed.appending(path: "ap")
        try FileManager.default.createDirectory(at: decided, withIntermediateDirectories: true)
        try Data("Old story\n\nDecided before.".utf8).write(to: decided.appending(path: "old.txt"))
        let log = CapturedLog()
        _ = try Daemon(configuration: home.configuration, logger: Logger(label: "test") { _ in log })
        #expect(log.messages.contains { $0.contains("the database holds no decisions") && $0.contains("ap/old.txt")
                    && $0.contains("restore it") }, "\(log.messages)")
    }

    @Test func healthAndReadiness() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let (alive, aliveBody) = try await daemon.get("/healthz")
        #expect(alive == 200)
        #expect(String(decoding: aliveBody, as: UTF8.self).contains("alive"))
        #expect(try await eventually {
            try await daemon.get("/readyz").status == 200
        })
        let (_, body) = try await daemon.get("/readyz")
        let report = try JSONDecoder().decode(ReadinessReport.self, from: body)
        #expect(report.ready && report.checks == ["database": "ok", "watcher": "ok", "disk": "ok"])
        await daemon.stop()
    }

    @Test func notReadyWhenTheDiskIsBelowTheFloor() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        configuration.minimumFreeBytes = Int64.max / 2
        let daemon = try await RunningDaemon(configuration: configuration)
        let (status, body) = try await daemon.get("/readyz")
        #expect(status == 503)
        let report = try JSONDecoder().decode(ReadinessReport.self, from: body)
        #expect(!report.ready)
        #expect(report.checks["disk"]?.contains("below the floor") == true)
        await daemon.stop()
    }

    @Test func metricsCountOutcomesLatencyBacklogAndConsumers() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("a.txt", "Alpha\n\nOne.")
        try home.drop("b.txt", "Beta\n\nTwo.")
        try home.drop("c.txt", "Alpha\n\nOne.")
        try home.drop("d.bin", Data([0, 1, 2]))
        _ = try await daemon.waitForEvents(4)
        // A long-poll held open while the metrics are read (a new file releases it after); the
        // last decided file may still be on its way out of the inbox, so read until it is out.
        async let waiting = daemon.get("/v1/changes?since=4&wait=30")
        var status: UInt = 0
        var text = ""
        _ = try await eventually {
            let (code, body) = try await daemon.get("/metrics")
            (status, text) = (code, String(decoding: body, as: UTF8.self))
            return text.contains(#"syncd_feed_consumers{kind="long_poll"} 1"#) && text.contains("syncd_inbox_pending_files 0")
        }
        try home.drop("e.txt", "Epsilon\n\nFive.")
        #expect(try await waiting.status == 200)
        #expect(status == 200)
        #expect(text.contains(#"syncd_files_total{outcome="story.created"} 2"#), "\(text)")
        #expect(text.contains(#"syncd_files_total{outcome="duplicate.seen"} 1"#))
        #expect(text.contains(#"syncd_files_total{outcome="file.rejected"} 1"#))
        #expect(text.contains("syncd_decision_duration_seconds_count 4"))
        #expect(text.contains(#"syncd_feed_consumers{kind="long_poll"} 1"#))
        #expect(text.contains("syncd_inbox_pending_files 0"))
        #expect(text.contains("syncd_healthy 1"))
        let size = text.split(separator: "\n").first { $0.hasPrefix("syncd_database_bytes ") }
        #expect((size?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 0)
        await daemon.stop()
    }

    /// A long-poll whose client hangs up ends then, not when its `wait` runs out.
    @Test func aLongPollEndsWhenItsClientHangsUp() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        // The client gives up after half a second and closes its connection; the poll asked for 30.
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(HTTPClientRequest(url: daemon.baseURL + "/v1/changes?since=0&wait=30"), timeout: .milliseconds(500))
        }
        try await client.shutdown()
        let clock = ContinuousClock(), hungUp = clock.now
        let ended = try await eventually(timeout: .seconds(10)) {
            let (_, body) = try await daemon.get("/metrics")
            return String(decoding: body, as: UTF8.self).contains(#"syncd_feed_consumers{kind="long_poll"} 0"#)
        }
        #expect(ended, "the long-poll still waits after its client hung up")
        #expect(clock.now - hungUp < .seconds(10))
        // Polls that wait end as they should, say they close their connection, and one
        // pooled client can send poll after poll.
        let poller = HTTPClient(eventLoopGroupProvider: .singleton)
        for n in 1...3 {
            async let answer = poller.execute(HTTPClientRequest(url: daemon.baseURL + "/v1/changes?since=\(n - 1)&wait=10"),
                                              timeout: .seconds(20))
            // Dropped once the poll waits.
            _ = try await eventually {
                let (_, body) = try await daemon.get("/metrics")
                return String(decoding: body, as: UTF8.self).contains(#"syncd_feed_consumers{kind="long_poll"} 1"#)
            }
            try home.drop("item\(n).txt", "Item \(n) headline\n\nA story of its own, number \(n).")
            let response = try await answer
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(response.status == .ok)
            #expect(body.contains("\"seq\":\(n)"), "poll \(n): \(body)")
            #expect(response.headers["connection"].contains("close"))
        }
        // A poll answered at once keeps its connection.
        let immediate = try await poller.execute(HTTPClientRequest(url: daemon.baseURL + "/v1/changes?since=0&wait=10"),
                                                 timeout: .seconds(20))
        _ = try await immediate.body.collect(upTo: 1 << 20)
        try await poller.shutdown()
        #expect(immediate.status == .ok)
        #expect(!immediate.headers["connection"].contains("close"))
        await daemon.stop()
    }
}
