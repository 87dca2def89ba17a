import Testing
@testable import Sync

/// ``LSHIndex`` against a plain dictionary model, through many inserts and removals (which
/// exercise table growth and backward-shift deletion).
@Suite("LSH index")
struct LSHIndexTests {
    /// The same banding with a dictionary of arrays: what the index must answer.
    struct Model {
        let bands: Int, rows: Int
        var buckets: [[UInt32]: Set<Int>] = [:]

        /// Bands whose rows all hold one value are not indexed (see `LSHIndex.keys`).
        func keys(_ signature: [UInt32]) -> [[UInt32]] {
            (0..<bands).compactMap { band in
                let rows = Array(signature[(band * rows)..<((band + 1) * rows)])
                return Set(rows).count == 1 ? nil : [UInt32(band)] + rows
            }
        }
        mutating func insert(_ entry: Int, _ signature: [UInt32]) {
            for key in keys(signature) { buckets[key, default: []].insert(entry) }
        }
        mutating func remove(_ entry: Int, _ signature: [UInt32]) {
            for key in keys(signature) { buckets[key]?.remove(entry) }
        }
        func candidates(_ signature: [UInt32]) -> [Int: Int] {
            var found: [Int: Int] = [:]
            for key in keys(signature) { for entry in buckets[key] ?? [] { found[entry, default: 0] += 1 } }
            return found
        }
    }

    /// A third of the time removes a random live entry from both; otherwise inserts entry
    /// `step` with `signature` into both.
    static func randomStep(_ step: Int, index: inout LSHIndex, model: inout Model, live: inout [Int: [UInt32]],
                           signature: [UInt32], using generator: inout SystemRandomNumberGenerator) {
        if !live.isEmpty && Int.random(in: 0..<3, using: &generator) == 0 {
            let (entry, old) = live.randomElement(using: &generator)!
            index.remove(entry, signature: old)
            model.remove(entry, old)
            live[entry] = nil
        } else {
            index.insert(step, signature: signature)
            model.insert(step, signature)
            live[step] = signature
        }
    }

