/// What ``DifferenceAnalysis`` reads of one text as a whole: its word hashes, its figures and
/// whether it is set in capitals.
///
/// The engine compares a new item with up to a dozen candidates, so it works these out once
/// per item and passes them to each comparison (see ``Verifier/verify(new:newTime:old:oldTime:oldLabel:shared:explainingRejection:newProfile:)``).
public struct TextProfile: Sendable {
    /// Each word's hash, in order (what the word alignment compares).
    public let hashes: [UInt64]
    /// The values of the text's figures (``NumberValue/values(_:_:)`` over every word).
    public let figures: [Double]
    /// True when most of the body's words are set in capitals.
    public let shouting: Bool

    public init(_ tokens: TokenList) {
        hashes = tokens.map(\.hash)
        figures = NumberValue.values(tokens, 0..<tokens.count)
        shouting = DifferenceAnalysis.isShouting(tokens)
    }
}
