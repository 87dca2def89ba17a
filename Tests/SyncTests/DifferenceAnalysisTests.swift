import Foundation
import ReutersCorpus
import Testing
@testable import Sync

/// ``DifferenceAnalysis`` and ``Verifier`` read words by hash and bytes where they can: the
/// answers are those of reading every word's text.
@Suite("Difference analysis")
struct DifferenceAnalysisTests {
    /// The time-or-date test as it reads with every word's text made.
    func textReading(_ tokens: TokenList, _ range: Range<Int>) -> Bool {
        let words = DifferenceAnalysis.timeWords.words
        let low = max(0, range.lowerBound - 2), high = min(tokens.count, range.upperBound + 2)
        for i in low..<high {
            let t = tokens.text(at: i)
            if words.contains(t) || (t.contains(":") && tokens[i].isNumeric) { return true }
            if t == "a" || t == "p", i + 1 < tokens.count, tokens.text(at: i + 1) == "m" { return true }
        }
        return false
    }

    @Test func clockTimesDatesAndWeeksAreTimes() {
        let tokens = WireTokenizer().tokens(headline: "", body: "Rose at 10:30 then 3 p.m. in the week ended March 6, or 12 Ended by 4 am. Then we sold 5 m of cloth or 7 apples")
        func isTime(_ word: String) -> Bool {
            let i = (0..<tokens.count).first { tokens.text(at: $0) == word }!
            return DifferenceAnalysis.isTimeOrDate(tokens, i..<(i + 1))
        }
        #expect(isTime("10:30") && isTime("3") && isTime("6") && isTime("12") && isTime("4"))
        #expect(!isTime("5") && !isTime("7"))
        #expect(tokens.word(at: 0, is: "rose") && !tokens.word(at: 0, is: "ros") && !tokens.word(at: 0, is: "roses"))
        #expect(tokens.word(at: 2, contains: 0x3A) && !tokens.word(at: 0, contains: 0x3A))
    }

    /// Every word of every eighth corpus item, and every run of two: the hashed reading finds
    /// the times and dates the text reading finds, and no other.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func timesAndDatesFoundByHashAreThoseTheTextsGive() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        var differing: [String] = [], found = 0, runs = 0
        for (index, item) in items.enumerated() where index % 8 == 0 {
            if index % 800 == 0 { await Task.yield() }
            let tokens = WireTokenizer().tokens(headline: item.title, body: item.body)
            for i in 0..<tokens.count {
                for range in [i..<(i + 1), i..<min(i + 2, tokens.count)] {
                    runs += 1
                    let hashed = DifferenceAnalysis.isTimeOrDate(tokens, range)
                    if hashed { found += 1 }
                    if hashed != textReading(tokens, range) { differing.append("\(item.newid): \(tokens.texts(range))") }
                }
            }
        }
        #expect(differing.isEmpty, "differ: \(differing.prefix(20))")
        #expect(found > 10_000 && found < runs / 2, "\(found) of \(runs) runs are times")
    }

    /// The engine asks for rejections without their reasons, and passes the new text's
    /// ``TextProfile``: the verdicts are the same in all else, and an accepted pair still says why. Checked on the labelled pairs and on pairs of
    /// neighbouring items of the wire (look-alikes, versions and unrelated items).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/dev-pairs.tsv")))
    func rejectionsLeftUnexplainedAreTheSameVerdicts() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        let byID = Dictionary(items.map { ($0.newid, $0) }, uniquingKeysWith: { first, _ in first })
        var pairs = try LabelledPair.load(CorpusItem.defaultDirectory + "/dev-pairs.tsv").compactMap { pair in
            byID[pair.a].flatMap { a in byID[pair.b].map { (a, $0) } }
        }
        for index in stride(from: 0, to: items.count - 3, by: 7) { pairs.append((items[index], items[index + 3])) }
        let verifier = Verifier()
        var accepted = 0, rejected = 0
        for (a, b) in pairs {
            let old = Sketch.build(headline: a.title, body: a.body), new = Sketch.build(headline: b.title, body: b.body)
            let full = verifier.verify(new: new, newTime: b.time, old: old, oldTime: a.time, oldLabel: "A")
            let brief = verifier.verify(new: new, newTime: b.time, old: old, oldTime: a.time, oldLabel: "A", explainingRejection: false)
            #expect(brief.sameStory == full.sameStory && brief.similarity == full.similarity
                    && brief.containment == full.containment && brief.differences == full.differences, "\(a.newid)/\(b.newid)")
            #expect(brief.reason == (full.sameStory ? full.reason : ""), "\(a.newid)/\(b.newid)")
            // And with the new text's profile worked out beforehand, as the engine passes it.
            let profiled = verifier.verify(new: new, newTime: b.time, old: old, oldTime: a.time, oldLabel: "A",
                                           newProfile: TextProfile(new.tokens))
            #expect(profiled == full, "\(a.newid)/\(b.newid)")
            #expect(!full.reason.isEmpty)
            if full.sameStory { accepted += 1 } else { rejected += 1 }
        }
        #expect(accepted > 50 && rejected > 100, "accepted \(accepted), rejected \(rejected)")
    }
}
