import Foundation
import Testing
@testable import Sync

@Suite("ninjs parser")
struct NinjsParserTests {
    let parser = NinjsParser()
    let mtime = FormatFixtures.modificationTime

    func parse(_ fixture: String) throws -> StoryDocument {
        try parser.parse(FormatFixtures.bytes(fixture), modificationTime: mtime, source: "wire")
    }

    func parse(json: String) throws -> StoryDocument {
        try parser.parse(Array(json.utf8), modificationTime: mtime, source: nil)
    }

    @Test func version1SnakeCaseWithHTMLBody() throws {
        let doc = try parse("storm-ninjs-1.json")
        #expect(doc.format == "ninjs")
        #expect(doc.identity == "ninjs:urn:newsroom:storm-coast-20261124")
        #expect(doc.formatVersion == 2)
        #expect(doc.headline == "Storm hits coast, thousands without power")
        #expect(doc.body == """
            PORTLAND, Maine — A powerful storm slammed into the coast on Tuesday, cutting power to thousands of homes.

            “We’ve never seen water this high,” said Renée Caron, a harbor master.

            Crews worked through the night.

            Schools closed

            Ferries halted & bridges shut
            """)
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:15:00.250Z"))
        #expect(doc.timeFromDocument)
        #expect(doc.withdrawn == false)
        #expect(doc.urgency == 3)
        #expect(doc.byline == "By Jane Doe")
        #expect(doc.dateline == "PORTLAND, Maine")
        #expect(doc.source == "wire")
        #expect(doc.relatedIdentities.isEmpty)
    }

    @Test func version2HeadlinesAndMultipleBodiesPickTheMainPlainBody() throws {
        let doc = try parse("storm-ninjs-2.json")
        #expect(doc.identity == "ninjs:urn:newsroom:storm-coast-20261124")
        #expect(doc.formatVersion == 3)
        #expect(doc.headline == "Storm hits coast, 40,000 without power")
        #expect(doc.body == "PORTLAND, Maine — A powerful storm slammed into the coast on Tuesday.\n\nMore than 40,000 homes lost power,\nofficials said.")
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:45:00Z"))
        #expect(doc.urgency == 2)
        #expect(doc.byline == "By Jane Doe, Sam Lee")
        #expect(doc.dateline == "PORTLAND, Maine")
    }

    @Test func version3CamelCase() throws {
        let doc = try parse("storm-ninjs-3.json")
        #expect(doc.identity == "ninjs:urn:newsroom:storm-coast-20261124")
        #expect(doc.formatVersion == 4)
        #expect(doc.headline == "Storm hits coast, power back for most")
        #expect(doc.body == "PORTLAND, Maine (NR) — Power was restored to most of the 40,000 homes.\n\nFerries resume “tomorrow”, the port said.")
        #expect(doc.time == FormatFixtures.date("2026-11-24T15:15:30Z"))
        #expect(doc.timeFromDocument)
        #expect(doc.urgency == 4)
        #expect(doc.byline == "By Jane Doe")
        #expect(doc.withdrawn == false)
    }

    @Test func canceledItemWithoutTimeOrBody() throws {
        let doc = try parse("storm-ninjs-3-canceled.json")
        #expect(doc.identity == "ninjs:storm-coast-20261124")
        #expect(doc.withdrawn)
        #expect(doc.headline == "KILLED: Storm hits coast")
        #expect(doc.body == "")
        #expect(doc.time == mtime)
        #expect(!doc.timeFromDocument)
        #expect(doc.formatVersion == nil)
        #expect(doc.byline == nil)
        #expect(doc.urgency == nil)
    }

    @Test(arguments: ["canceled", "cancelled", "withheld", "Canceled", "stat:canceled"])
    func withdrawalStatuses(status: String) throws {
        #expect(try parse(json: #"{"uri":"u","pubstatus":"\#(status)","headline":"H"}"#).withdrawn)
    }

    @Test func usableStatusIsNotWithdrawn() throws {
        #expect(try parse(json: #"{"uri":"u","pubstatus":"usable","headline":"H"}"#).withdrawn == false)
    }

    @Test func bodyTextWinsOverBodyHTML() throws {
        let doc = try parse(json: #"{"uri":"u","headline":"H","body_text":"One\r\ntwo\n\n\nThree","body_html":"<p>Other</p>"}"#)
        #expect(doc.body == "One\ntwo\n\nThree")
    }

    @Test func guidIsTheIdentityWithoutURI() throws {
        #expect(try parse(json: #"{"guid":"tag:x,2026:1","headline":"H"}"#).identity == "ninjs:tag:x,2026:1")
    }

    @Test func rejectsWhatIsNotANinjsObject() {
        #expect(throws: SyncError.unparsable("JSON top-level value is an array, not an object; ninjs items are objects")) {
            try parse(json: "[1, 2]")
        }
        #expect(throws: SyncError.unparsable("JSON object has none of the ninjs fields (uri, guid, headline(s), body_text, body_html, bodies)")) {
            try parse(json: #"{"name": "not news"}"#)
        }
        #expect(throws: SyncError.unparsable("ninjs item has no headline and no body (looked at headline, headlines, body_text, body_html, bodies)")) {
            try parse(json: #"{"uri": "u"}"#)
        }
        #expect(throws: SyncError.unparsable("ninjs field \"headline\" is a number, expected a string")) {
            try parse(json: #"{"uri":"u","headline":5}"#)
        }
    }

    /// An empty or unreadable `versioncreated` is no reason to refuse the item: `firstcreated`
    /// is read instead, and without a time the file's stands. RFC 1123 dates are read too.
    @Test func unreadableTimesFallBackToFirstCreatedThenTheFileTime() throws {
        let empty = try parse(json: #"{"uri":"u","headline":"H","versioncreated":"","firstcreated":"2026-11-24T10:00:00Z"}"#)
        #expect(empty.time == FormatFixtures.date("2026-11-24T10:00:00Z"))
        #expect(empty.timeFromDocument)
        let odd = try parse(json: #"{"uri":"u","headline":"H","versioncreated":"yesterday","firstCreated":"Sun, 29 Nov 2026 14:00:00 GMT"}"#)
        #expect(odd.time == FormatFixtures.date("2026-11-29T14:00:00Z"))
        let neither = try parse(json: #"{"uri":"u","headline":"H","body_text":"Text.","versioncreated":" ","firstcreated":"soon"}"#)
        #expect(neither.time == mtime)
        #expect(!neither.timeFromDocument)
        #expect(neither.body == "Text.")
        let rfc = try parse(json: #"{"uri":"u","headline":"H","versioncreated":"Sun, 29 Nov 2026 14:00:00 +0100","firstcreated":"2026-11-24T10:00:00Z"}"#)
        #expect(rfc.time == FormatFixtures.date("2026-11-29T13:00:00Z"))
    }

    /// AP's bylines carry the name under `by` and the writer's title under `title`, which
    /// follows after ", " as in ANPA copy (`By JANE DOE, Associated Press Writer`).
    @Test func bylinesReadTheByKeyAndTheTitle() throws {
        let ap = try parse(json: #"{"uri":"u","headline":"H","bylines":[{"by":"By DAVID PITT","title":"Associated Press"}]}"#)
        #expect(ap.byline == "By DAVID PITT, Associated Press")
        let two = try parse(json: #"""
            {"uri":"u","headline":"H","bylines":[{"by":"By DAVID PITT"},{"byline":"  Sam  Lee ","title":""},
             {"name":"Ana de Souza","title":"AP Writer"},{"byline":"","by":"Kofi Mensah"},{"title":"No one"}]}
            """#)
        #expect(two.byline == "By DAVID PITT, Sam Lee, Ana de Souza, AP Writer, Kofi Mensah")
        let titled = try parse(json: #"{"uri":"u","headline":"H","bylines":[{"by":"By Jane Doe, Associated Press","title":"Associated Press"}]}"#)
        #expect(titled.byline == "By Jane Doe, Associated Press")
    }

    /// An item that names no headline gets one where the item gives one, as NewsML-G2 does:
    /// a headline of another role, else the HTML body's first h1 (not kept twice). The body's
    /// lead is not made a headline: it would repeat its words in the text dedup compares.
    @Test func aMissingHeadlineFallsBackToAnotherRoleThenTheHeading() throws {
        let heading = try parse(json: #"{"uri":"u","body_html":"<h1 class=\"hl\">Storm  hits <b>coast</b></h1><p>PORTLAND, Maine - A storm hit.</p>"}"#)
        #expect(heading.headline == "Storm hits coast")
        #expect(heading.body == "PORTLAND, Maine - A storm hit.")
        let role = try parse(json: #"{"uri":"u","headline":" ","headlines":[{"value":"","role":"main"},{"value":"Storm hits coast","role":"short"}],"body_text":"Text."}"#)
        #expect(role.headline == "Storm hits coast")
        let lead = try parse(json: #"{"uri":"u","body_text":"\n  PORTLAND, Maine - A storm hit the coast.\nIt was late.\n\nMore."}"#)
        #expect(lead.headline == "" && lead.body == "PORTLAND, Maine - A storm hit the coast.\nIt was late.\n\nMore.")
        let named = try parse(json: #"{"uri":"u","headline":"Storm","body_html":"<h1>Other</h1><p>Text.</p>"}"#)
        #expect(named.headline == "Storm" && named.body == "Other\n\nText.")
    }

    /// `version` decides nothing: a whole number in any spelling is read, anything else ignored.
    @Test func versionsInAnySpelling() throws {
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":"1.0"}"#).formatVersion == 1)
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":" 4 "}"#).formatVersion == 4)
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":2.0}"#).formatVersion == 2)
        let draft = try parse(json: #"{"uri":"u","headline":"H","version":"draft","body_text":"Text."}"#)
        #expect(draft.formatVersion == nil && draft.body == "Text.")
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":1.5}"#).formatVersion == nil)
        // A number no story reaches would make every later send late: no version.
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":"9223372036854775807"}"#).formatVersion == nil)
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":9007199254740992}"#).formatVersion == nil)
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":"-3"}"#).formatVersion == nil)
        #expect(try parse(json: #"{"uri":"u","headline":"H","version":"1000000"}"#).formatVersion == 1_000_000)
    }

    /// A summary is not the story's body while the item has a main or role-less one, and a
    /// body of white space is no body.
    @Test func theBodyIsNotTheAbstract() throws {
        let quake = try parse(json: #"""
            {"uri":"u","headlines":[{"value":"Quake"}],"bodies":[
              {"value":"A 6.1-magnitude quake struck central Japan.","contenttype":"text/plain","role":"abstract"},
              {"value":"<p>TOKYO (AFP) - A strong earthquake struck.</p><p>No tsunami warning.</p>","contenttype":"text/html"}]}
            """#)
        #expect(quake.body == "TOKYO (AFP) - A strong earthquake struck.\n\nNo tsunami warning.")
        let abstractOnly = try parse(json: #"{"uri":"u","headline":"H","bodies":[{"value":"Summary.","role":"abstract"}]}"#)
        #expect(abstractOnly.body == "Summary.")
        let blankText = try parse(json: #"{"uri":"u","headline":"H","body_text":"\n","body_html":"<p>HELSINKI (dpa) - Ferries stopped.</p>"}"#)
        #expect(blankText.body == "HELSINKI (dpa) - Ferries stopped.")
        let blankMain = try parse(json: #"{"uri":"u","headline":"H","bodies":[{"value":" ","role":"main"},{"value":"Text."}]}"#)
        #expect(blankMain.body == "Text.")
    }

    @Test func invalidJSONIsUnparsable() {
        let error = #expect(throws: SyncError.self) { try parse(json: #"{"uri": "u", "headline": }"#) }
        #expect(error?.description.hasPrefix("invalid JSON: ") == true)
    }

    @Test func deepJSONNestingIsRejectedQuickly() {
        let depth = 100_000
        let json = #"{"uri":"u","headline":"H","x":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let elapsed = ContinuousClock().measure {
            #expect(throws: SyncError.unparsable("JSON nested deeper than 256 levels at byte offset 285")) { try parse(json: json) }
        }
        #expect(elapsed < .seconds(2))
    }
}
