import TupuModel
import TupuQuery

/// Values of variables, aggregates and FILTER / HAVING conditions as SQL expressions.
extension SQLCompiler {
    // MARK: Values

    /// The printed value of a variable: the entity's name, the literal, the predicate id, the
    /// document's path, the rule's name or the confidence.
    mutating func valueExpression(_ variable: String, in scope: Scope) throws -> (Fragment, ValueType) {
        if let (sql, type) = aggregateAliases[variable], allowAggregates { return (sql, type) }
        guard let (binding, depth) = scope.lookup(variable) else {
            if let (sql, type) = aggregateAliases[variable] { return (sql, type) }
            throw QueryError.unboundVariable(variable)
        }
        switch binding {
        case .term(let id, let literal):
            let name: String
            // An entity joined already (for its kind) gives its name for free.
            if scope.depth == 0, depth >= 0, scope.outer[variable] == nil, !namesBySubquery || entityAlias[variable] != nil {
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
    func identityExpression(_ variable: String, in scope: Scope) throws -> String {
        guard let (binding, _) = scope.lookup(variable) else { throw QueryError.unboundVariable(variable) }
        switch binding {
        case .term(let id, let literal): return literal.map { "COALESCE(\(id), \($0))" } ?? id
        case .predicate(let column), .document(let column), .rule(let column), .number(let column): return column
        }
    }

    mutating func aggregateExpression(_ aggregate: Aggregate, in scope: Scope) throws -> (Fragment, ValueType) {
        // An aggregate's argument is read on every row: its names by join (see `namesBySubquery`).
        let namesBySubquery = self.namesBySubquery
        self.namesBySubquery = false
        defer { self.namesBySubquery = namesBySubquery }
        let distinct = aggregate.distinct ? "DISTINCT " : ""
        guard let argument = aggregate.argument else { return (Fragment("COUNT(*)"), .number) }
        switch aggregate.function {
        case .count:
            guard case .variable(let name) = argument else { throw QueryError.invalid("COUNT takes a variable or *") }
            // The subject of a pattern every row matches (``uses``) is never NULL: COUNT(*) counts
            // the same rows without reading a column (an index by predicate and object then
            // covers the pattern; meetings in 广州 counted at 1,000,000 articles: no triple row
            // read each).
            if !aggregate.distinct, scope.required, uses[name]?.contains(where: \.isSubject) == true {
                return (Fragment("COUNT(*)"), .number)
            }
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

    mutating func booleanExpression(_ expression: Expression, in scope: Scope) throws -> Fragment {
        let (sql, type) = try self.expression(expression, in: scope)
        guard type == .boolean else {
            throw QueryError.invalid("a FILTER needs a condition (a comparison, contains(…), regex(…), EXISTS …), not a value")
        }
        return sql
    }

    mutating func expression(_ expression: Expression, in scope: Scope) throws -> (Fragment, ValueType) {
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

    mutating func compare(_ comparison: ComparisonOperator, _ left: Expression, _ right: Expression, in scope: Scope) throws -> Fragment {
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

    func isDate(_ expression: Expression) -> Bool {
        if case .date = expression { true } else { false }
    }

    /// `?d > 2023` is after 2023-12-31, `?d = 2023-05` any day of May 2023; only dates match.
    mutating func compareDate(_ value: Expression, _ comparison: ComparisonOperator, _ date: DateLiteral, in scope: Scope) throws -> Fragment {
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

    mutating func call(_ function: FunctionName, _ arguments: [Expression], in scope: Scope) throws -> (Fragment, ValueType) {
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
