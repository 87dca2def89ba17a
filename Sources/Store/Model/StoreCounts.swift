/// Totals the status endpoint reports.
public struct StoreCounts: Sendable, Equatable {
    public var stories: Int
    public var versions: Int
    public var duplicates: Int
    public var rejected: Int
    public var lastSeq: Int64
}
