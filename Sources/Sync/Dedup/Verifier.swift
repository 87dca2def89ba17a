import Foundation

/// Decides whether two items are versions of one story, from evidence rather than one score.
///
/// In order: the items must be within the time window; the smaller text's shingles must be
/// mostly (``DedupParameters/minContainment``) inside the larger's; and the words that differ
/// must not be a swapped name or a changed figure inside otherwise identical text (what
/// template look-alikes, recurring reports and timed tables do), unless the later item says
/// it corrects, or the text is long enough that one fixed figure or name is a correction.
/// Then headlines that share no word make two stories where the text cannot vouch for one:
/// a roundup quoting an item, or a short notice (``headlineObjection(new:old:containment:flash:)``).
/// Last, two leads that open on different names, each absent from the other item, are two
/// companies' or banks' look-alike notices (``subjectObjection(new:old:)``), unless one is the
/// other's flash, the later says it corrects, or both are long enough for one fixed name to
/// be a correction.
public struct Verifier: Sendable {
    public var parameters: DedupParameters

    public init(parameters: DedupParameters = DedupParameters()) { self.parameters = parameters }

    /// Compares a new item with a stored one; `oldLabel` names the stored one in reasons.
    /// `shared`, when the caller already counted it, is the size of the two shingle sets'
    /// intersection (it is not counted again).
    ///
    /// With `explainingRejection` false, a verdict that is not one story has an empty reason
    /// (the engine tries a dozen candidates per item and keeps only an accepted one's reason;
    /// on a templated feed the rejections' texts cost more than the tests). `newProfile`, when
    /// given, is `new`'s ``TextProfile``, worked out once for all its candidates.
    public func verify(new: Sketch, newTime: Date, old: Sketch, oldTime: Date, oldLabel: @autoclosure () -> String,
                       shared known: Int? = nil, explainingRejection: Bool = true, newProfile: TextProfile? = nil) -> Verdict {
        let apart = abs(newTime.timeIntervalSince(oldTime))
        let shared = known ?? Shingler.intersectionCount(new.shingles, old.shingles)
        let (jaccard, containment) = Self.overlap(shared: shared, new.shingles.count, old.shingles.count)
        var verdict = Verdict(similarity: jaccard, containment: containment, secondsApart: apart,
                              differences: nil, sameStory: false, reason: "")
        if apart > parameters.window {
            if explainingRejection {
                verdict.reason = "\(Self.hours(apart)) apart from \(oldLabel()), outside the \(Self.hours(parameters.window)) window"
            }
            return verdict
        }
        let flashSide = flashSide(new: new, old: old, secondsApart: apart, newFigures: newProfile?.figures, newIsLater: newTime > oldTime)
        let floor = flashSide.map { side in
            Self.identifyingFigures(side == .old ? old.tokens : new.tokens) >= 2 ? parameters.flashFiguresContainment : parameters.flashContainment
        } ?? parameters.minContainment
        if containment < floor {
            if explainingRejection {
                verdict.reason = "shares only \(Self.percent(containment)) of the shorter text with \(oldLabel())"
            }
            return verdict
        }
        if !parameters.analyzeDifferences {
            verdict.sameStory = true
            verdict.reason = "matches \(oldLabel()) (similarity \(Self.percent(jaccard)), containment \(Self.percent(containment)))"
            return verdict
        }
        let diff = DifferenceAnalysis.analyze(old: old.tokens, new: new.tokens, maxSubstitution: parameters.maxSubstitution,
                                              newProfile: newProfile)
        verdict.differences = diff
        let newIsLater = Self.isLater(newTime, than: oldTime)
        if objects(diff, new: new, old: old, newIsLater: newIsLater, flash: flashSide, secondsApart: apart) {
            if explainingRejection { verdict.reason = "look-alike of \(oldLabel()): \(Self.objection(diff))" }
            return verdict
        }
        if let objection = headlineObjection(new: new, old: old, containment: containment, flash: flashSide) {
            if explainingRejection { verdict.reason = Self.describe(objection, label: oldLabel()) }
            return verdict
        }
        // Whom each item is about, unless one is the other's flash or the later says it corrects.
        if flashSide == nil, !Self.saysCorrected(newIsLater ? new.tokens : old.tokens) {
            if min(new.bodyWordCount, old.bodyWordCount) < parameters.correctionMinimumWords,
               let names = subjectObjection(new: new, old: old) {
                if explainingRejection { verdict.reason = "look-alike of \(oldLabel()): its lead names someone else (\(names))" }
                return verdict
            }
            if let names = headlineSubjectObjection(new: new, old: old) {
                if explainingRejection { verdict.reason = "look-alike of \(oldLabel()): a short notice headed for someone else (\(names))" }
                return verdict
            }
        }
        verdict.sameStory = true
        verdict.reason = describe(diff, new: new, old: old, jaccard: jaccard, containment: containment, label: oldLabel(),
                                  flash: flashSide)
        return verdict
    }