    @Test func agreesWithAPlainModelThroughInsertsAndRemovals() {
        var generator = SystemRandomNumberGenerator()
        var index = LSHIndex(bands: 16, rows: 2)
        var model = Model(bands: 16, rows: 2)
        var live: [Int: [UInt32]] = [:]
        // Few distinct values, so buckets collide and chains grow.
        func signature() -> [UInt32] { (0..<32).map { _ in UInt32.random(in: 0..<6, using: &generator) } }
        for step in 0..<4000 {
            Self.randomStep(step, index: &index, model: &model, live: &live, signature: signature(), using: &generator)
            if step % 50 == 0 {
                let probe = Bool.random(using: &generator) ? signature() : (live.randomElement(using: &generator)?.value ?? signature())
                let answer = index.candidates(probe)
                #expect(Dictionary(uniqueKeysWithValues: answer.map { ($0.entry, $0.bands) }) == model.candidates(probe))
                #expect(answer.map(\.entry) == answer.map(\.entry).sorted())
                // The engine's query: the same entries, each once, and none outside the window.
                let distinct = index.distinctEntries(keys: index.keys(probe), within: 0..<(step + 1))
                #expect(distinct.sorted() == answer.map(\.entry))
                let recent = (step / 2)..<(step + 1)
                #expect(index.distinctEntries(keys: index.keys(probe), within: recent).sorted()
                        == answer.map(\.entry).filter { recent.contains($0) })
            }
        }
        for (entry, signature) in live {
            index.remove(entry, signature: signature)
        }
        #expect(index.bucketCount == 0)
        #expect(index.candidates(signature()).isEmpty)
    }

    /// Indexes are values: a copy changes on its own, whether its table is small or large
    /// enough to be mapped from the kernel in huge pages.
    @Test(arguments: [0, 300_000])
    func aCopiedIndexChangesOnItsOwn(expectedEntries: Int) {
        let a: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8], b: [UInt32] = [1, 2, 9, 10, 11, 12, 13, 14]
        var original = LSHIndex(bands: 4, rows: 2, expectedEntries: expectedEntries)
        original.insert(1, signature: a)
        var copy = original
        copy.insert(2, signature: b)
        copy.remove(1, signature: a)
        #expect(original.candidates(b).map(\.entry) == [1])
        #expect(copy.candidates(b).map(\.entry) == [2] && copy.candidates(b).map(\.bands) == [4])
        original.insert(3, signature: b)
        #expect(original.candidates(b).map(\.entry) == [1, 3])
        #expect(copy.candidates(a).map(\.entry) == [2] && copy.candidates(a).map(\.bands) == [1])
    }

    /// The engine's index starts small and grows: past 4 MiB its slots are mapped from the
    /// kernel. Every entry is still found after the growth, and a copy that then loses half
    /// its entries (backward-shift deletion in the copied block) leaves the original whole.
    ///
    /// The signatures are fixed pseudo-random values: with random ones, about one run in 500
    /// gave some entry two equal 32-bit band keys (4,500 × 2,016 band pairs in 2³² keys), found
    /// under 63 or 66 bands, and failed.
    @Test func aGrowingIndexKeepsEveryEntryAndItsCopiesApart() {
        var index = LSHIndex(bands: 64, rows: 2)
        let signatures = (0..<4500).map { entry in
            (0..<128).map { UInt32(truncatingIfNeeded: StableHash.mix(UInt64(entry << 7 | $0)) >> 32) }
        }
        #expect(signatures.allSatisfy { Set(LSHIndex.bandKeys($0, bands: 64, rows: 2)).count == 64 })
        for (entry, signature) in signatures.enumerated() { index.insert(entry, signature: signature) }
        // 288,000 keys need a million 8-byte slots: the table left calloc's sizes behind.
        #expect(index.bucketCount > 4500 * 64 - 100)
        var copy = index
        for entry in stride(from: 0, to: signatures.count, by: 2) { copy.remove(entry, signature: signatures[entry]) }
        var lost = 0, wrong = 0
        for (entry, signature) in signatures.enumerated() {
            if !index.candidates(signature).contains(where: { $0.entry == entry && $0.bands == 64 }) { lost += 1 }
            if copy.candidates(signature).contains(where: { $0.entry == entry }) != (entry % 2 == 1) { wrong += 1 }
        }
        #expect(lost == 0 && wrong == 0)
        #expect(copy.bucketCount < index.bucketCount - 4500 * 64 / 3)
    }

    /// The lead index (64-bit keys, 16-byte slots) is a value too.
    @Test func aCopiedLeadIndexChangesOnItsOwn() {
        var lead = LeadIndex(maxPosting: 64)
        lead.insert(1, lead: [10, 20, 30])
        var copy = lead
        copy.insert(2, lead: [20])
        copy.remove(1, lead: [10, 20, 30])
        #expect(lead.candidates([20]).map(\.entry) == [1])
        #expect(copy.candidates([20]).map(\.entry) == [2])
        #expect(copy.candidates([10, 30]).isEmpty && lead.candidates([10, 30]).map(\.shared) == [2])
    }

    /// A short text fills few MinHash bins and densification copies each into many others, so
    /// a band can hold one shingle's value in every row. Such bands would make two texts that
    /// share one common phrase candidates far above the designed J^rows, so they are skipped.
    @Test func bandsHoldingOneValueInEveryRowMakeNoCandidates() {
        var index = LSHIndex(bands: 4, rows: 2)
        let stored: [UInt32] = [7, 7, 1, 2, 3, 4, 5, 6]
        index.insert(1, signature: stored)
        // Shares only band 0, whose rows are one value: not a candidate.
        #expect(index.candidates([7, 7, 9, 9, 10, 11, 12, 13]).isEmpty)
        // Shares bands 1 and 3, which vary: a candidate on those two.
        let answer = index.candidates([8, 8, 1, 2, 9, 10, 5, 6])
        #expect(answer.map(\.entry) == [1] && answer.map(\.bands) == [2])
        // A signature of one value throughout (a text of one shingle) is left to the lead index.
        index.insert(2, signature: [5, 5, 5, 5, 5, 5, 5, 5])
        #expect(index.candidates([5, 5, 5, 5, 5, 5, 5, 5]).isEmpty)
        index.remove(1, signature: stored)
        index.remove(2, signature: [5, 5, 5, 5, 5, 5, 5, 5])
        #expect(index.bucketCount == 0)
    }

    /// A bucket proposes its newest `maxBucket` entries only, through a sliding window
    /// (entries added in order, removed oldest first, as the engine does, so removals drop
    /// older entries too): what it proposes is the newest `maxBucket` still present, as if
    /// nothing had been dropped.
    @Test func aFullBucketProposesOnlyItsNewestEntries() {
        var generator = SystemRandomNumberGenerator()
        let limit = 5
        var index = LSHIndex(bands: 4, rows: 2, maxBucket: limit)
        var model = Model(bands: 4, rows: 2)
        var live: [(entry: Int, signature: [UInt32])] = []
        // Three values per row: buckets of tens of entries.
        func signature() -> [UInt32] { (0..<8).map { _ in UInt32.random(in: 0..<3, using: &generator) } }
        var checked = 0, capped = 0
        for step in 0..<3000 {
            let s = signature()
            index.insert(step, signature: s)
            model.insert(step, s)
            live.append((step, s))
            // The window: between 100 and 400 entries, the oldest leaving first.
            while live.count > 100 && (live.count > 400 || Int.random(in: 0..<2, using: &generator) == 0) {
                let oldest = live.removeFirst()
                index.remove(oldest.entry, signature: oldest.signature)
                model.remove(oldest.entry, oldest.signature)
            }
            guard step % 25 == 0 else { continue }
            let probe = signature()
            var hits: [Int] = []
            index.appendEntries(keys: index.keys(probe), to: &hits)
            // Each key's newest `limit` live entries, counted once per key they are under.
            var expected: [Int] = []
            for key in model.keys(probe) {
                let bucket = model.buckets[key] ?? []
                if bucket.count > limit { capped += 1 }
                expected += bucket.sorted(by: >).prefix(limit)
            }
            #expect(hits.sorted() == expected.sorted())
            checked += 1
        }
        #expect(checked == 120)
        #expect(capped > 100, "the buckets never outgrew the limit: the test proves nothing")
        // Emptied oldest first, every bucket goes: nothing was left behind in a dropped tail.
        for (entry, signature) in live { index.remove(entry, signature: signature) }
        #expect(index.bucketCount == 0)
    }

    /// Evicting from a template's buckets drops what they would never propose: after a
    /// thousand texts under the same four band keys, removing the oldest leaves four buckets
    /// of `maxBucket` entries (and the next removals walk no further than those).
    @Test func evictingFromATemplatesBucketsKeepsOnlyWhatTheyPropose() {
        var index = LSHIndex(bands: 4, rows: 2, maxBucket: 6)
        let template: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8]
        for entry in 0..<1_000 { index.insert(entry, signature: template) }
        #expect(index.bucketCount == 4 && index.chainedEntries == 4 * 1_000)
        #expect(index.candidates(template).map(\.entry) == Array(994..<1_000))
        index.remove(0, signature: template)
        #expect(index.chainedEntries == 4 * 6)
        #expect(index.candidates(template).map(\.entry) == Array(994..<1_000))
        for entry in 1..<995 { index.remove(entry, signature: template) }
        #expect(index.candidates(template).map(\.entry) == Array(995..<1_000))
        #expect(index.chainedEntries == 4 * 5)
        for entry in 995..<1_000 { index.remove(entry, signature: template) }
        #expect(index.bucketCount == 0 && index.chainedEntries == 0)
    }

    /// The engine still pairs a one-shingle flash with its story: the lead index finds it.
    @Test func aOneShingleFlashStillFindsItsStoryThroughTheLeadIndex() {
        let parameters = DedupParameters()
        let flash = Sketch.build(headline: "", body: "OPEC cuts output", parameters: parameters)
        #expect(flash.shingles.count == 1 && Set(flash.signature).count == 1)
        let story = Sketch.build(headline: "", body: "OPEC cuts output by a million barrels a day, ministers said on Tuesday.", parameters: parameters)
        var lead = LeadIndex(maxPosting: parameters.maxPosting)
        lead.insert(1, lead: story.leadShingles)
        #expect(lead.candidates(flash.shingles).map(\.entry) == [1])
    }

    /// The engine merges both indexes' proposals in one pass: each entry of the window once,
    /// in the order first proposed, as the per-index answers' entries together would give.
    @Test func mergedProposalsAreEachEntryOnceInFirstProposedOrder() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let values = (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                Int.random(in: 0...(round % 3 == 0 ? 5 : 10_000), using: &generator)
            }
            let low = Int.random(in: 0...3, using: &generator)
            let range = low..<(low + Int.random(in: 0...(round % 3 == 0 ? 6 : 10_000), using: &generator))
            var seen = Set<Int>()
            let expected = values.filter { range.contains($0) && seen.insert($0).inserted }
            var kept = values
            kept.keepFirstOccurrences(in: range)
            #expect(kept == expected, "range \(range)")
        }
        var lsh = LSHIndex(bands: 4, rows: 2), lead = LeadIndex(maxPosting: 8)
        lsh.insert(3, signature: [1, 2, 3, 4, 5, 6, 7, 8])
        lsh.insert(1, signature: [1, 2, 9, 9, 5, 6, 0, 0])
        lead.insert(2, lead: [40, 50])
        lead.insert(3, lead: [50])
        var proposals: [Int] = []
        lsh.appendEntries(keys: lsh.keys([1, 2, 3, 4, 5, 6, 7, 8]), to: &proposals)
        lead.appendEntries([50, 60], to: &proposals)
        #expect(proposals.sorted() == [1, 1, 2, 3, 3, 3, 3, 3])
        proposals.keepFirstOccurrences(in: 0..<10)
        #expect(proposals.sorted() == [1, 2, 3])
    }

    /// Walking many chains side by side gives each bucket the entries walking it alone gives,
    /// newest first, no more than the limit; and a lead posting past its cap proposes nothing.
    @Test func chainsWalkedSideBySideGiveWhatEachWalkGives() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<100 {
            var table = BucketTable<UInt32>()
            let keys = (0..<Int.random(in: 1...40, using: &generator)).map { _ in UInt32.random(in: 1...60, using: &generator) }
            for entry in 0..<Int.random(in: 0...300, using: &generator) {
                let some = keys.shuffled(using: &generator).prefix(Int.random(in: 1...5, using: &generator))
                Array(Set(some)).withUnsafeBufferPointer { table.insert(entry, keys: $0) }
            }
            let probe = Array(Set(keys)) + [0, 999]  // and two absent keys
            let limit = [1, 3, 16, Int.max][round % 4]
            probe.withUnsafeBufferPointer { probe in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: probe.count) { buckets in
                    table.buckets(of: probe, into: buckets)
                    var together = Array(repeating: [Int](), count: probe.count)
                    table.forEachEntry(inEach: UnsafeBufferPointer(buckets), upTo: limit) { k, entry in together[k].append(entry) }
                    for k in 0..<probe.count {
                        var alone: [Int] = []
                        table.forEachEntry(in: buckets[k], upTo: limit) { alone.append($0) }
                        #expect(together[k] == alone, "key \(probe[k]), limit \(limit)")
                    }
                }
            }
        }
        var lead = LeadIndex(maxPosting: 3)
        for entry in 0..<4 { lead.insert(entry, lead: [7]) }
        for entry in 4..<7 { lead.insert(entry, lead: [8]) }
        #expect(lead.candidates([7, 8]).map(\.entry) == [4, 5, 6])
    }
}

