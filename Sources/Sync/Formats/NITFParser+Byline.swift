import Foundation

extension NITFParser {
    /// The text of a NITF `byline`, its `byttl` (the writer's title) set off with ", " as the
    /// ANPA parser joins a byline and its title line: `By <person>CHRISTOPHER RUGABER</person>
    /// <byttl>AP Economics Writer</byttl>` → `By CHRISTOPHER RUGABER, AP Economics Writer`.
    ///
    /// White space is folded, and a comma or semicolon already written at a part's edge is not
    /// doubled; nil when the byline holds no text. NewsML-G2 reads an inline NITF byline with it.
    static func byline(of element: WireXMLElement) -> String? {
        var parts: [String] = []
        var pending = ""
        func close() {
            let part = HTMLText.collapseWhitespace(pending).trimmingCharacters(in: separators)
            if !part.isEmpty { parts.append(part) }
            pending = ""
        }
        func walk(_ element: WireXMLElement) {
            for item in element.content {
                switch item {
                case .text(let text):
                    pending += text
                case .element(let child) where child.localName == "byttl":
                    close()
                    pending = child.text
                    close()
                case .element(let child):
                    walk(child)
                }
            }
        }
        walk(element)
        close()
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private static let separators = CharacterSet(charactersIn: ",;").union(.whitespacesAndNewlines)
}
