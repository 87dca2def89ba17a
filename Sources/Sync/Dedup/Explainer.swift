import Foundation

/// Compares two items the way the engine would and explains the result for an editor.
///
/// Pure: both items come prepared (`PreparedDocument`), the answer is a wire value. `timed` is
/// false when one item is an uploaded text without a time of its own; the window is then not
/// applied.
public struct Explainer: Sendable {
    public var parameters: DedupParameters

    public init(parameters: DedupParameters = DedupParameters()) { self.parameters = parameters }

    /// How `b` compares with `a`, and what the engine would decide for `b` given `a`.
    public func explain(_ a: PreparedDocument, _ b: PreparedDocument, timed: Bool = true) -> Explanation {
        let bTime = timed ? b.document.time : a.document.time
        let verdict = Verifier(parameters: parameters).verify(new: b.sketch, newTime: bTime, old: a.sketch,
                                                             oldTime: a.document.time, oldLabel: "A")
        let differences = verdict.differences
            ?? DifferenceAnalysis.analyze(old: a.sketch.tokens, new: b.sketch.tokens, maxSubstitution: parameters.maxSubstitution)
        let identical = a.contentHash == b.contentHash
        let inWindow = verdict.secondsApart <= parameters.window
        let decision: String
        let reason: String
        if identical && inWindow {
            decision = EventType.duplicateSeen.rawValue
            reason = "normalized texts are identical"
        } else if verdict.sameStory {
            decision = EventType.versionAdded.rawValue
            reason = verdict.reason
        } else {
            decision = EventType.storyCreated.rawValue
            reason = identical ? "identical text, but \(verdict.reason)" : "different story: " + verdict.reason
        }
        let oldTokens = a.sketch.tokens, newTokens = b.sketch.tokens
        let hunks = TokenAlignment.hunks(oldTokens.map(\.hash), newTokens.map(\.hash)) ?? []
        let changes = hunks.prefix(30).map { hunk in
            ChangedRun(a: oldTokens.texts(hunk.oldRange).joined(separator: " "),
                       b: newTokens.texts(hunk.newRange).joined(separator: " "))
        }
        let sa = Self.sentences(a.document.fullText), sb = Self.sentences(b.document.fullText)
        let keysA = Set(sa.map(\.key)), keysB = Set(sb.map(\.key))
        return Explanation(
            similarity: Self.round(verdict.similarity), containment: Self.round(verdict.containment),
            hoursApart: timed ? Self.round(verdict.secondsApart / 3600) : nil, identical: identical,
            decision: decision, reason: reason,
            sharedWords: max(0, oldTokens.count - differences.removedWords),
            addedWords: differences.addedWords, removedWords: differences.removedWords, changes: Array(changes),
            figureChanges: differences.figureChanges.map(\.description), nameChanges: differences.nameChanges.map(\.description),
            sharedSentences: Array(sa.filter { keysB.contains($0.key) }.map(\.text).prefix(20)),
            onlyInA: Array(sa.filter { !keysB.contains($0.key) }.map(\.text).prefix(20)),
            onlyInB: Array(sb.filter { !keysA.contains($0.key) }.map(\.text).prefix(20)))
    }

    /// The text's sentences as written, each with its normalized form as the comparison key.
    static func sentences(_ text: String) -> [(text: String, key: String)] {
        var out: [(String, String)] = []
        var seen = Set<String>()
        var current = ""
        let normalizer = Normalizer()
        func flush() {
            let sentence = current.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            current = ""
            let key = normalizer.normalize(sentence)
            guard !key.isEmpty, seen.insert(key).inserted else { return }
            out.append((sentence, key))
        }
        var previous: Character = " "
        for character in text {
            if character == "\n" && previous == "\n" { flush() }
            current.append(character)
            if (character == " " || character == "\n") && (previous == "." || previous == "!" || previous == "?") { flush() }
            previous = character
        }
        flush()
        return out
    }

    /// `value` rounded to four decimals, as the API reports similarities.
    public static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
