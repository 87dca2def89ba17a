import Foundation
import Testing
@testable import Sync

/// Loads the format fixtures under `Fixtures/formats/` (package resources of SyncTests).
enum FormatFixtures {
    /// A file modification time no fixture carries, to tell document times from fallbacks.
    static let modificationTime = Date(timeIntervalSince1970: 1_700_000_000)

    static func bytes(_ name: String) throws -> [UInt8] {
        let base = try #require(Bundle.module.resourceURL)
        return Array(try Data(contentsOf: base.appendingPathComponent("Fixtures/formats/" + name)))
    }

    /// A UTC instant written as RFC 3339, for readable expectations.
    static func date(_ text: String) -> Date {
        RFC3339.parse(text)!
    }
}
