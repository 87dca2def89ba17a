import Foundation
@testable import Store
import Sync
import Testing
@testable import SyncDaemon
#if canImport(Glibc)
import Glibc
#endif

/// Wire formats through the running daemon: one story in four formats, updates by identity,
/// Latin-1 text, withdrawals, and hostile files rejected while the daemon keeps running.
@Suite("Wire formats through the daemon")
struct FormatsEndToEndTests {
    static let paragraphs = [
        "A powerful storm slammed into the coast of Maine on Tuesday, cutting power to more than 40,000 homes and closing schools in three counties.",
        "Harbor master Renée Caron said the water rose higher than at any time since 1978, flooding the ferry terminal and the fish market.",
        "Crews from the utility worked through the night to clear fallen trees from roads, and the company said most customers would have power back by Wednesday evening.",
    ]
    static let headline = "Storm hits Maine coast, thousands without power"
    static let mayor = [
        "The mayor of Portland resigned on Thursday, two weeks after a state inquiry into city contracts began, her office said.",
        "Council president Luis Ortega will serve as acting mayor until a special election is called, under the city charter.",
    ]

    static func ninjs(uri: String, version: Int, time: String, headline: String = headline, paragraphs: [String] = paragraphs,
                      status: String = "usable") -> String {
        let html = paragraphs.map { "<p>\($0)</p>" }.joined()
        return """
        {"uri": "\(uri)", "version": "\(version)", "type": "text", "versioncreated": "\(time)", "pubstatus": "\(status)",
         "headlines": [{"value": "\(headline)"}], "bodies": [{"contenttype": "text/html", "value": "\(html)"}]}
        """
    }

    static func nitfLatin1(docID: String, date: String, headline: String = headline, paragraphs: [String] = paragraphs) -> Data {
        let body = paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let xml = """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <nitf><head><docdata><doc-id id-string="\(docID)"/><date.issue norm="\(date)"/></docdata></head>
        <body><body.head><hedline><hl1>\(headline)</hl1></hedline></body.head>
        <body.content>\(body)</body.content></body></nitf>
        """
        return xml.data(using: .isoLatin1)!
    }

