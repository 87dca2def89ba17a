import Foundation

/// A small, safe, non-validating XML parser that builds a ``WireXMLElement`` tree.
///
/// It reads elements, attributes, text, CDATA, comments and processing instructions, the five
/// predefined entities and numeric character references; a reference to 0x80–0x9F (`&#146;`),
/// which legacy copy writes for Windows-1252 punctuation, is read as HTML5 reads it (’, see
/// ``TextDecoding/characterReference(_:)``), never as a C1 control. It never fetches anything: a DOCTYPE
/// is skipped, but one whose internal subset declares an `ENTITY` is refused, and any named
/// entity other than the predefined five is refused, so there is no XXE and no entity
/// expansion. Work is linear in the input; nesting depth and element count are capped.
/// Every failure is ``SyncError/unparsable(_:)`` with a line and column.
public struct XMLReader: Sendable {
    /// Deepest element nesting accepted (the root is depth 1).
    public var maxDepth: Int
    /// Most elements accepted in one document.
    public var maxElements: Int

    public init(maxDepth: Int = 256, maxElements: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    /// Decodes `bytes` with ``TextDecoding/decodeXML(_:)`` and parses them.
    public func parse(_ bytes: [UInt8]) throws -> WireXMLElement {
        try parse(text: TextDecoding.decodeXML(bytes))
    }

    /// Parses already decoded XML text and returns the root element.
    public func parse(text: String) throws -> WireXMLElement {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var scanner = Scanner(bytes: bytes, maxDepth: maxDepth, maxElements: maxElements)
        return try scanner.document()
    }

    private struct Frame {
        var element: WireXMLElement
        var offset: Int
        var bindingCount: Int
    }

    private struct Scanner {
        let bytes: [UInt8]
        let maxDepth: Int
        let maxElements: Int
        var index = 0
        var stack: [Frame] = []
        var bindings: [(prefix: String, uri: String)] = []
        var pendingText: [UInt8] = []
        var elementCount = 0
        var root: WireXMLElement?
        var sawDoctype = false
        /// True once any markup was read (an XML declaration may only come before all markup).
        var sawMarkup = false
        /// Lines counted incrementally for element start tags (offsets only grow), keeping it linear.
        var lineCountedTo = 0
        var currentLine = 1

        init(bytes: [UInt8], maxDepth: Int, maxElements: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
        }

        // MARK: Errors and positions

        func position(_ offset: Int) -> (line: Int, column: Int) {
            var line = 1
            var lineStart = 0
            let end = min(offset, bytes.count)
            for i in 0..<end where bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            var column = 1
            for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
            return (line, column)
        }

        mutating func line(at offset: Int) -> Int {
            while lineCountedTo < offset {
                if bytes[lineCountedTo] == 0x0A { currentLine += 1 }
                lineCountedTo += 1
            }
            return currentLine
        }

        func failure(_ message: String, at offset: Int) -> SyncError {
            let (line, column) = position(offset)
            return SyncError.unparsable("XML: \(message) at line \(line), column \(column)")
        }

        func starts(with literal: StaticString, at offset: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard offset + count <= bytes.count else { return false }
            return literal.withUTF8Buffer { buffer in
                for k in 0..<count where bytes[offset + k] != buffer[k] { return false }
                return true
            }
        }

        /// The offset just past the next occurrence of `literal` at or after `from`, or nil.
        func end(of literal: StaticString, from: Int) -> Int? {
            let count = literal.utf8CodeUnitCount
            return literal.withUTF8Buffer { buffer -> Int? in
                var i = from
                while i + count <= bytes.count {
                    if bytes[i] == buffer[0] {
                        var match = true
                        for k in 1..<count where bytes[i + k] != buffer[k] { match = false; break }
                        if match { return i + count }
                    }
                    i += 1
                }
                return nil
            }
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        static func isNameStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
        }
        static func isNameByte(_ b: UInt8) -> Bool {
            isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
        }

        mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        mutating func name(_ what: String) throws -> String {
            let start = index
            guard index < bytes.count, Self.isNameStart(bytes[index]) else {
                throw failure(index < bytes.count ? "expected \(what)" : "unexpected end of document, expected \(what)", at: index)
            }
            while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        // MARK: Document

        mutating func document() throws -> WireXMLElement {
            while index < bytes.count {
                if bytes[index] == 0x3C {
                    try markup()
                } else {
                    try characterData()
                }
            }
            if let open = stack.last {
                throw failure("unexpected end of document: <\(open.element.name)> opened at line \(open.element.line) is not closed", at: bytes.count)
            }
            guard let root else { throw failure("no root element", at: bytes.count) }
            return root
        }

        mutating func markup() throws {
            let start = index
            if starts(with: "<!--", at: index) {
                guard let after = end(of: "-->", from: index + 4) else { throw failure("unterminated comment", at: start) }
                index = after
            } else if starts(with: "<![CDATA[", at: index) {
                guard !stack.isEmpty else { throw failure("CDATA section outside the root element", at: start) }
                guard let after = end(of: "]]>", from: index + 9) else { throw failure("unterminated CDATA section", at: start) }
                try appendRaw(from: index + 9, to: after - 3)
                index = after
            } else if starts(with: "<!DOCTYPE", at: index) {
                try doctype()
            } else if starts(with: "<?", at: index) {
                index += 2
                let target = try name("processing instruction target")
                if target.lowercased() == "xml" && sawMarkup {
                    throw failure("XML declaration is only allowed before all other markup", at: start)
                }
                guard let after = end(of: "?>", from: index) else { throw failure("unterminated processing instruction", at: start) }
                index = after
            } else if starts(with: "</", at: index) {
                try endTag()
            } else if starts(with: "<!", at: index) {
                throw failure("unexpected markup declaration", at: start)
            } else {
                try startTag()
            }
            sawMarkup = true
        }

        mutating func doctype() throws {
            let start = index
            guard !sawDoctype, root == nil, stack.isEmpty else {
                throw failure("DOCTYPE is only allowed once, before the root element", at: start)
            }
            sawDoctype = true
            index += 9
            while index < bytes.count {
                switch bytes[index] {
                case 0x22, 0x27:
                    try skipQuoted(start: start)
                case 0x5B:
                    index += 1
                    while true {
                        guard index < bytes.count else { throw failure("unterminated DOCTYPE internal subset", at: start) }
                        if bytes[index] == 0x5D { index += 1; break }
                        if starts(with: "<!--", at: index) {
                            guard let after = end(of: "-->", from: index + 4) else { throw failure("unterminated comment", at: index) }
                            index = after
                        } else if starts(with: "<!ENTITY", at: index) {
                            throw SyncError.unparsable("XML: entity declarations are not allowed (DOCTYPE at line \(position(start).line))")
                        } else if bytes[index] == 0x22 || bytes[index] == 0x27 {
                            try skipQuoted(start: start)
                        } else {
                            index += 1
                        }
                    }
                case 0x3E:
                    index += 1
                    return
                default:
                    index += 1
                }
            }
            throw failure("unterminated DOCTYPE", at: start)
        }

        mutating func skipQuoted(start: Int) throws {
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw failure("unterminated quoted string in DOCTYPE", at: start) }
            index += 1
        }

        mutating func startTag() throws {
            let start = index
            index += 1
            let tagName = try name("element name after '<'")
            guard root == nil else { throw failure("second root element <\(tagName)> after the document's root element", at: start) }
            guard stack.count < maxDepth else {
                throw failure("elements nested deeper than \(maxDepth) levels", at: start)
            }
            elementCount += 1
            guard elementCount <= maxElements else {
                throw failure("more than \(maxElements) elements", at: start)
            }
            var attributes: [String: String] = [:]
            let bindingCount = bindings.count
            var selfClosing = false
            while true {
                let beforeSpace = index
                skipSpace()
                guard index < bytes.count else { throw failure("unterminated start tag <\(tagName)>", at: start) }
                if bytes[index] == 0x3E { index += 1; break }
                if bytes[index] == 0x2F {
                    guard index + 1 < bytes.count, bytes[index + 1] == 0x3E else { throw failure("expected '>' after '/' in <\(tagName)>", at: index) }
                    index += 2
                    selfClosing = true
                    break
                }
                guard index > beforeSpace else { throw failure("expected white space before attribute in <\(tagName)>", at: index) }
                let attributeOffset = index
                let attributeName = try name("attribute name in <\(tagName)>")
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3D else { throw failure("expected '=' after attribute \(attributeName)", at: index) }
                index += 1
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else {
                    throw failure("expected a quoted value for attribute \(attributeName)", at: index)
                }
                let value = try attributeValue()
                guard attributes[attributeName] == nil else { throw failure("duplicate attribute \(attributeName)", at: attributeOffset) }
                attributes[attributeName] = value
                if attributeName == "xmlns" {
                    bindings.append(("", value))
                } else if attributeName.hasPrefix("xmlns:") {
                    bindings.append((String(attributeName.dropFirst(6)), value))
                }
            }
            flushText()
            let prefix = tagName.firstIndex(of: ":").map { String(tagName[..<$0]) } ?? ""
            let element = WireXMLElement(name: tagName, namespace: resolve(prefix), attributes: attributes,
                                         line: line(at: start))
            if selfClosing {
                bindings.removeSubrange(bindingCount...)
                attach(element)
            } else {
                stack.append(Frame(element: element, offset: start, bindingCount: bindingCount))
            }
        }

        func resolve(_ prefix: String) -> String? {
            if prefix == "xml" { return "http://www.w3.org/XML/1998/namespace" }
            for binding in bindings.reversed() where binding.prefix == prefix {
                return binding.uri.isEmpty ? nil : binding.uri
            }
            return nil
        }

        mutating func endTag() throws {
            let start = index
            index += 2
            let tagName = try name("element name after '</'")
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3E else { throw failure("expected '>' to close </\(tagName)>", at: index) }
            index += 1
            guard var frame = stack.popLast() else { throw failure("end tag </\(tagName)> without a start tag", at: start) }
            guard frame.element.name == tagName else {
                throw failure("end tag </\(tagName)> does not match <\(frame.element.name)> opened at line \(frame.element.line)", at: start)
            }
            if !pendingText.isEmpty {
                frame.element.content.append(.text(String(decoding: pendingText, as: UTF8.self)))
                pendingText.removeAll(keepingCapacity: true)
            }
            bindings.removeSubrange(frame.bindingCount...)
            attach(frame.element)
        }

        mutating func attach(_ element: WireXMLElement) {
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].element.content.append(.element(element))
            }
        }

