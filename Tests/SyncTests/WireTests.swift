import Foundation
import Testing
@testable import Sync

@Suite("Wire types")
struct WireTests {
    @Test func rfc3339FormatsUTCWithMilliseconds() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_732_415_580.123)) == "2024-11-24T02:33:00.123Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    /// The format as first written (each field padded as a string), the reference for the
    /// digit-by-digit writer.
    func paddedFormat(_ date: Date) -> String { RFC3339.padded(RFC3339.fields(of: date)) }

    @Test func rfc3339WritesWhatPaddingEachFieldWrote() {
        var generator = SystemRandomNumberGenerator()
        // Years 0001 to 9999 (the digit-by-digit writer) and beyond on both sides (the padding).
        let dates = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: -62_135_596_800...253_402_300_799, using: &generator)) }
            + (0..<200).map { _ in Date(timeIntervalSince1970: Double.random(in: -1e12...1e12, using: &generator)) }
            + [Date(timeIntervalSince1970: -62_167_219_200), Date(timeIntervalSince1970: -62_167_219_200.001), Date(timeIntervalSince1970: 253_402_300_799.999)]
        let differing = dates.filter { RFC3339.format($0) != paddedFormat($0) }
        #expect(differing.count == 0, "first differing: \(differing.prefix(3).map { ($0.timeIntervalSince1970, RFC3339.format($0), paddedFormat($0)) })")
    }

    @Test func rfc3339ParsesOffsetsAndFractions() throws {
        #expect(RFC3339.parse("2024-11-24T02:33:00.123Z")?.timeIntervalSince1970 == 1_732_415_580.123)
        #expect(RFC3339.parse("2024-11-24T04:33:00+02:00")?.timeIntervalSince1970 == 1_732_415_580)
        #expect(RFC3339.parse("1987-02-26T15:01:01Z")?.timeIntervalSince1970 == 541_350_061)
        #expect(RFC3339.parse("2024-13-01T00:00:00Z") == nil)
        #expect(RFC3339.parse("yesterday") == nil)
        #expect(RFC3339.parse("2024-11-24T02:33:00") == nil)
    }

    @Test func feedEventRoundTripsAndOmitsAbsentFields() throws {
        let event = FeedEvent(seq: 7, type: .duplicateSeen, at: Date(timeIntervalSince1970: 1_732_415_580.5),
                              file: "ap/a.txt", source: "ap", story: 3, version: 1, matched: 1, similarity: 1, containment: 1)
        let json = String(decoding: try WireJSON.encoder().encode(event), as: UTF8.self)
        #expect(json == #"{"at":"2024-11-24T02:33:00.500Z","containment":1,"file":"ap/a.txt","matched":1,"seq":7,"similarity":1,"source":"ap","story":3,"type":"duplicate.seen","version":1}"#)
        let decoded = try WireJSON.decoder().decode(FeedEvent.self, from: Data(json.utf8))
        #expect(decoded == event)
    }

    @Test func unknownEventTypesStillDecode() throws {
        let json = #"{"seq":1,"type":"story.translated","at":"2024-11-24T02:33:00Z"}"#
        let event = try WireJSON.decoder().decode(FeedEvent.self, from: Data(json.utf8))
        #expect(event.type.rawValue == "story.translated")
        #expect(!EventType.known.contains(event.type))
    }

    @Test func badTimeIsADecodingError() {
        let json = #"{"seq":1,"type":"story.created","at":"not a time"}"#
        #expect(throws: DecodingError.self) { try WireJSON.decoder().decode(FeedEvent.self, from: Data(json.utf8)) }
    }

    @Test func changesPageUsesSnakeCase() throws {
        let page = ChangesPage(events: [], lastSeq: 42)
        #expect(String(decoding: try WireJSON.encoder().encode(page), as: UTF8.self) == #"{"events":[],"last_seq":42}"#)
    }
}
