import Foundation

/// Reads the numeric value of a word as wire copy writes it: `1,750`, `6.4`, `6-3/16`, `3/8`,
/// `seven`; a following scale word (`mln`, `billion`, `thousand`) multiplies it.
public enum NumberValue {
    static let words: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
    ]
    /// The number words by hash: ``mayBeNumber(_:_:)`` tests a word with one bit, making no
    /// text for the great majority that no number word shares a bit with.
    static let wordHashes = HashedWordSet(Set(words.keys))
    static let scales: [String: Double] = [
        "thousand": 1e3, "mln": 1e6, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1,
        "billion": 1e9, "billions": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12,
    ]

    /// The value of `text` (already case-folded), or nil if it is not a number.
    public static func parse(_ text: String) -> Double? {
        guard let first = text.utf8.first else { return nil }
        guard first >= 0x30 && first <= 0x39 else { return words[text] }
        if let decimal = plainDecimal(text) { return decimal }
        return generalNumber(text)
    }

    /// The value of digits with thousands commas and at most one decimal point (`1,750`,
    /// `6.4`, `2008`), read from the bytes; nil for any other shape, or beyond the exact case.
    ///
    /// Exact: the digits (15 at most) make an integer below 2^53 and the point is at most 22
    /// places in, so one correctly rounded division by a power of ten gives the double nearest
    /// the decimal, as ``generalNumber(_:)`` does (through `strtod`) for the same text.
    static func plainDecimal(_ text: String) -> Double? {
        var text = text
        return text.withUTF8(plainDecimal(bytes:))
    }

    /// ``plainDecimal(_:)`` of a word's UTF-8 bytes.
    static func plainDecimal(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var digits: UInt64 = 0
        var places = -1  // digits after the point; -1 before one
        var count = 0
        for byte in bytes {
            switch byte {
            case 0x30...0x39:
                guard count < 15 else { return nil }  // 15 digits stay below 2^53
                digits = digits &* 10 &+ UInt64(byte &- 0x30)
                count += 1
                if places >= 0 { places += 1 }
            case 0x2C where places < 0:
                continue
            case 0x2E where places < 0:
                places = 0
            default:
                return nil
            }
        }
        guard count > 0, places != 0, places <= 22 else { return nil }
        return places > 0 ? Double(digits) / powersOfTen[places] : Double(digits)
    }

    /// ``parse(_:)`` of the word at `index`: a plain decimal (most figures) is read straight
    /// from its bytes, any other word through its text.
    @inline(__always)
    static func value(ofWordAt index: Int, in tokens: TokenList) -> Double? {
        let plain = tokens.withBytes(at: index) { bytes -> Double? in
            guard let first = bytes.first, first >= 0x30 && first <= 0x39 else { return nil }
            return plainDecimal(bytes: bytes)
        }
        return plain ?? parse(tokens.text(at: index))
    }

    /// 10^0 … 10^22, each exact in a double.
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { value, _ in value * 10 } }

    /// ``parse(_:)`` for a word starting with a digit, any shape: plain, with commas, a clock
    /// time, a fraction, or digits among letters.
    static func generalNumber(_ text: String) -> Double? {
        if let plainNumber = Double(text) { return plainNumber }
        let plain = text.utf8.contains(0x2C) ? text.replacingOccurrences(of: ",", with: "") : text
        if let v = Double(plain) { return v }
        if plain.utf8.contains(0x3A) {  // ":"
            // 10:30 (a clock time) → 1030, comparable with 1030 GMT
            let p = plain.split(separator: ":")
            if p.count == 2, let h = Double(p[0]), let m = Double(p[1]) { return h * 100 + m }
        }
        // 6-3/16 (a mixed fraction) or 3/16
        let parts = plain.split(separator: "-", maxSplits: 1)
        if parts.count == 2, let whole = Double(parts[0]), let fraction = parseFraction(parts[1]) {
            return whole + fraction
        }
        if parts.count == 1, let fraction = parseFraction(parts[0]) { return fraction }
        // Digits with letters (1987/88, 4th, 10am): compare the digits as written.
        let digits = plain.filter(\.isNumber)
        return Double(digits)
    }

    static func parseFraction(_ text: Substring) -> Double? {
        let p = text.split(separator: "/")
        guard p.count == 2, let n = Double(p[0]), let d = Double(p[1]), d != 0 else { return nil }
        // 1986/87 is a season, not a fraction: keep it as written.
        if p[0].count >= 3 { return Double(String(p[0]) + String(p[1])) }
        return n / d
    }

    /// The values of the numbers among `tokens[range]`, scaled by a following scale word;
    /// clock times with `a.m.`/`p.m.` become 24-hour figures (`10 a.m.` → 1000).
    public static func values(_ tokens: TokenList, _ range: Range<Int>) -> [Double] {
        values(tokens, range, considering: mayBeNumber)
    }

    /// ``values(_:_:)`` reading only the words `candidate` lets through (the tests pass every
    /// word, to check ``mayBeNumber(_:_:)`` drops no figure).
    @inline(__always)
    static func values(_ tokens: TokenList, _ range: Range<Int>, considering candidate: (TokenList, Int) -> Bool) -> [Double] {
        var out: [Double] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if candidate(tokens, i), var v = value(ofWordAt: i, in: tokens) {
                if i + 1 < tokens.count, let scale = scale(ofWordAt: i + 1, in: tokens) {
                    v *= scale
                } else if let meridiem = Self.meridiem(tokens, after: i), v <= 1259 {
                    let hours = v < 24 ? v : (v / 100).rounded(.down)
                    let minutes = v < 24 ? 0 : v.truncatingRemainder(dividingBy: 100)
                    let h24 = hours.truncatingRemainder(dividingBy: 12) + (meridiem == "p" ? 12 : 0)
                    v = h24 * 100 + minutes
                }
                out.append(v)
            }
            i += 1
        }
        return out
    }

    /// The scale a scale word multiplies by (`mln`: 1e6; not `m`, which is also a metre or
    /// half of `p.m.`), or nil; a word whose hash is no scale word's makes no text.
    @inline(__always)
    static func scale(ofWordAt index: Int, in tokens: TokenList) -> Double? {
        let hash = tokens[index].hash
        for entry in scaleWords where entry.hash == hash {
            if tokens.text(at: index) == entry.word { return entry.scale }
        }
        return nil
    }

    /// ``scales`` but `m`, with each word's hash (``StableHash/string(_:)``, as tokens carry it).
    static let scaleWords: [(hash: UInt64, word: String, scale: Double)] =
        scales.filter { $0.key != "m" }.map { (StableHash.string($0.key), $0.key, $0.value) }

    /// The hashes of `am`, `pm`, `a` and `p`, the words that can start a meridiem.
    static let meridiemHashes: [UInt64] = ["am", "pm", "a", "p"].map(StableHash.string)

    /// "a" or "p" when `a.m.`/`am`/`p.m.`/`pm` follows the number at `index`.
    static func meridiem(_ tokens: TokenList, after index: Int) -> String? {
        guard index + 1 < tokens.count, meridiemHashes.contains(tokens[index + 1].hash) else { return nil }
        let next = tokens.text(at: index + 1)
        if next == "am" || next == "pm" { return String(next.prefix(1)) }
        if (next == "a" || next == "p"), index + 2 < tokens.count, tokens.text(at: index + 2) == "m" { return next }
        return nil
    }

    /// False when the word at `index` cannot be a number (``parse(_:)`` would return nil),
    /// decided from its flags and hash without making its text.
    @inline(__always)
    static func mayBeNumber(_ tokens: TokenList, _ index: Int) -> Bool {
        let token = tokens[index]
        return token.isNumeric || wordHashes.mayContain(hash: token.hash)
    }

    /// True when two values are the same figure: equal, or both amounts of a million or more
    /// within half a percent (`1.5 billion` and `1,496 mln` are one figure rounded twice).
    public static func same(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard abs(a) >= 1e6 && abs(b) >= 1e6 else { return false }
        let scale = max(abs(a), abs(b))
        return abs(a - b) <= scale * 0.005
    }
}
