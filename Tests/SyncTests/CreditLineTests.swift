import Foundation
import Testing
@testable import Sync

/// A closing credit line (`(Reporting by Jane Doe; Editing by Sam Lee)`) is found by its shape
/// and left out of the words the engine compares.
struct CreditLineTests {
    static let lead = "The central bank raised its main interest rate by half a point on Tuesday, the first rise in two years."

    @Test(arguments: [
        ("\n(Reporting by Jane Doe; Editing by Sam Lee)", 8),
        ("\n\n(Reporting by Jane Doe; Additional reporting by Tom Brown in London;\nEditing by Sam Lee)\nReuters\n", 15),
        ("\n  (By Jane Doe)  \n\n", 3),
        ("\n(Writing by Ana de Souza, editing by Jan van Dijk)\n-- AFP", 10),
        ("\n(Compiled by Kofi Mensah)", 4),
        ("\n\nAssociated Press writers Jane Doe in London and\nSam Lee in Paris contributed to this report.\n", 16),
        ("\n\nAP writer Jane Doe contributed reporting.", 6),
        // Read as the whole text is: a hyphen at a line's end joined, a curly apostrophe, an
        // agency's tag dropped, a wrapped last line that is an agency's name.
        ("\n(Reporting by Jane Doe; Editing by Ros Rus-\nsell)", 8),
        ("\n(Reporting by Sam O\u{2018}Neill)", 4),
        ("\n\nSam Lee of the Press Association (PA) contributed to this report.", 10),
        ("\n(Reporting by Jane Doe; Editing by\nReuters)", 6),
        // Reuters' contact line, after a credit line or alone, before a sign-off or not.
        ("\n(Reporting by Jane Doe; Editing by Sam Lee)\n((jane.doe@thomsonreuters.com; +1 202 555 0100))", 16),
        ("\n((jane.doe@thomsonreuters.com; +44 20 7542 1234; Reuters Messaging:\njane.doe.thomsonreuters.com@reuters.net))\nReuters\n", 16),
        ("\n(Reporting by Jane Doe)\n\n  ((jane.doe@example.com))\n", 8),
        ("\n((+1 202 555 0100))", 4),
        // A telephone number's digits in parentheses are part of it.
        ("\n((jane.doe@thomsonreuters.com; +1 (202) 555 0100))", 8),
        ("\n((jane.doe@thomsonreuters.com; +44 (0)20 7542 1234))", 9),
    ])
    func aCreditLineIsCountedInTheTokenizersWords(tail: String, words: Int) {
        let body = Self.lead + tail
        #expect(WireTokenizer.closingCreditWords(body) == words)
        let whole = WireTokenizer.asciiTokens(headline: "Rates rise", body: body) ?? WireTokenizer().unicodeTokens(headline: "Rates rise", body: body)
        let tokens = WireTokenizer().tokens(headline: "Rates rise", body: body)
        #expect(tokens.texts == Array(whole.texts.dropLast(words)), "the credit's words are dropped")
        #expect(tokens.texts.last == "years")
    }

    @Test(arguments: [
        "\n(Reporting standards changed in 1985, the bank said.)",  // no "by" after the opener
        "\n(Additional details were not given.)",
        "\nThe bank said (reporting by the agency) that it would wait.",  // inside a sentence
        "\nThe figures (Reporting by Jane Doe)",  // not at a line's start
        "\n(Reporting by Jane Doe; Editing by Sam Lee)\nThe bank said more later.",  // not the last paragraph
        "\n(Reporting by Jane Doe",  // never closed
        "\nJane Doe contributed to this report.",  // not a paragraph of its own
        "\n\nThe bank said analysts and traders contributed to this report's findings.",
        "\n(AP)",
        "\n(By)",  // no name
        "\n(By comparison, prices fell 2 percent)",  // "by", but no name after it
        "\n(by the bank's own count)",
        "\n\nThe IMF said economists from 40 countries contributed to this report.",  // a figure
        "\n\nThe bank meets again next week. Jane Doe contributed to this report.",  // two sentences
        "\n(Reporting by)",
        "\nThe bank ((said)) it would wait.",
        "\nThe figures ((jane.doe@example.com))",  // not at a line's start
        "\n((jane.doe@thomsonreuters.com (London)))",  // a parenthesis inside, not a number's
        "\n((jane.doe@thomsonreuters.com; +1 (20255) 0100))",  // five digits in parentheses
        "\nThe bank said it would wait ((+1 202 555 0100))",  // not at a line's start
        "\n((jane.doe@thomsonreuters.com))\nThe bank said more later.",  // not the last line
        "\n((jane.doe@thomsonreuters.com)",
        "\n(())",
        "\n((The bank said it would cut 200 jobs in Ohio.))",  // neither an address nor a telephone number
        "\n((Editing by Sam Lee))",
        "",
    ])
    func otherEndingsAreNoCredit(tail: String) {
        let body = Self.lead + tail
        #expect(WireTokenizer.closingCreditWords(body) == 0)
        let whole = WireTokenizer.asciiTokens(headline: "", body: body) ?? WireTokenizer().unicodeTokens(headline: "", body: body)
        #expect(WireTokenizer().tokens(headline: "", body: body) == whole)
    }

