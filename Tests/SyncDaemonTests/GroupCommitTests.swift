import Foundation
import Logging
@testable import Store
import Sync
import Testing
@testable import SyncDaemon

/// A group commit writes its files without a savepoint each; when one file's record fails,
/// the batch is decided again with savepoints, so only that file is left undecided.
@Suite("Group commit")
struct GroupCommitTests {
    /// An ingestor on a fresh home, as the ingest loop builds it.
    static func ingestor(_ home: TestHome, _ database: Database) -> Ingestor {
        Ingestor(home: home.home, database: database, signal: FeedSignal(lastSeq: 0), configuration: home.configuration,
                 engine: NearDuplicateEngine(parameters: home.configuration.dedupParameters), logger: Logger(label: "test"))
    }

    /// A fresh home, its database, and an ingestor on them.
    static func fresh() throws -> (home: TestHome, database: Database, ingestor: Ingestor) {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        return (home, database, ingestor(home, database))
    }

    /// The inbox files, examined and read as the loop hands them to ``Ingestor/commit(_:)``.
    static func pending(_ names: [String], _ ingestor: inout Ingestor) -> [Ingestor.PendingFile] {
        names.compactMap { name in
            guard case .pending(let file) = ingestor.examine(name, trigger: .renamed) else { return nil }
            return file
        }
    }

    /// Makes the writer fail the file record of any path starting with "bad" (until the
    /// temporary trigger `refuse_bad` is dropped).
    static func refuseBadFileRecords(_ database: Database) throws {
        try database.writer.withLock { connection in
            try connection.execute("""
                CREATE TEMP TRIGGER refuse_bad BEFORE INSERT ON files WHEN NEW.path LIKE 'bad%'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
        }
    }

    static let texts = [
        "a.txt": "Council passes budget\n\nThe city council passed the budget on Tuesday after a long debate about roads, schools and the new library in the north of the city.",
        "bad.txt": "Storm closes airport\n\nA winter storm closed the main airport on Monday, stranding thousands of travellers and cancelling more than two hundred flights.",
        "c.txt": "Miners strike over pay\n\nWorkers at the country's largest copper mine walked out on Wednesday, demanding higher wages and safer tunnels after a fatal accident.",
    ]

    @Test func aFailingRecordLeavesOnlyItsFileUndecidedAndTheEngineMatchesTheStore() throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        // The file record of any path starting with "bad" fails, after its story, version and
        // event rows were written (and after the engine could remember the version).
        try Self.refuseBadFileRecords(database)
        var ingestor = Self.ingestor(home, database)
        for (name, text) in Self.texts { try home.drop(name, text) }

        let outcomes = ingestor.commit(Self.pending(["a.txt", "bad.txt", "c.txt"], &ingestor))
        #expect(outcomes.map(\.path) == ["a.txt", "bad.txt", "c.txt"])
        #expect(outcomes.map { $0.outcome.event?.type } == [.storyCreated, nil, .storyCreated])
        guard case .failed(let message) = outcomes[1].outcome else {
            Issue.record("bad.txt: \(outcomes[1].outcome)")
            return
        }
        #expect(message.contains("injected failure"))
        // Gap-free: the retry numbered only the committed events.
        #expect(outcomes.compactMap { $0.outcome.event?.seq } == [1, 2])
        #expect(try database.counts().versions == 2)
        #expect(home.files(in: home.home.inbox) == ["bad.txt"])
        #expect(home.files(in: home.home.processed) == ["a.txt", "c.txt"])

        // Once the failure is gone, the file is decided as a new story: the engine holds no
        // trace of the version that was rolled back. A copy of a committed story is matched.
        try database.writer.withLock { try $0.execute("DROP TRIGGER refuse_bad") }
        try home.drop("a-copy.txt", Self.texts["a.txt"]!)
        let again = ingestor.commit(Self.pending(["bad.txt", "a-copy.txt"], &ingestor))
        #expect(again.map { $0.outcome.event?.type } == [.storyCreated, .duplicateSeen])
        #expect(again.compactMap { $0.outcome.event?.seq } == [3, 4])
        #expect(again[1].outcome.event?.story == outcomes[0].outcome.event?.story)
        #expect(try database.counts().versions == 3)
        #expect(try database.integrityCheck() == ["ok"])
    }

    @Test func aBatchWithoutFailuresCommitsEveryFileOnce() throws {
        let home = try TestHome()
        let database = try Database(path: home.home.database.path)
        var ingestor = Self.ingestor(home, database)
        for (name, text) in Self.texts { try home.drop(name, text) }
        let outcomes = ingestor.commit(Self.pending(["a.txt", "bad.txt", "c.txt"], &ingestor))
        #expect(outcomes.map { $0.outcome.event?.type } == [.storyCreated, .storyCreated, .storyCreated])
        #expect(outcomes.compactMap { $0.outcome.event?.seq } == [1, 2, 3])
        #expect(try database.counts().versions == 3)
        #expect(home.files(in: home.home.inbox).isEmpty)
    }

    /// The batch sizes a backlog of `count` paths is cut into (every path decided).
    static func batchSizes(forBacklog count: Int) -> [Int] {
        let limit = IngestService.batchLimit(forBacklog: count)
        var sizes = [min(limit, count, IngestService.minimumBatchSize)]
        var done = sizes[0]
        while done < count {
            let next = min(IngestService.nextBatchLimit(after: sizes.last!, limit: limit, remaining: count - done), count - done)
            sizes.append(next)
            done += next
        }
        return sizes
    }

    @Test func aBacklogStartsWithASmallBatchGrowsToTheLimitAndEndsSmall() {
        let corpus = Self.batchSizes(forBacklog: 21_578)
        #expect(corpus.reduce(0, +) == 21_578)
        #expect(Array(corpus.prefix(5)) == [64, 128, 256, 512, 1024])
        #expect(corpus.max() == IngestService.batchSize)
        #expect(corpus.suffix(3).allSatisfy { $0 <= IngestService.minimumBatchSize * 2 }, "\(corpus)")
        // The ramps add a few batches to the 22 full ones, not dozens.
        #expect(corpus.count < 32, "\(corpus)")
        // A backlog smaller than a batch is one batch, of at most the smallest size.
        #expect(Self.batchSizes(forBacklog: 10) == [10])
        #expect(Self.batchSizes(forBacklog: 200) == [64, 64, 64, 8])
        for count in [1, 63, 64, 65, 1000, 2047, 2048, 100_000] {
            let sizes = Self.batchSizes(forBacklog: count)
            #expect(sizes.reduce(0, +) == count)
            #expect(sizes.allSatisfy { $0 >= 1 && $0 <= IngestService.batchLimit(forBacklog: count) })
        }
    }
}
