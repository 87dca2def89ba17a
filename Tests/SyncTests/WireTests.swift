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
