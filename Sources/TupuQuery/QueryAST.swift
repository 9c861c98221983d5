import TupuModel

/// A parsed query: a group of patterns, then result shaping. The syntax tree knows nothing of
/// storage; the store compiles it (see `Store.run`).
///
/// ```text
/// SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e . ?p:person holds_role ?r
/// OPTIONAL { ?e held_in ?place } FILTER contains(?r, "书记") GROUP BY ?p HAVING ?n > 1
/// ORDER BY DESC(?n) LIMIT 10 OFFSET 10
/// ```
public struct Query: Sendable, Equatable {
    /// The WHERE clause.
    public var pattern: GroupPattern
    /// The selected items; empty means every variable, in order of first appearance.
    public var select: [SelectItem]
    public var distinct: Bool
    public var groupBy: [String]
    /// Conditions on groups (aggregates and their aliases allowed).
    public var having: [Expression]
    public var orderBy: [OrderItem]
    public var limit: Int?
    public var offset: Int?

    public init(
        pattern: GroupPattern, select: [SelectItem] = [], distinct: Bool = false, groupBy: [String] = [],
        having: [Expression] = [], orderBy: [OrderItem] = [], limit: Int? = nil, offset: Int? = nil
    ) {
        self.pattern = pattern
        self.select = select
        self.distinct = distinct
        self.groupBy = groupBy
        self.having = having
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }

    /// A query of basic patterns and filters (the short form `tupu who` and `tupu why` build).
    public init(
        patterns: [TriplePattern], filters: [Expression] = [], select: [SelectItem] = [], distinct: Bool = false,
        groupBy: [String] = [], orderBy: [OrderItem] = [], limit: Int? = nil
    ) {
        self.init(
            pattern: GroupPattern(patterns.map(PatternElement.triple) + filters.map(PatternElement.filter)),
            select: select, distinct: distinct, groupBy: groupBy, orderBy: orderBy, limit: limit)
    }

    /// The triple patterns directly in the WHERE group (not inside OPTIONAL, UNION or MINUS).
    public var patterns: [TriplePattern] { pattern.triples }

    /// The filters directly in the WHERE group.
    public var filters: [Expression] { pattern.filters }

    /// Variables a solution can bind, in order of first appearance (those only inside MINUS or
    /// NOT EXISTS are not among them).
    public var variables: [String] {
        var seen: [String] = []
        pattern.collectVariables(into: &seen)
        return seen
    }

    public var isAggregate: Bool { select.contains { $0.aggregate != nil } || having.contains { $0.containsAggregate } }
}

/// `{ … }`: triple patterns, filters, OPTIONAL, UNION and MINUS, joined.
public struct GroupPattern: Sendable, Equatable {
    public var elements: [PatternElement]

    public init(_ elements: [PatternElement]) {
        self.elements = elements
    }

    public var triples: [TriplePattern] {
        elements.compactMap { if case .triple(let triple) = $0 { triple } else { nil } }
    }

    public var filters: [Expression] {
        elements.compactMap { if case .filter(let filter) = $0 { filter } else { nil } }
    }

    /// Variables bound by this group (triples, OPTIONAL and UNION), in order of appearance.
    public func collectVariables(into seen: inout [String]) {
        for element in elements {
            switch element {
            case .triple(let triple):
                for name in triple.variables where !seen.contains(name) { seen.append(name) }
            case .optional(let group):
                group.collectVariables(into: &seen)
            case .union(let groups):
                for group in groups { group.collectVariables(into: &seen) }
            case .filter, .minus:
                break
            }
        }
    }

    /// Every variable a pattern binds anywhere in the group: in triples, OPTIONAL, UNION, MINUS
    /// and the EXISTS groups of filters.
    public func collectPatternVariables(into seen: inout Set<String>) {
        for element in elements {
            switch element {
            case .triple(let triple): seen.formUnion(triple.variables)
            case .optional(let group), .minus(let group): group.collectPatternVariables(into: &seen)
            case .union(let groups): for group in groups { group.collectPatternVariables(into: &seen) }
            case .filter(let expression): expression.collectExistsVariables(into: &seen)
            }
        }
    }

