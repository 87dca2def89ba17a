import Foundation
import Synchronization

/// Reports `syncd --once` progress on standard error: a redrawn bar with rate and ETA on a
/// terminal, a plain line every few seconds otherwise (logs, CI).
public final class ProgressReporter: Sendable {
    private struct State {
        var done = 0
        var total: Int
        var lastDraw: ContinuousClock.Instant
    }

    let isTerminal: Bool
    let interval: Duration
    private let start: ContinuousClock.Instant
    private let state: Mutex<State>
    private let write: @Sendable (String) -> Void

    /// - Parameters:
    ///   - total: files to decide; 0 until ``setTotal(_:)`` tells (the daemon's own start-up
    ///     scan counts them, so `syncd --once` does not list the inbox twice).
    ///   - isTerminal: draw a bar (true) or print plain lines (false).
    ///   - write: where text goes (standard error by default).
    public init(total: Int = 0, isTerminal: Bool = isatty(STDERR_FILENO) == 1,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.interval = isTerminal ? .milliseconds(200) : .seconds(5)
        self.write = write
        start = ContinuousClock.now
        state = Mutex(State(total: total, lastDraw: start))
    }

    /// The files to decide, once counted; call it before the first ``advance()``.
    public func setTotal(_ total: Int) {
        state.withLock { $0.total = total }
    }

    /// The files to decide, as last set.
    public var total: Int { state.withLock { $0.total } }

    /// Counts one more file; redraws when the interval has passed.
    public func advance() {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            state.done += 1
            guard now - state.lastDraw >= interval || state.done == state.total else { return nil }
            state.lastDraw = now
            return render(done: state.done, of: state.total, elapsed: now - start)
        }
        if let line { write(isTerminal ? "\r" + line : line + "\n") }
    }

    /// Ends the bar's line on a terminal.
    public func finish() {
        if isTerminal { write("\n") }
    }

    /// One progress line: `[#####-----] 1,234/21,578  5.7%  812 files/s  ETA 0:25`.
    public func render(done: Int, elapsed: Duration) -> String {
        render(done: done, of: total, elapsed: elapsed)
    }

    private func render(done: Int, of total: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 1
        let remaining = rate > 0 ? Int((Double(total - done) / rate).rounded(.up)) : nil
        let eta = remaining.map { String(format: "%d:%02d", $0 / 60, $0 % 60) } ?? "--:--"
        let counts = "\(done)/\(total)  " + String(format: "%5.1f%%", fraction * 100) + "  \(Int(rate)) files/s  ETA \(eta)"
        guard isTerminal else { return "progress: " + counts }
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] " + counts
    }
}
