import ArgumentParser
import TupuModel
import TupuStore

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Every dated fact about a person, an event series or an initiative, in date order, with its document.",
        discussion: """
            A fact is dated by the event it is about (its held_on date), else by the publication \
            date of the article that states it (the `from` column says which). A series name \
            (省委常委会会议) covers every meeting of the series.

            Examples:
              tupu timeline 深港国际金融城      # when it was raised, by whom, at which meeting
              tupu timeline 李希 --format tsv
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table, tsv, csv, json or jsonl.")
    var format: RowFormat = .table

    @Argument(help: "A name or alias.")
    var name: String

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            _ = try resolveEntity(name, in: store, quiet: true)
            let entries = try storeCall { try store.timeline(name) }
            let rows = entries.map { entry in
                OutputRow(values: [
                    entry.date, entry.dateSource, entry.triple.subject.name, entry.triple.predicate.rawValue, entry.triple.object.name,
                    entry.documentTitle ?? entry.document, RowPrinter.oneLine(entry.sentence),
                ])
            }
            if rows.isEmpty {
                throw CLIError.notFound(["no dated fact about \"\(name)\""])
            }
            try RowPrinter.print(
                columns: ["date", "from", "subject", "predicate", "object", "document", "sentence"], rows: rows, format: format, withEvidence: false)
        }
    }
}