    /// Every variable named anywhere in the group, including inside MINUS and filters.
    public func collectAllVariables(into seen: inout Set<String>) {
        for element in elements {
            switch element {
            case .triple(let triple): seen.formUnion(triple.variables)
            case .optional(let group), .minus(let group): group.collectAllVariables(into: &seen)
            case .union(let groups): for group in groups { group.collectAllVariables(into: &seen) }
            case .filter(let expression): expression.collectVariables(into: &seen)
            }
        }
    }
}

public indirect enum PatternElement: Sendable, Equatable {
    case triple(TriplePattern)
    /// `FILTER condition`: applies to the whole group it is in.
    case filter(Expression)
    /// `OPTIONAL { … }`: the group's bindings when it matches, unbound values otherwise.
    case optional(GroupPattern)
    /// `{ … } UNION { … }`: the solutions of each group.
    case union([GroupPattern])
    /// `MINUS { … }`: drops solutions that agree with one of the group's on a shared variable.
    case minus(GroupPattern)
}

/// A subject or object term.
public enum Term: Sendable, Equatable {
    /// `?p` or `?p:person`.
    case variable(String, kind: EntityKind?)
    /// A name (bare or quoted), matched against canonical names and aliases.
    case name(String)
    /// An ISO date `yyyy-mm-dd`, matched against date entities and literals.
    case date(String)

    public var variable: String? {
        if case .variable(let name, _) = self { name } else { nil }
    }
}

/// The predicate position: a known predicate, a variable or a property path.
public enum PredicateTerm: Sendable, Equatable {
    case fixed(Predicate)
    case variable(String)
    /// `attended/held_in`, `^attended`, `located_in+`, `located_in*`, `visited|attended`.
    case path(PropertyPath)

    public var variable: String? {
        if case .variable(let name) = self { name } else { nil }
    }
}

/// A property path over predicates.
public indirect enum PropertyPath: Sendable, Equatable {
    case predicate(Predicate)
    /// `^p`: from object to subject.
    case inverse(PropertyPath)
    /// `a/b`: a then b through an unnamed node.
    case sequence([PropertyPath])
    /// `a|b`: either.
    case alternative([PropertyPath])
    /// `p+` (minimum 1) or `p*` (minimum 0), at most ``PropertyPath/maximumDepth`` steps.
    case repeated(PropertyPath, minimum: Int)

    /// The most steps `+` and `*` follow.
    public static let maximumDepth = 8
}

/// Where the facts of a pattern were stated: `IN ?doc`, `RULE ?r`, `CONFIDENCE ?c` after a pattern.
public struct EvidenceScope: Sendable, Equatable {
    /// The document (article) the fact is stated in: a variable, or a document's path.
    public var document: Term?
    public var rule: String?
    public var confidence: String?

    public init(document: Term? = nil, rule: String? = nil, confidence: String? = nil) {
        self.document = document
        self.rule = rule
        self.confidence = confidence
    }

    public var variables: [String] { [document?.variable, rule, confidence].compactMap { $0 } }
}

public struct TriplePattern: Sendable, Equatable {
    public var subject: Term
    public var predicate: PredicateTerm
    public var object: Term
    public var evidence: EvidenceScope?
    /// Where the pattern starts in the query text (character offset), for messages.
    public var offset: Int
    /// Where the predicate and the object start (character offsets), for messages; not compared.
    public var predicateOffset: Int
    public var objectOffset: Int

    public init(_ subject: Term, _ predicate: PredicateTerm, _ object: Term, offset: Int = 0, evidence: EvidenceScope? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.offset = offset
        self.evidence = evidence
        predicateOffset = offset
        objectOffset = offset
    }

