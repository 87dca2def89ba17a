import Dispatch
import Foundation
import ReutersCorpus
import Sync

// syncd-bench: the dedup core on the Reuters corpus, no I/O — tokenize and normalize, shingle,
// MinHash, LSH query and insert — single-threaded and with sketching spread over all cores.
// `bench/run` prints these figures beside the Python peers, the backlog and the I/O floor.
//
// See main.swift for usage.

/// The dedup core on the corpus: one thread, then sketching on every core.
func coreBenchmark(directory: String, runs: Int) throws {
    let items = try CorpusItem.load(directory + "/reuters21578.jsonl.gz")
    let bytes = items.reduce(0) { $0 + $1.title.utf8.count + 1 + $1.body.utf8.count }
    let parameters = DedupParameters()
    let clock = ContinuousClock()

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// The best of `runs` runs of `body`, in seconds.
    func best(_ body: () -> Int) -> (Double, Int) {
        var fastest = Double.infinity, hits = 0
        for _ in 0..<runs {
            let start = clock.now
            hits = body()
            fastest = min(fastest, seconds(clock.now - start))
        }
        return (fastest, hits)
    }

    func report(_ label: String, _ result: (Double, Int)) {
        let (time, hits) = result
        print(String(format: "%@: %.0f docs/s, %.1f MB/s (%d docs in %.2f s, %d candidate hits)",
                     label, Double(items.count) / time, Double(bytes) / time / 1e6, items.count, time, hits))
    }

    // 1. One thread: sketch each document, then query and insert it in the LSH index.
    report("dedup core, 1 thread", best {
        var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows)
        var hits = 0
        for (index, item) in items.enumerated() {
            let sketch = Sketch.build(headline: item.title, body: item.body, parameters: parameters)
            hits += lsh.candidates(sketch.signature).count
            lsh.insert(index, signature: sketch.signature)
        }
        return hits
    })

    // Where one thread's time goes: each stage alone, on the same documents.
    let tokenized = items.map { WireTokenizer().tokens(headline: $0.title, body: $0.body) }
    let shingleSets = tokenized.map { Sketch.build(tokens: $0, parameters: parameters, signature: []).shingles }
    let signed = shingleSets.map { MinHasher(count: parameters.hashCount).signature(of: $0) }
    let stages: [(String, () -> Int)] = [
        ("tokenize", { items.reduce(0) { $0 + WireTokenizer().tokens(headline: $1.title, body: $1.body).count } }),
        ("shingle", { tokenized.reduce(0) { $0 + Sketch.build(tokens: $1, parameters: parameters, signature: []).shingles.count } }),
        ("minhash", { shingleSets.reduce(0) { $0 + Int(MinHasher(count: parameters.hashCount).signature(of: $1)[0] & 1) } }),
        ("lsh", {
            var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows)
            var hits = 0
            for (index, signature) in signed.enumerated() {
                hits += lsh.candidates(signature).reduce(0) { $0 + $1.bands }
                lsh.insert(index, signature: signature)
            }
            return hits
        }),
    ]
    print("  stages, 1 thread: " + stages.map { name, body in
        let (time, n) = best(body)
        return String(format: "%@ %.1f µs/doc (%d)", name, time / Double(items.count) * 1e6, n)
    }.joined(separator: ", "))

    // 2. Sketching on every core (it is pure), LSH query and insert in wire order on one.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    report("dedup core, \(cores) cores", best {
        var signatures = [[UInt32]](repeating: [], count: items.count)
        signatures.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            let chunk = (items.count + cores * 8 - 1) / (cores * 8)
            DispatchQueue.concurrentPerform(iterations: cores * 8) { part in
                for index in (part * chunk)..<min(items.count, (part + 1) * chunk) {
                    slots[index] = Sketch.build(headline: items[index].title, body: items[index].body, parameters: parameters).signature
                }
            }
        }
        var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows)
        var hits = 0
        for (index, signature) in signatures.enumerated() {
            hits += lsh.candidates(signature).count
            lsh.insert(index, signature: signature)
        }
        return hits
    })
}
