import Foundation

/// Reads one ANPA-1312 wire message (the classic AP/UPI teletype framing) into a ``StoryDocument``.
///
/// Layout: optional SYN (0x16) bytes, SOH (0x01) and a header line (`a0123  u w BC-Storm-Coast
/// 1stLd-Writethru 11-24 0512`: story number, priority, category, keyword slug, version tags,
/// date, word count), STX (0x02), the text, ETX (0x03), and a trailer time such as
/// `AP-NY-11-24-26 1015EST` (optionally EOT 0x04). A message may also start directly at STX.
///
/// - Text: a `^`-prefixed line ending in `<`, `^` or `=` is a marked line; the first one that is
///   not the slug line (`^BC-Storm-Coast,1st Ld-Writethru,0512<`), an editor's note (`^Eds:`) or
///   a priority flag (`^URGENT<`, `^BULLETIN<`) is the headline, else the first paragraph, but a
///   take (`2nd Take`, `Add`) has none (""); `^By …` lines (and a following `…=` line) the byline. Indented lines start
///   paragraphs, unindented lines continue them, blank lines end them; `MORE`, `-30-`, `(END)`
///   markers are dropped. A leading `CITY, State (AP) _` gives the dateline (text kept in body).
/// - identity: `anpa:` + the slug uppercased with version/take tags stripped, so
///   `BC-Storm-Coast,1stLd-Writethru` and `BC-Storm-Coast` are one story. formatVersion: N+1
///   for an `NthLd` tag, else nil (also when N is too large to count on). withdrawn: a `Kill`
///   tag or a headline starting with `KILL`.
/// - urgency from the priority letter: f (flash) 1, b (bulletin) 2, u (urgent) 3, r (routine) 5,
///   a (advance) 6, d (deferred) 7, others nil — AP ranks bulletins above urgents.
/// - time: the trailer `MM-DD-YY HHMM` + zone; `ET`, `EST` and `EDT` are New York wall time
///   (America/New_York, the label only settles the repeated autumn hour), `CT/CST/CDT`,
///   `MT/MST/MDT`, `PT/PST/PDT` and `GMT/UTC/Z` likewise; no or unknown zone → no document time.
/// - Text bytes are UTF-8 when valid, else Windows-1252. One message per file.
public struct ANPAParser: Sendable {
    public init() {}

    /// True when `bytes` start with ANPA framing: SYN bytes then SOH or STX, or SOH/STX first.
    public static func looksLikeANPA(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, bytes[i] == 0x16 { i += 1 }
        guard i < bytes.count else { return i > 0 }
        return bytes[i] == 0x01 || bytes[i] == 0x02
    }

    /// Parses one ANPA message; `modificationTime` is used when the trailer has no usable time.
    /// - Throws: ``SyncError/unparsable(_:)`` naming the byte offset of missing framing bytes,
    ///   stray control bytes, a second message, or a message with no text.
    public func parse(_ bytes: [UInt8], modificationTime: Date, source: String?) throws -> StoryDocument {
        var i = 0
        while i < bytes.count, bytes[i] == 0x16 { i += 1 }
        guard i < bytes.count else { throw SyncError.unparsable("ANPA: only SYN bytes, no SOH or STX (file is \(bytes.count) bytes)") }
        var headerRange: Range<Int>?
        let stx: Int
        switch bytes[i] {
        case 0x01:
            guard let found = bytes[(i + 1)...].firstIndex(of: 0x02) else {
                throw SyncError.unparsable("ANPA: no STX (0x02) after the SOH at byte offset \(i)")
            }
            headerRange = (i + 1)..<found
            stx = found
        case 0x02:
            stx = i
        default:
            throw SyncError.unparsable("ANPA: expected SOH (0x01) or STX (0x02) at byte offset \(i), found 0x\(TextDecoding.hex(bytes[i]))")
        }
        guard let etx = bytes[(stx + 1)...].firstIndex(of: 0x03) else {
            throw SyncError.unparsable("ANPA: no ETX (0x03) after the STX at byte offset \(stx)")
        }
        if let range = headerRange { try Self.checkControls(bytes[range], allowed: [0x09, 0x0A, 0x0D], area: "header") }
        try Self.checkControls(bytes[(stx + 1)..<etx], allowed: [0x09, 0x0A, 0x0C, 0x0D], area: "text")
        // Trailer: up to EOT, or the next SYN/SOH (which would be a second message).
        var trailerEnd = etx + 1
        while trailerEnd < bytes.count, bytes[trailerEnd] >= 0x20 || [0x09, 0x0A, 0x0D].contains(bytes[trailerEnd]) { trailerEnd += 1 }
        var rest = trailerEnd
        while rest < bytes.count, [0x04, 0x16, 0x0A, 0x0D, 0x20, 0x09, 0x00].contains(bytes[rest]) { rest += 1 }
        if rest < bytes.count {
            if bytes[rest] == 0x01 || bytes[rest] == 0x02 {
                throw SyncError.unparsable("ANPA: a second message starts at byte offset \(rest); one story per file is supported")
            }
            throw SyncError.unparsable("ANPA: unexpected byte 0x\(TextDecoding.hex(bytes[rest])) after the trailer at byte offset \(rest)")
        }

        let header = headerRange.map { Self.decode(bytes[$0]) } ?? ""
        let text = Self.decode(bytes[(stx + 1)..<etx])
        let trailer = Self.decode(bytes[(etx + 1)..<trailerEnd])

        var slug: String?
        var tags: [String] = []
        var priority: Character?
        Self.readHeader(header, slug: &slug, tags: &tags, priority: &priority)

        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var trailerTime = Self.trailerTime(trailer)
        // Some senders put the trailer inside the text; take it from the last lines.
        if trailerTime == nil, let index = lines.lastIndex(where: { Self.trailerTime($0) != nil }),
           lines[index...].dropFirst().allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            trailerTime = Self.trailerTime(lines[index])
            lines.removeSubrange(index...)
        }

