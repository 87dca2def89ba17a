import Foundation
import Testing
@testable import Sync

/// Re-sends that change only how the wire writes a word: another abbreviation (`Qtly` →
/// `Qtrly`), a number in words or digits (`April Three` → `April 3`), a pronoun made the name
/// it stood for, or a figure added to the headline above the same table. The texts are
/// Reuters-21578 items (7267/7413, 9902/9936, 2883/2891, 16299/16386), some cut short.
struct WireVariantTests {
    static func analyze(_ old: String, _ new: String, headlines: (String, String) = ("", "")) -> DifferenceAnalysis {
        DifferenceAnalysis.analyze(old: WireTokenizer().tokens(headline: headlines.0, body: old),
                                   new: WireTokenizer().tokens(headline: headlines.1, body: new), maxSubstitution: 6)
    }

    @Test func respellingsAreAbbreviationsOfOneWordOrOneNumber() {
        #expect(DifferenceAnalysis.isRespelling("qtly", "qtrly") && DifferenceAnalysis.isRespelling("quarterly", "qtly"))
        #expect(DifferenceAnalysis.isRespelling("dlrs", "dollars") && DifferenceAnalysis.isRespelling("mln", "million"))
        #expect(DifferenceAnalysis.isRespelling("three", "3") && DifferenceAnalysis.isRespelling("seven", "7"))
        #expect(DifferenceAnalysis.isRespelling("braodacasting", "broadacasting"))
        // Two words, two numbers, a word and itself: no respelling.
        #expect(!DifferenceAnalysis.isRespelling("qtly", "annual") && !DifferenceAnalysis.isRespelling("qtr", "qtly"))
        #expect(!DifferenceAnalysis.isRespelling("three", "4") && !DifferenceAnalysis.isRespelling("qtly", "qtly"))
        #expect(!DifferenceAnalysis.isRespelling("mln", "bln"))
    }

    static let stevens = """
        Qtly div 30 cts vs 30 cts prior
            Pay April 30
            Record April Three
        """

    @Test func aDividendNoticeReSentInOtherAbbreviationsIsOneNotice() {
        let resent = Self.stevens.replacingOccurrences(of: "Qtly", with: "Qtrly").replacingOccurrences(of: "Three", with: "3")
        let diff = Self.analyze(Self.stevens, resent)
        #expect(diff.nameChanges.isEmpty && diff.figureChanges.isEmpty, "\(diff.nameChanges) \(diff.figureChanges)")
        let first = StoryPair.document("J.P. STEVENS AND CO <STN> IN PAYOUT", Self.stevens, minutes: 0)
        #expect(StoryPair.story(of: StoryPair.document("JP STEVENS AND CO INC <STN> SETS PAYOUT", resent, minutes: 189), after: first) == 1)
        // Another record day is another figure, and another company's notice another story.
        let otherDay = Self.analyze(Self.stevens, Self.stevens.replacingOccurrences(of: "Three", with: "4"))
        #expect(otherDay.figureChanges.count == 1)
        let other = StoryPair.document("BURLINGTON INDUSTRIES <BUR> SETS PAYOUT", resent, minutes: 189)
        #expect(StoryPair.story(of: other, after: first) == nil)
    }

    static let egypt = """
        The United States said it was transferring 115 mln dlrs in aid to Egypt as a cash grant to
        help boost its ailing economy. The funds are part of 815 mln dlrs in economic aid voted by
        Congress for 1987. State Department spokeswoman Phyllis Oakley stressed that the transfer
        was not unexpected.
        """

    @Test func aPronounMadeTheNameItStoodForIsNoOtherName() {
        let named = Self.egypt.replacingOccurrences(of: "boost its", with: "boost Cairo's")
        #expect(Self.analyze(Self.egypt, named).nameChanges.isEmpty)
        #expect(Self.analyze(named, Self.egypt).nameChanges.isEmpty)
        // A name for a name still is another name.
        let other = Self.egypt.replacingOccurrences(of: "Egypt", with: "Jordan")
        #expect(Self.analyze(Self.egypt, other).nameChanges.count == 1)
        let first = StoryPair.document("EGYPT TO RECEIVE 115 MLN DLR CASH GRANT", Self.egypt, minutes: 0)
        #expect(StoryPair.story(of: StoryPair.document("EGYPT TO RECEIVE 115 MLN DLR CASH GRANT", named, minutes: 7), after: first) == 1)
    }

    static let park = """
        Shr 15 cts vs 14 cts
            Net 2,028,000 vs 1,879,000
            Revs 32.1 mln vs 29.5 mln
        """

