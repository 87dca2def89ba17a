/// Splits a Server-Sent Events byte stream into messages (`id`, `event`, `data` fields).
///
/// Fed chunks as they arrive; a message ends at a blank line. Comment lines (`: …`), used by
/// syncd for heartbeats, are skipped.
struct ServerSentEventParser {
    struct Message: Equatable {
        var id: String?
        var event: String?
        var data: String?
    }

    private var pending = ""
    private var current = Message()

    mutating func feed(_ chunk: String) -> [Message] {
        pending += chunk
        var messages: [Message] = []
        while let newline = pending.firstIndex(of: "\n") {
            var line = String(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty {
                if current != Message() { messages.append(current) }
                current = Message()
                continue
            }
            if line.hasPrefix(":") { continue }
            let field: Substring
            var value: Substring
            if let colon = line.firstIndex(of: ":") {
                field = line[..<colon]
                value = line[line.index(after: colon)...]
                if value.hasPrefix(" ") { value = value.dropFirst() }
            } else {
                field = Substring(line)
                value = ""
            }
            switch field {
            case "id": current.id = String(value)
            case "event": current.event = String(value)
            case "data": current.data = current.data.map { $0 + "\n" + value } ?? String(value)
            default: break
            }
        }
        return messages
    }
}
