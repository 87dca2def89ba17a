import Foundation
import Testing
import ReutersCorpus
@testable import Sync

/// The evaluation's rewritten corpus items (`dedup-eval --credits`, `--contacts`) close as
/// Reuters copy does: credit and contact lines last, before the sign-off.
struct CorpusItemTests {
    static func item(_ newid: Int, body: String) -> CorpusItem {
        CorpusItem(newid: newid, title: "BRAZILIAN SOY RAINFALL", body: body, time: Date(timeIntervalSince1970: 0))
    }

    @Test func theLinesGoBeforeASignOffOnItsOwnLine() {
        let text = Self.item(1, body: "Rain fell in Parana.\n Reuter\n").inboxTextWithContacts
        #expect(text.hasSuffix("Rain fell in Parana.\n(Reporting by Ana de Souza; Editing by Tom Brown)\n"
                               + "((ana.desouza@thomsonreuters.com; +1 202 555 1001))\n Reuter\n"))
    }

    @Test func theLinesGoBeforeASignOffRunOntoTheLastLine() {
        let text = Self.item(3, body: "Rain fell in Parana.\n    CRUZ ALTA NIL, SAO LUIZ NIL. REUTER\n").inboxTextWithContacts
        #expect(text.hasSuffix("CRUZ ALTA NIL, SAO LUIZ NIL.\n(Reporting by Jan van Dijk; Editing by Tom Brown)\n"
                               + "((jan.vandijk@thomsonreuters.com; +44 (0)20 7542 1003))\nREUTER\n"))
        // And the tokenizer leaves both lines out of the compared words.
        let body = String(text.drop { $0 != "\n" }.dropFirst(2))
        #expect(WireTokenizer.closingCreditWords(body) == 18)
    }

    @Test func withoutASignOffTheLinesCloseTheText() {
        let text = Self.item(2, body: "Rain fell in Parana.\n").inboxTextWithCredits
        #expect(text.hasSuffix("Rain fell in Parana.\n(Reporting by Kofi Mensah; Editing by Tom Brown)\n"))
    }
}