/// The band keys a sketch carries are the ones its index would compute, and an index of
/// another shape computes its own.
@Suite("Sketch band keys")
struct SketchBandKeysTests {
    @Test func precomputedKeysMatchTheIndexOfTheSameShape() {
        let parameters = DedupParameters()
        let sketch = Sketch.build(headline: "Storm hits coast", body: "Winds of 120 km/h hit the coast on Monday, officials said.",
                                  parameters: parameters)
        let same = LSHIndex(bands: parameters.bands, rows: parameters.rows)
        #expect(!sketch.bandKeys.isEmpty && sketch.bandKeys.count <= parameters.bands)
        #expect(sketch.bandKeys == same.keys(sketch.signature))
        #expect(sketch.bandKeys(for: same) == sketch.bandKeys)

        let other = LSHIndex(bands: 32, rows: 4)
        #expect(sketch.bandKeys(for: other) == other.keys(sketch.signature))
        #expect(sketch.bandKeys(for: other) != sketch.bandKeys)
        // Same rows, fewer bands (an unvalidated 64-hash sketch): not the 64-band index's keys.
        var half = parameters
        half.bands = 32
        let halfSketch = Sketch.build(headline: "Storm hits coast", body: "Winds of 120 km/h hit the coast.", parameters: half)
        #expect(halfSketch.bandKeys(for: same) == same.keys(halfSketch.signature))

        // Filed by its precomputed keys, the sketch is found by its signature.
        var index = LSHIndex(bands: parameters.bands, rows: parameters.rows)
        index.insert(7, keys: sketch.bandKeys(for: index))
        #expect(index.candidates(sketch.signature).map(\.entry) == [7])
        index.remove(7, signature: sketch.signature)
        #expect(index.candidates(keys: sketch.bandKeys).isEmpty)
    }

