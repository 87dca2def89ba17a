import Foundation

/// The read-only data beside the project (`../shared`: the seeds, the Reuters corpus and its
/// labelled pairs, the reference peers), or the folder `NEWSROOM_SHARED` names.
///
/// The tests, `dedup-eval` and `syncd-bench` read it from here; a clone elsewhere points
/// `NEWSROOM_SHARED` at it.
public enum SharedData {
    /// The shared folder: `$NEWSROOM_SHARED` when set, else `shared` beside the project's folder.
    public static var folder: URL {
        if let named = ProcessInfo.processInfo.environment["NEWSROOM_SHARED"], !named.isEmpty {
            return URL(fileURLWithPath: named, isDirectory: true)
        }
        // This file is Sources/ReutersCorpus/SharedData.swift in the project's folder; `shared` is beside that.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }

    /// `relative` inside the shared folder.
    /// - Throws: ``EvalError`` naming where it looked, and what to do, when it is not there.
    public static func path(_ relative: String) throws -> URL {
        let url = folder.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EvalError("""
                \(url.path) does not exist: the tests and benchmarks read the shared data beside the \
                project (../shared). Clone the project beside it, or set NEWSROOM_SHARED to its folder.
                """)
        }
        return url
    }
}
