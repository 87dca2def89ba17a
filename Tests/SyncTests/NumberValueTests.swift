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

    @Test func plainDecimalsAreReadFromTheBytesAndOtherShapesAreLeftToTheGeneralPath() {
        #expect(NumberValue.plainDecimal("1,750") == 1750)
        #expect(NumberValue.plainDecimal("6.4") == 6.4)
        #expect(NumberValue.plainDecimal("2008") == 2008)
        #expect(NumberValue.plainDecimal("0.125") == 0.125)
        for other in ["6-3/16", "3/8", "10:30", "1.", "1.2.3", "1.5,3", "0x1a", "1e5", "4th", "12345678901234567", ""] {
            #expect(NumberValue.plainDecimal(other) == nil, "\(other)")
        }
    }

    /// The byte-level reading gives, bit for bit, what the general path gives, on random
    /// digit strings with commas and points and on every numeric word of the corpus.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func plainDecimalsEqualTheGeneralReading() async throws {
        func check(_ text: String) -> Bool {
            guard let fast = NumberValue.plainDecimal(text) else { return true }
            return NumberValue.generalNumber(text)?.bitPattern == fast.bitPattern
        }
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = [], fastOnes = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...18, using: &generator)
            var text = String((0..<length).map { _ in "0123456789".randomElement(using: &generator)! })
            if Bool.random(using: &generator) { text.insert(",", at: text.index(text.startIndex, offsetBy: Int.random(in: 1...length, using: &generator) - 1)) }
            if Bool.random(using: &generator) { text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 1...length, using: &generator))) }
            guard text.first!.isNumber else { continue }
            if NumberValue.plainDecimal(text) != nil { fastOnes += 1 }
            if !check(text) { mismatches.append(text) }
        }
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        var corpusNumbers = 0
        for (index, item) in items.enumerated() where index % 8 == 0 {
            if index % 800 == 0 { await Task.yield() }
            let tokens = WireTokenizer().tokens(headline: item.title, body: item.body)
            for i in 0..<tokens.count where tokens[i].isNumeric {
                let text = tokens.text(at: i)
                if NumberValue.plainDecimal(text) != nil { corpusNumbers += 1 }
                if !check(text) { mismatches.append(text) }
            }
        }
        #expect(mismatches.count == 0, "differ: \(mismatches.prefix(20))")
        #expect(fastOnes > 10_000 && corpusNumbers > 10_000, "fast path taken \(fastOnes) and \(corpusNumbers) times")
    }

    /// Scale words and meridiems are recognised by their hash first: the values are those of
    /// reading every following word's text, on the corpus.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")))
    func scaleWordsAndMeridiemsFoundByHashGiveTheTextReadingsValues() async throws {
        /// The figures read from the words' texts alone.
        func textReading(_ tokens: TokenList) -> [Double] {
            var out: [Double] = []
            for i in 0..<tokens.count {
                guard var v = NumberValue.parse(tokens.text(at: i)) else { continue }
                let next = i + 1 < tokens.count ? tokens.text(at: i + 1) : ""
                let third = i + 2 < tokens.count ? tokens.text(at: i + 2) : ""
                let meridiem: String? = next == "am" || next == "pm" ? String(next.prefix(1))
                    : (next == "a" || next == "p") && third == "m" ? next : nil
                if let scale = NumberValue.scales[next], next != "m" {
                    v *= scale
                } else if let meridiem, v <= 1259 {
                    let hours = v < 24 ? v : (v / 100).rounded(.down)
                    let minutes = v < 24 ? 0 : v.truncatingRemainder(dividingBy: 100)
                    v = (hours.truncatingRemainder(dividingBy: 12) + (meridiem == "p" ? 12 : 0)) * 100 + minutes
                }
                out.append(v)
            }
            return out
        }
        let items = try CorpusItem.load(CorpusItem.defaultDirectory + "/reuters21578.jsonl.gz")
        var differing: [Int] = [], scaled = 0
        for (index, item) in items.enumerated() where index % 8 == 0 {
            if index % 800 == 0 { await Task.yield() }
            let tokens = WireTokenizer().tokens(headline: item.title, body: item.body)
            let values = unfilteredValues(tokens)
            if values != textReading(tokens) { differing.append(item.newid) }
            scaled += values.filter { $0 >= 1e6 }.count
        }
        #expect(differing.count == 0, "items whose figures differ: \(differing.prefix(20))")
        #expect(scaled > 1_000, "only \(scaled) scaled figures: the check saw too few scale words")
        let clock = WireTokenizer().tokens(headline: "", body: "At 3 p.m. and 10:30 am, not 5 m or 2 a day")
        #expect(unfilteredValues(clock) == textReading(clock))
        #expect(unfilteredValues(clock) == [1500, 1030, 5, 2])
    }
}
