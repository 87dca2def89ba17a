import Foundation
import Testing
@testable import Sync

/// Template items about two banks or companies are two stories; a new lead, a name spelled
/// otherwise and a relabelled table are not.
struct LeadSubjectTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func item(_ headline: String, _ body: String, minutes: Double = 0) -> PreparedDocument {
        PreparedDocument.prepare(StoryDocument(headline: headline, body: body,
                                               time: start.addingTimeInterval(minutes * 60), source: "wire"))
    }

    /// A flash as the corpus has them: its headline, repeated in the body, and a filler line.
    static func flash(_ text: String, minutes: Double = 0) -> PreparedDocument {
        item(text, "******\(text)\nBlah blah blah.", minutes: minutes)
    }

    static func verdict(_ new: PreparedDocument, _ old: PreparedDocument) -> Verdict {
        Verifier().verify(new: new.sketch, newTime: new.document.time, old: old.sketch, oldTime: old.document.time,
                          oldLabel: "A")
    }

    /// Two banks' flashes in capitals differ in the bank's name alone: the name is the change,
    /// though the flash's body, which repeats its headline, is more than a few words. (This is
    /// the name test's business, not the lead subject's: the reason says which rule spoke.)
    @Test func twoBanksFlashesAreTwoStories() {
        let natWest = Self.flash("NATIONAL WESTMINSTER BANK SAYS IT CUTTING BASE LENDING RATE TO 10.5 PCT FROM 11 PCT.")
        let barclays = Self.flash("BARCLAYS BANK SAID IT CUTTING BASE LENDING RATE TO 10.5 PCT FROM 11 PCT.", minutes: 137)
        let verdict = Self.verdict(barclays, natWest)
        #expect(!verdict.sameStory)
        #expect(verdict.reason.contains("another name (national westminster → barclays)"), "\(verdict.reason)")
        #expect(verdict.containment >= DedupParameters().minContainment, "the words alone would make one story")

        let resent = Self.flash("NATIONAL WESTMINSTER BANK SAID IT CUTTING BASE LENDING RATE TO 10.5 PCT FROM 11 PCT.", minutes: 5)
        #expect(Self.verdict(resent, natWest).sameStory, "the same bank's flash re-sent")
    }

    /// Shelf filings and prime-rate notices read alike but for whom they are about: each lead
    /// opens on a company the other never names.
    @Test func templateItemsAboutTwoCompaniesAreTwoStories() {
        let hertz = Self.item("UAL <UAL> HERTZ UNIT FILES 500 MLN DLR OFFERING", """
            Hertz Corp, a unit of UAL Inc, filed with the Securities and Exchange Commission for a shelf \
            offering of up to 500 mln dlrs of senior debt securities on terms to be set at the time of sale.
                Underwriters were not named in the draft prospectus.
                Hertz said proceeds would be used for general corporate purposes and to reduce short-term borrowings.
            """)
        let rjr = Self.item("RJR NABISCO <RJR> FILES 500 MLN DLR DEBT OFFER", """
            RJR Nabisco Inc filed with the Securities and Exchange Commission for a shelf offering of up to \
            500 mln dlrs of debt securities on terms to be set at the time of sale.
                The company said proceeds will be used for general corporate purposes and to reduce short-term borrowings.
                Underwriters for the offering were not named in the draft prospectus.
            """, minutes: 248)
        #expect(Verifier().subjectObjection(new: rjr.sketch, old: hertz.sketch)?.description == "hertz → rjr")
        #expect(!Self.verdict(rjr, hertz).sameStory)

        let chemical = Self.item("CHEMICAL <CHL> RAISES PRIME RATE TO 7-3/4 PCT", """
            Chemical Bank, the main bank subsidiary of Chemical New York Corp, said it is raising its prime \
            lending rate to 7-3/4 pct from 7-1/2 pct, effective immediately.
            """)
        let marine = Self.item("MARINE MIDLAND <MMB> RAISES PRIME RATE", """
            Marine Midland Banks Inc said it is raising its prime lending rate to 7-3/4 pct from 7-1/2 pct, \
            effective immediately.
            """, minutes: 3)
        #expect(!Self.verdict(marine, chemical).sameStory)
        #expect(Verifier().subjectObjection(new: marine.sketch, old: chemical.sketch)?.description == "chemical → marine")
    }

    /// A write-through may open on someone new; it still names the first lead's subject, so it
    /// stays in its story.
    @Test func aNewLeadThatKeepsTheOldSubjectStaysInItsStory() {
        let first = """
            National Westminster Bank Plc said it has cut its base lending rate 0.5 percentage points to \
            10.5 pct today, after the Bank of England signalled it would accept lower rates. The bank said \
            the cut would take effect tomorrow and that its deposit rates would fall by the same amount.
            """
        let natWest = Self.item("NATWEST CUTS BASE RATE", first)
        let rewritten = Self.item("U.K. BANKS CUT BASE RATES", "Britain's big clearing banks cut their base lending rates "
            + "to 10.5 pct today. " + first, minutes: 90)
        let verdict = Self.verdict(rewritten, natWest)
        #expect(verdict.sameStory, "\(verdict.reason)")
        #expect(Verifier().subjectObjection(new: rewritten.sketch, old: natWest.sketch) == nil)
    }

    /// A name written as initials or misspelled is the same subject; a name changed by more
    /// than a letter is not, but an item that says it corrects stays in its story.
    @Test func aNameSpelledOtherwiseIsTheSameSubject() {
        let tail = " said it would cut car output at its Flint, Michigan plant by 20 pct next month because of slow sales."
        let long = Self.item("GENERAL MOTORS TO CUT OUTPUT", "General Motors Corp" + tail)
        let initials = Self.item("GM TO CUT OUTPUT", "GM" + tail, minutes: 10)
        #expect(Verifier().subjectObjection(new: initials.sketch, old: long.sketch) == nil)
        #expect(Verifier().subjectObjection(new: long.sketch, old: initials.sketch) == nil)

        let offer = " are offering 18.50 dlrs per share for all Revlon Group Inc shares, the investment firm said today."
        let typo = Self.item("REVLON BID", "McAndrews and Forbes Holdings Inc" + offer)
        let fixed = Self.item("REVLON BID", "MacAndrews and Forbes Holdings Inc" + offer, minutes: 5)
        #expect(Verifier().subjectObjection(new: fixed.sketch, old: typo.sketch) == nil)

        let wrong = Self.item("FIELDCOR TO ADD TO LOAN LOSSES", "Fieldcor Inc said it will add 20 mln dlrs to its loan loss "
            + "reserve in the second quarter, and expects to report a loss for the period.")
        let corrected = Self.item("CORRECTED - FIDELCOR TO ADD TO LOAN LOSSES", "Fidelcor Inc said it will add 20 mln dlrs to "
            + "its loan loss reserve in the second quarter, and expects to report a loss for the period.", minutes: 40)
        #expect(Verifier().subjectObjection(new: corrected.sketch, old: wrong.sketch) != nil, "two names, one edit too many apart")
        #expect(Self.verdict(corrected, wrong).sameStory, "the later item says it corrects")
    }

    /// A table re-sent with its hour's label changed ("CLOSING" for "OPENING") and the same
    /// figures is not about someone else.
    @Test func aRelabelledTableStaysInItsStory() {
        let rates = "\nUS 0.4920/27 STG 3.2950/80 DMK 0.8955/65 SFR 0.7445/55 FFR 2.9810/30 DFL 1.0110/20 YEN 71.35/45"
        let closing = Self.item("", "JOHANNESBURG EXCHS CLOSING - APRIL 7" + rates)
        let opening = Self.item("", "JOHANNESBURG EXCHS OPENING - APRIL 7" + rates, minutes: 1)
        #expect(Verifier.leadSubject(opening.sketch.tokens).map { opening.sketch.tokens.text(at: $0) } == ["johannesburg", "exchs"])
        #expect(Verifier().subjectObjection(new: opening.sketch, old: closing.sketch) == nil)
        #expect(Self.verdict(opening, closing).sameStory)
    }

    /// The lead's subject comes after its dateline: two companies' filings from one city are
    /// two stories, and a story filed again from another city keeps its subject.
    @Test func aDatelineIsNotTheLeadsSubject() {
        let terms = " filed with the Securities and Exchange Commission for a shelf offering of up to 500 mln dlrs "
            + "of debt securities on terms to be set at the time of sale. Proceeds will be used for general "
            + "corporate purposes."
        let hertz = Self.item("HERTZ FILES DEBT OFFERING", "NEW YORK, March 3 - Hertz Corp" + terms)
        let rjr = Self.item("RJR NABISCO FILES DEBT OFFERING", "NEW YORK, March 3 - RJR Nabisco Inc" + terms, minutes: 30)
        #expect(Verifier.leadSubject(rjr.sketch.tokens).map { rjr.sketch.tokens.text(at: $0) } == ["rjr", "nabisco"])
        #expect(Verifier().subjectObjection(new: rjr.sketch, old: hertz.sketch)?.description == "hertz → rjr")
        #expect(!Self.verdict(rjr, hertz).sameStory)

        let story = " Ruling military juntas in Mali, Burkina Faso and Niger announced they are withdrawing from the "
            + "International Criminal Court, accusing it of selective justice."
        let first = Self.item("SAHEL STATES QUIT ICC", "BAMAKO, Mali \u{2014}" + story)
        let again = Self.item("SAHEL STATES QUIT ICC", "DAKAR, Senegal \u{2014}" + story, minutes: 60)
        #expect(Verifier().subjectObjection(new: again.sketch, old: first.sketch) == nil)
    }

    /// A possessive (`GM's`) or two swapped letters (`Braodcasting`) still name the subject;
    /// a lowercase word a letter away (`shelf` for `Shell`) does not.
    @Test func namesMatchAcrossPossessivesAndSwappedLetters() {
        let tail = " plan to cut car output at the Flint, Michigan plant by 20 pct next month drew protests from the union."
        let possessive = Self.item("GM OUTPUT CUT", "GM's" + tail)
        let long = Self.item("GENERAL MOTORS OUTPUT CUT", "General Motors Corp's" + tail, minutes: 10)
        #expect(Verifier().subjectObjection(new: long.sketch, old: possessive.sketch) == nil)
        #expect(Verifier().subjectObjection(new: possessive.sketch, old: long.sketch) == nil)

        let sale = " said it agreed to sell its Cincinnati television station for 110 mln dlrs, subject to approval."
        let typo = Self.item("TAFT TO SELL STATION", "Taft Braodcasting Co" + sale)
        let fixed = Self.item("TAFT TO SELL STATION", "Taft Broadcasting Co" + sale, minutes: 5)
        #expect(Verifier().subjectObjection(new: fixed.sketch, old: typo.sketch) == nil)

        let filing = " filed for a shelf offering of up to 300 mln dlrs of debentures, the company said today."
        let shell = Self.item("SHELF FILING", "Shell Oil Co" + filing)
        let exxon = Self.item("SHELF FILING", "Exxon Corp" + filing, minutes: 20)
        #expect(Verifier().subjectObjection(new: exxon.sketch, old: shell.sketch)?.description == "shell → exxon")
    }

    /// One fixed name in a long text is a correction: the lead-subject rule leaves two long
    /// texts to the correction test, as the name test does.
    @Test func oneFixedNameInALongTextIsACorrection() {
        let sentence = "The plant employs about 400 people and makes parts for trucks and buses sold across the region. "
        let rest = String(repeating: sentence, count: 10)
            + "Analysts said the sale would let the group concentrate on its larger chemicals business next year."
        let wrong = Self.item("PLANT TO BE SOLD", "Allied Holdings Inc said it agreed to sell its Ohio plant. " + rest)
        let right = Self.item("PLANT TO BE SOLD", "Amdura Holdings Inc said it agreed to sell its Ohio plant. " + rest, minutes: 25)
        #expect(min(wrong.sketch.bodyWordCount, right.sketch.bodyWordCount) >= DedupParameters().correctionMinimumWords)
        #expect(Verifier().subjectObjection(new: right.sketch, old: wrong.sketch) != nil, "the leads name two companies")
        let verdict = Self.verdict(right, wrong)
        #expect(verdict.sameStory, "\(verdict.reason)")
    }
}
