import Foundation

/// A named feed consumer and its position, as `GET /v1/consumers` lists them.
public struct ConsumerInfo: Codable, Sendable, Equatable {
    public var name: String
    /// The last seq the consumer acknowledged; `GET /v1/changes?consumer=NAME` resumes after it.
    public var ackedSeq: Int64
    /// Events in the feed after `acked_seq`.
    public var lag: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(name: String, ackedSeq: Int64, lag: Int64, createdAt: Date, updatedAt: Date) {
        self.name = name
        self.ackedSeq = ackedSeq
        self.lag = lag
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Valid names: 1 to 64 of `A-Z a-z 0-9 . _ -`.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    enum CodingKeys: String, CodingKey {
        case name, lag
        case ackedSeq = "acked_seq"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        ackedSeq = try c.decode(Int64.self, forKey: .ackedSeq)
        lag = try c.decode(Int64.self, forKey: .lag)
        createdAt = try c.decodeRFC3339(forKey: .createdAt)
        updatedAt = try c.decodeRFC3339(forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(ackedSeq, forKey: .ackedSeq)
        try c.encode(lag, forKey: .lag)
        try c.encode(RFC3339.format(createdAt), forKey: .createdAt)
        try c.encode(RFC3339.format(updatedAt), forKey: .updatedAt)
    }
}

/// The body of `GET /v1/consumers`.
public struct ConsumerList: Codable, Sendable, Equatable {
    public var consumers: [ConsumerInfo]
    public init(consumers: [ConsumerInfo]) { self.consumers = consumers }
}

/// The body of `POST /v1/consumers/{name}/ack`.
public struct AckRequest: Codable, Sendable, Equatable {
    public var seq: Int64
    public init(seq: Int64) { self.seq = seq }
}
