/// The one error type of the Sync module.
///
/// Every case carries a message a newsroom engineer can act on; `description` is that message.
/// Parsers throw ``unparsable(_:)`` with the field, line or byte offset that failed.
public enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a story in any format we read (the message says where and why).
    case unparsable(String)
    /// A value received from outside (a query parameter, a wire field) is out of range.
    case invalidValue(String)

    public var description: String {
        switch self {
        case .unparsable(let message), .invalidValue(let message): message
        }
    }
}
