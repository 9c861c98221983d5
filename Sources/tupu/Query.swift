import ArgumentParser
import Foundation
import TupuModel
import TupuQuery
import TupuStore

/// Options shared by the commands that print rows.
struct RowOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output: table (aligned), tsv, csv (RFC 4180), json or jsonl.")
    var format: RowFormat = .table

    @Flag(name: .long, help: "Add the evidence of each row's facts: document, span, rule, confidence, text.")
    var evidence = false
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the graph with triple patterns, filters, counts and ordering.",
        discussion: """
            A pattern is SUBJECT PREDICATE OBJECT; patterns are joined by "." or new lines. A term is a \
            variable (?p, or ?p:person to require a kind), a name (canonical or alias; quote it as "…" when it \
            has spaces or is a keyword) or an ISO date. The predicate is an id or its Chinese label: \
            \(Predicate.allCases.map { "\($0.rawValue) \($0.chineseLabel)" }.joined(separator: ", ")).

            After the patterns: FILTER contains(?v, "text"), FILTER prefix(?v, "text"), FILTER ?d >= 2022-01-01 \
            (=, !=, <, <=, >, >=), GROUP BY ?v, ORDER BY ?v | DESC(?v), LIMIT n. Start with SELECT [DISTINCT] \
            ?a COUNT(?b) AS ?n to choose the columns (plain variables next to a COUNT are grouped).

            Examples:
              tupu query '?p attended ?e'
              tupu query '?p:person 考察 ?o:organization . ?o located_in 深圳'
              tupu query 'SELECT ?p COUNT(?r) AS ?n WHERE ?p holds_role ?r ORDER BY DESC(?n) LIMIT 5'
              tupu query --explain '?p attended ?e'
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: RowOptions

    @Flag(name: .long, help: "Print the SQL, its bound arguments and SQLite's query plan instead of running it.")
    var explain = false

    @Argument(help: ArgumentHelp("The query.", valueName: "query"))
    var query: String

    func run() throws {
        let parsed = try parseQuery(query)
        try report {
            let store = try database.open(readOnly: true)
            if explain {
                let plan = try queryCall { try store.explain(parsed) }
                print(plan.sql)
                print("-- arguments: " + plan.arguments.map(\.description).joined(separator: ", "))
                for line in plan.plan { print("-- plan: " + line) }
                return
            }
            try printQuery(parsed, store: store, output: output)
        }
    }
}

/// Parses a query or exits 64 with the caret message.
func parseQuery(_ text: String) throws -> TupuQuery.Query {
    do {
        return try QueryParser.parse(text)
    } catch {
        printError("tupu: \(error)")
        throw ExitCode(64)
    }
}

/// Runs a store call that may fail on the query: usage problems exit 64, unknown names 1.
func queryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as QueryError {
        printError("tupu: \(error)")
        if case .unknownName = error { throw ExitCode(1) }
        throw ExitCode(64)
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError.store(error)
    }
}

/// Runs a query and prints its rows, with evidence when asked.
func printQuery(_ query: TupuQuery.Query, store: Store, output: RowOptions) throws {
    let result = try queryCall { try store.run(query) }
    if output.evidence, result.tripleIDs.isEmpty, !result.rows.isEmpty {
        printError("tupu: --evidence needs rows made of facts; it is ignored for COUNT and DISTINCT queries")
    }
    let evidence = output.evidence ? try storeCall { try store.evidence(forTriples: result.tripleIDs.flatMap { $0 }) } : [:]
    let rows = result.rows.enumerated().map { index, values in
        OutputRow(values: values, evidence: index < result.tripleIDs.count ? result.tripleIDs[index].flatMap { evidence[$0] ?? [] } : [])
    }
    try RowPrinter.print(columns: result.columns, rows: rows, format: output.format, withEvidence: output.evidence)
}

/// A predicate given by id or Chinese label, or exit 64 listing the known ones.
func parsePredicate(_ text: String) throws -> Predicate {
    guard let known = Predicate(label: text) else {
        printError("tupu: unknown predicate \"\(text)\"; known predicates: " + Predicate.catalogue)
        throw ExitCode(64)
    }
    return known
}
