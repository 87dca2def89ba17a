import Foundation
import Testing
@testable import Sync

@Suite("Exact-match decisions")
struct ExactMatchEngineTests {
    func prepared(_ text: String) throws -> PreparedDocument {
        PreparedDocument.prepare(try PlainTextParser().parse(Array(text.utf8), time: Date(), source: nil))
    }

    @Test func sameTextReflowedHasTheSameHash() throws {
        let a = try prepared("Storm hits coast\n\nWinds of 120 km/h\nhit the coast on Monday.\n")
        let b = try prepared("Storm hits coast\r\n\r\nWinds of 120 km/h hit the coast   on Monday.  \r\n")
        #expect(a.contentHash == b.contentHash)
    }

    @Test func differentFigureGivesADifferentHash() throws {
        let a = try prepared("Storm hits coast\n\nWinds of 120 km/h hit the coast.\n")
        let b = try prepared("Storm hits coast\n\nWinds of 130 km/h hit the coast.\n")
        #expect(a.contentHash != b.contentHash)
    }

    @Test func exactMatchIsADuplicateAndNoMatchANewStory() throws {
        var engine = ExactMatchEngine()
        let doc = try prepared("Storm hits coast\n\nBody.\n")
        #expect(engine.decide(doc, exactMatch: nil) == .newStory)
        let match = VersionRef(story: 4, id: 9, number: 2)
        guard case .duplicate(let evidence) = engine.decide(doc, exactMatch: match) else {
            Issue.record("expected a duplicate decision")
            return
        }
        #expect(evidence.matched == match)
        #expect(evidence.similarity == 1)
        #expect(evidence.reason.contains("version 2 of story 4"))
    }
}
