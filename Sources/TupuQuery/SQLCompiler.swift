import TupuModel

/// A value bound to a `?` placeholder of compiled SQL. Query text never enters SQL text.
public enum SQLArgument: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case integer(Int64)

    public var description: String {
        switch self {
        case .text(let text): "\"\(text)\""
        case .integer(let value): String(value)
        }
    }
}

/// What a name in a query matches in the store.
public struct NameMatch: Sendable, Equatable {
    /// Entities whose canonical name or alias is the name.
    public var entityIDs: [Int64]
    /// Whether some triple has the name as a literal object.
    public var isLiteral: Bool

    public init(entityIDs: [Int64], isLiteral: Bool) {
        self.entityIDs = entityIDs
        self.isLiteral = isLiteral
    }
}

/// SQL for a query, over the `triple` and `entity` tables.
public struct CompiledQuery: Sendable, Equatable {
    public var sql: String
    public var arguments: [SQLArgument]
    /// The names of the visible result columns, in order.
    public var columns: [String]
    /// How many hidden columns follow the visible ones: the triple id of each pattern
    /// (for provenance), or 0 for aggregate and DISTINCT queries.
    public var tripleIDColumns: Int
}

/// Turns a ``Query`` into one SQL statement: one `triple` alias per pattern, joined on shared
/// variables, with bound names resolved to entity ids beforehand so every bound term is an
/// indexed lookup.
public struct SQLCompiler {
    public typealias Resolver = (String) throws -> NameMatch

    private var from: [String] = []
    private var joins: [String] = []
    private var conditions: [String] = []
    private var arguments: [SQLArgument] = []
    private var entityColumn: [String: String] = [:]
    private var literalColumn: [String: String] = [:]
    private var predicateColumn: [String: String] = [:]
    private var entityAlias: [String: String] = [:]

    public static func compile(_ query: Query, resolve: Resolver) throws -> CompiledQuery {
        var compiler = SQLCompiler()
        return try compiler.build(query, resolve: resolve)
    }

    private mutating func build(_ query: Query, resolve: Resolver) throws -> CompiledQuery {
        for (index, pattern) in query.patterns.enumerated() {
            let triple = "t\(index)"
            from.append("triple \(triple)")
            try bind(pattern.subject, entity: "\(triple).subjectId", literal: nil, resolve: resolve)
            switch pattern.predicate {
            case .fixed(let predicate):
                conditions.append("\(triple).predicate = ?")
                arguments.append(.text(predicate.rawValue))
            case .variable(let name):
                guard entityColumn[name] == nil else { throw QueryError.invalid("?\(name) is used both as a predicate and as an entity") }
                if let existing = predicateColumn[name] {
                    conditions.append("\(triple).predicate = \(existing)")
                } else {
                    predicateColumn[name] = "\(triple).predicate"
                }
            }
            try bind(pattern.object, entity: "\(triple).objectId", literal: "\(triple).objectLiteral", resolve: resolve)
        }
        for filter in query.filters {
            let value = try valueExpression(filter.variable)
            switch filter {
            case .contains(_, let text):
                conditions.append("instr(\(value), ?) > 0")
                arguments.append(.text(text))
            case .prefix(_, let text):
                conditions.append("substr(\(value), 1, length(?)) = ?")
                arguments += [.text(text), .text(text)]
            case .compare(_, let comparison, let text):
                conditions.append("\(value) \(comparison.rawValue) ?")
                arguments.append(.text(text))
            }
        }

        let selected = query.select.isEmpty ? query.variables.map(SelectItem.variable) : query.select
        var columns: [String] = []
        var expressions: [String] = []
        var countAliases: [String: String] = [:]
        for (index, item) in selected.enumerated() {
            let alias = "c\(index)"
            switch item {
            case .variable(let name):
                expressions.append("\(try valueExpression(name)) AS \(alias)")
            case .count(let variable, let distinct, let name):
                let argument = try variable.map { try identityExpression($0) } ?? "*"
                expressions.append("COUNT(\(distinct && variable != nil ? "DISTINCT " : "")\(argument)) AS \(alias)")
                countAliases[name] = alias
            }
            columns.append(item.columnName)
        }
        let aggregate = selected.contains { $0.isCount }
        var groupKeys: [String] = []
        if aggregate {
            let keys = query.groupBy.isEmpty ? selected.compactMap { item -> String? in
                if case .variable(let name) = item { name } else { nil }
            } : query.groupBy
            groupKeys = try keys.map { try identityExpression($0) }
        }
        let tripleIDColumns = aggregate || query.distinct ? 0 : query.patterns.count
        if tripleIDColumns > 0 {
            expressions += (0..<query.patterns.count).map { "t\($0).id" }
        }

        var sql = "SELECT \(query.distinct ? "DISTINCT " : "")\(expressions.joined(separator: ", "))\nFROM \(from.joined(separator: ", "))"
        if !joins.isEmpty { sql += "\n" + joins.joined(separator: "\n") }
        if !conditions.isEmpty { sql += "\nWHERE " + conditions.joined(separator: "\n  AND ") }
        if !groupKeys.isEmpty { sql += "\nGROUP BY " + groupKeys.joined(separator: ", ") }
        var order: [String] = []
        for item in query.orderBy {
            let expression: String
            if let alias = countAliases[item.name] {
                expression = alias
            } else if let index = selected.firstIndex(of: .variable(item.name)) {
                expression = "c\(index)"
            } else {
                expression = try valueExpression(item.name)
            }
            order.append(expression + (item.descending ? " DESC" : ""))
        }
        // Without ORDER BY, rows come sorted by the visible columns so output is deterministic.
        if order.isEmpty { order = (0..<selected.count).map { "c\($0)" } }
        if order.isEmpty, tripleIDColumns > 0 { order = ["t0.id"] }
        if !order.isEmpty { sql += "\nORDER BY " + order.joined(separator: ", ") }
        if let limit = query.limit {
            sql += "\nLIMIT ?"
            arguments.append(.integer(Int64(limit)))
        }
        return CompiledQuery(sql: sql, arguments: arguments, columns: columns, tripleIDColumns: tripleIDColumns)
    }