    @Test func aDateAddedToTheHeadlineAboveTheSameTableIsNoOtherFigure() {
        let diff = Self.analyze(Self.park, Self.park, headlines: ("PARK COMMUNICATIONS INC <PARC> 1ST QTR NET",
                                                                  "PARK COMMUNICATIONS INC <PARC.O> 1ST QTR MAR 31"))
        #expect(diff.figureChanges.isEmpty && diff.timeChanges == 0, "\(diff.figureChanges)")
        let first = StoryPair.document("PARK COMMUNICATIONS INC <PARC> 1ST QTR NET", Self.park, minutes: 0)
        let resent = StoryPair.document("PARK COMMUNICATIONS INC <PARC.O> 1ST QTR MAR 31", Self.park, minutes: 79)
        #expect(StoryPair.story(of: resent, after: first) == 1)
        // Another quarter in the headline is another figure, and so is a changed line below.
        let quarter = Self.analyze(Self.park, Self.park, headlines: ("PARK COMMUNICATIONS INC 1ST QTR NET",
                                                                     "PARK COMMUNICATIONS INC 2ND QTR NET"))
        #expect(quarter.figureChanges.count == 1)
        let line = Self.analyze(Self.park, Self.park.replacingOccurrences(of: "15 cts", with: "16 cts"),
                                headlines: ("PARK 1ST QTR NET", "PARK 1ST QTR MAR 31"))
        #expect(line.figureChanges.count == 1)
        // A headline alone (a flash) has no table to vouch for its figures.
        let flashes = Self.analyze("", "", headlines: ("FED SETS CUSTOMER REPURCHASE", "FED SETS 1.5 BLN DLR REPURCHASE"))
        #expect(!flashes.figureChanges.isEmpty)
    }

    static let peoria = """
        barrow and gilt prices rose 1.00 to 1.50
        dlrs in active trade, the usda said. Bulk supply us 1-3 200-260
        lbs. top 52.50 dlrs per cwt.
            us 1-2 200-250 lbs 51.50-52.00 and 200 head 52.25-52.50.
            us 1-3 200-250 lbs 51.00-51.50.
            sows - up 1.00/1.50 dlr. us 1-3 500-650 lbs 46.50-47.50.
        """

    static let stJoseph = """
        barrow and gilt prices rose 1.00 to
        1.50 dlr, the usda said. us 1-3 215-260 lbs 51.00-51.50.
            sows - up 1.00 dlr. us 1-3 500-650 lbs 46.50-47.00.
        """

    /// Two markets' hog reports (13859/14160), whose texts never name the market: the
    /// headline's first word does, and the two are not one report.
    @Test func shortNoticesHeadedForTwoMarketsAreTwoStories() {
        let peoria = StoryPair.document("PEORIA HOGS UP 1.00/1.50 DLR - USDA", Self.peoria, minutes: 0)
        let joseph = StoryPair.document("ST JOSEPH HOGS UP 1.00/1.50 DLR - USDA", Self.stJoseph, minutes: 86)
        #expect(StoryPair.story(of: joseph, after: peoria) == nil)
        let verdict = Verifier().verify(new: joseph.sketch, newTime: joseph.document.time, old: peoria.sketch,
                                        oldTime: peoria.document.time, oldLabel: "A")
        #expect(!verdict.sameStory && verdict.reason.contains("headed for someone else (peoria → joseph)"), "\(verdict.reason)")
        // The same market's report re-sent under a reworded headline stays one story.
        let resent = StoryPair.document("PEORIA HOGS RISE 1.00/1.50 DLR - USDA", Self.peoria + "\n", minutes: 20)
        #expect(StoryPair.story(of: resent, after: peoria) == 1)
        // So do a company's notices whose headline abbreviates its name another way.
        #expect(!Verifier.headlineSubject(WireTokenizer().tokens(headline: "J.P. STEVENS AND CO <STN> IN PAYOUT", body: "")).isEmpty)
    }

    static let dividend = """
        Qtly div 15 cts vs 15 cts prior
            Pay April 1
            Record March 13
        """

    /// Two companies' notices on the same terms: the company's name, up to its suffix, tells
    /// them apart however its first word reads ("FIRST …", "THE …", a ticker first); a
    /// company's own re-send under another spelling of its name does not.
    @Test func identicalNoticesOfTwoCompaniesAreTwoStories() {
        let pairs = [
            ("FIRST UNION CORP <FUNC> QTLY DIV", "FIRST CHICAGO CORP <FNB> QTLY DIV"),
            ("THE LIMITED INC QTLY DIVIDEND", "THE GAP INC QTLY DIVIDEND"),
            ("<GPS> GAP INC QTLY DIV", "<LTD> LIMITED INC QTLY DIV"),
            ("AMERICAN BRANDS INC <AMB> QTLY DIV", "AMERICAN EXPRESS CO <AXP> QTLY DIV"),
        ]
        for (a, b) in pairs {
            let first = StoryPair.document(a, Self.dividend, minutes: 0)
            #expect(StoryPair.story(of: StoryPair.document(b, Self.dividend, minutes: 5), after: first) == nil, "\(a) / \(b)")
        }
        let resends = [
            ("INT'L BUSINESS MACHINES <IBM> QTLY DIV", "INTERNATIONAL BUSINESS MACHINES <IBM> QTLY DIV"),
            ("FIRST UNION CORP <FUNC> QTLY DIV", "FIRST UNION CORP <FUNC> SETS QUARTERLY DIVIDEND"),
            ("GENERAL MILLS INC <GIS> QTLY DIV", "GENERAL MILLS <GIS> REGULAR DIVIDEND"),
        ]
        for (a, b) in resends {
            let first = StoryPair.document(a, Self.dividend, minutes: 0)
            #expect(StoryPair.story(of: StoryPair.document(b, Self.dividend, minutes: 5), after: first) == 1, "\(a) / \(b)")
        }
    }
}
