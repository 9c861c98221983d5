import ArgumentParser
import Foundation
import TupuExtract
import TupuModel
import TupuIngest
import TupuStore

/// Runs the extractor on files without touching a database: for checking rules (`text`), or
/// as the map step of a distributed ingest (`jsonl`: the records `ingest --from-jsonl` stores).
struct Extract: ParsableCommand {
    /// What `extract` prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// One fact a line, for reading.
        case text
        /// One record a file (``DocumentRecord``), for `ingest --from-jsonl`.
        case jsonl
    }

    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what extraction finds in files, without storing anything.",
        discussion: """
            Each PATH is a text file or a folder searched (recursively) for *.txt files, read as \
            ingest reads them: UTF-8, UTF-16 with a byte order mark or GB18030 (or --encoding), at \
            most --max-file-size (checked before reading). A file that cannot be read or decoded is \
            reported on one line (with the offset of the first bad byte), the other files go on, \
            and the exit code is then 3.

            --format text prints one fact a line: subject, predicate, object, rule, and the span of \
            text that states it. --format jsonl prints one JSON line per file with everything \
            ingest would store of it: the document (path, source key as ingest computes it, or \
            under --source, content hash, title, date, text), its entities, mentions, aliases, and \
            facts with evidence (Unicode code point offsets, end exclusive), events already named \
            as instances. The output is deterministic (sorted keys, files in the order ingest \
            reads them). `tupu ingest --from-jsonl` stores such lines without extracting again, \
            so extraction can run on other machines (scripts/spark/extract_jsonl.py runs it on \
            Apache Spark).

            Example: tupu extract --format jsonl corpus/ > corpus.jsonl && tupu ingest --from-jsonl corpus.jsonl
            """)

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var reading: FileReadingOptions

    @Option(name: .long, help: ArgumentHelp("text (facts, for reading) or jsonl (records for ingest --from-jsonl).", valueName: "format"))
    var format: Format = .text

    @Flag(name: .long, help: "text: also list every entity mention.")
    var mentions = false

    @Option(name: .long, help: ArgumentHelp(
        "jsonl: the source keys as `ingest --source NAME` gives them (NAME for a file, NAME/PATH-INSIDE for a folder's files); one PATH only.",
        valueName: "name"))
    var source: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "jsonl: threads that read and extract files (one per core unless given).", valueName: "n"))
    var jobs = IngestOptions().threads

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var output: String?

    @Argument(help: ArgumentHelp("Text files or folders.", valueName: "path"))
    var files: [String]

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1.") }
        if let source {
            guard format == .jsonl else { throw ValidationError("--source goes with --format jsonl.") }
            guard files.count == 1 else { throw ValidationError("--source names one PATH (a file or a folder); run extract once per path.") }
            guard !source.isEmpty, !source.contains("\0") else { throw ValidationError("--source needs a non-empty name.") }
        }
        if mentions, format == .jsonl { throw ValidationError("--mentions goes with --format text (jsonl records hold every mention).") }
    }

    func run() throws {
        try report {
            let extractor = try ruleOptions.extractor()
            let walk = try storeCall { try FileWalk(files) }
            var skipped = 0
            try OutputFile.writing(to: output, force: false) { stream in
                switch format {
                case .text:
                    for file in walk {
                        skipped += write(file, extractor: extractor, to: &stream) ? 0 : 1
                    }
                case .jsonl:
                    let options = IngestOptions(
                        encoding: reading.encoding, maxFileSize: reading.maxFileSize.bytes, threads: jobs,
                        naming: source.map { SourceNaming(name: $0, root: files[0]) })
                    DocumentRecord.lines(files: walk, options: options, extract: { extractor.extract($0) }) { _, line in
                        switch line {
                        case .success(let text):
                            stream.write(text)
                            stream.write("\n")
                        case .failure(let error):
                            printError(CLIError.skippedLine(error))
                            skipped += 1
                        }
                    }
                }
            }
            for problem in walk.problems {
                printError(CLIError.skippedLine(problem))
            }
            skipped += walk.problems.count
            if skipped > 0 { throw CLIError.skipped(count: skipped) }
        }
    }

    /// Writes the facts (and mentions) found in one file; false when the file was skipped.
    private func write(_ file: String, extractor: Extractor, to stream: inout OutputStream) -> Bool {
        let text: String
        do throws(DocumentError) {
            text = try SourceDocument.read(path: file, encoding: reading.encoding, maxFileSize: reading.maxFileSize.bytes).text
        } catch {
            printError(CLIError.skippedLine(error))
            return false
        }
        let result = extractor.extract(text)
        let scalars = Array(text.unicodeScalars)
        print("# \(file)\ttitle=\(result.title ?? "-")\tpublished=\(result.publicationDate ?? "-")", to: &stream)
        if mentions {
            for mention in result.mentions {
                print("mention\t\(mention.entity.kind.rawValue)\t\(mention.entity.name)\t\(mention.span.start)-\(mention.span.end)\t\(mention.rule)", to: &stream)
            }
        }
        for fact in result.facts.sorted(by: { $0.triple < $1.triple }) {
            print("\(fact.triple)\t\(fact.evidence.rule)\t\(scalars.text(fact.evidence.span))", to: &stream)
        }
        return true
    }
}
