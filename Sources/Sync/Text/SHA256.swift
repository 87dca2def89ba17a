import CSHA256

/// SHA-256 (FIPS 180-4) over bytes, for content identity.
///
/// Used to name a version's normalized text and a file's raw bytes; the hex digest is what the
/// store indexes. Kept here so the domain module needs no crypto dependency. Whole blocks go
/// through the CPU's SHA instructions where it has them (x86-64 with SHA-NI), else through the
/// portable rounds below; both give the same digest.
public struct SHA256: Sendable {
    /// The eight working words, inline (no heap storage).
    private var state = Self.initialState
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    /// Whether whole blocks use the CPU's SHA instructions.
    let usesHardware: Bool

    /// Whether this CPU has the SHA instructions the hardware path needs.
    static let hardwareAvailable = csha256_hardware_available() != 0

    private static let initialState = SIMD8<UInt32>(
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    public init() { self.init(hardware: Self.hardwareAvailable) }

    /// A hasher that uses the CPU's SHA instructions only if `hardware` (and the CPU has them):
    /// tests compare both paths.
    init(hardware: Bool) {
        usesHardware = hardware && Self.hardwareAvailable
    }

    /// The hex digest of `bytes`.
    ///
    /// Hashes contiguous bytes in place, with the padding on the stack: the returned string is
    /// its one allocation (every decided file is hashed twice, its bytes and its normalized text).
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hex(bytes, hardware: hardwareAvailable)
    }

    /// ``hex(_:)`` on the chosen path, for tests.
    static func hex<C: Collection>(_ bytes: C, hardware: Bool) -> String where C.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ hex(contiguous: $0, hardware: hardware) }) { return digest }
        return Array(bytes).withUnsafeBufferPointer { hex(contiguous: $0, hardware: hardware) }
    }

    /// The hex digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(contiguous: $0, hardware: hardwareAvailable) }
    }

    private static func hex(contiguous bytes: UnsafeBufferPointer<UInt8>, hardware: Bool) -> String {
        var hasher = SHA256(hardware: hardware)
        let whole = bytes.count / 64 * 64
        if whole > 0 { hasher.compress(bytes.baseAddress!, blocks: whole / 64) }
        hasher.length = UInt64(bytes.count)
        hasher.finish(tail: UnsafeBufferPointer(rebasing: bytes[whole...]))
        let state = hasher.state
        return String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            for word in 0..<8 {
                let value = state[word]
                for nibble in 0..<8 {
                    out[word * 8 + nibble] = table[Int(truncatingIfNeeded: value >> UInt32(28 - 4 * nibble)) & 0xF]
                }
            }
            return 64
        }
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: $0) }) != nil { return }
        Array(bytes).withUnsafeBufferPointer { update(contiguous: $0) }
    }

    /// Hashes whole blocks straight from `bytes`; only a partial block is buffered.
    private mutating func update(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            offset = take
            guard buffer.count == 64 else { return }
            buffer.withUnsafeBufferPointer { compress($0.baseAddress!) }
            buffer.removeAll(keepingCapacity: true)
        }
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 {
            compress(base + offset, blocks: blocks)
            offset += blocks * 64
        }
        if offset < bytes.count {
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    public mutating func finalize() -> [UInt8] {
        let tail = buffer
        buffer.removeAll()
        tail.withUnsafeBufferPointer { finish(tail: $0) }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in 0..<8 {
            let value = state[word]
            digest.append(UInt8(truncatingIfNeeded: value >> 24))
            digest.append(UInt8(truncatingIfNeeded: value >> 16))
            digest.append(UInt8(truncatingIfNeeded: value >> 8))
            digest.append(UInt8(truncatingIfNeeded: value))
        }
        return digest
    }

    /// Hashes `tail` (under one block, the bytes after the last whole block) with the padding
    /// and the message length, in a stack buffer of one or two blocks.
    private mutating func finish(tail: UnsafeBufferPointer<UInt8>) {
        let bitLength = length &* 8
        let blocks = tail.count + 9 > 64 ? 2 : 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { pad in
            let end = blocks * 64
            if let base = tail.baseAddress, !tail.isEmpty {
                pad.baseAddress!.update(from: base, count: tail.count)
            }
            pad[tail.count] = 0x80
            for i in (tail.count + 1)..<(end - 8) { pad[i] = 0 }
            for i in 0..<8 { pad[end - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * i)) }
            compress(UnsafePointer(pad.baseAddress!), blocks: blocks)
        }
    }

    /// The round constants, one table for both paths (CSHA256 holds it).
    nonisolated(unsafe) private static let k = csha256_round_constants()!

    /// `blocks` consecutive 64-byte blocks from `start`.
    private mutating func compress(_ start: UnsafePointer<UInt8>, blocks: Int = 1) {
        if usesHardware {
            withUnsafeMutableBytes(of: &state) {
                csha256_compress_blocks($0.baseAddress!.assumingMemoryBound(to: UInt32.self), start, blocks)
            }
            return
        }
        for block in 0..<blocks { compressPortably(start + 64 * block) }
    }

    /// One 64-byte block at `block`, in Swift.
    private mutating func compressPortably(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16
                    | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            do {
                let k = Self.k
                var a = state[0], b = state[1], c = state[2], d = state[3]
                var e = state[4], f = state[5], g = state[6], h = state[7]
                for i in 0..<64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
                state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
                state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
            }
        }
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
