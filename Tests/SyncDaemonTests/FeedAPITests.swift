import AsyncHTTPClient
import Foundation
import NIOCore
import Sync
import Testing
@testable import SyncDaemon

/// The change feed over a real HTTP server: paging, long-poll, SSE and errors.
@Suite("Change feed API")
struct FeedAPITests {
    @Test func pagingHonoursSinceAndLimit() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        for i in 1...7 { try home.drop("s\(i).txt", "Story \(i)\n\nBody \(i).") }
        _ = try await daemon.waitForEvents(7)
        let page = try await daemon.getJSON("/v1/changes?since=2&limit=3", as: ChangesPage.self)
        #expect(page.events.map(\.seq) == [3, 4, 5])
        #expect(page.lastSeq == 7)
        let tail = try await daemon.getJSON("/v1/changes?since=7", as: ChangesPage.self)
        #expect(tail.events.isEmpty)
        #expect(tail.lastSeq == 7)
        await daemon.stop()
    }

    @Test func longPollWakesWhenAFileArrives() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let clock = ContinuousClock()
        let start = clock.now
        // A long wait and a generous bound: the test tells waking on the event from waiting
        // the wait out, even when the machine is busy with the rest of the suite.
        async let answer = daemon.getJSON("/v1/changes?since=0&wait=60", as: ChangesPage.self)
        try await Task.sleep(for: .milliseconds(300))
        try home.drop("news.txt", "Breaking\n\nSomething happened.")
        let page = try await answer
        let elapsed = clock.now - start
        #expect(page.events.map(\.file) == ["news.txt"])
        #expect(elapsed < .seconds(45), "the long-poll waited \(elapsed) instead of waking on the event")
        await daemon.stop()
    }

    @Test func longPollWithNothingNewReturnsEmptyAfterTheWait() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let clock = ContinuousClock()
        let start = clock.now
        let page = try await daemon.getJSON("/v1/changes?since=0&wait=0.5", as: ChangesPage.self)
        #expect(page.events.isEmpty)
        #expect(clock.now - start >= .milliseconds(450))
        await daemon.stop()
    }

    @Test func serverSentEventsResumeAfterLastEventID() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("one.txt", "One\n\nFirst.")
        try home.drop("two.txt", "Two\n\nSecond.")
        _ = try await daemon.waitForEvents(2)

        var request = HTTPClientRequest(url: daemon.baseURL + "/v1/changes/stream")
        request.headers.add(name: "Last-Event-ID", value: "1")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        var received = ""
        var sawHeartbeat = false
        var droppedThird = false
        for try await chunk in response.body {
            received += String(buffer: chunk)
            if received.contains("id: 2\n") && !droppedThird {
                droppedThird = true
                try home.drop("three.txt", "Three\n\nThird.")
            }
            if received.contains(": heartbeat") { sawHeartbeat = true }
            if received.contains("id: 3\n") && sawHeartbeat { break }
        }
        #expect(received.hasPrefix(": connected"))
        #expect(!received.contains("id: 1\n"))
        #expect(received.contains("id: 2\nevent: story.created\ndata: {"))
        #expect(received.contains("id: 3\nevent: story.created\ndata: {"))
        let dataLine = try #require(received.split(separator: "\n").first { $0.hasPrefix("data: ") && $0.contains("three.txt") })
        let event = try WireJSON.decoder().decode(FeedEvent.self, from: Data(dataLine.dropFirst(6).utf8))
        #expect(event.seq == 3)
        await daemon.stop()
    }

    @Test(arguments: [
        ("/v1/changes?since=-1", 400, "since"),
        ("/v1/changes?since=abc", 400, "since"),
        ("/v1/changes?limit=0", 400, "limit"),
        ("/v1/changes?limit=10001", 400, "limit"),
        ("/v1/changes?wait=61", 400, "wait"),
        ("/v1/stories/abc", 400, "story id"),
        ("/v1/stories/12345", 404, "no story with id 12345"),
        ("/v1/nothing-here", 404, "no such resource"),
    ])
    func badRequestsAnswerAJSONError(path: String, status: Int, mentions: String) async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let (code, body) = try await daemon.get(path)
        #expect(code == UInt(status))
        let envelope = try WireJSON.decoder().decode(ErrorEnvelope.self, from: body)
        #expect(envelope.error.message.contains(mentions), "message was: \(envelope.error.message)")
        await daemon.stop()
    }

    @Test func badLastEventIDIsABadRequest() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let (code, body) = try await daemon.get("/v1/changes/stream", headers: [("Last-Event-ID", "yesterday")])
        #expect(code == 400)
        #expect(try WireJSON.decoder().decode(ErrorEnvelope.self, from: body).error.message.contains("Last-Event-ID"))
        await daemon.stop()
    }

    @Test func statusCountsPendingFiles() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        // A dot-file is an upload in progress: not counted, not decided.
        try Data("x".utf8).write(to: home.home.inbox.appending(path: ".partial"))
        let status = try await daemon.getJSON("/v1/status", as: ServerStatus.self)
        #expect(status.pending == 0)
        #expect(status.lastSeq == 0)
        await daemon.stop()
    }
}
