import Dispatch
import Foundation
import Synchronization

/// Cuts the sentences and surfaces of evidence rows on a thread of its own while the reader
/// goes on stepping through SQLite: the rows of `show` for an entity with many facts name as
/// many documents, and decompressing each and cutting its sentence is about half of the work
/// (the B-tree reads are the other half, and they stay on the reader's thread, in its one
/// read transaction, so what is shown is one state of the store).
///
/// The reader hands rows over with ``add(_:of:)``, in the order it appends them to its rows;
/// the thread cuts them in that order, and ``cuts(count:)`` waits for the last one and gives
/// them back in it, each a cut or the error cutting it threw (a damaged
/// stored text), so the reader fails only for a row it shows. A document's text is
/// decompressed by this thread only, once it has a row of the document: the reader creates
/// each document before handing over its first row and, until the cutter has finished, touches
/// only the document's path and title (`let`s). ``finish(discarding:)`` (called by
/// `cuts(count:)`, else by the reader's `defer` when it throws) returns only once the thread
/// has stopped, so no document outlives its use here.
///
/// A second thread pays off only for many rows: a reader with fewer than
/// ``rowsBeforeStarting`` rows cuts them itself; at that many it starts a cutter, hands it the
/// rows read so far, and hands over the rest as it reads them.
final class SentenceCutter: @unchecked Sendable {
    /// The rows a reader reads before it starts a cutter: below that, starting a thread and
    /// handing rows over costs about what it saves.
    static let rowsBeforeStarting = 64

    /// Whether a cutter can run beside the reader: not on a machine of one processor, where the
    /// two threads would take turns and the handing over would be all that changed.
    static let worthStarting = ProcessInfo.processInfo.activeProcessorCount > 1

    /// How many cutters this process has started (a test checks that its rows went through one).
    static let started = Atomic<Int>(0)

    /// A row's sentence and the span's surface in it.
    struct Cut {
        var sentence: String
        var surface: String

        /// The sentence of code points `sentenceStart..<sentenceEnd` of `text`, and the
        /// surface of `start..<end`.
        init(_ text: DocumentText, sentenceStart: Int, sentenceEnd: Int, start: Int, end: Int) {
            sentence = text.text(sentenceStart, sentenceEnd)
            surface = text.text(start, end)
        }
    }

    /// One row to cut: its document and its offsets.
    private struct Job {
        var document: EvidenceReader.StoredDocument
        var sentenceStart: Int, sentenceEnd: Int, start: Int, end: Int
    }

    /// Rows are handed over this many at a time (one lock and one wake-up each).
    private static let handOverSize = 32

    private let path: String
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Guarded by `lock`: rows handed over and not taken yet, whether the last came, and
    /// whether the reader gave up (the rows left are then dropped, not cut).
    private var queued: [Job] = []
    private var closed = false
    private var discarding = false
    /// The reader's: rows added and not handed over yet, and whether it is done.
    private var pending: [Job] = []
    private var finished = false
    /// The rows' cuts, in the order they were added: the cutting thread's until `done` is
    /// signalled, the reader's after.
    private var results: [Result<Cut, any Error>] = []

    /// Starts the cutting thread; `path` names the store in errors.
    init(path: String) {
        self.path = path
        pending.reserveCapacity(Self.handOverSize)
        // A thread of its own, not one of a shared pool's: the reader waits for it, and a pool
        // whose threads were all readers waiting so would never run it.
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
        Self.started.add(1, ordering: .relaxed)
    }

    /// Hands over the next row and its document.
    func add(_ row: EvidenceReader.Pending, of document: EvidenceReader.StoredDocument) {
        pending.append(Job(
            document: document, sentenceStart: row.sentenceStart, sentenceEnd: row.sentenceEnd, start: row.start, end: row.end))
        if pending.count == Self.handOverSize { handOver(last: false) }
    }

    /// Hands over what is left and waits until the thread has cut every row; with
    /// `discarding` (the reader failed), the rows not cut yet are dropped instead.
    func finish(discarding: Bool = false) {
        guard !finished else { return }
        finished = true
        handOver(last: true, discarding: discarding)
        done.wait()
    }

    /// Every row's cut, or the error cutting it threw, in the order the rows were added, once
    /// all `count` rows are cut.
    func cuts(count: Int) -> [Result<Cut, any Error>] {
        finish()
        precondition(results.count == count, "the reader handed over \(results.count) rows of \(count)")
        return results
    }

    private func handOver(last: Bool, discarding: Bool = false) {
        lock.withLock {
            queued.append(contentsOf: pending)
            if last { closed = true }
            if discarding { self.discarding = true }
        }
        pending.removeAll(keepingCapacity: true)
        ready.signal()
    }

    /// The cutting thread: takes what was handed over, cuts it, until the last rows are cut.
    private func run() {
        let inflater = TextCompression.Inflater()
        var jobs: [Job] = []
        var last = false
        while !last {
            ready.wait()
            let dropped = lock.withLock {
                swap(&jobs, &queued)
                last = closed
                return discarding
            }
            for job in jobs where !dropped {
                // A document decoded part of the way for an earlier row, and needed further, is
                // decoded whole: at most twice, however many rows reach further and further.
                let needed = max(job.sentenceEnd, job.end)
                let document = job.document
                let codePoints = document.text == nil || document.decodedCodePoints >= needed ? needed : .max
                results.append(Result {
                    let text = try EvidenceReader.text(of: document, codePoints: codePoints, inflater: inflater, path: path)
                    return Cut(text, sentenceStart: job.sentenceStart, sentenceEnd: job.sentenceEnd, start: job.start, end: job.end)
                })
            }
            jobs.removeAll(keepingCapacity: true)
        }
        done.signal()
    }
}
