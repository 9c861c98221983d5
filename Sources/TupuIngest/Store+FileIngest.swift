import Dispatch
import Foundation
import Synchronization
import TupuModel
import TupuStore

/// How ``Store/ingest(files:options:extract:report:progress:)`` reads and batches files.
public struct IngestOptions: Sendable {
    /// How the files are decoded.
    public var encoding: TextEncoding
    /// Files larger than this many bytes are skipped unread.
    public var maxFileSize: Int
    /// Documents read and extracted together, and the least stored in one write transaction.
    /// A crash loses at most the transaction being written; the next run stores it (stored
    /// documents are recognised by their hash).
    public var batchSize: Int
    /// How many batches one transaction may take when they come faster than the writer stores
    /// them (see ``TupuStore/Store/Grouping``).
    public var grouping: Store.Grouping
    /// Threads that read and extract (the writer is one more).
    public var threads: Int
    /// The source keys: each file's canonical path (nil), or names under a name the user
    /// gave (see ``SourceNaming``).
    public var naming: SourceNaming?
    /// Whether a source key stored with other content is given to the new content. Without
    /// it, such a file is skipped with ``DocumentError/sourceTaken(key:path:)``.
    public var replacing: Bool

    public init(
        encoding: TextEncoding = .auto, maxFileSize: Int = SourceDocument.defaultMaxFileSize, batchSize: Int = 256,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, naming: SourceNaming? = nil, replacing: Bool = true,
        grouping: Store.Grouping = .standard
    ) {
        self.encoding = encoding
        self.maxFileSize = maxFileSize
        self.batchSize = max(1, batchSize)
        self.grouping = grouping
        self.threads = max(1, threads)
        self.naming = naming
        self.replacing = replacing
    }
}

/// Source keys named by the user (`tupu ingest --source NAME PATH`): the file `root` is
/// `name`; a file inside the folder `root` is `name/` followed by its path inside it.
public struct SourceNaming: Sendable, Equatable {
    public var name: String
    /// The path given, normalised (``SourceDocument/normalize(_:)``).
    public var root: String

    public init(name: String, root: String) {
        self.name = name
        self.root = SourceDocument.normalize(root)
    }

    /// The key of a file found under `root` (a path as ``FileWalk`` lists it).
    public func key(for path: String) -> String {
        if path == root { return name }
        let prefix = root == "/" ? "/" : root + "/"
        let inside = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        return name + "/" + inside
    }
}

/// What became of one file given to ``Store/ingest(files:options:extract:report:progress:)``.
public enum FileIngestResult: Sendable {
    /// The file was read; the document was added, replaced or found unchanged.
    case stored(path: String, outcome: IngestOutcome, facts: Int)
    /// The file could not be read or decoded; nothing of it was stored.
    case skipped(path: String, error: DocumentError)
}

/// A batch the writer of a multi-document ingest has written: its transaction may still be
/// open, so its inputs are reported (``FileIngestResult``) only later, when it commits. A
/// grouped transaction lasts up to a second (``IngestOptions/grouping``); this is what a
/// progress line counts meanwhile.
public struct IngestProgress: Sendable, Equatable {
    /// The names of the batch's inputs (a file's path, a record's file and line), in order.
    public var names: [String]
    /// The facts extracted from the batch's documents (none for a document already stored).
    public var facts: Int
    /// True once, after the last batch, when the ingest was a bulk load and now builds the
    /// indexes it left out (``names`` is empty): at 1,000,000 articles, a minute or more.
    public var buildingIndexes = false
}