    /// The Jaccard similarity and the containment (the share of the smaller set inside the
    /// larger) of two shingle sets of `a` and `b` members that share `shared`.
    static func overlap(shared: Int, _ a: Int, _ b: Int) -> (jaccard: Double, containment: Double) {
        let union = a + b - shared, smaller = min(a, b)
        return (union == 0 ? 1 : Double(shared) / Double(union), smaller == 0 ? 0 : Double(shared) / Double(smaller))
    }

    /// Which item of a flash pair is the flash, or nil when the two are not one: one item is a
    /// flash (a few words, usually its headline alone) and the other its longer story
    /// (``flashShape(new:old:newIsLater:)``), they are close in time, and every figure of the
    /// flash is in the story. `newFigures`, when given, are `new`'s figures.
    func flashSide(new: Sketch, old: Sketch, secondsApart: Double, newFigures: [Double]? = nil, newIsLater: Bool = true) -> FlashSide? {
        guard secondsApart <= parameters.flashSeconds,
              let side = flashShape(new: new.shingles.count, old: old.shingles.count, newIsLater: newIsLater) else { return nil }
        let newValues = newFigures ?? NumberValue.values(new.tokens, 0..<new.tokens.count)
        let oldValues = NumberValue.values(old.tokens, 0..<old.tokens.count)
        let (flash, story) = side == .old ? (oldValues, newValues) : (newValues, oldValues)
        return flash.allSatisfy { v in story.contains { NumberValue.same($0, v) } } ? side : nil
    }

