/// The words of one text, in order (headline first), as ``WireTokenizer`` reads them.
///
/// Each element is a ``Token`` (hash and flags); the words' folded texts are kept back to back
/// in one byte buffer and read with ``text(at:)``, so tokenizing makes no `String` per word.
/// Two lists are equal when their words are: same hashes, flags and texts in the same order
/// (however their storage is laid out).
public struct TokenList: RandomAccessCollection, Sendable, Equatable {
    public typealias Index = Int
    public typealias Element = Token

    var tokens: [Token]
    /// The words' UTF-8 texts; a token's `start` and `length` point into it.
    var storage: [UInt8]

    /// An empty list.
    public init() {
        tokens = []
        storage = []
    }

    init(tokens: [Token], storage: [UInt8]) {
        self.tokens = tokens
        self.storage = storage
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { tokens.count }
    public subscript(position: Int) -> Token { tokens[position] }

    /// The folded text of the word at `index`.
    public func text(at index: Int) -> String {
        let word = tokens[index].bytes
        return storage.withUnsafeBufferPointer { bytes in String(decoding: UnsafeBufferPointer(rebasing: bytes[word]), as: UTF8.self) }
    }

    /// The texts of the words in `range`, in order.
    public func texts(_ range: Range<Int>) -> [String] { range.map(text(at:)) }

    /// Every word's text, in order.
    public var texts: [String] { texts(indices) }

    /// The number of words outside the headline.
    public var bodyWordCount: Int {
        var n = 0
        for t in tokens where !t.flags.contains(.headline) { n += 1 }
        return n
    }

    /// True when the word at `index` begins with `prefix` (ASCII), as `String.hasPrefix`
    /// tells it: compared by bytes, and by characters only when a non-ASCII byte follows the
    /// prefix (a combining mark there makes the last character another one).
    func word(at index: Int, hasPrefix prefix: StaticString) -> Bool {
        let word = tokens[index].bytes
        let count = prefix.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return storage.withUnsafeBufferPointer { bytes in
            let start = word.lowerBound
            for k in 0..<count where bytes[start + k] != prefix.utf8Start[k] { return false }
            guard word.count > count, bytes[start + count] >= 0x80 else { return true }
            return text(at: index).hasPrefix(prefix.description)
        }
    }

    /// True when the word at `index` is exactly `word` (ASCII), byte for byte; the tokenizer's
    /// texts are NFKC-folded, so that is what comparing them as `String`s tells.
    func word(at index: Int, is word: StaticString) -> Bool {
        withBytes(at: index) { $0.elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)) }
    }

    /// True when the word at `index` holds the byte `byte`.
    func word(at index: Int, contains byte: UInt8) -> Bool {
        withBytes(at: index) { $0.contains(byte) }
    }

    /// Calls `body` with the UTF-8 bytes of the word at `index`, without making its text.
    @inline(__always)
    func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = tokens[index].bytes
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The same words with storage holding little more than their texts.
    ///
    /// The ASCII tokenizer keeps the whole prepared text as storage, which costs nothing
    /// extra on wire copy (mostly words); but the dedup window keeps sketches for hours, and a
    /// file of mostly spaces, rules or table padding would keep all of it. When the words take
    /// less than half the storage (and it is not small), they are copied out.
    func compacted() -> TokenList {
        guard storage.capacity > 4096 else { return self }
        let wordBytes = tokens.reduce(0) { $0 + Int($1.length) }
        guard wordBytes * 2 < storage.capacity else { return self }
        var tight = [UInt8]()
        tight.reserveCapacity(wordBytes)
        var moved = tokens
        storage.withUnsafeBufferPointer { bytes in
            for i in moved.indices {
                let word = moved[i].bytes
                moved[i].start = UInt32(tight.count)
                tight.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[word]))
            }
        }
        return TokenList(tokens: moved, storage: tight)
    }

    /// Appends a word whose folded text is `text`.
    mutating func append(_ text: String, flags: Token.Flags) {
        let start = storage.count
        storage.append(contentsOf: text.utf8)
        tokens.append(Token(hash: StableHash.string(text), start: start, length: storage.count - start, flags: flags))
    }

    public static func == (a: TokenList, b: TokenList) -> Bool {
        guard a.tokens.count == b.tokens.count else { return false }
        for i in a.tokens.indices {
            let x = a.tokens[i], y = b.tokens[i]
            guard x.hash == y.hash, x.flags == y.flags, x.length == y.length,
                  a.storage[x.bytes].elementsEqual(b.storage[y.bytes]) else { return false }
        }
        return true
    }
}