    /// The verifier's verdict on a write-through an hour after `first`: the same story opening
    /// on `opening`, its paragraphs joined by `join`, closed by `first`'s and `again`'s credits.
    static func verdict(opening: String, join: String, creditJoin: String? = nil, closing: String = "", first: String,
                        again: String) -> Verdict {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func item(_ credit: String, hours: Double) -> PreparedDocument {
            PreparedDocument.prepare(StoryDocument(
                headline: "Central bank raises rates",
                body: opening + lead + join + "Economists had expected the move after inflation rose to 4.2 percent in March."
                    + (creditJoin ?? join) + credit + closing,
                time: start.addingTimeInterval(hours * 3600), source: "wire"))
        }
        let old = item(first, hours: 0), new = item(again, hours: 1)
        return Verifier().verify(new: new.sketch, newTime: new.document.time, old: old.sketch, oldTime: old.document.time, oldLabel: "A")
    }

    /// A write-through whose closing line names other contributors is the same story.
    @Test func aWriteThroughWithOtherContributorsIsTheSameStory() {
        let verdict = Self.verdict(opening: "LONDON (AP) _ ", join: "\n\n",
                                   first: "Associated Press writer Jane Doe in Paris contributed to this report.",
                                   again: "Associated Press writer Kofi Mensah in Accra contributed to this report.")
        #expect(verdict.sameStory, "\(verdict.reason)")
        #expect(verdict.reason.hasPrefix("same words, other layout or dateline: "), "\(verdict.reason)")
    }

    /// A write-through from another desk, with another contact line after its credits, is the
    /// same story: the contact's new name and telephone number read as another story's figures.
    @Test func aWriteThroughWithAnotherContactLineIsTheSameStory() {
        let verdict = Self.verdict(
            opening: "LONDON (Reuters) - ", join: "\n    ", creditJoin: "\n",
            first: "(Reporting by Jane Doe; Editing by Sam Lee)\n((jane.doe@thomsonreuters.com; +1 202 555 0100))",
            again: "(Reporting by Jane Doe and Tom Brown; Editing by Mark Potter)\n((tom.brown@thomsonreuters.com; +44 20 7542 1234))")
        #expect(verdict.sameStory, "\(verdict.reason)")
        #expect(verdict.reason.hasPrefix("same words, other layout or dateline: "), "\(verdict.reason)")
    }

    /// A write-through that adds a reporter and changes the editor is the same story: read as
    /// text, the credit's new names were another story's mark.
    @Test func aWriteThroughWithNewCreditsIsTheSameStory() {
        let verdict = Self.verdict(
            opening: "LONDON (Reuters) - ", join: "\n    ", creditJoin: "\n", closing: "\nReuters",
            first: "(Reporting by Jane Doe; Editing by Sam Lee)",
            again: "(Reporting by Jane Doe and Tom Brown; Additional reporting by Kofi Mensah in Accra; Editing by Mark Potter)")
        #expect(verdict.sameStory, "\(verdict.reason)")
        #expect(verdict.reason.hasPrefix("same words, other layout or dateline: "), "\(verdict.reason)")
    }
}
