import AsyncHTTPClient
import Foundation
import NIOCore
import Sync
import Synchronization
import Testing
@testable import SyncDaemon

/// Many feed consumers at once while files pour in: none misses, doubles or reorders an event.
@Suite("Load", .serialized)
struct LoadTests {
    @Test func hundredConsumersSeeEveryEventOnceInOrderWhileFilesArriveAtAThousandPerSecond() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let total = 3000
        let base = daemon.baseURL

        @Sendable func longPoll() async throws -> [Int64] {
            var seqs: [Int64] = []
            while seqs.count < total {
                let request = HTTPClientRequest(url: base + "/v1/changes?since=\(seqs.last ?? 0)&limit=1000&wait=10")
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 64 << 20)
                #expect(response.status.code == 200)
                seqs += try WireJSON.decoder().decode(ChangesPage.self, from: Data(body.readableBytesView)).events.map(\.seq)
            }
            return seqs
        }

        @Sendable func stream() async throws -> [Int64] {
            let response = try await client.execute(HTTPClientRequest(url: base + "/v1/changes/stream?since=0"), timeout: .seconds(120))
            #expect(response.status.code == 200)
            var seqs: [Int64] = []
            var pending = ""
            for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let end = pending.range(of: "\n\n") {
                    let message = pending[..<end.lowerBound]
                    pending.removeSubrange(..<end.upperBound)
                    if let id = message.split(separator: "\n").first(where: { $0.hasPrefix("id: ") }), let seq = Int64(id.dropFirst(4)) {
                        seqs.append(seq)
                    }
                }
                if seqs.count >= total { break }
            }
            return seqs
        }

        let clock = ContinuousClock()
        let results = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for index in 0..<100 {
                group.addTask { index % 2 == 0 ? try await longPoll() : try await stream() }
            }
            group.addTask {
                // The producer: 1,000 files a second, each renamed into the inbox when complete.
                let start = clock.now
                for i in 0..<total {
                    try home.drop("load/\(i).txt", "Load item \(i)\n\nBody \(i), figure \(i * 3).")
                    let due = start + .milliseconds(i + 1)
                    if clock.now < due { try await Task.sleep(until: due, clock: clock) }
                }
                return []
            }
            var all: [[Int64]] = []
            for try await result in group where !result.isEmpty { all.append(result) }
            return all
        }
        try await client.shutdown()
        #expect(results.count == 100)
        for seqs in results {
            #expect(seqs == Array(1...Int64(total)), "a consumer saw \(seqs.count) events, first gap or double near \(zip(seqs, 1...).first { $0.0 != Int64($0.1) }.map { "\($0.0)" } ?? "the end")")
        }
        await daemon.stop()
    }
}
