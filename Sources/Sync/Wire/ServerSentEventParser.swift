/// Splits a Server-Sent Events byte stream into messages (`id`, `event`, `data` fields).
///
/// Fed chunks of bytes as they arrive; a message ends at a blank line. Lines are split on
/// bytes and decoded as UTF-8 only once whole, so a character that a chunk boundary cuts in
/// two arrives intact. Comment lines (`: …`), used by syncd for heartbeats, are skipped.
public struct ServerSentEventParser: Sendable {
    /// One message: its fields, nil when absent (several `data` lines are joined with `\n`).
    public struct Message: Equatable, Sendable {
        public var id: String?
        public var event: String?
        public var data: String?

        public init(id: String? = nil, event: String? = nil, data: String? = nil) {
            self.id = id
            self.event = event
            self.data = data
        }
    }

    /// Bytes after the last line break seen.
    private var pending: [UInt8] = []
    private var current = Message()

    public init() {}

    /// The messages that `chunk` completes.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [Message] {
        pending.append(contentsOf: chunk)
        var messages: [Message] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            var end = newline
            if end > start && pending[end - 1] == 0x0D { end -= 1 }
            handle(line: String(decoding: pending[start..<end], as: UTF8.self), into: &messages)
            start = newline + 1
        }
        pending.removeFirst(start)
        return messages
    }

    /// The messages that `chunk`'s UTF-8 completes.
    public mutating func feed(_ chunk: String) -> [Message] {
        feed(chunk.utf8)
    }

    private mutating func handle(line: String, into messages: inout [Message]) {
        if line.isEmpty {
            if current != Message() { messages.append(current) }
            current = Message()
            return
        }
        if line.hasPrefix(":") { return }
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
}
