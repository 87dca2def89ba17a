import Foundation
import Testing
@testable import Sync

/// What a re-send fixes without becoming another story: a misspelt name, a decimal comma; and
/// what still makes another story: a market report's other session, unless relabelled at once.
/// The texts are Reuters-21578 items (4033/4135, 5890/5948, 13638/14221, 1698/1712), cut short.
struct RespellingTests {
    static func analyze(_ old: String, _ new: String) -> DifferenceAnalysis {
        DifferenceAnalysis.analyze(old: WireTokenizer().tokens(headline: "", body: old),
                                   new: WireTokenizer().tokens(headline: "", body: new), maxSubstitution: 6)
    }

    @Test func aMisspellingIsOneSwapOrOneLetterMoreOrLessInALongWord() {
        #expect(DifferenceAnalysis.isMisspelling("braodacasting", "broadacasting"))
        #expect(DifferenceAnalysis.isMisspelling("sonoira", "sonora") && DifferenceAnalysis.isMisspelling("sonora", "sonoira"))
        #expect(DifferenceAnalysis.isMisspelling("internatinal", "international"))
        #expect(DifferenceAnalysis.isMisspelling("abcdef", "abcdfe") && DifferenceAnalysis.isMisspelling("bacdef", "abcdef"))
        // A changed letter is another name; short words and equal words are no misspellings.
        #expect(!DifferenceAnalysis.isMisspelling("carter", "carver"))
        #expect(!DifferenceAnalysis.isMisspelling("iran", "iraq") && !DifferenceAnalysis.isMisspelling("fleet", "flete"))
        #expect(!DifferenceAnalysis.isMisspelling("sonora", "sonora") && !DifferenceAnalysis.isMisspelling("sonora", "sonorata"))
        #expect(!DifferenceAnalysis.isMisspelling("abcdef", "badcef") && !DifferenceAnalysis.isMisspelling("abc123", "abc12"))
    }

    static let taft = """
        Taft Braodacasting Co said its board of directors unanimously decided not to accept the
        pending proposal of Theta Corp, an investor group led by Dudley Taft. The decision was based
        on the advice of its financial advisors that the offer of 145 dlrs per share was inadequate.
        """

    @Test func aMisspeltNameFixedIsNoOtherName() {
        let fixed = Self.analyze(Self.taft, Self.taft.replacingOccurrences(of: "Braodacasting", with: "Broadacasting"))
        #expect(fixed.nameChanges.isEmpty && fixed.figureChanges.isEmpty)
        let other = Self.analyze(Self.taft, Self.taft.replacingOccurrences(of: "Taft Braodacasting", with: "Cox Broadcasting"))
        #expect(other.nameChanges.count == 1, "\(other.nameChanges)")
        // The re-send the next morning joins the story (the text is too short for a fixed name
        // to pass as a correction otherwise).
        let first = StoryPair.document("TAFT <TFB> REJECTS 145 DLR/SHR OFFER", Self.taft, minutes: 0)
        let resend = StoryPair.document("TAFT <TFB> REJECTS 145 DLR/SHR OFFER",
                                   Self.taft.replacingOccurrences(of: "Braodacasting", with: "Broadacasting"), minutes: 767)
        #expect(StoryPair.story(of: resend, after: first) == 1)
    }

    @Test func aDecimalCommaFixedToAPointIsTheSameFigure() {
        let text = "It will buy from United Gold Corp 1,053,000 United common shares at 2,29 dlrs each and a warrant."
        #expect(Self.analyze(text, text.replacingOccurrences(of: "2,29", with: "2.29")).figureChanges.isEmpty)
        // Other digits, or a point moved, are another figure.
        #expect(Self.analyze(text, text.replacingOccurrences(of: "2,29", with: "2.39")).figureChanges.count == 1)
        #expect(Self.analyze(text, text.replacingOccurrences(of: "2,29", with: "22.9")).figureChanges.count == 1)
    }

