import Foundation
import Sync
import Testing
@testable import SyncDaemon

/// Duplicate groups, explain, similar, and editors' splits and merges over HTTP.
@Suite("Groups, explain, similar and overrides")
struct OverridesAPITests {
    /// The seeds plus a corrected re-send of seed 0: five stories, one with two versions.
    static func seeded(_ home: TestHome) async throws -> (RunningDaemon, [String], [String: Int64]) {
        let daemon = try await RunningDaemon(home)
        let seeds = try Seeds.all()
        for seed in seeds { try home.drop(seed.name, seed.data) }
        _ = try await daemon.waitForEvents(5)
        let texts = seeds.map { String(decoding: $0.data, as: UTF8.self) }
        let (corrected, _, _) = try DedupEndToEndTests.correctFirstFigure(texts[0])
        try home.drop("afp/corrected.txt", corrected)
        let events = try await daemon.waitForEvents(6)
        #expect(events[5].type == .versionAdded)
        return (daemon, texts + [corrected], Dictionary(uniqueKeysWithValues: events.map { ($0.file!, $0.story!) }))
    }

    @Test func groupsExplainAndSimilarAnswerInWordsAndNumbers() async throws {
        let home = try TestHome()
        let (daemon, texts, storyOf) = try await Self.seeded(home)
        let seeds = try Seeds.all()
        let story = try #require(storyOf[seeds[0].name])

        // The groups of the last hour: only the story two files joined.
        let groups = try await daemon.getJSON("/v1/groups", as: GroupList.self)
        #expect(groups.groups.map(\.story) == [story])
        let members = try #require(groups.groups.first?.members)
        #expect(members.map(\.type) == [.storyCreated, .versionAdded])
        #expect(members[1].file == "afp/corrected.txt")
        #expect(members[1].reason?.hasPrefix("correction") == true)
        #expect(try await daemon.getJSON("/v1/stories/\(story)/group", as: DuplicateGroup.self) == groups.groups[0])

        // Why version 2 joined version 1: numbers and the changed figure.
        let why = try await daemon.postJSON("/v1/explain", #"{"a": {"story": \#(story), "version": 1}, "b": {"story": \#(story), "version": 2}}"#,
                                            as: Explanation.self)
        #expect(why.decision == "version.added")
        #expect(why.containment > 0.9)
        #expect(why.figureChanges.count == 1)
        #expect(why.changes.count == 1) // one word run differs: the corrected figure
        #expect(why.sharedWords > 100)
        #expect(why.onlyInA.count == 1 && why.onlyInB.count == 1) // the sentence holding the figure
        #expect(why.sharedSentences.count > 5)
        // Two outlets' rewrites of one event: different stories, and the numbers say why.
        let other = try #require(storyOf[seeds[1].name])
        let not = try await daemon.postJSON("/v1/explain", #"{"a": {"story": \#(story)}, "b": {"story": \#(other)}}"#, as: Explanation.self)
        #expect(not.decision == "story.created")
        #expect(not.containment < 0.5)
        #expect(not.reason.contains("shares only"))
        // An uploaded copy is a duplicate.
        let body = try String(data: JSONEncoder().encode(["a": ItemReference(story: other), "b": ItemReference(text: texts[1])]), encoding: .utf8)!
        let copy = try await daemon.postJSON("/v1/explain", body, as: Explanation.self)
        #expect(copy.decision == "duplicate.seen")
        #expect(copy.identical)
        #expect(copy.hoursApart == nil)

        // Similar to seed 3's text: seed 3 first and the same story, the other seeds as near misses.
        let similarBody = try String(data: JSONEncoder().encode(SimilarRequest(item: ItemReference(text: texts[3]), limit: 10)), encoding: .utf8)!
        let similar = try await daemon.postJSON("/v1/similar", similarBody, as: SimilarList.self)
        #expect(similar.results.first?.story == storyOf[seeds[3].name])
        #expect(similar.results.first?.sameStory == true)
        #expect(similar.results.count > 1)
        #expect(similar.results.dropFirst().allSatisfy { !$0.sameStory && $0.containment < similar.results[0].containment })

        // Bad requests say what to send.
        let (status, message) = try await daemon.post("/v1/explain", #"{"a": 1}"#)
        #expect(status == 400)
        #expect(String(decoding: message, as: UTF8.self).contains("must be JSON like"))
        // Version 0 is a bad request, as it is at /v1/stories/{id}/versions/0; a version the
        // story does not have is not found.
        let (zero, zeroMessage) = try await daemon.post("/v1/explain", #"{"a": {"story": \#(story), "version": 0}, "b": {"story": \#(story)}}"#)
        #expect(zero == 400)
        #expect(String(decoding: zeroMessage, as: UTF8.self).contains("'a.version' must be a positive integer, got 0"))
        let (absent, _) = try await daemon.post("/v1/explain", #"{"a": {"story": \#(story), "version": 99}, "b": {"story": \#(story)}}"#)
        #expect(absent == 404)
        await daemon.stop()
    }

    @Test func aSplitStaysSplitAndAMergeTakesLaterCopies() async throws {
        let home = try TestHome()
        let (daemon, texts, storyOf) = try await Self.seeded(home)
        let seeds = try Seeds.all()
        let story = try #require(storyOf[seeds[0].name])

        // Split version 2 (the corrected copy) out of the story.
        let split = try await daemon.postJSON("/v1/stories/\(story)/split", #"{"version": 2}"#, as: FeedEvent.self, expect: 201)
        #expect(split.type == .storySplit)
        #expect(split.otherStory == story)
        let newStory = try #require(split.story)
        #expect(newStory != story)
        #expect(try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self).versions.count == 1)
        #expect(try await daemon.getJSON("/v1/stories/\(newStory)", as: StoryDetail.self).versions.map(\.file) == ["afp/corrected.txt"])
        // A later copy of the split-out text joins the new story, not the old one: it stays split.
        try home.drop("dpa/corrected-again.txt", texts[5])
        var events = try await daemon.waitForEvents(8)
        #expect(events[7].type == .duplicateSeen)
        #expect(events[7].story == newStory)
        // The groups count what each story holds now: the split-off version's version.added
        // stays in the old story's history, but its file (and the copy's) are the new story's.
        let old = try await daemon.getJSON("/v1/stories/\(story)/group", as: DuplicateGroup.self)
        #expect(old.versions == 1 && old.files == 1 && old.members.contains { $0.type == .versionAdded }, "\(old)")
        let fresh = try await daemon.getJSON("/v1/stories/\(newStory)/group", as: DuplicateGroup.self)
        #expect(fresh.versions == 1 && fresh.files == 2, "\(fresh)")
        // Splitting the only version is refused with a reason.
        let (status, body) = try await daemon.post("/v1/stories/\(newStory)/split", #"{"version": 1}"#)
        #expect(status == 400)
        #expect(String(decoding: body, as: UTF8.self).contains("only one version"))

        // Merge seed 2's story into seed 1's; a later copy of seed 2 lands in the merged story.
        let into = try #require(storyOf[seeds[1].name]), from = try #require(storyOf[seeds[2].name])
        let merged = try await daemon.postJSON("/v1/stories/\(into)/merge", #"{"from": \#(from)}"#, as: FeedEvent.self, expect: 201)
        #expect(merged.type == .storyMerged)
        #expect(merged.otherStory == from)
        #expect(try await daemon.getJSON("/v1/stories/\(into)", as: StoryDetail.self).versions.count == 2)
        #expect(!(try await daemon.getJSON("/v1/stories?limit=100", as: StoryPage.self).stories.map(\.id).contains(from)))
        try home.drop("dpa/seed2-again.txt", texts[2])
        events = try await daemon.waitForEvents(10)
        #expect(events[9].type == .duplicateSeen)
        #expect(events[9].story == into)
        await daemon.stop()
    }
}

/// Retention over HTTP: processed files go, stories only when asked, events stay.
@Suite("Retention")
struct RetentionTests {
    @Test func pruneRemovesProcessedFilesAndStoriesOnlyWhenAsked() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        for i in 1...3 { try home.drop("ap/s\(i).txt", "Story \(i)\n\nBody number \(i) is here.") }
        _ = try await daemon.waitForEvents(3)
        #expect(await eventually { home.files(in: home.home.processed).count == 3 })
        // Nothing is older than an hour yet.
        var report = try await daemon.postJSON("/v1/prune", #"{"older_than_seconds": 3600, "versions": true}"#, as: PruneReport.self)
        #expect(report.filesRemoved == 0 && report.storiesRemoved == 0)
        // A dry run counts without removing.
        report = try await daemon.postJSON("/v1/prune", #"{"older_than_seconds": 0, "dry_run": true}"#, as: PruneReport.self)
        #expect(report.filesRemoved == 3 && report.dryRun)
        #expect(home.files(in: home.home.processed).count == 3)
        // Files go; stories stay unless asked.
        report = try await daemon.postJSON("/v1/prune", #"{"older_than_seconds": 0}"#, as: PruneReport.self)
        #expect(report.filesRemoved == 3 && report.bytesRemoved > 0 && report.storiesRemoved == 0)
        #expect(home.files(in: home.home.processed).isEmpty)
        #expect(try await daemon.getJSON("/v1/status", as: ServerStatus.self).stories == 3)
        report = try await daemon.postJSON("/v1/prune", #"{"older_than_seconds": 0, "versions": true}"#, as: PruneReport.self)
        #expect(report.storiesRemoved == 3 && report.versionsRemoved == 3)
        let status = try await daemon.getJSON("/v1/status", as: ServerStatus.self)
        #expect(status.stories == 0 && status.versions == 0 && status.lastSeq == 3) // the feed keeps its history
        // A new copy of a pruned story is a new story again, under an id of its own: the feed
        // still holds the pruned stories' events, and story 1 there is the pruned one.
        try home.drop("ap/again.txt", "Story 1\n\nBody number 1 is here.")
        let events = try await daemon.waitForEvents(4)
        #expect(events[3].type == .storyCreated)
        #expect(events[3].story == 4 && events[3].version == 1, "\(events[3])")
        await daemon.stop()
    }
}
