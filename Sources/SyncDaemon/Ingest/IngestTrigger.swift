/// Why the ingest loop looks at a file, which decides whether it must first settle.
public enum IngestTrigger: Sendable, Equatable {
    /// Renamed into the inbox: complete by the uploader's own signal, taken at once.
    case renamed
    /// Closed after writing in place, found by a scan, or retried: taken once it has settled.
    case written
}
