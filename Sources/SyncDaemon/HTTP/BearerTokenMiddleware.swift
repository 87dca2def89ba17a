import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <token>` on every request when syncd has a token.
///
/// The comparison takes the same time wherever the first difference is, so the token cannot be
/// guessed byte by byte from response times. A missing or wrong token answers 401 with
/// `WWW-Authenticate: Bearer` and the usual `{"error":{"message"}}` body.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.constantTimeEqual(Array(header.dropFirst(7).utf8), Array(token.utf8))
        else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                            message: "this syncd requires a token: send Authorization: Bearer <token>")
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
