/// One word of a story's text as the near-duplicate engine sees it.
///
/// `text` is NFKC-normalized and case-folded; the flags keep what folding loses (was it
/// capitalized, did it start a sentence, was it in the headline), which the verifier needs to
/// tell a swapped name from an ordinary word.
public struct Token: Sendable, Equatable {
    public var text: String
    /// A 64-bit hash of `text`, stable across runs and machines.
    public var hash: UInt64
    public var flags: Flags

    public struct Flags: OptionSet, Sendable, Equatable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The original word began with an uppercase letter.
        public static let capitalized = Flags(rawValue: 1)
        /// The word starts a sentence, paragraph or the headline.
        public static let sentenceStart = Flags(rawValue: 2)
        /// The word is part of the headline.
        public static let headline = Flags(rawValue: 4)
        /// Every letter of the original word was uppercase (and it had at least two).
        public static let allCaps = Flags(rawValue: 8)

        /// The flags of a word read with `letters` letters, `upper` of them uppercase.
        init(capitalized: Bool, letters: Int, upper: Int, sentenceStart: Bool, headline: Bool) {
            self.init(capitalized: capitalized, allCaps: letters >= 2 && upper == letters,
                      sentenceStart: sentenceStart, headline: headline)
        }

        /// The flags of a word whose capitals the caller has already classified.
        @inline(__always)
        init(capitalized: Bool, allCaps: Bool, sentenceStart: Bool, headline: Bool) {
            rawValue = (capitalized ? 1 : 0) | (sentenceStart ? 2 : 0) | (headline ? 4 : 0) | (allCaps ? 8 : 0)
        }
    }

    public init(text: String, flags: Flags) {
        self.text = text
        self.hash = StableHash.string(text)
        self.flags = flags
    }

    /// A token whose `hash` the caller computed as ``StableHash/string(_:)`` of `text` would.
    init(text: String, hash: UInt64, flags: Flags) {
        self.text = text
        self.hash = hash
        self.flags = flags
    }

    /// True when the word starts with a digit.
    public var isNumeric: Bool { text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
