import Foundation
import TupuModel
import TupuStore

extension DocumentRecord {
    /// Reads and extracts files as a file ingest does (``IngestOptions``' encoding, size limit
    /// and source naming; ``IngestOptions/threads`` threads, ``IngestOptions/batchSize`` files
    /// at a time) and gives each file's record as one line of JSON, or why the file was
    /// skipped, in the order of `files`. No database is involved: the lines are what
    /// ``Store/ingest(recordFiles:options:report:progress:)`` stores.
    ///
    /// ```swift
    /// try DocumentRecord.lines(files: try FileWalk(["corpus"]), extract: { extractor.extract($0) }) { path, line in
    ///     print(try line.get())
    /// }
    /// ```
    public static func lines(
        files: some Sequence<String>, options: IngestOptions = IngestOptions(), extract: @escaping @Sendable (String) -> Extraction,
        each: (_ path: String, _ line: Result<String, DocumentError>) throws -> Void
    ) rethrows {
        var remaining = files.makeIterator()
        while true {
            var batch: [String] = []
            while batch.count < options.batchSize, let file = remaining.next() { batch.append(file) }
            if batch.isEmpty { return }
            let lines = Store.parallelMap(batch, threads: options.threads) { path -> Result<String, DocumentError> in
                Result { () throws(DocumentError) -> String in
                    let document = try SourceDocument.read(path, options: options).get()
                    let stored = extract(document.text).identified(contentHash: document.contentHash)
                    return try DocumentRecord(document: document, stored: stored).line()
                }
            }
            for (path, line) in zip(batch, lines) { try each(path, line) }
        }
    }

    /// Checks every line of record files without storing anything: the number of records,
    /// or the first line that is not a record (``DocumentError/badRecord(path:line:reason:)``)
    /// or file that cannot be read. Lines are decoded on `threads` threads.
    public static func check(files: [String], threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(DocumentError) -> Int {
        var lines = RecordLines(files)
        var count = 0
        while true {
            var batch: [RecordLines.Line] = []
            while batch.count < 1024, let line = lines.next() { batch.append(line) }
            if let problem = lines.problem { throw problem }
            if batch.isEmpty { return count }
            let problems = Store.parallelMap(batch, threads: threads) { line -> DocumentError? in
                do throws(DocumentError) {
                    _ = try DocumentRecord.decode(line.bytes, path: line.path, line: line.number)
                    return nil
                } catch {
                    return error
                }
            }
            if let first = problems.compactMap({ $0 }).first { throw first }
            count += batch.count
        }
    }
}

extension Store {
    /// Stores the records of record files (``DocumentRecord``, as `tupu extract --format jsonl`
    /// writes them) without extracting again, through the same writer as a file ingest: the
    /// same source keys and content identity (a record whose key is stored with its content is
    /// unchanged, one with other content replaces it unless ``IngestOptions/replacing`` is
    /// off), ``IngestOptions/batchSize`` documents a transaction, so a run killed at any point
    /// leaves whole documents and running it again completes it. Records are decoded on
    /// ``IngestOptions/threads`` threads while the previous batch is written; `report` is
    /// called once per record, in order, after its batch is committed.
    ///
    /// Check the files first with ``DocumentRecord/check(files:threads:)``: a line that is not
    /// a record is reported here as skipped (with its file and line) and the others are stored.
    /// A file that cannot be read stops the run with the batches before it stored, and is
    /// thrown as a ``DocumentError``; a database failure as a ``TupuStore/StoreError``.
    ///
    /// ```swift
    /// let files = Array(try FileWalk(["shards"], files: .records))
    /// _ = try DocumentRecord.check(files: files)
    /// let summary = try store.ingest(recordFiles: files)
    /// ```
    public func ingest(
        recordFiles: [String], options: IngestOptions = IngestOptions(), report: (FileIngestResult) -> Void = { _ in },
        progress: (IngestProgress) -> Void = { _ in }
    ) throws -> IngestSummary {
        var lines = RecordLines(recordFiles)
        let summary = try ingestBatches(
            AnySequence { AnyIterator { lines.next() } }, options: options, extract: { _ in Extraction() }, report: report, progress: progress
        ) {
            batch throws(StoreError) in
            Self.parallelMap(batch, threads: options.threads) { line -> (name: String, item: Prepared) in
                do throws(DocumentError) {
                    let record = try DocumentRecord.decode(line.bytes, path: line.path, line: line.number)
                    return (line.name, .document(record.extracted))
                } catch {
                    return (line.name, .skipped(error))
                }
            }
        }
        if let problem = lines.problem { throw problem }
        return summary
    }
}
