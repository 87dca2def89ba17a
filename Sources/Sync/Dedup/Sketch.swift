import Foundation

/// Everything the engine keeps about one stored version: its words, shingle set and MinHash.
///
/// Built once per document by ``build(headline:body:parameters:)`` and persisted (see
/// `Sketch+Encoding.swift`) so a restart rebuilds the index without re-reading story texts.
public struct Sketch: Sendable, Equatable {
    /// The words in order (headline first).
    public var tokens: TokenList
    /// Hashes of the word shingles, sorted ascending, without repeats.
    public var shingles: [UInt64]
    /// The distinct hashes of the first shingles (headline and lead), ascending: the lead
    /// index's keys, sorted here (in the parallel prepare stage) rather than at each insert.
    public var leadShingles: [UInt64]
    /// One minimum per hash function (set only with the band keys cut from it).
    public private(set) var signature: [UInt32]
    /// The signature's LSH band keys (``LSHIndex/bandKeys(_:bands:rows:)``), computed with the
    /// sketch so the engine's serial step does not hash bands again; `bandShape` is the bands
    /// and rows they were cut in (an index of another shape computes its own, see
    /// ``bandKeys(for:)``).
    public private(set) var bandKeys: [UInt32]
    public private(set) var bandShape: (bands: Int, rows: Int)

    /// A sketch from its parts; the band keys are cut from `signature` in `bands × rows`.
    public init(tokens: TokenList, shingles: [UInt64], leadShingles: [UInt64], signature: [UInt32], bands: Int, rows: Int) {
        self.tokens = tokens
        self.shingles = shingles
        self.leadShingles = leadShingles
        self.signature = signature
        self.bandKeys = LSHIndex.bandKeys(signature, bands: bands, rows: rows)
        self.bandShape = (bands, rows)
    }

    /// The band keys `index` files this sketch under: the precomputed ones when they were cut
    /// to its shape.
    public func bandKeys(for index: LSHIndex) -> [UInt32] {
        bandShape == (index.bands, index.rows) ? bandKeys : index.keys(signature)
    }

    public static func == (a: Sketch, b: Sketch) -> Bool {
        a.tokens == b.tokens && a.shingles == b.shingles && a.leadShingles == b.leadShingles
            && a.signature == b.signature && a.bandKeys == b.bandKeys && a.bandShape == b.bandShape
    }

    /// Tokenizes, shingles and signs a document.
    public static func build(headline: String, body: String, parameters: DedupParameters = DedupParameters()) -> Sketch {
        let tokens = WireTokenizer().tokens(headline: headline, body: body)
        return build(tokens: tokens, parameters: parameters)
    }

    /// Shingles and signs already tokenized text (reusing `signature` when one is given).
    public static func build(tokens: TokenList, parameters: DedupParameters, signature known: [UInt32]? = nil) -> Sketch {
        let (unique, lead) = Shingler.withShingles(of: tokens, size: parameters.shingleSize) { ordered in
            let unique = Shingler.sortedDistinct(ordered)
            // A text of no more shingles than the lead holds is all lead.
            let lead = ordered.count <= parameters.leadShingles
                ? unique : Shingler.sortedDistinct(UnsafeBufferPointer(rebasing: ordered[..<max(0, parameters.leadShingles)]))
            return (unique, lead)
        }
        let signature = known ?? MinHasher(count: parameters.hashCount).signature(of: unique)
        return Sketch(tokens: tokens, shingles: unique, leadShingles: lead, signature: signature,
                      bands: parameters.bands, rows: parameters.rows)
    }

    /// The number of words outside the headline.
    public var bodyWordCount: Int { tokens.bodyWordCount }
}
