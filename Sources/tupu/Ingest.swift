import ArgumentParser
import Foundation
import TupuExtract
import TupuIngest
import TupuStore

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read articles into the database.",
        discussion: """
            Each PATH is a text file or a folder searched (recursively) for *.txt files. Files may be \
            UTF-8 (with or without a byte order mark, which stays in the text as U+FEFF so evidence \
            offsets are those of the text as read), UTF-16 with a byte order mark, or GB18030/GBK \
            (detected when the bytes are not UTF-8; or choose with --encoding). \
            A document is its content: each file is stored under a source key, its canonical \
            absolute path (symbolic links resolved) unless --source is given, so the same file \
            ingested from any folder, by a relative or absolute path, is stored once, and two \
            different files with the same relative path (a/news.txt and b/news.txt, each ingested \
            from its own folder) are two documents. A file whose key is stored with the same \
            content is skipped; a file with the content of a stored document under another key \
            becomes another source of that document (its facts and evidence are stored once); a \
            file whose content changed replaces that document's facts (the old content goes when \
            no other source holds it). With --source NAME (one PATH), the key is NAME for a file, \
            NAME/RELATIVE-PATH for the files of a folder, so a corpus keeps its keys when it \
            moves; a NAME stored with other content is left alone (the file is skipped) unless \
            --replace is given. Files that cannot be read, that are not valid text, \
            empty, binary (a NUL byte, unless the file is UTF-16 without a byte order mark) or larger than --max-file-size (checked \
            before reading) are reported on stderr, one line each, and skipped; the rest of the \
            batch goes on, and the exit code is then 3. A database file without write permission \
            bits (chmod 444) is refused before anything is written, even when running as root \
            (exit 77).

            With --from-jsonl FILE|DIR (repeatable; a folder's *.jsonl files, or part-* as Spark \
            writes them), the records `tupu extract --format jsonl` wrote are stored without \
            extracting again, through the same writer, with the same keys, batches and guarantees. \
            Every line is checked first: a line that is not a record stops the run before anything \
            is written, with its file and line number (exit 65).

            Example: tupu ingest seeds/ --db Graphs/seeds.sqlite
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var reading: FileReadingOptions

    @Option(name: .long, help: ArgumentHelp(
        "Documents stored per write transaction; an interrupted run loses at most one batch, which the next run stores. "
            + "Without it, batches of 256 that are ready while the writer is busy share a transaction, "
            + "up to 4,096 documents or one second of writing.",
        valueName: "n"))
    var batchSize: Int?

    /// The batches: `--batch-size` documents a transaction when given, else the default batches grouped.
    private var batching: (size: Int, grouping: Store.Grouping) {
        batchSize.map { ($0, .none) } ?? (IngestOptions().batchSize, .standard)
    }

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Threads that read and extract files (one per core unless given).", valueName: "n"))
    var jobs = IngestOptions().threads

    @Option(name: .long, help: ArgumentHelp(
        "Store the files under this source key instead of their canonical paths (NAME for a file, NAME/PATH-INSIDE for a folder's files); one PATH only.",
        valueName: "name"))
    var source: String?

    @Flag(name: .long, help: "With --source: a key stored with other content is given to the new content (else the file is skipped).")
    var replace = false

    @Flag(name: .shortAndLong, help: "Print one line per file, and the time spent extracting and writing.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "No progress line (it is drawn on standard error only when that is a terminal).")
    var quiet = false

    @Option(name: .customLong("from-jsonl"), help: ArgumentHelp(
        "Store the records of this file or folder (written by `tupu extract --format jsonl`) instead of reading articles. Repeatable.",
        valueName: "path"))
    var fromJSONL: [String] = []

    @Argument(help: ArgumentHelp("Files or folders to read.", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if fromJSONL.isEmpty, paths.isEmpty { throw ValidationError("Give the files or folders to read (or --from-jsonl PATH).") }
        if !fromJSONL.isEmpty {
            guard paths.isEmpty else { throw ValidationError("--from-jsonl stores records only; ingest the articles in another run.") }
            guard source == nil else { throw ValidationError("--from-jsonl keeps the source keys of the records; give --source to `tupu extract --format jsonl`.") }
        }
        guard batchSize ?? 1 > 0 else { throw ValidationError("--batch-size must be at least 1.") }
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1.") }
        if let source {
            guard paths.count == 1 else { throw ValidationError("--source names one PATH (a file or a folder); run ingest once per path.") }
            guard !source.isEmpty, !source.contains("\0") else { throw ValidationError("--source needs a non-empty name.") }
        }
        if replace, source == nil {
            throw ValidationError("--replace goes with --source: a file's own canonical path is replaced when its content changes.")
        }
    }

    func run() throws {
        try report {
            if !fromJSONL.isEmpty { return try ingestRecords() }
            let extractor = try ruleOptions.extractor()
            let files = try storeCall { try FileWalk(paths) }
            let store = try database.open(readOnly: false)
            let naming = source.map { SourceNaming(name: $0, root: paths[0]) }
            let options = IngestOptions(
                encoding: reading.encoding, maxFileSize: reading.maxFileSize.bytes, batchSize: batching.size, threads: jobs, naming: naming,
                replacing: naming == nil || replace, grouping: batching.grouping)
            // On a terminal: a live line with the files and megabytes done, the rate, the time
            // left (the files are counted first, names only) and the facts so far.
            let progress = ProgressLine(quiet: quiet || verbose)
            let totalFiles = progress.enabled ? (try? FileWalk(paths))?.reduce(0) { count, _ in count + 1 } : nil
            var bytes: Int64 = 0
            let summary = try storeCall {
                try store.ingest(
                    files: files, options: options, extract: { extractor.extract($0) },
                    report: { result in show(result, progress: progress) },
                    progress: { written in
                        if progress.enabled {
                            for path in written.names {
                                bytes += ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
                            }
                        }
                        advance(progress, by: written, total: totalFiles, bytes: bytes)
                    })
            }
            progress.finish()
            for problem in files.problems {
                printError(CLIError.skippedLine(problem))
            }
            try finish(summary, store: store, problems: files.problems.count, unit: "file")
        }
    }

    /// `--from-jsonl`: checks every line of the record files, then stores them.
    private func ingestRecords() throws {
        let walk = try storeCall { try FileWalk(fromJSONL, files: .records) }
        let recordFiles = Array(walk)
        if let problem = walk.problems.first { throw CLIError.wrapping(problem) }
        let total = try storeCall { try DocumentRecord.check(files: recordFiles, threads: jobs) }
        let store = try database.open(readOnly: false)
        let options = IngestOptions(batchSize: batching.size, threads: jobs, grouping: batching.grouping)
        let progress = ProgressLine(quiet: quiet || verbose)
        let summary = try storeCall {
            try store.ingest(
                recordFiles: recordFiles, options: options, report: { result in show(result, progress: progress) },
                progress: { written in advance(progress, by: written, total: total, bytes: nil) })
        }
        progress.finish()
        try finish(summary, store: store, problems: 0, unit: "record")
    }

    /// Tells what became of one file or record: a line with --verbose, a skipped one always.
    private func show(_ result: FileIngestResult, progress: ProgressLine) {
        switch result {
        case .stored(let path, let outcome, _):
            if verbose { print("\(outcome)\t\(path)") }
        case .skipped(_, let error):
            progress.finish()
            printError(CLIError.skippedLine(error))
        }
    }

    /// Counts a batch the writer has written on the progress line. It is counted then, not when
    /// its transaction commits (a grouped transaction holds up to a second of batches), so the
    /// line moves with every batch.
    private func advance(_ progress: ProgressLine, by written: IngestProgress, total: Int?, bytes: Int64?) {
        if written.buildingIndexes {
            // After the last batch of a bulk load: no count moves while the indexes are built.
            progress.tick("ingest: \(ProgressLine.grouped(progress.done)) \(bytes == nil ? "records" : "files") stored; building the indexes and the name search")
            return
        }
        progress.done += written.names.count
        progress.facts += written.facts
        progress.update { seconds in
            ProgressLine.ingestText(
                files: progress.done, totalFiles: total, bytes: bytes, facts: progress.facts, seconds: seconds, unit: bytes == nil ? "records" : "files")
        }
    }

    /// Prints the totals; throws exit 3 when something was skipped.
    private func finish(_ summary: IngestSummary, store: Store, problems: Int, unit: String) throws {
        let skipped = summary.skipped + problems
        let total = summary.added + summary.replaced + summary.unchanged + summary.linked + summary.skipped
        let linked = summary.linked == 0 ? "" : "\(summary.linked) with the content of a stored document, kept as another source of it. "
        let stats = try storeCall { try store.stats() }
        print(
            "\(total) \(unit)(s): \(summary.added) added, \(summary.replaced) replaced, "
                + "\(summary.unchanged) unchanged, \(skipped) skipped. " + linked
                + "Database \(database.path): \(stats.documents) documents, \(stats.entities) entities, "
                + "\(stats.triples) triples, \(stats.evidence) evidence rows.")
        if verbose {
            print(String(
                format: "%.2f s: reading and extracting %.2f s (%d threads), writing %.2f s (overlapping; %.2f s of the writer thread's CPU time).",
                summary.seconds, summary.extractSeconds, jobs, summary.writeSeconds, summary.writeCPUSeconds))
        }
        if skipped > 0 { throw CLIError.skipped(count: skipped) }
    }
}

extension IngestOutcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .added: "added"
        case .replaced: "replaced"
        case .unchanged: "unchanged"
        case .linked: "linked"
        case .refused: "refused"
        }
    }
}

extension TextEncoding: ExpressibleByArgument {}

/// A size in bytes given as a number with an optional K, M or G suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        var digits = argument.uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        var multiplier = 1
        if let unit = digits.last, let power = ["K": 1, "M": 2, "G": 3][String(unit)] {
            multiplier = 1 << (10 * power)
            digits.removeLast()
        }
        guard let value = Int(digits), value > 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }

    var description: String {
        for (unit, power) in [("G", 3), ("M", 2), ("K", 1)] where bytes.isMultiple(of: 1 << (10 * power)) {
            return "\(bytes >> (10 * power))\(unit)"
        }
        return String(bytes)
    }

    var defaultValueDescription: String { description }
}
