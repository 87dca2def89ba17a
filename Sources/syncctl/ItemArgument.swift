import ArgumentParser
import Foundation
import Sync

/// An item on the command line: `STORY`, `STORY/VERSION`, or `@FILE` (a text file's content;
/// `@-` reads standard input).
struct ItemArgument {
    let reference: ItemReference

    /// Reads `argument`; a bad one says what is wrong with it (a file that cannot be read, not
    /// UTF-8, or not a story reference) and what is expected.
    static func parse(_ argument: String) throws -> ItemArgument {
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: path) else {
                    let why = access(path, R_OK) == 0 ? "" : ": " + String(cString: strerror(errno))
                    throw ValidationError("cannot read \(path)\(why); expected \(help)")
                }
                data = contents
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(path == "-" ? "standard input" : path) is not UTF-8 text; expected \(help)")
            }
            return ItemArgument(reference: ItemReference(text: text))
        }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let story = Int64(parts[0]), story > 0,
              parts.count == 1 || (Int(parts[1]).map { $0 > 0 } ?? false) else {
            throw ValidationError("'\(argument)' is not an item; expected \(help)")
        }
        return ItemArgument(reference: ItemReference(story: story, version: parts.count == 2 ? Int(parts[1]) : nil))
    }

    static let help = "STORY, STORY/VERSION (e.g. 12/2) or @FILE (a text file; @- reads standard input)"
}
