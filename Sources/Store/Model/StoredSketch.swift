import Foundation
import Sync

/// One stored version as the dedup window needs it: where it is, when, its hash and sketch.
public struct StoredSketch: Sendable {
    public var version: VersionRef
    public var time: Date
    public var contentHash: String
    public var sketch: Sketch
}