/// Totals of a multi-file ingest, with the time spent in each stage.
public struct IngestSummary: Sendable, Equatable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    /// Files whose content was stored under another key (recorded as another source).
    public var linked = 0
    public var skipped = 0
    /// Facts (evidence rows before de-duplication) of the added and replaced documents.
    public var facts = 0
    /// Wall-clock seconds of the whole run.
    public var seconds: Double = 0
    /// Seconds the writer spent in write transactions (it runs while the next batch is
    /// read and extracted, so the stages overlap).
    public var writeSeconds: Double = 0
    /// CPU time of the writer's thread in those transactions, in seconds: unlike
    /// ``writeSeconds``, it leaves out the time other processes of a loaded machine take.
    public var writeCPUSeconds: Double = 0
    /// Seconds spent reading and extracting (wall clock, all threads together).
    public var extractSeconds: Double = 0

    public init() {}

    mutating func count(_ result: FileIngestResult) {
        switch result {
        case .stored(_, .added, let facts): added += 1; self.facts += facts
        case .stored(_, .replaced, let facts): replaced += 1; self.facts += facts
        case .stored(_, .unchanged, _): unchanged += 1
        case .stored(_, .linked, _): linked += 1
        case .stored(_, .refused, _), .skipped: skipped += 1
        }
    }
}

extension Store {
    /// Reads, extracts and stores files, in batches of ``IngestOptions/batchSize``.
    ///
    /// Each batch is read and extracted on ``IngestOptions/threads`` threads while the
    /// previous batch is written in one transaction, so a large corpus streams through in
    /// bounded memory (the files are taken from `files` one batch at a time; a ``FileWalk``
    /// finds them as it goes). Files stored with the same content hash are not extracted again.
    /// `report` is called once per file, in the order of `files`, after its batch is
    /// committed; `progress` once per batch, in order, when the writer has written it (before
    /// its files are reported). A file that cannot be read is reported as skipped and the rest
    /// goes on; a database error stops the run and is thrown (the batches committed before it stay).
    ///
    /// ```swift
    /// let summary = try store.ingest(files: try FileWalk(["seeds"])) { extractor.extract($0) }
    /// ```
    public func ingest(
        files: some Sequence<String>, options: IngestOptions = IngestOptions(), extract: @escaping @Sendable (String) -> Extraction,
        report: (FileIngestResult) -> Void = { _ in }, progress: (IngestProgress) -> Void = { _ in }
    ) throws(StoreError) -> IngestSummary {
        try ingestBatches(files, options: options, extract: extract, report: report, progress: progress) { batch throws(StoreError) in
            try self.prepare(batch, options: options, extract: extract)
        }
    }

    /// The pipeline of every multi-document ingest: `inputs` taken ``IngestOptions/batchSize``
    /// at a time, each batch made ready by `prepare` (its documents read and extracted, or
    /// decoded: an input's name for messages and what became of it) while the previous batch is
    /// written; `progress` called once per batch, in order, when the writer has written it (it
    /// asks for the next batch only then), and `report` once per input, in order, after its batch
    /// is committed.
    ///
    /// The writer runs on its own thread and takes each batch when it is ready; batches that come
    /// within ``IngestOptions/grouping`` share a transaction. At most two batches are held at a
    /// time: the one being written and the next one, prepared while the writer writes.
    func ingestBatches<Input>(
        _ inputs: some Sequence<Input>, options: IngestOptions, extract: @escaping @Sendable (String) -> Extraction,
        report: (FileIngestResult) -> Void, progress: (IngestProgress) -> Void,
        prepare: ([Input]) throws(StoreError) -> [(name: String, item: Prepared)]
    ) throws(StoreError) -> IngestSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = IngestSummary()
        /// Runs `work` and counts its wall and thread CPU time as the writer's.
        func countedAsWriting(_ work: () throws(StoreError) -> Void) throws(StoreError) {
            let (wall, cpu) = (clock.now, Self.threadCPUSeconds())
            try work()
            summary.writeSeconds += (clock.now - wall).seconds
            summary.writeCPUSeconds += Self.threadCPUSeconds() - cpu
        }

        // Into a store with no document, rows go in without the secondary indexes, which are
        // built once at the end (see `Store.beginBulkLoadIfEmpty()`).
        try countedAsWriting { () throws(StoreError) in try beginBulkLoadIfEmpty() }