    /// Subject, predicate, object and evidence variables, in that order.
    public var variables: [String] {
        [subject.variable, predicate.variable, object.variable].compactMap { $0 } + (evidence?.variables ?? [])
    }

    public static func == (lhs: TriplePattern, rhs: TriplePattern) -> Bool {
        lhs.subject == rhs.subject && lhs.predicate == rhs.predicate && lhs.object == rhs.object
            && lhs.evidence == rhs.evidence && lhs.offset == rhs.offset
    }
}

public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// The operator with its sides swapped: `a < b` is `b > a`.
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}

/// A checked calendar date, day, month or year: `2023-05-04`, `2023-05`, `2023`.
/// A month or a year stands for the range of its days in comparisons.
public struct DateLiteral: Sendable, Equatable, Hashable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day { guard (1...Self.days(year, month)).contains(day) else { return nil } }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `yyyy-mm-dd` or `yyyy-mm` (two-digit month and day) or a four-digit year.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count),
              zip(parts, widths).allSatisfy({ $0.count == $1 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return nil }
        self.init(year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil, day: numbers.count > 2 ? numbers[2] : nil)
    }

    static func days(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The first day, `yyyy-mm-dd`.
    public var first: String { Self.iso(year, month ?? 1, day ?? 1) }

    /// The last day, `yyyy-mm-dd`.
    public var last: String {
        let lastMonth = month ?? 12
        return Self.iso(year, lastMonth, day ?? Self.days(year, lastMonth))
    }

    public var isDay: Bool { day != nil }

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

public enum FunctionName: String, Sendable, Equatable, CaseIterable {
    /// `contains(?v, "text")`: the value contains the text.
    case contains
    /// `prefix(?v, "text")` (also `startsWith`, `strstarts`).
    case prefix
    /// `regex(?v, "pattern")` or `regex(?v, "pattern", "i")`: ICU regular expressions.
    case regex
    /// `year(?d)`, `month(?d)`: parts of a date value, as numbers.
    case year, month
    /// `bound(?v)`: the variable has a value (after OPTIONAL).
    case bound
}

/// A condition or value in FILTER and HAVING.
public indirect enum Expression: Sendable, Equatable {
    case variable(String)
    case string(String)
    case number(Double)
    case date(DateLiteral)
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case comparison(ComparisonOperator, Expression, Expression)
    /// `?v IN (a, b)`, `?v NOT IN (a, b)`.
    case isIn(Expression, [Expression], negated: Bool)
    case function(FunctionName, [Expression])
    /// `EXISTS { … }`, `NOT EXISTS { … }`.
    case exists(GroupPattern, negated: Bool)
    /// `COUNT(?e)` … in HAVING.
    case aggregate(Aggregate)

    /// `contains(?v, "text")`.
    public static func contains(variable: String, text: String) -> Expression {
        .function(.contains, [.variable(variable), .string(text)])
    }

    /// `prefix(?v, "text")`.
    public static func prefix(variable: String, text: String) -> Expression {
        .function(.prefix, [.variable(variable), .string(text)])
    }

    /// `?v OP value`, the value a day (`yyyy-mm-dd`) or a name.
    public static func compare(variable: String, _ comparison: ComparisonOperator, value: String) -> Expression {
        let literal: Expression = DateLiteral(iso: value).flatMap { $0.isDay ? Expression.date($0) : nil } ?? .string(value)
        return .comparison(comparison, .variable(variable), literal)
    }

    public var containsAggregate: Bool {
        switch self {
        case .aggregate: true
        case .variable, .string, .number, .date, .exists: false
        case .not(let inner): inner.containsAggregate
        case .and(let a, let b), .or(let a, let b), .comparison(_, let a, let b): a.containsAggregate || b.containsAggregate
        case .isIn(let value, let list, _): value.containsAggregate || list.contains { $0.containsAggregate }
        case .function(_, let arguments): arguments.contains { $0.containsAggregate }
        }
    }

    /// Variables bound by the patterns of EXISTS groups inside the expression.
    public func collectExistsVariables(into seen: inout Set<String>) {
        switch self {
        case .variable, .string, .number, .date, .aggregate: break
        case .not(let inner): inner.collectExistsVariables(into: &seen)
        case .and(let a, let b), .or(let a, let b), .comparison(_, let a, let b):
            a.collectExistsVariables(into: &seen)
            b.collectExistsVariables(into: &seen)
        case .isIn(let value, let list, _):
            value.collectExistsVariables(into: &seen)
            for item in list { item.collectExistsVariables(into: &seen) }
        case .function(_, let arguments): for argument in arguments { argument.collectExistsVariables(into: &seen) }
        case .exists(let group, _): group.collectPatternVariables(into: &seen)
        }
    }

    public func collectVariables(into seen: inout Set<String>) {
        switch self {
        case .variable(let name): seen.insert(name)
        case .string, .number, .date: break
        case .not(let inner): inner.collectVariables(into: &seen)
        case .and(let a, let b), .or(let a, let b), .comparison(_, let a, let b):
            a.collectVariables(into: &seen)
            b.collectVariables(into: &seen)
        case .isIn(let value, let list, _):
            value.collectVariables(into: &seen)
            for item in list { item.collectVariables(into: &seen) }
        case .function(_, let arguments): for argument in arguments { argument.collectVariables(into: &seen) }
        case .exists(let group, _): group.collectAllVariables(into: &seen)
        case .aggregate(let aggregate): aggregate.argument?.collectVariables(into: &seen)
        }
    }
}

public enum AggregateFunction: String, Sendable, Equatable, CaseIterable {
    case count = "COUNT"
    case sum = "SUM"
    case min = "MIN"
    case max = "MAX"
    case avg = "AVG"
    case groupConcat = "GROUP_CONCAT"
}

/// `COUNT([DISTINCT] ?v | *)`, `SUM(?c)`, `GROUP_CONCAT(?v; SEPARATOR=", ")` …
public struct Aggregate: Sendable, Equatable {
    public var function: AggregateFunction
    /// nil for `COUNT(*)`.
    public var argument: Expression?
    public var distinct: Bool
    /// GROUP_CONCAT's separator (a space by default).
    public var separator: String?

    public init(_ function: AggregateFunction, _ argument: Expression?, distinct: Bool = false, separator: String? = nil) {
        self.function = function
        self.argument = argument
        self.distinct = distinct
        self.separator = separator
    }
}

public enum SelectItem: Sendable, Equatable {
    case variable(String)
    /// An aggregate named by `AS ?n` (or by its function in lower case: `count`, `sum` …).
    case aggregate(Aggregate, alias: String)

    /// `COUNT(?v)`, `COUNT(DISTINCT ?v)` or `COUNT(*)` (variable nil).
    public static func count(variable: String?, distinct: Bool, alias: String) -> SelectItem {
        .aggregate(Aggregate(.count, variable.map(Expression.variable), distinct: distinct), alias: alias)
    }

    public var aggregate: Aggregate? {
        if case .aggregate(let aggregate, _) = self { aggregate } else { nil }
    }

    /// The column name in results.
    public var columnName: String {
        switch self {
        case .variable(let name): name
        case .aggregate(_, let alias): alias
        }
    }
}

public struct OrderItem: Sendable, Equatable {
    /// A variable or an aggregate alias.
    public var name: String
    public var descending: Bool

    public init(_ name: String, descending: Bool = false) {
        self.name = name
        self.descending = descending
    }
}

extension Term {
    /// A name or, when it reads as `yyyy-mm-dd`, a date: how a bare command-line argument is taken.
    public init(argument: String) {
        self = QueryParser.isISODate(argument) ? .date(argument) : .name(argument)
    }
}
