import Foundation
import Synchronization

/// The start-up listing of the inbox, made on a thread of its own from the moment it is created.
///
/// `syncd --once` starts it as soon as the home is locked, so its backlog is listed while the
/// database is opened and migrated and the dedup window restored, not after. Only where nothing
/// watches the inbox: a watching daemon must watch before it lists, or a file arriving between
/// the two would be missed. The listing is handed over once (``take()``); whoever comes later
/// lists the inbox again.
final class EarlyListing: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let state = Mutex<(listing: [ListedFile]?, taken: Bool)>((nil, false))

    /// Starts listing the inbox `scanner` reads.
    init(_ scanner: InboxScanner) {
        Thread { [self] in
            let listing = scanner.listPending()
            state.withLock { $0.listing = listing }
            finished.signal()
        }.start()
    }

    /// The listing (``InboxScanner/listPending()``), once it is complete; nil once taken.
    func take() -> [ListedFile]? {
        let first = state.withLock { state in
            defer { state.taken = true }
            return !state.taken
        }
        guard first else { return nil }
        finished.wait()
        return state.withLock { state in
            defer { state.listing = nil }
            return state.listing
        }
    }
}
