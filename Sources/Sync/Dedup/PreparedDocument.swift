/// A parsed document with the derived values every decision needs.
///
/// Built once per file by ``prepare(_:normalizer:parameters:)``; the engine and the store both
/// read it (the store persists the sketch with the version).
public struct PreparedDocument: Sendable {
    public var document: StoryDocument
    /// The normalized full text (see ``Normalizer``).
    public var normalized: String
    /// SHA-256 hex of `normalized`: equal hashes mean an exact duplicate. A text without a
    /// word (only symbols, punctuation or emoji) normalizes to nothing: its hash is of its
    /// full text instead, after a byte no normalized text holds, so two such items are
    /// duplicates only when their texts are the same, not all of one another.
    public var contentHash: String
    /// Words, shingles and MinHash signature for near-duplicate search.
    public var sketch: Sketch

    public init(document: StoryDocument, normalized: String, contentHash: String, sketch: Sketch) {
        self.document = document
        self.normalized = normalized
        self.contentHash = contentHash
        self.sketch = sketch
    }

    /// Normalizes, hashes and sketches `document`.
    public static func prepare(_ document: StoryDocument, normalizer: Normalizer = Normalizer(),
                               parameters: DedupParameters = DedupParameters()) -> PreparedDocument {
        let normalized = normalizer.normalize(document)
        let hash = normalized.isEmpty ? SHA256.hex("\u{1}" + document.fullText) : SHA256.hex(normalized)
        return PreparedDocument(document: document, normalized: normalized, contentHash: hash,
                                sketch: .build(headline: document.headline, body: document.body, parameters: parameters))
    }
}
