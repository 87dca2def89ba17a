import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Sync

/// The HTTP API: the change feed (paged, long-poll, SSE), stories, diffs, named consumers,
/// status, health and metrics.
///
/// Handlers read the database and wait on the ``FeedSignal``; decisions are written only by the
/// ingest loop (consumer positions are the one thing the API writes). Every error answers
/// `{"error":{"message"}}`.
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
    /// Bumped after a split or merge so the ingest loop rebuilds its dedup index.
    let epoch: EngineEpoch
    let dedupParameters: DedupParameters

    public init(database: Database, signal: FeedSignal, home: Home, health: Health, metrics: DaemonMetrics,
                ingestState: IngestState, configuration: DaemonConfiguration, epoch: EngineEpoch = EngineEpoch()) {
        self.database = database
        self.epoch = epoch
        self.dedupParameters = configuration.dedupParameters
        self.signal = signal
        self.home = home
        self.health = health
        self.metrics = metrics
        self.ingestState = ingestState
        self.scanner = InboxScanner(inbox: home.inbox)
        self.heartbeat = .milliseconds(Int64(configuration.heartbeatSeconds * 1000))
        self.token = configuration.token
        self.minimumFreeBytes = configuration.minimumFreeBytes
    }

    /// A router serving every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(ErrorMiddleware())
        // The page holds no data (it calls the API, sending the token itself), so it needs none.
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: WebPage.html)))
        }
        if let token { router.middlewares.add(BearerTokenMiddleware(token: token)) }
        router.get("/v1/changes") { request, _ in try await changes(request) }
        router.get("/v1/changes/stream") { request, _ in try await stream(request) }
        router.get("/v1/status") { _, _ in try status() }
        router.get("/v1/stories") { request, _ in try stories(request) }
        router.get("/v1/stories/:id") { _, context in try story(context.parameters.get("id") ?? "") }
        router.get("/v1/stories/:id/versions/:number") { _, context in
            try version(context.parameters.get("id") ?? "", context.parameters.get("number") ?? "")
        }
        router.get("/v1/stories/:id/diff") { request, context in try diff(request, context.parameters.get("id") ?? "") }
        router.get("/v1/groups") { request, _ in try groups(request) }
        router.get("/v1/stories/:id/group") { _, context in try group(context.parameters.get("id") ?? "") }
        router.post("/v1/stories/:id/split") { request, context in
            try await split(request, context: context, id: context.parameters.get("id") ?? "")
        }
        router.post("/v1/stories/:id/merge") { request, context in
            try await merge(request, context: context, id: context.parameters.get("id") ?? "")
        }
        router.post("/v1/prune") { request, context in try await prune(request, context: context) }
        router.post("/v1/explain") { request, context in try await explain(request, context: context) }
        router.post("/v1/similar") { request, context in try await similar(request, context: context) }
        router.get("/v1/consumers") { _, _ in try Self.json(ConsumerList(consumers: try database.consumers())) }
        router.get("/v1/consumers/:name") { _, context in try consumer(context.parameters.get("name") ?? "") }
        router.post("/v1/consumers/:name/ack") { request, context in
            try await acknowledge(request, context: context, name: context.parameters.get("name") ?? "")
        }
        router.delete("/v1/consumers/:name") { _, context in try deleteConsumer(context.parameters.get("name") ?? "") }
        router.get("/healthz") { _, _ in try Self.json(["status": "alive"]) }
        router.get("/readyz") { _, _ in try readiness() }
        router.get("/metrics") { _, _ in metricsExposition() }
        return router
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var response = json(ByteBuffer(bytes: try WireJSON.encoder().encode(value)))
        response.status = status
        return response
    }

    static func json(_ buffer: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// Parses a positive integer path segment, answering 400 naming `what` otherwise.
    static func positiveID(_ text: String, _ what: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw HTTPError(.badRequest, message: "\(what) must be a positive integer, got '\(text)'")
        }
        return id
    }
}