        mutating func flushText() {
            guard !pendingText.isEmpty, !stack.isEmpty else { pendingText.removeAll(keepingCapacity: true); return }
            stack[stack.count - 1].element.content.append(.text(String(decoding: pendingText, as: UTF8.self)))
            pendingText.removeAll(keepingCapacity: true)
        }

        // MARK: Text

        mutating func characterData() throws {
            if stack.isEmpty {
                while index < bytes.count, bytes[index] != 0x3C {
                    guard Self.isSpace(bytes[index]) else {
                        throw failure(root == nil ? "text before the root element" : "text after the root element", at: index)
                    }
                    index += 1
                }
                return
            }
            var text = pendingText
            pendingText = []
            while index < bytes.count, bytes[index] != 0x3C {
                let b = bytes[index]
                if b == 0x26 {
                    try reference(into: &text)
                    continue
                }
                if b == 0x0D {
                    text.append(0x0A)
                    index += 1
                    if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                    continue
                }
                if b < 0x20, b != 0x09, b != 0x0A {
                    throw failure("control character 0x\(TextDecoding.hex(b)) in text", at: index)
                }
                text.append(b)
                index += 1
            }
            pendingText = text
        }

        /// Appends raw (CDATA) bytes with line ends normalized.
        mutating func appendRaw(from: Int, to: Int) throws {
            var i = from
            while i < to {
                let b = bytes[i]
                if b == 0x0D {
                    pendingText.append(0x0A)
                    i += 1
                    if i < to, bytes[i] == 0x0A { i += 1 }
                    continue
                }
                if b < 0x20, b != 0x09, b != 0x0A { throw failure("control character 0x\(TextDecoding.hex(b)) in CDATA", at: i) }
                pendingText.append(b)
                i += 1
            }
        }

