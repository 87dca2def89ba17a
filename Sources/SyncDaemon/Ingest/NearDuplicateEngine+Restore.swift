import Foundation
import Store
import Sync

extension NearDuplicateEngine {
    /// An engine holding the database's dedup window: the versions within `parameters.window`
    /// of the newest, sketched again from their stored text, and the first
    /// version of each of their stories.
    static func restored(from database: Database, parameters: DedupParameters) throws -> NearDuplicateEngine {
        var engine = NearDuplicateEngine(parameters: parameters)
        let window = try database.dedupWindow(parameters.window, parameters: parameters,
                                              notAfter: Date().addingTimeInterval(Ingestor.futureTolerance))
        for root in window.roots {
            engine.rememberRoot(sketch: root.sketch, contentHash: root.contentHash, time: root.time, as: root.version)
        }
        for item in window.versions {
            engine.remember(sketch: item.sketch, contentHash: item.contentHash, time: item.time, as: item.version)
        }
        return engine
    }
}
