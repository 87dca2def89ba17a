import Foundation

extension FeedEvent {
    /// The event's wire JSON, byte for byte what ``WireJSON/encoder(pretty:)`` writes.
    ///
    /// syncd stores one of these per decision inside its write transaction, where the generic
    /// encoder cost about a tenth of the serial step. This writes the common shape directly (keys
    /// in sorted order, plain strings, figures that print as the encoder prints them) and hands
    /// anything else — a string needing escapes, a figure in exponent form — to the encoder, so
    /// the output never differs; `FeedEventJSONTests` checks both paths against the encoder.
    public func wireJSON() throws -> String {
        if let direct = directJSON() { return direct }
        return String(decoding: try FeedEvent.fallbackEncoder.encode(self), as: UTF8.self)
    }

    private static let fallbackEncoder = WireJSON.encoder()

    /// The JSON written directly, or nil when a value needs the encoder.
    func directJSON() -> String? {
        var out = "{"
        out.reserveCapacity(256)
        var first = true
        func key(_ name: String) {
            if !first { out += "," }
            first = false
            out += "\""
            out += name
            out += "\":"
        }
        func text(_ name: String, _ value: String?) -> Bool {
            guard let value else { return true }
            // Only strings that need no escaping: no quote, backslash or control character.
            guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return false }
            key(name)
            out += "\""
            out += value
            out += "\""
            return true
        }
        func integer<T: BinaryInteger>(_ name: String, _ value: T?) {
            guard let value else { return }
            key(name)
            out += String(value)
        }
        func figure(_ name: String, _ value: Double?) -> Bool {
            guard let value else { return true }
            guard value.isFinite else { return false }
            key(name)
            if value == value.rounded(), abs(value) < 1e15 {
                out += String(Int64(value))
            } else {
                let shortest = value.description
                // Exponent forms are left to the encoder.
                guard !shortest.contains("e") else { return false }
                out += shortest
            }
            return true
        }
        // Keys in sorted order: at, containment, file, headline, matched, other_story, reason,
        // seq, similarity, source, story, type, version.
        guard text("at", RFC3339.format(at)),
              figure("containment", containment),
              text("file", file),
              text("headline", headline) else { return nil }
        integer("matched", matched)
        integer("other_story", otherStory)
        guard text("reason", reason) else { return nil }
        integer("seq", seq)
        guard figure("similarity", similarity), text("source", source) else { return nil }
        integer("story", story)
        guard text("type", type.rawValue) else { return nil }
        integer("version", version)
        out += "}"
        return out
    }
}
