import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Sync

extension APIRoutes {
    /// `GET /v1/status`.
    func status() throws -> Response {
        let counts = try database.counts()
        let status = ServerStatus(pending: scanner.pendingCount(), lastSeq: counts.lastSeq, stories: counts.stories,
                                  versions: counts.versions, duplicates: counts.duplicates, rejected: counts.rejected,
                                  home: home.root.path, healthy: health.isHealthy, problem: health.problem)
        return try Self.json(status)
    }

    /// `GET /readyz`: 200 when the database is writable, the watcher runs and the disk has room;
    /// 503 naming what is wrong otherwise.
    func readiness() throws -> Response {
        var checks: [String: String] = [:]
        checks["database"] = health.problem.map { "failing: \($0)" } ?? (database.isWritable ? "ok" : "read-only")
        checks["watcher"] = ingestState.isWatching ? "ok" : "not running"
        let free = Self.freeBytes(at: home.root.path)
        checks["disk"] = free >= minimumFreeBytes ? "ok" : "only \(free) bytes free, below the floor of \(minimumFreeBytes)"
        let ready = checks.values.allSatisfy { $0 == "ok" }
        return try Self.json(ReadinessReport(ready: ready, checks: checks), status: ready ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics`: Prometheus text format.
    func metricsExposition() -> Response {
        let files = [home.database.path, home.database.path + "-wal"]
        let bytes = files.reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0)
        }
        let text = metrics.exposition(pending: scanner.pendingCount(), databaseBytes: bytes, healthy: health.isHealthy)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }

    static func freeBytes(at path: String) -> Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
