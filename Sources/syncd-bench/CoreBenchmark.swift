import Dispatch
import Foundation
import ReutersCorpus
import Sync
import Synchronization

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
        var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows, expectedEntries: items.count)
        var hits = 0
        for (index, item) in items.enumerated() {
            let sketch = Sketch.build(headline: item.title, body: item.body, parameters: parameters)
            hits += lsh.distinctEntries(keys: sketch.bandKeys, within: 0..<index).count
            lsh.insert(index, keys: sketch.bandKeys)
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
            var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows, expectedEntries: items.count)
            var hits = 0
            for (index, signature) in signed.enumerated() {
                let keys = lsh.keys(signature)
                hits += lsh.candidates(keys: keys).reduce(0) { $0 + $1.bands }
                lsh.insert(index, keys: keys)
            }
            return hits
        }),
    ]
    var sink = 0
    print("  stages, 1 thread: " + stages.map { name, body in
        let (time, result) = best(body)
        sink &+= result  // keeps each stage's work observable, so none is optimized away
        return String(format: "%@ %.2f µs/doc", name, time / Double(items.count) * 1e6)
    }.joined(separator: ", ") + (sink == 42 ? " " : ""))

    // The peers' share of the work: their shingles are precomputed, so only MinHash and the
    // LSH query and insert are timed. The same here, on our shingle sets.
    report("sketch + LSH from shingles, 1 thread", best {
        var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows, expectedEntries: items.count)
        let hasher = MinHasher(count: parameters.hashCount)
        var hits = 0
        for (index, shingles) in shingleSets.enumerated() {
            let keys = lsh.keys(hasher.signature(of: shingles))
            hits += lsh.distinctEntries(keys: keys, within: 0..<index).count
            lsh.insert(index, keys: keys)
        }
        return hits
    })

    // 2. A pipeline, as syncd runs it: the other cores sketch chunks of documents (sketching
    //    is pure) while this thread queries and inserts finished chunks into the LSH index in
    //    wire order; when the chunk it needs next is not ready, it sketches an unclaimed chunk
    //    itself rather than wait.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    report("dedup core, \(cores) cores", best {
        let chunk = 64
        let chunks = (items.count + chunk - 1) / chunk
        let bandKeys = UnsafeMutableBufferPointer<[UInt32]>.allocate(capacity: items.count)
        bandKeys.initialize(repeating: [])
        defer { bandKeys.deinitialize().deallocate() }
        nonisolated(unsafe) let slots = bandKeys
        // Whoever sketches a chunk marks it finished; a worker then also signals it. The main
        // thread reads the mark to see whether a chunk is ready, and blocks on the signal only
        // when nothing else is left to sketch. (Polling the semaphore with a timeout of now,
        // as this did before, cost about 80 µs a poll here: with one document per chunk,
        // 11,000 docs/s.)
        let finished = Mutex([Bool](repeating: false, count: chunks))
        let ready = (0..<chunks).map { _ in DispatchSemaphore(value: 0) }
        let next = Mutex(0)
        /// The next chunk nobody has taken yet, if any.
        @Sendable func claim() -> Int? {
            let part = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            return part < chunks ? part : nil
        }
        @Sendable func sketch(_ part: Int) {
            for index in (part * chunk)..<min(items.count, (part + 1) * chunk) {
                slots[index] = Sketch.build(headline: items[index].title, body: items[index].body, parameters: parameters).bandKeys
            }
            finished.withLock { $0[part] = true }
        }
        for _ in 0..<max(0, cores - 1) {
            DispatchQueue.global().async {
                while let part = claim() {
                    sketch(part)
                    ready[part].signal()
                }
            }
        }
        var lsh = LSHIndex(bands: parameters.bands, rows: parameters.rows, expectedEntries: items.count)
        var hits = 0
        for part in 0..<chunks {
            // Until it is finished, sketch whatever nobody has taken (often `part` itself).
            while !finished.withLock({ $0[part] }) {
                guard let mine = claim() else {
                    ready[part].wait()  // a worker holds it and will signal
                    break
                }
                sketch(mine)
            }
            for index in (part * chunk)..<min(items.count, (part + 1) * chunk) {
                hits += lsh.distinctEntries(keys: slots[index], within: 0..<index).count
                lsh.insert(index, keys: slots[index])
            }
        }
        return hits
    })
}
