import Foundation
@testable import Sync

/// Two items through a fresh engine: what the verifier tests decide end to end.
enum StoryPair {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// An item from the wire `minutes` after ``start``.
    static func document(_ headline: String, _ body: String, minutes: Double) -> PreparedDocument {
        PreparedDocument.prepare(StoryDocument(headline: headline, body: body, time: start.addingTimeInterval(minutes * 60),
                                               source: "wire"))
    }

    /// The story `second` joins after `first` is stored as story 1 (nil: a new story).
    static func story(of second: PreparedDocument, after first: PreparedDocument) -> Int64? {
        var engine = NearDuplicateEngine()
        engine.remember(first, as: VersionRef(story: 1, id: 1, number: 1))
        if case .newVersion(let evidence) = engine.decide(second, exactMatch: nil) { return evidence.matched.story }
        return nil
    }
}
