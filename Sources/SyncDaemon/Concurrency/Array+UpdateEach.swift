import Dispatch

extension Array {
    /// Calls `body` with each element's index and the element itself, in place, spread over
    /// `workers` threads (this one among them; with one worker, all on this thread).
    ///
    /// Worker `w` takes the elements `w`, `w + workers`, …; `body` must touch only the element
    /// it is given, so no two threads write the same storage.
    mutating func updateEach(workers: Int, _ body: @Sendable (Int, inout Element) -> Void) {
        let workers = Swift.max(1, Swift.min(workers, count))
        withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            withoutActuallyEscaping(body) { body in
                let work: @Sendable (Int) -> Void = { worker in
                    for index in stride(from: worker, to: slots.count, by: workers) { body(index, &slots[index]) }
                }
                if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            }
        }
    }
}
