import Foundation
import ReutersCorpus
import Testing
@testable import Sync

/// ``NumberValue``: figures as wire copy writes them, and the word filter in front of it.
@Suite("Number values")
struct NumberValueTests {
    /// The values as they would be without the filter: every word parsed.
    func unfilteredValues(_ tokens: TokenList) -> [Double] {
        NumberValue.values(tokens, 0..<tokens.count, considering: { _, _ in true })
    }

    @Test func figuresAreReadAsTheWireWritesThem() {
        let tokens = WireTokenizer().tokens(headline: "", body: "Seven rose 1,750 to 6-3/16, 1.5 billion dlrs at 10:30 and 3 p.m.")
        #expect(NumberValue.values(tokens, 0..<tokens.count) == [7, 1750, 6.1875, 1.5e9, 1030, 1500])
    }

    @Test func everyNumberWordPassesTheFilter() {
        for word in NumberValue.words.keys {
            let tokens = WireTokenizer().tokens(headline: "", body: "Up \(word) and \(word.uppercased()) more")
            #expect((0..<tokens.count).filter { NumberValue.mayBeNumber(tokens, $0) }.count >= 2, "\(word)")
            #expect(NumberValue.values(tokens, 0..<tokens.count).count == 2, "\(word)")
        }
    }

    /// The filter only skips words that are no number: with it, every text gives the values it
    /// gives when each word is parsed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func theFilterDropsNoFigureOfTheReutersCorpus() async throws {
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        var differing: [Int] = [], skipped = 0, words = 0
        for (index, item) in items.enumerated() where index % 16 == 0 {
            if index % 400 == 0 { await Task.yield() }
            let tokens = WireTokenizer().tokens(headline: item.title, body: item.body)
            if NumberValue.values(tokens, 0..<tokens.count) != unfilteredValues(tokens) { differing.append(item.newid) }
            words += tokens.count
            skipped += (0..<tokens.count).filter { !NumberValue.mayBeNumber(tokens, $0) }.count
        }
        #expect(differing.count == 0, "items whose figures differ: \(differing.prefix(20))")
        // The filter must skip most words, or it saves nothing.
        #expect(skipped * 10 > words * 7, "skipped \(skipped) of \(words) words")
    }
}
