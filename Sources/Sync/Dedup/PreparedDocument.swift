/// A parsed document with the derived values every decision needs.
///
/// Built once per file by ``prepare(_:normalizer:)``; the engine and the store both read it.
public struct PreparedDocument: Sendable {
    public var document: StoryDocument
    /// The normalized full text (see ``Normalizer``).
    public var normalized: String
    /// SHA-256 hex of `normalized`: equal hashes mean an exact duplicate.
    public var contentHash: String

    public init(document: StoryDocument, normalized: String, contentHash: String) {
        self.document = document
        self.normalized = normalized
        self.contentHash = contentHash
    }

    /// Normalizes and hashes `document`.
    public static func prepare(_ document: StoryDocument, normalizer: Normalizer = Normalizer()) -> PreparedDocument {
        let normalized = normalizer.normalize(document.fullText)
        return PreparedDocument(document: document, normalized: normalized, contentHash: SHA256.hex(normalized))
    }
}