        var headline: String?
        var byline: String?
        var paragraphs: [String] = []
        var current: [String] = []
        var sawSlugLine = false
        var bylineOpen = false
        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")); current = [] }
        }
        for line in lines {
            if line.hasPrefix("^") {
                let content = Self.stripMarkers(String(line.dropFirst()))
                if !sawSlugLine, headline == nil, paragraphs.isEmpty, let parsed = Self.slugLine(content) {
                    sawSlugLine = true
                    if slug == nil { slug = parsed.slug }
                    tags += parsed.tags
                    continue
                }
                if content.isEmpty { continue }
                let lower = content.lowercased()
                if lower.hasPrefix("eds:") || lower.hasPrefix("eds ") || lower.hasPrefix("editors:") || lower.hasPrefix("editor's note") {
                    bylineOpen = false
                    continue
                }
                if lower.hasPrefix("by ") {
                    byline = content
                    bylineOpen = line.trimmingCharacters(in: .whitespaces).hasSuffix("=")
                    continue
                }
                if bylineOpen, let open = byline {
                    byline = open + ", " + content
                    bylineOpen = line.trimmingCharacters(in: .whitespaces).hasSuffix("=")
                    continue
                }
                if headline == nil {
                    // A priority flag on a marked line of its own (`^URGENT<`) is not the headline.
                    if Self.priorityFlags.contains(content.uppercased().trimmingCharacters(in: .whitespaces)) { continue }
                    headline = content
                } else {
                    flush()
                    current.append(content)
                    flush()
                }
                continue
            }
            bylineOpen = false
            let trimmed = Self.stripMarkers(line)
            if trimmed.isEmpty { flush(); continue }
            if ["MORE", "(MORE)", "-MORE-", "-30-", "END", "(END)", "###", "ENDIT"].contains(trimmed.uppercased()) {
                flush()
                continue
            }
            if byline == nil, headline != nil, paragraphs.isEmpty, current.isEmpty, trimmed.lowercased().hasPrefix("by ") {
                byline = trimmed
                continue
            }
            if let first = line.first, first == " " || first == "\t" { flush() }
            current.append(trimmed)
        }
        flush()
        let lowerTags = tags.flatMap { $0.lowercased().split(whereSeparator: { $0 == "-" || $0 == " " }) }
        // A take (`2nd Take`, `Add`) continues the story's text and has no headline of its own;
        // other text without one opens on it.
        if headline == nil, !paragraphs.isEmpty {
            headline = lowerTags.contains("take") || lowerTags.contains("add") ? "" : paragraphs.removeFirst()
        }

        let withdrawn = lowerTags.contains("kill") || Self.startsWithKill(headline ?? "")
        guard headline != nil || withdrawn else {
            throw SyncError.unparsable("ANPA: no headline or text between the STX at byte offset \(stx) and the ETX at byte offset \(etx)")
        }
        var formatVersion: Int?
        for tag in tags {
            // A lead number too large to count on (`9223372036854775807thLd`) is no version, as
            // other formats ignore a version they cannot read (``FormatVersion/largest``).
            if let lead = Self.leadNumber(tag) { formatVersion = (0..<FormatVersion.largest).contains(lead) ? lead + 1 : nil; break }
        }
        let urgency: Int? = switch priority.map({ $0.lowercased() }) {
        case "f": 1
        case "b": 2
        case "u": 3
        case "r": 5
        case "a": 6
        case "d": 7
        default: nil
        }
        let dateline = paragraphs.first.flatMap(Self.dateline)
        return StoryDocument(headline: headline ?? "", body: paragraphs.joined(separator: "\n\n"),
                             time: trailerTime ?? modificationTime, source: source, format: "anpa",
                             timeFromDocument: trailerTime != nil, identity: slug.map { "anpa:" + $0.uppercased() },
                             formatVersion: formatVersion, withdrawn: withdrawn, byline: byline,
                             dateline: dateline, urgency: urgency)
    }

    // MARK: Framing

    static func checkControls(_ bytes: ArraySlice<UInt8>, allowed: Set<UInt8>, area: String) throws {
        if let offset = bytes.firstIndex(where: { ($0 < 0x20 && !allowed.contains($0)) || $0 == 0x7F }) {
            throw SyncError.unparsable("ANPA: unexpected control byte 0x\(TextDecoding.hex(bytes[offset])) in the \(area) at byte offset \(offset)")
        }
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? TextDecoding.windows1252(bytes)
    }

    // MARK: Header and slug

    static func readHeader(_ header: String, slug: inout String?, tags: inout [String], priority: inout Character?) {
        let tokens = header.split(whereSeparator: \.isWhitespace).map(String.init)
        var index = 0
        // The first token is the service level + story number (`a0123`) unless it is a lone letter.
        if let first = tokens.first, first.count > 1 { index = 1 }
        var letters: [Character] = []
        while index < tokens.count, tokens[index].count == 1, let c = tokens[index].first, c.isLetter, letters.count < 2 {
            letters.append(c)
            index += 1
        }
        priority = letters.first
        guard index < tokens.count else { return }
        let parts = tokens[index].split(separator: ",").map(String.init)
        guard let keyword = parts.first, keyword.contains(where: \.isLetter) else { return }
        slug = keyword
        tags += parts.dropFirst()
        for token in tokens[(index + 1)...] where !isNumberish(token) {
            tags += token.split(separator: ",").map(String.init)
        }
    }

    /// A slug line's slug and tags (`BC-Storm-Coast,1st Ld-Writethru,0512`), or nil.
    static func slugLine(_ content: String) -> (slug: String, tags: [String])? {
        let parts = content.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, !first.contains(" "), first.contains("-"),
              first.first?.isLetter == true, first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { return nil }
        return (first, parts.dropFirst().filter { !isNumberish($0) })
    }

    /// Word counts (`0512`) and filing dates (`11-24`) are not tags.
    static func isNumberish(_ token: String) -> Bool {
        !token.isEmpty && token.allSatisfy { $0.isNumber || $0 == "-" || $0 == "/" }
    }

    /// N for tags like `1stLd-Writethru`, `2ndLd`, `3rd Ld`.
    static func leadNumber(_ tag: String) -> Int? {
        let compact = tag.replacingOccurrences(of: " ", with: "").lowercased()
        let digits = compact.prefix(while: \.isNumber)
        guard !digits.isEmpty, let n = Int(digits) else { return nil }
        let rest = compact.dropFirst(digits.count)
        for suffix in ["st", "nd", "rd", "th"] where rest.hasPrefix(suffix + "ld") { return n }
        return nil
    }

    /// Marked lines that flag a message's priority, not its headline (`^BULLETIN<`).
    static let priorityFlags: Set<String> = ["URGENT", "BULLETIN", "FLASH", "APNEWSALERT", "AP NEWS ALERT", "NEWS ALERT"]

    static func startsWithKill(_ headline: String) -> Bool {
        guard headline.hasPrefix("KILL") else { return false }
        let next = headline.dropFirst(4).first
        return next == nil || !(next!.isLetter)
    }

    /// Strips ANPA end-of-line markers (`<` quad left, `^`, `=`) and white space.
    static func stripMarkers(_ line: String) -> String {
        var text = Substring(line)
        while let last = text.last, last == "<" || last == "^" || last == "=" || last.isWhitespace { text = text.dropLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `PORTLAND, Maine` from `PORTLAND, Maine (AP) _ A storm…`; nil when the paragraph does not
    /// open with an upper-case place followed by a dash.
    static func dateline(_ paragraph: String) -> String? {
        let head = String(paragraph.prefix(120))
        var cut: Range<String.Index>?
        for separator in [" _ ", " — ", " -- ", " – ", " - "] {
            if let range = head.range(of: separator), cut == nil || range.lowerBound < cut!.lowerBound { cut = range }
        }
        guard let cut else { return nil }
        var place = head[..<cut.lowerBound].trimmingCharacters(in: .whitespaces)
        if place.hasSuffix(")"), let open = place.lastIndex(of: "(") {
            place = place[..<open].trimmingCharacters(in: .whitespaces)
        }
        let city = place.prefix(while: { $0 != "," && $0 != "(" })
        guard !city.isEmpty, city.contains(where: \.isLetter),
              city.allSatisfy({ ($0.isLetter && $0.isUppercase) || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" })
        else { return nil }
        return place.isEmpty ? nil : place
    }

    // MARK: Trailer time

    /// The time in a trailer like `AP-NY-11-24-26 1015EST<` or `11-24-26 1015EST`.
    static func trailerTime(_ trailer: String) -> Date? {
        let tokens = trailer.split(whereSeparator: \.isWhitespace).map(String.init)
        guard tokens.count >= 2 else { return nil }
        for k in 0..<(tokens.count - 1) {
            let dateToken = Array(tokens[k].utf8)
            guard dateToken.count >= 8 else { continue }
            let d = Array(dateToken.suffix(8))
            if dateToken.count > 8, dateToken[dateToken.count - 9] != UInt8(ascii: "-") { continue }
            func num(_ a: Int, _ b: Int) -> Int? {
                guard (0x30...0x39).contains(d[a]), (0x30...0x39).contains(d[b]) else { return nil }
                return Int(d[a] - 0x30) * 10 + Int(d[b] - 0x30)
            }
            guard d[2] == UInt8(ascii: "-"), d[5] == UInt8(ascii: "-"),
                  let month = num(0, 1), let day = num(3, 4), let yy = num(6, 7),
                  (1...12).contains(month), (1...31).contains(day) else { continue }
            var timeToken = Substring(tokens[k + 1])
            while let last = timeToken.last, last == "<" || last == "=" || last == "^" { timeToken = timeToken.dropLast() }
            let clock = timeToken.prefix(while: \.isNumber)
            guard clock.count == 4, let hhmm = Int(clock) else { continue }
            let hour = hhmm / 100, minute = hhmm % 100
            guard hour < 24, minute < 60 else { continue }
            var zone = String(timeToken.dropFirst(4)).uppercased()
            if zone.isEmpty, k + 2 < tokens.count { zone = tokens[k + 2].uppercased().filter(\.isLetter) }
            let year = Int64(yy < 70 ? 2000 + yy : 1900 + yy)
            let local = RFC3339.daysFromCivil(year: year, month: Int64(month), day: Int64(day)) * 86400
                + Int64(hour * 3600 + minute * 60)
            return instant(localSeconds: local, zone: zone)
        }
        return nil
    }

    /// The instant of a wall-clock time (seconds since the epoch as if it were UTC) in a US zone.
    static func instant(localSeconds: Int64, zone: String) -> Date? {
        let (identifier, standard): (String?, Int64)
        switch zone {
        case "GMT", "UTC", "UT", "Z": return Date(timeIntervalSince1970: Double(localSeconds))
        case "ET", "EST", "EDT": (identifier, standard) = ("America/New_York", -5)
        case "CT", "CST", "CDT": (identifier, standard) = ("America/Chicago", -6)
        case "MT", "MST", "MDT": (identifier, standard) = ("America/Denver", -7)
        case "PT", "PST", "PDT": (identifier, standard) = ("America/Los_Angeles", -8)
        default: return nil
        }
        let daylightLabel = zone.hasSuffix("DT")
        let standardLabel = zone.count == 3 && zone.hasSuffix("ST")
        let stdInstant = localSeconds - standard * 3600
        let dstInstant = localSeconds - (standard + 1) * 3600
        guard let identifier, let timeZone = TimeZone(identifier: identifier) else {
            return Date(timeIntervalSince1970: Double(daylightLabel ? dstInstant : stdInstant))
        }
        let stdValid = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(stdInstant))) == Int(standard * 3600)
        let dstValid = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(dstInstant))) == Int((standard + 1) * 3600)
        let chosen: Int64
        switch (stdValid, dstValid) {
        case (true, true): chosen = standardLabel ? stdInstant : dstInstant
        case (false, true): chosen = dstInstant
        default: chosen = stdInstant
        }
        return Date(timeIntervalSince1970: Double(chosen))
    }
}
