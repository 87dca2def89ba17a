import Foundation
import Testing
@testable import Sync

@Suite("Wire time stamps")
struct WireTimeTests {
    @Test(arguments: [
        ("2026-11-24T15:15:00Z", "2026-11-24T15:15:00Z"),
        ("2026-11-24T15:15:00.250Z", "2026-11-24T15:15:00.250Z"),
        ("2026-11-24T16:15:00+01:00", "2026-11-24T15:15:00Z"),
        ("2026-11-24T10:15:00-0500", "2026-11-24T15:15:00Z"),
        ("2026-11-24T15:15Z", "2026-11-24T15:15:00Z"),
        ("2026-11-24T15:15:00", "2026-11-24T15:15:00Z"),
        ("20261124T101500-0500", "2026-11-24T15:15:00Z"),
        ("20261124T151500Z", "2026-11-24T15:15:00Z"),
        ("20261124T1615+01", "2026-11-24T15:15:00Z"),
        ("20261124", "2026-11-24T00:00:00Z"),
        (" 2026-11-24 ", "2026-11-24T00:00:00Z"),
    ])
    func readsExtendedAndBasicForms(text: String, expected: String) {
        #expect(WireTime.parse(text) == FormatFixtures.date(expected))
    }

    /// RFC 822 / RFC 1123 dates, as RSS, e-mail and some ninjs feeds write them.
    @Test(arguments: [
        ("Sun, 29 Nov 2026 14:00:00 GMT", "2026-11-29T14:00:00Z"),
        ("Sun, 29 Nov 2026 14:00:00 +0100", "2026-11-29T13:00:00Z"),
        ("Sun, 29 Nov 2026 14:00:00 -0500", "2026-11-29T19:00:00Z"),
        ("29 Nov 2026 14:00 +01:00", "2026-11-29T13:00:00Z"),
        ("Sunday, 29 November 2026 14:00:00 UTC", "2026-11-29T14:00:00Z"),
        ("sun, 9 nov 2026 09:05:07 EST", "2026-11-09T14:05:07Z"),
        ("Tue, 24 Nov 26 10:15:00 PDT", "2026-11-24T17:15:00Z"),
        ("Sun, 29 Nov 2026 14:00:00 +0100 (CET)", "2026-11-29T13:00:00Z"),
        ("Sun, 29 Nov 2026 14:00:00", "2026-11-29T14:00:00Z"),
    ])
    func readsRFC822Dates(text: String, expected: String) {
        #expect(WireTime.parse(text) == FormatFixtures.date(expected))
    }

    @Test(arguments: ["Sun, 29 Foo 2026 14:00:00 GMT", "Sun, 32 Nov 2026 14:00:00 GMT", "Sun, 29 Nov 2026 24:00:00 GMT",
                      "Sun, 29 Nov 2026 14:00:00 XYZ", "Sun, 29 Nov 2026 14:00:00 +01", "Someday, 29 Nov 2026 14:00:00 GMT",
                      "Sun, 29 Nov 2026", "Sun, 29 Nov 2026 14h00 GMT", "Sun, 29 Nov 2026 14:00:00 GMT extra",
                      "Mon, 30 Feb 2026 14:00:00 GMT", "31 Apr 2026 10:00 GMT", "29 Feb 2026 10:00 GMT"])
    func rejectsOtherRFC822Text(text: String) {
        #expect(WireTime.parse(text) == nil)
    }

    /// A day the month has: 29 February in a leap year only (2000 and 2028, not 2100).
    @Test func daysOutsideTheirMonthAreNoTimes() {
        #expect(WireTime.parse("2028-02-29T10:00:00Z") != nil && WireTime.parse("Tue, 29 Feb 2028 10:00:00 GMT") != nil)
        #expect(WireTime.parse("2000-02-29T00:00:00Z") != nil && WireTime.parse("2100-02-29T00:00:00Z") == nil)
        #expect(WireTime.parse("2026-11-30T00:00:00Z") != nil && WireTime.parse("2026-11-31T00:00:00Z") == nil)
        #expect(RFC3339.parse("2026-02-30T10:00:00Z") == nil && RFC3339.parse("2026-02-28T10:00:00Z") != nil)
    }

    @Test(arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T15:15:00+5",
                      "20261124T1015-05:00x", "2026-11-24T15:15:00.Z", "2026/11/24", "2026-02-30T10:00:00Z", "2026-04-31T10:00:00Z"])
    func rejectsOtherText(text: String) {
        #expect(WireTime.parse(text) == nil)
    }
}
