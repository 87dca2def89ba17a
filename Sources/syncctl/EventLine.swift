import Foundation
import Sync

/// Renders feed events as one readable line each.
enum EventLine {
    static func render(_ event: FeedEvent) -> String {
        let type = event.type.rawValue
        var parts = ["#\(event.seq)", shortTime(event.at), type + String(repeating: " ", count: max(0, typeWidth - type.count))]
        if let story = event.story {
            parts.append("story \(story)" + (event.version.map { " v\($0)" } ?? ""))
        }
        if let file = event.file { parts.append(file.escapingControlCharacters) }
        switch event.type {
        case .fileRejected:
            parts.append("— " + (event.reason ?? "rejected").escapingControlCharacters)
        case .duplicateSeen, .versionAdded:
            if let headline = event.headline { parts.append("“\(trim(headline, 60))”") }
            if let similarity = event.similarity {
                parts.append(String(format: "(similarity %.2f", similarity)
                    + (event.containment.map { String(format: ", containment %.2f)", $0) } ?? ")"))
            }
            // A version kept but not published: say so, and why (the reason's last clause).
            if event.current == false {
                let why = event.reason?.components(separatedBy: "; ").last ?? "kept, not current"
                parts.append("[not current: \(why.escapingControlCharacters)]")
            }
        default:
            if let headline = event.headline { parts.append("“\(trim(headline, 60))”") }
        }
        return parts.joined(separator: "  ")
    }

    /// The type column's width: the longest type this build knows (a longer one from a newer
    /// server is printed whole, not cut).
    static let typeWidth = EventType.known.map(\.rawValue.count).max() ?? 0

    /// `2026-11-24 02:33:00Z`: the RFC 3339 time without milliseconds, easier to scan.
    static func shortTime(_ date: Date) -> String {
        let full = RFC3339.format(date)
        return String(full.prefix(10)) + " " + String(full.dropFirst(11).prefix(8)) + "Z"
    }

    /// `text` on one line (control characters escaped), cut to `width` characters with `…`.
    static func trim(_ text: String, _ width: Int) -> String {
        let text = text.escapingControlCharacters
        return text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
