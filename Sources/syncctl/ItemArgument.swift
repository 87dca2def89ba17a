import ArgumentParser
import Foundation
import Sync

/// An item on the command line: `STORY`, `STORY/VERSION`, or `@FILE` (a text file's content;
/// `@-` reads standard input).
struct ItemArgument: ExpressibleByArgument {
    let reference: ItemReference

    init?(argument: String) {
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data, let text = String(data: data, encoding: .utf8) else { return nil }
            reference = ItemReference(text: text)
            return
        }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let story = Int64(parts[0]), story > 0 else { return nil }
        var version: Int?
        if parts.count == 2 {
            guard let number = Int(parts[1]), number > 0 else { return nil }
            version = number
        }
        reference = ItemReference(story: story, version: version)
    }

    static let help = "STORY, STORY/VERSION (e.g. 12/2) or @FILE (a text file; @- reads standard input)"
}
