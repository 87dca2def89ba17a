import Foundation

/// One element of a document read by ``XMLReader``: its name, attributes and content in order.
///
/// Look-ups go by *local name* (the part after any `prefix:`), so `nitf:p`, `xhtml:p` and `p`
/// all answer to `"p"`; the written ``name``, its ``prefix`` and the resolved ``namespace`` URI
/// stay available for callers that care. Comments and processing instructions are not kept;
/// CDATA is merged into the surrounding text; entity and character references are decoded
/// (`&#146;` as ’, as ``XMLReader`` reads C1 references).
public struct WireXMLElement: Sendable, Equatable {
    /// One piece of an element's content.
    public enum Content: Sendable, Equatable {
        case element(WireXMLElement)
        case text(String)
    }

    /// The name as written, e.g. `xhtml:p`.
    public var name: String
    /// The name without its prefix, e.g. `p`.
    public var localName: String
    /// The namespace URI the prefix (or the default namespace) is bound to, if any.
    public var namespace: String?
    /// Attributes keyed by their names as written (`xml:lang`, `href`); values are decoded.
    public var attributes: [String: String]
    /// Child elements and text, in document order.
    public var content: [Content]
    /// The 1-based line of the element's start tag.
    public var line: Int

    public init(name: String, namespace: String? = nil, attributes: [String: String] = [:],
                content: [Content] = [], line: Int = 1) {
        self.name = name
        self.localName = Self.localPart(of: name)
        self.namespace = namespace
        self.attributes = attributes
        self.content = content
        self.line = line
    }

    /// The prefix of ``name``, nil when unprefixed.
    public var prefix: String? {
        name.firstIndex(of: ":").map { String(name[..<$0]) }
    }

    /// The value of the first attribute whose local name is `localName` (prefix ignored).
    public func attribute(_ localName: String) -> String? {
        if let exact = attributes[localName] { return exact }
        for (key, value) in attributes where Self.localPart(of: key) == localName { return value }
        return nil
    }

    /// The child elements, in order.
    public var elements: [WireXMLElement] {
        content.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The first child element with local name `localName`.
    public func child(_ localName: String) -> WireXMLElement? {
        for case .element(let element) in content where element.localName == localName { return element }
        return nil
    }

    /// All child elements with local name `localName`.
    public func children(_ localName: String) -> [WireXMLElement] {
        elements.filter { $0.localName == localName }
    }

    /// The element reached by following child local names, e.g. `path("head", "docdata", "doc-id")`.
    public func path(_ localNames: String...) -> WireXMLElement? {
        var current = self
        for name in localNames {
            guard let next = current.child(name) else { return nil }
            current = next
        }
        return current
    }

    /// The first descendant (depth-first, document order, excluding self) with local name `localName`.
    public func firstDescendant(_ localName: String) -> WireXMLElement? {
        for case .element(let element) in content {
            if element.localName == localName { return element }
            if let found = element.firstDescendant(localName) { return found }
        }
        return nil
    }

    /// All descendants with local name `localName`, in document order (excluding self).
    public func descendants(_ localName: String) -> [WireXMLElement] {
        var result: [WireXMLElement] = []
        func walk(_ element: WireXMLElement) {
            for case .element(let child) in element.content {
                if child.localName == localName { result.append(child) }
                walk(child)
            }
        }
        walk(self)
        return result
    }

    /// All text inside the element and its descendants, concatenated as is.
    public var text: String {
        var result = ""
        func walk(_ element: WireXMLElement) {
            for item in element.content {
                switch item {
                case .text(let text): result += text
                case .element(let child): walk(child)
                }
            }
        }
        walk(self)
        return result
    }

    /// ``text`` with every run of white space folded to one space and the ends trimmed.
    public var normalizedText: String { HTMLText.collapseWhitespace(text) }

    static func localPart(of name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
