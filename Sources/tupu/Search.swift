import ArgumentParser
import TupuStore

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find entities whose name or alias contains the text.",
        discussion: "Substrings of three or more characters use a trigram index; shorter ones scan the names. Example: tupu search 仲裁")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table, tsv, csv, json or jsonl.")
    var format: RowFormat = .table

    @Option(name: .long, help: "At most this many matches.")
    var limit = 50

    @Argument(help: "The text to look for.")
    var text: String

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            let matches = try storeCall { try store.search(text, limit: limit) }
            let rows = matches.map { OutputRow(values: [$0.kind.rawValue, $0.name, $0.alias]) }
            try RowPrinter.print(columns: ["kind", "name", "alias"], rows: rows, format: format, withEvidence: false)
            if matches.isEmpty { throw CLIError.notFound([]) }
        }
    }
}
