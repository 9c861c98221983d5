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
        commandName: "query",
        abstract: "Ask the graph with triple patterns, OPTIONAL, UNION, MINUS, filters, paths and aggregates.",
        discussion: """
            A pattern is SUBJECT PREDICATE OBJECT; patterns are joined by "." or new lines. A term is a \
            variable (?p, or ?p:person to require a kind), a name (canonical or alias; quote it as "…" when it \
            has spaces or is a keyword) or an ISO date. The predicate is an id or its Chinese label: \
            \(Predicate.allCases.map { "\($0.rawValue) \($0.chineseLabel)" }.joined(separator: ", ")), \
            or a path: attended/held_in (then), ^attended (backwards), visited|attended (either), \
            located_in+ and located_in* (one or more, zero or more steps, at most \(PropertyPath.maximumDepth)).

            After a pattern: IN ?doc (the article that states the fact; IN "path" for one), RULE ?r, \
            CONFIDENCE ?c. Groups: OPTIONAL { … }, { … } UNION { … }, MINUS { … }, FILTER NOT EXISTS { … }.

            FILTER conditions: contains(?v, "text"), prefix(?v, "text"), regex(?v, "^深圳", "i"), \
            ?d >= 2022-01-01 (=, !=, <, <=, >, >=; a variable on both sides too), ?d = 2023-05 and ?d > 2023 \
            (a month or year stands for its days), year(?d) = 2023, month(?d), ?p IN ("a", "b"), bound(?v), \
            joined with && || ! and parentheses. A malformed date (2023-1-1, 2023-13-45) is an error.

            Then GROUP BY ?v, HAVING condition, ORDER BY ?v | DESC(?v), LIMIT n, OFFSET n. Start with \
            SELECT [DISTINCT] ?a COUNT(?b) AS ?n to choose the columns; aggregates are COUNT, SUM, MIN, MAX, \
            AVG, GROUP_CONCAT(?v; SEPARATOR=", ") (plain variables next to an aggregate are grouped).

            A pattern that cannot match because of kinds (?p:place attended ?e: only persons attend) \
            returns no rows with a warning saying why, and exit code 1.

            Examples:
              tupu query '?p attended ?e'
              tupu query '?p:person 考察 ?o:organization . ?o located_in 深圳'
              tupu query 'SELECT ?p COUNT(?r) AS ?n WHERE ?p holds_role ?r ORDER BY DESC(?n) LIMIT 5'
              tupu query '?p attended ?e OPTIONAL { ?p holds_role ?r }'
              tupu query '?p attended ?e IN ?doc . ?e held_on ?d FILTER ?d >= 2022'
              tupu query --explain '?p attended ?e'
              tupu query --file long-query.txt

            A query over SQLite's limits (64 tables in a join, expression depth, terms) is refused \
            with its reason and exit code 64.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: RowOptions

    @Flag(name: .long, help: "Print the SQL, its bound arguments and SQLite's query plan instead of running it.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp(
        "Read the query from this file (- for standard input), for queries too long for the command line.", valueName: "path"))
    var file: String?

    @Argument(help: ArgumentHelp("The query (or --file).", valueName: "query"))
    var query: String?

    func validate() throws {
        if (query == nil) == (file == nil) { throw ValidationError("give the query as an argument or with --file, not both") }
    }

    /// The query text: the argument, or the file (or standard input) named by --file.
    private func queryText() throws -> String {
        if let query { return query }
        let path = file ?? "-"
        let data: Data?
        if path == "-" {
            data = try? FileHandle.standardInput.readToEnd() ?? Data()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else {
            throw CLIError.input("\(path): cannot read the query file; check the path and its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.usage("\(path): the query is not UTF-8 text")
        }
        return text
    }

    func run() throws {
        try report {
            let text = try queryText()
            let parsed = try parseQuery(text)
            let store = try database.open(readOnly: true)
            if explain {
                let plan = try queryCall { try store.explain(parsed) }
                print(plan.sql)
                print("-- arguments: " + plan.arguments.map(\.description).joined(separator: ", "))
                for line in plan.plan { print("-- plan: " + line) }
                return
            }
            try printQuery(parsed, store: store, output: output, text: text)
        }
    }
}

/// Parses a query; a syntax error is a usage error with the caret message.
func parseQuery(_ text: String) throws -> TupuQuery.Query {
    do {
        return try QueryParser.parse(text)
    } catch {
        throw CLIError.usage(error.description)
    }
}

/// Runs a store call that may fail on the query: usage problems exit 64, unknown names 1.
func queryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch StoreError.database(_, _, let message) where queryLimitMessages.contains(where: { message.contains($0) }) {
        // SQLite's limits on one statement (tables in a join, expression depth, terms) are a
        // problem of the query, not of the database.
        throw CLIError.usage("the query is too large for SQLite (\(message)); split it into smaller queries")
    } catch {
        throw CLIError.wrapping(error)
    }
}

/// SQLite's messages for statements over its compile-time limits.
private let queryLimitMessages = [
    "at most 64 tables in a join", "Expression tree is too large", "too many terms", "too many SQL variables",
    "too many columns", "too many arguments", "parser stack overflow", "string or blob too big", "statement too long",
]

/// Runs a query and prints its rows, with evidence when asked. When nothing matches and the
/// patterns cannot match (kinds, predicate domains), says why and exits 1.
func printQuery(_ query: TupuQuery.Query, store: Store, output: RowOptions, text: String? = nil) throws {
    let result = try queryCall { try store.run(query) }
    if result.rows.isEmpty, let text {
        let warnings = store.warnings(query, text: text)
        if !warnings.isEmpty { throw CLIError.notFound(warnings.map { "warning: \($0)" }) }
    }
    if output.evidence, result.tripleIDs.isEmpty, !result.rows.isEmpty {
        printError("tupu: --evidence needs rows made of facts; it is ignored for COUNT and DISTINCT queries")
    }
    let evidence = output.evidence ? try storeCall { try store.evidence(forTriples: result.tripleIDs.flatMap { $0 }) } : [:]
    let rows = result.rows.enumerated().map { index, values in
        OutputRow(values: values, evidence: index < result.tripleIDs.count ? result.tripleIDs[index].flatMap { evidence[$0] ?? [] } : [])
    }
    try RowPrinter.print(columns: result.columns, rows: rows, format: output.format, withEvidence: output.evidence)
}


