import Foundation
import Testing
@testable import Sync

/// A body's opening dateline is found by its shape, only where it is one, and left out of the
/// words the engine compares.
struct DatelineTests {
    @Test(arguments: [
        ("WASHINGTON (Reuters) - The Federal Reserve said", 1),
        ("PORTLAND, Maine (AP) _ A fire destroyed", 2),
        ("LONDON, March 3 - Barclays Bank said", 3),
        ("  NEW YORK, Nov. 24 -- Shares rose", 4),
        ("BAMAKO, Mali \u{2014} Ruling military juntas", 2),
        ("Bamako, Ouagadougou, Niamey - Mali, Burkina Faso, and Niger have", 3),
        ("RIO DE JANEIRO, Brazil - Petrobras said", 4),
        ("ST. JOHN'S, Newfoundland \u{2013} Fishermen said", 3),
        ("Z\u{DC}RICH, May 2 - Swiss banks said", 3),
        ("A380-800 TEAM, Toulouse - Engineers said", 3),  // the tokenizer keeps "a380-800" one word
        ("PORT OF SPAIN, Trinidad and Tobago (Bloomberg) -- Oil output rose", 7),  // a tag the tokenizer keeps
        ("N\u{2019}DJAMENA, Chad \u{2014} Troops said", 2),
        ("WASHINGTON, March 11 - U.S. Treasury Secretary James Baker\ndeclined comment", 3),
        // The day may carry the dash, the month be in lowercase; after a dated dateline the
        // text may open in lowercase, on a month or on a results table's period.
        ("MONTREAL, Feb 26- Shr 1.11 dlrs vs 1.04 dlrs", 3),
        ("Caracas, feb 26 - Venezuela is seeking a constructive attitude", 3),
        ("Bogota, march 4 - colombia's cost of living index rose", 3),
        ("CHICAGO, March 2 - February volume at the Chicago Board of Trade declined", 3),
        ("ST. LOUIS, March 5 - May Department Stores Co said its sales rose", 4),
        ("BURLINGTON, N.J., March 3 - Jan 31 end\n\nShr 1.40 dlrs vs 1.10 dlrs", 5),
        ("Toronto, March 6 - period ended January 31\n\nShr loss 28 cts", 3),
        // A byline on its own line before the dateline, or alone.
        ("By Jane Doe\nWASHINGTON (Reuters) - The Federal Reserve said", 4),
        ("By JANE DOE and SAM LEE, Associated Press Writers\n\nPORTLAND, Maine (AP) _ A fire destroyed", 11),
        ("By J.R. O'Brien Jr.\nLONDON, March 3 - Barclays Bank said", 8),
        ("  By Ana de Souza\n\nA fire destroyed the old mill", 4),
        ("By The Associated Press\n\nStocks rose on Tuesday", 4),  // a paragraph of its own
        ("By Jane Doe\nThe storm hit the coast on Tuesday", 3),  // or before a line not in lowercase
        ("By JANE DOE\n<Exxon Corp> said it would sell", 3),
        ("By Jan van Dijk\n\nThe storm hit the coast", 4),  // a month's name is a writer's too
        ("By April Smith\nLONDON, March 3 - Barclays Bank said", 6),
        ("By JANE DOE\nAP Business Writer\n\nPORTLAND, Maine (AP) _ A fire destroyed", 8),  // and the writer's title
        ("By: Ahmed al-Masri\nCAIRO, March 3 - Egypt said", 7),
        ("By Val\u{E9}ry d'Estaing\n\nThe minister said", 3),
        ("By\u{A0}Jane Doe\nLONDON, March 3 - Barclays Bank said", 6),
    ])
    func aDatelineIsCountedInTheTokenizersWords(body: String, words: Int) {
        #expect(WireTokenizer.datelineWords(body) == words)
        let whole = WireTokenizer.asciiTokens(headline: "Headline", body: body)
            ?? WireTokenizer().unicodeTokens(headline: "Headline", body: body)
        let tokens = WireTokenizer().tokens(headline: "Headline", body: body)
        #expect(tokens.texts == [whole.texts[0]] + whole.texts.dropFirst(1 + words), "the dateline's words are dropped")
        #expect(tokens[1].flags.contains(.sentenceStart), "the lead's first word starts its sentence")
    }

