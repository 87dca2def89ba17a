import Foundation

/// One incoming story as parsed from a file, before any decision.
///
/// Parsers fill what their format carries; `time` is the document's own time when the format
/// has one (the ingest loop falls back to the file's modification time), `source` is the inbox
/// subfolder the file came through (nil for files at the top of the inbox).
public struct StoryDocument: Sendable, Equatable {
    /// The story's headline, trimmed; may be empty for a headline-less item.
    public var headline: String
    /// The body as paragraphs separated by blank lines, each paragraph trimmed.
    public var body: String
    /// The document's own time, or the file's modification time.
    public var time: Date
    /// The inbox subfolder that names the feed, e.g. `ap`; nil at the inbox's top level.
    public var source: String?
    /// The format the document was read from, e.g. `text`.
    public var format: String

    public init(headline: String, body: String, time: Date, source: String? = nil, format: String = "text") {
        self.headline = headline
        self.body = body
        self.time = time
        self.source = source
        self.format = format
    }

    /// Headline and body as one text, the input of normalization and hashing.
    public var fullText: String { headline.isEmpty ? body : headline + "\n\n" + body }
}
