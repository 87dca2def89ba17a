import Foundation

/// The tunable numbers of the near-duplicate engine, with the defaults measured in DEDUP.md.
///
/// Change them only with a measurement: `swift run -c release dedup-eval` prints precision and
/// recall on the labelled Reuters pairs for the values in effect.
public struct DedupParameters: Sendable, Equatable {
    /// Words per shingle.
    public var shingleSize = 3
    /// MinHash functions per signature; must equal `bands * rows`.
    public var hashCount = 128
    /// LSH bands; with `rows` they put the S-curve's midpoint near (1/bands)^(1/rows).
    public var bands = 64
    /// MinHash values per LSH band.
    public var rows = 2
    /// Items further apart in time than this are never versions of one another (seconds);
    /// the in-memory index also keeps only this much history (by document time).
    public var window: TimeInterval = 36 * 3600
    /// The most versions the in-memory window holds (about 7 KB each on wire copy). Past it the
    /// oldest arrivals leave early, whatever their time: a backfill whose document times run
    /// out of arrival order would otherwise keep every item behind one dated late, and grow
    /// without bound. 100,000 is two days of a newsroom taking 50,000 items a day.
    public var maxWindowVersions = 100_000
    /// The smallest share of the smaller text's shingles found in the other for a version.
    public var minContainment = 0.5
    /// A flash (an item of at most `flashWords` distinct shingles) followed within `flashSeconds` by the
    /// full story needs only this containment: the story's lead rewords the flash.
    public var flashContainment = 0.25
    public var flashWords = 20
    /// ... and only this when the flash carries two figures or more of four significant digits
    /// (`NET PROFIT 88.67 … VS 144.04 MLN`), all found in the story: a results table that
    /// follows its flash shares its figures rather than its words.
    public var flashFiguresContainment = 0.1
    public var flashSeconds: TimeInterval = 3600
    /// Shingles from the start of each text (headline and lead) kept in the lead index, which
    /// finds flashes, trims and short items whose Jaccard similarity is too low for LSH.
    public var leadShingles = 40
    /// Lead-index postings longer than this are boilerplate ("the company said") and skipped.
    public var maxPosting = 64
    /// An LSH bucket proposes at most this many versions, the newest: a fuller bucket is a
    /// template's shared wording, and reading it whole would make each decision cost as much
    /// as the window is long (``LSHIndex/init(bands:rows:maxBucket:expectedEntries:)``).
    public var maxBucket = 16
    /// Candidates verified per decision, best first.
    public var maxCandidates = 12
    /// A changed run of at most this many words on each side is a substitution (a swapped
    /// name or figure); longer changes are rewrites.
    public var maxSubstitution = 6
    /// Texts at least this long (in words) may carry one corrected figure or name and stay a
    /// version; shorter look-alikes differ exactly there.
    public var correctionMinimumWords = 150
    /// A single changed figure is a correction when at least this many figures are unchanged.
    public var correctionMinimumSharedFigures = 6

    /// Two items whose headlines share no word are two stories when the larger is more than
    /// this many times the smaller in distinct shingles: a roundup or digest quoting an item
    /// (``Verifier/headlineObjection(new:old:containment:flash:)``).
    public var roundupRatio = 5
    /// ... or when the smaller has fewer words than this outside its headline: a short notice,
    /// told from another company's by its headline.
    public var noticeWords = 40
    /// ... unless this share or more of the smaller's shingles are in the larger: the same
    /// text under a new headline is a re-titled re-send or write-through, not another story.
    public var retitledContainment = 0.9

    /// Whether the verifier looks at what the differing words are (turning it off leaves
    /// containment and the window: an ablation for DEDUP.md, not a production setting).
    public var analyzeDifferences = true

    public init() {}

    /// The LSH threshold: the Jaccard similarity at which a pair becomes a candidate with
    /// probability about one half.
    public var lshThreshold: Double { pow(1.0 / Double(bands), 1.0 / Double(rows)) }

    /// Names the first parameter that cannot work, or nil.
    public func problem() -> String? {
        if shingleSize < 1 || shingleSize > 8 { return "shingle size must be 1…8" }
        if bands < 1 || rows < 1 || bands * rows != hashCount { return "bands × rows must equal hash count" }
        if window <= 0 { return "window must be positive" }
        if maxWindowVersions < 1 { return "the window must hold at least one version" }
        if !(0...1).contains(minContainment) { return "minimum containment must be within 0…1" }
        if maxBucket < 1 { return "the LSH bucket limit must be at least 1" }
        return nil
    }
}
