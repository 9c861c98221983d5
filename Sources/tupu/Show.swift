import ArgumentParser
import TupuModel
import TupuStore

/// Finds the entities a name or alias names, or exits 1 with close matches.
func resolveEntities(_ name: String, in store: Store) throws -> [EntityMatch] {
    let ids = try storeCall { try store.match(name).entityIDs }
    guard !ids.isEmpty else {
        let suggestions = try storeCall { try store.suggestions(for: name) }
        throw CLIError.notFound(["no entity is named \"\(name)\"" + (suggestions.isEmpty ? "; try `tupu search`" : "; did you mean: \(suggestions.joined(separator: ", "))?")])
    }
    return try ids.map { id in
        guard let entity = try storeCall({ try store.entity(id) }) else { throw CLIError.store(.invalidData(path: store.path, detail: "entity \(id) vanished")) }
        return entity
    }
}

/// Finds one entity by name or alias (the first, with a warning, when it names several), or
/// exits 1 with close matches.
func resolveEntity(_ name: String, in store: Store, quiet: Bool = false) throws -> EntityMatch {
    let entities = try resolveEntities(name, in: store)
    if entities.count > 1, !quiet {
        printError("tupu: \"\(name)\" names \(entities.count) entities; showing the first")
    }
    return entities[0]
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one entity: kind, aliases, every fact in and out with its sentence and document.",
        discussion: "Example: tupu show 李希. A name several entities share (a meeting series: 省委常委会会议) shows each of them.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table, tsv, csv, json or jsonl (one row per fact and evidence).")
    var format: RowFormat = .table

    @Argument(help: "A name or alias.")
    var name: String

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            // A series name (省委常委会会议) names each of its meetings: all are shown.
            let entities = try resolveEntities(name, in: store)
            var rows: [OutputRow] = []
            for (number, entity) in entities.enumerated() {
                let facts = try storeCall { try store.facts(of: entity.id) }
                let (aliases, ids, evidence) = (facts.aliases, facts.tripleIDs, facts.evidence)
                var entityRows: [OutputRow] = []
                for id in ids {
                    for item in evidence[id] ?? [] {
                        let triple = item.triple
                        entityRows.append(OutputRow(values: [
                            triple.subject.name, triple.predicate.rawValue, triple.object.name, item.document,
                            "\(item.start)-\(item.end)", RowPrinter.oneLine(item.sentence),
                        ]))
                    }
                }
                guard format == .table else {
                    rows += entityRows
                    continue
                }
                if number > 0 { print("") }
                print("\(entity.name)  (\(entity.kind.rawValue) \(entity.kind.chineseLabel))")
                print("aliases: " + (aliases.isEmpty ? "-" : aliases.joined(separator: ", ")))
                print("facts: \(ids.count)\n")
                try RowPrinter.print(
                    columns: ["subject", "predicate", "object", "document", "span", "sentence"], rows: entityRows, format: format, withEvidence: false)
            }
            if format != .table {
                try RowPrinter.print(
                    columns: ["subject", "predicate", "object", "document", "span", "sentence"], rows: rows, format: format, withEvidence: false)
            }
        }
    }
}