    @Test func aShortSignatureHasNoKeys() {
        #expect(LSHIndex.bandKeys([1, 2, 3], bands: 2, rows: 2).isEmpty)
        #expect(LSHIndex.bandKeys([1, 2, 3, 3], bands: 2, rows: 2).count == 1)  // the second band holds one value
    }
}

/// ``LeadIndex``: shared lead shingles are counted once per entry, and boilerplate postings
/// (longer than `maxPosting`) are ignored.
@Suite("Lead index")
struct LeadIndexTests {
    @Test func countsSharedLeadShinglesAndIgnoresBoilerplate() {
        var index = LeadIndex(maxPosting: 3)
        index.insert(1, lead: [10, 20, 30])
        index.insert(2, lead: [20, 40])
        for entry in 3...6 { index.insert(entry, lead: [99]) }  // 99 is boilerplate: 4 > 3 postings
        #expect(index.candidates([20, 30, 99]).map(\.entry) == [1, 2])
        #expect(index.candidates([20, 30, 99]).map(\.shared) == [2, 1])
        index.remove(6, lead: [99])  // back to 3 postings: no longer boilerplate
        #expect(index.candidates([99]).map(\.entry) == [3, 4, 5])
        index.remove(1, lead: [10, 20, 30])
        #expect(index.candidates([10, 20, 30]).map(\.entry) == [2])
    }

