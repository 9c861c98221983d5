import ArgumentParser
import TupuModel
import TupuStore

/// Finds one entity by name or alias, or exits 1 with close matches.
func resolveEntity(_ name: String, in store: Store, quiet: Bool = false) throws -> EntityMatch {
    let ids = try storeCall { try store.match(name).entityIDs }
    guard let id = ids.first else {
        let suggestions = try storeCall { try store.suggestions(for: name) }
        printError("tupu: no entity is named \"\(name)\"" + (suggestions.isEmpty ? "; try `tupu search`" : "; did you mean: \(suggestions.joined(separator: ", "))?"))
        throw ExitCode(1)
    }
    if ids.count > 1, !quiet {
        printError("tupu: \"\(name)\" names \(ids.count) entities; showing the first")
    }
    guard let entity = try storeCall({ try store.entity(id) }) else { throw CLIError.store(StoreError.invalidData(path: store.path, detail: "entity \(id) vanished")) }
    return entity
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Everything about one entity: kind, aliases, every fact in and out with its sentence and document.",
        discussion: "Example: tupu show 李希")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table, tsv, csv, json or jsonl (one row per fact and evidence).")
    var format: RowFormat = .table

    @Argument(help: "A name or alias.")
    var name: String

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            let entity = try resolveEntity(name, in: store)
            let aliases = try storeCall { try store.aliases(of: entity.id) }
            let ids = try storeCall { try store.tripleIDs(touching: entity.id) }
            let evidence = try storeCall { try store.evidence(forTriples: ids) }
            var rows: [OutputRow] = []
            for id in ids {
                for item in evidence[id] ?? [] {
                    let triple = item.triple
                    rows.append(OutputRow(values: [
                        triple.subject.name, triple.predicate.rawValue, triple.object.name, item.document,
                        "\(item.start)-\(item.end)", RowPrinter.oneLine(item.sentence),
                    ]))
                }
            }
            if format == .table {
                print("\(entity.name)  (\(entity.kind.rawValue) \(entity.kind.chineseLabel))")
                print("aliases: " + (aliases.isEmpty ? "-" : aliases.joined(separator: ", ")))
                print("facts: \(ids.count)\n")
            }
            try RowPrinter.print(
                columns: ["subject", "predicate", "object", "document", "span", "sentence"], rows: rows, format: format, withEvidence: false)
        }
    }
}
