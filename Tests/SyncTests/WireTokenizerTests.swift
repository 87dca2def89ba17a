import Foundation
import ReutersCorpus
import Testing
@testable import Sync

/// The ASCII fast path of ``WireTokenizer`` gives exactly the Unicode path's tokens.
@Suite("Wire tokenizer")
struct WireTokenizerTests {
    func expectSamePaths(_ headline: String, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = WireTokenizer.asciiTokens(headline: headline, body: body)
        let general = WireTokenizer().unicodeTokens(headline: headline, body: body)
        #expect(fast == general, "headline \(headline.debugDescription) body \(body.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func theFastPathTakesPlainASCIIOnly() {
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "plain text") != nil)
        #expect(WireTokenizer.asciiTokens(headline: "Café", body: "plain") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "line\r\nbreak") == nil)
        // Wherever the byte lies: in an eight-byte step or the tail, in either text, or in the
        // whitespace a hyphenated line break skips.
        #expect(WireTokenizer.asciiTokens(headline: "Plain\r", body: "plain text") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "a long plain text, then caf\u{E9}") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "\u{E9}t\u{E9} and a long plain text after it") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "the dif-\r\n   ficulties") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "a-\r\n b") == nil)
        #expect(WireTokenizer.asciiTokens(headline: "Plain", body: "the dif-\n   ficulties") != nil)
    }

    @Test func wireNoiseIsHandledAlikeOnBothPaths() {
        let cases: [(String, String)] = [
            ("U.S. Corp. said", "The dif-\n    ficulties of U.S. Corp. grew.\n\nShares rose 6-3/16 to 1,750.5 at 10:30."),
            ("Company's `results'", "The company's results (Reuters) beat forecasts (AP).\n  (a) first\n(REUTER) (reutersx)"),
            ("Tabs", "First line\n\tindented paragraph\n   three-space indent\nnext\n"),
            ("Sign-off", "Body text here.\n Reuter\n\n"),
            ("Sign-off dash", "Body text here.\n-- AFP\n"),
            ("Agency with digit", "Body text.\nAP 2\n"),
            ("Only agency", "Reuter"),
            ("", ""),
            ("x", "-\n"),
            ("Long", String(repeating: "a", count: 200) + " " + String(repeating: "B", count: 70)),
            ("UPPER CASE HEADLINE", "ALL CAPS BODY. lower. Mixed? Yes! No; maybe: so"),
            ("Numbers", "1.2.3 4,5 6/7 8-9 10:11 12. 13 a1-2 3a-4"),
            ("Control bytes", "x (AP\u{0}) y (\u{0}AP) z\u{0}w (A\u{7F}P)\nReuter\u{0}\n"),
        ]
        for (headline, body) in cases { expectSamePaths(headline, body) }
    }

    @Test func randomASCIIGivesTheSameTokensOnBothPaths() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aAzZ09 -.,/:;!?'`()\n\n\t  RreutAPafp\u{0}\u{7F}".utf8)
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let headline = String(decoding: bytes.prefix(length / 4), as: UTF8.self)
            expectSamePaths(headline, String(decoding: bytes, as: UTF8.self))
        }
        // Long words and numbers, so the eight-byte paths meet words that span, end inside
        // and end exactly on a word of eight, and (AP)-style tags far into the text.
        let wordy = Array("abcdefghijKLMNOPQRstu0123456789".utf8)
        let breaks = Array(" .,-/:'`\n(AP)(reuter)".utf8)
        for _ in 0..<1000 {
            var bytes: [UInt8] = []
            while bytes.count < 300 {
                let run = Int.random(in: 0..<20, using: &generator)
                bytes += (0..<run).map { _ in wordy.randomElement(using: &generator)! }
                bytes += (0..<Int.random(in: 1...3, using: &generator)).map { _ in breaks.randomElement(using: &generator)! }
            }
            expectSamePaths("", String(decoding: bytes, as: UTF8.self))
        }
        // Words parted by gaps of every make-up and length (the fast path reads gaps of up to
        // seven bytes as one word): sentence ends, line breaks, tabs, runs of spaces.
        let gapBytes = Array(" \n\t.,:!?'()-".utf8) + Array(repeating: UInt8(0x20), count: 6)
        for _ in 0..<1500 {
            var bytes: [UInt8] = []
            while bytes.count < 200 {
                bytes += (0..<Int.random(in: 1...6, using: &generator)).map { _ in wordy.randomElement(using: &generator)! }
                bytes += (0..<Int.random(in: 1...9, using: &generator)).map { _ in gapBytes.randomElement(using: &generator)! }
            }
            expectSamePaths("", String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Async, yielding as it goes: a long synchronous test would hold one of the few
    /// cooperative threads that every other test (and every in-process daemon) shares.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func theReutersCorpusGivesTheSameTokensOnBothPaths() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        let parser = DocumentParser()
        var fast = 0, differing: [Int] = []
        // Every eighth item keeps the test short; the whole corpus passed once (33 s, debug build).
        let sample = items.enumerated().filter { $0.offset % 8 == 0 }.map(\.element)
        for (index, item) in sample.enumerated() {
            if index % 25 == 0 { await Task.yield() }
            let document = try parser.parse(Array(item.inboxText.utf8), fileName: "\(item.newid).txt",
                                            modificationTime: item.time, source: nil)
            for (headline, body) in [(item.title, item.body), (document.headline, document.body)] {
                guard let tokens = WireTokenizer.asciiTokens(headline: headline, body: body) else { continue }
                fast += 1
                if tokens != WireTokenizer().unicodeTokens(headline: headline, body: body) { differing.append(item.newid) }
            }
        }
        #expect(differing.isEmpty, "items whose tokens differ: \(differing.prefix(20))")
        // The fast path is the common one on wire copy, or this test proves little.
        #expect(fast > sample.count)
    }
}
