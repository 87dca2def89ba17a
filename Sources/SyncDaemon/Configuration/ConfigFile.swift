/// Reads syncd's configuration file: a small, strict subset of TOML.
///
/// Supported: `# comments`, `[table]` and `[table.sub]` headers, `key = value` with bare,
/// quoted (`"home"`) or dotted keys (`ingest.max_file_bytes = …`, as README names them), and
/// values that are basic strings (`"…"` with `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
/// `\uXXXX` and `\UXXXXXXXX` escapes), literal strings (`'…'`), integers (`16_777_216`), floats
/// (`0.5`) and booleans. Lines may end in LF or CRLF (a file saved on Windows). Anything else —
/// arrays, inline tables, dates, a key given twice — is an error that names the line.
public struct ConfigFile: Sendable, Equatable {
    /// A value as written in the file.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)

        public var description: String {
            switch self {
            case .string(let text): "\"\(text)\""
            case .integer(let number): String(number)
            case .float(let number): String(number)
            case .bool(let flag): String(flag)
            }
        }
    }

    /// Every key with its dotted name (`ingest.max_file_bytes`), its value and its line.
    public var entries: [String: (value: Value, line: Int)]

    public static func == (lhs: ConfigFile, rhs: ConfigFile) -> Bool {
        lhs.entries.keys == rhs.entries.keys && lhs.entries.allSatisfy { rhs.entries[$0.key]?.value == $0.value.value }
    }

    /// Parses `text`; `path` only names the file in errors.
    /// - Throws: ``DaemonError/invalidConfiguration(field:message:)`` naming the line.
    public init(parsing text: String, path: String) throws {
        entries = [:]
        var table = ""
        var tables: Set<String> = []
        // Carriage returns alone (a file from a classic Mac OS editor) end no line here: say so,
        // rather than read the file as one long line.
        if text.unicodeScalars.contains("\r") && !text.unicodeScalars.contains("\n") && text.unicodeScalars.filter({ $0 == "\r" }).count > 1 {
            throw DaemonError.invalidConfiguration(field: "config", message: "\(path): its lines end in carriage returns only; save it with LF (or CRLF) line ends")
        }
        // Split at line feeds by scalar: Swift reads "\r\n" as one character, not as "\n".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> DaemonError {
                .invalidConfiguration(field: "config", message: "\(path):\(lineNumber): \(message)")
            }
            let line = Self.stripComment(String(rawLine)).trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("a table header looks like [name]") }
                let written = String(line.dropFirst().dropLast()).trimmingWhitespace()
                guard let name = Self.key(written) else { throw fail("'\(written)' is not a table name") }
                guard tables.insert(name).inserted else { throw fail("[\(name)] is given twice") }
                table = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            let written = String(line[..<equals]).trimmingWhitespace()
            guard let key = Self.key(written) else {
                throw fail("'\(written)' is not a key (letters, digits, _ and -, dotted or quoted)")
            }
            let fullKey = table.isEmpty ? key : table + "." + key
            guard entries[fullKey] == nil else { throw fail("'\(fullKey)' is given twice") }
            let valueText = String(line[line.index(after: equals)...]).trimmingWhitespace()
            guard let value = Self.parseValue(valueText) else {
                throw fail("'\(valueText)' is not a value syncd reads (a \"string\", a number or true/false) for '\(fullKey)'")
            }
            entries[fullKey] = (value, lineNumber)
        }
    }

    /// Cuts a `#` comment, leaving `#` inside strings alone.
    static func stripComment(_ line: String) -> String {
        var inBasic = false, inLiteral = false, escaped = false
        for index in line.indices {
            let char = line[index]
            if escaped { escaped = false; continue }
            if inBasic && char == "\\" { escaped = true; continue }
            if char == "\"" && !inLiteral { inBasic.toggle() }
            if char == "'" && !inBasic { inLiteral.toggle() }
            if char == "#" && !inBasic && !inLiteral { return String(line[..<index]) }
        }
        return line
    }

    /// A written key as its dotted name: parts joined by dots, each bare (`ingest`) or quoted
    /// (`"ingest"`, `'max_file_bytes'`, a basic string's escapes read), spaces around the dots
    /// allowed (`ingest . max_file_bytes`); nil for anything else.
    static func key(_ written: String) -> String? {
        var parts: [String] = []
        var rest = Substring(written)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let quote = rest.first else { return nil }
            if quote == "\"" || quote == "'" {
                // To the closing quote (a basic string's \" does not close it).
                var end: Substring.Index?
                var escaped = false
                var index = rest.index(after: rest.startIndex)
                while index < rest.endIndex {
                    let char = rest[index]
                    if escaped {
                        escaped = false
                    } else if quote == "\"" && char == "\\" {
                        escaped = true
                    } else if char == quote {
                        end = index
                        break
                    }
                    index = rest.index(after: index)
                }
                guard let end, case .string(let text)? = parseValue(String(rest[...end])), !text.isEmpty else { return nil }
                parts.append(text)
                rest = rest[rest.index(after: end)...]
            } else {
                let bare = rest.prefix { $0 != "." && $0 != " " && $0 != "\t" }
                guard isBareKey(bare) else { return nil }
                parts.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { return parts.joined(separator: ".") }
            guard rest.first == "." else { return nil }
            rest = rest.dropFirst()
        }
    }

    static func isBareKey(_ key: Substring) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    static func parseValue(_ text: String) -> Value? {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.count >= 2 && text.hasPrefix("'") && text.hasSuffix("'") {
            let inner = text.dropFirst().dropLast()
            return inner.contains("'") ? nil : .string(String(inner))
        }
        if text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") {
            var result = ""
            var chars = text.dropFirst().dropLast()[...]
            while let char = chars.popFirst() {
                if char == "\"" { return nil }
                guard char == "\\" else {
                    result.append(char)
                    continue
                }
                switch chars.popFirst() {
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case let u? where u == "u" || u == "U":
                    // \uXXXX or \UXXXXXXXX: a Unicode scalar's hex digits.
                    let digits = String(chars.prefix(u == "u" ? 4 : 8))
                    guard digits.count == (u == "u" ? 4 : 8), digits.allSatisfy(\.isHexDigit),
                          let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
                    result.unicodeScalars.append(scalar)
                    chars = chars.dropFirst(digits.count)
                default: return nil
                }
            }
            return .string(result)
        }
        let digits = text.replacingUnderscores()
        if let integer = Int64(digits) { return .integer(integer) }
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let float = Double(digits), float.isFinite {
            return .float(float)
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\r" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view.removeLast() }
        return String(view)
    }

    fileprivate func replacingUnderscores() -> String {
        // TOML allows 1_000 between digits only.
        guard contains("_") else { return self }
        let chars = Array(self)
        for (index, char) in chars.enumerated() where char == "_" {
            guard index > 0, index < chars.count - 1, chars[index - 1].isNumber, chars[index + 1].isNumber else { return self }
        }
        return filter { $0 != "_" }
    }
}
