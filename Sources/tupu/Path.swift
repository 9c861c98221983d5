import ArgumentParser
import TupuStore

struct Path: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "The shortest connection between two entities, as a chain of facts.",
        discussion: "Facts are followed in either direction. Example: tupu path 张虎 深圳国际仲裁院")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: RowOptions

    @Option(name: .long, help: "Give up beyond this many facts.")
    var maxDepth = 4

    @Argument(help: "Where the path starts (name or alias).") var from: String
    @Argument(help: "Where it ends (name or alias).") var to: String

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            let start = try resolveEntity(from, in: store)
            let end = try resolveEntity(to, in: store)
            guard let chain = try storeCall({ try store.shortestPath(from: start.id, to: end.id, maxDepth: maxDepth) }) else {
                throw CLIError.notFound(["no connection between \(start.name) and \(end.name) within \(maxDepth) facts (raise --max-depth)"])
            }
            let evidence = try storeCall { try store.evidence(forTriples: chain) }
            let rows = chain.enumerated().compactMap { step, id -> OutputRow? in
                guard let first = evidence[id]?.first else { return nil }
                let triple = first.triple
                return OutputRow(values: [String(step + 1), triple.subject.name, triple.predicate.rawValue, triple.object.name], evidence: evidence[id] ?? [])
            }
            try RowPrinter.print(columns: ["step", "subject", "predicate", "object"], rows: rows, format: output.format, withEvidence: output.evidence)
        }
    }
}
