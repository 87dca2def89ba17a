import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Sync

/// The HTTP API: the change feed (paged, long-poll, SSE), status and stories.
///
/// Handlers only read the database and wait on the ``FeedSignal``; all writes happen in the
/// ingest loop. Every error answers `{"error":{"message"}}`.
public struct APIRoutes: Sendable {
    let database: Database
    let signal: FeedSignal
    let scanner: InboxScanner
    let home: Home
    let health: Health
    let metrics: DaemonMetrics
    let ingestState: IngestState
    let heartbeat: Duration
    let token: String?
    let minimumFreeBytes: Int64

    public init(database: Database, signal: FeedSignal, home: Home, health: Health, metrics: DaemonMetrics,
                ingestState: IngestState, configuration: DaemonConfiguration) {
        self.token = configuration.token
        self.metrics = metrics
        self.ingestState = ingestState
        self.minimumFreeBytes = configuration.minimumFreeBytes
        self.database = database
        self.signal = signal
        self.home = home
        self.health = health
        self.scanner = InboxScanner(inbox: home.inbox)
        self.heartbeat = .milliseconds(Int64(configuration.heartbeatSeconds * 1000))
    }

    /// A router serving every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(ErrorMiddleware())
        if let token { router.middlewares.add(BearerTokenMiddleware(token: token)) }
        router.get("/v1/changes") { request, _ in try await changes(request) }
        router.get("/v1/changes/stream") { request, _ in try stream(request) }
        router.get("/v1/status") { _, _ in try status() }
        router.get("/v1/stories/:id") { _, context in try story(context.parameters.get("id") ?? "") }
        router.get("/healthz") { _, _ in try Self.json(["status": "alive"]) }
        router.get("/readyz") { _, _ in try readiness() }
        router.get("/metrics") { _, _ in metricsExposition() }
        return router
    }

    /// `GET /v1/changes?since=N&limit=M&wait=S`.
    func changes(_ request: Request) async throws -> Response {
        let query = QueryParameter(request: request)
        let since = try query.integer("since", default: Int64(0), in: 0...Int64.max)
        let limit = try query.integer("limit", default: 100, in: 1...10_000)
        let wait = try query.seconds("wait", default: 0, in: 0...60)
        var rows = try database.eventJSON(since: since, limit: limit)
        if rows.isEmpty && wait > 0 {
            metrics.consumer("long_poll", 1)
            defer { metrics.consumer("long_poll", -1) }
            await signal.wait(after: since, timeout: .milliseconds(Int64(wait * 1000)))
            rows = try database.eventJSON(since: since, limit: limit)
        }
        let lastSeq = max(try database.lastSeq(), rows.last?.seq ?? 0)
        var buffer = ByteBuffer()
        buffer.writeString("{\"events\":[")
        for (index, row) in rows.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeString(row.json)
        }
        buffer.writeString("],\"last_seq\":\(lastSeq)}")
        return Self.json(buffer)
    }

    /// `GET /v1/changes/stream`: Server-Sent Events from after `Last-Event-ID` or `since`.
    func stream(_ request: Request) throws -> Response {
        let query = QueryParameter(request: request)
        var since = try query.integer("since", default: Int64(0), in: 0...Int64.max)
        if let header = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let seq = Int64(header.trimmingCharacters(in: CharacterSet.whitespaces)), seq >= 0 else {
                throw HTTPError(.badRequest, message: "Last-Event-ID must be an event seq (a non-negative integer), got '\(header)'")
            }
            since = seq
        }
        let start = since
        let database = self.database, signal = self.signal, heartbeat = self.heartbeat, metrics = self.metrics
        let body = ResponseBody { writer in
            metrics.consumer("sse", 1)
            defer { metrics.consumer("sse", -1) }
            var cursor = start
            // Hummingbird sends the headers with the first body write: write at once.
            try await writer.write(ByteBuffer(string: ": connected, events after \(cursor)\n\n"))
            while !signal.isClosed && !Task.isCancelled {
                let rows = try database.eventJSON(since: cursor, limit: 500)
                if rows.isEmpty {
                    await signal.wait(after: cursor, timeout: heartbeat)
                    if try database.lastSeq() <= cursor && !signal.isClosed {
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                    continue
                }
                var buffer = ByteBuffer()
                for row in rows {
                    buffer.writeString("id: \(row.seq)\nevent: \(row.type)\ndata: \(row.json)\n\n")
                }
                try await writer.write(buffer)
                cursor = rows.last!.seq
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `GET /v1/status`.
    func status() throws -> Response {
        let counts = try database.counts()
        let status = ServerStatus(pending: scanner.pendingCount(), lastSeq: counts.lastSeq, stories: counts.stories,
                                  versions: counts.versions, duplicates: counts.duplicates, rejected: counts.rejected,
                                  home: home.root.path, healthy: health.isHealthy, problem: health.problem)
        return try Self.json(status)
    }

    /// `GET /v1/stories/{id}`.
    func story(_ idText: String) throws -> Response {
        guard let id = Int64(idText), id > 0 else {
            throw HTTPError(.badRequest, message: "story id must be a positive integer, got '\(idText)'")
        }
        guard let story = try database.story(id: id) else {
            throw HTTPError(.notFound, message: "no story with id \(id)")
        }
        return try Self.json(story)
    }

    /// `GET /readyz`: 200 when the database is writable, the watcher runs and the disk has room;
    /// 503 naming what is wrong otherwise.
    func readiness() throws -> Response {
        var checks: [String: String] = [:]
        checks["database"] = health.problem.map { "failing: \($0)" } ?? (database.isWritable ? "ok" : "read-only")
        checks["watcher"] = ingestState.isWatching ? "ok" : "not running"
        let free = Self.freeBytes(at: home.root.path)
        checks["disk"] = free >= minimumFreeBytes ? "ok" : "only \(free) bytes free, below the floor of \(minimumFreeBytes)"
        let ready = checks.values.allSatisfy { $0 == "ok" }
        var response = try Self.json(ReadinessReport(ready: ready, checks: checks))
        if !ready { response.status = .serviceUnavailable }
        return response
    }

    /// `GET /metrics`: Prometheus text format.
    func metricsExposition() -> Response {
        let files = [home.database.path, home.database.path + "-wal"]
        let bytes = files.reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0)
        }
        let text = metrics.exposition(pending: scanner.pendingCount(), databaseBytes: bytes, healthy: health.isHealthy)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }

    static func freeBytes(at path: String) -> Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    static func json(_ value: some Encodable) throws -> Response {
        json(ByteBuffer(bytes: try WireJSON.encoder().encode(value)))
    }

    static func json(_ buffer: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }
}
