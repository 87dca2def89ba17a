/// A fixed set of folded words, tested against a ``TokenList``'s words by their hashes first.
///
/// A 1,024-bit map of the words' hashes (``StableHash/string(_:)``, as tokens carry them)
/// answers "not in the set" for nearly every word with one bit, without making the word's
/// text; only a word whose bit is set is compared as text. Members must be written as the
/// tokenizer folds words (NFKC, case-folded): a word equal to a member then has the member's
/// bytes, and so its hash and bit.
struct HashedWordSet: Sendable {
    let words: Set<String>
    private let bits: [UInt64]

    init(_ words: Set<String>) {
        self.words = words
        var bits = [UInt64](repeating: 0, count: 16)
        for word in words {
            let bit = Int(StableHash.string(word) & 1023)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.bits = bits
    }

    /// False when no member has a hash sharing `hash`'s bit: the word is surely not a member.
    @inline(__always)
    func mayContain(hash: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: hash & 1023)
        return bits.withUnsafeBufferPointer { $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
    }

    /// True when the word at `index` of `tokens` is a member.
    @inline(__always)
    func contains(_ tokens: TokenList, _ index: Int) -> Bool {
        mayContain(hash: tokens[index].hash) && words.contains(tokens.text(at: index))
    }
}