    /// A story re-sent the next day under the next day's dateline, or filed again from another
    /// city, is the same story; without the dateline left out, `March 1 → March 2` read as a
    /// changed figure in otherwise matching text (a recurring report's mark).
    @Test func aResendUnderAnotherDatelineIsTheSameStory() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func item(_ dateline: String, hours: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(
                headline: "MANILA SAID TO OFFER DEBT BONDS TO BANKS",
                body: dateline + " The Philippines will offer its commercial bank creditors an alternative payment "
                    + "in debt bonds instead of cash, a banker said.\n    The banker said the offer would be made "
                    + "at talks in New York this week on rescheduling 9.4 billion dlrs of debt.",
                time: start.addingTimeInterval(hours * 3600), source: "wire"))
        }
        let first = item("MANILA, March 1 -", hours: 0)
        for again in [item("MANILA, March 2 -", hours: 20), item("HONG KONG, March 1 (Reuters) -", hours: 2),
                      item("By Jane Doe and Sam Lee\nMANILA, March 1 -", hours: 3)] {
            let verdict = Verifier().verify(new: again.sketch, newTime: again.document.time, old: first.sketch,
                                            oldTime: first.document.time, oldLabel: "A")
            #expect(verdict.sameStory, "\(verdict.reason)")
            #expect(verdict.reason.hasPrefix("same words, other layout or dateline: "), "\(verdict.reason)")
        }
    }

    /// Any opening of dateline-like pieces: the count stays small and the tokens lose exactly
    /// that many words (a seeded generator, so a failure repeats).
    /// The tokenizer's words of `body`, dateline and all.
    static func rawTokens(_ body: String) -> TokenList {
        WireTokenizer.asciiTokens(headline: "", body: body) ?? WireTokenizer().unicodeTokens(headline: "", body: body)
    }

    @Test func anyOpeningDropsAtMostABylineAndADatelinesWords() {
        let pieces = ["LONDON", "Rio", "de", "March", "Nov.", "3", "12345", ",", " ", "  ", "-", "--", "\u{2014}", "_", "(",
                      ")", "(AP)", "(Reuters)", "(Bloomberg)", "(A.P.)", "said", "The", "\n", "\n\n", "Z\u{FC}rich", "'s",
                      "\u{2019}s", ".", "\t", "\r\n", "A380-800", "Trinidad and Tobago", "CORRECTION", "U.S.", "By ", "BY ", "By: ", "J.", "&", "al-", "Writer"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var body = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<(Int(state >> 59) + 1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                body += pieces[Int(state >> 33) % pieces.count]
            }
            let dropped = WireTokenizer.datelineWords(body)
            // A byline's eleven, a title's six and a dateline's eight at most.
            #expect((0...25).contains(dropped), "\(body.debugDescription)")
            let whole = Self.rawTokens(body)
            // Less a closing credit line the pieces may make (`(By Rio)`), when words are left for it.
            let left = max(0, whole.count - dropped)
            let credit = WireTokenizer.closingCreditWords(body)
            // (removed only when they are the last words as the whole text reads them).
            let count = WireTokenizer().tokens(headline: "", body: body).count
            #expect(count == left || (credit > 0 && left >= credit && count == left - credit), "\(body.debugDescription)")
            if let span = WireTokenizer.datelineSpan(body) {
                // The words dropped are the words before the dash, as the tokenizer reads them.
                let dateline = String(String.UnicodeScalarView(body.unicodeScalars.prefix(span)))
                #expect(Array(whole.texts.prefix(dropped)) == Self.rawTokens(dateline).texts, "\(body.debugDescription)")
            }
        }
    }

    @Test(arguments: [
        "Barclays - the bank said it would cut rates",  // a name before a dash: no capitals, comma or agency
        "JOHANNESBURG EXCHS CLOSING - APRIL 7\nUS 0.4920/27 STG 3.2950/80",  // a table's heading: no lowercase after it
        "LONDON EURO DOLLAR DEPOSITS - APRIL 7\n    OPENING INDICATIONS\n overnight 6-3/16 1/16",  // nor on its line
        "N.Y. SUGAR FREIGHTS - April 7\n    Nil",  // a date after the dash: a heading
        "ZURICH GOLD CLOSING - APRIL 7 pool 417.00-420.00 (419.00-422.00",
        "Shr 1.20 dlrs vs 1.10 dlrs",
        "The company said - in a statement - that",
        "LONDON, March 3\n- Barclays Bank said",  // the dash on another line
        "LONDON, March 345 - Barclays Bank said",  // no day
        "NEW YORK, the city said - in a statement",
        "CORRECTION - In the item headlined Fed adds reserves, please read",  // a notice keeps its word
        "UPDATE 2 - Barclays Bank said on Tuesday",
        "IBM - International Business Machines said",  // a name and a dash
        "FED ADDS RESERVES - CUSTOMER REPOS\nThe Federal Reserve said",  // a heading's rest in capitals
        "AUSTRALIAN WHEAT, WEEKLY - Shipments\n    (in tonnes for crop year)",  // an indent ends the paragraph
        "LONDON (A.P.) - Shares rose",  // not the agency's tag: the tokenizer keeps "a" and "p"
        "LONDON GOLD, March 3 - OPENING FIX\n    400.50 dlrs",  // dated, but a heading's rest in capitals
        "Shares rose, may 5 - the index said",  // a lowercase word that is no month's before a day
        "By Tuesday the river had risen\nover its banks",  // a lead opening on "By"
        "By Monday, General Motors Corp and Ford Motor Co\nhad recalled 100,000 cars",  // wrapped after names
        "By Tuesday, Exxon Corp\nsaid it would sell",
        "By Tuesday, General Motors Corp, Ford Motor Co and Chrysler\nCorp had all cut prices",  // a day first
        "BY LATE TRADING THE DOLLAR HAD FALLEN\nTO 1.80 MARKS",  // capitals, and no dateline after them
        "BY THE ASSOCIATED PRESS\n\nStocks rose on Tuesday",
        String(repeating: "\n", count: 395) + "By Tuesday the river had risen",  // read only up to "By Tu"
        "By Tuesday, Exxon said it would sell",
        "By comparison, the index rose",
        "By Friday.\nThe index rose",  // a sentence's full stop
        "Bypass road - The ministry said",
        "",
    ])
    func otherOpeningsAreNoDateline(body: String) {
        #expect(WireTokenizer.datelineWords(body) == 0)
        let whole = WireTokenizer.asciiTokens(headline: "", body: body) ?? WireTokenizer().unicodeTokens(headline: "", body: body)
        #expect(WireTokenizer().tokens(headline: "", body: body) == whole)
    }
}
