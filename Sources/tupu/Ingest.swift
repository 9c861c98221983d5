import ArgumentParser
import TupuExtract
import TupuStore

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read articles into the database.",
        discussion: """
            Each PATH is a UTF-8 text file or a folder searched (recursively) for *.txt files. \
            A file already stored with the same content is skipped; a file whose content changed \
            replaces that document's facts. Files that cannot be read are reported and skipped, \
            the rest of the batch goes on, and the exit code is then 3.

            Example: tupu ingest seeds/ --db Graphs/seeds.sqlite
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var ruleOptions: RuleOptions

    @Flag(name: .shortAndLong, help: "Print one line per file.")
    var verbose = false

    @Argument(help: ArgumentHelp("Files or folders to read.", valueName: "path"))
    var paths: [String]

    func run() throws {
        try report {
            let extractor = try ruleOptions.extractor()
            let files = try storeCall { try SourceDocument.discover(paths) }
            let store = try database.open(readOnly: false)
            var counts: [IngestOutcome: Int] = [:]
            var skipped = 0
            for file in files {
                do {
                    let document = try SourceDocument.read(path: file)
                    let outcome = try store.ingest(document) { extractor.extract($0) }
                    counts[outcome, default: 0] += 1
                    if verbose { print("\(outcome)\t\(document.path)") }
                } catch let error as StoreError {
                    skipped += 1
                    printError("tupu: skipped: \(error)")
                }
            }
            let stats = try storeCall { try store.stats() }
            print(
                "\(files.count) file(s): \(counts[.added] ?? 0) added, \(counts[.replaced] ?? 0) replaced, "
                    + "\(counts[.unchanged] ?? 0) unchanged, \(skipped) skipped. "
                    + "Database \(database.path): \(stats.documents) documents, \(stats.entities) entities, "
                    + "\(stats.triples) triples, \(stats.evidence) evidence rows.")
            if skipped > 0 { throw ExitCode(3) }
        }
    }
}

extension IngestOutcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .added: "added"
        case .replaced: "replaced"
        case .unchanged: "unchanged"
        }
    }
}
