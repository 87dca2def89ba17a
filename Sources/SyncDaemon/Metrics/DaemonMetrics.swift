import Foundation
import Metrics
import Prometheus
import Synchronization

/// The daemon's metrics, kept in a Prometheus registry of its own and served at `/metrics`.
///
/// Each ``Daemon`` has its own registry (no global bootstrap), so several can run in one
/// process (tests do). Counters and the latency histogram are updated as files are decided;
/// backlog, database size and health are read when scraped.
public final class DaemonMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let decisionLatency: Metrics.Timer
    private let counters: Mutex<[String: Metrics.Counter]>
    private let consumerCounts = Mutex<[String: Int]>(["sse": 0, "long_poll": 0])
    private let consumerGauges: [String: Metrics.Gauge]
    private let backlog: Metrics.Gauge
    private let databaseBytes: Metrics.Gauge
    private let healthy: Metrics.Gauge

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        ]
        self.factory = factory
        decisionLatency = Metrics.Timer(label: "syncd_decision_duration_seconds", factory: factory)
        counters = Mutex([:])
        consumerGauges = [
            "sse": Metrics.Gauge(label: "syncd_feed_consumers", dimensions: [("kind", "sse")], factory: factory),
            "long_poll": Metrics.Gauge(label: "syncd_feed_consumers", dimensions: [("kind", "long_poll")], factory: factory),
        ]
        backlog = Metrics.Gauge(label: "syncd_inbox_pending_files", factory: factory)
        databaseBytes = Metrics.Gauge(label: "syncd_database_bytes", factory: factory)
        healthy = Metrics.Gauge(label: "syncd_healthy", factory: factory)
        for gauge in consumerGauges.values { gauge.record(0) }
    }

    /// Counts a file's outcome (`story.created`, `file.rejected`, `failed`, …) and how long it took.
    func recordFile(outcome: String, duration: Duration) {
        let counter = counters.withLock { counters in
            if let counter = counters[outcome] { return counter }
            let counter = Metrics.Counter(label: "syncd_files_total", dimensions: [("outcome", outcome)], factory: factory)
            counters[outcome] = counter
            return counter
        }
        counter.increment()
        decisionLatency.recordNanoseconds(duration.nanoseconds)
    }

    /// Tracks a feed consumer connecting (`+1`) or leaving (`-1`); `kind` is `sse` or `long_poll`.
    func consumer(_ kind: String, _ delta: Int) {
        let value = consumerCounts.withLock { counts in
            counts[kind, default: 0] += delta
            return counts[kind, default: 0]
        }
        consumerGauges[kind]?.record(value)
    }

    /// The Prometheus text exposition, after refreshing the values read at scrape time.
    func exposition(pending: Int, databaseBytes bytes: Int64, healthy isHealthy: Bool) -> [UInt8] {
        backlog.record(pending)
        databaseBytes.record(bytes)
        healthy.record(isHealthy ? 1 : 0)
        return registry.emitToBuffer()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
