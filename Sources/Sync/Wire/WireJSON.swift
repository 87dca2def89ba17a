import Foundation

/// The JSON settings of the wire: compact, keys sorted, slashes unescaped, times as RFC 3339 strings
/// (the types encode their own times). syncd writes with them and syncctl re-prints with them,
/// so a re-encoded event is byte-for-byte what the feed served.
public enum WireJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.withoutEscapingSlashes, .prettyPrinted, .sortedKeys] : [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }
}
