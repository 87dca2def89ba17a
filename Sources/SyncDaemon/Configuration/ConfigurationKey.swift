import Sync

/// One setting: its file key, environment variable and flag, and how to read and show it.
public struct ConfigurationKey: Sendable {
    /// The dotted key in the configuration file, e.g. `ingest.max_file_bytes`.
    public let name: String
    /// The environment variable that overrides the file, e.g. `SYNCD_MAX_FILE_BYTES`.
    public let environment: String
    /// The command-line flag that overrides everything, e.g. `--home`; nil when there is none.
    public let flag: String?
    /// One line for the README and `check-config`.
    public let summary: String
    let apply: @Sendable (inout DaemonConfiguration, ConfigFile.Value) throws -> Void
    let show: @Sendable (DaemonConfiguration) -> String
}

extension ConfigurationKey {
    static func string(_ name: String, env: String, flag: String?, _ summary: String,
                       _ keyPath: WritableKeyPath<DaemonConfiguration, String> & Sendable) -> ConfigurationKey {
        ConfigurationKey(name: name, environment: env, flag: flag, summary: summary,
                         apply: { configuration, value in configuration[keyPath: keyPath] = try value.text(for: name) },
                         show: { "\"\($0[keyPath: keyPath].escapingControlCharacters)\"" })
    }

    static func number(_ name: String, env: String, flag: String?, _ summary: String,
                       _ keyPath: WritableKeyPath<DaemonConfiguration, Double> & Sendable) -> ConfigurationKey {
        ConfigurationKey(name: name, environment: env, flag: flag, summary: summary,
                         apply: { configuration, value in configuration[keyPath: keyPath] = try value.number(for: name) },
                         show: { String($0[keyPath: keyPath]) })
    }

    static func integer(_ name: String, env: String, flag: String?, _ summary: String,
                        _ keyPath: WritableKeyPath<DaemonConfiguration, Int64> & Sendable) -> ConfigurationKey {
        ConfigurationKey(name: name, environment: env, flag: flag, summary: summary,
                         apply: { configuration, value in configuration[keyPath: keyPath] = try value.integer(for: name) },
                         show: { String($0[keyPath: keyPath]) })
    }
}

extension ConfigFile.Value {
    func text(for key: String) throws -> String {
        switch self {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .bool(let flag): return String(flag)
        }
    }

    func number(for key: String) throws -> Double {
        switch self {
        case .integer(let number): return Double(number)
        case .float(let number): return number
        case .string(let text):
            // Decimal only, as the file takes it: Double("0x10") would read hex, and "inf" or
            // "nan" would read too.
            if text.allSatisfy({ "0123456789+-.eE".contains($0) }), let number = Double(text) { return number }
        case .bool: break
        }
        throw DaemonError.invalidConfiguration(field: key, message: "expected a number, got \(self)")
    }

    func integer(for key: String) throws -> Int64 {
        switch self {
        case .integer(let number): return number
        case .string(let text):
            if let number = Int64(text.filter { $0 != "_" }) { return number }
        case .float, .bool: break
        }
        throw DaemonError.invalidConfiguration(field: key, message: "expected a whole number, got \(self)")
    }
}
