import Foundation
import Testing
@testable import Sync

/// ``FeedEvent/wireJSON()`` writes exactly what the wire encoder writes, on the direct path and
/// on the fallback.
@Suite("Feed event JSON")
struct FeedEventJSONTests {
    static let pieces = ["r1.txt", "ap/story 1.txt", "BAHIA COCOA REVIEW", "Café crème", "quote \" inside",
                         "back\\slash", "tab\there", "line\nbreak", "del\u{7F}", "a/b/c", "emoji 📰", "\u{2028}sep",
                         "", "no stored story matched", "(untitled)", "<SRD>", "ctl\u{1}x"]
    static let figures: [Double?] = [nil, 0, 1, 0.5, 0.9912, 0.026, 0.0001, 1e-7, 0.123456789, 123456.5, 2.0, 1e20]

    func randomEvent(_ generator: inout some RandomNumberGenerator) -> FeedEvent {
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &generator) ? value() : nil }
        var event = FeedEvent(
            seq: Int64.random(in: 1...1_000_000_000, using: &generator),
            type: EventType.known.randomElement(using: &generator)!,
            at: Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000_000, using: &generator)) / 1000),
            file: maybe(Self.pieces.randomElement(using: &generator)!),
            source: maybe(Self.pieces.randomElement(using: &generator)!),
            story: maybe(Int64.random(in: 1...9_999_999, using: &generator)),
            version: maybe(Int.random(in: 1...500, using: &generator)),
            headline: maybe(Self.pieces.randomElement(using: &generator)!),
            reason: maybe(Self.pieces.randomElement(using: &generator)!),
            matched: maybe(Int.random(in: 1...500, using: &generator)),
            similarity: Self.figures.randomElement(using: &generator)!,
            containment: Bool.random(using: &generator) ? Double(Int.random(in: 0...10_000, using: &generator)) / 10_000 : Self.figures.randomElement(using: &generator)!)
        event.otherStory = maybe(Int64.random(in: 1...9_999_999, using: &generator))
        event.current = maybe(Bool.random(using: &generator))
        return event
    }

    @Test func writesWhatTheEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        let encoder = WireJSON.encoder()
        var direct = 0
        for _ in 0..<5000 {
            let event = randomEvent(&generator)
            let expected = String(decoding: try encoder.encode(event), as: UTF8.self)
            #expect(try event.wireJSON() == expected)
            if let written = event.directJSON() {
                direct += 1
                #expect(written == expected)
            }
        }
        // Both paths ran, the direct one mostly (it is the one syncd takes on ordinary copy).
        #expect(direct > 500 && direct < 5000)
    }

    @Test func aTypicalDecisionTakesTheDirectPath() {
        let event = FeedEvent(seq: 16, type: .versionAdded, at: Date(timeIntervalSince1970: 1_764_120_426.52),
                              file: "r16.txt", story: 4, version: 2, headline: "ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>",
                              reason: "new version (+2 −4 words): matches story 4 version 1", matched: 1,
                              similarity: 0.9782, containment: 0.9912)
        #expect(event.directJSON() == #"{"at":"2025-11-26T01:27:06.520Z","containment":0.9912,"file":"r16.txt","headline":"ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>","matched":1,"reason":"new version (+2 −4 words): matches story 4 version 1","seq":16,"similarity":0.9782,"story":4,"type":"version.added","version":2}"#)
    }
}
