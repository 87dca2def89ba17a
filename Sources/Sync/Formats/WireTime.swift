import Foundation

/// Reads the time stamps news formats carry: ISO 8601 in its extended and basic forms, and the
/// RFC 822 / RFC 1123 dates some feeds write instead.
///
/// Accepts `2026-11-24T10:15:00Z`, `2026-11-24T10:15:00.250+01:00`, `2026-11-24T10:15Z`,
/// `20261124T101500Z`, `20261124T101500-0500`, offsets `±hh:mm`, `±hhmm` or `±hh`, and a bare
/// date (`2026-11-24`, `20261124`, read as midnight UTC). A stamp without an offset is read as
/// UTC. Also `Sun, 29 Nov 2026 14:00:00 GMT` and `29 Nov 2026 14:00 +0100`
/// (``parseRFC822(_:)``). Returns nil for anything else (an empty string too), so callers can
/// fall back to another of the document's times, then to the file's.
public enum WireTime {
    /// The instant `text` names, or nil when it is neither an ISO 8601 date-time nor an
    /// RFC 822 / RFC 1123 date this reads.
    public static func parse(_ text: String) -> Date? {
        parseISO8601(text) ?? parseRFC822(text)
    }

    /// The instant an ISO 8601 date-time (extended or basic form) names, or nil.
    static func parseISO8601(_ text: String) -> Date? {
        let c = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        var i = 0
        func digits(_ count: Int) -> Int64? {
            guard i + count <= c.count else { return nil }
            var value: Int64 = 0
            for k in i..<(i + count) {
                guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }
                value = value * 10 + Int64(c[k] - 0x30)
            }
            i += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if i < c.count, c[i] == byte { i += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        let extended = skip(0x2D)
        guard let month = digits(2) else { return nil }
        if extended { guard skip(0x2D) else { return nil } }
        guard let day = digits(2), RFC3339.isDate(year: year, month: month, day: day) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
        var fraction = 0.0
        var offset: Int64 = 0
        if i < c.count {
            guard c[i] == 0x54 || c[i] == 0x74 || c[i] == 0x20 else { return nil }
            i += 1
            guard let h = digits(2) else { return nil }
            if extended { guard skip(0x3A) else { return nil } }
            guard let m = digits(2) else { return nil }
            hour = h; minute = m
            let hasSeconds = extended ? skip(0x3A) : (i < c.count && c[i] >= 0x30 && c[i] <= 0x39)
            if hasSeconds {
                guard let s = digits(2) else { return nil }
                second = s
                if i < c.count, c[i] == 0x2E || c[i] == 0x2C {
                    i += 1
                    var scale = 0.1
                    let start = i
                    while i < c.count, c[i] >= 0x30, c[i] <= 0x39 {
                        fraction += Double(c[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                    if i == start { return nil }
                }
            }
            guard hour < 24 || (hour == 24 && minute == 0 && second == 0), minute < 60, second < 61 else { return nil }
            if i < c.count {
                switch c[i] {
                case 0x5A, 0x7A:
                    i += 1
                case 0x2B, 0x2D:
                    let sign: Int64 = c[i] == 0x2B ? 1 : -1
                    i += 1
                    guard let oh = digits(2), oh < 24 else { return nil }
                    var om: Int64 = 0
                    if i < c.count {
                        _ = skip(0x3A)
                        guard let m = digits(2), m < 60 else { return nil }
                        om = m
                    }
                    offset = sign * (oh * 3600 + om * 60)
                default:
                    return nil
                }
            }
        }
        guard i == c.count else { return nil }
        let days = RFC3339.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