    /// Against a plain dictionary model through thousands of inserts and removals (a sliding
    /// window, many keys shared, some boilerplate): every lookup gives the model's answer, also
    /// after the presence map in front of the table has been rebuilt several times.
    /// Async, yielding as it goes (a long synchronous test would hold a cooperative thread).
    @Test func lookupsMatchAPlainModelThroughASlidingWindow() async {
        var generator = SystemRandomNumberGenerator()
        let pool = (0..<4_000).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
        let maxPosting = 8
        var index = LeadIndex(maxPosting: maxPosting)
        var model: [UInt64: Set<Int>] = [:]
        var leads: [Int: [UInt64]] = [:]
        func expected(_ shingles: [UInt64]) -> [Int: Int] {
            var shared: [Int: Int] = [:]
            for key in shingles {
                guard let posting = model[key], posting.count <= maxPosting else { continue }
                for entry in posting { shared[entry, default: 0] += 1 }
            }
            return shared
        }
        var mismatches = 0
        for entry in 0..<4_000 {
            if entry % 200 == 0 { await Task.yield() }
            let lead = Array(Set((0..<12).map { _ in pool[Int.random(in: 0..<pool.count, using: &generator)] })).sorted()
            index.insert(entry, lead: lead)
            leads[entry] = lead
            for key in lead { model[key, default: []].insert(entry) }
            if entry >= 300, let old = leads.removeValue(forKey: entry - 300) {
                index.remove(entry - 300, lead: old)
                for key in old {
                    model[key]?.remove(entry - 300)
                    if model[key]?.isEmpty == true { model[key] = nil }
                }
            }
            // A text's shingles: some from the pool (shared with leads), most never seen.
            let shingles = (0..<40).map { i in
                i % 4 == 0 ? pool[Int.random(in: 0..<pool.count, using: &generator)] : UInt64.random(in: .min ... .max, using: &generator)
            }
            let found = Dictionary(uniqueKeysWithValues: index.candidates(shingles).map { ($0.entry, $0.shared) })
            if found != expected(shingles) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func aSketchsLeadKeysAreItsFirstShinglesOnceEachAscending() {
        // "the company said" repeats: the lead keeps its shingles once each.
        let text = "The company said on Monday the company said it would cut jobs, the company said."
        let parameters = DedupParameters()
        let sketch = Sketch.build(headline: "Jobs cut", body: text, parameters: parameters)
        let ordered = Shingler.shingles(sketch.tokens.map(\.hash), size: parameters.shingleSize)
        #expect(sketch.leadShingles == Array(Set(ordered.prefix(parameters.leadShingles))).sorted())
        #expect(sketch.leadShingles.count < min(ordered.count, parameters.leadShingles))
    }
}
