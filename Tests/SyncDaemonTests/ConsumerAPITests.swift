import AsyncHTTPClient
import Foundation
import NIOCore
import Sync
import Testing
@testable import SyncDaemon

/// Stories listing, versions, diffs, feed filters and named consumers over HTTP.
@Suite("Consumer API")
struct ConsumerAPITests {
    func post(_ daemon: RunningDaemon, _ path: String, _ body: String) async throws -> (UInt, Data) {
        try await daemon.post(path, body)
    }

    func delete(_ daemon: RunningDaemon, _ path: String) async throws -> UInt {
        var request = HTTPClientRequest(url: daemon.baseURL + path)
        request.method = .DELETE
        return try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code
    }

    @Test func storiesArePagedByCursorAndFiltered() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        for i in 1...5 { try home.drop("ap/s\(i).txt", "Story \(i)\n\nBody \(i).") }
        // The copy must come after its original ("source" is the first version's folder), and
        // a file in a new folder may be decided before files dropped earlier elsewhere.
        _ = try await daemon.waitForEvents(5)
        try home.drop("afp/other.txt", "Other\n\nFrom AFP.")
        try home.drop("reuters/copy.txt", "Story 2\n\nBody 2.")
        _ = try await daemon.waitForEvents(7)

        var seen: [Int64] = []
        var cursor: String?
        repeat {
            let page = try await daemon.getJSON("/v1/stories?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""), as: StoryPage.self)
            seen += page.stories.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 6 && Set(seen).count == 6)

        let ap = try await daemon.getJSON("/v1/stories?source=ap", as: StoryPage.self)
        #expect(ap.stories.count == 5 && ap.nextCursor == nil)
        let grouped = try await daemon.getJSON("/v1/stories?has_duplicates=true", as: StoryPage.self)
        #expect(grouped.stories.map(\.headline) == ["Story 2"])
        #expect(grouped.stories.first?.duplicates == 1)
        let none = try await daemon.getJSON("/v1/stories?since=2999-01-01T00:00:00Z", as: StoryPage.self)
        #expect(none.stories.isEmpty)
        let live = try await daemon.getJSON("/v1/stories?withdrawn=false&limit=100", as: StoryPage.self)
        #expect(live.stories.count == 6)
        for bad in ["/v1/stories?cursor=nonsense", "/v1/stories?since=yesterday", "/v1/stories?withdrawn=maybe", "/v1/stories?limit=0"] {
            #expect(try await daemon.get(bad).status == 400, "\(bad)")
        }
        await daemon.stop()
    }

    @Test func versionTextAndWordDiff() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("a.txt", "Storm hits coast\n\nWinds of 120 km/h hit the coast.")
        let first = try await daemon.waitForEvents(1)
        let id = try #require(first.first?.story)
        // Until the near-duplicate engine lands, make the second text a version by recording it directly.
        let database = daemon.daemon.database
        let doc = StoryDocument(headline: "Storm hits coast", body: "Winds of 130 km/h hit the coast.", time: Date())
        _ = try database.recordDecision(
            .newVersion(.init(matched: .init(story: id, id: 1, number: 1), similarity: 0.8, containment: 0.8, reason: "test")),
            for: .prepare(doc), file: .init(path: "b.txt", size: 1, mtimeNanoseconds: 1, inode: 1, rawHash: "x"))

