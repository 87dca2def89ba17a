import Synchronization

/// Wakes feed readers (long-polls, SSE streams) when new events are committed.
///
/// The ingest loop calls ``publish(_:)`` with the newest seq after each commit; readers call
/// ``wait(after:timeout:)``. ``close()`` wakes everyone for good at shutdown.
public final class FeedSignal: Sendable {
    private struct Waiter {
        let after: Int64
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var lastSeq: Int64
        var closed = false
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let state: Mutex<State>

    public init(lastSeq: Int64) { state = Mutex(State(lastSeq: lastSeq)) }

    /// The newest seq published.
    public var lastSeq: Int64 { state.withLock { $0.lastSeq } }

    /// True once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Records that events up to `seq` are committed and wakes the readers waiting for them.
    public func publish(_ seq: Int64) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard seq > state.lastSeq else { return [] }
            state.lastSeq = seq
            let due = state.waiters.filter { $0.value.after < seq }
            for id in due.keys { state.waiters.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Wakes every reader and makes later waits return at once.
    public func close() {
        let all: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in all { continuation.resume() }
    }

    /// Returns when an event with seq > `after` exists, the timeout passes, the signal is
    /// closed or the task is cancelled, whichever comes first.
    public func wait(after: Int64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSeq(after: after) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSeq(after: Int64) async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.closed || state.lastSeq > after || Task.isCancelled { return true }
                    state.waiters[id] = Waiter(after: after, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }
}
