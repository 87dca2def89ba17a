import Foundation
import Sync
import Testing
@testable import Store

@Suite("Database writes and reads")
struct DatabaseTests {
    func document(_ headline: String, _ body: String, source: String? = nil) -> PreparedDocument {
        PreparedDocument.prepare(StoryDocument(headline: headline, body: body, time: Date(timeIntervalSince1970: 1000), source: source))
    }

    func file(_ path: String, hash: String = "h") -> FileIdentity {
        FileIdentity(path: path, size: 10, mtimeNanoseconds: 5, inode: 77, rawHash: hash)
    }

    /// Pruning the newest stories leaves their ids taken: the feed keeps their events, so a
    /// new story or version under a pruned one's id would read as that one.
    @Test func aPrunedStorysIdsAreNeverGivenAgain() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let first = try #require(try database.recordDecision(.newStory, for: document("Storm", "Winds hit."), file: file("a.txt")).stored)
        let evidence = Decision.Evidence(matched: first, similarity: 0.8, containment: 0.9, reason: "write-through")
        _ = try database.recordDecision(.newVersion(evidence), for: document("Storm", "Winds hit. More."), file: file("b.txt"))
        #expect(try database.nextRowIDs() == (2, 3))
        let pruned = try database.pruneStories(updatedBefore: Date().addingTimeInterval(3600), dryRun: false)
        #expect(pruned == (1, 2))
        #expect(try database.nextRowIDs() == (2, 3))
        let again = try #require(try database.recordDecision(.newStory, for: document("Quake", "Ground shook."), file: file("c.txt")).stored)
        #expect(again.story == 2 && again.id == 3, "\(again)")
        // A second prune keeps the floor where it is, and an editor's split numbers past it too.
        let next = Decision.Evidence(matched: again, similarity: 0.8, containment: 0.9, reason: "write-through")
        _ = try database.recordDecision(.newVersion(next), for: document("Quake", "Ground shook. More."), file: file("d.txt"))
        #expect(try database.nextRowIDs() == (3, 5))
        _ = try database.pruneStories(updatedBefore: Date(timeIntervalSince1970: 0), dryRun: false)
        #expect(try database.nextRowIDs() == (3, 5))
    }

    /// A copy re-sent after the first was moved can get the first's freed inode back, with the
    /// same name, size, mtime (`cp -p`) and bytes: its new status-change time tells it apart,
    /// while the file itself (left by a crash) is still recognised; so is one recorded before
    /// ctimes were (NULL).
    @Test func aCopyThatGotTheDecidedFilesInodeBackIsNotTakenForIt() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        func identity(ctime: Int64?) -> FileIdentity {
            FileIdentity(path: "r704.txt", size: 10, mtimeNanoseconds: 5, inode: 933_900, rawHash: "h", ctimeNanoseconds: ctime)
        }
        _ = try database.recordDecision(.newStory, for: document("Storm", "Winds hit."), file: identity(ctime: 100))
        #expect(try database.decidedFile(identity(ctime: 100))?.eventSeq == 1)
        #expect(try database.decidedFile(identity(ctime: 200)) == nil)
        #expect(try database.decidedFiles([identity(ctime: 100), identity(ctime: 200)]).map { $0?.eventSeq } == [1, nil])
        _ = try database.recordDecision(.newStory, for: document("Quake", "Ground shook."),
                                        file: FileIdentity(path: "old.txt", size: 3, mtimeNanoseconds: 7, inode: 8, rawHash: "g"))
        #expect(try database.decidedFile(FileIdentity(path: "old.txt", size: 3, mtimeNanoseconds: 7, inode: 8, rawHash: "g",
                                                      ctimeNanoseconds: 300))?.eventSeq == 2)
    }

    @Test func newStoryVersionAndDuplicateAreRecordedWithGapFreeEvents() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let first = try database.recordDecision(.newStory, for: document("Storm", "Winds hit."), file: file("ap/a.txt"))
        #expect(first.event.seq == 1)
        #expect(first.event.type == .storyCreated)
        #expect(first.event.source == "ap")
        let stored = try #require(first.stored)
        #expect(stored.number == 1)

        let evidence = Decision.Evidence(matched: stored, similarity: 0.81234, containment: 0.9, reason: "write-through")
        let second = try database.recordDecision(.newVersion(evidence), for: document("Storm update", "Winds hit. More."),
                                                 file: file("b.txt"))
        #expect(second.event.seq == 2)
        #expect(second.stored?.number == 2)
        #expect(second.event.story == stored.story)
        #expect(second.event.similarity == 0.8123)
        #expect(second.event.matched == 1)

        let dup = try database.recordDecision(.duplicate(evidence), for: document("Storm", "Winds hit."), file: file("c.txt"))
        #expect(dup.event.seq == 3)
        #expect(dup.stored == nil)
        #expect(dup.event.version == 1)
        #expect(dup.event.headline == "Storm update")

        let rejected = try database.recordRejection(file: file("d.bin"), reason: "binary")
        #expect(rejected.seq == 4)

        let events = try database.events(since: 0, limit: 100)
        #expect(events.map(\.seq) == [1, 2, 3, 4])
        #expect(events.map(\.type) == [.storyCreated, .versionAdded, .duplicateSeen, .fileRejected])
        #expect(try database.events(since: 2, limit: 1).map(\.seq) == [3])
        #expect(try database.lastSeq() == 4)

        let counts = try database.counts()
        #expect(counts == StoreCounts(stories: 1, versions: 2, duplicates: 1, rejected: 1, lastSeq: 4))

        let story = try #require(try database.story(id: stored.story))
        #expect(story.headline == "Storm update")
        #expect(story.versions.map(\.number) == [1, 2])
        #expect(story.versions[0].file == "ap/a.txt")
        #expect(story.versions[1].body == "Winds hit. More.")
        #expect(try database.story(id: 999) == nil)
    }

    @Test func exactMatchIsFoundByNormalizedHash() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let doc = document("Storm", "Winds hit.")
        #expect(try database.version(withContentHash: doc.contentHash) == nil)
        let recorded = try database.recordDecision(.newStory, for: doc, file: file("a.txt"))
        #expect(try database.version(withContentHash: document("STORM", "winds   hit").contentHash) == recorded.stored)
    }

    @Test func contentHashLookupsUseThePrefixIndexAndCompareTheWholeHash() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let doc = document("Storm", "Winds hit.")
        let recorded = try database.recordDecision(.newStory, for: doc, file: file("a.txt"))
        // Same first 16 hex digits, different hash: not a match.
        let lookalike = String(doc.contentHash.prefix(16)) + String(repeating: "0", count: 48)
        #expect(try database.version(withContentHash: lookalike) == nil)
        #expect(try database.version(withContentHash: doc.contentHash, story: recorded.stored!.story) == recorded.stored)
        let plan = try database.read { connection in
            try connection.query("""
                EXPLAIN QUERY PLAN SELECT story_id, id, number FROM versions
                WHERE substr(content_hash, 1, 16) = substr(?1, 1, 16) AND +content_hash = ?1 AND (?2 IS NULL OR story_id = ?2)
                """, [.text(doc.contentHash), .null]) { $0.text(3) }
        }
        #expect(plan.contains { $0.contains("versions_content_prefix") }, "plan: \(plan)")
    }

    @Test func aStoredVersionsSketchIsRebuiltFromItsTextAsDecided() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let doc = document("Storm hits the coast", "Winds of 120 km/h hit the coast on Tuesday, officials said.\n\nMore follows.")
        let recorded = try database.recordDecision(.newStory, for: doc, file: file("a.txt"))
        let stored = try #require(try database.storedSketch(version: recorded.stored!.id))
        #expect(stored.sketch == doc.sketch)
        #expect(stored.contentHash == doc.contentHash)
        let window = try database.dedupWindow(3600)
        #expect(window.versions.map(\.sketch) == [doc.sketch])
    }

    @Test func aFeedFilterWithThousandsOfValuesIsAnsweredNotACrash() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let doc = document("Storm hits the coast", "Winds of 120 km/h hit the coast on Tuesday, officials said.")
        _ = try database.recordDecision(.newStory, for: doc, file: file("a.txt"))
        // Each value is a bound parameter: far more than are bound in place, each one nesting a scope.
        let sources = (0..<20_000).map { "source-\($0)" }
        #expect(try database.eventPage(since: 0, limit: 10, sources: sources).rows.isEmpty)
        let types = (0..<20_000).map { _ in "story.created" }
        let page = try database.eventPage(since: 0, limit: 10, types: types)
        #expect(page.rows.map(\.type) == ["story.created"])
    }

    @Test func versionsDatedAfterTheLimitDoNotPullTheDedupWindowAway() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let current = PreparedDocument.prepare(StoryDocument(headline: "Storm hits the coast", body: "Winds of 120 km/h hit the coast.",
                                                              time: now, source: nil))
        let ahead = PreparedDocument.prepare(StoryDocument(headline: "Markets close higher", body: "Shares rose on Wall Street.",
                                                            time: now.addingTimeInterval(400 * 86_400), source: nil))
        _ = try database.recordDecision(.newStory, for: current, file: file("a.txt"))
        _ = try database.recordDecision(.newStory, for: ahead, file: file("b.txt"))
        // Without a limit, the version dated 400 days ahead is the newest, and the window of an hour holds it alone.
        #expect(try database.dedupWindow(3600).versions.map(\.contentHash) == [ahead.contentHash])
        let limited = try database.dedupWindow(3600, notAfter: now.addingTimeInterval(3600))
        #expect(limited.versions.map(\.contentHash) == [current.contentHash])
    }

    /// The window restored at start holds at most `maxWindowVersions`, the newest, as the
    /// engine would keep them; a kept version's story brings its first version as a root even
    /// when that version is within the window's time but past the limit.
    @Test func theDedupWindowHoldsAtMostTheLimitNewestFirstWithTheirRoots() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        func item(_ i: Int, _ text: String) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: "Item \(i) headline", body: text,
                                                   time: Date(timeIntervalSince1970: 1000 + Double(i)), source: nil))
        }
        let first = try database.recordDecision(.newStory, for: item(0, "The first version of a story."), file: file("f0.txt"))
        var documents: [PreparedDocument] = []
        for i in 1..<10 {
            let prepared = item(i, "Body of item number \(i), with words \(i * 7).")
            documents.append(prepared)
            _ = try database.recordDecision(.newStory, for: prepared, file: file("f\(i).txt"))
        }
        let later = item(10, "The first version of a story, with a paragraph more.")
        let evidence = Decision.Evidence(matched: first.stored!, similarity: 0.6, containment: 1, reason: "write-through")
        _ = try database.recordDecision(.newVersion(evidence), for: later, file: file("f10.txt"))
        documents.append(later)
        var parameters = DedupParameters()
        parameters.maxWindowVersions = 4
        let window = try database.dedupWindow(3600, parameters: parameters)
        #expect(window.versions.map(\.contentHash) == documents.suffix(4).map(\.contentHash))
        #expect(window.roots.map(\.version) == [first.stored!])
        let whole = try database.dedupWindow(3600)
        #expect(whole.versions.count == 11)
        #expect(whole.roots.isEmpty)
    }

    @Test func theDedupWindowIsSketchedInParallelInWireOrder() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        // More versions than one parallel chunk, each with its own text and time.
        var documents: [PreparedDocument] = []
        for i in 0..<150 {
            let story = StoryDocument(headline: "Item \(i) headline", body: "Body of item number \(i), with words \(i * 7).",
                                      time: Date(timeIntervalSince1970: 1000 + Double(i)), source: nil)
            let prepared = PreparedDocument.prepare(story)
            documents.append(prepared)
            _ = try database.recordDecision(.newStory, for: prepared, file: file("f\(i).txt"))
        }
        let window = try database.dedupWindow(3600)
        #expect(window.versions.map(\.sketch) == documents.map(\.sketch))
        #expect(window.versions.map(\.contentHash) == documents.map(\.contentHash))
    }

    @Test func decidedFileIsRecognisedOnlyWithTheSameIdentity() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        let identity = file("a.txt", hash: "abc")
        #expect(try database.decidedFile(identity) == nil)
        let event = try database.recordRejection(file: identity, reason: "empty file")
        #expect(try database.decidedFile(identity) == DecidedFile(outcome: .fileRejected, eventSeq: event.seq, reason: "empty file"))
        var rewritten = identity
        rewritten.mtimeNanoseconds += 1
        #expect(try database.decidedFile(rewritten) == nil)
        var otherBytes = identity
        otherBytes.rawHash = "abd"
        #expect(try database.decidedFile(otherBytes) == nil)
    }

    @Test func aFailedWriteRollsBackAndLeavesNoGap() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        _ = try database.recordDecision(.newStory, for: document("A", "a"), file: file("a.txt"))
        // A version of a story that does not exist fails inside the transaction.
        let ghost = Decision.Evidence(matched: VersionRef(story: 42, id: 42, number: 1), similarity: 1, containment: 1, reason: "x")
        #expect(throws: StoreError.self) {
            try database.recordDecision(.newVersion(ghost), for: document("B", "b"), file: file("b.txt"))
        }
        let next = try database.recordDecision(.newStory, for: document("C", "c"), file: file("c.txt"))
        #expect(next.event.seq == 2)
        #expect(try database.counts().versions == 2)
    }

    @Test func aFailedFileInAGroupCommitRollsBackAloneAgainAndAgain() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        // A file whose record fails last, after its story, version and event rows were written.
        try database.writer.withLock { connection in
            try connection.execute("""
                CREATE TEMP TRIGGER refuse_bad BEFORE INSERT ON files WHEN NEW.path LIKE 'bad%'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
        }
        let seqs = try database.batch { batch in
            var seqs: [Int64] = []
            for i in 0..<3 {
                seqs.append(try batch.recordDecision(.newStory, for: document("A\(i)", "a \(i)"), file: file("a\(i).txt")).event.seq)
                // Each failure rolls back its own savepoint only, and the next one opens cleanly.
                #expect(throws: StoreError.self) {
                    try batch.recordDecision(.newStory, for: document("B\(i)", "b \(i)"), file: file("bad\(i).txt"))
                }
            }
            return seqs
        }
        #expect(seqs == [1, 2, 3])
        #expect(try database.counts().versions == 3)
        #expect(try database.read { try $0.queryOne("SELECT count(*) FROM stories") { $0.int(0) } } == 3)
        #expect(try database.read { try $0.queryOne("SELECT count(*) FROM events") { $0.int(0) } } == 3)
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func aRolledBackBatchLeavesTheFeedWhereItWas() throws {
        struct Abandon: Error {}
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        _ = try database.recordDecision(.newStory, for: document("A", "a"), file: file("a.txt"))
        for isolated in [false, true] {
            // Two events appended, then the whole batch abandoned: the next one is seq 2 again.
            #expect(throws: Abandon.self) {
                try database.batch(isolatingEachRecord: isolated) { batch -> Int in
                    let first = try batch.recordDecision(.newStory, for: document("B", "b"), file: file("b.txt")).event.seq
                    let second = try batch.recordDecision(.newStory, for: document("C", "c"), file: file("c.txt")).event.seq
                    #expect([first, second] == [2, 3])
                    throw Abandon()
                }
            }
        }
        let seqs = try database.batch(isolatingEachRecord: false) { batch in
            try (0..<3).map { try batch.recordDecision(.newStory, for: document("D\($0)", "d \($0)"), file: file("d\($0).txt")).event.seq }
        }
        #expect(seqs == [2, 3, 4])
        #expect(try database.read { try $0.query("SELECT seq FROM events ORDER BY seq") { $0.int64(0) } } == [1, 2, 3, 4])
    }

    @Test func theWritersSavepointJournalsStayInMemory() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        // 2 = MEMORY: a group commit's per-file savepoints write no temporary file.
        #expect(try database.writer.withLock { try $0.queryOne("PRAGMA temp_store") { $0.int(0) } } == 2)
    }

    @Test func readersSeeCommittedWritesFromManyTasks() async throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<50 {
                    _ = try database.recordDecision(.newStory, for: self.document("S\(i)", "body \(i)"), file: self.file("f\(i).txt"))
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var last: Int64 = 0
                    for _ in 0..<50 {
                        let seq = try database.lastSeq()
                        #expect(seq >= last)
                        last = seq
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try database.events(since: 0, limit: 1000).map(\.seq) == Array(1...50))
    }
}

/// Checkpoints run on a connection of their own, called from another thread than the writer's;
/// the writer checkpoints by itself only once the WAL passes a larger bound.
@Suite("WAL checkpoints")
struct CheckpointTests {
    @Test func aGrownWALIsCheckpointedOnRequestAndTheWriterBoundsItOtherwise() throws {
        let dir = try TemporaryDirectory()
        let database = try Database(path: dir.path("db.sqlite"))
        try database.writer.withLock { try $0.execute("CREATE TABLE scratch (data BLOB)") }
        func write(_ bytes: Int) throws {
            try database.writer.withLock { connection in
                try connection.transaction { try connection.run("INSERT INTO scratch VALUES (zeroblob(?))", [.integer(Int64(bytes))]) }
            }
        }
        let pageSize = try #require(try database.read { try $0.queryOne("PRAGMA page_size") { $0.int(0) } })
        #expect(pageSize == Connection.pageSize && database.checkpointFrames == Database.checkpointBytes / pageSize)
        try write(100_000)
        #expect(database.walFrames > 0 && database.walFrames < database.checkpointFrames)
        #expect(try database.checkpointIfNeeded() == false)
        try write(5_000_000)
        #expect(database.walFrames >= database.checkpointFrames)
        // From another thread, while the writer is free to go on.
        let ran = try DispatchQueue.global().sync { try database.checkpointIfNeeded() }
        #expect(ran)
        #expect(database.walFrames == 0)

        // Nobody asks: the WAL grows (no automatic checkpoint at 1,000 frames) until the
        // writer's own bound, where it checkpoints and the next commit starts the WAL over.
        var grew = 0, startedOver = false, largest = 0
        for _ in 0..<10 {
            let before = database.walFrames
            try write(5_000_000)
            if database.walFrames > before { grew += 1 } else { startedOver = true }
            largest = max(largest, database.walFrames)
        }
        #expect(grew >= 5)
        #expect(startedOver)
        #expect(largest * pageSize < Database.writerCheckpointBytes + 8_000_000)
        #expect(try database.read { try $0.queryOne("SELECT count(*) FROM scratch") { $0.int(0) } } == 12)
        #expect(try database.integrityCheck() == ["ok"])
    }

    /// A store made with SQLite's 4 KiB pages (before the page size was raised) keeps them, and
    /// its checkpoints come after as many bytes of WAL as a new store's.
    @Test func anExistingDatabaseKeepsItsPageSize() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        do {
            let old = try Connection(path: path, pageSize: 4096)
            try old.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
        }
        let database = try Database(path: path)
        #expect(try database.read { try $0.queryOne("PRAGMA page_size") { $0.int(0) } } == 4096)
        #expect(database.checkpointFrames == 1000)
        let fresh = try Database(path: dir.path("new.sqlite"))
        #expect(try fresh.read { try $0.queryOne("PRAGMA page_size") { $0.int(0) } } == 16_384)
        #expect(fresh.checkpointFrames == 250)
        #expect(try database.integrityCheck() == ["ok"])
    }
}
