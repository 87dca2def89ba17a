import Synchronization
import Testing
@testable import SyncDaemon

@Suite("Progress")
struct ProgressReporterTests {
    @Test func terminalBarShowsRateAndETA() {
        let reporter = ProgressReporter(total: 1000, isTerminal: true, write: { _ in })
        let line = reporter.render(done: 250, elapsed: .seconds(5))
        #expect(line == "[######------------------] 250/1000   25.0%  50 files/s  ETA 0:15")
    }

    @Test func plainLinesForLogs() {
        let reporter = ProgressReporter(total: 21578, isTerminal: false, write: { _ in })
        #expect(reporter.render(done: 0, elapsed: .zero) == "progress: 0/21578    0.0%  0 files/s  ETA --:--")
        #expect(reporter.render(done: 21578, elapsed: .seconds(10)) == "progress: 21578/21578  100.0%  2157 files/s  ETA 0:00")
    }

    @Test func theLastFileAlwaysDrawsAndPlainModeIsThrottled() {
        let lines = Mutex<[String]>([])
        let reporter = ProgressReporter(total: 3, isTerminal: false, write: { text in lines.withLock { $0.append(text) } })
        for _ in 0..<3 { reporter.advance() }
        let written = lines.withLock { $0 }
        #expect(written.count == 1)  // 5-second interval: only the final line
        #expect(written.first?.hasPrefix("progress: 3/3") == true)
    }

    @Test func aTotalSetAfterStartIsWhatTheLinesCountTo() {
        let lines = Mutex<[String]>([])
        let reporter = ProgressReporter(isTerminal: false, write: { text in lines.withLock { $0.append(text) } })
        #expect(reporter.total == 0)
        reporter.setTotal(2)
        for _ in 0..<2 { reporter.advance() }
        #expect(reporter.total == 2)
        #expect(lines.withLock { $0 }.map { $0.hasPrefix("progress: 2/2  100.0%") } == [true])
    }
}
