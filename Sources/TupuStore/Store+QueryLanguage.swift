import Foundation
import GRDB
import TupuModel
import TupuQuery

/// The rows a query returns.
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    /// One value per visible column; nil where a value is missing.
    public var rows: [[String?]]
    /// For each row, the id of the triple that matched each pattern (empty for aggregates).
    public var tripleIDs: [[Int64]]
}

/// One evidence row of a stored triple, with its sentence and surface text.
public struct FactEvidence: Sendable, Equatable {
    public var triple: Triple
    public var document: String
    public var documentTitle: String?
    public var sentence: String
    /// Where the fact's span starts within `sentence`, in code points.
    public var sentenceOffset: Int
    public var start: Int
    public var end: Int
    public var surface: String
    public var rule: String
    public var confidence: Double
}

/// An entity found by name or alias.
public struct EntityMatch: Sendable, Equatable, Hashable {
    public var id: Int64
    public var kind: EntityKind
    public var name: String
    /// The alias that matched, when the match came from an alias.
    public var alias: String?
}

extension Store {
    /// Runs a parsed query.
    ///
    /// ```swift
    /// let rows = try store.run(try QueryParser.parse("?p attended ?e"))
    /// ```
    public func run(_ query: Query) throws -> QueryResult {
        try run(query, ordering: .automatic)
    }

    /// Runs a parsed query, walking in order as `ordering` says (``OrderedWalk``); a walk
    /// tells what it did to `counts`, when given.
    func run(_ query: Query, ordering: OrderedWalk.Mode, counts: OrderedWalk.Counts? = nil) throws -> QueryResult {
        let compiled = try compile(query)
        let path = self.path
        do {
            return try readRetrying { db in
                Self.addQueryFunctions(db)
                if let plan = compiled.ordered,
                   let result = try OrderedWalk(
                       db: db, plan: plan, columns: compiled.columns, tripleIDColumns: compiled.tripleIDColumns, mode: ordering,
                       counts: counts
                   ).run() {
                    return result
                }
                var rows: [[String?]] = []
                var ids: [[Int64]] = []
                try Self.collectRows(
                    try db.makeStatement(sql: compiled.sql), arguments: compiled.arguments, visible: compiled.columns.count,
                    tripleIDColumns: compiled.tripleIDColumns, rows: &rows, ids: &ids)
                return QueryResult(columns: compiled.columns, rows: rows, tripleIDs: ids)
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs compiled SQL and appends its rows: the visible values, then (when the query carries
    /// them) the ids of the triples each row matched.
    static func collectRows(
        _ statement: Statement, arguments: [SQLArgument], visible: Int, tripleIDColumns: Int,
        rows: inout [[String?]], ids: inout [[Int64]]
    ) throws {
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        while let row = try cursor.next() {
            rows.append((0..<visible).map { index in
                let value: DatabaseValue = row[index]
                return Self.text(value)
            })
            if tripleIDColumns > 0 {
                // NULL where an OPTIONAL group did not match.
                ids.append((visible..<(visible + tripleIDColumns)).compactMap { row[$0] as Int64? })
            }
        }
    }

    /// The kinds each predicate has linked (`triple_kind`): predicate, subject kind, object kind
    /// ('' for a literal), sorted.
    func linkedKinds() throws(StoreError) -> [[String]] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT predicate, subjectKind, objectKind FROM triple_kind ORDER BY 1, 2, 3")
                .map { [$0[0], $0[1], $0[2]] }
        }
    }

    /// The SQL, its arguments and SQLite's plan for a query (`tupu query --explain`).
    public func explain(_ query: Query) throws -> (sql: String, arguments: [SQLArgument], plan: [String]) {
        let compiled = try compile(query)
        let plan = try read { db in
            Self.addQueryFunctions(db)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + compiled.sql, arguments: Self.arguments(compiled.arguments))
                .map { row -> String in row["detail"] ?? "" }
        }
        return (compiled.sql, compiled.arguments, plan)
    }

    /// The printed form of a result value: text as is, whole numbers without a fraction, others
    /// with at most four decimals (an average of confidences: 0.925).
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            var text = String(format: "%.4f", number)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        case .string(let string): return string
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }

    /// The SQL function behind `regex(?v, "pattern", "flags")`.
    static let regexFunctionName = "tupu_regexp"

    /// Registers the functions compiled queries call (on every connection that runs one).
    static func addQueryFunctions(_ db: Database) {
        db.add(function: regexFunction)
    }

    private static let regexFunction = DatabaseFunction(regexFunctionName, argumentCount: 3, pure: true) { values in
        guard let pattern = String.fromDatabaseValue(values[0]), let value = String.fromDatabaseValue(values[2]) else { return nil }
        let flags = String.fromDatabaseValue(values[1]) ?? ""
        guard let expression = RegexCache.shared.expression(pattern, flags: flags) else { return false }
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        return expression.firstMatch(in: value, range: range) != nil
    }

