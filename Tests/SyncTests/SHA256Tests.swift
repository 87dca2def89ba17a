import Testing
@testable import Sync

@Suite("SHA-256")
struct SHA256Tests {
    // Test vectors from FIPS 180-4 examples and NIST CAVP.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
        // The portable rounds too, where the default uses the CPU's SHA instructions.
        var portable = SHA256(hardware: false)
        portable.update(Array(input.utf8))
        #expect(Self.hex(portable.finalize()) == digest)
    }

    static func hex(_ digest: [UInt8]) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Every length around the block and padding boundaries, fed whole and in random pieces,
    /// gives the same digest on both paths (the hardware path is taken where the CPU has it).
    @Test func hardwareAndPortableRoundsAgree() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1_100).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var lengths = Array(0...200) + [255, 256, 257, 511, 512, 513, 1_000, 1_100]
        lengths.shuffle(using: &generator)
        for length in lengths {
            var portable = SHA256(hardware: false), hardware = SHA256(hardware: true)
            portable.update(bytes[..<length])
            var offset = 0
            while offset < length {
                let piece = min(length - offset, Int.random(in: 1...150, using: &generator))
                hardware.update(bytes[offset..<(offset + piece)])
                offset += piece
            }
            #expect(hardware.finalize() == portable.finalize(), "length \(length)")
        }
    }

    /// The one-shot digest (whole blocks in place, the padding on the stack) gives what the
    /// incremental hasher gives, at every length around the block and padding boundaries.
    @Test func oneShotDigestsMatchIncrementalOnes() {
        let bytes = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        for length in Array(0...200) + [255, 256, 257, 511, 512, 513, 600] {
            for hardware in [false, true] {
                var hasher = SHA256(hardware: hardware)
                hasher.update(bytes[..<length])
                #expect(SHA256.hex(bytes[..<length], hardware: hardware) == Self.hex(hasher.finalize()),
                        "length \(length), hardware \(hardware)")
            }
        }
    }

    @Test func millionAs() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesMatchOneShot() {
        var hasher = SHA256()
        let text = Array("The quick brown fox jumps over the lazy dog, again and again and again.".utf8)
        hasher.update(text[..<10])
        hasher.update(text[10...])
        #expect(hasher.finalize() == { var h = SHA256(); h.update(text); return h.finalize() }())
    }

    @Test func nonContiguousAndChunkedInputsMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let expected = SHA256.hex(bytes)
        #expect(SHA256.hex(bytes.lazy.map { $0 }) == expected)
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 127, 200, 480] {
            hasher.update(bytes[offset..<(offset + size)])
            offset += size
        }
        #expect(offset == bytes.count)
        var whole = SHA256()
        whole.update(bytes)
        #expect(hasher.finalize() == whole.finalize())
    }
}
