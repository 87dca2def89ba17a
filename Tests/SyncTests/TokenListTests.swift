import Testing
@testable import Sync

/// Words read back from a ``TokenList``: texts, flags, hashes, and equality by content.
@Suite("Token list")
struct TokenListTests {
    /// Both tokenizer paths on one text.
    func bothPaths(_ headline: String, _ body: String) -> [TokenList] {
        [WireTokenizer.asciiTokens(headline: headline, body: body), WireTokenizer().unicodeTokens(headline: headline, body: body)]
            .compactMap { $0 }
    }

    @Test func wordsReadBackFoldedWithTheirFlags() {
        let lists = bothPaths("NATO Talks", "The company's 1,750 `shares' rose.\n\nIBM said 10:30 GMT.\n Reuter\n")
        #expect(lists.count == 2)
        for tokens in lists {
            #expect(tokens.texts == ["nato", "talks", "the", "companys", "1,750", "shares", "rose", "ibm", "said", "10:30", "gmt"])
            #expect(tokens.indices.map { StableHash.string(tokens.text(at: $0)) } == tokens.map(\.hash))
            #expect(tokens[0].flags == [.headline, .capitalized, .allCaps, .sentenceStart])
            #expect(tokens[1].flags == [.headline, .capitalized])
            #expect(tokens[2].flags == [.capitalized, .sentenceStart])
            #expect(tokens[4].flags == [.numeric] && tokens[4].isNumeric)
            #expect(tokens[7].flags == [.capitalized, .allCaps, .sentenceStart])
            #expect(tokens[9].isNumeric && !tokens[10].isNumeric)
            #expect(tokens.texts(3..<5) == ["companys", "1,750"])
        }
    }

    @Test func prefixTestReadsTheWordsBytes() {
        let tokens = WireTokenizer().tokens(headline: "Corrected", body: "correct cor corrects")
        #expect(tokens.indices.map { tokens.word(at: $0, hasPrefix: "correct") } == [true, true, false, true])
        // A combining mark after the prefix makes its last character another one, as
        // String.hasPrefix tells it; other non-ASCII letters after it do not.
        let marked = WireTokenizer().tokens(headline: "", body: "correct\u{0303}ion correctö")
        #expect(marked.texts.count == 2)
        #expect(marked.indices.map { marked.word(at: $0, hasPrefix: "correct") } == marked.texts.map { $0.hasPrefix("correct") })
        #expect(marked.indices.map { marked.word(at: $0, hasPrefix: "correct") } == [false, true])
        #expect(Verifier.saysCorrected(tokens))
        #expect(!Verifier.saysCorrected(WireTokenizer().tokens(headline: "Cor", body: "rect")))
    }

    @Test func equalityComparesWordsNotStorage() {
        // The ASCII path keeps the whole prepared text as storage, the general path only the
        // words: the lists are equal all the same, and unequal when one word differs.
        let fast = WireTokenizer.asciiTokens(headline: "Storm", body: "Winds of 120 km/h, (AP) on Monday.")
        let general = WireTokenizer().unicodeTokens(headline: "Storm", body: "Winds of 120 km/h, (AP) on Monday.")
        #expect(fast != nil && fast?.storage != general.storage)
        #expect(fast == general)
        #expect(general != WireTokenizer().unicodeTokens(headline: "Storm", body: "Winds of 130 km/h, (AP) on Monday."))
        #expect(general != WireTokenizer().unicodeTokens(headline: "storm", body: "Winds of 120 km/h, (AP) on Monday."))
        #expect(TokenList() == WireTokenizer().tokens(headline: "", body: ""))
    }

    @Test func mostlyBlankTextKeepsOnlyItsWords() {
        let body = "Rules" + String(repeating: " ", count: 20_000) + "and" + String(repeating: "-", count: 20_000) + "padding."
        let fast = WireTokenizer.asciiTokens(headline: "Table", body: body)
        #expect(fast?.texts == ["table", "rules", "and", "padding"])
        #expect((fast?.storage.capacity ?? .max) < 64)
        #expect(fast == WireTokenizer().unicodeTokens(headline: "Table", body: body))
        // Ordinary copy keeps its prepared text as storage (no copy).
        let plain = WireTokenizer.asciiTokens(headline: "Storm", body: "Winds of 120 km/h hit the coast.")
        #expect(plain?.storage.count == "Storm".utf8.count + "Winds of 120 km/h hit the coast.".utf8.count)
    }

    @Test func nonASCIIWordsKeepTheirFoldedText() {
        let tokens = WireTokenizer().tokens(headline: "Café Straße", body: "Ｆｕｌｌ ２０２６ naïve")
        #expect(tokens.texts == ["café", "strasse", "full", "2026", "naïve"]) // case folding expands ß
        #expect(tokens[3].isNumeric && !tokens[2].isNumeric)
    }
}
