import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store
import Sync

extension APIRoutes {
    /// Where a feed read starts and what it keeps, from `since` or `consumer`, `types`, `source`.
    struct FeedQuery {
        var since: Int64
        var types: [String]
        var sources: [String]
        var consumer: String?
    }

    func feedQuery(_ request: Request, lastEventID: Bool) throws -> FeedQuery {
        let query = QueryParameter(request: request)
        var since = try query.integer("since", default: Int64(0), in: 0...Int64.max)
        let types = try query.list("types")
        // A type no event has would keep nothing, silently: a misspelling, said so.
        let known = EventType.known.map(\.rawValue)
        if let unknown = types.first(where: { !known.contains($0) }) {
            throw HTTPError(.badRequest, message: "'\(unknown)' in types is not an event type; the types are \(known.joined(separator: ", "))")
        }
        let sources = try query.list("source")
        let consumer = request.uri.queryParameters["consumer"].map(String.init)
        if let consumer {
            guard ConsumerInfo.isValidName(consumer) else {
                throw HTTPError(.badRequest, message: "consumer names are 1 to 64 of A-Z a-z 0-9 . _ -, got '\(consumer)'")
            }
            guard request.uri.queryParameters["since"] == nil else {
                throw HTTPError(.badRequest, message: "give either since or consumer, not both")
            }
            since = try database.ensureConsumer(consumer).ackedSeq
        }
        if lastEventID, let header = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let seq = Int64(header.trimmingCharacters(in: CharacterSet.whitespaces)), seq >= 0 else {
                throw HTTPError(.badRequest, message: "Last-Event-ID must be an event seq (a non-negative integer), got '\(header)'")
            }
            since = seq
        }
        return FeedQuery(since: since, types: types, sources: sources, consumer: consumer)
    }

    /// `GET /v1/changes?since=N&limit=M&wait=S[&types=a,b][&source=x,y][&consumer=NAME]`.
    func changes(_ request: Request) async throws -> Response {
        let query = QueryParameter(request: request)
        let limit = try query.integer("limit", default: 100, in: 1...10_000)
        let wait = try query.seconds("wait", default: 0, in: 0...60)
        let feed = try feedQuery(request, lastEventID: false)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(wait * 1000))
        var page = try database.eventPage(since: feed.since, limit: limit, types: feed.types, sources: feed.sources)
        let waits = page.rows.isEmpty && wait > 0
        if waits {
            metrics.consumer("long_poll", 1)
            defer { metrics.consumer("long_poll", -1) }
            // The wait ends when the client hangs up (or half-closes its side): a client that
            // gave up does not hold a waiter for the rest of its `wait`. Watching for that reads
            // the connection, so it is closed after the answer (which says so).
            let first = page
            do {
                page = try await request.body.consumeWithCancellationOnInboundClose { _ in
                    var page = first
                    var scanned = max(page.lastSeq, feed.since)
                    while page.rows.isEmpty && clock.now < deadline && !signal.isClosed && !Task.isCancelled {
                        await signal.wait(after: scanned, timeout: deadline - clock.now)
                        page = try database.eventPage(since: feed.since, limit: limit, types: feed.types, sources: feed.sources)
                        scanned = max(page.lastSeq, scanned)
                    }
                    return page
                }
            } catch is CancellationError {
                // The client is gone; the empty page is not read.
            }
        }
        var buffer = ByteBuffer()
        buffer.writeString("{\"events\":[")
        for (index, row) in page.rows.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeString(row.json)
        }
        buffer.writeString("],\"last_seq\":\(max(page.lastSeq, page.rows.last?.seq ?? 0))}")
        var response = Self.json(buffer)
        if waits { response.headers[.connection] = "close" }
        return response
    }

    /// `GET /v1/changes/stream`: Server-Sent Events after `Last-Event-ID`, `since` or a consumer's
    /// position, with the same `types` and `source` filters.
    func stream(_ request: Request) async throws -> Response {
        let feed = try feedQuery(request, lastEventID: true)
        let database = self.database, signal = self.signal, heartbeat = self.heartbeat, metrics = self.metrics
        let body = ResponseBody { writer in
            metrics.consumer("sse", 1)
            defer { metrics.consumer("sse", -1) }
            var cursor = feed.since
            // Hummingbird sends the headers with the first body write: write at once.
            try await writer.write(ByteBuffer(string: ": connected, events after \(cursor)\n\n"))
            while !signal.isClosed && !Task.isCancelled {
                let page = try database.eventPage(since: cursor, limit: 500, types: feed.types, sources: feed.sources)
                if page.rows.isEmpty {
                    // No matching event up to lastSeq: skip past the others.
                    cursor = max(cursor, page.lastSeq)
                    await signal.wait(after: cursor, timeout: heartbeat)
                    if signal.lastSeq <= cursor && !signal.isClosed {
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                    continue
                }
                var buffer = ByteBuffer()
                for row in page.rows {
                    buffer.writeString("id: \(row.seq)\nevent: \(row.type)\ndata: \(row.json)\n\n")
                }
                try await writer.write(buffer)
                cursor = page.rows.last!.seq
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: body)
    }
}
