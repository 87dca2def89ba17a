import Foundation
import Testing
@testable import Sync

@Suite("ANPA-1312 parser")
struct ANPAParserTests {
    let parser = ANPAParser()
    let mtime = FormatFixtures.modificationTime

    /// SOH + header + STX + text + ETX + trailer, with `\n` in `text` sent as CR LF.
    func message(header: String? = "a0417  u a BC-Storm-Coast 11-24 0100", text: String, trailer: String = "AP-NY-11-24-26 1015EST<") -> [UInt8] {
        var bytes: [UInt8] = []
        if let header { bytes += [0x01] + Array((header + "\r\n").utf8) }
        bytes += [0x02] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) + [0x03] + Array((trailer + "\r\n").utf8) + [0x04]
        return bytes
    }

    @Test func writethruWithControlBytesCRLFBylineAndTrailer() throws {
        let bytes = try FormatFixtures.bytes("storm-anpa-1stld.anpa")
        #expect(Array(bytes.prefix(3)) == [0x16, 0x16, 0x01])
        let doc = try parser.parse(bytes, modificationTime: mtime, source: "ap")
        #expect(doc.format == "anpa")
        #expect(doc.identity == "anpa:BC-STORM-COAST")
        #expect(doc.formatVersion == 2)
        #expect(doc.urgency == 3)
        #expect(doc.headline == "Storm hits coast, thousands without power")
        #expect(doc.byline == "By JANE DOE, Associated Press Writer")
        #expect(doc.dateline == "PORTLAND, Maine")
        #expect(doc.body == """
            PORTLAND, Maine (AP) _ A powerful storm slammed into the coast Tuesday, cutting power
            to more than 40,000 homes.

            ``We've never seen water this high,'' said harbor master Renée Caron.

            Crews worked through the night to clear roads.
            """)
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:15:00Z"))
        #expect(doc.timeFromDocument)
        #expect(doc.withdrawn == false)
        #expect(doc.source == "ap")
    }

    @Test func firstVersionSharesTheIdentityAndReadsDaylightTime() throws {
        let doc = try parser.parse(FormatFixtures.bytes("storm-anpa.anpa"), modificationTime: mtime, source: nil)
        #expect(doc.identity == "anpa:BC-STORM-COAST")
        #expect(doc.formatVersion == nil)
        #expect(doc.urgency == 5)
        #expect(doc.headline == "Storm hits coast")
        #expect(doc.body == "PORTLAND, Maine (AP) _ A storm hit the coast on Saturday.\n\nNo injuries were reported.")
        #expect(doc.time == FormatFixtures.date("2026-07-04T13:30:00Z"))
    }

    @Test(arguments: [
        ("11-24-26 1015EST", "2026-11-24T15:15:00Z"),
        ("07-04-26 0930EST", "2026-07-04T13:30:00Z"),  // New York wall time whatever the label
        ("07-04-26 0930ET", "2026-07-04T13:30:00Z"),
        ("11-01-26 0130EDT", "2026-11-01T05:30:00Z"),  // the repeated autumn hour: label decides
        ("11-01-26 0130EST", "2026-11-01T06:30:00Z"),
        ("AP-NY-11-24-26 1015 EST", "2026-11-24T15:15:00Z"),
        ("UPI-11-24-26 1515GMT<", "2026-11-24T15:15:00Z"),
        ("11-24-26 0715PST", "2026-11-24T15:15:00Z"),
    ])
    func trailerTimes(trailer: String, expected: String) throws {
        let doc = try parser.parse(message(text: "^Head<\n\tBody.\n", trailer: trailer), modificationTime: mtime, source: nil)
        #expect(doc.time == FormatFixtures.date(expected))
        #expect(doc.timeFromDocument)
    }

    @Test func unusableTrailerFallsBackToTheFileTime() throws {
        let doc = try parser.parse(message(text: "^Head<\n\tBody.\n", trailer: "11-24-26 1015XYZ"), modificationTime: mtime, source: nil)
        #expect(doc.time == mtime)
        #expect(!doc.timeFromDocument)
    }

    @Test func killIsWithdrawn() throws {
        let tagged = try parser.parse(message(header: "a0418  b a BC-Storm-Coast,Kill 11-24 0020", text: "^KILL<\n\tThe story is withdrawn.\n"),
                                      modificationTime: mtime, source: nil)
        #expect(tagged.withdrawn)
        #expect(tagged.identity == "anpa:BC-STORM-COAST")
        #expect(tagged.urgency == 2)
        let headlineOnly = try parser.parse(message(text: "^KILL: Storm hits coast<\n"), modificationTime: mtime, source: nil)
        #expect(headlineOnly.withdrawn)
        let notKill = try parser.parse(message(text: "^Killer storm hits coast<\n"), modificationTime: mtime, source: nil)
        #expect(notKill.withdrawn == false)
    }

    /// `^URGENT<` and `^BULLETIN<` flag the message; the headline is the line after them.
    @Test(arguments: ["URGENT", "BULLETIN", "Urgent"])
    func aPriorityFlagIsNotTheHeadline(flag: String) throws {
        let doc = try parser.parse(message(text: "^BC-Japan-Quake,0045<\n^\(flag)<\n^Strong quake hits central Japan<\n\tTOKYO (AP) _ A strong quake struck.\n"),
                                   modificationTime: mtime, source: nil)
        #expect(doc.headline == "Strong quake hits central Japan")
        #expect(doc.body == "TOKYO (AP) _ A strong quake struck.")
        #expect(doc.dateline == "TOKYO")
    }

    /// A take continues the story's text: it has no headline, and its first paragraph stays body.
    @Test func aTakeHasNoHeadline() throws {
        let take = try parser.parse(message(header: "a0419  r a BC-Fed-Rates,2nd Take 11-24 0300",
                                            text: "^BC-Fed-Rates,2nd Take,0300<\n\tOfficials also updated their projections.\n\tGrowth is seen at 1.8%.\n"),
                                    modificationTime: mtime, source: nil)
        #expect(take.identity == "anpa:BC-FED-RATES")
        #expect(take.headline == "")
        #expect(take.body == "Officials also updated their projections.\n\nGrowth is seen at 1.8%.")
        let untitled = try parser.parse(message(text: "\tThe storm hit the coast.\n\tNo injuries.\n"), modificationTime: mtime, source: nil)
        #expect(untitled.headline == "The storm hit the coast.")
    }

    @Test func headerlessMessageTakesTheSlugLine() throws {
        let doc = try parser.parse(message(header: nil, text: "^BC-Storm-Coast,2nd Ld-Writethru,0400<\n^Storm hits coast<\n    Indented body.\n"),
                                   modificationTime: mtime, source: nil)
        #expect(doc.identity == "anpa:BC-STORM-COAST")
        #expect(doc.formatVersion == 3)
        #expect(doc.urgency == nil)
        #expect(doc.headline == "Storm hits coast")
        #expect(doc.body == "Indented body.")
    }

    /// A lead number too large to count on is no version (it had overflowed `N + 1`).
    @Test func aLeadNumberTooLargeIsNoVersion() throws {
        let doc = try parser.parse(message(header: "a0420  u a BC-Storm-Coast,\(Int.max)thLd-Writethru 11-24 0100",
                                           text: "^Storm hits coast<\n\tText.\n"), modificationTime: mtime, source: nil)
        #expect(doc.formatVersion == nil)
        #expect(doc.identity == "anpa:BC-STORM-COAST")
        #expect(doc.headline == "Storm hits coast")
    }

    @Test func framingErrorsCarryByteOffsets() {
        #expect(throws: SyncError.unparsable("ANPA: no STX (0x02) after the SOH at byte offset 2")) {
            try parser.parse([0x16, 0x16, 0x01] + Array("a0001 r a BC-X".utf8), modificationTime: mtime, source: nil)
        }
        #expect(throws: SyncError.unparsable("ANPA: no ETX (0x03) after the STX at byte offset 3")) {
            try parser.parse([0x01, 0x41, 0x20, 0x02] + Array("^Head<".utf8), modificationTime: mtime, source: nil)
        }
        #expect(throws: SyncError.unparsable("ANPA: unexpected control byte 0x00 in the text at byte offset 6")) {
            try parser.parse([0x01, 0x41, 0x02] + Array("^Hd".utf8) + [0x00, 0x03], modificationTime: mtime, source: nil)
        }
        #expect(throws: SyncError.unparsable("ANPA: a second message starts at byte offset 10; one story per file is supported")) {
            try parser.parse([0x01, 0x41, 0x02] + Array("^Hd<".utf8) + [0x03, 0x04, 0x16, 0x01, 0x02, 0x03], modificationTime: mtime, source: nil)
        }
        #expect(throws: SyncError.unparsable("ANPA: no headline or text between the STX at byte offset 2 and the ETX at byte offset 5")) {
            try parser.parse([0x01, 0x41, 0x02, 0x0D, 0x0A, 0x03], modificationTime: mtime, source: nil)
        }
    }
}