        let handoff = BatchHandoff<[(name: String, item: Prepared)]>()
        let writing = DispatchGroup()
        let writeQueue = DispatchQueue(label: "tupu.ingest.write")
        writing.enter()
        writeQueue.async {
            defer { writing.leave() }
            /// The batches of the open transaction, in order, for their results.
            var open: [[Written]] = []
            do throws(StoreError) {
                try self.store(
                    batches: { seconds in
                        guard let batch = handoff.take(waitingAtMost: seconds) else { return handoff.isFinished ? .finished : .notReady }
                        open.append(batch.map { Written(name: $0.name, item: $0.item) })
                        return .batch(batch.compactMap(\.item.item))
                    },
                    cache: IdCache(), replacing: options.replacing, grouping: options.grouping, extract: extract
                ) { outcomes, seconds, cpuSeconds in
                    let results = zip(open, outcomes).flatMap { Self.results(of: $0, $1) }
                    open.removeAll()
                    handoff.publish(results, seconds: seconds, cpuSeconds: cpuSeconds)
                }
            } catch {
                handoff.fail(error)
            }
        }
        /// The batches given to the writer and not yet said to be written, in order, and the
        /// inputs of those said to be written and of those reported.
        var unannounced: [IngestProgress] = []
        var announcedInputs = 0
        var reportedInputs = 0
        /// Says the oldest batches given to the writer are written, as long as `more` holds.
        func announce(while more: () -> Bool) {
            while let written = unannounced.first, more() {
                unannounced.removeFirst()
                announcedInputs += written.names.count
                progress(written)
            }
        }
        /// Reports what the writer committed so far (all of it once it has stopped), each batch
        /// said to be written first.
        func collect() throws(StoreError) {
            let (results, seconds, cpuSeconds, error) = handoff.drain()
            summary.writeSeconds += seconds
            summary.writeCPUSeconds += cpuSeconds
            reportedInputs += results.count
            announce { announcedInputs < reportedInputs }
            for result in results {
                summary.count(result)
                report(result)
            }
            if let error { throw error }
        }
        // The writer's thread holds the store until libdispatch releases it, just after the
        // block returns. Wait for that (also when a batch fails), so the store can close, and
        // checkpoint its write-ahead log, as soon as the caller lets it go, even when the
        // process exits right after.
        defer {
            handoff.finish()
            writing.wait()
            writeQueue.sync {}
        }

        var remaining = inputs.makeIterator()
        while true {
            var batch: [Input] = []
            batch.reserveCapacity(options.batchSize)
            while batch.count < options.batchSize, let input = remaining.next() { batch.append(input) }
            if batch.isEmpty { break }
            let prepareStart = clock.now
            let prepared = try prepare(batch)
            summary.extractSeconds += (clock.now - prepareStart).seconds
            unannounced.append(IngestProgress(names: prepared.map(\.name), facts: prepared.reduce(0) { $0 + $1.item.extractedFacts }))
            // Waits until the writer has taken the batch (or has stopped on an error): it takes
            // the next batch only once it has written the ones before.
            if handoff.put(prepared) { announce { unannounced.count > 1 } }
            try collect()
        }
        handoff.finish()
        writing.wait()
        if !handoff.hasFailed { announce { true } }
        try collect()
        // What a bulk load (this one, or one killed or running beside it) left out is built
        // now, and counted as the writer's time.
        if try hasPendingBulkLoad() { progress(IngestProgress(names: [], facts: 0, buildingIndexes: true)) }
        try countedAsWriting { () throws(StoreError) in try completeBulkLoad() }
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// What the writer keeps of an input until its transaction commits, to say what became of
    /// it (not the text or the extraction, which it lets go of as soon as they are stored).
    private enum Written: Sendable {
        case skipped(name: String, error: DocumentError)
        case document(name: String, path: String, sourceKey: String, extractedFacts: Int?)

