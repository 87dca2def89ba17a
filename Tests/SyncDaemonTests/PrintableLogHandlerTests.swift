import Foundation
import Logging
import Synchronization
import Testing
@testable import SyncDaemon

/// syncd's log keeps one line per entry whatever a file's name holds.
struct PrintableLogHandlerTests {
    /// Keeps what reaches it: each entry's message and metadata as printed.
    final class Kept: LogHandler, @unchecked Sendable {
        let entries = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            entries.withLock { $0.append(([event.message.description] + fields).joined(separator: " ")) }
        }
    }

    @Test func controlCharactersInMessagesAndMetadataAreEscaped() {
        let kept = Kept()
        let logger = Logger(label: "test") { _ in PrintableLogHandler(kept) }
        logger.info("decided\nnew", metadata: ["file": "new\nline\u{1B}[31m.txt", "seq": "12",
                                               "nested": ["a\tb", ["k": "\r"]]])
        let entry = kept.entries.withLock { $0 }.joined()
        #expect(!entry.unicodeScalars.contains { $0.value < 0x20 && $0 != " " }, "\(entry.debugDescription)")
        #expect(entry.contains(#"decided\nnew"#) && entry.contains(#"file=new\nline\u{1B}[31m.txt"#) && entry.contains("seq=12"))
        #expect(entry.contains("a") && !entry.contains("\t") && !entry.contains("\r"), "\(entry)")
    }
}
