/// Reads syncd's configuration file: a small, strict subset of TOML.
///
/// Supported: `# comments`, `[table]` and `[table.sub]` headers, `key = value` with bare keys,
/// and values that are basic strings (`"…"` with `\"`, `\\`, `\n`, `\t` escapes), literal strings
/// (`'…'`), integers (`16_777_216`), floats (`0.5`) and booleans. Anything else — arrays, inline
/// tables, dates, a key given twice — is an error that names the line.
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
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            func fail(_ message: String) -> DaemonError {
                .invalidConfiguration(field: "config", message: "\(path):\(lineNumber): \(message)")
            }
            let line = Self.stripComment(String(rawLine)).trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("a table header looks like [name]") }
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                guard !name.isEmpty, name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(Self.isBareKey) else {
                    throw fail("'\(name)' is not a table name")
                }
                table = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            let key = String(line[..<equals]).trimmingWhitespace()
            guard Self.isBareKey(Substring(key)) else { throw fail("'\(key)' is not a key (letters, digits, _ and -)") }
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
            var escaped = false
            for char in text.dropFirst().dropLast() {
                if escaped {
                    switch char {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    case "\"": result.append("\"")
                    case "\\": result.append("\\")
                    default: return nil
                    }
                    escaped = false
                } else if char == "\\" {
                    escaped = true
                } else if char == "\"" {
                    return nil
                } else {
                    result.append(char)
                }
            }
            return escaped ? nil : .string(result)
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
