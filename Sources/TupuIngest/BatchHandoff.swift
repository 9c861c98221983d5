import Foundation
import TupuStore

/// Hands prepared batches from an ingest's reading thread to its writer, one at a time, and
/// the writer's committed results back.
///
/// ``put(_:)`` returns once the writer has taken the batch, so the reader prepares the next
/// batch while the writer writes this one, and no more than two batches are held at once.
/// The writer takes a batch waiting for it (at the start of a transaction) or only if one is
/// ready (to add it to the open transaction).
///
/// `@unchecked Sendable`: every stored property is read and written under `condition`.
final class BatchHandoff<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// The batch put and not yet taken.
    private var slot: Batch?
    private var finished = false
    private var results: [FileIngestResult] = []
    private var seconds: Double = 0
    private var cpuSeconds: Double = 0
    private var error: StoreError?

    /// Gives the writer a batch; returns when it has taken it (true), or has stopped (false).
    @discardableResult
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard error == nil, !finished else { return false }
        slot = batch
        condition.broadcast()
        while slot != nil, error == nil { condition.wait() }
        return slot == nil
    }

    /// Whether the writer stopped on an error.
    var hasFailed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return error != nil
    }

    /// The batch put, waiting for one at most `seconds` (nil: until one comes or ``finish()``).
    /// Nil when none came (``isFinished`` then says whether one still may).
    func take(waitingAtMost seconds: Double?) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = seconds.map { Date(timeIntervalSinceNow: $0) }
        while slot == nil, !finished {
            if let deadline {
                guard condition.wait(until: deadline) else { break }
            } else {
                condition.wait()
            }
        }
        guard let batch = slot else { return nil }
        slot = nil
        condition.broadcast()
        return batch
    }

    /// Whether ``finish()`` was called (no batch will come).
    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// No more batches: a writer waiting for one stops.
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        condition.broadcast()
    }

    /// The writer committed these results, in input order, in `seconds` (`cpuSeconds` of its thread).
    func publish(_ committed: [FileIngestResult], seconds: Double, cpuSeconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        results.append(contentsOf: committed)
        self.seconds += seconds
        self.cpuSeconds += cpuSeconds
    }

    /// The writer stopped on `error`; a reader waiting in ``put(_:)`` returns.
    func fail(_ error: StoreError) {
        condition.lock()
        defer { condition.unlock() }
        self.error = error
        slot = nil
        condition.broadcast()
    }

    /// The results published since the last call, the writer's time for them, and its error if it stopped on one.
    func drain() -> (results: [FileIngestResult], seconds: Double, cpuSeconds: Double, error: StoreError?) {
        condition.lock()
        defer { condition.unlock() }
        defer { (results, seconds, cpuSeconds) = ([], 0, 0) }
        return (results, seconds, cpuSeconds, error)
    }
}
