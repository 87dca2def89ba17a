import Foundation
import Hummingbird
import Store
import Sync

extension APIRoutes {
    func validConsumerName(_ name: String) throws -> String {
        guard ConsumerInfo.isValidName(name) else {
            throw HTTPError(.badRequest, message: "consumer names are 1 to 64 of A-Z a-z 0-9 . _ -, got '\(name)'")
        }
        return name
    }

    /// `GET /v1/consumers/{name}`.
    func consumer(_ name: String) throws -> Response {
        guard let info = try database.consumer(try validConsumerName(name)) else {
            throw HTTPError(.notFound, message: "no consumer named '\(name)'")
        }
        return try Self.json(info)
    }

    /// `POST /v1/consumers/{name}/ack` with `{"seq": N}`: the consumer has processed up to N.
    func acknowledge(_ request: Request, context: some RequestContext, name: String) async throws -> Response {
        let name = try validConsumerName(name)
        let body = try await Self.collectBody(request, upTo: 4096)
        let ack: AckRequest
        do {
            ack = try WireJSON.decoder().decode(AckRequest.self, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "the body must be JSON like {\"seq\": 42}")
        }
        do {
            return try Self.json(try database.acknowledge(name, seq: ack.seq))
        } catch let error as StoreError {
            if case .invalidArgument(let message) = error { throw HTTPError(.badRequest, message: message) }
            throw error
        }
    }

    /// `DELETE /v1/consumers/{name}`.
    func deleteConsumer(_ name: String) throws -> Response {
        guard try database.deleteConsumer(try validConsumerName(name)) else {
            throw HTTPError(.notFound, message: "no consumer named '\(name)'")
        }
        return Response(status: .noContent)
    }
}
