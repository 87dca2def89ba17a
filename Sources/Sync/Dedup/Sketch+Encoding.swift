/// A compact binary form of a ``Sketch`` for the store.
///
/// Layout (little-endian): `SK`, the MinHash family (u8), shingle size (u8), hash count (u16),
/// token count (u32), then per token its flags (u8), UTF-8 length (u16) and bytes, then the
/// signature (u32 each). Shingles are recomputed from the words on decode (cheap); the
/// signature is reused when family and parameters match and recomputed otherwise, so stored
/// sketches never go stale.
extension Sketch {
    static let magic: [UInt8] = Array("SK".utf8)

    /// The bytes to store for this sketch, built with `parameters`.
    public func encoded(parameters: DedupParameters) -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(16 + tokens.count * 8 + signature.count * 4)
        out.append(MinHasher.family)
        out.append(UInt8(parameters.shingleSize))
        append(UInt16(signature.count), to: &out)
        append(UInt32(tokens.count), to: &out)
        for token in tokens {
            out.append(token.flags.rawValue)
            var text = token.text
            text.withUTF8 { bytes in
                let kept = UnsafeBufferPointer(rebasing: bytes.prefix(Int(UInt16.max)))
                append(UInt16(kept.count), to: &out)
                out.append(contentsOf: kept)
            }
        }
        for value in signature { append(value, to: &out) }
        return out
    }

    /// Decodes stored bytes; nil when they are not a sketch (the caller rebuilds from text).
    public init?(encoded bytes: [UInt8], parameters: DedupParameters) {
        var reader = ByteReader(bytes: bytes)
        guard reader.take(2) == Self.magic, let family = reader.u8(), let k = reader.u8(), let hashCount = reader.u16(),
              let count = reader.u32() else { return nil }
        var tokens: [Token] = []
        tokens.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let flags = reader.u8(), let length = reader.u16(), let text = reader.take(Int(length)) else { return nil }
            tokens.append(Token(text: String(decoding: text, as: UTF8.self), flags: Token.Flags(rawValue: flags)))
        }
        var signature: [UInt32] = []
        signature.reserveCapacity(Int(hashCount))
        for _ in 0..<hashCount {
            guard let v = reader.u32() else { return nil }
            signature.append(v)
        }
        var sketch = Sketch.build(tokens: tokens, parameters: parameters, signature:
            family == MinHasher.family && Int(k) == parameters.shingleSize && Int(hashCount) == parameters.hashCount ? signature : nil)
        sketch.tokens = tokens
        self = sketch
    }

    private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Reads little-endian integers and byte runs from a buffer, failing softly at its end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard let raw = take(MemoryLayout<T>.size) else { return nil }
        var value: T = 0
        for (i, byte) in raw.enumerated() { value |= T(byte) << (8 * i) }
        return value
    }

    mutating func u8() -> UInt8? { integer(UInt8.self) }
    mutating func u16() -> UInt16? { integer(UInt16.self) }
    mutating func u32() -> UInt32? { integer(UInt32.self) }
}
