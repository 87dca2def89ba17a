/// One word of a story's text as the near-duplicate engine sees it: its hash and flags.
///
/// The word's text (NFKC-normalized and case-folded) lives in the ``TokenList`` the token
/// came from: read it with ``TokenList/text(at:)``. A token holds no reference, so a list of
/// them is one flat allocation. The flags keep what folding loses (was it capitalized, did it
/// start a sentence, was it in the headline), which the verifier needs to tell a swapped name
/// from an ordinary word.
public struct Token: Sendable, Equatable {
    /// A 64-bit hash of the word's text (``StableHash/string(_:)``), stable across runs and
    /// machines.
    public var hash: UInt64
    /// Where the word's UTF-8 text starts in its list's storage, and how long it is.
    var start: UInt32
    var length: UInt32
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
        /// The word starts with a digit (`1,750`, `10:30`, `4th`).
        public static let numeric = Flags(rawValue: 16)

        /// The flags of a word read with `letters` letters, `upper` of them uppercase.
        init(capitalized: Bool, letters: Int, upper: Int, sentenceStart: Bool, headline: Bool, numeric: Bool) {
            self = []
            if capitalized { insert(.capitalized) }
            if letters >= 2 && upper == letters { insert(.allCaps) }
            if sentenceStart { insert(.sentenceStart) }
            if headline { insert(.headline) }
            if numeric { insert(.numeric) }
        }
    }

    /// A token for the `length` bytes at `start` of its list's storage, hashed by the caller
    /// as ``StableHash/string(_:)`` would hash them.
    @inline(__always)
    init(hash: UInt64, start: Int, length: Int, flags: Flags) {
        self.hash = hash
        self.start = UInt32(truncatingIfNeeded: start)
        self.length = UInt32(truncatingIfNeeded: length)
        self.flags = flags
    }

    /// Where the word's text lies in its list's storage.
    var bytes: Range<Int> { Int(start)..<(Int(start) + Int(length)) }

    /// True when the word starts with a digit.
    public var isNumeric: Bool { flags.contains(.numeric) }
}
