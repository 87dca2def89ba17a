import Foundation

/// The production dedup engine: exact matches, then MinHash/LSH and lead-index candidates,
/// each verified on exact shingle sets and word-level differences.
///
/// Memory is bounded by the window: entries older than the newest document time in it minus
/// ``DedupParameters/window`` are evicted, so a year of archive does not grow RAM, and past
/// ``DedupParameters/maxWindowVersions`` the oldest arrivals leave early. Each
/// decision looks only at index buckets, never at every stored story. No chaining: a version
/// must also pass the verifier's name-and-figure test against its story's first version, so a
/// series of look-alikes cannot join one story through pairwise steps.
public struct NearDuplicateEngine: DedupEngine {
    public let parameters: DedupParameters
    let verifier: Verifier

    /// A remembered version. A class, so looking one up costs one retain, not one per array
    /// inside its sketch (the candidate loop looks up dozens per decision).
    final class Entry: Sendable {
        let ref: VersionRef
        let time: Date
        let contentHash: String
        let sketch: Sketch
        /// ``NearDuplicateEngine/textKey(_:)`` of `contentHash`.
        let textKey: UInt64
        /// The serial of the next older version with the same text key, or -1.
        let sameTextBefore: Int

        init(ref: VersionRef, time: Date, contentHash: String, sketch: Sketch, textKey: UInt64, sameTextBefore: Int) {
            self.ref = ref
            self.time = time
            self.contentHash = contentHash
            self.sketch = sketch
            self.textKey = textKey
            self.sameTextBefore = sameTextBefore
        }
    }

    /// The window in serial order: `window[i]` is serial `windowBase + i`, nil once evicted.
    /// Serials are handed out in order and evicted in order, so an array indexed by serial
    /// replaces a dictionary (the candidate loop looks up dozens of serials per decision).
    private var window: [Entry?] = []
    private var windowBase = 0
    /// The first slot not yet evicted; every slot before it is nil.
    private var windowStart = 0
    private var liveCount = 0
    /// Versions evicted before their time because the window was full
    /// (``DedupParameters/maxWindowVersions``).
    public private(set) var evictedEarly = 0
    /// The newest serial of each text key; older versions with the key chain back through
    /// ``Entry/sameTextBefore``. An integer key and no list per text: a look-up and an update
    /// per decision that hash eight bytes, not a 64-character hex digest.
    private var byText: [UInt64: Int] = [:]
    private var lsh: LSHIndex
    private var lead: LeadIndex
    /// Each story's first version, for the no-chaining test.
    private var roots: [Int64: Entry] = [:]
    /// Each story's first version that is not a flash, where its first version is one: the
    /// no-chaining test holds versions to it too (against a flash, a story's other figures are
    /// excused, so a flash alone would let a series of one-figure steps chain).
    private var bodyRoots: [Int64: Entry] = [:]
    /// Versions of each story in the window; a root is dropped with its story's last version.
    private var storyCounts: [Int64: Int] = [:]
    /// Each story's newest version in the window by document time (the later arrival of two
    /// with one time): what the story says now, against which a repeat of older text is a
    /// return to it. Dropped with the story's last version.
    private var latest: [Int64: Entry] = [:]
    /// Serials whose times fall from the front to the back: each live entry newer than every
    /// entry after it, the front the newest of the window (a sliding maximum: entries join at
    /// the back and leave in serial order). The window is measured back from the front's time.
    private var newestSerials: [Int] = []
    private var newestStart = 0

