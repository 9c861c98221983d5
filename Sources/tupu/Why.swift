import ArgumentParser
import Foundation
import TupuModel
import TupuQuery
import TupuStore

struct Why: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Where a fact comes from: document, sentence with the span marked, rule and confidence.",
        discussion: "Example: tupu why 王伟中 presided 全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: table (readable), tsv, csv, json or jsonl.")
    var format: RowFormat = .table

    @Argument(help: "The subject (name or alias).") var subject: String
    @Argument(help: "The predicate (id or Chinese label).", transform: Predicate.argument) var predicate: Predicate
    @Argument(help: "The object (name, alias or date).") var object: String

    func run() throws {
        let known = predicate
        let query = TupuQuery.Query(patterns: [TriplePattern(Term(argument: subject), .fixed(known), Term(argument: object))])
        try report {
            let store = try database.open(readOnly: true)
            let result = try queryCall { try store.run(query) }
            guard !result.tripleIDs.isEmpty else {
                throw CLIError.notFound(["the graph does not hold \(subject) \(known.rawValue) \(object)"])
            }
            let evidence = try storeCall { try store.evidence(forTriples: result.tripleIDs.flatMap { $0 }) }
            let items = result.tripleIDs.flatMap { $0 }.flatMap { evidence[$0] ?? [] }
            if format == .table {
                for (number, item) in items.enumerated() {
                    let scalars = Array(item.sentence.unicodeScalars)
                    let lower = max(0, min(item.sentenceOffset, scalars.count))
                    let upper = max(lower, min(lower + (item.end - item.start), scalars.count))
                    let marked = scalars.text(0, lower) + "【" + scalars.text(lower, upper) + "】" + scalars.text(upper, scalars.count)
                    print("\(number + 1). \(item.triple.subject.name) \(item.triple.predicate.rawValue) \(item.triple.object.name)")
                    print("   document:   \(item.document)" + (item.documentTitle.map { "  (\($0))" } ?? ""))
                    print("   span:       \(item.start)-\(item.end)  「\(RowPrinter.oneLine(item.surface))」")
                    print("   sentence:   \(RowPrinter.oneLine(marked))")
                    print("   rule:       \(item.rule)   confidence: \(item.confidence)")
                }
            } else {
                let rows = items.map { item in
                    OutputRow(values: [item.document, String(item.start), String(item.end), item.surface, item.sentence, item.rule, String(item.confidence)])
                }
                try RowPrinter.print(
                    columns: ["document", "start", "end", "surface", "sentence", "rule", "confidence"], rows: rows, format: format,
                    withEvidence: false)
            }
        }
    }
}