        init(name: String, item: Prepared) {
            switch item {
            case .skipped(let error): self = .skipped(name: name, error: error)
            case .known(let document):
                self = .document(name: name, path: document.path, sourceKey: document.sourceKey, extractedFacts: nil)
            case .document(let extracted):
                self = .document(
                    name: name, path: extracted.document.path, sourceKey: extracted.document.sourceKey,
                    extractedFacts: extracted.extraction.facts.count)
            }
        }
    }

    /// What became of each input of a committed batch, given the outcomes of its documents.
    private static func results(of batch: [Written], _ outcomes: [IngestOutcome]) -> [FileIngestResult] {
        var outcomes = outcomes.makeIterator()
        return batch.map { written -> FileIngestResult in
            switch written {
            case .skipped(let name, let error):
                return .skipped(path: name, error: error)
            case .document(_, let path, let sourceKey, let extractedFacts):
                let outcome = outcomes.next() ?? .unchanged
                if outcome == .refused {
                    return .skipped(path: path, error: .sourceTaken(key: sourceKey, path: path))
                }
                let extracted = outcome == .added || (outcome == .replaced && extractedFacts != nil)
                return .stored(path: path, outcome: outcome, facts: extracted ? extractedFacts ?? 0 : 0)
            }
        }
    }

    /// One input of a batch: a file read and (unless its content is stored) extracted, or a
    /// record decoded.
    enum Prepared: Sendable {
        case skipped(DocumentError)
        case known(SourceDocument)
        case document(ExtractedDocument)

        /// The facts extracted from the document, if it was extracted.
        var extractedFacts: Int {
            if case .document(let extracted) = self { extracted.extraction.facts.count } else { 0 }
        }

        var item: BatchItem? {
            switch self {
            case .skipped: nil
            case .known(let document): BatchItem(document: document, extracted: nil)
            case .document(let item): BatchItem(document: item.document, extracted: item)
            }
        }
    }

    /// Reads the files of a batch in parallel, asks the store which contents are stored,
    /// and extracts the others in parallel.
    private func prepare(
        _ batch: [String], options: IngestOptions, extract: @escaping @Sendable (String) -> Extraction
    ) throws(StoreError) -> [(name: String, item: Prepared)] {
        let documents = Self.parallelMap(batch, threads: options.threads) { SourceDocument.read($0, options: options) }
        let stored = try storedContentHashes(documents.compactMap { try? $0.get().contentHash })
        let prepared = Self.parallelMap(documents, threads: options.threads) { read -> Prepared in
            switch read {
            case .failure(let error):
                return .skipped(error)
            case .success(let document):
                if stored.contains(document.contentHash) { return .known(document) }
                let extraction = extract(document.text).identified(contentHash: document.contentHash)
                return .document(ExtractedDocument(document: document, extraction: extraction))
            }
        }
        return zip(batch, prepared).map { (name: $0, item: $1) }
    }

    /// `transform` applied to every element on up to `threads` threads, results in order.
    static func parallelMap<T: Sendable, U: Sendable>(
        _ items: [T], threads: Int, _ transform: @escaping @Sendable (T) -> U
    ) -> [U] {
        guard threads > 1, items.count > 1 else { return items.map(transform) }
        let results = Mutex<[U?]>(Array(repeating: nil, count: items.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < items.count else { return }
                let value = transform(items[index])
                results.withLock { $0[index] = value }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}

extension SourceDocument {
    /// Reads a file as a multi-file ingest reads it: the encoding, size limit and source key
    /// `options` say.
    static func read(_ path: String, options: IngestOptions) -> Result<SourceDocument, DocumentError> {
        Result { () throws(DocumentError) -> SourceDocument in
            try SourceDocument.read(
                path: path, encoding: options.encoding, maxFileSize: options.maxFileSize,
                sourceKey: options.naming?.key(for: SourceDocument.normalize(path)))
        }
    }
}
