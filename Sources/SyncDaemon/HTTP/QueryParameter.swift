import Hummingbird

/// Reads and range-checks query parameters, answering 400 with the parameter's name when bad.
struct QueryParameter {
    let request: Request

    func integer<T: FixedWidthInteger>(_ name: String, default value: T, in range: ClosedRange<T>) throws -> T {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = T(String(text)), range.contains(number) else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return number
    }

    func seconds(_ name: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Double(String(text)), number.isFinite, range.contains(number) else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)' must be a number of seconds from \(Int(range.lowerBound)) to \(Int(range.upperBound)), got '\(text)'")
        }
        return number
    }

    /// `true`/`false` (or `1`/`0`); nil when absent.
    func bool(_ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw HTTPError(.badRequest, message: "query parameter '\(name)' must be true or false, got '\(text)'")
        }
    }

    /// A comma-separated list, also accepting the parameter repeated; empty when absent, and
    /// 400 with more than `limit` values.
    func list(_ name: String, atMost limit: Int = 100) throws -> [String] {
        let values = request.uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        guard values.count <= limit else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)' takes at most \(limit) values, got \(values.count)")
        }
        return values
    }
}
