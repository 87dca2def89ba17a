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
        // UTF-8 bytes appended to one buffer: a String append per piece cost more than the rest.
        var out: [UInt8] = []
        out.reserveCapacity(384)
        out.append(0x7B)  // {
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(0x2C) }
            first = false
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(0x22)
            out.append(0x3A)
        }
        func text(_ name: StaticString, _ value: String?) -> Bool {
            guard var value else { return true }
            // Only strings that need no escaping: no quote, backslash or control character.
            return value.withUTF8 { bytes -> Bool in
                guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return false }
                key(name)
                out.append(0x22)
                out.append(contentsOf: bytes)
                out.append(0x22)
                return true
            }
        }
        func integer<T: BinaryInteger>(_ name: StaticString, _ value: T?) {
            guard let value else { return }
            key(name)
            out.append(contentsOf: String(value).utf8)
        }
        func figure(_ name: StaticString, _ value: Double?) -> Bool {
            guard let value else { return true }
            guard value.isFinite else { return false }
            if value == value.rounded(), abs(value) < 1e15 {
                key(name)
                out.append(contentsOf: String(Int64(value)).utf8)
            } else {
                let shortest = value.description
                // Exponent forms are left to the encoder.
                guard !shortest.utf8.contains(0x65) else { return false }
                key(name)
                out.append(contentsOf: shortest.utf8)
            }
            return true
        }
        // Keys in sorted order: at, containment, current, file, headline, matched, other_story,
        // reason, seq, similarity, source, story, type, version.
        guard text("at", RFC3339.format(at)),
              figure("containment", containment) else { return nil }
        if let current {
            key("current")
            out.append(contentsOf: (current ? "true" : "false").utf8)
        }
        guard text("file", file),
              text("headline", headline) else { return nil }
        integer("matched", matched)
        integer("other_story", otherStory)
        guard text("reason", reason) else { return nil }
        integer("seq", seq)
        guard figure("similarity", similarity), text("source", source) else { return nil }
        integer("story", story)
        guard text("type", type.rawValue) else { return nil }
        integer("version", version)
        out.append(0x7D)  // }
        return String(decoding: out, as: UTF8.self)
    }
}
