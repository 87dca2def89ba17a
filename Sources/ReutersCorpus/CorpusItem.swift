import Foundation

/// One Reuters-21578 item as the evaluation (and the end-to-end tests) replay it.
public struct CorpusItem: Sendable {
    public var newid: Int
    /// The title, or `(untitled)` where the item has none (as `render_inbox.py` writes it).
    public var title: String
    public var body: String
    /// Where and when the item was filed (`HICKORY, N.C., June 1 -`), or empty; the corpus
    /// keeps it apart from the body.
    public var dateline: String = ""
    /// The wire time, clamped where the corpus's date is malformed.
    public var time: Date

    /// An item as the corpus gives it (tests build their own).
    public init(newid: Int, title: String, body: String, dateline: String = "", time: Date) {
        self.newid = newid
        self.title = title
        self.body = body
        self.dateline = dateline
        self.time = time
    }

    /// Reads the gzip-compressed JSON lines through `gzip -dc`, in wire order (by clamped
    /// date, then newid), the order `../shared/bench/render_inbox.py` writes inbox files in.
    public static func load(_ path: String) throws -> [CorpusItem] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EvalError("cannot read \(path): there is no such file (the shared data is looked for beside the project, "
                            + "../shared, or in the folder NEWSROOM_SHARED names)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = path.hasSuffix(".gz") ? ["gzip", "-dc", path] : ["cat", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EvalError("cannot read \(path): gzip exited \(process.terminationStatus)") }
        var items: [CorpusItem] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let newid = object["newid"] as? Int else { continue }
            let title = (object["title"] as? String) ?? ""
            items.append(CorpusItem(newid: newid, title: title.isEmpty ? "(untitled)" : title,
                                    body: (object["body"] as? String) ?? "",
                                    dateline: ((object["dateline"] as? String) ?? "").trimmingCharacters(in: .whitespaces),
                                    time: wireTime((object["date"] as? String) ?? "")))
        }
        items.sort { ($0.time, $0.newid) < ($1.time, $1.newid) }
        return items
    }

    /// `26-FEB-1987 15:01:01.79` as UTC; malformed times (an hour of `605`) are clamped.
    public static func wireTime(_ text: String) -> Date {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard let day = parts.first else { return .distantPast }
        let dmy = day.split(separator: "-")
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        guard dmy.count == 3, let d = Int(dmy[0]), let y = Int(dmy[2]),
              let m = months.firstIndex(of: dmy[1].uppercased()) else { return .distantPast }
        var clock = [0, 0, 0]
        if parts.count > 1 {
            let digits = parts[1].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            for i in 0..<min(3, digits.count) { clock[i] = digits[i] }
        }
        var c = DateComponents()
        c.year = y; c.month = m + 1; c.day = d
        c.hour = min(clock[0], 23); c.minute = min(clock[1], 59); c.second = min(clock[2], 59)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: c) ?? .distantPast
    }
}

/// A corpus file that cannot be read.
public struct EvalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension CorpusItem {
    /// The item as `render_inbox.py` writes a text file: title, blank line, body.
    public var inboxText: String { "\(title)\n\n\(body)\n" }

    /// The item as a wire that opens its first paragraph on the dateline writes it:
    /// `HICKORY, N.C., June 1 - LADD Furniture Inc said…`.
    public var inboxTextWithDateline: String {
        guard !dateline.isEmpty else { return inboxText }
        let lead = body.drop { $0 == " " || $0 == "\n" }
        return "\(title)\n\n\(dateline) \(lead)\n"
    }

    /// ``inboxTextWithDateline`` under a byline of its own line, as many wires open an item:
    /// `By Jane Doe` then `HICKORY, N.C., June 1 - LADD Furniture Inc said…`. The writer is
    /// one of a dozen, picked by the item's id, so a story's re-sends and write-throughs carry
    /// different bylines as often as not.
    public var inboxTextWithByline: String {
        let writers = ["Jane Doe", "Sam Lee", "Ana de Souza", "JOHN O'NEILL", "Peter Smith and Mary Jones", "Jan van Dijk",
                       "Li Wei, Reuters", "Carlos Ruiz", "J.R. Hartley Jr.", "Anne-Marie Dubois", "Tom Brown", "Kofi Mensah"]
        let writer = writers[newid % writers.count]
        let dated = inboxTextWithDateline
        guard let split = dated.range(of: "\n\n") else { return dated }
        return dated[..<split.upperBound] + "By \(writer)\n" + dated[split.upperBound...]
    }

    /// ``inboxTextWithByline`` closed by a credit line in parentheses before the sign-off, as
    /// Reuters closes its copy: `(Reporting by Sam Lee; Editing by Tom Brown)`. Reporter and
    /// editor are picked by the item's id, so a story's items name different ones.
    public var inboxTextWithCredits: String {
        let reporters = ["Sam Lee", "Ana de Souza", "Kofi Mensah", "Jan van Dijk", "Li Wei and Carlos Ruiz"]
        let editors = ["Tom Brown", "Mark Potter", "Anne-Marie Dubois", "Peter Smith"]
        let credit = "(Reporting by \(reporters[newid % reporters.count]); Editing by \(editors[(newid / 5) % editors.count]))"
        return Self.closing(inboxTextWithByline, on: credit)
    }

    /// ``inboxTextWithCredits`` with Reuters' contact line after its credit line:
    /// `((sam.lee@thomsonreuters.com; +1 202 555 1042))`, or a London number written
    /// `+44 (0)20 7542 1043`. Address and number follow the item's id, so a story's items name
    /// different desks.
    public var inboxTextWithContacts: String {
        let desks = ["sam.lee", "ana.desouza", "kofi.mensah", "jan.vandijk", "li.wei"]
        let line = 1000 + newid % 9000
        let number = newid % 3 == 0 ? "+44 (0)20 7542 \(line)" : "+1 202 555 \(line)"
        let contact = "((\(desks[newid % desks.count])@thomsonreuters.com; \(number)))"
        return Self.closing(inboxTextWithCredits, on: contact)
    }

    /// `text` with `line` as its last line, before a closing `Reuter` where it has one (on a
    /// line of its own, or run onto the text's last line: `… NIL. REUTER`).
    private static func closing(_ text: String, on line: String) -> String {
        var text = text
        while text.last == "\n" { text.removeLast() }
        guard text.lowercased().hasSuffix("reuter") else { return text + "\n" + line + "\n" }
        let signOff = text.index(text.endIndex, offsetBy: -6)
        var body = text[..<signOff]
        while body.last == " " || body.last == "\t" { body.removeLast() }
        if body.last == "\n", let last = text.range(of: "\n", options: .backwards) {
            return text[..<last.lowerBound] + "\n" + line + "\n" + text[last.upperBound...] + "\n"
        }
        return body + "\n" + line + "\n" + text[signOff...] + "\n"
    }

    /// The folder holding the corpus in the shared data (``SharedData``:
    /// `../shared/corpora/reuters21578`).
    public static var defaultDirectory: String {
        SharedData.folder.appendingPathComponent("corpora/reuters21578").path
    }
}