        let version = try await daemon.getJSON("/v1/stories/\(id)/versions/2", as: VersionDetail.self)
        #expect(version.body == "Winds of 130 km/h hit the coast.")
        #expect(try await daemon.get("/v1/stories/\(id)/versions/3").status == 404)
        let diff = try await daemon.getJSON("/v1/stories/\(id)/diff", as: VersionDiff.self)
        #expect(diff.from == 1 && diff.to == 2)
        #expect(diff.runs.filter { $0.op == .delete }.map(\.text) == ["120"])
        #expect(diff.runs.filter { $0.op == .insert }.map(\.text) == ["130"])
        #expect(diff.inserted == 1 && diff.deleted == 1)
        let reverse = try await daemon.getJSON("/v1/stories/\(id)/diff?from=2&to=1", as: VersionDiff.self)
        #expect(reverse.runs.filter { $0.op == .insert }.map(\.text) == ["120"])
        #expect(try await daemon.get("/v1/stories/\(id)/diff?to=9").status == 400)
        await daemon.stop()
    }

    @Test func feedFiltersByTypeAndSource() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("ap/a.txt", "A\n\nOne.")
        try home.drop("afp/b.txt", "B\n\nTwo.")
        try home.drop("ap/junk.bin", Data([0, 0, 0]))
        _ = try await daemon.waitForEvents(3)
        let rejected = try await daemon.getJSON("/v1/changes?types=file.rejected", as: ChangesPage.self)
        #expect(rejected.events.map(\.file) == ["ap/junk.bin"])
        #expect(rejected.lastSeq == 3)
        // Files that come due together after the settle wait are decided in path order, others
        // in arrival order: the filters are under test here, not which file came first.
        func files(_ page: ChangesPage) -> [String] { page.events.compactMap(\.file).sorted() }
        let ap = try await daemon.getJSON("/v1/changes?source=ap", as: ChangesPage.self)
        #expect(files(ap) == ["ap/a.txt", "ap/junk.bin"] && ap.events.count == 2)
        let both = try await daemon.getJSON("/v1/changes?types=story.created&source=afp,ap", as: ChangesPage.self)
        #expect(files(both) == ["afp/b.txt", "ap/a.txt"] && both.events.count == 2)

        // A filtered long-poll ignores non-matching events and wakes on a matching one.
        async let waited = daemon.getJSON("/v1/changes?since=3&types=file.rejected&wait=20", as: ChangesPage.self)
        try await Task.sleep(for: .milliseconds(200))
        try home.drop("c.txt", "C\n\nNot a rejection.")
        try await Task.sleep(for: .milliseconds(300))
        try home.drop("d.bin", Data([0, 1]))
        #expect(try await waited.events.map(\.file) == ["d.bin"])
        await daemon.stop()
    }

    @Test func namedConsumersResumeAfterTheirAcknowledgedPosition() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        for i in 1...4 { try home.drop("n\(i).txt", "News \(i)\n\nText \(i).") }
        _ = try await daemon.waitForEvents(4)

        let first = try await daemon.getJSON("/v1/changes?consumer=desk-1&limit=2", as: ChangesPage.self)
        #expect(first.events.map(\.seq) == [1, 2])
        // Not acknowledged yet: at-least-once means the same events come again.
        let again = try await daemon.getJSON("/v1/changes?consumer=desk-1&limit=2", as: ChangesPage.self)
        #expect(again.events.map(\.seq) == [1, 2])
        let (ackStatus, ackBody) = try await post(daemon, "/v1/consumers/desk-1/ack", #"{"seq": 2}"#)
        #expect(ackStatus == 200)
        let acked = try WireJSON.decoder().decode(ConsumerInfo.self, from: ackBody)
        #expect(acked.ackedSeq == 2 && acked.lag == 2)
        let next = try await daemon.getJSON("/v1/changes?consumer=desk-1", as: ChangesPage.self)
        #expect(next.events.map(\.seq) == [3, 4])

        let list = try await daemon.getJSON("/v1/consumers", as: ConsumerList.self)
        #expect(list.consumers.map(\.name) == ["desk-1"])
        #expect(try await post(daemon, "/v1/consumers/desk-1/ack", #"{"seq": 99}"#).0 == 400)
        #expect(try await post(daemon, "/v1/consumers/desk-1/ack", "not json").0 == 400)
        #expect(try await post(daemon, "/v1/consumers/bad%20name/ack", #"{"seq": 1}"#).0 == 400)
        #expect(try await daemon.get("/v1/changes?consumer=desk-1&since=1").status == 400)

        // SSE resumes from the consumer's position too.
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: daemon.baseURL + "/v1/changes/stream?consumer=desk-1"), timeout: .seconds(10))
        var received = ""
        for try await chunk in response.body {
            received += String(buffer: chunk)
            if received.contains("id: 4\n") { break }
        }
        #expect(!received.contains("id: 2\n") && received.contains("id: 3\n"))

        #expect(try await delete(daemon, "/v1/consumers/desk-1") == 204)
        #expect(try await delete(daemon, "/v1/consumers/desk-1") == 404)
        #expect(try await daemon.get("/v1/consumers/desk-1").status == 404)
        await daemon.stop()
    }
}
