/// The body of every HTTP error: `{"error":{"message":"…"}}`.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var message: String
        public init(message: String) { self.message = message }
    }

    public var error: Detail

    public init(message: String) { error = Detail(message: message) }
}