    static let seeds = """
        LONDON SEEDS 1330 - APR 7
           COPRA Phillipines dlrs per tonne cif rotterdam Apr 275.00 slrs
           PALM KERNELS Sierra leone dlrs per tonne cif rotterdam Apr 175.00 slrs
           SOYBEANS cif uk east/south coast stg per tonne Jun/Aug 137.00 Sep/Dec 139.50 slrs
           LINSEED Canadian dlrs per tonne cif rotterdam Apr/May 167.00 May/Jun 166.00 slrs
           RAPESEED UK stg per tonne del Apr 296.00/298.00 May 298.00/301.00 byr/slrs
        """

    @Test func aMarketReportAtAnotherSessionIsAnotherStoryUnlessRelabelledAtOnce() {
        let closing = Self.seeds.replacingOccurrences(of: "1330", with: "CLOSING")
        let diff = Self.analyze(Self.seeds, closing)
        #expect(diff.timeChanges == 1 && diff.sessionChanges == 1, "\(diff)")
        #expect(DifferenceAnalysis.isSessionChange(
            WireTokenizer().tokens(headline: "", body: "rates opening today"), 1..<2,
            WireTokenizer().tokens(headline: "", body: "rates closing today"), 1..<2))
        #expect(!DifferenceAnalysis.isSessionChange(
            WireTokenizer().tokens(headline: "", body: "said this morning"), 2..<3,
            WireTokenizer().tokens(headline: "", body: "said this afternoon"), 2..<3))
        // The closing report three and a half hours on is another story; the same report
        // relabelled a minute after the first is its correction.
        let first = StoryPair.document("", Self.seeds, minutes: 0)
        #expect(StoryPair.story(of: StoryPair.document("", closing, minutes: 210), after: first) == nil)
        #expect(StoryPair.story(of: StoryPair.document("", closing, minutes: 1), after: first) == 1)
    }

    static let gmFlash = "GENERAL MOTORS CANADA FEBRUARY CAR SALES FALL TO 25,779 UNITS FROM YEAR-AGO 31,361"
    static let gmStory = """
        General Motors of Canada Ltd, wholly owned by General Motors Corp, said February car sales
        fell 17.8 pct to 25,779 units from 31,361 units the previous year.
            Year-to-date car sales fell 23.8 pct from last year, the company said. It did not
        immediately disclose actual year-to-date figures.
        """

    @Test func aFlashJoinsTheStoryThatRewordsItWhenTwoOfItsFiguresIdentifyIt() throws {
        let flash = StoryPair.document(Self.gmFlash, "******" + Self.gmFlash + "\nBlah blah blah.", minutes: 0)
        #expect(Verifier.identifyingFigures(flash.sketch.tokens) == 2)
        let story = StoryPair.document("GM CANADA FEBRUARY CAR SALES OFF 17.8 PCT", Self.gmStory, minutes: 19)
        let verdict = Verifier().verify(new: story.sketch, newTime: story.document.time, old: flash.sketch,
                                        oldTime: flash.document.time, oldLabel: "A")
        #expect(verdict.containment < DedupParameters().flashContainment, "\(verdict.containment)")
        #expect(StoryPair.story(of: story, after: flash) == 1, "\(verdict.reason)")
        // Round figures identify nothing: the same flash and story with 25,000 and 31,000 units.
        func rounded(_ text: String) -> String {
            text.replacingOccurrences(of: "25,779", with: "25,000").replacingOccurrences(of: "31,361", with: "31,000")
        }
        let roundFlash = StoryPair.document(rounded(Self.gmFlash), "******" + rounded(Self.gmFlash) + "\nBlah blah blah.", minutes: 0)
        #expect(Verifier.identifyingFigures(roundFlash.sketch.tokens) == 0)
        #expect(StoryPair.story(of: StoryPair.document("GM CANADA FEBRUARY CAR SALES OFF 17.8 PCT", rounded(Self.gmStory), minutes: 19),
                           after: roundFlash) == nil)
    }
}
