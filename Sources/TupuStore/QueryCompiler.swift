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

        func lookup(_ name: String) -> (binding: Binding, depth: Int)? { bindings[name] ?? outer[name] }
    }

    private let resolve: Resolver
    private var aliasCount = 0
    private var displayJoins: [String] = []
    private var entityAlias: [String: String] = [:]
    /// Aggregate aliases, usable in HAVING and ORDER BY.
    private var aggregateAliases: [String: (Fragment, ValueType)] = [:]
    private var allowAggregates = false
    private var hiddenCount = 0

    static let datePattern = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"

    private init(resolve: @escaping Resolver) {
        self.resolve = resolve
    }

    public static func compile(_ query: Query, resolve: @escaping Resolver) throws -> CompiledQuery {
        var compiler = SQLCompiler(resolve: resolve)
        return try compiler.build(query)
    }

    private mutating func alias(_ prefix: String) -> String {
        defer { aliasCount += 1 }
        return "\(prefix)\(aliasCount)"
    }

    // MARK: The top SELECT

    private mutating func build(_ query: Query) throws -> CompiledQuery {
        var scope = Scope(depth: 0)
        try compileGroup(query.pattern, into: &scope)

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

        if scope.tables.isEmpty { scope.tables.append(Fragment("(SELECT 1) AS unit")) }
        var sql = "SELECT \(query.distinct ? "DISTINCT " : "")" + Fragment.join(expressions, ", ")
            + "\nFROM " + Fragment.join(scope.tables, ", ")
        let joins = scope.joins + displayJoins.map { Fragment($0) }
        if !joins.isEmpty { sql = sql + "\n" + Fragment.join(joins, "\n") }
        if !scope.conditions.isEmpty { sql = sql + "\nWHERE " + Fragment.join(scope.conditions, "\n  AND ") }
        if !groupKeys.isEmpty { sql = sql + "\nGROUP BY " + groupKeys.joined(separator: ", ") }
        if !having.isEmpty { sql = sql + "\nHAVING " + Fragment.join(having, " AND ") }
        var order: [String] = []
        for item in query.orderBy {
            let expression: String
            if let index = selected.firstIndex(where: { $0.columnName == item.name }) {
                expression = "c\(index)"
            } else {
                let value = try valueExpression(item.name, in: scope).0
                guard value.arguments.isEmpty else { throw QueryError.invalid("cannot order by ?\(item.name)") }
                expression = value.sql
            }
            order.append(expression + (item.descending ? " DESC" : ""))
        }
        // Without ORDER BY, rows come sorted by the visible columns so output is deterministic.
        if order.isEmpty { order = (0..<selected.count).map { "c\($0)" } }
        if order.isEmpty, tripleIDColumns > 0 { order = ["\(scope.tripleAliases[0]).id"] }
        if !order.isEmpty { sql = sql + "\nORDER BY " + order.joined(separator: ", ") }
        if let limit = query.limit {
            sql = sql + Fragment("\nLIMIT ?", [.integer(Int64(limit))])
        } else if query.offset != nil {
            sql = sql + "\nLIMIT -1"
        }
        if let offset = query.offset {
            sql = sql + Fragment(" OFFSET ?", [.integer(Int64(offset))])
        }
        return CompiledQuery(sql: sql.sql, arguments: sql.arguments, columns: columns, tripleIDColumns: tripleIDColumns)
    }

    // MARK: Groups

    private mutating func compileGroup(_ group: GroupPattern, into scope: inout Scope) throws {
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
    private mutating func addOptional(_ group: GroupPattern, into scope: inout Scope) throws {
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
    private mutating func addUnion(_ groups: [GroupPattern], into scope: inout Scope) throws {
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
    private mutating func existsSubquery(_ group: GroupPattern, in scope: Scope) throws -> Fragment {
        var inner = Scope(depth: -1)
        inner.outer = scope.bindings.merging(scope.outer) { local, _ in local }
        try compileGroup(group, into: &inner)
        if inner.tables.isEmpty { inner.tables.append(Fragment("(SELECT 1) AS unit")) }
        var sql = "EXISTS (SELECT 1 FROM " + Fragment.join(inner.tables, ", ")
        if !inner.joins.isEmpty { sql = sql + " " + Fragment.join(inner.joins, " ") }
        if !inner.conditions.isEmpty { sql = sql + " WHERE " + Fragment.join(inner.conditions, " AND ") }
        return sql + ")"
    }

    /// Binds a variable to a column, or adds the equality with its earlier binding.
    private mutating func bind(_ name: String, _ binding: Binding, into scope: inout Scope) throws {
        guard let (existing, depth) = scope.lookup(name) else {
            scope.bindings[name] = (binding, scope.depth)
            return
        }
        if scope.depth >= 2, depth >= 0, depth < scope.depth - 1 {
            throw QueryError.invalid(
                "?\(name) is bound outside the OPTIONAL around this one; an OPTIONAL inside an OPTIONAL may share variables only with the group around it")
        }
        switch (existing, binding) {
        case (.term(let old, _), .term(let new, _)):
            scope.conditions.append(Fragment("\(new) = \(old)"))
        case (.predicate(let old), .predicate(let new)), (.document(let old), .document(let new)), (.rule(let old), .rule(let new)),
             (.number(let old), .number(let new)):
            scope.conditions.append(Fragment("\(new) = \(old)"))
        default:
            // The predicate first: "?x is used both as a predicate and as an entity".
            let (first, second) = binding.sort == "a predicate" ? (binding.sort, existing.sort) : (existing.sort, binding.sort)
            throw QueryError.invalid("?\(name) is used both as \(first) and as \(second)")
        }
    }

    // MARK: Patterns

    private mutating func addTriple(_ pattern: TriplePattern, into scope: inout Scope) throws {
        switch pattern.predicate {
        case .fixed(let predicate):
            try addSimple(pattern.subject, .predicates([predicate]), pattern.object, evidence: pattern.evidence, into: &scope)
        case .variable(let name):
            try addSimple(pattern.subject, .variable(name), pattern.object, evidence: pattern.evidence, into: &scope)
        case .path(let path):
            guard pattern.evidence == nil else {
                throw QueryError.invalid("IN, RULE and CONFIDENCE apply to one predicate, not to a path; write the steps as patterns")
            }
            try addPath(pattern.subject, path, pattern.object, into: &scope)
        }
    }

    private enum PredicateChoice {
        case predicates([Predicate])
        case variable(String)
    }

    private mutating func addSimple(
        _ subject: Term, _ predicate: PredicateChoice, _ object: Term, evidence: EvidenceScope?, into scope: inout Scope
    ) throws {
        let triple = alias("t")
        scope.tables.append(Fragment("triple \(triple)"))
        if scope.depth >= 0 { scope.tripleAliases.append(triple) }
        try bindTerm(subject, id: "\(triple).subjectId", literal: nil, into: &scope)
        switch predicate {
        case .predicates(let predicates):
            if predicates.count == 1 {
                scope.conditions.append(Fragment("\(triple).predicate = ?", [.text(predicates[0].rawValue)]))
            } else {
                scope.conditions.append(Fragment(
                    "\(triple).predicate IN (\(Self.placeholders(predicates.count)))", predicates.map { .text($0.rawValue) }))
            }
        case .variable(let name):
            try bind(name, .predicate("\(triple).predicate"), into: &scope)
        }
        try bindTerm(object, id: "\(triple).objectId", literal: "\(triple).objectLiteral", into: &scope)
        guard let evidence else { return }
        let statement = alias("v")
        scope.tables.append(Fragment("evidence \(statement)"))
        scope.conditions.append(Fragment("\(statement).tripleId = \(triple).id"))
        switch evidence.document {
        case .variable(let name, _)?:
            try bind(name, .document("\(statement).documentId"), into: &scope)
        case .name(let path)?, .date(let path)?:
            scope.conditions.append(Fragment(
                "\(statement).documentId IN (SELECT id FROM document WHERE path = ? UNION SELECT documentId FROM source WHERE key = ? OR path = ?)",
                [.text(path), .text(path), .text(path)]))
        case nil:
            break
        }
        if let rule = evidence.rule { try bind(rule, .rule("\(statement).ruleId"), into: &scope) }
        if let confidence = evidence.confidence {
            try bind(confidence, .number("(\(statement).confidenceThousandths / 1000.0)"), into: &scope)
        }
    }

    private mutating func hidden() -> Term {
        hiddenCount += 1
        return .variable(" step\(hiddenCount)", kind: nil)
    }

    private mutating func addPath(_ subject: Term, _ path: PropertyPath, _ object: Term, into scope: inout Scope) throws {
        switch path {
        case .predicate(let predicate):
            try addSimple(subject, .predicates([predicate]), object, evidence: nil, into: &scope)
        case .inverse(let inner):
            try addPath(object, inner, subject, into: &scope)
        case .sequence(let steps):
            var from = subject
            for (index, step) in steps.enumerated() {
                let to = index == steps.count - 1 ? object : hidden()
                try addPath(from, step, to, into: &scope)
                from = to
            }
        case .alternative(let options):
            let predicates = options.compactMap { if case .predicate(let predicate) = $0 { predicate } else { nil } }
            guard predicates.count == options.count else {
                throw QueryError.invalid("a|b takes plain predicates (attended|presided); write other choices with UNION")
            }
            try addSimple(subject, .predicates(predicates), object, evidence: nil, into: &scope)
        case .repeated(let inner, let minimum):
            try addClosure(subject, inner, minimum: minimum, object, into: &scope)
        }
    }

    /// `p+` / `p*` (also `^p+`, `(a|b)+` written `a|b+`): a recursive CTE of at most
    /// ``PropertyPath/maximumDepth`` steps, seeded from a named end when there is one.
    private mutating func addClosure(_ subject: Term, _ inner: PropertyPath, minimum: Int, _ object: Term, into scope: inout Scope) throws {
        var predicates: [Predicate]
        var inverse = false
        switch inner {
        case .predicate(let predicate): predicates = [predicate]
        case .inverse(.predicate(let predicate)):
            predicates = [predicate]
            inverse = true
        default:
            throw QueryError.invalid("+ and * repeat one predicate (located_in+, ^located_in*)")
        }
        predicates = Array(Set(predicates)).sorted()
        // Walk from start to end along subject → object (forward) or back.
        let (start, end) = inverse ? (object, subject) : (subject, object)
        let list = Self.placeholders(predicates.count)
        let predicateArguments = predicates.map { SQLArgument.text($0.rawValue) }
        func seeds(_ term: Term) throws -> [Int64]? {
            switch term {
            case .variable: return nil
            case .name(let name), .date(let name):
                let match = try resolve(name)
                guard !match.entityIDs.isEmpty else { throw QueryError.unknownName(name: name, suggestions: []) }
                return match.entityIDs
            }
        }
        let cte = alias("p"), step = alias("pt"), table = alias("r")
        let depth = PropertyPath.maximumDepth
        var body: Fragment
        var zero: Fragment?
        if let startSeeds = try seeds(start) {
            let seedList = Self.placeholders(startSeeds.count), seedArguments = startSeeds.map(SQLArgument.integer)
            body = Fragment(
                "SELECT subjectId, objectId, 1 FROM triple WHERE predicate IN (\(list)) AND objectId IS NOT NULL AND subjectId IN (\(seedList))",
                predicateArguments + seedArguments)
                + Fragment(
                    " UNION SELECT \(cte).s, \(step).objectId, \(cte).d + 1 FROM \(cte) JOIN triple \(step) ON \(step).subjectId = \(cte).o"
                        + " AND \(step).predicate IN (\(list)) WHERE \(cte).d < \(depth)",
                    predicateArguments)
            zero = Fragment("SELECT id, id FROM entity WHERE id IN (\(seedList))", seedArguments)
        } else if let endSeeds = try seeds(end) {
            let seedList = Self.placeholders(endSeeds.count), seedArguments = endSeeds.map(SQLArgument.integer)
            body = Fragment(
                "SELECT subjectId, objectId, 1 FROM triple WHERE predicate IN (\(list)) AND objectId IN (\(seedList))",
                predicateArguments + seedArguments)
                + Fragment(
                    " UNION SELECT \(step).subjectId, \(cte).o, \(cte).d + 1 FROM \(cte) JOIN triple \(step) ON \(step).objectId = \(cte).s"
                        + " AND \(step).predicate IN (\(list)) WHERE \(cte).d < \(depth)",
                    predicateArguments)
            zero = Fragment("SELECT id, id FROM entity WHERE id IN (\(seedList))", seedArguments)
        } else {
            body = Fragment(
                "SELECT subjectId, objectId, 1 FROM triple WHERE predicate IN (\(list)) AND objectId IS NOT NULL", predicateArguments)
                + Fragment(
                    " UNION SELECT \(cte).s, \(step).objectId, \(cte).d + 1 FROM \(cte) JOIN triple \(step) ON \(step).subjectId = \(cte).o"
                        + " AND \(step).predicate IN (\(list)) WHERE \(cte).d < \(depth)",
                    predicateArguments)
            // Zero steps from anything: every entity reaches itself.
            zero = Fragment("SELECT id, id FROM entity")
        }
        var select = Fragment("WITH RECURSIVE \(cte)(s, o, d) AS (") + body + Fragment(") SELECT DISTINCT s, o FROM \(cte) WHERE o IS NOT NULL")
        if minimum == 0, let zero { select = select + " UNION " + zero }
        scope.tables.append("(" + select + ") AS \(table)")
        try bindTerm(start, id: "\(table).s", literal: nil, into: &scope)
        try bindTerm(end, id: "\(table).o", literal: nil, into: &scope)
    }

    private mutating func bindTerm(_ term: Term, id column: String, literal: String?, into scope: inout Scope) throws {
        switch term {
        case .variable(let name, let kind):
            let isNew = scope.lookup(name) == nil
            try bind(name, .term(id: column, literal: literal), into: &scope)
            if let kind {
                if scope.depth == 0, isNew || scope.bindings[name]?.depth == 0 {
                    scope.conditions.append(Fragment("\(entityJoin(name, column: column)).kind = ?", [.text(kind.rawValue)]))
                } else {
                    scope.conditions.append(Fragment("(SELECT kind FROM entity WHERE id = \(column)) = ?", [.text(kind.rawValue)]))
                }
            }
        case .name(let name), .date(let name):
            let match = try resolve(name)
            if !match.entityIDs.isEmpty {
                scope.conditions.append(Fragment(
                    "\(column) IN (\(Self.placeholders(match.entityIDs.count)))", match.entityIDs.map(SQLArgument.integer)))
            } else if let literal, match.isLiteral {
                scope.conditions.append(Fragment("\(literal) = ?", [.text(name)]))
            } else {
                throw QueryError.unknownName(name: name, suggestions: [])
            }
        }
    }

    /// The `entity` alias joined for a variable of the top SELECT, added on first use.
    private mutating func entityJoin(_ variable: String, column: String) -> String {
        if let alias = entityAlias[variable] { return alias }
        let alias = "e\(entityAlias.count)"
        entityAlias[variable] = alias
        displayJoins.append("LEFT JOIN entity \(alias) ON \(alias).id = \(column)")
        return alias
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    // MARK: Values

    /// The printed value of a variable: the entity's name, the literal, the predicate id, the
    /// document's path, the rule's name or the confidence.
    private mutating func valueExpression(_ variable: String, in scope: Scope) throws -> (Fragment, ValueType) {
        if let (sql, type) = aggregateAliases[variable], allowAggregates { return (sql, type) }
        guard let (binding, depth) = scope.lookup(variable) else {
            if let (sql, type) = aggregateAliases[variable] { return (sql, type) }
            throw QueryError.unboundVariable(variable)
        }
        switch binding {
        case .term(let id, let literal):
            let name: String
            if scope.depth == 0, depth >= 0, scope.outer[variable] == nil {
                name = "\(entityJoin(variable, column: id)).name"
            } else {
                name = "(SELECT name FROM entity WHERE id = \(id))"
            }
            if let literal { return (Fragment("COALESCE(\(name), \(literal))"), .text) }
            return (Fragment(name), .text)
        case .predicate(let column): return (Fragment(column), .text)
        case .document(let column): return (Fragment("(SELECT path FROM document WHERE id = \(column))"), .text)
        case .rule(let column): return (Fragment("(SELECT name FROM rule WHERE id = \(column))"), .text)
        case .number(let expression): return (Fragment(expression), .number)
        }
    }

    /// What identifies a variable's value for grouping, counting and `=` between variables.
    private func identityExpression(_ variable: String, in scope: Scope) throws -> String {
        guard let (binding, _) = scope.lookup(variable) else { throw QueryError.unboundVariable(variable) }
        switch binding {
        case .term(let id, let literal): return literal.map { "COALESCE(\(id), \($0))" } ?? id
        case .predicate(let column), .document(let column), .rule(let column), .number(let column): return column
        }
    }

    private mutating func aggregateExpression(_ aggregate: Aggregate, in scope: Scope) throws -> (Fragment, ValueType) {
        let distinct = aggregate.distinct ? "DISTINCT " : ""
        guard let argument = aggregate.argument else { return (Fragment("COUNT(*)"), .number) }
        switch aggregate.function {
        case .count:
            guard case .variable(let name) = argument else { throw QueryError.invalid("COUNT takes a variable or *") }
            return (Fragment("COUNT(\(distinct)\(try identityExpression(name, in: scope)))"), .number)
        case .sum, .avg:
            let (value, type) = try expression(argument, in: scope)
            guard type == .number else {
                throw QueryError.invalid("\(aggregate.function.rawValue) adds numbers (a CONFIDENCE variable); names and dates are not numbers, count them with COUNT")
            }
            return ("\(aggregate.function.rawValue)(\(distinct)" + value + ")", .number)
        case .min, .max:
            let (value, type) = try expression(argument, in: scope)
            return ("\(aggregate.function.rawValue)(\(distinct)" + value + ")", type)
        case .groupConcat:
            let (value, _) = try expression(argument, in: scope)
            if aggregate.distinct {
                guard aggregate.separator == nil || aggregate.separator == "," else {
                    throw QueryError.invalid("GROUP_CONCAT(DISTINCT …) joins with \",\" (SQLite allows no other separator with DISTINCT); drop SEPARATOR or DISTINCT")
                }
                return ("group_concat(DISTINCT " + value + ")", .text)
            }
            return ("group_concat(" + value + Fragment(", ?)", [.text(aggregate.separator ?? " ")]), .text)
        }
    }

    // MARK: Expressions

    private mutating func booleanExpression(_ expression: Expression, in scope: Scope) throws -> Fragment {
        let (sql, type) = try self.expression(expression, in: scope)
        guard type == .boolean else {
            throw QueryError.invalid("a FILTER needs a condition (a comparison, contains(…), regex(…), EXISTS …), not a value")
        }
        return sql
    }

    private mutating func expression(_ expression: Expression, in scope: Scope) throws -> (Fragment, ValueType) {
        switch expression {
        case .variable(let name):
            return try valueExpression(name, in: scope)
        case .string(let text):
            return (Fragment("?", [.text(text)]), .text)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return (Fragment("?", [.integer(Int64(value))]), .number) }
            return (Fragment("?", [.real(value)]), .number)
        case .date(let date):
            guard date.isDay else { throw QueryError.invalid("a month or a year (\(date.first.prefix(date.month == nil ? 4 : 7))) can only be compared with a date") }
            return (Fragment("?", [.text(date.first)]), .text)
        case .not(let inner):
            return ("NOT (" + (try booleanExpression(inner, in: scope)) + ")", .boolean)
        case .and(let a, let b):
            return ("(" + (try booleanExpression(a, in: scope)) + " AND " + (try booleanExpression(b, in: scope)) + ")", .boolean)
        case .or(let a, let b):
            return ("(" + (try booleanExpression(a, in: scope)) + " OR " + (try booleanExpression(b, in: scope)) + ")", .boolean)
        case .comparison(let comparison, let left, let right):
            return (try compare(comparison, left, right, in: scope), .boolean)
        case .isIn(let value, let list, let negated):
            let (sql, type) = try self.expression(value, in: scope)
            var items: [Fragment] = []
            for item in list {
                let (itemSQL, itemType) = try self.expression(item, in: scope)
                guard itemType == type else { throw QueryError.invalid("IN compares like with like: names with \"names\", numbers with numbers") }
                items.append(itemSQL)
            }
            return (sql + (negated ? " NOT IN (" : " IN (") + Fragment.join(items, ", ") + ")", .boolean)
        case .function(let function, let arguments):
            return try call(function, arguments, in: scope)
        case .exists(let group, let negated):
            return ((negated ? "NOT " : "") + (try existsSubquery(group, in: scope)), .boolean)
        case .aggregate(let aggregate):
            guard allowAggregates else { throw QueryError.invalid("\(aggregate.function.rawValue)(…) belongs in SELECT or HAVING") }
            return try aggregateExpression(aggregate, in: scope)
        }
    }

    private mutating func compare(_ comparison: ComparisonOperator, _ left: Expression, _ right: Expression, in scope: Scope) throws -> Fragment {
        if case .date(let date) = right, !isDate(left) { return try compareDate(left, comparison, date, in: scope) }
        if case .date(let date) = left, !isDate(right) { return try compareDate(right, comparison.flipped, date, in: scope) }
        // Two entity variables are equal when they are the same entity.
        if comparison == .equal || comparison == .notEqual, case .variable(let a) = left, case .variable(let b) = right,
           case .term? = scope.lookup(a)?.binding, case .term? = scope.lookup(b)?.binding {
            return Fragment("\(try identityExpression(a, in: scope)) \(comparison.rawValue) \(try identityExpression(b, in: scope))")
        }
        let (a, aType) = try expression(left, in: scope)
        let (b, bType) = try expression(right, in: scope)
        guard aType == bType, aType != .boolean else {
            throw QueryError.invalid("cannot compare a name with a number: compare names with \"quoted names\", dates with yyyy-mm-dd, numbers (CONFIDENCE, COUNT, year(…)) with numbers")
        }
        return a + " \(comparison.rawValue) " + b
    }

    private func isDate(_ expression: Expression) -> Bool {
        if case .date = expression { true } else { false }
    }

    /// `?d > 2023` is after 2023-12-31, `?d = 2023-05` any day of May 2023; only dates match.
    private mutating func compareDate(_ value: Expression, _ comparison: ComparisonOperator, _ date: DateLiteral, in scope: Scope) throws -> Fragment {
        let (sql, type) = try expression(value, in: scope)
        guard type == .text else { throw QueryError.invalid("a date compares with a date or name value, not with a number; use year(?d) = 2023 for years as numbers") }
        let isDate = "(" + sql + Fragment(" GLOB ?", [.text(Self.datePattern)])
        let first = Fragment("?", [.text(date.first)]), last = Fragment("?", [.text(date.last)])
        let range: Fragment
        switch comparison {
        case .equal: range = date.isDay ? sql + " = " + first : sql + " BETWEEN " + first + " AND " + last
        case .notEqual: range = date.isDay ? sql + " != " + first : sql + " NOT BETWEEN " + first + " AND " + last
        case .less: range = sql + " < " + first
        case .lessOrEqual: range = sql + " <= " + last
        case .greater: range = sql + " > " + last
        case .greaterOrEqual: range = sql + " >= " + first
        }
        return isDate + " AND " + range + ")"
    }

    private mutating func call(_ function: FunctionName, _ arguments: [Expression], in scope: Scope) throws -> (Fragment, ValueType) {
        guard let first = arguments.first else { throw QueryError.invalid("\(function.rawValue)(…) needs an argument") }
        switch function {
        case .bound:
            guard case .variable(let name) = first else { throw QueryError.invalid("bound(…) takes a variable") }
            return (Fragment("\(try identityExpression(name, in: scope)) IS NOT NULL"), .boolean)
        case .year, .month:
            let (value, _) = try expression(first, in: scope)
            let start = function == .year ? 1 : 6, length = function == .year ? 4 : 2
            return ("(CASE WHEN " + value + Fragment(" GLOB ? THEN CAST(substr(", [.text(Self.datePattern)]) + value
                + ", \(start), \(length)) AS INTEGER) END)", .number)
        case .contains, .prefix, .regex:
            let (value, _) = try expression(first, in: scope)
            guard arguments.count >= 2, case .string(let text) = arguments[1] else {
                throw QueryError.invalid("\(function.rawValue)(?v, \"text\") takes a quoted text")
            }
            switch function {
            case .contains: return ("instr(" + value + Fragment(", ?) > 0", [.text(text)]), .boolean)
            case .prefix: return ("substr(" + value + Fragment(", 1, length(?)) = ?", [.text(text), .text(text)]), .boolean)
            default:
                var flags = ""
                if arguments.count > 2, case .string(let given) = arguments[2] { flags = given }
                return (Fragment("\(Store.regexFunctionName)(?, ?, ", [.text(text), .text(flags)]) + value + ")", .boolean)
            }
        }
    }
}