    public init(parameters: DedupParameters = DedupParameters()) {
        self.parameters = parameters
        self.verifier = Verifier(parameters: parameters)
        self.lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows, maxBucket: parameters.maxBucket)
        self.lead = LeadIndex(maxPosting: parameters.maxPosting)
    }

    /// False: identical text is found in the window (see ``decide(_:exactMatch:)``).
    public var usesExactMatch: Bool { false }

    /// How many versions the in-memory window holds.
    public var windowCount: Int { liveCount }

    /// The remembered version with serial number `serial`, if still in the window.
    @inline(__always)
    private func entry(_ serial: Int) -> Entry? {
        let index = serial &- windowBase
        return index >= 0 && index < window.count ? window[index] : nil
    }

    /// Decides `document`; `exactMatch` (the store's unbounded lookup) is not needed: identical
    /// text outside the window is a recurring item (a weekly flash), not a re-send.
    /// (So ``usesExactMatch`` is false, and the ingest loop does not look it up.)
    public mutating func decide(_ document: PreparedDocument, exactMatch: VersionRef?) -> Decision {
        let time = document.document.time
        // Newest first; the chain ends at the first evicted serial (eviction takes a prefix).
        var serial = byText[Self.textKey(document.contentHash)] ?? -1
        while let match = entry(serial) {
            let apart = abs(time.timeIntervalSince(match.time))
            if match.contentHash == document.contentHash && apart <= parameters.window {
                // The text of an older version, dated by its document after the version that
                // replaced it: the story goes back to it (a correction withdrawn), a version of
                // its own. A file dated by its arrival may be a second feed's late copy of the
                // older text, and so may a copy under another format identity than the story's
                // (an identity of its own reaches here only when no stored story carries it):
                // each is the duplicate it looks like.
                let doc = document.document
                if doc.timeFromDocument, doc.identity == nil, doc.relatedIdentities.isEmpty,
                   let now = latest[match.ref.story], now.contentHash != document.contentHash,
                   time.timeIntervalSince(now.time) > Verifier.clockSkew {
                    let (similarity, containment) = Verifier.overlap(
                        shared: Shingler.intersectionCount(document.sketch.shingles, now.sketch.shingles),
                        document.sketch.shingles.count, now.sketch.shingles.count)
                    return .newVersion(.init(matched: now.ref, similarity: similarity, containment: containment,
                                             reason: "returns to the text of version \(match.ref.number) of story \(match.ref.story), "
                                                 + "after version \(now.ref.number) changed it (\(Verifier.hours(time.timeIntervalSince(now.time))) later)"))
                }
                return .duplicate(.init(matched: match.ref, similarity: 1, containment: 1,
                                        reason: "normalized text identical to version \(match.ref.number) of story \(match.ref.story) (\(Verifier.hours(apart)) apart)"))
            }
            serial = match.sameTextBefore
        }
        // The new text's profile, worked out once for all its candidates (most items have none).
        var profile: TextProfile?
        for (serial, _, shared) in candidates(for: document.sketch, deciding: time) {
            guard let candidate = entry(serial) else { continue }
            if profile == nil { profile = TextProfile(document.sketch.tokens) }
            let verdict = verifier.verify(new: document.sketch, newTime: time, old: candidate.sketch,
                                          oldTime: candidate.time, oldLabel: label(candidate.ref), shared: shared,
                                          explainingRejection: false, newProfile: profile)
            guard verdict.sameStory else { continue }
            if let root = roots[candidate.ref.story], root.ref != candidate.ref,
               chains(document, at: time, from: root, profile: profile) { continue }
            if let body = bodyRoots[candidate.ref.story], body.ref != candidate.ref,
               chains(document, at: time, from: body, profile: profile) { continue }
            return .newVersion(.init(matched: candidate.ref, similarity: verdict.similarity,
                                     containment: verdict.containment, reason: verdict.reason))
        }
        return .newStory
    }

    /// Whether `document` would join `root`'s story only by chaining: it differs from the
    /// story's `root` (its first version, or its first that is not a flash) as a look-alike does.
    /// Against a flash root, the flash's leniency holds however long after it this version
    /// comes (the story's versions have linked them in time).
    private func chains(_ document: PreparedDocument, at time: Date, from root: Entry, profile: TextProfile?) -> Bool {
        let diff = DifferenceAnalysis.analyze(old: root.sketch.tokens, new: document.sketch.tokens,
                                              maxSubstitution: parameters.maxSubstitution, newProfile: profile)
        let flash = verifier.flashSide(new: document.sketch, old: root.sketch, secondsApart: 0,
                                       newFigures: profile?.figures, newIsLater: time > root.time)
        return verifier.objects(diff, new: document.sketch, old: root.sketch,
                                newIsLater: Verifier.isLater(time, than: root.time), flash: flash,
                                secondsApart: abs(time.timeIntervalSince(root.time)))
    }

    /// The verifier's full finding for `document` against every candidate the indexes return,
    /// best first: what `syncctl explain` shows.
    ///
    /// The best-scored candidates, near misses included, then any others deciding would try
    /// (``candidates(for:deciding:)``), so the version a decision matched is always listed.
    public func explain(_ document: PreparedDocument) -> [(VersionRef, Verdict)] {
        let nearest = candidates(for: document.sketch)
        let tried = candidates(for: document.sketch, deciding: document.document.time)
        let more = tried.filter { tried in !nearest.contains { $0.serial == tried.serial } }
        return (nearest + more).compactMap { serial, _, shared in
            guard let candidate = entry(serial) else { return nil }
            return (candidate.ref, verifier.verify(new: document.sketch, newTime: document.document.time,
                                                   old: candidate.sketch, oldTime: candidate.time, oldLabel: label(candidate.ref),
                                                   shared: shared))
        }
    }

    func label(_ ref: VersionRef) -> String { "story \(ref.story) version \(ref.number)" }

    /// Candidate entries from LSH and the lead index, most promising first.
    ///
    /// Deciding an item dated `deciding`, the candidates the verifier is sure to reject are left
    /// out, so they take none of the ``DedupParameters/maxCandidates`` places: those outside the
    /// time window, and those under the minimum containment that are not shaped as a flash
    /// before its story. The best few flash-shaped ones are tried after the rest even when
    /// better-scored look-alikes (a template's other items) fill every place. Without
    /// `deciding` (``explain(_:)``), every candidate above the floor competes, near misses too.
    func candidates(for sketch: Sketch, deciding time: Date? = nil) -> [(serial: Int, score: Double, shared: Int)] {
        guard !sketch.shingles.isEmpty else { return [] }
        // Everything either index proposes, once.
        var proposals: [Int] = []
        proposals.reserveCapacity(256)
        lsh.appendEntries(keys: sketch.bandKeys(for: lsh), to: &proposals)
        lead.appendEntries(sketch.shingles, to: &proposals)
        // Each once; a serial outside the window (none should be) is dropped.
        proposals.keepFirstOccurrences(in: (windowBase + windowStart)..<(windowBase + window.count))
        // Score by exact containment: cheap on sorted arrays, and what the verifier tests first.
        let flashFloor = min(parameters.flashContainment, parameters.flashFiguresContainment)
        let floor = min(parameters.minContainment, flashFloor)
        var ranking = CandidateRanking(limit: parameters.maxCandidates)
        var flashes = CandidateRanking(limit: time == nil ? 0 : Self.flashPlaces)
        // Most candidates share far too little: a bitmap bound rejects them before any merge.
        let filter = ShingleFilter(sketch.shingles)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: proposals.count) { sizes in
            // Every proposal's shingle count first (-1 when it left the window): each is an
            // entry object, then its array's first cache line, and these loads do not depend
            // on each other, so their cache misses overlap instead of queueing one per
            // proposal as the filter below would make them.
            for (i, serial) in proposals.enumerated() { sizes[i] = entry(serial)?.sketch.shingles.count ?? -1 }
            for (i, serial) in proposals.enumerated() where sizes[i] >= 0 {
                guard let entry = entry(serial) else { continue }
                // Deciding, a candidate outside the window is out, and one not shaped as a
                // flash pair (``Verifier/flashSide(new:old:secondsApart:newFigures:newIsLater:)``
                // but its figures) needs the minimum containment; explaining, every candidate
                // above the lowest floor of any rule competes.
                var lowest = floor, flash = false
                if let time {
                    let apart = abs(time.timeIntervalSince(entry.time))
                    guard apart <= parameters.window else { continue }
                    flash = apart <= parameters.flashSeconds
                        && verifier.flashShape(new: sketch.shingles.count, old: sizes[i], newIsLater: time > entry.time) != nil
                    lowest = flash ? flashFloor : parameters.minContainment
                }
                let smaller = min(sketch.shingles.count, sizes[i])
                // The fewest shared shingles that reach that containment.
                let needed = max(1, Int((lowest * Double(smaller) - 1e-9).rounded(.up)))
                guard filter.mayShare(needed, with: entry.sketch.shingles),
                      let shared = Shingler.intersectionCount(sketch.shingles, entry.sketch.shingles, atLeast: needed) else { continue }
                let containment = smaller == 0 ? 0 : Double(shared) / Double(smaller)
                guard containment >= lowest else { continue }
                let union = sketch.shingles.count + sizes[i] - shared
                let candidate = (serial, containment + Double(shared) / Double(max(union, 1)), shared)
                if flash { flashes.offer(candidate) }
                ranking.offer(candidate)
            }
        }
        guard !flashes.best.isEmpty else { return ranking.best }
        // Flash-shaped candidates that ranked out of the places, after the rest.
        return ranking.best + flashes.best.filter { flash in !ranking.best.contains { $0.serial == flash.serial } }
    }

    /// Flash-shaped candidates tried beyond ``DedupParameters/maxCandidates``.
    static let flashPlaces = 2

    public mutating func remember(_ document: PreparedDocument, as version: VersionRef) {
        remember(sketch: document.sketch, contentHash: document.contentHash, time: document.document.time, as: version)
    }

    /// Adds a stored version to the window (also used to restore the window at start).
    public mutating func remember(sketch: Sketch, contentHash: String, time: Date, as version: VersionRef) {
        let serial = windowBase + window.count
        let key = Self.textKey(contentHash)
        let entry = Entry(ref: version, time: time, contentHash: contentHash, sketch: sketch,
                          textKey: key, sameTextBefore: byText[key] ?? -1)
        window.append(entry)
        liveCount += 1
        byText[key] = serial
        lsh.insert(serial, keys: sketch.bandKeys(for: lsh))
        lead.insert(serial, lead: sketch.leadShingles)
        if roots[version.story] == nil || version.number == 1 { roots[version.story] = entry }
        if bodyRoots[version.story] == nil, sketch.shingles.count > parameters.flashWords,
           let root = roots[version.story], root !== entry, root.sketch.shingles.count <= parameters.flashWords {
            bodyRoots[version.story] = entry
        }
        storyCounts[version.story, default: 0] += 1
        if let now = latest[version.story], now.time > time {} else { latest[version.story] = entry }
        while newestSerials.count > newestStart, let last = self.entry(newestSerials[newestSerials.count - 1]), last.time <= time {
            newestSerials.removeLast()
        }
        newestSerials.append(serial)
        evict()
    }

    /// Records a story's first version for the no-chaining test when it is older than the
    /// window (restoring at start); it is not a candidate.
    public mutating func rememberRoot(sketch: Sketch, contentHash: String, time: Date, as version: VersionRef) {
        roots[version.story] = Entry(ref: version, time: time, contentHash: contentHash, sketch: sketch,
                                     textKey: Self.textKey(contentHash), sameTextBefore: -1)
    }

    /// The key that finds versions with the same normalized text: the first 16 hex digits
    /// of the digest, else a stable hash of it. A collision only costs a comparison, as each
    /// match's digest is checked.
    static func textKey(_ contentHash: String) -> UInt64 {
        var key: UInt64 = 0
        var digits = 0
        for byte in contentHash.utf8.prefix(16) {
            switch byte {
            case 0x30...0x39: key = key << 4 | UInt64(byte - 0x30)
            case 0x61...0x66: key = key << 4 | UInt64(byte - 0x57)
            default: return StableHash.string(contentHash)
            }
            digits += 1
        }
        return digits == 16 ? key : StableHash.string(contentHash)
    }

    /// Drops entries older than the window, measured back from the newest document time in
    /// it, and the oldest arrivals while the window holds more than its limit.
    ///
    /// Always a prefix in arrival order (the indexes' removals rely on it), so an entry dated
    /// late holds back the ones after it until the limit takes it; the window is then measured
    /// from the newest entry left, so the entries after it are kept as their own times say.
    private mutating func evict() {
        while windowStart < window.count {
            let serial = windowBase + windowStart
            guard let entry = window[windowStart] else { windowStart += 1; continue }
            // The front is live: the newest entry is never older than the window.
            let newest = self.entry(newestSerials[newestStart])!.time
            if entry.time >= newest.addingTimeInterval(-parameters.window) {
                guard liveCount > parameters.maxWindowVersions else { break }
                evictedEarly += 1
            }
            if newestSerials[newestStart] == serial { newestStart += 1 }
            window[windowStart] = nil
            liveCount -= 1
            lsh.remove(serial, keys: entry.sketch.bandKeys(for: lsh))
            lead.remove(serial, lead: entry.sketch.leadShingles)
            // The newest version with this text leaving means every one with it has left.
            if byText[entry.textKey] == serial { byText[entry.textKey] = nil }
            let left = (storyCounts[entry.ref.story] ?? 1) - 1
            storyCounts[entry.ref.story] = left > 0 ? left : nil
            if left <= 0 {
                roots[entry.ref.story] = nil
                latest[entry.ref.story] = nil
                bodyRoots[entry.ref.story] = nil
            }
            windowStart += 1
        }
        if windowStart > 4096 && windowStart * 2 > window.count {
            window.removeFirst(windowStart)
            windowBase += windowStart
            windowStart = 0
        }
        if newestStart > 4096 && newestStart * 2 > newestSerials.count {
            newestSerials.removeFirst(newestStart)
            newestStart = 0
        }
    }
}