    /// Warnings for patterns that cannot match (kinds and predicate domains, see ``QueryAnalysis``).
    public func warnings(_ query: Query, text: String) -> [QueryWarning] {
        QueryAnalysis.warnings(query, text: text) { name in
            let kinds = try? read { db in
                try String.fetchAll(
                    db, sql: "SELECT kind FROM entity WHERE name = ? UNION SELECT e.kind FROM alias a JOIN entity e ON e.id = a.entityId WHERE a.alias = ?",
                    arguments: [name, name])
            }
            return Set((kinds ?? []).compactMap(EntityKind.init(rawValue:)))
        }
    }

    func compile(_ query: Query) throws -> CompiledQuery {
        do {
            return try SQLCompiler.compile(query) { name in try self.match(name) }
        } catch QueryError.unknownName(let name, _) {
            throw QueryError.unknownName(name: name, suggestions: try suggestions(for: name))
        }
    }

    static func arguments(_ arguments: [SQLArgument]) -> StatementArguments {
        StatementArguments(arguments.map { argument -> (any DatabaseValueConvertible)? in
            switch argument {
            case .text(let text): text
            case .integer(let value): value
            case .real(let value): value
            }
        })
    }

    /// The entities whose canonical name or alias is exactly `name`, and whether it is a literal.
    public func match(_ name: String) throws(StoreError) -> NameMatch {
        try read { db in
            let ids = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM entity WHERE name = ? UNION SELECT entityId FROM alias WHERE alias = ? ORDER BY 1",
                arguments: [name, name])
            let literal = try Bool.fetchOne(db, sql: "SELECT 1 FROM triple WHERE objectLiteral = ? LIMIT 1", arguments: [name]) ?? false
            return NameMatch(entityIDs: ids, isLiteral: literal)
        }
    }

    /// Entities and aliases that contain `text` (substring, any kind), names first, then aliases.
    public func search(_ text: String, limit: Int = 50) throws(StoreError) -> [EntityMatch] {
        guard !text.isEmpty else { return [] }
        return try read { db in
            // The trigram index serves substrings of three characters or more; shorter ones scan.
            // (Not while a bulk load has left the index out of step: see Store+BulkLoad.swift.)
            let useIndex = try text.count >= 3 && !Self.hasDeferred(db)
            let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let byName = useIndex
                ? "SELECT e.id, e.kind, e.name, NULL AS alias FROM entity_search s JOIN entity e ON e.id = s.rowid WHERE entity_search MATCH ?"
                : "SELECT e.id, e.kind, e.name, NULL AS alias FROM entity e WHERE instr(e.name, ?) > 0"
            let byAlias = useIndex
                ? "SELECT e.id, e.kind, e.name, a.alias FROM alias_search s JOIN alias a ON a.id = s.rowid JOIN entity e ON e.id = a.entityId WHERE alias_search MATCH ?"
                : "SELECT e.id, e.kind, e.name, a.alias FROM alias a JOIN entity e ON e.id = a.entityId WHERE instr(a.alias, ?) > 0"
            let argument = useIndex ? phrase : text
            var seen = Set<Int64>()
            var matches: [EntityMatch] = []
            for sql in [byName, byAlias] {
                let rows = try Row.fetchAll(db, sql: sql + " ORDER BY length(e.name), e.name LIMIT ?", arguments: [argument, limit])
                for row in rows {
                    let id: Int64 = row[0]
                    guard seen.insert(id).inserted, let kind = EntityKind(rawValue: row[1]) else { continue }
                    matches.append(EntityMatch(id: id, kind: kind, name: row[2], alias: row[3]))
                }
            }
            return Array(matches.prefix(limit))
        }
    }

    /// Names close to `name` (``TupuModel/Suggestions``), among those sharing a character with it.
    public func suggestions(for name: String, limit: Int = 5) throws(StoreError) -> [String] {
        let characters = Array(Set(name.filter { !$0.isWhitespace })).sorted().prefix(8)
        guard !characters.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            for character in characters {
                found.formUnion(try String.fetchAll(
                    db, sql: "SELECT name FROM entity WHERE instr(name, ?) > 0 UNION SELECT alias FROM alias WHERE instr(alias, ?) > 0 LIMIT 200",
                    arguments: [String(character), String(character)]))
            }
            // Equally close names: the one nearest in length first, then in code point order.
            let candidates = found.sorted { (abs($0.count - name.count), $0) < (abs($1.count - name.count), $1) }
            return Suggestions.closest(to: name, among: candidates, limit: limit, minimumShared: max(1, min(2, name.count / 2)))
        }
    }
}

/// Compiled regular expressions by pattern and flags (the parser has checked each pattern).
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var expressions: [String: NSRegularExpression] = [:]

    func expression(_ pattern: String, flags: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        let key = flags + "\u{0}" + pattern
        if let cached = expressions[key] { return cached }
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("s") { options.insert(.dotMatchesLineSeparators) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        if flags.contains("x") { options.insert(.allowCommentsAndWhitespace) }
        guard let expression = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        if expressions.count > 256 { expressions.removeAll() }
        expressions[key] = expression
        return expression
    }
}
