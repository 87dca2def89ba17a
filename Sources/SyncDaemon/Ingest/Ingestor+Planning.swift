import Foundation
import Logging
import Store
import Sync

extension Ingestor {
    /// A batch the engine decided ahead of its write: what to record for each file, and where
    /// each new version is expected to be stored (see ``WritePlanner``).
    ///
    /// The engine has already remembered the planned versions, so the next batch may match
    /// them; if the write fails, the loop must ``rebuildEngine()`` (which drops every plan) before deciding anything else.
    struct PlannedBatch: Sendable {
        /// The plan's number (``WritePlanner/plan``).
        let number: Int
        let files: [PendingFile]
        let entries: [Entry]

        /// What to record for one file.
        enum Entry: Sendable {
            /// Nothing to record: the file's outcome is known already.
            case done(IngestOutcome)
            case rejection(reason: String)
            case decision(Decision, expected: VersionRef?)
        }
    }

    /// What ``plan(_:)`` made of a batch.
    enum Planning: Sendable {
        case planned(PlannedBatch)
        /// The batch must be decided and committed in one step (``record(_:)``): the engine
        /// reads the store for it (format identities, withdrawals, an exact-match engine).
        /// With `rebuild`, planning had already changed the engine: ``rebuildEngine()`` first.
        case synchronous(rebuild: Bool)
    }

    /// What writing a planned batch needs, none of it ingestor state: safe on another thread.
    struct WriteContext: Sendable {
        let database: Database
        let signal: FeedSignal
        let mover: FileMover
        let logger: Logger
    }

    var writeContext: WriteContext {
        WriteContext(database: database, signal: signal, mover: mover, logger: logger)
    }

    /// Decides `files` in order without writing, remembering each new version where the
    /// ``WritePlanner`` expects it to be stored; ``write(_:with:)`` then records the plan.
    ///
    /// Only the near-duplicate engine plans (it reads nothing from the store), only once it
    /// was rebuilt after any failed rebuild, and only for files with no format identity and no
    /// withdrawal; any other batch is `.synchronous`.
    mutating func plan(_ files: [PendingFile]) -> Planning {
        guard engine is NearDuplicateEngine, engineEpoch >= 0,  // a negative epoch: a rebuild failed
              files.allSatisfy({ $0.prepared.map(Self.isPlannable) ?? true }) else { return .synchronous(rebuild: false) }
        do {
            if planner == nil { planner = try WritePlanner(database: database, after: lastPlan) }
            let number = planner!.beginPlan()
            lastPlan = number
            var entries: [PlannedBatch.Entry] = []
            entries.reserveCapacity(files.count)
            // Each file is read where it lies: a pending file copied out of the array is a
            // few hundred bytes moved and a retain and a release of each of its references.
            let unplanned = try files.withUnsafeBufferPointer { files -> Planning? in
                for index in files.indices {
                    if files[index].needsSettling, let outcome = settle(files[index], now: Date()) {
                        entries.append(.done(outcome))
                        continue
                    }
                    guard let prepared = files[index].prepared else {
                        entries.append(.rejection(reason: files[index].rejection ?? "unreadable"))
                        continue
                    }
                    let decision = engine.decide(prepared, exactMatch: nil)
                    let expected: VersionRef?
                    switch decision {
                    case .newStory: expected = planner!.newStory()
                    case .newVersion(let evidence):
                        guard let target = try planner!.newVersion(of: evidence.matched.story, in: database) else {
                            return .synchronous(rebuild: true)
                        }
                        expected = target
                    case .duplicate, .withdrawal: expected = nil
                    }
                    if let expected { engine.remember(prepared, as: expected) }
                    entries.append(.decision(decision, expected: expected))
                }
                return nil
            }
            if let unplanned { return unplanned }
            return .planned(PlannedBatch(number: number, files: files, entries: entries))
        } catch {
            logger.warning("could not plan a batch; deciding it in one step", metadata: ["error": "\(error)"])
            return .synchronous(rebuild: true)
        }
    }

    /// Whether the engine alone decides this document (``identityDecision(_:exact:in:)`` and
    /// ``withdrawalDecision(_:in:)`` read the store).
    static func isPlannable(_ prepared: PreparedDocument) -> Bool {
        let document = prepared.document
        return !document.withdrawn && document.identity == nil && document.relatedIdentities.isEmpty
    }

    /// Records a planned batch in one transaction and publishes its events; nil when nothing
    /// was committed (the store failed, or no longer matches the plan), and the batch must be
    /// decided again after ``rebuildEngine()``. Needs no ingestor state: runs on another thread.
    static func write(_ plan: PlannedBatch, with context: WriteContext) -> CommittedBatch? {
        guard !plan.files.isEmpty else {
            return CommittedBatch(files: [], outcomes: [], mover: context.mover, logger: context.logger)
        }
        let outcomes: [IngestOutcome]
        do {
            outcomes = try context.database.batch(isolatingEachRecord: false) { batch in
                // By index, each file read where it lies (not copied out of the array).
                try plan.files.withUnsafeBufferPointer { files in
                    try plan.entries.indices.map { index -> IngestOutcome in
                        switch plan.entries[index] {
                        case .done(let outcome):
                            return outcome
                        case .rejection(let reason):
                            return .rejected(try batch.recordRejection(file: files[index].identity, reason: reason))
                        case .decision(let decision, let expected):
                            let recorded = try batch.recordDecision(decision, for: files[index].prepared!,
                                                                    file: files[index].identity, expecting: expected)
                            return .decided(recorded.event)
                        }
                    }
                }
            }
        } catch {
            context.logger.notice("planned batch not committed; deciding it again", metadata: [
                "files": "\(plan.files.count)", "error": "\(error)",
            ])
            return nil
        }
        if let last = outcomes.compactMap(\.event).map(\.seq).max() { context.signal.publish(last) }
        return CommittedBatch(files: plan.files.map(\.identity), outcomes: outcomes, mover: context.mover, logger: context.logger)
    }

    /// Marks plans up to `number` committed: the planner reads their counts from the store now.
    mutating func planWritten(_ number: Int) {
        planner?.written(through: number)
    }
}
