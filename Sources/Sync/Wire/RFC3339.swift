import Foundation

/// Formats and parses RFC 3339 UTC timestamps (`2026-11-24T02:33:00.123Z`) without locale state.
///
/// Output always has millisecond precision and a `Z` offset. Parsing accepts any fractional
/// precision and a `Z` or `±hh:mm` offset.
public enum RFC3339 {
    /// `date` as `YYYY-MM-DDThh:mm:ss.sssZ`.
    public static func format(_ date: Date) -> String {
        let f = fields(of: date)
        guard (0...9999).contains(f.year) else { return padded(f) }
        // Four-digit years (every feed event's): the 24 bytes written in place, digit by digit.
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int64, _ width: Int, at start: Int) {
                var value = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                }
            }
            put(f.year, 4, at: 0); out[4] = 0x2D
            put(f.month, 2, at: 5); out[7] = 0x2D
            put(f.day, 2, at: 8); out[10] = 0x54
            put(f.hour, 2, at: 11); out[13] = 0x3A
            put(f.minute, 2, at: 14); out[16] = 0x3A
            put(f.second, 2, at: 17); out[19] = 0x2E
            put(f.millis, 3, at: 20); out[23] = 0x5A
            return 24
        }
    }

    /// A timestamp's calendar fields in UTC.
    typealias Fields = (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millis: Int64)

    /// The calendar fields of `date` in UTC, down to the millisecond (rounded down).
    static func fields(of date: Date) -> Fields {
        let totalMillis = date.millisecondsSince1970
        var days = totalMillis / 86_400_000
        var millisOfDay = totalMillis % 86_400_000
        if millisOfDay < 0 { millisOfDay += 86_400_000; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        return (year, month, day, millisOfDay / 3_600_000, millisOfDay / 60_000 % 60, millisOfDay / 1000 % 60, millisOfDay % 1000)
    }

    /// The fields written as padded strings joined: any year, however many digits (what
    /// ``format(_:)`` writes digit by digit for years 0 to 9999).
    static func padded(_ f: Fields) -> String {
        pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2) + "T" + pad(f.hour, 2) + ":"
            + pad(f.minute, 2) + ":" + pad(f.second, 2) + "." + pad(f.millis, 3) + "Z"
    }

    /// Parses an RFC 3339 timestamp; nil when `text` is not one.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= chars.count else { return nil }
            var value: Int64 = 0
            for i in range {
                guard chars[i] >= 0x30 && chars[i] <= 0x39 else { return nil }
                value = value * 10 + Int64(chars[i] - 0x30)
            }
            return value
        }
        guard chars.count >= 20, chars[4] == 0x2D, chars[7] == 0x2D, chars[10] == 0x54 || chars[10] == 0x74 || chars[10] == 0x20,
              chars[13] == 0x3A, chars[16] == 0x3A,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              isDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count && chars[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, chars[index] >= 0x30 && chars[index] <= 0x39 {
                fraction += Double(chars[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        guard index < chars.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch chars[index] {
        case 0x5A, 0x7A:
            index += 1
        case 0x2B, 0x2D:
            guard let oh = number((index + 1)..<(index + 3)), index + 3 < chars.count, chars[index + 3] == 0x3A,
                  let om = number((index + 4)..<(index + 6)) else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (chars[index] == 0x2B ? 1 : -1)
            index += 6
        default:
            return nil
        }
        guard index == chars.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Whether the day exists: month 1–12, day 1 to the month's length (29 February only in a
    /// leap year). `2026-02-30` is no date, not 2 March.
    static func isDate(year: Int64, month: Int64, day: Int64) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length: Int64 = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        return day <= length
    }

    // Howard Hinnant's days-from-civil algorithms, proleptic Gregorian calendar.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }
}