        mutating func attributeValue() throws -> String {
            let quote = bytes[index]
            let start = index
            index += 1
            var value: [UInt8] = []
            while true {
                guard index < bytes.count else { throw failure("unterminated attribute value", at: start) }
                let b = bytes[index]
                if b == quote { index += 1; break }
                switch b {
                case 0x3C:
                    throw failure("'<' in attribute value", at: index)
                case 0x26:
                    try reference(into: &value)
                case 0x0D:
                    value.append(0x20)
                    index += 1
                    if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                case 0x09, 0x0A:
                    value.append(0x20)
                    index += 1
                default:
                    if b < 0x20 { throw failure("control character 0x\(TextDecoding.hex(b)) in attribute value", at: index) }
                    value.append(b)
                    index += 1
                }
            }
            return String(decoding: value, as: UTF8.self)
        }

        /// Decodes the reference starting at `&` and appends its UTF-8 bytes.
        mutating func reference(into output: inout [UInt8]) throws {
            let start = index
            var end = index + 1
            while end < bytes.count, end - start <= 40, bytes[end] != 0x3B,
                  Self.isNameByte(bytes[end]) || bytes[end] == 0x23 { end += 1 }
            guard end < bytes.count, bytes[end] == 0x3B, end > start + 1 else {
                throw failure("'&' not starting an entity or character reference (escape it as &amp;)", at: start)
            }
            let body = bytes[(start + 1)..<end]
            index = end + 1
            if body.first == 0x23 {
                var digits = body.dropFirst()
                var radix: UInt32 = 10
                if digits.first == 0x78 { radix = 16; digits = digits.dropFirst() }
                var value: UInt32 = 0
                guard !digits.isEmpty, digits.count <= 8 else { throw failure("malformed character reference", at: start) }
                for d in digits {
                    let digit: UInt32
                    switch d {
                    case 0x30...0x39: digit = UInt32(d - 0x30)
                    case 0x61...0x66 where radix == 16: digit = UInt32(d - 0x61 + 10)
                    case 0x41...0x46 where radix == 16: digit = UInt32(d - 0x41 + 10)
                    default: throw failure("malformed character reference", at: start)
                    }
                    value = value * radix + digit
                }
                guard Self.isXMLChar(value), let scalar = Unicode.Scalar(TextDecoding.characterReference(value)) else {
                    throw failure("character reference to U+\(String(value, radix: 16, uppercase: true)), which is not an XML character", at: start)
                }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                return
            }
            switch String(decoding: body, as: UTF8.self) {
            case "amp": output.append(0x26)
            case "lt": output.append(0x3C)
            case "gt": output.append(0x3E)
            case "quot": output.append(0x22)
            case "apos": output.append(0x27)
            case let other:
                throw failure("undefined entity &\(other); (only &amp; &lt; &gt; &quot; &apos; and numeric references are allowed)", at: start)
            }
        }

        static func isXMLChar(_ v: UInt32) -> Bool {
            v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                || (0x10000...0x10FFFF).contains(v)
        }
    }
}
