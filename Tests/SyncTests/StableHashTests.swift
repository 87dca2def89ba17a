import Testing
@testable import Sync

/// The word hash and the eight-byte tests the ASCII tokenizer is built on.
@Suite("Stable hash and ASCII words")
struct StableHashTests {
    @Test func addingChunksHashesLikeAddingBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in UInt8.random(in: 1...0x7F, using: &generator) }
            var byByte = StableHash.WordHasher(), byChunk = StableHash.WordHasher()
            for byte in bytes { byByte.add(byte) }
            var rest = bytes[...]
            while !rest.isEmpty {
                let take = min(rest.count, Int.random(in: 1...8, using: &generator))
                let chunk = rest.prefix(take).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
                byChunk.add(chunk: chunk, count: take)
                rest = rest.dropFirst(take)
            }
            #expect(byChunk.finish() == byByte.finish(), "\(bytes)")
            #expect(byByte.finish() == StableHash.string(String(decoding: bytes, as: UTF8.self)))
        }
        #expect(StableHash.string("ab") != StableHash.string("ba"))
        #expect(StableHash.string("a") != StableHash.string("a\u{0}"))
    }

    @Test func eightByteTestsAgreeWithByteTestsOnEveryASCIIByte() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
            func mask(_ test: (UInt8) -> Bool) -> UInt64 {
                bytes.enumerated().reduce(UInt64(0)) { test($1.element) ? $0 | 0x80 << UInt64($1.offset * 8) : $0 }
            }
            #expect(ASCIIWord.inRange(word, 0x41, 0x5A) == mask { $0 >= 0x41 && $0 <= 0x5A })
            #expect(ASCIIWord.inRange(word, 0x30, 0x39) == mask { $0 >= 0x30 && $0 <= 0x39 })
            #expect(ASCIIWord.inRange(word, 0x00, 0x7F) == mask { _ in true })
            #expect(ASCIIWord.equal(word, 0x2D) == mask { $0 == 0x2D })
            #expect(ASCIIWord.equal(word, 0x00) == mask { $0 == 0 })
            let first = bytes.firstIndex(of: 0x2D) ?? 8
            #expect(ASCIIWord.leadingBytes(ASCIIWord.equal(word, 0x2D)) == first)
        }
    }
}
