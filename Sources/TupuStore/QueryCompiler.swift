import TupuModel
import TupuQuery

/// A value bound to a `?` placeholder of compiled SQL. Query text never enters SQL text.
public enum SQLArgument: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case integer(Int64)
    case real(Double)

    public var description: String {
        switch self {
        case .text(let text): "\"\(text)\""
        case .integer(let value): String(value)
        case .real(let value): String(value)
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

/// SQL for a query, over the store's tables.
public struct CompiledQuery: Sendable, Equatable {
    public var sql: String
    public var arguments: [SQLArgument]
    /// The names of the visible result columns, in order.
    public var columns: [String]
    /// How many hidden columns follow the visible ones: the triple id of each pattern of the
    /// WHERE group and its OPTIONAL groups (for provenance; NULL where an OPTIONAL did not
    /// match), or 0 for aggregate and DISTINCT queries.
    public var tripleIDColumns: Int
    /// How the query can be read in order and stopped early, when it can.
    public var ordered: OrderedPlan?

    public init(sql: String, arguments: [SQLArgument], columns: [String], tripleIDColumns: Int, ordered: OrderedPlan? = nil) {
        self.sql = sql
        self.arguments = arguments
        self.columns = columns
        self.tripleIDColumns = tripleIDColumns
        self.ordered = ordered
    }
}

/// A query whose first ORDER BY term is the name of an entity variable (`?p`, or the first
/// selected variable without ORDER BY), with a LIMIT: its rows can be produced in order of
/// that name by walking entity names in index order and running the query for a few entities
/// at a time (``head`` + `column IN (…)` + ``orderClause``), stopping when `offset + limit`
/// rows are in. The rows are those of the whole sorted query: entities of one name are always
/// in one run, so every row of a run sorts before every row of the next one, and each run is
/// sorted by the query's own (total, see the compiler) order.
public struct OrderedPlan: Sendable, Equatable {
    /// A required pattern the variable is the subject or object of.
    public struct Use: Sendable, Equatable {
        /// The `triple` column (`t0.subjectId`).
        public var column: String
        public var isSubject: Bool
        /// The pattern's predicates; nil for a variable predicate.
        public var predicates: [String]?
    }

    public struct Statement: Sendable, Equatable {
        public var sql: String
        public var arguments: [SQLArgument]
    }

    /// One end of a required pattern, as far as the walk's pre-check needs it.
    public enum End: Sendable, Equatable {
        /// A variable, always an entity when it is the pattern's subject.
        case variable(String)
        /// A name that matched these entities only (no literal value).
        case entities([Int64])
        /// Anything else (a literal, a name that is also a literal value).
        case other
    }

    /// A required pattern of the top group: its two ends (its predicates do not matter to
    /// the pre-check, which reads links of any predicate from the covering indexes).
    public struct Shape: Sendable, Equatable {
        public var subject: End
        public var object: End
    }

    public var variable: String
    /// The column the variable is bound to (the entity id).
    public var column: String
    public var descending: Bool
    public var uses: [Use]
    /// The kinds declared for the variable (`?p:person`), when declared.
    public var declaredKinds: [String]?
    /// One statement per required pattern with a named end: `SELECT 1 FROM triple … WHERE …`.
    public var namedPatterns: [Statement]
    /// The query up to its WHERE conditions, ending in `WHERE ` or `AND `.
    public var head: Statement
    public var orderClause: String
    public var limit: Int
    public var offset: Int
    /// The ends of every required pattern of the top group, in query order.
    public var shapes: [Shape] = []
}

/// SQL text with the arguments of its placeholders, in text order.
struct Fragment {
    var sql: String
    var arguments: [SQLArgument] = []

    init(_ sql: String, _ arguments: [SQLArgument] = []) {
        self.sql = sql
        self.arguments = arguments
    }

    /// The fragments joined by `separator`, arguments in order.
    static func join(_ parts: [Fragment], _ separator: String) -> Fragment {
        Fragment(parts.map(\.sql).joined(separator: separator), parts.flatMap(\.arguments))
    }

    static func + (lhs: Fragment, rhs: Fragment) -> Fragment {
        Fragment(lhs.sql + rhs.sql, lhs.arguments + rhs.arguments)
    }

    static func + (lhs: Fragment, rhs: String) -> Fragment {
        Fragment(lhs.sql + rhs, lhs.arguments)
    }

    static func + (lhs: String, rhs: Fragment) -> Fragment {
        Fragment(lhs + rhs.sql, rhs.arguments)
    }
}

/// Turns a ``Query`` into one SQL statement: one `triple` alias per pattern, joined on shared
/// variables, with bound names resolved to entity ids beforehand so every bound term is an
/// indexed lookup. OPTIONAL groups are LEFT JOINs, UNION a derived table of `UNION ALL`
/// branches, MINUS and NOT EXISTS correlated subqueries, `+` and `*` paths recursive CTEs with
/// a depth bound.
public struct SQLCompiler {
    public typealias Resolver = (String) throws -> NameMatch

    /// What a variable stands for in SQL.
    enum Binding: Equatable {
        /// An entity id column and, in object position, the literal column.
        case term(id: String, literal: String?)
        case predicate(String)
        /// A document id column (`IN ?doc`).
        case document(String)
        /// A rule id column (`RULE ?r`).
        case rule(String)
        /// A number (`CONFIDENCE ?c`).
        case number(String)

        var sort: String {
            switch self {
            case .term: "an entity"
            case .predicate: "a predicate"
            case .document: "a document"
            case .rule: "a rule"
            case .number: "a confidence"
            }
        }
    }

    enum ValueType {
        case text, number, boolean
    }

    /// One group of patterns being compiled: the top SELECT, an OPTIONAL group, a UNION branch
    /// or an EXISTS subquery.
    struct Scope {
        var tables: [Fragment] = []
        /// LEFT JOINs of OPTIONAL groups.
        var joins: [Fragment] = []
        var conditions: [Fragment] = []
        var bindings: [String: (binding: Binding, depth: Int)] = [:]
        /// Bindings of the enclosing query, for correlated subqueries.
        var outer: [String: (binding: Binding, depth: Int)] = [:]
        /// 0 for the top SELECT, n inside n OPTIONAL groups; -1 in subqueries.
        var depth: Int
        /// Triple aliases whose ids the result carries.
        var tripleAliases: [String] = []
        /// Whether this is the top SELECT's own group, whose patterns every row matches (not an
        /// OPTIONAL, UNION branch or subquery, whatever their depth).
        var required = false
        /// For a variable bound outside this group, the first of this group's columns set equal
        /// to it (see ``SQLCompiler/bind(_:_:into:)``).
        var firstColumns: [String: String] = [:]

        func lookup(_ name: String) -> (binding: Binding, depth: Int)? { bindings[name] ?? outer[name] }
    }

    let resolve: Resolver
    var aliasCount = 0
    var displayJoins: [String] = []
    var entityAlias: [String: String] = [:]
    /// Whether names are read by a subquery on the entity's id rather than by a join: in the
    /// columns, HAVING and ORDER BY of an aggregate query, where a join reads an entity for every
    /// row before the rows are grouped and a subquery reads it once a group (1,000,000 articles:
    /// meetings in 广州 with more than ten attendees, 486 → 433 ms). Not in an aggregate's
    /// argument (MIN of names), which is read on every row: there the join is cheaper than a
    /// subquery run row by row (the same query with MIN and MAX of names, 750 → 930 ms).
    var namesBySubquery = false
    /// Aggregate aliases, usable in HAVING and ORDER BY.
    var aggregateAliases: [String: (Fragment, ValueType)] = [:]
    var allowAggregates = false
    var hiddenCount = 0
    /// For each variable, the required patterns (of the top group) it is the subject or
    /// object of, for ``OrderedPlan``.
    var uses: [String: [OrderedPlan.Use]] = [:]
    /// The kinds declared for variables of the top group (`?p:person`).
    var declaredKinds: [String: Set<String>] = [:]
    /// For each required pattern with a name or date in it, a statement that reads its triples.
    var namedPatterns: [Fragment] = []
    /// The ends of each required pattern, for ``OrderedPlan/shapes``.
    var shapes: [OrderedPlan.Shape] = []

    static let datePattern = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"

    init(resolve: @escaping Resolver) {
        self.resolve = resolve
    }

    public static func compile(_ query: Query, resolve: @escaping Resolver) throws -> CompiledQuery {
        var compiler = SQLCompiler(resolve: resolve)
        return try compiler.build(query)
    }

    mutating func alias(_ prefix: String) -> String {
        defer { aliasCount += 1 }
        return "\(prefix)\(aliasCount)"
    }

    // MARK: The top SELECT

    mutating func build(_ query: Query) throws -> CompiledQuery {
        var scope = Scope(depth: 0)
        scope.required = true
        try compileGroup(query.pattern, into: &scope)
        // The patterns' filters, run on every row, keep their joins.
        namesBySubquery = query.isAggregate

        let selected = query.select.isEmpty ? query.variables.map(SelectItem.variable) : query.select
        var columns: [String] = []
        var expressions: [Fragment] = []
        for (index, item) in selected.enumerated() {
            let alias = "c\(index)"
            switch item {
            case .variable(let name):
                expressions.append(try valueExpression(name, in: scope).0 + " AS \(alias)")
            case .aggregate(let aggregate, let name):
                let (sql, type) = try aggregateExpression(aggregate, in: scope)
                expressions.append(sql + " AS \(alias)")
                aggregateAliases[name] = (sql, type)
            }
            columns.append(item.columnName)
        }
        let aggregate = query.isAggregate
        var groupKeys: [String] = []
        if aggregate {
            let keys = query.groupBy.isEmpty ? selected.compactMap { item -> String? in
                if case .variable(let name) = item { name } else { nil }
            } : query.groupBy
            groupKeys = try keys.map { try identityExpression($0, in: scope) }
        }
        let tripleIDColumns = aggregate || query.distinct ? 0 : scope.tripleAliases.count
        if tripleIDColumns > 0 {
            expressions += scope.tripleAliases.map { Fragment("\($0).id") }
        }
        var having: [Fragment] = []
        allowAggregates = true
        for condition in query.having {
            having.append(try booleanExpression(condition, in: scope))
        }
        allowAggregates = false

        // The ORDER BY terms first: ordering by a variable that is not selected joins its entity.
        var order: [String] = []
        var ordered: Set<Int> = []
        for item in query.orderBy {
            let expression: String
            if let index = selected.firstIndex(where: { $0.columnName == item.name }) {
                expression = "c\(index)"
                ordered.insert(index)
            } else {
                let value = try valueExpression(item.name, in: scope).0
                guard value.arguments.isEmpty else { throw QueryError.invalid("cannot order by ?\(item.name)") }
                expression = value.sql
            }
            order.append(expression + (item.descending ? " DESC" : ""))
        }
        // Rows equal in every ORDER BY term come in the order of the visible columns, then of the
        // ids of the triples they matched (without ORDER BY, that is the whole order), so the
        // output is deterministic and the same whether a query is sorted whole or streamed in
        // order (``OrderedPlan``). Rows that still tie print the same and carry the same ids.
        if aggregate {
            if order.isEmpty { order = (0..<selected.count).map { "c\($0)" } }
        } else {
            order += selected.indices.filter { !ordered.contains($0) }.map { "c\($0)" }
            if tripleIDColumns > 0 { order += scope.tripleAliases.map { "\($0).id" } }
        }

        if scope.tables.isEmpty { scope.tables.append(Fragment("(SELECT 1) AS unit")) }
        var head = "SELECT \(query.distinct ? "DISTINCT " : "")" + Fragment.join(expressions, ", ")
            + "\nFROM " + Fragment.join(scope.tables, ", ")
        let joins = scope.joins + displayJoins.map { Fragment($0) }
        if !joins.isEmpty { head = head + "\n" + Fragment.join(joins, "\n") }
        if !scope.conditions.isEmpty { head = head + "\nWHERE " + Fragment.join(scope.conditions, "\n  AND ") }
        var sql = head
        if !groupKeys.isEmpty { sql = sql + "\nGROUP BY " + groupKeys.joined(separator: ", ") }
        if !having.isEmpty { sql = sql + "\nHAVING " + Fragment.join(having, " AND ") }
        let orderClause = order.isEmpty ? "" : "\nORDER BY " + order.joined(separator: ", ")
        sql = sql + orderClause
        if let limit = query.limit {
            sql = sql + Fragment("\nLIMIT ?", [.integer(Int64(limit))])
        } else if query.offset != nil {
            sql = sql + "\nLIMIT -1"
        }
        if let offset = query.offset {
            sql = sql + Fragment(" OFFSET ?", [.integer(Int64(offset))])
        }
        var compiled = CompiledQuery(sql: sql.sql, arguments: sql.arguments, columns: columns, tripleIDColumns: tripleIDColumns)
        compiled.ordered = orderedPlan(
            query, selected: selected, scope: scope, head: head, hasWhere: !scope.conditions.isEmpty, orderClause: orderClause)
        return compiled
    }

    /// How to stream the query in the order of its first ORDER BY term, when that term is the
    /// name of an entity variable that every row binds and the query has a LIMIT (see
    /// ``OrderedPlan``); nil otherwise.
    func orderedPlan(
        _ query: Query, selected: [SelectItem], scope: Scope, head: Fragment, hasWhere: Bool, orderClause: String
    ) -> OrderedPlan? {
        guard let limit = query.limit, limit > 0, !query.isAggregate, query.groupBy.isEmpty, query.having.isEmpty else { return nil }
        let variable: String
        let descending: Bool
        if let first = query.orderBy.first {
            (variable, descending) = (first.name, first.descending)
        } else if case .variable(let name)? = selected.first {
            (variable, descending) = (name, false)
        } else {
            return nil
        }
        // DISTINCT folds rows by their visible values: the variable must be one of them, so
        // that each distinct row comes from entities of one name.
        if query.distinct, !selected.contains(.variable(variable)) { return nil }
        guard let (binding, depth) = scope.bindings[variable], depth == 0, case .term(let column, _) = binding,
              let uses = uses[variable], !uses.isEmpty
        else { return nil }
        let restricted = head + (hasWhere ? "\n  AND " : "\nWHERE ")
        return OrderedPlan(
            variable: variable, column: column, descending: descending, uses: uses,
            declaredKinds: declaredKinds[variable].map { $0.sorted() },
            namedPatterns: namedPatterns.map { OrderedPlan.Statement(sql: $0.sql, arguments: $0.arguments) },
            head: OrderedPlan.Statement(sql: restricted.sql, arguments: restricted.arguments),
            orderClause: orderClause, limit: limit, offset: query.offset ?? 0, shapes: shapes)
    }

    // MARK: Groups

    mutating func compileGroup(_ group: GroupPattern, into scope: inout Scope) throws {
        var deferred: [PatternElement] = []
        for element in group.elements {
            switch element {
            case .triple(let triple):
                try addTriple(triple, into: &scope)
            case .optional(let inner):
                try addOptional(inner, into: &scope)
            case .union(let groups):
                if groups.count == 1 {
                    try compileGroup(groups[0], into: &scope)
                } else {
                    try addUnion(groups, into: &scope)
                }
            case .filter, .minus:
                deferred.append(element)
            }
        }
        // Filters apply to the whole group, MINUS to what the group binds.
        for element in deferred {
            switch element {
            case .filter(let expression):
                scope.conditions.append(try booleanExpression(expression, in: scope))
            case .minus(let inner):
                var named = Set<String>()
                inner.collectPatternVariables(into: &named)
                guard named.contains(where: { scope.lookup($0) != nil }) else { continue }
                scope.conditions.append("NOT " + (try existsSubquery(inner, in: scope)))
            default:
                break
            }
        }
    }

    /// `OPTIONAL { … }` as `LEFT JOIN (tables) ON conditions`.
    mutating func addOptional(_ group: GroupPattern, into scope: inout Scope) throws {
        var inner = Scope(depth: scope.depth + 1)
        inner.outer = scope.bindings.merging(scope.outer) { local, _ in local }
        try compileGroup(group, into: &inner)
        guard !inner.tables.isEmpty else { return }
        let on = inner.conditions.isEmpty ? Fragment("1") : Fragment.join(inner.conditions, " AND ")
        var joined = Fragment.join(inner.tables, ", ")
        if !inner.joins.isEmpty { joined = joined + " " + Fragment.join(inner.joins, " ") }
        let item = inner.tables.count == 1 && inner.joins.isEmpty ? joined : "(" + joined + ")"
        scope.joins.append("LEFT JOIN " + item + " ON " + on)
        for (name, value) in inner.bindings where scope.bindings[name] == nil {
            scope.bindings[name] = value
        }
        scope.tripleAliases += inner.tripleAliases
    }

    /// `{ … } UNION { … }` as a derived table of one SELECT per branch.
    mutating func addUnion(_ groups: [GroupPattern], into scope: inout Scope) throws {
        var branches: [Scope] = []
        var names: [String] = []
        for group in groups {
            var branch = Scope(depth: -1)
            try compileGroup(group, into: &branch)
            if branch.tables.isEmpty { branch.tables.append(Fragment("(SELECT 1) AS unit")) }
            branches.append(branch)
            var seen: [String] = []
            group.collectVariables(into: &seen)
            for name in seen where !names.contains(name) && !name.hasPrefix(" ") { names.append(name) }
        }
        // One binding shape per variable: the first branch's, every other must agree.
        var shapes: [String: Binding] = [:]
        for name in names {
            let found = branches.compactMap { $0.bindings[name]?.binding }
            guard let first = found.first else { continue }
            for other in found where other.sort != first.sort {
                throw QueryError.invalid("?\(name) is \(first.sort) in one branch of UNION and \(other.sort) in another; use two names")
            }
            if case .term = first {
                let literal = found.contains { if case .term(_, let literal) = $0 { literal != nil } else { false } }
                shapes[name] = .term(id: "", literal: literal ? "" : nil)
            } else {
                shapes[name] = first
            }
        }
        let union = alias("u")
        var column = 0
        var columnsOf: [String: [String]] = [:]
        for name in names {
            guard let shape = shapes[name] else { continue }
            let count = if case .term(_, let literal) = shape, literal != nil { 2 } else { 1 }
            columnsOf[name] = (0..<count).map { "v\(column + $0)" }
            column += count
        }
        var selects: [Fragment] = []
        for branch in branches {
            var items: [String] = []
            for name in names {
                guard let shape = shapes[name], let columns = columnsOf[name] else { continue }
                let binding = branch.bindings[name]?.binding
                switch (shape, binding) {
                case (.term(_, let literalShape), .term(let id, let literal)?):
                    items.append("\(id) AS \(columns[0])")
                    if literalShape != nil { items.append("\(literal ?? "NULL") AS \(columns[1])") }
                case (_, .predicate(let sql)?), (_, .document(let sql)?), (_, .rule(let sql)?), (_, .number(let sql)?):
                    items.append("\(sql) AS \(columns[0])")
                default:
                    items += columns.map { "NULL AS \($0)" }
                }
            }
            if items.isEmpty { items = ["1 AS v0"] }
            var select = Fragment("SELECT \(items.joined(separator: ", ")) FROM ") + Fragment.join(branch.tables, ", ")
            if !branch.joins.isEmpty { select = select + " " + Fragment.join(branch.joins, " ") }
            if !branch.conditions.isEmpty { select = select + " WHERE " + Fragment.join(branch.conditions, " AND ") }
            selects.append(select)
        }
        scope.tables.append("(" + Fragment.join(selects, " UNION ALL ") + ") AS \(union)")
        for name in names {
            guard let shape = shapes[name], let columns = columnsOf[name] else { continue }
            let binding: Binding
            switch shape {
            case .term(_, let literal): binding = .term(id: "\(union).\(columns[0])", literal: literal == nil ? nil : "\(union).\(columns[1])")
            case .predicate: binding = .predicate("\(union).\(columns[0])")
            case .document: binding = .document("\(union).\(columns[0])")
            case .rule: binding = .rule("\(union).\(columns[0])")
            case .number: binding = .number("\(union).\(columns[0])")
            }
            try bind(name, binding, into: &scope)
        }
    }

    /// `EXISTS (SELECT 1 …)` over a group, correlated with the bindings of `scope`.
    mutating func existsSubquery(_ group: GroupPattern, in scope: Scope) throws -> Fragment {
        var inner = Scope(depth: -1)
        inner.outer = scope.bindings.merging(scope.outer) { local, _ in local }
        try compileGroup(group, into: &inner)
        if inner.tables.isEmpty { inner.tables.append(Fragment("(SELECT 1) AS unit")) }
        var sql = "EXISTS (SELECT 1 FROM " + Fragment.join(inner.tables, ", ")
        if !inner.joins.isEmpty { sql = sql + " " + Fragment.join(inner.joins, " ") }
        if !inner.conditions.isEmpty { sql = sql + " WHERE " + Fragment.join(inner.conditions, " AND ") }
        return sql + ")"
    }

    /// The column a binding compares by (an entity's id).
    static func column(of binding: Binding) -> String {
        switch binding {
        case .term(let id, _): id
        case .predicate(let column), .document(let column), .rule(let column), .number(let column): column
        }
    }

    /// Binds a variable to a column, or adds the equality with its earlier binding.
    mutating func bind(_ name: String, _ binding: Binding, into scope: inout Scope) throws {
        guard let (existing, depth) = scope.lookup(name) else {
            scope.bindings[name] = (binding, scope.depth)
            return
        }
        if scope.depth >= 2, depth >= 0, depth < scope.depth - 1 {
            throw QueryError.invalid(
                "?\(name) is bound outside the OPTIONAL around this one; an OPTIONAL inside an OPTIONAL may share variables only with the group around it")
        }
        // A variable bound outside this group and named again in it: its columns here are also
        // set equal to each other. The same rows match (each equals the outer column), but an
        // OPTIONAL's patterns are then joined to one another, not only to the row outside:
        // `?p attended ?e OPTIONAL { ?q presided ?e . ?e held_in ?c }` had SQLite build every
        // pair of a `presided` and a `held_in` triple first (minutes at 100,000 articles).
        if scope.bindings[name] == nil {
            let column = Self.column(of: binding)
            if let first = scope.firstColumns[name] {
                scope.conditions.append(Fragment("\(column) = \(first)"))
            } else {
                scope.firstColumns[name] = column
            }
        }
        switch (existing, binding) {
        case (.term(let old, let oldLiteral), .term(let new, let newLiteral)):
            scope.conditions.append(Fragment("\(new) = \(old)"))
            // Bound first where a literal may stand (an object), then where only an entity may
            // (a subject), in the same group: the condition keeps only the rows where it is an
            // entity, so it is read as one (its name alone, grouped by its id; no literal column
            // read on every row of an aggregate).
            if oldLiteral != nil, newLiteral == nil, depth == scope.depth, scope.bindings[name] != nil {
                scope.bindings[name] = (.term(id: old, literal: nil), depth)
            }
        case (.predicate(let old), .predicate(let new)), (.document(let old), .document(let new)), (.rule(let old), .rule(let new)),
             (.number(let old), .number(let new)):
            scope.conditions.append(Fragment("\(new) = \(old)"))
        default:
            // The predicate first: "?x is used both as a predicate and as an entity".
            let (first, second) = binding.sort == "a predicate" ? (binding.sort, existing.sort) : (existing.sort, binding.sort)
            throw QueryError.invalid("?\(name) is used both as \(first) and as \(second)")
        }
    }
}
