import ArgumentParser
import Foundation
import TupuIngest
import TupuStore

/// Unions shard stores (ingested separately, on other machines) into one store.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Union shard databases into one, as one ingest of all their files would.",
        discussion: """
            OUT is created when missing. Each SHARD's documents are read back as stored (text, \
            title, date, mentions, aliases, facts with evidence; nothing is extracted again) and \
            written into OUT through the same writer as ingest, under each of their source keys: \
            entities are identified by kind and name, facts by their triple, events by their \
            instance names, documents by content hash, evidence by document, fact, span and \
            rule, exactly as when one ingest reads every file. A key already in OUT with the same \
            content is unchanged and one with other content is replaced, so merging again \
            changes nothing; shards merged in the order their files would be ingested give the \
            store that ingest gives. Documents are written --batch-size at a time, each batch in \
            one transaction: a merge killed at any point leaves whole documents, and running it \
            again completes it. Shards are only read.

            Example: tupu merge all.sqlite shard-1.sqlite shard-2.sqlite shard-3.sqlite
            """)

    @Option(name: .long, help: ArgumentHelp("Documents written per transaction.", valueName: "n"))
    var batchSize = IngestOptions().batchSize

    @Flag(name: .shortAndLong, help: "No progress line (it is drawn on standard error only when that is a terminal).")
    var quiet = false

    @Argument(help: ArgumentHelp("The database to merge into.", valueName: "out"))
    var output: String

    @Argument(help: ArgumentHelp("The shard databases, merged in this order.", valueName: "shard"))
    var shards: [String]

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
        guard !shards.isEmpty else { throw ValidationError("Give at least one SHARD database to merge into \(output).") }
        let target = SourceDocument.canonicalPath(output)
        if let same = shards.first(where: { SourceDocument.canonicalPath($0) == target }) {
            throw ValidationError("\(same) is OUT itself; a store cannot be merged into itself.")
        }
    }

    func run() throws {
        try report {
            // Every shard opened before OUT is created: a missing one changes nothing.
            let opened = try shards.map { try openStore($0, readOnly: true) }
            let store = try openStore(output, readOnly: false)
            let progress = ProgressLine(quiet: quiet)
            for (path, shard) in zip(shards, opened) {
                let summary = try storeCall {
                    try store.merge(from: shard, batchSize: batchSize) { done, total in
                        progress.update { seconds in
                            "merge: \(path): \(ProgressLine.grouped(done))/\(ProgressLine.grouped(total)) documents, "
                                + "\(ProgressLine.grouped(Int((Double(done) / max(seconds, 0.001)).rounded()))) documents/s"
                        }
                    }
                }
                progress.finish()
                print(
                    "\(path): \(summary.documents) documents, \(summary.sources) sources: \(summary.added) added, "
                        + "\(summary.replaced) replaced, \(summary.unchanged) unchanged, \(summary.linked) kept as another source.")
            }
            let stats = try storeCall { try store.stats() }
            print("Database \(output): \(stats.documents) documents, \(stats.entities) entities, \(stats.triples) triples, \(stats.evidence) evidence rows.")
        }
    }
}
