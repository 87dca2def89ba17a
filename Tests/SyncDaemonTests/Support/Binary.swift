import AsyncHTTPClient
import Foundation
@testable import SyncDaemon

/// Runs the built `syncd` and `syncctl` executables as separate processes.
///
/// They sit beside the test bundle in the build folder (the test target depends on both, so
/// `swift test` builds them).
enum Binary {
    static var directory: URL {
        URL(filePath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A started process whose output goes to files, so it can never block on a full pipe.
    final class Running: @unchecked Sendable {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        init(_ name: String, _ arguments: [String], directory workingDirectory: URL, environment: [String: String] = [:],
             absolute: Bool = false) throws {
            process = Process()
            process.executableURL = absolute ? URL(filePath: name) : Binary.directory.appending(path: name)
            process.arguments = arguments
            process.currentDirectoryURL = workingDirectory
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "SYNCCTL_SERVER")
            // An empty value removes the variable (e.g. NO_COLOR, which test runners may set).
            for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
            process.environment = env
            let id = UUID().uuidString
            let label = (name as NSString).lastPathComponent
            stdoutURL = FileManager.default.temporaryDirectory.appending(path: "\(label)-\(id).out")
            stderrURL = FileManager.default.temporaryDirectory.appending(path: "\(label)-\(id).err")
            _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }

        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the process to exit (killing it after `timeout`) and returns its output.
        func wait(timeout: Duration = .seconds(120)) async -> Output {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while process.isRunning && clock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { signal(SIGKILL) }
            process.waitUntilExit()
            return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }

    /// Runs `name` to completion.
    static func run(_ name: String, _ arguments: [String], directory: URL, environment: [String: String] = [:],
                    timeout: Duration = .seconds(120), absolute: Bool = false) async throws -> Output {
        try await Running(name, arguments, directory: directory, environment: environment, absolute: absolute).wait(timeout: timeout)
    }

    /// The base URL a started `syncd` logged once its API listened, or nil before that.
    static func loggedURL(of running: Running) -> String? {
        let stderr = running.stderr
        guard let range = stderr.range(of: #"address=127\.0\.0\.1:\d+"#, options: .regularExpression) else { return nil }
        return "http://" + stderr[range].dropFirst("address=".count)
    }

    /// Starts `syncd` on a free port and returns it with the base URL it logged.
    static func startServer(home: URL, in directory: URL) async throws -> (Running, String) {
        let running = try Running("syncd", ["--home", home.path, "--listen", "127.0.0.1:0"], directory: directory)
        var url: String?
        _ = await eventually(timeout: .seconds(20)) {
            url = loggedURL(of: running)
            return url != nil || !running.process.isRunning
        }
        guard let url else { throw BinaryError.didNotStart(running.stderr) }
        // HTTP listens before the ingest loop watches the inbox (see `RunningDaemon`): wait
        // until /readyz reports the watcher running, so files dropped next are decided in order.
        _ = await eventually(timeout: .seconds(5)) {
            guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/readyz"), timeout: .seconds(5)),
                  let body = try? await response.body.collect(upTo: 1 << 20),
                  let report = try? JSONDecoder().decode(ReadinessReport.self, from: Data(body.readableBytesView)) else { return false }
            return report.checks["watcher"] == "ok"
        }
        return (running, url)
    }

    enum BinaryError: Error { case didNotStart(String) }
}
