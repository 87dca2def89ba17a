import Store
import Sync

/// Says where each stored version of a batch will be written before the batch is written, so
/// the engine can decide the next batch while the store writes this one.
///
/// The store gives a new row the largest id so far plus one, and a story's next version the
/// number after its count; the planner counts on from what was committed, adding what its own
/// plans not yet written will add. Only right while the ingest loop is the one writer of
/// stories and versions: each planned write checks it (``WriteBatch/recordDecision(_:for:file:at:expecting:)``),
/// and a plan the store no longer matches is rolled back and decided again.
struct WritePlanner {
    private var nextStory: Int64
    private var nextVersion: Int64
    /// Stories that plans not yet known written give versions to: the version count those
    /// plans bring them to, and the last such plan's number.
    private var counts: [Int64: (count: Int, plan: Int)] = [:]
    /// The number of the plan being made (the first is 1).
    private(set) var plan = 0

    /// A planner counting on from what `database` has committed, its plans numbered after
    /// `plan` (an earlier planner's last, so no number is given twice).
    init(database: Database, after plan: Int = 0) throws {
        (nextStory, nextVersion) = try database.nextRowIDs()
        self.plan = plan
    }

    /// Starts the next plan; returns its number.
    mutating func beginPlan() -> Int {
        plan += 1
        return plan
    }

    /// Where a new story's first version will be stored.
    mutating func newStory() -> VersionRef {
        defer { nextStory += 1; nextVersion += 1 }
        counts[nextStory] = (1, plan)
        return VersionRef(story: nextStory, id: nextVersion, number: 1)
    }

    /// Where a new version of `story` will be stored: in the story it was merged into, if an
    /// editor merged it, as that story's next number. Nil when the store has no such story.
    mutating func newVersion(of story: Int64, in database: Database) throws -> VersionRef? {
        let target: Int64, count: Int
        if let planned = counts[story] {
            (target, count) = (story, planned.count)
        } else {
            guard let committed = try database.versionTarget(ofStory: story) else { return nil }
            target = committed.story
            count = counts[target]?.count ?? committed.versionCount
        }
        defer { nextVersion += 1 }
        counts[target] = (count + 1, plan)
        return VersionRef(story: target, id: nextVersion, number: count + 1)
    }

    /// Forgets the counts that plans up to `written` brought: they are committed now, and
    /// the store answers for them.
    mutating func written(through written: Int) {
        counts = counts.filter { $0.value.plan > written }
    }
}
