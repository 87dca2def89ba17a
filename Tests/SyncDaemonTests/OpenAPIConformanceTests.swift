import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sync
import Testing
@testable import SyncDaemon

/// The running server against docs/openapi.json: every documented operation is called, every
/// answer's status must be documented for it and every JSON body must match its schema
/// (unknown fields included), so the document cannot drift from the server.
@Suite("OpenAPI document matches the server")
struct OpenAPIConformanceTests {
    static var document: [String: Any] {
        get throws {
            let url = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appending(path: "docs/openapi.json")
            return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        }
    }

    struct Call {
        let method: HTTPMethod
        let template: String
        let path: String
        var body: String? = nil
        let status: UInt
    }

    @Test func everyOperationAnswersAsDocumented() async throws {
        let document = try Self.document
        #expect(document["openapi"] as? String == "3.1.0")
        let validator = SchemaValidator(document: document)
        let paths = try #require(document["paths"] as? [String: [String: Any]])

        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        for seed in try Seeds.all() { try home.drop(seed.name, seed.data) }
        _ = try await daemon.waitForEvents(5)
        let text = String(decoding: try Seeds.all()[0].data, as: UTF8.self)
        let (corrected, _, _) = try DedupEndToEndTests.correctFirstFigure(text)
        try home.drop("afp/corrected.txt", corrected)
        _ = try await daemon.waitForEvents(6)
        let uploaded = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)

