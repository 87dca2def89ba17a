import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Sync

struct Changes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints the change feed: every decision, in order.",
        discussion: """
            Without --follow, prints every event after --since (paging through) and exits. With \
            --follow, keeps streaming new events as syncd decides them (Server-Sent Events), \
            reconnecting from the last event seen if the connection drops. With --consumer NAME, \
            starts after that consumer's acknowledged position on the server and acknowledges \
            each event once printed, so the next run continues where this one stopped.

            Examples:
              syncctl changes                       the whole feed, one line per event
              syncctl changes --since 120 --json    events after seq 120, one JSON object per line
              syncctl changes --follow              watch decisions as files arrive
              syncctl changes --consumer web-desk --follow --type version.added --source ap
            """)

    @OptionGroup var options: ServerOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Print events after this seq.", valueName: "seq"))
    var since: Int64 = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after printing this many events.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Keep streaming new events until interrupted.")
    var follow = false

    @Option(help: ArgumentHelp("Resume after this named consumer's position and acknowledge as events print.", valueName: "name"))
    var consumer: String?

    @Option(name: .customLong("type"), help: ArgumentHelp("Only events of this type (repeatable), e.g. version.added.", valueName: "type"))
    var types: [String] = []

    @Option(name: .customLong("source"), help: ArgumentHelp("Only events from this source (repeatable), e.g. ap.", valueName: "source"))
    var sources: [String] = []

    func validate() throws {
        if since < 0 { throw ValidationError("--since must be 0 or a positive seq; got \(since)") }
        if let consumer {
            if !ConsumerInfo.isValidName(consumer) { throw ValidationError("consumer names are 1 to 64 of A-Z a-z 0-9 . _ -; got '\(consumer)'") }
            if since != 0 { throw ValidationError("give --since or --consumer, not both") }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1; got \(limit)") }
    }

    func run() async throws {
        try await withClient(options) { client in
            var printed = 0
            var cursor = since
            if let consumer {
                let position = try? await client.get("/v1/consumers/\(consumer)", as: ConsumerInfo.self)
                cursor = position?.ackedSeq ?? 0
            }
            let encoder = WireJSON.encoder()
            func show(_ event: FeedEvent) throws -> Bool {
                emit(options.json ? String(decoding: try encoder.encode(event), as: UTF8.self) : EventLine.render(event))
                printed += 1
                cursor = event.seq
                return limit.map { printed >= $0 } ?? false
            }
            if follow {
                try await stream(client, from: cursor) { event in
                    let done = try show(event)
                    if let consumer { _ = try await client.acknowledge(consumer, seq: event.seq) }
                    return done
                }
                return
            }
            await Self.warnIfFeedEndsBefore(cursor, client)
            while true {
                let page = try await client.get("/v1/changes?since=\(cursor)&limit=\(min(limit.map { $0 - printed } ?? 1000, 1000))"
                                                + filterQuery, as: ChangesPage.self)
                if page.events.isEmpty { break }
                var done = false
                for event in page.events where !done { done = try show(event) }
                if let consumer { _ = try await client.acknowledge(consumer, seq: cursor) }
                if done { return }
            }
        }
    }

    /// `&types=…&source=…` for the filters given.
    var filterQuery: String {
        (types.isEmpty ? "" : "&types=" + types.joined(separator: ","))
            + (sources.isEmpty ? "" : "&source=" + sources.joined(separator: ","))
    }

    /// Says on standard error when the server's feed ends before `seq`, the position this reader
    /// resumes after: its database was replaced (deleted, restored from an older backup), so the
    /// events the reader waits for will carry seqs it has already passed.
    static func warnIfFeedEndsBefore(_ seq: Int64, _ client: APIClient) async {
        guard seq > 0, let status = try? await client.get("/v1/status", as: ServerStatus.self), status.lastSeq < seq else { return }
        FileHandle.standardError.write(Data("""
            syncctl: warning: the server's feed ends at seq \(status.lastSeq), before seq \(seq) that this reader resumes after: \
            its database was replaced or restored, and new events will reuse seqs already passed.
            Hint: read the feed again from the start with --since 0 (or reset the consumer).

            """.utf8))
    }

    /// Follows `/v1/changes/stream`, calling `handle` per event until it returns true.
    /// Reconnects after a dropped connection; fails only if the first connection fails.
    func stream(_ client: APIClient, from start: Int64, _ handle: (FeedEvent) async throws -> Bool) async throws {
        var cursor = start
        var connectedOnce = false
        let decoder = WireJSON.decoder()
        while true {
            var request = client.request("/v1/changes/stream?since=\(cursor)" + filterQuery)
            request.headers.add(name: "Accept", value: "text/event-stream")
            let response: HTTPClientResponse
            do {
                await Self.warnIfFeedEndsBefore(cursor, client)
                response = try await client.send(request, timeout: .hours(24 * 365))
                var empty = Data()
                if !(200..<300).contains(response.status.code) {
                    let buffer = try await response.body.collect(upTo: 1 << 20)
                    empty = Data(buffer.readableBytesView)
                }
                try APIClient.check(response.status.code, empty)
            } catch let error as SyncctlError {
                if case .unreachable = error, connectedOnce {
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                throw error
            }
            connectedOnce = true
            var parser = ServerSentEventParser()
            do {
                for try await buffer in response.body {
                    for message in parser.feed(buffer.readableBytesView) {
                        guard let data = message.data else { continue }
                        let event = try decoder.decode(FeedEvent.self, from: Data(data.utf8))
                        cursor = event.seq
                        if try await handle(event) { return }
                    }
                }
            } catch is DecodingError {
                throw SyncctlError.badResponse("an event in the stream is not a feed event")
            } catch {
                // The connection dropped (syncd restarting?): reconnect from the last event seen.
            }
            FileHandle.standardError.write(Data("syncctl: stream ended; reconnecting after seq \(cursor)…\n".utf8))
            try await Task.sleep(for: .seconds(1))
        }
    }
}
