import Foundation

extension WireTime {
    /// The instant an RFC 822 / RFC 1123 (RFC 5322) date-time names, as e-mail, RSS and HTTP
    /// write it: `Sun, 29 Nov 2026 14:00:00 GMT`, `29 Nov 2026 14:00 +0100`; nil for anything else.
    ///
    /// The day name is optional (and not checked against the date), month and day names may be
    /// written out or abbreviated in any case, seconds are optional, and a two-digit year is
    /// 1950–2049. The zone is `GMT`, `UT`, `UTC`, `Z`, a numeric offset (`+0100`, `-05:00`) or a
    /// North American zone (`EST`, `EDT`, `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`, at their fixed
    /// offsets); without one the time is read as UTC, as an ISO 8601 stamp without offset is.
    /// A comment after the zone (`+0100 (CET)`) is ignored.
    static func parseRFC822(_ text: String) -> Date? {
        var tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map { $0.lowercased() }
        guard tokens.count >= 4 else { return nil }
        if let last = tokens.last, last.hasPrefix("("), last.hasSuffix(")") { tokens.removeLast() }
        if tokens.first?.first?.isLetter == true {
            guard let name = tokens.first, dayNames.contains(where: { name == $0 || name == $0.prefix(3) }) else { return nil }
            tokens.removeFirst()
        }
        guard tokens.count == 4 || tokens.count == 5 else { return nil }
        guard let day = number(tokens[0], digits: 1...2),
              let monthIndex = monthNames.firstIndex(where: { tokens[1] == $0 || tokens[1] == $0.prefix(3) }),
              var year = number(tokens[2], digits: 2...4) else { return nil }
        switch tokens[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }
        let clock = tokens[3].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard clock.count == 2 || clock.count == 3,
              let hour = number(clock[0], digits: 2...2), hour < 24,
              let minute = number(clock[1], digits: 2...2), minute < 60 else { return nil }
        var second: Int64 = 0
        if clock.count == 3 {
            guard let s = number(clock[2], digits: 2...2), s < 61 else { return nil }
            second = s
        }
        var offset: Int64 = 0
        if tokens.count == 5 {
            guard let zone = zoneOffset(tokens[4]) else { return nil }
            offset = zone
        }
        guard RFC3339.isDate(year: year, month: Int64(monthIndex + 1), day: day) else { return nil }
        let days = RFC3339.daysFromCivil(year: year, month: Int64(monthIndex + 1), day: day)
        return Date(timeIntervalSince1970: Double(days * 86400 + hour * 3600 + minute * 60 + second - offset))
    }

    private static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"]
    /// RFC 822's zone names, in seconds east of UTC.
    private static let zoneNames: [String: Int64] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
    ]

    /// The offset of a zone name or a `±hhmm` / `±hh:mm` offset, in seconds east of UTC.
    private static func zoneOffset(_ zone: String) -> Int64? {
        if let named = zoneNames[zone] { return named }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        var digits = String(zone.dropFirst())
        if digits.count == 5, let colon = digits.firstIndex(of: ":"), digits.distance(from: digits.startIndex, to: colon) == 2 {
            digits.remove(at: colon)
        }
        guard let value = number(digits, digits: 4...4) else { return nil }
        let hours = value / 100, minutes = value % 100
        guard hours < 24, minutes < 60 else { return nil }
        return (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
    }

    /// `text` read as a decimal of ASCII digits only, with a digit count in `digits`.
    private static func number(_ text: String, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }
}
