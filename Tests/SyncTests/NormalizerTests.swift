import Foundation
import ReutersCorpus
import Testing
@testable import Sync

/// ``Normalizer``: the canonical text exact duplicates are found by, and its ASCII fast path
/// giving exactly the Unicode path's result.
@Suite("Normalizer")
struct NormalizerTests {
    @Test func wordsAreLowercasedAndJoinedBySingleSpaces() {
        let normalizer = Normalizer()
        #expect(normalizer.normalize("  Shares ROSE 6-3/16,\r\n\tto 1,750.  ") == "shares rose 6 3 16 to 1 750")
        #expect(normalizer.normalize("“Quoted” — text’s end") == "quoted text s end")
        #expect(normalizer.normalize("Ｆｕｌｌ width ½") == "full width 1 2")
        #expect(normalizer.normalize("") == "")
        #expect(normalizer.normalize(" ,.;\n") == "")
        #expect(normalizer.normalize("x") == "x")
    }

    /// A correction that only flips a figure's sign or its currency is another text, not a
    /// duplicate of the first; a hyphen between words or figures still separates them.
    @Test func signsAndCurrenciesOfFiguresAreKept() {
        let normalizer = Normalizer()
        #expect(normalizer.normalize("GDP -0.2% Q/Q") == "gdp -0 2 q q")
        #expect(normalizer.normalize("GDP +0.2% Q/Q") == "gdp +0 2 q q")
        #expect(normalizer.normalize("GDP \u{2212}0.2% Q/Q") == "gdp -0 2 q q")
        #expect(normalizer.normalize("GDP \u{2013}0.2% Q/Q") == "gdp -0 2 q q" && normalizer.normalize("GDP \u{2012}0.2%") == "gdp -0 2")
        #expect(normalizer.normalize("net -$5.2 million") == "net -$5 2 million" && normalizer.normalize("net $5.2 million") == "net $5 2 million")
        #expect(normalizer.normalize("1986\u{2013}87, \u{2013} 5 pct") == "1986 87 5 pct")
        #expect(normalizer.normalize("-5 below") == "-5 below")
        #expect(normalizer.normalize("a $10 billion fund, US$ 5") == "a $10 billion fund us$ 5")
        #expect(normalizer.normalize("a €10 billion fund, £5") == "a €10 billion fund £5")
        #expect(normalizer.normalize("1986-87 euro-zone - 5 pct, rates -- 6") == "1986 87 euro zone 5 pct rates 6")
        #expect(normalizer.normalize("up 6-3/16") == "up 6 3 16")
        let minus = StoryDocument(headline: "EURO ZONE Q3 GDP -0.2%", body: "Output fell -0.2% on the quarter.",
                                  time: Date(timeIntervalSince1970: 0), source: nil)
        var plus = minus
        plus.headline = "EURO ZONE Q3 GDP +0.2%"
        plus.body = "Output fell +0.2% on the quarter."
        #expect(PreparedDocument.prepare(minus).contentHash != PreparedDocument.prepare(plus).contentHash)
    }

    @Test func theFastPathTakesPlainASCIIOnly() {
        #expect(Normalizer.normalizeASCII("Plain text\r\n") == "plain text")
        #expect(Normalizer.normalizeASCII("Café") == nil)
        #expect(Normalizer.normalizeASCII("a long plain text, and then one last byte \u{80}") == nil)
    }

    @Test func randomASCIINormalizesAlikeOnBothPaths() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aAzZmM09@[`{/: -.,+$\n\r\t\u{0}\u{7F}".utf8)
        var differing: [String] = []
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            if Normalizer.normalizeASCII(text) != Normalizer.normalizeUnicode(text) { differing.append(text) }
        }
        #expect(differing.count == 0, "texts normalized differently: \(differing.prefix(5).map(\.debugDescription))")
    }

    /// A headline and a body normalize as their full text does, without being joined first.
    @Test func aHeadlineAndBodyNormalizeAsTheirFullText() {
        let normalizer = Normalizer()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 -.,\n\t".utf8)
        func random() -> String {
            String(decoding: (0..<Int.random(in: 0..<12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! },
                   as: UTF8.self)
        }
        var cases: [(String, String)] = [
            ("A", "b"), ("", "Body only."), ("Headline only", ""), ("", ""), (" ,. ", " x "), ("x ,", ", y"),
            ("Café prices", "rose 5%."), ("Prices", "rose ½ point"), ("--", "--"),
        ]
        for _ in 0..<2000 { cases.append((random(), random())) }
        let differing = cases.filter { headline, body in
            let document = StoryDocument(headline: headline, body: body, time: Date(timeIntervalSince1970: 0))
            return normalizer.normalize(document) != normalizer.normalize(document.fullText)
        }
        #expect(differing.isEmpty, "pairs normalized differently: \(differing.prefix(5))")
    }

    /// Async, yielding as it goes: a long synchronous test would hold one of the cooperative
    /// threads every other test shares.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func theReutersCorpusNormalizesAlikeOnBothPaths() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        var fast = 0, differing: [Int] = []
        for (index, item) in items.enumerated() where index % 8 == 0 {
            if index % 200 == 0 { await Task.yield() }
            let text = item.title + "\n\n" + item.body
            guard let ascii = Normalizer.normalizeASCII(text) else { continue }
            fast += 1
            if ascii != Normalizer.normalizeUnicode(text) { differing.append(item.newid) }
        }
        #expect(differing.count == 0, "items normalized differently: \(differing.prefix(20))")
        // Wire copy is nearly all ASCII, or this test proves little.
        #expect(fast > items.count / 8 / 2)
    }

    /// Texts without a word all normalize to nothing; their hash is of their full text, so
    /// two of them are exact duplicates only when they are the same.
    @Test func wordlessTextsAreHashedByTheirFullText() {
        func hash(_ headline: String, _ body: String) -> String {
            PreparedDocument.prepare(StoryDocument(headline: headline, body: body, time: Date(timeIntervalSince1970: 0), source: nil)).contentHash
        }
        #expect(hash("***", "---") == hash("***", "---"))
        #expect(hash("***", "---") != hash("###", "+++"))
        #expect(hash("📷", "") != hash("***", "---"))
        // Texts with words keep the hash of their normalized text.
        #expect(hash("Storm hits", "the coast.") == SHA256.hex("storm hits the coast"))
    }
}
