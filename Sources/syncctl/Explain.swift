import ArgumentParser
import Foundation
import Sync

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explains how two items compare and what the engine would decide for the second.",
        discussion: """
            Prints Jaccard similarity and containment, the changed figures and swapped names, \
            the sentences only one side has, and the decision (duplicate, new version or \
            different story) with the engine's reason.

            Examples:
              syncctl explain 12/1 12/2          why version 2 joined story 12
              syncctl explain 12 15              why stories 12 and 15 were kept apart
              syncctl explain 12 @draft.txt      how a text on disk compares with story 12
            """)

    @OptionGroup var options: ServerOptions

    @Argument(help: ArgumentHelp("The first item: \(ItemArgument.help).", valueName: "a"), transform: ItemArgument.parse)
    var a: ItemArgument

    @Argument(help: ArgumentHelp("The second item, judged against the first.", valueName: "b"), transform: ItemArgument.parse)
    var b: ItemArgument

    func run() async throws {
        try await withClient(options) { client in
            let body = try WireJSON.encoder().encode(ExplainRequest(a: a.reference, b: b.reference))
            let data = try await client.send(method: .POST, "/v1/explain", json: body)
            let explanation = try WireJSON.decoder().decode(Explanation.self, from: data)
            if options.json { return emit(String(decoding: try WireJSON.encoder(pretty: true).encode(explanation), as: UTF8.self)) }
            let verdict = switch explanation.decision {
            case "duplicate.seen": "a duplicate (same text)"
            case "version.added": "a new version of the same story"
            default: "a different story"
            }
            emit("Decision: \(verdict)")
            emit("Reason:   \(explanation.reason)")
            emit(String(format: "Similarity %.0f%% (Jaccard of word 3-shingles), containment %.0f%%%@; %d words added, %d removed",
                        explanation.similarity * 100, explanation.containment * 100,
                        explanation.hoursApart.map { String(format: ", %.1f h apart", $0) } ?? "",
                        explanation.addedWords, explanation.removedWords))
            emit("Words in both: \(explanation.sharedWords)")
            if !explanation.changes.isEmpty {
                emit("Differing words (A → B):")
                for change in explanation.changes.prefix(12) {
                    let a = change.a.isEmpty ? "∅" : change.a, b = change.b.isEmpty ? "∅" : change.b
                    emit("  " + EventLine.trim("\(a) → \(b)", max(20, Terminal.width - 2)))
                }
            }
            if !explanation.figureChanges.isEmpty { emit("Changed figures: " + explanation.figureChanges.joined(separator: "; ")) }
            if !explanation.nameChanges.isEmpty { emit("Swapped names:   " + explanation.nameChanges.joined(separator: "; ")) }
            emit("Sentences in both: \(explanation.sharedSentences.count)")
            for (title, sentences, sign) in [("Only in A", explanation.onlyInA, "-"), ("Only in B", explanation.onlyInB, "+")] where !sentences.isEmpty {
                emit("\(title):")
                for sentence in sentences { emit("  \(sign) " + EventLine.trim(sentence, max(20, Terminal.width - 4))) }
            }
        }
    }
}
