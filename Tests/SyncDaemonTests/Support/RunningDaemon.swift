import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Sync
@testable import SyncDaemon

/// A ``Daemon`` running in-process on a free port, with a small HTTP client for its API.
final class RunningDaemon: @unchecked Sendable {
    let daemon: Daemon
    let port: Int
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    convenience init(_ home: TestHome) async throws {
        try await self.init(configuration: home.configuration)
    }

    /// - Parameters:
    ///   - sqliteVFS: a registered SQLite VFS for the database (``InjectedFaults`` makes one fail).
    ///   - fileOperations: the calls that move decided files.
    init(configuration: DaemonConfiguration, sqliteVFS: String? = nil, fileOperations: FileOperations = .posix) async throws {
        let daemon = try Daemon(configuration: configuration,
                                logger: Logger(label: "syncd-test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                sqliteVFS: sqliteVFS, fileOperations: fileOperations)
        self.daemon = daemon
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        task = Task { try await daemon.run(onListening: { continuation.yield($0) }) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw DaemonError.home("daemon did not start") }
        self.port = port
        // HTTP listens before the ingest loop watches the inbox. Files dropped in between are
        // found by the start-up scan and wait out the settle time, so later drops could be
        // decided first: wait for the watcher (a daemon whose ingest cannot start goes on after
        // the timeout, for the tests that expect that).
        if !configuration.once {
            _ = await eventually(timeout: .seconds(5)) { daemon.ingestState.isWatching }
        }
    }

    /// Stops the daemon (as at SIGTERM's end: its tasks are cancelled) and waits for it.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> (status: UInt, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(70))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (response.status.code, Data(body.readableBytesView))
    }

    func post(_ path: String, _ body: String) async throws -> (status: UInt, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (response.status.code, Data(try await response.body.collect(upTo: 16 << 20).readableBytesView))
    }

    /// POSTs `body` and decodes the answer, which must have status `expect`.
    func postJSON<T: Decodable>(_ path: String, _ body: String, as type: T.Type, expect: UInt = 200) async throws -> T {
        let (status, data) = try await post(path, body)
        guard status == expect else { throw DaemonError.home("POST \(path) answered \(status): \(String(decoding: data, as: UTF8.self))") }
        return try WireJSON.decoder().decode(T.self, from: data)
    }

    func getJSON<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        let (status, body) = try await get(path)
        guard status == 200 else { throw DaemonError.home("GET \(path) answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try WireJSON.decoder().decode(T.self, from: body)
    }

    func events(since: Int64 = 0) async throws -> [FeedEvent] {
        try await getJSON("/v1/changes?since=\(since)&limit=10000", as: ChangesPage.self).events
    }

    /// Waits until the feed holds at least `count` events, then returns them all; throws when
    /// it does not within `timeout`.
    func waitForEvents(_ count: Int, timeout: Duration = .seconds(15)) async throws -> [FeedEvent] {
        var events: [FeedEvent] = []
        _ = try await eventually(timeout: timeout) {
            events = try await self.events()
            return events.count >= count
        }
        // Thrown, so a test indexing the events fails instead of crashing the test process.
        guard events.count >= count else {
            throw DaemonError.home("the feed holds \(events.count) events after \(timeout); the test waited for \(count)")
        }
        return events
    }
}
