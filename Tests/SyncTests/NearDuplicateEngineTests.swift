import Foundation
import Testing
@testable import Sync

/// The engine on small wire-copy fixtures (Fixtures/dedup), one case per test.
struct NearDuplicateEngineTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func document(_ name: String, minutes: Double = 0) throws -> PreparedDocument {
        let url = Bundle.module.url(forResource: "Fixtures/dedup/\(name)", withExtension: "txt")!
        let bytes = try [UInt8](Data(contentsOf: url))
        let parsed = try PlainTextParser().parse(bytes, time: start.addingTimeInterval(minutes * 60), source: "wire")
        return PreparedDocument.prepare(parsed)
    }

    /// Feeds fixtures in order, storing every non-duplicate; returns each item's story number.
    static func replay(_ items: [(String, Double)], engine: inout NearDuplicateEngine) throws -> [Decision] {
        var decisions: [Decision] = []
        var nextStory: Int64 = 1, nextID: Int64 = 1
        var counts: [Int64: Int] = [:]
        for (name, minutes) in items {
            let doc = try document(name, minutes: minutes)
            let decision = engine.decide(doc, exactMatch: nil)
            decisions.append(decision)
            switch decision {
            case .newStory:
                counts[nextStory] = 1
                engine.remember(doc, as: VersionRef(story: nextStory, id: nextID, number: 1))
                nextStory += 1
            case .newVersion(let evidence):
                counts[evidence.matched.story, default: 1] += 1
                engine.remember(doc, as: VersionRef(story: evidence.matched.story, id: nextID, number: counts[evidence.matched.story]!))
            case .duplicate, .withdrawal:
                break
            }
            nextID += 1
        }
        return decisions
    }

    /// A results flash as the corpus has them (Reuters 15937), dated at ``start``.
    static func westinghouseFlash() -> PreparedDocument {
        PreparedDocument.prepare(StoryDocument(
            headline: "WESTINGHOUSE ELECTRIC CORP 1ST QTR SHR 1.05 DLRS VS 88 CTS",
            body: "******WESTINGHOUSE ELECTRIC CORP 1ST QTR SHR 1.05 DLRS VS 88 CTS\nBlah blah blah.",
            time: start, source: "wire"))
    }

    static func versionOf(_ decision: Decision) -> Decision.Evidence? {
        if case .newVersion(let e) = decision { return e }
        return nil
    }

    /// A third item with the first's text, dated by its document after the second changed it:
    /// the story returns to that text, a version; dated before the second, or only by its
    /// arrival (a second feed's late copy), it is the duplicate it looks like.
    @Test func anOlderTextDatedAfterTheChangeIsAReturnToIt() {
        func item(_ figure: String, minutes: Double, fromDocument: Bool = true) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(
                headline: "U.S. jobless rate \(figure) pct in October",
                body: "The U.S. unemployment rate was \(figure) pct in October, the Labor Department said on Friday, as employers added 150,000 jobs.",
                time: Self.start.addingTimeInterval(minutes * 60), source: "wire", timeFromDocument: fromDocument))
        }
        func decide(_ third: PreparedDocument) -> Decision {
            var engine = NearDuplicateEngine()
            engine.remember(item("4.2", minutes: 0), as: VersionRef(story: 1, id: 1, number: 1))
            engine.remember(item("2.4", minutes: 5), as: VersionRef(story: 1, id: 2, number: 2))
            return engine.decide(third, exactMatch: nil)
        }
        guard case .newVersion(let back) = decide(item("4.2", minutes: 10)) else { Issue.record("expected a version"); return }
        #expect(back.matched == VersionRef(story: 1, id: 2, number: 2))
        #expect(back.reason.contains("returns to the text of version 1"), "\(back.reason)")
        guard case .duplicate(let late) = decide(item("4.2", minutes: 1)) else { Issue.record("expected a duplicate"); return }
        #expect(late.matched == VersionRef(story: 1, id: 1, number: 1))
        guard case .duplicate = decide(item("4.2", minutes: 10, fromDocument: false)) else { Issue.record("expected a duplicate"); return }
        // A copy under a format identity no stored story carries (another feed's) is one too.
        var copy = item("4.2", minutes: 10).document
        copy.identity = "ninjs:urn:aggregator:1"
        guard case .duplicate = decide(PreparedDocument.prepare(copy)) else { Issue.record("expected a duplicate"); return }
        // The newest text again is a duplicate of it however late it comes.
        guard case .duplicate(let again) = decide(item("2.4", minutes: 30)) else { Issue.record("expected a duplicate"); return }
        #expect(again.matched == VersionRef(story: 1, id: 2, number: 2))
    }

    @Test func resendWithOtherLineBreaksIsADuplicate() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("base", 0), ("resend", 5)], engine: &engine)
        guard case .duplicate(let evidence) = d[1] else { Issue.record("expected duplicate, got \(d[1])"); return }
        #expect(evidence.matched == VersionRef(story: 1, id: 1, number: 1))
        #expect(evidence.similarity == 1)
        #expect(evidence.reason.contains("identical"))
    }

    @Test func correctionWithAChangedFigureIsAVersion() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("base", 0), ("correction", 40)], engine: &engine)
        let evidence = try #require(Self.versionOf(d[1]))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.hasPrefix("correction"))
        #expect(evidence.reason.contains("340"))
    }

    @Test func writeThroughAddingParagraphsIsAVersion() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("base", 0), ("writethrough", 90)], engine: &engine)
        let evidence = try #require(Self.versionOf(d[1]))
        #expect(evidence.matched.story == 1)
        #expect(evidence.containment > 0.95)
        #expect(evidence.similarity < evidence.containment)
        #expect(evidence.reason.contains("write-through") || evidence.reason.contains("new version"))
    }

    @Test func trimIsAVersion() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("base", 0), ("trim", 10)], engine: &engine)
        let evidence = try #require(Self.versionOf(d[1]))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.contains("trim"))
    }

    @Test func flashThenFullStoryIsOneStory() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("flash", 0), ("full-after-flash", 12)], engine: &engine)
        #expect(d[0] == .newStory)
        let evidence = try #require(Self.versionOf(d[1]))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.contains("flash"))
    }

    @Test func templateDividendForAnotherCompanyIsAnotherStory() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("dividend-a", 0), ("dividend-b", 3)], engine: &engine)
        #expect(d[1] == .newStory)
        let verdict = try #require(engine.explain(try Self.document("dividend-b", minutes: 3)).first { $0.0.story == 1 }?.1)
        #expect(!verdict.sameStory)
        #expect(verdict.reason.contains("another name"))
        #expect(verdict.containment >= 0.5) // alike enough to be a candidate: the verifier tells them apart
    }

    @Test func recurringReportForAnotherWeekIsAnotherStory() throws {
        var engine = NearDuplicateEngine()
        // A week apart is outside the window anyway; a day apart (a late re-run) must still differ.
        let d = try Self.replay([("weekly-a", 0), ("weekly-b", 24 * 60)], engine: &engine)
        #expect(d[1] == .newStory)
        let verdict = try #require(engine.explain(try Self.document("weekly-b", minutes: 24 * 60)).first { $0.0.story == 1 }?.1)
        #expect(verdict.reason.contains("other figures"))
    }

    @Test func timedTableForAnotherHourIsAnotherStory() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("table-a", 0), ("table-b", 60)], engine: &engine)
        #expect(d[1] == .newStory)
    }

    @Test func identicalTextOutsideTheWindowIsANewStory() throws {
        var engine = NearDuplicateEngine()
        let d = try Self.replay([("base", 0), ("base", 15 * 24 * 60)], engine: &engine)
        #expect(d[1] == .newStory)
        #expect(engine.windowCount == 1) // the first copy left the window
    }

    /// Versions with one text are kept newest first; the newest may be too far away in time
    /// (it arrived late, with an old document time) while an older one is near enough.
    @Test func identicalTextMatchesTheNewestVersionWithinTheWindow() throws {
        var engine = NearDuplicateEngine()
        // The times below assume the default 36 h window.
        #expect(engine.parameters.window == 36 * 3600)
        let at50 = try Self.document("base", minutes: 50 * 60)
        engine.remember(sketch: at50.sketch, contentHash: at50.contentHash, time: at50.document.time,
                        as: VersionRef(story: 1, id: 1, number: 1))
        // A late arrival with the same text, 40 h older than the first: still in the window
        // (eviction takes the oldest arrivals first, and the first is recent).
        let at10 = try Self.document("base", minutes: 10 * 60)
        engine.remember(sketch: at10.sketch, contentHash: at10.contentHash, time: at10.document.time,
                        as: VersionRef(story: 2, id: 2, number: 1))
        #expect(engine.windowCount == 2)
        // At 60 h the newest (10 h) is 50 h away, outside the 36 h window; the first is 10 h away.
        let at60 = try Self.document("base", minutes: 60 * 60)
        guard case .duplicate(let evidence) = engine.decide(at60, exactMatch: nil) else {
            Issue.record("expected a duplicate"); return
        }
        #expect(evidence.matched.story == 1)
        // At 30 h both are in reach: the newest arrival (story 2, 20 h away) is the match.
        let at30 = try Self.document("base", minutes: 30 * 60)
        guard case .duplicate(let near) = engine.decide(at30, exactMatch: nil) else {
            Issue.record("expected a duplicate"); return
        }
        #expect(near.matched.story == 2)
    }

    /// The ranking keeps what sorting every offer (score, then the newer serial) and taking
    /// the first `limit` would keep, ties included.
    @Test func theCandidateRankingKeepsWhatAFullSortWould() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<500 {
            let limit = round % 7 == 0 ? 0 : Int.random(in: 1...14, using: &generator)
            let serials = Array(0..<Int.random(in: 0...300, using: &generator)).shuffled(using: &generator)
            // Few distinct scores every other round, so ties are common.
            let offers = serials.map { serial in
                (serial: serial, score: round % 2 == 0 ? Double(Int.random(in: 0...3, using: &generator)) / 4
                                                       : Double.random(in: 0.25...2, using: &generator),
                 shared: Int.random(in: 1...50, using: &generator))
            }
            var ranking = CandidateRanking(limit: limit)
            for offer in offers { ranking.offer(offer) }
            let expected = offers.sorted { $0.score != $1.score ? $0.score > $1.score : $0.serial > $1.serial }.prefix(limit)
            #expect(ranking.best.map(\.serial) == expected.map(\.serial))
            #expect(ranking.best.map(\.score) == expected.map(\.score))
            #expect(ranking.best.map(\.shared) == expected.map(\.shared))
        }
    }

    /// A templated feed (the same sentences, each item with its own figures) fills LSH buckets
    /// far past their limit (``DedupParameters/maxBucket``): each item is still its own story,
    /// and a write-through of an early one, whose template buckets no longer propose it, is
    /// still found through the bands and lead shingles it does not share with the template.
    /// Run at the harshest limit (one entry per bucket), the default and 64.
    @Test(arguments: [1, DedupParameters().maxBucket, 64])
    func aTemplatedFeedKeepsItsStoriesApartAndStillFindsAWriteThrough(maxBucket: Int) {
        var parameters = DedupParameters()
        parameters.maxBucket = maxBucket
        var engine = NearDuplicateEngine(parameters: parameters)
        func item(_ n: Int, extra: String = "") -> PreparedDocument {
            let body = "Shipments report \(n): \(n * 13) tonnes of grain were shipped from port \(n % 17) "
                + "to the northern terminals in the week to Friday, against \(n * 7 + 3) tonnes a week earlier, "
                + "the port authority said in its weekly statement." + extra
            let document = StoryDocument(headline: "Grain shipments \(n)", body: body,
                                         time: Self.start.addingTimeInterval(Double(n)), source: "wire")
            return PreparedDocument.prepare(document, parameters: parameters)
        }
        for n in 0..<600 {
            let document = item(n)
            guard engine.decide(document, exactMatch: nil) == .newStory else {
                Issue.record("item \(n) was matched to another item of the template"); return
            }
            engine.remember(document, as: VersionRef(story: Int64(n + 1), id: Int64(n + 1), number: 1))
        }
        let writeThrough = item(40, extra: "\n\nThe authority expects shipments to recover once the river reopens to barges next month.")
        let evidence = Self.versionOf(engine.decide(writeThrough, exactMatch: nil))
        #expect(evidence?.matched.story == 41, "the write-through of item 40 was not found")
    }

    @Test func aTextKeyIsTheDigestsFirstSixteenHexDigitsElseAStableHash() {
        #expect(NearDuplicateEngine.textKey("0123456789abcdef" + String(repeating: "0", count: 48)) == 0x0123_4567_89ab_cdef)
        #expect(NearDuplicateEngine.textKey("ffffffffffffffff") == UInt64.max)
        // Not a hex digest (a test's label, upper case, too short): hashed whole, so texts
        // with a common start still get different keys.
        #expect(NearDuplicateEngine.textKey("text one") == StableHash.string("text one"))
        #expect(NearDuplicateEngine.textKey("0123456789ABCDEF") == StableHash.string("0123456789ABCDEF"))
        #expect(NearDuplicateEngine.textKey("0123") == StableHash.string("0123"))
        #expect(NearDuplicateEngine.textKey("text one") != NearDuplicateEngine.textKey("text two"))
    }

    /// Thousands of stories flowing through the window: it keeps only the last window's worth
    /// (after compacting its storage, past 4,096 evictions), a recent one is still found, an
    /// evicted one is not.
    @Test func aLongStreamKeepsOnlyTheWindowAndStillFindsRecentStories() throws {
        var engine = NearDuplicateEngine()
        let hour: TimeInterval = 3600
        func story(_ n: Int) -> PreparedDocument {
            let words = (0..<40).map { "w\(n)x\($0)" }.joined(separator: " ")
            let document = StoryDocument(headline: "Story \(n)", body: words, time: Self.start.addingTimeInterval(Double(n) * hour / 100),
                                         source: "wire")
            return PreparedDocument.prepare(document)
        }
        for n in 0..<9_000 { engine.remember(story(n), as: VersionRef(story: Int64(n + 1), id: Int64(n + 1), number: 1)) }
        // 100 stories an hour and a 36-hour window: the newest 3,600 or so remain.
        #expect((3_500...3_700).contains(engine.windowCount))
        // One remembered before the storage was compacted (near 7,700), one after.
        for n in [6_000, 8_900] {
            let recent = engine.decide(story(n), exactMatch: nil)
            guard case .duplicate(let evidence) = recent else {
                Issue.record("story \(n + 1), still in the window, was not found: \(recent)")
                continue
            }
            #expect(evidence.matched.story == Int64(n + 1))
        }
        #expect(engine.decide(story(100), exactMatch: nil) == .newStory)
    }

    /// A backfill whose first item is dated a year after the rest: time alone would keep every
    /// item behind it (eviction takes a prefix in arrival order), so memory grew with the whole
    /// backfill. The limit takes the oldest arrivals; the late item gone, the window is again
    /// measured from the newest item left, so the backfill's own re-sends are still found.
    @Test func aWindowHeldOpenByALateItemStopsAtItsLimitAndStillFindsResends() throws {
        var parameters = DedupParameters()
        parameters.maxWindowVersions = 500
        var engine = NearDuplicateEngine(parameters: parameters)
        let hour: TimeInterval = 3600
        func story(_ n: Int, at time: Date) -> PreparedDocument {
            let words = (0..<40).map { "w\(n)x\($0)" }.joined(separator: " ")
            return PreparedDocument.prepare(StoryDocument(headline: "Story \(n)", body: words, time: time, source: "wire"))
        }
        engine.remember(story(0, at: Self.start.addingTimeInterval(365 * 24 * hour)), as: VersionRef(story: 1, id: 1, number: 1))
        // 100 items an hour: a 36-hour window holds about 3,600 of them, more than the limit.
        for n in 1..<3_000 {
            let item = story(n, at: Self.start.addingTimeInterval(Double(n) * hour / 100))
            engine.remember(item, as: VersionRef(story: Int64(n + 1), id: Int64(n + 1), number: 1))
            #expect(engine.windowCount <= 500, "item \(n): \(engine.windowCount) in the window")
        }
        #expect(engine.windowCount == 500)
        #expect(engine.evictedEarly > 0)
        // The late item left early (the limit); re-sends of items still kept (the last 500
        // arrivals, 2,500 on) are found.
        #expect(engine.decide(story(0, at: Self.start.addingTimeInterval(365 * 24 * hour)), exactMatch: nil) == .newStory)
        for n in [2_500, 2_999] {
            let resend = engine.decide(story(n, at: Self.start.addingTimeInterval(Double(n) * hour / 100 + 60)), exactMatch: nil)
            guard case .duplicate(let evidence) = resend else {
                Issue.record("item \(n), still in the window, was not found: \(resend)")
                continue
            }
            #expect(evidence.matched.story == Int64(n + 1))
        }
    }

    /// The limit is a backstop: an ordinary stream inside the window never reaches it, and the
    /// window is measured by time alone.
    @Test func anOrdinaryStreamNeverEvictsEarly() throws {
        var parameters = DedupParameters()
        parameters.maxWindowVersions = 4_000
        var engine = NearDuplicateEngine(parameters: parameters)
        for n in 0..<6_000 {
            let words = (0..<40).map { "w\(n)x\($0)" }.joined(separator: " ")
            let item = PreparedDocument.prepare(StoryDocument(headline: "Story \(n)", body: words,
                                                              time: Self.start.addingTimeInterval(Double(n) * 36), source: "wire"))
            engine.remember(item, as: VersionRef(story: Int64(n + 1), id: Int64(n + 1), number: 1))
        }
        // 100 an hour over a 36-hour window: about 3,600 kept, under the limit of 4,000.
        #expect((3_500...3_700).contains(engine.windowCount))
        #expect(engine.evictedEarly == 0)
    }

    /// A flash, then more template look-alikes than the engine verifies per item (the same
    /// dividend notice for other companies), then the flash's full story. The look-alikes share
    /// far more of the story's wording than the short flash does, so they rank first; the
    /// verifier rejects each (another name), and the flash must still be tried.
    @Test func aFlashIsFoundBehindMoreTemplateLookAlikesThanThePlacesToVerify() throws {
        var engine = NearDuplicateEngine()
        func notice(_ company: String, minutes: Double) -> PreparedDocument {
            let body = """
                The board of \(company) Corp declared a regular quarterly dividend of 10 cts per share, \
                payable April 15 to holders of record on March 31, the company said in a statement. \
                The dividend is unchanged from the previous quarter, and \(company) Corp said it expects \
                to keep paying it at that rate for the rest of the year.
                """
            return PreparedDocument.prepare(StoryDocument(headline: "\(company.uppercased()) CORP SETS QUARTERLY DIVIDEND",
                                                          body: body, time: Self.start.addingTimeInterval(minutes * 60), source: "wire"))
        }
        let flash = PreparedDocument.prepare(StoryDocument(headline: "ACME CORP SETS QUARTERLY DIVIDEND OF 10 CTS", body: "",
                                                           time: Self.start, source: "wire"))
        #expect(engine.decide(flash, exactMatch: nil) == .newStory)
        engine.remember(flash, as: VersionRef(story: 1, id: 1, number: 1))
        let others = ["Zenith", "Northwind", "Eastgate", "Bluewater", "Redstone", "Ironbridge", "Silverlake", "Greenfield",
                      "Oakmont", "Pinecrest", "Stonehill", "Westbrook", "Lakeside", "Riverton", "Clearwater", "Highgate"]
        #expect(others.count > engine.parameters.maxCandidates)
        for (n, company) in others.enumerated() {
            engine.remember(notice(company, minutes: Double(n + 1)), as: VersionRef(story: Int64(n + 2), id: Int64(n + 2), number: 1))
        }
        let story = notice("Acme", minutes: 20)
        // Look-alikes fill every place ahead of the flash, and each is another company; the
        // explanation lists the flash after them.
        let verdicts = engine.explain(story)
        #expect(verdicts.count == engine.parameters.maxCandidates + 1)
        #expect(verdicts.dropLast().allSatisfy { $0.0.story != 1 && !$0.1.sameStory })
        #expect(verdicts.last?.0.story == 1 && verdicts.last?.1.sameStory == true)
        let evidence = try #require(Self.versionOf(engine.decide(story, exactMatch: nil)))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.contains("full story after a flash"))
    }

    /// More near copies than the places to verify, all dated outside the window (kept in memory
    /// because a later arrival is dated near them), rank ahead of the item's real earlier
    /// version: they take no place, as the verifier rejects them on time alone.
    @Test func candidatesOutsideTheWindowTakeNoPlace() throws {
        var engine = NearDuplicateEngine()
        let hour: TimeInterval = 3600
        let words = (0..<80).map { "word\($0)" }
        func item(_ text: [String], hours: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: "Harbour strike talks", body: text.joined(separator: " "),
                                                   time: Self.start.addingTimeInterval(hours * hour), source: "wire"))
        }
        // Copies of the new item's text with one word changed, dated 40 hours before it.
        for n in 0..<(engine.parameters.maxCandidates + 2) {
            var copy = words
            copy[10 + 5 * n] = "variant\(n)"
            engine.remember(item(copy, hours: 0), as: VersionRef(story: Int64(n + 1), id: Int64(n + 1), number: 1))
        }
        // The item's first version (its first 60 words), 30 hours after the copies.
        let first = VersionRef(story: 100, id: 100, number: 1)
        engine.remember(item(Array(words.prefix(60)), hours: 30), as: first)
        #expect(engine.windowCount == engine.parameters.maxCandidates + 3)
        let writeThrough = item(words, hours: 40)
        // The copies rank first and are rejected on time; the explanation lists the version after them.
        let verdicts = engine.explain(writeThrough)
        #expect(verdicts.count == engine.parameters.maxCandidates + 1)
        #expect(verdicts.dropLast().allSatisfy { $0.0 != first && $0.1.reason.contains("outside the 36.0 h window") })
        #expect(verdicts.last?.0 == first && verdicts.last?.1.sameStory == true)
        let evidence = try #require(Self.versionOf(engine.decide(writeThrough, exactMatch: nil)))
        #expect(evidence.matched == first)
    }

    /// A results flash, then its table: the table's second line aligns against the flash's
    /// figures ("vs 88 cts" facing "vs 86 cts"), which is no changed figure, as every figure
    /// of the flash is in the table. A later re-send of the table still joins the story the
    /// flash opened.
    @Test func aResultsFlashAndItsTableAreOneStory() throws {
        var engine = NearDuplicateEngine()
        let flash = Self.westinghouseFlash()
        let tableText = """
            Shr primary 1.05 dlrs vs 88 cts
                Shr diluted 1.05 dlrs vs 86 cts
                Net 151.6 mln vs 135.2 mln
                Revs 2.32 billion vs 2.55 billion
                Avg shrs 144.6 mln vs 154.5 mln
             Reuter
            """
        func table(minutes: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: "WESTINGHOUSE ELECTRIC CORP <WX> 1ST QTR NET", body: tableText,
                                                   time: Self.start.addingTimeInterval(minutes * 60), source: "wire"))
        }
        engine.remember(flash, as: VersionRef(story: 1, id: 1, number: 1))
        let evidence = try #require(Self.versionOf(engine.decide(table(minutes: 6), exactMatch: nil)))
        #expect(evidence.matched.story == 1)
        engine.remember(table(minutes: 6), as: VersionRef(story: 1, id: 2, number: 2))
        // Another company's table in the same hour is not the flash's story.
        let other = PreparedDocument.prepare(StoryDocument(
            headline: "GENERAL SIGNAL CORP <GSX> 1ST QTR NET", body: tableText.replacingOccurrences(of: "88", with: "65"),
            time: Self.start.addingTimeInterval(600), source: "wire"))
        if case .newVersion(let wrong) = engine.decide(other, exactMatch: nil) {
            Issue.record("another company's table joined story \(wrong.matched.story): \(wrong.reason)")
        }
        // The table corrected two hours on: a version of the story, past the flash's hour.
        var corrected = table(minutes: 120).document
        corrected.body = corrected.body.replacingOccurrences(of: "151.6", with: "151.8") + "\nCorrects net figure"
        let again = try #require(Self.versionOf(engine.decide(PreparedDocument.prepare(corrected), exactMatch: nil)))
        #expect(again.matched.story == 1)
    }

    /// A backfill out of time order: the story stored first, its flash (dated before it) after;
    /// the later item saying it corrects stored first, the item it corrects after.
    @Test func aBackfillOutOfTimeOrderStillPairsFlashesAndCorrections() throws {
        var engine = NearDuplicateEngine()
        _ = try Self.replay([("full-after-flash", 12)], engine: &engine)
        let evidence = try #require(Self.versionOf(engine.decide(try Self.document("flash", minutes: 0), exactMatch: nil)))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.contains("flash of a story stored first"), "\(evidence.reason)")

        var corrections = NearDuplicateEngine()
        _ = try Self.replay([("correction", 40)], engine: &corrections)
        let corrected = try #require(Self.versionOf(corrections.decide(try Self.document("base", minutes: 0), exactMatch: nil)))
        #expect(corrected.matched.story == 1)
    }

    /// A story opened by its flash: against the flash, the table's other figures are excused,
    /// so the no-chaining test also holds versions to the story's first table. A series of
    /// one-figure steps from it (each a correction of the one before) does not join.
    @Test func aStoryOpenedByAFlashStillDoesNotChain() throws {
        var engine = NearDuplicateEngine()
        let flash = Self.westinghouseFlash()
        engine.remember(flash, as: VersionRef(story: 1, id: 1, number: 1))
        var table = """
            Shr primary 1.05 dlrs vs 88 cts
                Shr diluted 1.05 dlrs vs 86 cts
                Net 151.6 mln vs 135.2 mln
                Revs 2.32 billion vs 2.55 billion
                Avg shrs 144.6 mln vs 154.5 mln
                Oper net 140.1 mln vs 120.3 mln
             Reuter
            """
        func item(_ body: String, minutes: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: "WESTINGHOUSE ELECTRIC CORP <WX> 1ST QTR NET", body: body,
                                                   time: Self.start.addingTimeInterval(minutes * 60), source: "wire"))
        }
        let first = item(table, minutes: 6)
        #expect(Self.versionOf(engine.decide(first, exactMatch: nil))?.matched.story == 1)
        engine.remember(first, as: VersionRef(story: 1, id: 2, number: 2))
        // One figure changed: a correction of the first table.
        table = table.replacingOccurrences(of: "151.6", with: "153.6")
        let second = item(table, minutes: 60)
        #expect(Self.versionOf(engine.decide(second, exactMatch: nil))?.matched.story == 1)
        engine.remember(second, as: VersionRef(story: 1, id: 3, number: 3))
        // Another changed from the second: two from the first table, so not this story.
        table = table.replacingOccurrences(of: "2.32 billion", with: "2.52 billion")
        let third = item(table, minutes: 120)
        if case .newVersion(let joined) = engine.decide(third, exactMatch: nil) {
            Issue.record("a second one-figure step joined story \(joined.matched.story): \(joined.reason)")
        }
    }

    /// A backfill brings a results table before its flash, which is dated before it: the
    /// flash's figures face the table's other figures, and the flash is still the table's.
    @Test func aFlashArrivingAfterItsTableJoinsIt() throws {
        var engine = NearDuplicateEngine()
        let table = PreparedDocument.prepare(StoryDocument(
            headline: "WESTINGHOUSE ELECTRIC CORP <WX> 1ST QTR NET",
            body: "Shr primary 1.05 dlrs vs 88 cts\nShr diluted 1.05 dlrs vs 86 cts\nNet 151.6 mln vs 135.2 mln\n"
                + "Revs 2.32 billion vs 2.55 billion\nAvg shrs 144.6 mln vs 154.5 mln\nReuter",
            time: Self.start.addingTimeInterval(360), source: "wire"))
        engine.remember(table, as: VersionRef(story: 1, id: 1, number: 1))
        let flash = Self.westinghouseFlash()
        let evidence = try #require(Self.versionOf(engine.decide(flash, exactMatch: nil)))
        #expect(evidence.matched.story == 1)
        #expect(evidence.reason.hasPrefix("flash of a story stored first"), "\(evidence.reason)")
        #expect(evidence.containment < engine.parameters.minContainment)
    }

    @Test func aSeriesOfOneFigureChangesDoesNotChainIntoOneStory() throws {
        // Each item differs from the previous one in one figure of a long text, which alone
        // reads as a correction; the third differs from the first in two figures: another story.
        let base = try Self.document("writethrough")
        let padding = String(repeating: "The company gave no further details of the plan. ", count: 12)
        var engine = NearDuplicateEngine()
        var first = base.document
        first.body += "\n\n" + padding
        let one = PreparedDocument.prepare(first)
        #expect(engine.decide(one, exactMatch: nil) == .newStory)
        engine.remember(one, as: VersionRef(story: 1, id: 1, number: 1))
        var second = first
        second.body = second.body.replacingOccurrences(of: "340 jobs", with: "350 jobs")
        second.time = Self.start.addingTimeInterval(600)
        let two = PreparedDocument.prepare(second)
        let evidence = try #require(Self.versionOf(engine.decide(two, exactMatch: nil)))
        engine.remember(two, as: VersionRef(story: 1, id: 2, number: 2))
        #expect(evidence.matched.story == 1)
        var third = second
        third.body = third.body.replacingOccurrences(of: "12 mln dlrs", with: "15 mln dlrs")
        third.time = Self.start.addingTimeInterval(1200)
        #expect(engine.decide(.prepare(third), exactMatch: nil) == .newStory)
    }

    /// Parameters without the headline rule (``Verifier/headlineObjection(new:old:containment:flash:)``), to
    /// show that it is what tells a pair apart.
    static var withoutHeadlineRule: DedupParameters {
        var parameters = DedupParameters()
        parameters.roundupRatio = 1_000_000
        parameters.noticeWords = 0
        return parameters
    }

    /// Reuters 14476 and 14687: a digest rewording a short item holds most of its shingles,
    /// as a write-through would, but is titled for something else.
    @Test func aRoundupQuotingAnItemIsAnotherStory() throws {
        let pair = [("roundup-item", 0.0), ("roundup-highlights", 98.0)]
        var engine = NearDuplicateEngine()
        let d = try Self.replay(pair, engine: &engine)
        #expect(d[1] == .newStory)
        let verdict = try #require(engine.explain(try Self.document("roundup-highlights", minutes: 98)).first { $0.0.story == 1 }?.1)
        #expect(verdict.reason == "a roundup quoting story 1 version 1 under another headline", "\(verdict.reason)")
        #expect(verdict.containment >= 0.5)
        var without = NearDuplicateEngine(parameters: Self.withoutHeadlineRule)
        #expect(Self.versionOf(try Self.replay(pair, engine: &without)[1]) != nil)
        // The other way round (a backfill bringing the roundup first), the item is not a trim of it.
        var reversed = NearDuplicateEngine()
        #expect(try Self.replay([("roundup-highlights", 98), ("roundup-item", 0)], engine: &reversed)[1] == .newStory)
    }

    /// Reuters 9335 and 10242: two companies' dividend notices, alike but for a date hidden in a
    /// rewritten line; their headlines have no word in common.
    @Test func aShortNoticeUnderAnotherHeadlineIsAnotherStory() throws {
        let pair = [("notice-a", 0.0), ("notice-b", 1904.0)]
        var engine = NearDuplicateEngine()
        #expect(try Self.replay(pair, engine: &engine)[1] == .newStory)
        let verdict = try #require(engine.explain(try Self.document("notice-b", minutes: 1904)).first { $0.0.story == 1 }?.1)
        #expect(verdict.reason.hasSuffix("a short notice under another headline"), "\(verdict.reason)")
        var without = NearDuplicateEngine(parameters: Self.withoutHeadlineRule)
        #expect(Self.versionOf(try Self.replay(pair, engine: &without)[1]) != nil)
    }

    /// The rule's limits: a re-titled re-send (Reuters 3098 and 3109, no headline word in
    /// common) keeps its story's text, and a placeholder headline says nothing (16626, titled
    /// "(untitled)", and its results table 9 times its size).
    @Test func aRetitledResendAndAnUntitledItemStayInTheirStory() throws {
        var engine = NearDuplicateEngine()
        let retitled = try Self.replay([("retitled-a", 0), ("retitled-b", 10)], engine: &engine)
        #expect(Self.versionOf(retitled[1])?.matched.story == 1, "\(retitled[1])")
        var untitled = NearDuplicateEngine()
        let table = try Self.replay([("untitled-flash", 0), ("untitled-flash-table", 11)], engine: &untitled)
        #expect(Self.versionOf(table[1])?.matched.story == 1, "\(table[1])")
    }

    /// The same short text under a wholly new headline is a re-titled re-send, and a flash's
    /// story may be titled afresh: the headline rule leaves both in their story.
    @Test func theSameTextOrAFlashsStoryUnderANewHeadlineStaysInItsStory() throws {
        let body = "General Motors Corp said it would cut car output at its Flint, Michigan plant by 20 pct "
            + "next month because of slow sales, idling 3,000 hourly workers for two weeks."
        func item(_ headline: String, _ text: String, minutes: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: headline, body: text,
                                                   time: Self.start.addingTimeInterval(minutes * 60), source: "wire"))
        }
        var engine = NearDuplicateEngine()
        let first = item("GM CUTS OUTPUT", body, minutes: 0)
        #expect(engine.decide(first, exactMatch: nil) == .newStory)
        engine.remember(first, as: VersionRef(story: 1, id: 1, number: 1))
        let resent = item("GENERAL MOTORS TRIMS PRODUCTION", body, minutes: 30)
        #expect(resent.sketch.bodyWordCount < DedupParameters().noticeWords)
        let evidence = try #require(Self.versionOf(engine.decide(resent, exactMatch: nil)), "a re-titled re-send")
        #expect(evidence.matched.story == 1)

        var flashes = NearDuplicateEngine()
        let flash = item("GM SAYS IT WILL CUT 10,000 JOBS AT FOUR PLANTS", "", minutes: 0)
        #expect(flashes.decide(flash, exactMatch: nil) == .newStory)
        flashes.remember(flash, as: VersionRef(story: 1, id: 1, number: 1))
        let story = item("GENERAL MOTORS LAYOFFS", "Detroit - GM said it will cut 10,000 jobs at four plants in Michigan and Ohio "
            + "over the next two years as it closes older lines, the company told its workers on Monday. The union said it "
            + "would ask for talks on the plan, which follows a year of falling sales of its large cars and trucks, and "
            + "analysts said more cuts at other plants were likely before the new models arrive in the autumn.", minutes: 12)
        let full = try #require(Self.versionOf(flashes.decide(story, exactMatch: nil)), "a flash's story")
        #expect(full.reason.hasPrefix("full story after a flash"), "\(full.reason)")
    }

    @Test func headlineWordsMatchAcrossInflectionsButNotAcrossFigures() {
        func words(_ headline: String) -> TokenList { WireTokenizer().tokens(headline: headline, body: "") }
        func shared(_ a: String, _ b: String) -> Bool {
            let x = words(a), y = words(b)
            return Verifier.headlineWords(x).contains { i in Verifier.headlineWords(y).contains { j in Verifier.sameHeadlineWord(x, i, y, j) } }
        }
        #expect(Verifier.headlineWords(words("(untitled)")).count == 1)
        #expect(Verifier.headlineWords(words("U.S. SAYS THE CORP")).isEmpty)
        #expect(shared("BANK CUTS PRIME RATE", "CREDIT CARD RATES"))
        #expect(shared("FIRST REPUBLICBANK TO ADD RESERVES", "REPUBLIC ADDS TO LOSS PROVISION"))
        #expect(shared("P AND O 1986 PRETAX PROFIT", "PENINSULAR AND ORIENTAL 1986 YEAR"))
        #expect(!shared("MAGMA LOWERS COPPER PRICE", "REUTER COMMODITY HIGHLIGHTS"))
        #expect(!shared("NET PROFIT 1986", "LOSS IN 1987"))
        #expect(!shared("TAKES OVER UNIT", "TAKEOVER BID"))
        #expect(shared("GM CUTS OUTPUT", "CUT IN CAR PRODUCTION"))
        #expect(shared("GM TRIMS OUTPUT", "GM SALES FALL"))
        #expect(!shared("GM TRIMS OUTPUT", "GMAC SALES FALL"))
        #expect(shared("COPPER PRICE 1,750 DLRS", "1750 TONNES SOLD"))
        #expect(Verifier.distinctCount(Verifier.headlineWords(words("GM GM GM")), words("GM GM GM")) == 1)
    }

    /// Reuters 7668 and 7688: a corrected flash changes its figure in the headline and again in
    /// the body (the flash line); the reason names the change once.
    @Test func aCorrectionNamesEachChangeOnce() throws {
        func flash(_ text: String, minutes: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(headline: text, body: "******\(text)\nBlah blah blah.",
                                                   time: Self.start.addingTimeInterval(minutes * 60), source: "wire"))
        }
        var engine = NearDuplicateEngine()
        let first = flash("NORANDA GETTING 41.6 MLN DLRS FROM GOVERNMENT TO CUT ACID RAIN EMISSIONS 50 PCT - OFFICIAL", minutes: 0)
        #expect(engine.decide(first, exactMatch: nil) == .newStory)
        engine.remember(first, as: VersionRef(story: 1, id: 1, number: 1))
        let corrected = flash("CORRECTED - NORANDA GETTING 83.2 MLN DLRS FROM GOVERNMENTS TO CUT ACID RAIN EMISSIONS 50 PCT - OFFICIAL",
                              minutes: 20)
        let evidence = try #require(Self.versionOf(engine.decide(corrected, exactMatch: nil)))
        #expect(evidence.reason.hasPrefix("correction: 41.6 → 83.2; matches"), "\(evidence.reason)")
        #expect(Verifier.listed(["a → b", "c → d", "a → b", "e → f", "g → h"]) == "a → b; c → d; e → f")
    }

    @Test func lshThresholdFollowsTheSCurve() {
        let parameters = DedupParameters()
        #expect(abs(parameters.lshThreshold - pow(1.0 / 64, 0.5)) < 1e-9)
        #expect(parameters.problem() == nil)
        var bad = parameters
        bad.bands = 10
        #expect(bad.problem() != nil)
        var empty = parameters
        empty.maxWindowVersions = 0
        #expect(empty.problem() == "the window must hold at least one version")
    }
}
