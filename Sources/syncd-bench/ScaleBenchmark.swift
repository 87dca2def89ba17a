import Dispatch
import Foundation
import ReutersCorpus
import Store
import Sync

/// Scale: a store of `count` synthetic stories spread over a year (corpus texts made unique
/// with a district and a figure), built through the same intent-named writes syncd uses.
func populate(count: Int, folder: String, directory: String) throws {
    let items = try CorpusItem.load(directory + "/reuters21578.jsonl.gz").filter { $0.body.count > 200 }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let database = try Database(path: folder + "/syncd.sqlite")
    let year = 365.0 * 86_400
    let start = Date(timeIntervalSince1970: 1_750_000_000)
    let clock = ContinuousClock()
    let began = clock.now
    var done = 0
    while done < count {
        let chunk = min(4096, count - done)
        var prepared = [PreparedDocument?](repeating: nil, count: chunk)
        let offset = done
        prepared.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunk) { i in
                let n = offset + i
                let item = items[n % items.count]
                let document = StoryDocument(
                    headline: "\(item.title) (district \(n))",
                    body: "District \(n) reported \(n * 7 % 100_003) cases of the following. " + item.body,
                    time: start.addingTimeInterval(year * Double(n) / Double(count)), source: "scale")
                slots[i] = PreparedDocument.prepare(document)
            }
        }
        try database.batch { batch in
            for (i, document) in prepared.enumerated() {
                let n = offset + i
                _ = try batch.recordDecision(.newStory, for: document!, file: FileIdentity(
                    path: "scale/s\(n).txt", size: 1, mtimeNanoseconds: Int64(n), inode: UInt64(n), rawHash: ""))
            }
        }
        done += chunk
    }
    print(String(format: "populated %d stories in %.1f s", count, seconds(clock.now - began)))
}

/// Restart-to-ready (open + migrate check + dedup window sketched from its text), then the
/// time per decision for new items at the end of the stored range, and the process's RSS.
///
/// Each `round` decides 1,000 items of its own (round 0 the first thousand, round 1 the next),
/// so a store measured again meets new stories, not duplicates of the last round's; each
/// round adds its 1,000 to the store.
func measure(folder: String, round: Int = 0) throws {
    let clock = ContinuousClock()
    let began = clock.now
    let database = try Database(path: folder + "/syncd.sqlite")
    let parameters = DedupParameters()
    let window = try database.dedupWindow(parameters.window, parameters: parameters)
    var engine = NearDuplicateEngine(parameters: parameters)
    for root in window.roots { engine.rememberRoot(sketch: root.sketch, contentHash: root.contentHash, time: root.time, as: root.version) }
    for item in window.versions { engine.remember(sketch: item.sketch, contentHash: item.contentHash, time: item.time, as: item.version) }
    let ready = seconds(clock.now - began)
    let stories = try database.counts().stories
    let newest = window.versions.last?.time ?? Date()
    let decisions = 1000
    let decideStart = clock.now
    for n in round * decisions..<(round + 1) * decisions {
        let document = StoryDocument(headline: "Late item \(n)", body: "Harbor \(n) handled \(n * 31) containers on the day, the port said. " +
                                     String(repeating: "Officials gave no further details of item \(n). ", count: 20),
                                     time: newest.addingTimeInterval(Double(n - round * decisions)), source: "scale")
        let prepared = PreparedDocument.prepare(document)
        let decision = engine.decide(prepared, exactMatch: nil)
        let recorded = try database.recordDecision(decision, for: prepared, file: FileIdentity(
            path: "late/l\(n).txt", size: 1, mtimeNanoseconds: Int64(n), inode: UInt64(n), rawHash: ""))
        if let stored = recorded.stored { engine.remember(prepared, as: stored) }
    }
    let perDecision = seconds(clock.now - decideStart) / Double(decisions) * 1000
    print(String(format: "%d stored stories: restart to ready %.2f s (window: %d versions), %.2f ms per decision (incl. commit), RSS %@",
                 stories, ready, window.versions.count, perDecision, residentSetSize()))
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

/// The process's peak resident set size (VmHWM) from /proc.
func residentSetSize() -> String {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? "VmHWM: ? kB"
    let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return String(format: "%.0f MB peak", kb / 1024)
}
