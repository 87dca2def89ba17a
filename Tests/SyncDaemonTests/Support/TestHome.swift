import Foundation
import ReutersCorpus
@testable import SyncDaemon

/// A daemon home in a fresh temporary folder, removed when released.
final class TestHome: @unchecked Sendable {
    let root: URL
    let home: Home

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "syncd-test-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        home = Home(path: root.path)
        try home.create()
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var configuration: DaemonConfiguration {
        var configuration = DaemonConfiguration()
        configuration.home = root.path
        configuration.listen = ListenAddress(host: "127.0.0.1", port: 0)
        configuration.heartbeatSeconds = 0.3
        return configuration
    }

    /// Writes `text` to `relative` inside the inbox the way an uploader should: a dot-file, then a rename.
    @discardableResult
    func drop(_ relative: String, _ text: String, mtime: Date? = nil) throws -> URL {
        try drop(relative, Data(text.utf8), mtime: mtime)
    }

    @discardableResult
    func drop(_ relative: String, _ data: Data, mtime: Date? = nil) throws -> URL {
        let target = home.inbox.appending(path: relative)
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appending(path: ".part-" + UUID().uuidString.prefix(8))
        try data.write(to: temporary)
        if let mtime { try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: temporary.path) }
        try FileManager.default.moveItem(at: temporary, to: target)
        return target
    }

    /// How many files lie below `folder`, counted from directory entries alone.
    ///
    /// Cheap enough to poll every few milliseconds while a daemon works through a backlog, where
    /// `files(in:)`, which looks each entry up, would let thousands of files pass between looks.
    func fileCount(in folder: URL) -> Int {
        DirectoryListing.entries(in: folder.path).reduce(0) { count, entry in
            count + (entry.type == UInt8(DT_DIR) ? fileCount(in: folder.appending(path: entry.name, directoryHint: .isDirectory)) : 1)
        }
    }

    /// Relative paths of every file below `folder`, sorted.
    func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            found.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count)).trimmingPrefix("/").description)
        }
        return found.sorted()
    }
}

/// The seeds shipped beside the project: five real articles on one news event (``SharedData``).
enum Seeds {
    static func all() throws -> [(name: String, data: Data)] {
        let folder = try SharedData.path("seeds")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, try Data(contentsOf: folder.appending(path: name)))
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Runs `body` on a thread of its own and awaits it without holding a cooperative thread.
///
/// Every in-process daemon in the test run shares the cooperative pool, which is as small as
/// the core count: seconds of synchronous work on it (loading the corpus) stall their ingest
/// loops and make timing expectations elsewhere fail.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
