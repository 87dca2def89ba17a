import Hummingbird
import Logging
import NIOCore
import Store

/// Turns every error into `{"error":{"message":"…"}}` with the right status.
///
/// `HTTPError`s keep their status (a bare one, like the router's 404, gets a message saying
/// what was not found); a body over a route's limit is a 413; anything else
/// is a 500 whose message names the failure.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.body != nil { throw error }
            let message = error.status == .notFound
                ? "no such resource: \(request.method) \(request.uri.path)"
                : error.status.reasonPhrase
            throw HTTPError(error.status, headers: error.headers, message: message)
        } catch is NIOTooManyBytesError {
            // Routes name their limit (APIRoutes.collectBody); the error's own count is what
            // was left after the first chunk, not the limit.
            throw HTTPError(.contentTooLarge, message: "request body too large; send a smaller body")
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "internal error: \(error)")
        }
    }
}
