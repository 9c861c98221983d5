import ArgumentParser
import TupuModel
import TupuStore

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count what the database holds: documents, entities by kind, triples by predicate, evidence.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table, tsv, csv, json or jsonl.")
    var format: RowFormat = .table

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            let stats = try storeCall { try store.stats() }
            var rows: [[String]] = [
                ["documents", "", String(stats.documents)],
                ["entities", "", String(stats.entities)],
            ]
            for kind in EntityKind.allCases {
                rows.append(["", kind.rawValue, String(stats.entitiesByKind[kind] ?? 0)])
            }
            rows.append(["triples", "", String(stats.triples)])
            for predicate in Predicate.allCases {
                rows.append(["", predicate.rawValue, String(stats.triplesByPredicate[predicate] ?? 0)])
            }
            rows += [
                ["evidence", "", String(stats.evidence)],
                ["mentions", "", String(stats.mentions)],
                ["aliases", "", String(stats.aliases)],
            ]
            try RowPrinter.print(columns: ["what", "kind", "count"], rows: rows.map { OutputRow(values: $0) }, format: format, withEvidence: false)
        }
    }
}