    /// The number of distinct figures in `tokens` written with four significant digits or
    /// more (`88.67`, `144.04`, `25,779`; not `350,000`, a year such as `1987`, or a season or
    /// fraction such as `1986/87`): figures another item carries only by chance.
    static func identifyingFigures(_ tokens: TokenList) -> Int {
        var seen: [Double] = []
        for i in tokens.indices where tokens[i].isNumeric {
            let digits = tokens.withBytes(at: i) { bytes -> Int in
                // Digits with thousands commas and a decimal point only; from the first
                // nonzero digit to the last.
                guard bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E }),
                      let first = bytes.firstIndex(where: { $0 >= 0x31 && $0 <= 0x39 }),
                      let last = bytes.lastIndex(where: { $0 >= 0x31 && $0 <= 0x39 }) else { return 0 }
                return bytes[first...last].count { $0 >= 0x30 && $0 <= 0x39 }
            }
            guard digits >= 4, let value = NumberValue.value(ofWordAt: i, in: tokens),
                  !(value == value.rounded() && (1900...2100).contains(value)), !seen.contains(value) else { continue }
            seen.append(value)
        }
        return seen.count
    }

    /// Which item is shaped as the flash of the other, by their sizes in distinct shingles:
    /// at most ``DedupParameters/flashWords``, the other more than twice as large. The flash is
    /// the stored item; or the new one, when it is not dated after the stored story
    /// (`newIsLater` false: a backfill that brings a story before its flash).
    func flashShape(new: Int, old: Int, newIsLater: Bool) -> FlashSide? {
        if old <= parameters.flashWords && new > 2 * old { return .old }
        if !newIsLater && new <= parameters.flashWords && old > 2 * new { return .new }
        return nil
    }

    /// The flash of a flash pair: the stored item, or the new one.
    enum FlashSide { case old, new }

    /// Whether a new item dated `new` counts as later than a stored one dated `old` for the
    /// correction excuse: unless it is dated more than ``clockSkew`` before it (two feeds'
    /// clocks may disagree by seconds; a correction follows its item by minutes, and a
    /// backfill can bring it first).
    static func isLater(_ new: Date, than old: Date) -> Bool { new.timeIntervalSince(old) >= -clockSkew }

    /// Two reports of one market less than this apart (seconds) are not two sessions' snapshots:
    /// sessions are hours apart, and a label changed within minutes corrects the first.
    static let relabelSeconds: TimeInterval = 600

    /// How far apart two feeds' clocks may be (seconds).
    static let clockSkew: TimeInterval = 60

    /// True when the differences make a different story (``objection(_:)`` says why).
    ///
    /// A correction corrects what came before it, so it is the later item by document time
    /// (`newIsLater`, else the stored one: a backfill can bring them in either order) that
    /// may say it corrects. Between a flash and its story (`flash` names the flash; every
    /// figure of the flash is in the story), a change whose flash side holds a figure is not a
    /// change: aligned against the flash's few words, a results table's second line reads as
    /// the flash's figure changed ("vs 88 cts" → "vs 86 cts"). A flash's word facing a figure
    /// still is.
    ///
    /// A market report's session label changed (`OPENING` → `CLOSING`, `1230` → `CLOSING`) is
    /// another snapshot, unless the two items are less than ``relabelSeconds`` apart
    /// (`secondsApart`): then the first was mislabelled and the label is a corrected word.
    func objects(_ diff: DifferenceAnalysis, new: Sketch, old: Sketch, newIsLater: Bool = true, flash: FlashSide? = nil,
                 secondsApart: Double = .infinity) -> Bool {
        let (excused, excusedTimes) = switch flash {
        case .old: (diff.figureChangesWithOldFigures, diff.timeChangesWithOldFigures)
        case .new: (diff.figureChangesWithNewFigures, diff.timeChangesWithNewFigures)
        case nil: (0, 0)
        }
        let substitutions = diff.figureChanges.count - excused + diff.nameChanges.count
        guard substitutions > 0 else { return false }
        let timeChanges = diff.timeChanges - excusedTimes - (secondsApart < Self.relabelSeconds ? diff.sessionChanges : 0)
        if Self.saysCorrected(newIsLater ? new.tokens : old.tokens) && substitutions <= 3 && timeChanges == 0 { return false }
        // One fixed figure or name in a long text, or one changed figure among many unchanged
        // ones (a results table re-sent with a corrected line), is a correction.
        let words = min(new.bodyWordCount, old.bodyWordCount)
        if substitutions == 1 && timeChanges == 0
            && (words >= parameters.correctionMinimumWords || diff.sharedFigures >= parameters.correctionMinimumSharedFigures) {
            return false
        }
        return true
    }

    /// Why the differences make a different story, for a pair ``objects(_:new:old:)`` objects to.
    static func objection(_ diff: DifferenceAnalysis) -> String {
        var parts: [String] = []
        if !diff.nameChanges.isEmpty {
            parts.append("another name (\(Self.listed(diff.nameChanges.map(\.description))))")
        }
        if !diff.figureChanges.isEmpty {
            parts.append("other figures (\(Self.listed(diff.figureChanges.map(\.description))))")
        }
        return parts.joined(separator: " and ") + " in otherwise matching text"
    }

    /// True when the item calls itself a correction ("CORRECTED", "corrects", "correction").
    static func saysCorrected(_ tokens: TokenList) -> Bool {
        tokens.indices.contains { tokens.word(at: $0, hasPrefix: "correct") }
    }

    func describe(_ diff: DifferenceAnalysis, new: Sketch, old: Sketch, jaccard: Double, containment: Double, label: String,
                  flash: FlashSide? = nil) -> String {
        let base = "matches \(label) (similarity \(Self.percent(jaccard)), containment \(Self.percent(containment)))"
        let changes = diff.figureChanges.count + diff.nameChanges.count
        if changes > 0 && diff.addedWords + diff.removedWords <= changes * parameters.maxSubstitution * 2 {
            let fixes = Self.listed((diff.figureChanges + diff.nameChanges).map(\.description))
            return "correction: \(fixes); \(base)"
        }
        if old.tokens.count < 25 && new.tokens.count > 2 * old.tokens.count {
            return "full story after a flash: \(base)"
        }
        if flash == .new { return "flash of a story stored first: \(base)" }
        if diff.addedWords > 0 && diff.removedWords == 0 { return "write-through adding \(diff.addedWords) words: \(base)" }
        if diff.removedWords > 0 && diff.addedWords == 0 { return "trim removing \(diff.removedWords) words: \(base)" }
        if diff.addedWords == 0 && diff.removedWords == 0 { return "same words, other layout or dateline: \(base)" }
        return "new version (+\(diff.addedWords) −\(diff.removedWords) words): \(base)"
    }

    /// The first three distinct changes, for a reason: a figure changed in the headline and
    /// again in the body is named once.
    static func listed(_ changes: [String]) -> String {
        var seen = Set<String>()
        return changes.filter { seen.insert($0).inserted }.prefix(3).joined(separator: "; ")
    }

    /// Why headlines that share no word make two stories, for a rejection's reason.
    static func describe(_ objection: HeadlineObjection, label: String) -> String {
        switch objection {
        case .roundup(newIsRoundup: true): "a roundup quoting \(label) under another headline"
        case .roundup(newIsRoundup: false): "an item quoted in \(label), a roundup under another headline"
        case .notice: "look-alike of \(label): a short notice under another headline"
        }
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    static func hours(_ seconds: Double) -> String {
        seconds < 3600 ? "\(Int(seconds / 60)) min" : String(format: "%.1f h", seconds / 3600)
    }
}
