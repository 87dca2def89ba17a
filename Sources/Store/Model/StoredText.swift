import Foundation
import Sync

/// One version's row as read for the dedup window, before it is sketched.
struct StoredText: Sendable {
    var version: VersionRef
    var time: Date
    var contentHash: String
    var headline: String
    var body: String

    /// Reads the columns of `Database.windowColumns`, in that order.
    init(_ row: Statement) {
        version = VersionRef(story: row.int64(0), id: row.int64(1), number: row.int(2))
        time = Date(millisecondsSince1970: row.int64(3))
        contentHash = row.text(4)
        headline = row.text(5)
        body = row.text(6)
    }

    func sketched(_ parameters: DedupParameters) -> StoredSketch {
        StoredSketch(version: version, time: time, contentHash: contentHash,
                     sketch: Sketch.build(headline: headline, body: body, parameters: parameters))
    }
}
