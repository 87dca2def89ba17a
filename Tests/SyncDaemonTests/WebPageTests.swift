import Foundation
import Sync
import Testing
@testable import SyncDaemon

/// The page at `/` in headless Chromium against a running syncd with real stories: the DOM it
/// renders must hold the duplicate group, both versions side by side with the changed figure
/// marked, and the live feed.
@Suite("Web page in headless Chromium", .serialized)
struct WebPageTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Loads `url` in headless Chromium and returns the DOM after the page's scripts ran.
    static func renderedDOM(_ url: String, browser: String, profile: URL) async throws -> String {
        let output = try await Binary.run(browser, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=8000", "--run-all-compositor-stages-before-draw",
            "--dump-dom", url,
        ], directory: profile, absolute: true)
        #expect(output.status == 0, "chromium: \(output.stderr.suffix(600))")
        return output.stdout
    }

    @Test func thePageShowsGroupsTheFeedAndTwoVersionsSideBySide() async throws {
        // .ci/run installs Chromium (Debian package); a machine without it fails here, loudly.
        let browser = try #require(Self.chromium, "headless Chromium is needed: apt-get install chromium")
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let seeds = try Seeds.all()
        for seed in seeds { try home.drop(seed.name, seed.data) }
        _ = try await daemon.waitForEvents(5)
        let (corrected, old, new) = try DedupEndToEndTests.correctFirstFigure(String(decoding: seeds[0].data, as: UTF8.self))
        try home.drop("afp/corrected.txt", corrected)
        let events = try await daemon.waitForEvents(6)
        let story = try #require(events[5].story)

        let profile = home.root.appending(path: "chromium-profile")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let dom = try await Self.renderedDOM("\(daemon.baseURL)/?story=\(story)&from=1&to=2", browser: browser, profile: profile)
        // The duplicate group, with its member's evidence.
        #expect(dom.contains(#"class="group selected" data-story="\#(story)""#), "DOM: \(dom.prefix(2000))")
        #expect(dom.contains("version.added afp/corrected.txt (similarity"))
        // Side by side: the old figure struck on the left, the new one marked on the right.
        #expect(dom.contains("<del>\(old)</del>"))
        #expect(dom.contains("<ins>\(new)</ins>"))
        #expect(dom.contains(#"id="left""#) && dom.contains(#"id="right""#))
        // The live feed received every event over the stream.
        for seq in 1...6 { #expect(dom.contains(#"data-seq="\#(seq)""#)) }
        #expect(dom.contains("6 stories") == false && dom.contains("5 stories · 6 versions · 0 duplicates"))
        await daemon.stop()
    }
}