    static func newsML(guid: String, version: Int, time: String, headline: String = headline, paragraphs: [String] = paragraphs) -> String {
        let body = paragraphs.map { "<p>\($0)</p>" }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="\(guid)" version="\(version)" standard="NewsML-G2" standardversion="2.33">
          <itemMeta><itemClass qcode="ninat:text"/><versionCreated>\(time)</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
          <contentMeta><headline>\(headline)</headline></contentMeta>
          <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>\(body)</body></html></inlineXML></contentSet>
        </newsItem>
        """
    }

    /// An ANPA message; without a `headline`, no marked headline line (a take's text).
    static func anpa(slug: String, tag: String?, trailer: String, headline: String? = headline, paragraphs: [String] = paragraphs) -> Data {
        var bytes: [UInt8] = [0x16, 0x16, 0x01]
        let header = "a0123 r a BC-\(slug)\(tag.map { "," + $0 } ?? "") 0412\r\n"
        bytes += Array(header.utf8) + [0x02]
        var text = headline.map { "^\($0)<\r\n" } ?? ""
        for p in paragraphs { text += "\t\(p)\r\n" }
        text += "\r\n\(trailer)\r\n"
        bytes += Array(text.utf8) + [0x03]
        return Data(bytes)
    }

    @Test func oneStoryInFourFormatsThenUpdatesByIdentity() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("wire1/storm.json", Self.ninjs(uri: "urn:test:storm-1", version: 1, time: "2026-11-24T15:00:00Z"))
        var events = try await daemon.waitForEvents(1)
        #expect(events[0].type == .storyCreated)
        let story = try #require(events[0].story)
        try home.drop("wire2/storm.xml", Self.nitfLatin1(docID: "storm-nitf-1", date: "20261124T101000-0500"))
        try home.drop("wire3/storm-g2.xml", Self.newsML(guid: "urn:test:g2:storm", version: 1, time: "2026-11-24T15:20:00Z"))
        try home.drop("wire4/storm.anpa", Self.anpa(slug: "Storm-Maine", tag: nil, trailer: "AP-NY-11-24-26 1030EST<"))
        events = try await daemon.waitForEvents(4)
        for event in events[1...] {
            #expect(event.story == story, "\(event.file ?? ""): \(event.type) \(event.reason ?? "")")
            #expect(event.type == .duplicateSeen || event.type == .versionAdded)
        }
        // Rewritten updates through each format's own identity: versions whatever their text.
        let update = ["Officials said the storm had moved out to sea by Wednesday morning."]
        try home.drop("wire1/storm-2.json", Self.ninjs(uri: "urn:test:storm-1", version: 2, time: "2026-11-24T18:00:00Z",
                                                         headline: "Storm moves out to sea", paragraphs: update))
        try home.drop("wire2/storm-2.xml", Self.nitfLatin1(docID: "storm-nitf-1", date: "20261124T130000-0500",
                                                            headline: "Québec spared as storm turns", paragraphs: ["Hélène Côté said the province was spared."]))
        try home.drop("wire3/storm-g2-2.xml", Self.newsML(guid: "urn:test:g2:storm", version: 2, time: "2026-11-24T18:30:00Z",
                                                           headline: "Power restored", paragraphs: ["Power was restored to most homes."]))
        try home.drop("wire4/storm-2.anpa", Self.anpa(slug: "Storm-Maine", tag: "1stLd-Writethru", trailer: "AP-NY-11-24-26 1400EST<",
                                                      headline: "Maine storm damage counted", paragraphs: ["Damage was put at 12 million dollars."]))
        events = try await daemon.waitForEvents(8)
        for event in events[4...] {
            #expect(event.type == .versionAdded, "\(event.file ?? ""): \(event.type) \(event.reason ?? "")")
            #expect(event.story == story)
            #expect(event.reason?.contains("same identity") == true)
        }
        let detail = try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self)
        #expect(Set(detail.versions.map(\.format)).isSuperset(of: ["ninjs", "nitf", "newsml-g2", "anpa"]))
        // Latin-1 bytes read as the right characters.
        let quebec = try #require(detail.versions.first { $0.file == "wire2/storm-2.xml" })
        #expect(quebec.headline == "Québec spared as storm turns")
        #expect(quebec.body.contains("Hélène Côté"))
        // Document time beats file time.
        let first = try #require(detail.versions.first { $0.file == "wire1/storm.json" })
        #expect(first.time == ISO8601DateFormatter().date(from: "2026-11-24T15:00:00Z"))

        // A withdrawal for the ninjs identity marks the story withdrawn.
        try home.drop("wire1/storm-kill.json", Self.ninjs(uri: "urn:test:storm-1", version: 3, time: "2026-11-24T19:00:00Z",
                                                            headline: "Withdrawn", paragraphs: ["This story has been withdrawn."], status: "canceled"))
        events = try await daemon.waitForEvents(9)
        #expect(events[8].type == .storyWithdrawn)
        #expect(events[8].story == story)
        #expect(try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self).withdrawn)
        await daemon.stop()
    }

    /// AP uses a keyword slug again for the next day's story: a slug names one story only
    /// within the dedup window, and the new story takes it over for its write-throughs and kill.
    @Test func aSlugUsedAgainAnotherDayStartsAnotherStory() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("ap/ws-1.anpa", Self.anpa(slug: "Wall-Street", tag: nil, trailer: "AP-NY-11-10-26 1612EST<",
                                                 headline: "Stocks slip as oil prices climb", paragraphs: [
            "Stocks slipped on Tuesday as oil prices climbed for a third day and investors sold shares of airlines and shippers.",
            "The Dow Jones industrial average fell 120 points, and bond yields rose after a weak auction of ten-year notes.",
        ]))
        var events = try await daemon.waitForEvents(1)
        let first = try #require(events[0].story)
        let nasdaq = [
            "Technology shares rallied on Thursday, lifting the Nasdaq composite to a record as chipmakers reported strong orders.",
            "Semiconductor stocks led the gains after two of the largest suppliers raised their forecasts for the rest of the year.",
        ]
        try home.drop("ap/ws-2.anpa", Self.anpa(slug: "Wall-Street", tag: nil, trailer: "AP-NY-11-19-26 1000EST<",
                                                 headline: "Tech rally lifts Nasdaq to record", paragraphs: nasdaq))
        events = try await daemon.waitForEvents(2)
        #expect(events[1].type == .storyCreated, "\(events[1].reason ?? "")")
        let second = try #require(events[1].story)
        #expect(second != first)
        // Its write-through, whatever its text, and its kill go to the new story.
        try home.drop("ap/ws-3.anpa", Self.anpa(slug: "Wall-Street", tag: "1stLd-Writethru", trailer: "AP-NY-11-19-26 1300EST<",
                                                 headline: "Nasdaq closes at record", paragraphs: [
            "The Nasdaq closed at a record high, and the broader market ended the day with its biggest gain in a month.",
        ]))
        _ = try await daemon.waitForEvents(3)
        try home.drop("ap/ws-4.anpa", Self.anpa(slug: "Wall-Street", tag: "Kill", trailer: "AP-NY-11-19-26 1400EST<",
                                                 headline: "Kill", paragraphs: ["Editors: The story is killed."]))
        events = try await daemon.waitForEvents(4)
        #expect(events[2].type == .versionAdded && events[2].story == second, "\(events[2].type) \(events[2].reason ?? "")")
        #expect(events[2].reason?.contains("same identity anpa:BC-WALL-STREET") == true)
        #expect(events[3].type == .storyWithdrawn && events[3].story == second)
        #expect(events[3].headline == "Nasdaq closes at record")
        #expect(try await daemon.getJSON("/v1/stories/\(first)", as: StoryDetail.self).withdrawn == false)
        // A kill days after the slug's last story names none.
        try home.drop("ap/ws-5.anpa", Self.anpa(slug: "Wall-Street", tag: "Kill", trailer: "AP-NY-11-25-26 1000EST<",
                                                 headline: "Kill", paragraphs: ["Editors: The story is killed."]))
        events = try await daemon.waitForEvents(5)
        #expect(events[4].type == .fileRejected)
        #expect(events[4].reason?.contains("which no story stored within dedup.window_hours of it carries") == true, "\(events[4].reason ?? "")")
        await daemon.stop()
    }

    /// An ANPA take has no headline of its own: the story keeps its headline.
    @Test func aTakeKeepsTheStorysHeadline() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("ap/fed-1.anpa", Self.anpa(slug: "Fed-Rates", tag: nil, trailer: "AP-NY-11-20-26 1400EST<",
                                                 headline: "Fed holds rates steady", paragraphs: [
            "The Federal Reserve held its benchmark rate steady on Wednesday and signalled two cuts next year.",
        ]))
        var events = try await daemon.waitForEvents(1)
        let story = try #require(events[0].story)
        try home.drop("ap/fed-2.anpa", Self.anpa(slug: "Fed-Rates", tag: "2nd Take", trailer: "AP-NY-11-20-26 1415EST<", headline: nil, paragraphs: [
            "Officials also updated their economic projections, forecasting growth of 1.8% next year.",
        ]))
        events = try await daemon.waitForEvents(2)
        #expect(events[1].type == .versionAdded && events[1].story == story, "\(events[1].type) \(events[1].reason ?? "")")
        #expect(events[1].headline == "Fed holds rates steady")
        let detail = try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self)
        #expect(detail.headline == "Fed holds rates steady")
        #expect(detail.versions.last?.headline == "")
        await daemon.stop()
    }

    /// A correction that only flips a figure's sign is a version, not a duplicate; and a third
    /// version that takes back the second's change (its text the first's, dated after the
    /// second) is a version the story returns to, not a duplicate of the first.
    @Test func aSignFlippedOrAChangeTakenBackIsAVersion() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let first = ["Euro zone output fell -0.2% in the third quarter, a flash estimate showed on Friday, against forecasts of a small rise."]
        let flipped = ["Euro zone output fell +0.2% in the third quarter, a flash estimate showed on Friday, against forecasts of a small rise."]
        // One at a time: files dropped together may be decided in another order.
        try home.drop("ap/gdp-1.json", Self.ninjs(uri: "urn:x:gdp", version: 1, time: "2026-11-20T10:00:00Z",
                                                  headline: "Euro zone GDP -0.2% q/q", paragraphs: first))
        _ = try await daemon.waitForEvents(1)
        try home.drop("ap/gdp-2.json", Self.ninjs(uri: "urn:x:gdp", version: 2, time: "2026-11-20T10:05:00Z",
                                                  headline: "Euro zone GDP +0.2% q/q", paragraphs: flipped))
        _ = try await daemon.waitForEvents(2)
        try home.drop("ap/gdp-3.json", Self.ninjs(uri: "urn:x:gdp", version: 3, time: "2026-11-20T10:10:00Z",
                                                  headline: "Euro zone GDP -0.2% q/q", paragraphs: first))
        _ = try await daemon.waitForEvents(3)
        // A second feed's late copy of the first text, dated as the first: a duplicate.
        try home.drop("afp/gdp-1.json", Self.ninjs(uri: "urn:x:gdp", version: 1, time: "2026-11-20T10:00:00Z",
                                                   headline: "Euro zone GDP -0.2% q/q", paragraphs: first))
        let events = try await daemon.waitForEvents(4)
        let story = try #require(events[0].story)
        #expect(events[1].type == .versionAdded && events[1].story == story, "\(events[1].type) \(events[1].reason ?? "")")
        #expect(events[2].type == .versionAdded && events[2].story == story, "\(events[2].type) \(events[2].reason ?? "")")
        #expect(events[2].reason?.contains("returns to the text of version 1") == true, "\(events[2].reason ?? "")")
        #expect(events[3].type == .duplicateSeen && events[3].story == story, "\(events[3].type) \(events[3].reason ?? "")")
        let detail = try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self)
        #expect(detail.headline == "Euro zone GDP -0.2% q/q" && detail.versions.count == 3)
        await daemon.stop()
    }

    /// A version numbered by its format below one the story already has (version 2 after
    /// version 3) is kept without taking over the story, and so is any version of a withdrawn
    /// story: `current` is false on its event, and the story keeps its headline.
    @Test func aLateVersionOrOneAfterAKillIsKeptButNotCurrent() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        func drop(_ name: String, version: Int, minutes: Int, headline: String, status: String = "usable", count: Int) async throws -> FeedEvent {
            try home.drop("ap/\(name).json", Self.ninjs(uri: "urn:x:\(name.prefix(4))", version: version,
                                                       time: "2026-11-20T10:\(String(format: "%02d", minutes)):00Z", headline: headline,
                                                       paragraphs: (name.hasPrefix("gale") ? Self.paragraphs : Self.mayor)
                                                           + ["Update \(version): \(headline)."],
                                                       status: status))
            return try await daemon.waitForEvents(count)[count - 1]
        }
        let first = try await drop("gale-1", version: 1, minutes: 0, headline: "Storm nears Maine", count: 1)
        let third = try await drop("gale-3", version: 3, minutes: 10, headline: "Storm cuts power to 40,000 in Maine", count: 2)
        let late = try await drop("gale-2", version: 2, minutes: 5, headline: "Storm hits Maine coast", count: 3)
        let story = try #require(first.story)
        #expect(third.type == .versionAdded && third.story == story && third.current == nil)
        #expect(late.type == .versionAdded && late.story == story && late.current == false, "\(late.type) \(late.reason ?? "")")
        #expect(late.reason?.contains("late: ninjs version 2 after version 3") == true, "\(late.reason ?? "")")
        #expect(late.headline == "Storm cuts power to 40,000 in Maine")
        var detail = try await daemon.getJSON("/v1/stories/\(story)", as: StoryDetail.self)
        #expect(detail.headline == "Storm cuts power to 40,000 in Maine" && detail.versions.count == 3)
        #expect(detail.currentVersion == 2, "the story says its version 2, the format's version 3")
        let served = try await daemon.get("/v1/stories/\(story)")
        #expect(String(decoding: served.1, as: UTF8.self).contains(#""current_version":2"#))
        #expect(detail.versions.map(\.formatVersion) == [1, 3, 2] && detail.versions.allSatisfy { $0.identity == "ninjs:urn:x:gale" },
                "\(detail.versions.map { ($0.identity ?? "-", $0.formatVersion ?? 0) })")
        // A kill, then a version that arrives after it.
        let killed = try await drop("kill-1", version: 1, minutes: 20, headline: "Mayor resigns", count: 4)
        _ = try await drop("kill-3", version: 3, minutes: 30, headline: "Mayor resigns", status: "canceled", count: 5)
        let after = try await drop("kill-2", version: 2, minutes: 25, headline: "Mayor resigns amid inquiry", count: 6)
        let withdrawn = try #require(killed.story)
        #expect(after.type == .versionAdded && after.story == withdrawn && after.current == false, "\(after.type) \(after.reason ?? "")")
        #expect(after.reason?.contains("the story is withdrawn") == true, "\(after.reason ?? "")")
        detail = try await daemon.getJSON("/v1/stories/\(withdrawn)", as: StoryDetail.self)
        #expect(detail.headline == "Mayor resigns" && detail.withdrawn)
        await daemon.stop()
    }

    /// Numbers decide which version the story says, whatever the arrival order: a version 3
    /// that repeats the text of a version 1 that came late is current (the story returns to
    /// it), and a version 3 seen only as a duplicate still makes a version 2 late.
    @Test func versionNumbersHoldAcrossLateArrivalsAndDuplicates() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let high = ["Euro zone inflation was 4.2% in October, the statistics office said on Friday, above the central bank's target."]
        let low = ["Euro zone inflation was 2.4% in October, the statistics office said on Friday, above the central bank's target."]
        var count = 0
        func drop(_ name: String, uri: String, version: Int, minutes: Int, paragraphs: [String]) async throws -> FeedEvent {
            count += 1
            try home.drop("ap/\(name).json", Self.ninjs(uri: uri, version: version, time: "2026-11-20T10:\(String(format: "%02d", minutes)):00Z",
                                                       headline: "Euro zone inflation in October", paragraphs: paragraphs))
            return try await daemon.waitForEvents(count)[count - 1]
        }
        _ = try await drop("cpi-2", uri: "urn:x:cpi", version: 2, minutes: 10, paragraphs: low)
        let late = try await drop("cpi-1", uri: "urn:x:cpi", version: 1, minutes: 0, paragraphs: high)
        let back = try await drop("cpi-3", uri: "urn:x:cpi", version: 3, minutes: 20, paragraphs: high)
        #expect(late.type == .versionAdded && late.current == false, "\(late.type) \(late.reason ?? "")")
        #expect(back.type == .versionAdded && back.current == nil && back.reason?.contains("returns to the text of version 2") == true,
                "\(back.type) \(back.reason ?? "")")
        // Version 3 repeating version 1's text is a duplicate; version 2 after it is late.
        _ = try await drop("ppi-1", uri: "urn:x:ppi", version: 1, minutes: 0, paragraphs: high + low)
        let repeated = try await drop("ppi-3", uri: "urn:x:ppi", version: 3, minutes: 20, paragraphs: high + low)
        let second = try await drop("ppi-2", uri: "urn:x:ppi", version: 2, minutes: 15, paragraphs: high)
        #expect(repeated.type == .duplicateSeen, "\(repeated.type) \(repeated.reason ?? "")")
        #expect(second.type == .versionAdded && second.current == false && second.reason?.contains("after version 3") == true,
                "\(second.type) \(second.reason ?? "")")
        await daemon.stop()
    }

    /// NITF numbers a story's versions on its du-key while each version may carry a doc-id of
    /// its own: a version 2 after the du-key's version 3 is late whatever its doc-id.
    @Test func aNITFVersionIsLateByItsDuKeysNumber() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        func nitf(docID: String, version: Int, headline: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <nitf><head><docdata><doc-id id-string="\(docID)"/><du-key key="us-senate-budget" version="\(version)"/>
            <date.issue norm="20261124T1\(version)0000Z"/></docdata></head>
            <body><body.head><hedline><hl1>\(headline)</hl1></hedline></body.head>
            <body.content><p>The Senate passed a stopgap spending bill late on Monday, sending it to the House with hours to spare.</p>
            <p>Version \(version) of the story.</p></body.content></body></nitf>
            """
        }
        try home.drop("rtr/budget-3.xml", nitf(docID: "rtr-20261124-0042", version: 3, headline: "Senate passes stopgap bill, House next"))
        _ = try await daemon.waitForEvents(1)
        try home.drop("rtr/budget-2.xml", nitf(docID: "rtr-20261124-0031", version: 2, headline: "Senate passes stopgap bill"))
        let events = try await daemon.waitForEvents(2)
        #expect(events[1].type == .versionAdded && events[1].current == false, "\(events[1].type) \(events[1].reason ?? "")")
        #expect(events[1].headline == "Senate passes stopgap bill, House next")
        let detail = try await daemon.getJSON("/v1/stories/\(try #require(events[0].story))", as: StoryDetail.self)
        #expect(detail.versions.map(\.identity) == ["nitf:us-senate-budget", "nitf:us-senate-budget"])
        await daemon.stop()
    }

    /// Each NITF version may carry a doc-id of its own; the du-key names the story throughout,
    /// and a kill that carries only its own doc-id and the du-key withdraws it.
    @Test func aNITFKillFindsItsStoryByTheDuKey() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        func nitf(docID: String, version: Int, status: String, paragraph: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <nitf><head><docdata><doc-id id-string="\(docID)"/><du-key key="Fed-Rates-1129" version="\(version)"/>
            <date.issue norm="20261120T14\(version)000Z"/><management-status management-status="\(status)"/></docdata></head>
            <body><body.head><hedline><hl1>Fed holds rates steady</hl1></hedline></body.head>
            <body.content><p>\(paragraph)</p></body.content></body></nitf>
            """
        }
        // One at a time: files dropped together may be decided in another order.
        try home.drop("ap/fed-1.xml", nitf(docID: "AP-20261120-0001", version: 1, status: "usable",
                                           paragraph: "The Federal Reserve held its benchmark rate steady on Wednesday and signalled two cuts next year."))
        _ = try await daemon.waitForEvents(1)
        try home.drop("ap/fed-2.xml", nitf(docID: "AP-20261120-0002", version: 2, status: "usable",
                                           paragraph: "Fed officials said inflation had cooled enough to consider cuts, but not yet."))
        _ = try await daemon.waitForEvents(2)
        try home.drop("ap/fed-3.xml", nitf(docID: "AP-20261120-0003", version: 3, status: "canceled", paragraph: "Killed."))
        let events = try await daemon.waitForEvents(3)
        let story = try #require(events[0].story)
        #expect(events[1].type == .versionAdded && events[1].story == story, "\(events[1].type) \(events[1].reason ?? "")")
        #expect(events[2].type == .storyWithdrawn && events[2].story == story, "\(events[2].type) \(events[2].reason ?? "")")
        #expect(events[2].reason?.contains("nitf:Fed-Rates-1129") == true)
        // The kill's file is no duplicate: the group holds the two versions' files.
        let group = try await daemon.getJSON("/v1/stories/\(story)/group", as: DuplicateGroup.self)
        #expect(group.files == 2 && group.versions == 2, "\(group)")
        await daemon.stop()
    }

    @Test func eachVersionKeepsItsBylineDatelineAndUrgency() async throws {
        // Four stories, one per structured format, each naming its writer, its place and its
        // urgency apart from the body; and a plain-text story, which names none of them.
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        try home.drop("ninjs.json", """
            {"uri": "urn:test:credits", "type": "text", "versioncreated": "2026-11-24T15:00:00Z", "urgency": 3,
             "byline": "By Jane Doe", "located": "PORTLAND, Maine",
             "headlines": [{"value": "Ferry service halted"}], "bodies": [{"contenttype": "text/html",
             "value": "<p>The island ferry stopped running on Tuesday after waves damaged its landing ramp.</p>"}]}
            """)
        try home.drop("nitf.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <nitf><head><docdata><doc-id id-string="credits-nitf"/><urgency ed-urg="2"/></docdata></head>
            <body><body.head><hedline><hl1>Québec dam holds</hl1></hedline>
            <byline>By Hélène Côté <byttl>Staff Writer</byttl></byline><dateline>QUEBEC CITY, Nov. 24</dateline></body.head>
            <body.content><p>Engineers said the dam north of the city held through the night as the river crested.</p></body.content></body></nitf>
            """)
        try home.drop("g2.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:credits-g2" version="1" standard="NewsML-G2" standardversion="2.33">
              <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-24T15:20:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
              <contentMeta><urgency>5</urgency><headline>Schools reopen</headline><dateline>BANGOR, Maine</dateline><by>Sam Lee</by></contentMeta>
              <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Most schools in the county reopened on Thursday, two days after the storm closed them.</p></body></html></inlineXML></contentSet>
            </newsItem>
            """)
        var anpa: [UInt8] = [0x16, 0x16, 0x01] + Array("a0456 u a BC-Ferry-Rescue 0412\r\n".utf8) + [0x02]
        anpa += Array("^Ferry passengers rescued<\r\n^By Ana de Souza<\r\n".utf8)
        anpa += Array("\tROCKLAND, Maine (AP) _ Forty passengers were taken off a stranded ferry by lifeboat on Tuesday.\r\n".utf8)
        anpa += Array("\r\nAP-NY-11-24-26 1030EST<\r\n".utf8) + [0x03]
        try home.drop("wire.anpa", Data(anpa))
        try home.drop("plain.txt", "Power restored in Bath\n\nBATH, Maine (AP) - The utility said power was back for all but a few hundred homes.\n")
        let events = try await daemon.waitForEvents(5)
        #expect(events.allSatisfy { $0.type == .storyCreated }, "\(events.map { "\($0.file ?? ""): \($0.type) \($0.reason ?? "")" })")
        var versions: [String: VersionDetail] = [:]
        for event in events {
            let detail = try await daemon.getJSON("/v1/stories/\(try #require(event.story))", as: StoryDetail.self)
            for version in detail.versions { versions[version.file] = version }
        }
        let ninjs = try #require(versions["ninjs.json"])
        #expect(ninjs.byline == "By Jane Doe")
        #expect(ninjs.dateline == "PORTLAND, Maine")
        #expect(ninjs.urgency == 3)
        let nitf = try #require(versions["nitf.xml"])
        #expect(nitf.byline?.hasPrefix("By Hélène Côté") == true, "\(nitf.byline ?? "nil")")
        #expect(nitf.dateline == "QUEBEC CITY, Nov. 24")
        #expect(nitf.urgency == 2)
        let g2 = try #require(versions["g2.xml"])
        #expect(g2.byline == "Sam Lee")
        #expect(g2.dateline == "BANGOR, Maine")
        #expect(g2.urgency == 5)
        // ANPA names its writer on a `^By` line, its urgency by priority (`u`: 3) and its
        // dateline in the first paragraph, which keeps it.
        let wire = try #require(versions["wire.anpa"])
        #expect(wire.byline == "By Ana de Souza")
        #expect(wire.dateline == "ROCKLAND, Maine")
        #expect(wire.urgency == 3)
        #expect(wire.body.hasPrefix("ROCKLAND, Maine (AP) _ Forty passengers"))
        // Plain text keeps its dateline in the body, and has no byline or urgency to give.
        let plain = try #require(versions["plain.txt"])
        #expect(plain.byline == nil && plain.dateline == nil && plain.urgency == nil)
        #expect(plain.body.hasPrefix("BATH, Maine (AP) -"))
        await daemon.stop()
    }

    @Test func aBacklogDecidedInOneBatchSeesItsOwnIdentitiesAndCopies() async throws {
        // syncd --once commits a backlog in batches; items of one batch must see each other.
        let home = try TestHome()
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        try home.drop("a.json", Self.ninjs(uri: "urn:test:batch", version: 1, time: "2026-09-21T10:00:00Z"), mtime: base)
        try home.drop("b.json", Self.ninjs(uri: "urn:test:batch", version: 2, time: "2026-09-21T11:00:00Z",
                                            headline: "Rewritten entirely", paragraphs: ["Nothing in common with the first."]),
                      mtime: base.addingTimeInterval(1))
        try home.drop("c.json", Self.ninjs(uri: "urn:test:other", version: 1, time: "2026-09-21T10:05:00Z"), mtime: base.addingTimeInterval(2))
        let output = try await Binary.run("syncd", ["--home", home.root.path, "--once", "--log-level", "warning"], directory: home.root)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let database = try Database(path: home.home.database.path)
        let rows: [String: (String, Int64)] = Dictionary(uniqueKeysWithValues: try database.read { connection in
            try connection.query("SELECT path, outcome, story_id FROM files") { ($0.text(0), ($0.text(1), $0.int64(2))) }
        })
        #expect(rows["a.json"]?.0 == "story.created")
        #expect(rows["b.json"]?.0 == "version.added")
        #expect(rows["b.json"]?.1 == rows["a.json"]?.1)
        #expect(rows["c.json"]?.0 == "duplicate.seen") // same text as a.json, another identity: a copy
        #expect(rows["c.json"]?.1 == rows["a.json"]?.1)
        #expect(home.files(in: home.home.processed) == ["a.json", "b.json", "c.json"])
    }

    @Test func hostileFilesAreRejectedWithReasonsWhileTheDaemonRuns() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <nitf><body><body.content><p>&lol3;</p></body.content></body></nitf>
        """
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <nitf><body><body.content><p>&secret;</p></body.content></body></nitf>
        """
        try home.drop("bad/bomb.xml", bomb)
        try home.drop("bad/xxe.xml", xxe)
        try home.drop("bad/truncated.xml", "<?xml version=\"1.0\"?>\n<nitf><body><body.content><p>Cut off in the mid")
        try home.drop("bad/truncated.json", #"{"uri": "urn:x:1", "headline": "Cut off", "body_text": "in the mi"#)
        try home.drop("bad/types.json", #"{"uri": 42, "headline": ["not", "a", "string"], "body_text": {"a": 1}}"#)
        let outside = home.root.appending(path: "outside.txt")
        try "Secret\n\nnot for the inbox".write(to: outside, atomically: true, encoding: .utf8)
        #expect(symlink(outside.path, home.home.inbox.appending(path: "link.txt").path) == 0)
        #expect(mkfifo(home.home.inbox.appending(path: "pipe.txt").path, 0o644) == 0)
        let events = try await daemon.waitForEvents(7)
        let byFile = Dictionary(uniqueKeysWithValues: events.map { ($0.file!, $0) })
        for name in ["bad/truncated.xml", "bad/truncated.json", "bad/types.json"] {
            let reason = byFile[name]?.reason ?? ""
            #expect(byFile[name]?.type == .fileRejected, "\(name): \(reason)")
            #expect(reason.contains("line") || reason.contains("offset") || reason.contains("field") || reason.contains("'"),
                    "\(name): the reason should say where: \(reason)")
        }
        #expect(events.allSatisfy { $0.type == .fileRejected })
        #expect(byFile["bad/bomb.xml"]?.reason?.contains("entity declarations are not allowed") == true)
        #expect(byFile["bad/xxe.xml"]?.reason?.contains("entity declarations are not allowed") == true)
        #expect(byFile["link.txt"]?.reason?.contains("symbolic link") == true)
        #expect(byFile["pipe.txt"]?.reason?.contains("FIFO") == true)
        #expect(!(byFile["bad/xxe.xml"]?.reason?.contains("root:") ?? true))
        // Still running: a good file after them is decided.
        try home.drop("good.txt", "Calm after the storm\n\nThe sun came out.")
        let next = try await daemon.waitForEvents(8)
        #expect(next[7].type == .storyCreated)
        #expect(home.files(in: home.home.rejected).contains("bad/bomb.xml.reason"))
        await daemon.stop()
    }
}
