import AsyncHTTPClient
import Foundation
import Sync
import Testing
@testable import SyncDaemon

@Suite("API security")
struct APISecurityTests {
    @Test(arguments: [("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("localhost", true),
                      ("0.0.0.0", false), ("192.168.1.4", false), ("::", false), ("example.org", false)])
    func loopbackAddressesAreRecognised(host: String, loopback: Bool) {
        #expect(ListenAddress(host: host, port: 7411).isLoopback == loopback)
    }

    @Test func aNonLoopbackAddressNeedsAToken() throws {
        var configuration = DaemonConfiguration()
        configuration.listen = ListenAddress(host: "0.0.0.0", port: 7411)
        #expect {
            try configuration.validate()
        } throws: { error in
            guard case DaemonError.invalidConfiguration(let field, let message) = error else { return false }
            return field == "listen" && message.contains("token")
        }
        configuration.token = "a-long-enough-secret-token"
        try configuration.validate()
        configuration.token = "short"
        #expect {
            try configuration.validate()
        } throws: { error in
            guard case DaemonError.invalidConfiguration(let field, _) = error else { return false }
            return field == "token"
        }
    }

    @Test func withATokenEveryRequestMustCarryIt() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        configuration.token = "s3cret-token-for-tests"
        let daemon = try await RunningDaemon(configuration: configuration)
        for path in ["/v1/status", "/v1/changes", "/v1/changes/stream", "/v1/stories/1", "/nowhere"] {
            let (status, body) = try await daemon.get(path)
            #expect(status == 401, "\(path) answered \(status)")
            #expect(try WireJSON.decoder().decode(ErrorEnvelope.self, from: body).error.message.contains("token"))
        }
        let (wrong, _) = try await daemon.get("/v1/status", headers: [("Authorization", "Bearer s3cret-token-for-tesTS")])
        #expect(wrong == 401)
        let (basic, _) = try await daemon.get("/v1/status", headers: [("Authorization", "Basic czNjcmV0")])
        #expect(basic == 401)
        let (ok, body) = try await daemon.get("/v1/status", headers: [("Authorization", "Bearer s3cret-token-for-tests")])
        #expect(ok == 200)
        #expect(try WireJSON.decoder().decode(ServerStatus.self, from: body).lastSeq == 0)
        await daemon.stop()
    }

    @Test func unauthorizedAnswersNameTheScheme() async throws {
        let home = try TestHome()
        var configuration = home.configuration
        configuration.token = "s3cret-token-for-tests"
        let daemon = try await RunningDaemon(configuration: configuration)
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: daemon.baseURL + "/v1/status"), timeout: .seconds(10))
        #expect(response.status.code == 401)
        #expect(response.headers.first(name: "WWW-Authenticate") == "Bearer")
        await daemon.stop()
    }

    @Test func oversizedHeadersAreRefused() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let huge = String(repeating: "x", count: 100 * 1024)
        var refused = false
        do {
            let (status, _) = try await daemon.get("/v1/status", headers: [("X-Padding", huge)])
            refused = status >= 400
        } catch {
            refused = true  // the server closed the connection instead of answering
        }
        #expect(refused)
        // The server is still up for well-formed requests.
        let (status, _) = try await daemon.get("/v1/status")
        #expect(status == 200)
        await daemon.stop()
    }

    @Test func oversizedBodiesAreRefusedWithAnErrorBody() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        // Over the 1 MiB limit of JSON bodies, and over the 4 KiB limit of an acknowledgement.
        for (path, size, limit) in [("/v1/explain", 2 << 20, 1 << 20), ("/v1/consumers/desk/ack", 64 * 1024, 4096),
                                    ("/v1/consumers/desk/ack", 5000, 4096)] {
            let (status, body) = try await daemon.post(path, "{\"text\":\"" + String(repeating: "x", count: size) + "\"}")
            #expect(status == 413, "\(path): \(status)")
            let message = (try? JSONSerialization.jsonObject(with: body) as? [String: [String: String]])?["error"]?["message"]
            #expect(message?.contains("at most \(limit) bytes") == true, "\(path): \(String(decoding: body, as: UTF8.self))")
        }
        let (status, _) = try await daemon.get("/v1/status")
        #expect(status == 200)
        await daemon.stop()
    }

    /// Requests that once stopped the daemon: thousands of filter values (each a bound
    /// parameter) and an age beyond what a date holds. Each gets a 400 saying what is allowed.
    @Test func outsizedFiltersAndAgesAreRefusedAndTheDaemonStaysUp() async throws {
        let home = try TestHome()
        let daemon = try await RunningDaemon(home)
        let many = Array(repeating: "a", count: 5000).joined(separator: ",")
        for path in ["/v1/changes?types=\(many)", "/v1/changes?source=\(many)", "/v1/changes/stream?types=\(many)"] {
            let (status, body) = try await daemon.get(path)
            #expect(status == 400, "\(path.prefix(30)): \(status)")
            #expect(String(decoding: body, as: UTF8.self).contains("takes at most 100 values, got 5000"))
        }
        let hundred = Array(repeating: "story.created", count: 100).joined(separator: ",")
        #expect(try await daemon.get("/v1/changes?types=\(hundred)").status == 200)
        // A misspelt type is refused with the list, not answered with an empty feed.
        for path in ["/v1/changes?types=story.created,story.withdraw", "/v1/changes/stream?types=story.withdraw"] {
            let (status, body) = try await daemon.get(path)
            #expect(status == 400, "\(path): \(status)")
            #expect(String(decoding: body, as: UTF8.self).contains("'story.withdraw' in types is not an event type; the types are story.created, version.added"))
        }
        for age in ["1e300", "4e9", "-1"] {
            let (status, body) = try await daemon.post("/v1/prune", #"{"older_than_seconds": \#(age), "dry_run": true}"#)
            #expect(status == 400, "\(age): \(status)")
            #expect(String(decoding: body, as: UTF8.self).contains("must be from 0 to 3155760000 (100 years)"), "\(age)")
        }
        let (status, _) = try await daemon.get("/v1/status")
        #expect(status == 200)
        await daemon.stop()
    }
}
