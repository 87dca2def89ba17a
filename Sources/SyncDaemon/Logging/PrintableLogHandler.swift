import Logging
import Sync

/// A log handler that keeps every entry on one line: the message's and the metadata's control
/// characters are written as escapes (``Swift/String/escapingControlCharacters``) before
/// `base` prints them.
///
/// syncd logs file names, which may hold a line break or a terminal's escape sequence; a
/// line break would cut "one line per decision" in two.
public struct PrintableLogHandler: LogHandler {
    public var base: any LogHandler

    public init(_ base: any LogHandler) { self.base = base }

    public var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(event.message.description.escapingControlCharacters)"
        event.metadata = event.metadata?.mapValues(Self.printable)
        base.log(event: event)
    }

    /// A metadata value with its texts escaped, nested values included.
    static func printable(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(text.escapingControlCharacters)
        case .stringConvertible(let item): .string(item.description.escapingControlCharacters)
        case .array(let items): .array(items.map(printable))
        case .dictionary(let items): .dictionary(items.mapValues(printable))
        }
    }
}
