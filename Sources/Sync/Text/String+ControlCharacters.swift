extension String {
    /// The text on one line: control characters (line breaks, tabs, escape, the C1 codes) written
    /// as escapes (`\n`, `\r`, `\t`, `\u{1B}`), everything else as it is.
    ///
    /// For terminals and logs. A file name may hold any byte but `/` and NUL: one holding a
    /// line break would split a log line or a feed line in two, and one holding an escape
    /// sequence would recolour or move the reader's terminal.
    public var escapingControlCharacters: String { escapingControlCharacters(keepingLines: false) }

    /// The same, with line feeds and tabs kept as they are when `keepingLines` (a story's body,
    /// printed as paragraphs): an escape sequence or a carriage return is still written out.
    public func escapingControlCharacters(keepingLines: Bool) -> String {
        let kept: (Unicode.Scalar) -> Bool = { keepingLines && ($0 == "\n" || $0 == "\t") }
        guard unicodeScalars.contains(where: { Self.isControl($0) && !kept($0) }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case _ where kept(scalar): out.append(scalar)
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case _ where Self.isControl(scalar):
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0 controls, DEL and the C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }
}
