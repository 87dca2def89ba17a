import Foundation
import Logging
import ServiceLifecycle

/// Removes processed files older than `retention.processed_days`, at start and then hourly.
struct RetentionService: Service {
    let home: Home
    let days: Double
    let logger: Logger

    func run() async throws {
        let pruner = ProcessedPruner(folder: home.processed)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let removed = pruner.prune(before: Date().addingTimeInterval(-days * 86_400), dryRun: false)
            if removed.files > 0 {
                logger.info("retention removed processed files", metadata: [
                    "files": "\(removed.files)", "bytes": "\(removed.bytes)", "older_than_days": "\(days)",
                ])
            }
            // An hour's wait that ends at once on shutdown.
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
