import Foundation
import Sync

/// Checks a decoded JSON value against a JSON Schema (the OpenAPI 3.1 subset docs/openapi.json
/// uses: $ref, type (with "null"), properties, required, additionalProperties, items, enum,
/// minimum, maximum, pattern, format date-time). Returns every mismatch with its JSON path.
struct SchemaValidator {
    let components: [String: Any]

    init(document: [String: Any]) {
        components = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
    }

    func errors(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] as? [String: Any] else { return ["\(path): unknown $ref \(reference)"] }
            return errors(value, target, at: path)
        }
        var found: [String] = []
        let types: [String] = (schema["type"] as? [String]) ?? ((schema["type"] as? String).map { [$0] } ?? [])
        if !types.isEmpty && !types.contains(where: { Self.matches(value, $0) }) {
            return ["\(path): expected \(types.joined(separator: " or ")), got \(Self.describe(value))"]
        }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            found.append("\(path): '\(text)' is not one of \(allowed)")
        }
        if let number = value as? NSNumber, !(value is Bool) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { found.append("\(path): \(number) > maximum \(maximum)") }
        }
        if let text = value as? String {
            if schema["format"] as? String == "date-time", RFC3339.parse(text) == nil { found.append("\(path): '\(text)' is not RFC 3339") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): '\(text)' does not match \(pattern)")
            }
        }
        if let object = value as? [String: Any] {
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                found.append("\(path): missing required '\(key)'")
            }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    found += errors(item, property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += errors(item, additional, at: "\(path).\(key)")
                } else if (schema["additionalProperties"] as? Bool) == false {
                    found.append("\(path): '\(key)' is not in the schema")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { found += errors(item, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer":
            guard let n = value as? NSNumber, !isBool(value) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "number": return value is NSNumber && !isBool(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    static func isBool(_ value: Any) -> Bool {
        // JSONSerialization boxes JSON booleans in a distinct NSNumber subclass ("c" type).
        guard let n = value as? NSNumber else { return false }
        return String(describing: type(of: n)).contains("Boolean") || String(cString: n.objCType) == "c"

    }

    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if isBool(value) { return "boolean" }
        if value is NSNumber { return "number" }
        if value is String { return "string" }
        if value is [Any] { return "array" }
        return "object"
    }
}
