import Foundation
import Hummingbird
import NIOCore
import Store
import Sync

extension APIRoutes {
    /// `GET /v1/groups?since=RFC3339&limit=N`: stories more than one file joined, active since
    /// `since` (default: the last hour), each with its members and their evidence.
    func groups(_ request: Request) throws -> Response {
        let query = QueryParameter(request: request)
        let limit = try query.integer("limit", default: 50, in: 1...500)
        var since = Date().addingTimeInterval(-3600)
        if let text = request.uri.queryParameters["since"] {
            guard let date = RFC3339.parse(String(text)) else {
                throw HTTPError(.badRequest, message: "query parameter 'since' must be an RFC 3339 time, e.g. 2026-11-24T09:00:00Z; got '\(text)'")
            }
            since = date
        }
        return try Self.json(GroupList(groups: try database.groups(since: since, limit: limit)))
    }

    /// `GET /v1/stories/{id}/group`.
    func group(_ idText: String) throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        guard let group = try database.group(story: id) else { throw HTTPError(.notFound, message: "no story with id \(id)") }
        return try Self.json(group)
    }

    /// `POST /v1/stories/{id}/split` with `{"version": N}`.
    func split(_ request: Request, context: some RequestContext, id idText: String) async throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        let body: SplitRequest = try await Self.decodeBody(request, example: #"{"version": 2}"#)
        let event = try Self.storeCall { try database.splitVersion(story: id, number: body.version) }
        signal.publish(event.seq)
        epoch.bump()
        return try Self.json(event, status: .created)
    }

    /// `POST /v1/stories/{id}/merge` with `{"from": STORY}`.
    func merge(_ request: Request, context: some RequestContext, id idText: String) async throws -> Response {
        let id = try Self.positiveID(idText, "story id")
        let body: MergeRequest = try await Self.decodeBody(request, example: #"{"from": 17}"#)
        let event = try Self.storeCall { try database.mergeStory(body.from, into: id) }
        signal.publish(event.seq)
        epoch.bump()
        return try Self.json(event, status: .created)
    }

    /// `POST /v1/prune` with `{"older_than_seconds": S, "versions": false, "dry_run": false}`:
    /// removes processed files moved in more than S seconds ago and, only when `versions` is
    /// true, stories not updated for that long (their versions, not their feed events).
    func prune(_ request: Request, context: some RequestContext) async throws -> Response {
        let body: PruneRequest = try await Self.decodeBody(request, example: #"{"older_than_seconds": 7776000, "versions": false, "dry_run": true}"#)
        guard body.olderThanSeconds.isFinite, (0...PruneRequest.maxAgeSeconds).contains(body.olderThanSeconds) else {
            throw HTTPError(.badRequest, message: "'older_than_seconds' must be from 0 to \(Int(PruneRequest.maxAgeSeconds)) (100 years); got \(body.olderThanSeconds)")
        }
        let cutoff = Date().addingTimeInterval(-body.olderThanSeconds)
        let files = ProcessedPruner(folder: home.processed).prune(before: cutoff, dryRun: body.dryRun)
        var stories = (stories: 0, versions: 0)
        if body.versions {
            stories = try database.pruneStories(updatedBefore: cutoff, dryRun: body.dryRun)
            if !body.dryRun && stories.stories > 0 { epoch.bump() }
        }
        return try Self.json(PruneReport(cutoff: cutoff, dryRun: body.dryRun, filesRemoved: files.files, bytesRemoved: files.bytes,
                                         storiesRemoved: stories.stories, versionsRemoved: stories.versions))
    }

    /// `POST /v1/explain` with `{"a": ITEM, "b": ITEM}`: how B compares with A and what the
    /// engine would decide for B.
    func explain(_ request: Request, context: some RequestContext) async throws -> Response {
        let body: ExplainRequest = try await Self.decodeBody(
            request, example: #"{"a": {"story": 3, "version": 1}, "b": {"text": "Headline\n\nBody"}}"#)
        let (a, aTimed) = try resolve(body.a, "a")
        let (b, bTimed) = try resolve(body.b, "b")
        return try Self.json(Explainer(parameters: dedupParameters).explain(a, b, timed: aTimed && bTimed))
    }

    /// `POST /v1/similar` with `{"item": ITEM, "limit": N}`: the nearest stories in the dedup
    /// window, near misses included, best first.
    func similar(_ request: Request, context: some RequestContext) async throws -> Response {
        let body: SimilarRequest = try await Self.decodeBody(request, example: #"{"item": {"story": 3}, "limit": 10}"#)
        let limit = body.limit ?? 10
        guard (1...100).contains(limit) else { throw HTTPError(.badRequest, message: "'limit' must be within 1…100; got \(limit)") }
        let (item, timed) = try resolve(body.item, "item")
        let window = try database.dedupWindow(dedupParameters.window, parameters: dedupParameters).versions
        let verifier = Verifier(parameters: dedupParameters)
        var best: [Int64: (VersionRef, Verdict)] = [:]
        for stored in window where stored.version.story != body.item.story || body.item.text != nil {
            let shared = Shingler.intersectionCount(item.sketch.shingles, stored.sketch.shingles)
            guard shared > 0 else { continue }
            let verdict = verifier.verify(new: item.sketch, newTime: timed ? item.document.time : stored.time,
                                          old: stored.sketch, oldTime: stored.time,
                                          oldLabel: "story \(stored.version.story) version \(stored.version.number)", shared: shared)
            let score = verdict.containment + verdict.similarity
            if let current = best[stored.version.story], current.1.containment + current.1.similarity >= score { continue }
            best[stored.version.story] = (stored.version, verdict)
        }
        let ranked = best.values.sorted {
            ($0.1.containment + $0.1.similarity, $0.0.story) > ($1.1.containment + $1.1.similarity, $1.0.story)
        }.prefix(limit)
        let headlines = try database.headlines(ranked.map(\.0.story))
        return try Self.json(SimilarList(results: ranked.map { ref, verdict in
            SimilarStory(story: ref.story, version: ref.number, headline: headlines[ref.story] ?? "",
                         similarity: Explainer.round(verdict.similarity), containment: Explainer.round(verdict.containment),
                         sameStory: verdict.sameStory, reason: verdict.reason)
        }))
    }

    /// A stored version or an uploaded text, prepared; `timed` is false for uploaded text.
    func resolve(_ item: ItemReference, _ name: String) throws -> (PreparedDocument, timed: Bool) {
        if let text = item.text {
            guard item.story == nil else {
                throw HTTPError(.badRequest, message: "'\(name)' names both a story and a text; give one of them")
            }
            do {
                let document = try PlainTextParser().parse(Array(text.utf8), time: Date(), source: nil)
                return (PreparedDocument.prepare(document, parameters: dedupParameters), false)
            } catch let error as SyncError {
                throw HTTPError(.badRequest, message: "'\(name).text' cannot be read: \(error.description)")
            }
        }
        guard let story = item.story, story > 0 else {
            throw HTTPError(.badRequest, message: "'\(name)' needs a story id (and optionally a version) or a text, e.g. {\"story\": 3, \"version\": 1}")
        }
        if let version = item.version, version < 1 {
            throw HTTPError(.badRequest, message: "'\(name).version' must be a positive integer, got \(version)")
        }
        guard let document = try database.storedDocument(story: story, number: item.version) else {
            throw HTTPError(.notFound, message: item.version.map { "story \(story) has no version \($0)" } ?? "no story with id \(story)")
        }
        return (PreparedDocument.prepare(document, parameters: dedupParameters), true)
    }

    /// Decodes a JSON request body (up to 1 MiB) or answers 400 with an example.
    static func decodeBody<T: Decodable>(_ request: Request, example: String) async throws -> T {
        let body = try await collectBody(request, upTo: 1 << 20)
        do {
            return try WireJSON.decoder().decode(T.self, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "the body must be JSON like \(example)")
        }
    }

    /// The whole request body, or 413 naming `limit` when it is longer.
    static func collectBody(_ request: Request, upTo limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "request body too large (at most \(limit) bytes); send a smaller body")
        }
    }

    /// Runs a store call, answering 404 / 400 for its not-found and invalid-argument errors.
    static func storeCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            switch error {
            case .notFound(let what): throw HTTPError(.notFound, message: "no \(what)")
            case .invalidArgument(let message): throw HTTPError(.badRequest, message: message)
            default: throw error
            }
        }
    }
}