    private mutating func bind(_ term: Term, entity column: String, literal: String?, resolve: Resolver) throws {
        switch term {
        case .variable(let name, let kind):
            guard predicateColumn[name] == nil else { throw QueryError.invalid("?\(name) is used both as a predicate and as an entity") }
            if let existing = entityColumn[name] {
                conditions.append("\(column) = \(existing)")
            } else {
                entityColumn[name] = column
                if let literal { literalColumn[name] = literal }
            }
            if let kind {
                conditions.append("\(entityJoin(name)).kind = ?")
                arguments.append(.text(kind.rawValue))
            }
        case .name(let name), .date(let name):
            let match = try resolve(name)
            if !match.entityIDs.isEmpty {
                conditions.append("\(column) IN (\(Array(repeating: "?", count: match.entityIDs.count).joined(separator: ", ")))")
                arguments += match.entityIDs.map(SQLArgument.integer)
            } else if let literal, match.isLiteral {
                conditions.append("\(literal) = ?")
                arguments.append(.text(name))
            } else {
                throw QueryError.unknownName(name: name, suggestions: [])
            }
        }
    }

    /// The `entity` alias joined for a variable, added on first use.
    private mutating func entityJoin(_ variable: String) -> String {
        if let alias = entityAlias[variable] { return alias }
        let alias = "e\(entityAlias.count)"
        entityAlias[variable] = alias
        joins.append("LEFT JOIN entity \(alias) ON \(alias).id = \(entityColumn[variable] ?? "NULL")")
        return alias
    }

    /// The printed value of a variable: the entity's name, the literal, or the predicate id.
    private mutating func valueExpression(_ variable: String) throws -> String {
        if let predicate = predicateColumn[variable] { return predicate }
        guard entityColumn[variable] != nil else { throw QueryError.unboundVariable(variable) }
        let name = "\(entityJoin(variable)).name"
        if let literal = literalColumn[variable] { return "COALESCE(\(name), \(literal))" }
        return name
    }

    /// What identifies a variable's value for grouping and counting.
    private mutating func identityExpression(_ variable: String) throws -> String {
        if let predicate = predicateColumn[variable] { return predicate }
        guard let column = entityColumn[variable] else { throw QueryError.unboundVariable(variable) }
        if let literal = literalColumn[variable] { return "COALESCE(\(column), \(literal))" }
        return column
    }
}