        let calls: [Call] = [
            Call(method: .GET, template: "/v1/changes", path: "/v1/changes?since=0&limit=3&types=story.created,version.added", status: 200),
            Call(method: .GET, template: "/v1/changes", path: "/v1/changes?limit=0", status: 400),
            Call(method: .GET, template: "/v1/changes/stream", path: "/v1/changes/stream?since=6", status: 200),
            Call(method: .GET, template: "/v1/status", path: "/v1/status", status: 200),
            Call(method: .GET, template: "/v1/stories", path: "/v1/stories?limit=2&has_duplicates=false", status: 200),
            Call(method: .GET, template: "/v1/stories", path: "/v1/stories?since=yesterday", status: 400),
            Call(method: .GET, template: "/v1/stories/{id}", path: "/v1/stories/1", status: 200),
            Call(method: .GET, template: "/v1/stories/{id}", path: "/v1/stories/999", status: 404),
            Call(method: .GET, template: "/v1/stories/{id}/versions/{number}", path: "/v1/stories/1/versions/2", status: 200),
            Call(method: .GET, template: "/v1/stories/{id}/diff", path: "/v1/stories/1/diff?from=1&to=2", status: 200),
            Call(method: .GET, template: "/v1/stories/{id}/group", path: "/v1/stories/1/group", status: 200),
            Call(method: .GET, template: "/v1/groups", path: "/v1/groups", status: 200),
            Call(method: .POST, template: "/v1/explain", path: "/v1/explain", body: #"{"a": {"story": 1, "version": 1}, "b": {"story": 1, "version": 2}}"#, status: 200),
            Call(method: .POST, template: "/v1/explain", path: "/v1/explain", body: #"{"a": {"story": 2}, "b": {"text": \#(uploaded)}}"#, status: 200),
            Call(method: .POST, template: "/v1/explain", path: "/v1/explain", body: #"{"a": {"story": 99}, "b": {"story": 1}}"#, status: 404),
            Call(method: .POST, template: "/v1/similar", path: "/v1/similar", body: #"{"item": {"story": 1}, "limit": 3}"#, status: 200),
            Call(method: .POST, template: "/v1/similar", path: "/v1/similar", body: #"{"item": {}}"#, status: 400),
            Call(method: .POST, template: "/v1/consumers/{name}/ack", path: "/v1/consumers/desk/ack", body: #"{"seq": 3}"#, status: 200),
            Call(method: .GET, template: "/v1/consumers", path: "/v1/consumers", status: 200),
            Call(method: .GET, template: "/v1/consumers/{name}", path: "/v1/consumers/desk", status: 200),
            Call(method: .DELETE, template: "/v1/consumers/{name}", path: "/v1/consumers/desk", status: 204),
            Call(method: .DELETE, template: "/v1/consumers/{name}", path: "/v1/consumers/desk", status: 404),
            Call(method: .POST, template: "/v1/stories/{id}/split", path: "/v1/stories/1/split", body: #"{"version": 2}"#, status: 201),
            Call(method: .POST, template: "/v1/stories/{id}/split", path: "/v1/stories/1/split", body: #"{"version": 1}"#, status: 400),
            Call(method: .POST, template: "/v1/stories/{id}/merge", path: "/v1/stories/2/merge", body: #"{"from": 3}"#, status: 201),
            Call(method: .POST, template: "/v1/stories/{id}/merge", path: "/v1/stories/2/merge", body: #"{"from": 404}"#, status: 404),
            Call(method: .POST, template: "/v1/prune", path: "/v1/prune", body: #"{"older_than_seconds": 0, "versions": true, "dry_run": true}"#, status: 200),
            Call(method: .POST, template: "/v1/prune", path: "/v1/prune", body: #"{"older_than_seconds": -1}"#, status: 400),
            Call(method: .GET, template: "/", path: "/", status: 200),
            Call(method: .GET, template: "/healthz", path: "/healthz", status: 200),
            Call(method: .GET, template: "/readyz", path: "/readyz", status: 200),
            Call(method: .GET, template: "/metrics", path: "/metrics", status: 200),
        ]

        // Every documented operation is called at least once, and nothing undocumented is.
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let called = Set(calls.map { "\($0.method.rawValue) \($0.template)" })
        #expect(called == documented, "documented but not called: \(documented.subtracting(called)); called but not documented: \(called.subtracting(documented))")

        for call in calls {
            var request = HTTPClientRequest(url: daemon.baseURL + call.path)
            request.method = call.method
            if let body = call.body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            // An SSE stream never ends by itself: read its first bytes only.
            let data: Data
            if call.template == "/v1/changes/stream" {
                var iterator = response.body.makeAsyncIterator()
                data = Data((try await iterator.next()).map { Array($0.readableBytesView) } ?? [])
            } else {
                data = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
            }
            let label = "\(call.method.rawValue) \(call.path)"
            #expect(response.status.code == call.status, "\(label): \(response.status.code) \(String(decoding: data, as: UTF8.self).prefix(300))")
            let operation = paths[call.template]?[call.method.rawValue.lowercased()] as? [String: Any]
            let responses = operation?["responses"] as? [String: Any] ?? [:]
            guard let documentedResponse = responses["\(response.status.code)"] as? [String: Any] else {
                Issue.record("\(label): status \(response.status.code) is not documented")
                continue
            }
            let content = documentedResponse["content"] as? [String: Any] ?? [:]
            let contentType = response.headers.first(name: "content-type") ?? ""
            if let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any] {
                #expect(contentType.hasPrefix("application/json"), "\(label): content type \(contentType)")
                let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
                let problems = validator.errors(value, schema)
                #expect(problems.isEmpty, "\(label): \(problems)")
            } else if let type = content.keys.first {
                #expect(contentType.hasPrefix(type), "\(label): content type \(contentType), documented \(type)")
            } else {
                #expect(data.isEmpty, "\(label): a body where none is documented")
            }
        }
        await daemon.stop()
    }

    @Test func theValidatorCatchesDrift() throws {
        // The check must be able to fail: an undocumented field, a wrong type, a missing field.
        let validator = SchemaValidator(document: try Self.document)
        let schema: [String: Any] = ["$ref": "#/components/schemas/ConsumerInfo"]
        let good: [String: Any] = ["name": "desk", "acked_seq": 3, "lag": 0, "created_at": "2026-11-24T09:00:00.000Z", "updated_at": "2026-11-24T09:00:00Z"]
        #expect(validator.errors(good, schema).isEmpty)
        var extra = good
        extra["surprise"] = 1
        #expect(validator.errors(extra, schema) == ["$: 'surprise' is not in the schema"])
        var wrong = good
        wrong["lag"] = "none"
        #expect(validator.errors(wrong, schema) == ["$.lag: expected integer, got string"])
        var missing = good
        missing.removeValue(forKey: "name")
        #expect(validator.errors(missing, schema) == ["$: missing required 'name'"])
    }
}
