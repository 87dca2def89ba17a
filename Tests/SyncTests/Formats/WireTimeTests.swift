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

    @Test(arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T15:15:00+5",
                      "20261124T1015-05:00x", "2026-11-24T15:15:00.Z", "2026/11/24"])
    func rejectsOtherText(text: String) {
        #expect(WireTime.parse(text) == nil)
    }
}
