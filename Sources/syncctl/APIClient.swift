import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sync

/// A small client for syncd's HTTP API, decoding the shared wire types.
struct APIClient {
    let server: String
    let token: String?
    let http: HTTPClient

    init(server: String, token: String? = nil) throws {
        self.token = token
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw SyncctlError.usage("--server must be an http:// or https:// URL, e.g. http://127.0.0.1:7411; got '\(server)'")
        }
        // The API's paths start with /v1: a --server ending in it would ask for /v1/v1/….
        if url.path.hasSuffix("/v1"), var address = URLComponents(string: base) {
            address.path = String(address.path.dropLast(3))
            address.query = nil
            address.fragment = nil
            throw SyncctlError.usage("--server takes syncd's address without the API path: \(address.string ?? base), not \(base)")
        }
        self.server = base
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(90))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async { try? await http.shutdown() }

    /// GETs `path` (with its query) and decodes the JSON answer as `T`.
    func get<T: Decodable>(_ path: String, as type: T.Type, timeout: TimeAmount = .seconds(90)) async throws -> T {
        let body = try await getBytes(path, timeout: timeout)
        do {
            return try WireJSON.decoder().decode(T.self, from: body)
        } catch {
            throw SyncctlError.badResponse("\(path): \(error)")
        }
    }

    func getBytes(_ path: String, timeout: TimeAmount) async throws -> Data {
        let response = try await send(request(path), timeout: timeout)
        let buffer = try await response.body.collect(upTo: 256 * 1024 * 1024)
        let data = Data(buffer.readableBytesView)
        try Self.check(response.status.code, data)
        return data
    }

    /// A GET request for `path`, carrying the token when there is one.
    func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: server + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    /// Sends `request`, mapping connection failures to ``SyncctlError/unreachable(server:detail:)``.
    func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        do {
            return try await http.execute(request, timeout: timeout)
        } catch {
            throw SyncctlError.unreachable(server: server, detail: Self.describe(error))
        }
    }

    /// Throws the server's `{"error":{"message"}}` for a non-2xx status.
    static func check(_ status: UInt, _ body: Data) throws {
        guard !(200..<300).contains(status) else { return }
        let message = (try? WireJSON.decoder().decode(ErrorEnvelope.self, from: body))?.error.message
            ?? String(decoding: body.prefix(200), as: UTF8.self)
        throw SyncctlError.server(status: Int(status), message: message)
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("deadlineExceeded") || text.contains("readTimeout") { return "no answer in time" }
        return text
    }

    /// Sends a request with `method` (and a JSON body), checking the answer's status.
    @discardableResult
    func send(method: HTTPMethod, _ path: String, json body: Data? = nil) async throws -> Data {
        var request = request(path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await send(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let data = Data(buffer.readableBytesView)
        try Self.check(response.status.code, data)
        return data
    }

    /// Acknowledges events up to `seq` for the named consumer.
    func acknowledge(_ name: String, seq: Int64) async throws -> ConsumerInfo {
        let data = try await send(method: .POST, "/v1/consumers/\(name)/ack", json: try WireJSON.encoder().encode(AckRequest(seq: seq)))
        do {
            return try WireJSON.decoder().decode(ConsumerInfo.self, from: data)
        } catch {
            throw SyncctlError.badResponse("ack: \(error)")
        }
    }
}
