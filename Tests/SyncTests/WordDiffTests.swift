import Testing
@testable import Sync

@Suite("Word diff")
struct WordDiffTests {
    func rebuild(_ runs: [DiffRun]) -> (old: String, new: String) {
        (runs.filter { $0.op != .insert }.map(\.text).joined(), runs.filter { $0.op != .delete }.map(\.text).joined())
    }

    @Test func correctedFigureIsOneDeleteAndOneInsert() {
        let runs = WordDiff.diff("Winds of 120 km/h hit the coast.", "Winds of 130 km/h hit the coast.")
        #expect(runs == [
            DiffRun(op: .equal, text: "Winds of "),
            DiffRun(op: .delete, text: "120"),
            DiffRun(op: .insert, text: "130"),
            DiffRun(op: .equal, text: " km/h hit the coast."),
        ])
    }

    @Test func addedParagraphIsAnInsertion() {
        let old = "First paragraph.\n\nSecond paragraph."
        let new = "First paragraph.\n\nA new paragraph in between.\n\nSecond paragraph."
        let runs = WordDiff.diff(old, new)
        #expect(!runs.contains { $0.op == .delete })
        #expect(runs.filter { $0.op == .insert }.map(\.text).joined().contains("A new paragraph in between."))
        #expect(rebuild(runs) == (old, new))
    }

    @Test(arguments: [
        ("", ""), ("", "all new"), ("all gone", ""), ("same text", "same text"),
        ("a b c d e f", "a x c y e z"), ("one two three", "three two one"),
        ("  leading and trailing  ", "leading and trailing"),
    ])
    func runsRebuildBothTexts(old: String, new: String) {
        let runs = WordDiff.diff(old, new)
        #expect(rebuild(runs) == (old, new))
        for (first, second) in zip(runs, runs.dropFirst()) { #expect(first.op != second.op) }
    }

    @Test func veryDifferentTextsFallBackToReplaceAll() {
        let old = (0..<300).map { "old\($0)" }.joined(separator: " ")
        let new = (0..<300).map { "new\($0)" }.joined(separator: " ")
        let runs = WordDiff.diff(old, new, maxEdits: 100)
        #expect(runs == [DiffRun(op: .delete, text: old), DiffRun(op: .insert, text: new)])
    }
}
