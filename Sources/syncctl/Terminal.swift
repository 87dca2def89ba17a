import Foundation

/// What syncctl knows about where its output goes: a terminal's width and whether to colour.
enum Terminal {
    /// True when standard output is a terminal.
    static var isTTY: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var useColor: Bool {
        isTTY && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The terminal's width in columns; $COLUMNS or 100 when not a terminal.
    static var width: Int {
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
    }

    enum Style: String {
        case red = "31", green = "32", dim = "2", bold = "1", strikeRed = "9;31", underlineGreen = "4;32"
    }

    static func paint(_ text: String, _ style: Style, color: Bool = useColor) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Rows as aligned columns; the last column is trimmed so each line fits `width`.
    static func table(_ rows: [[String]], width: Int = Terminal.width) -> String {
        guard let columns = rows.first?.count, columns > 0 else { return "" }
        // Each cell on one line: a file name or headline may hold a line break or an escape.
        let rows = rows.map { $0.map(\.escapingControlCharacters) }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() where index < columns - 1 { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index < columns - 1 {
                    line += cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) + "  "
                } else {
                    line += EventLine.trim(cell, max(8, width - line.count))
                }
            }
            return line
        }.joined(separator: "\n")
    }
}
