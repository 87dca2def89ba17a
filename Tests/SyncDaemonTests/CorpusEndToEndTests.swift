import Foundation
@testable import Store
import ReutersCorpus
import Sync
import Testing

/// syncd's story assignments on real wire copy match the engine's replay (what dedup-eval
/// scores): the daemon's parsing, file times and ordering change nothing.
@Suite("Reuters corpus through syncd", .serialized)
struct CorpusEndToEndTests {
    static let itemCount = 1500

    /// The item as `render_inbox.py ninjs` writes it (ninjs 2.x with `versioncreated`).
    static func ninjs(_ item: CorpusItem) throws -> Data {
        let formatter = ISO8601DateFormatter()
        let object: [String: Any] = [
            "uri": "urn:reuters21578:\(item.newid)", "type": "text", "versioncreated": formatter.string(from: item.time),
            "headlines": [["value": item.title]], "bodies": [["role": "main", "contenttype": "text/plain", "value": item.body]],
        ]
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// The item as a file of `format`: `txt` as `render_inbox.py` writes it, `dateline.txt`
    /// with its body opening on its dateline (as many wires write it), `json` as ninjs.
    static func file(_ item: CorpusItem, format: String) throws -> Data {
        switch format {
        case "json": try ninjs(item)
        case "dateline.txt": Data(item.inboxTextWithDateline.utf8)
        default: Data(item.inboxText.utf8)
        }
    }

    @Test(arguments: ["txt", "dateline.txt", "json"])
    func syncdOnceGroupsTheCorpusLikeTheEvaluation(format: String) async throws {
        let corpus = CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz"
        let items = try await offPool { Array(try CorpusItem.load(corpus).prefix(Self.itemCount)) }
        let home = try TestHome()
        // Text files as render_inbox.py writes them, mtime = wire time (a microsecond apart
        // per item so the scan order is the wire order).
        var times: [String: Date] = [:]
        for (index, item) in items.enumerated() {
            // Long loops yield now and then, so they do not hold a cooperative thread that
            // other tests' in-process daemons need.
            if index % 50 == 0 { await Task.yield() }
            let name = "reuters/r\(item.newid).\(format)"
            let time = item.time.addingTimeInterval(Double(index) * 1e-6)
            times[name] = time
            try home.drop(name, try Self.file(item, format: format), mtime: time)
        }
        let output = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "warning"], directory: home.root)
        #expect(output.status == 0, "stderr: \(output.stderr)")

        let database = try Database(path: home.home.database.path)
        let daemonStory: [String: Int64] = Dictionary(uniqueKeysWithValues: try database.read { connection in
            try connection.query("SELECT path, story_id FROM files WHERE story_id IS NOT NULL") { ($0.text(0), $0.int64(1)) }
        })
        #expect(daemonStory.count == items.count)

        // The same items through the engine in-process, as dedup-eval replays them.
        var engine = NearDuplicateEngine()
        var replayStory: [String: Int64] = [:]
        var next: Int64 = 1, versionID: Int64 = 1
        var versions = 0
        for item in items {
            if versionID % 50 == 0 { await Task.yield() }
            let name = "reuters/r\(item.newid).\(format)"
            // dedup-eval's document: the rendered text through the parser, at the wire time.
            let text = format == "dateline.txt" ? item.inboxTextWithDateline : item.inboxText
            let prepared = PreparedDocument.prepare(try DocumentParser().parse(
                Array(text.utf8), fileName: "r\(item.newid).txt",
                modificationTime: format == "json" ? item.time : times[name]!, source: "reuters"))
            switch engine.decide(prepared, exactMatch: nil) {
            case .newStory:
                engine.remember(prepared, as: VersionRef(story: next, id: versionID, number: 1))
                replayStory[name] = next
                next += 1
            case .newVersion(let evidence):
                engine.remember(prepared, as: VersionRef(story: evidence.matched.story, id: versionID, number: 2))
                replayStory[name] = evidence.matched.story
                versions += 1
            case .duplicate(let evidence):
                replayStory[name] = evidence.matched.story
            case .withdrawal:
                Issue.record("a plain-text item cannot be a withdrawal")
            }
            versionID += 1
        }
        #expect(versions > 20, "the slice should hold real re-sends and write-throughs")
        // Story ids differ between the two runs; the partitions must be identical.
        func partition(_ assignment: [String: Int64]) -> Set<Set<String>> {
            Set(Dictionary(grouping: assignment.keys, by: { assignment[$0]! }).values.map(Set.init))
        }
        let daemonGroups = partition(daemonStory), replayGroups = partition(replayStory)
        #expect(daemonGroups == replayGroups,
                "only in syncd: \(daemonGroups.subtracting(replayGroups).prefix(5)); only in replay: \(replayGroups.subtracting(daemonGroups).prefix(5))")
    }
}
