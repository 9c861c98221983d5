import TupuModel

/// A parsed query: triple patterns, filters and result shaping.
///
/// ```text
/// SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e . ?p:person holds_role ?r
/// FILTER contains(?r, "书记") GROUP BY ?p ORDER BY DESC(?n) LIMIT 10
/// ```
public struct Query: Sendable, Equatable {
    public var patterns: [TriplePattern]
    public var filters: [Filter]
    /// The selected items; empty means every variable, in order of first appearance.
    public var select: [SelectItem]
    public var distinct: Bool
    public var groupBy: [String]
    public var orderBy: [OrderItem]
    public var limit: Int?

    public init(
        patterns: [TriplePattern], filters: [Filter] = [], select: [SelectItem] = [], distinct: Bool = false,
        groupBy: [String] = [], orderBy: [OrderItem] = [], limit: Int? = nil
    ) {
        self.patterns = patterns
        self.filters = filters
        self.select = select
        self.distinct = distinct
        self.groupBy = groupBy
        self.orderBy = orderBy
        self.limit = limit
    }

    /// Variables in order of first appearance in the patterns.
    public var variables: [String] {
        var seen: [String] = []
        for pattern in patterns {
            for name in [pattern.subject.variable, pattern.predicate.variable, pattern.object.variable].compactMap({ $0 })
            where !seen.contains(name) {
                seen.append(name)
            }
        }
        return seen
    }

    public var isAggregate: Bool { select.contains { $0.isCount } }
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

/// The predicate position: a known predicate or a variable.
public enum PredicateTerm: Sendable, Equatable {
    case fixed(Predicate)
    case variable(String)

    public var variable: String? {
        if case .variable(let name) = self { name } else { nil }
    }
}

public struct TriplePattern: Sendable, Equatable {
    public var subject: Term
    public var predicate: PredicateTerm
    public var object: Term
    /// Where the pattern starts in the query text (character offset), for messages.
    public var offset: Int

    public init(_ subject: Term, _ predicate: PredicateTerm, _ object: Term, offset: Int = 0) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.offset = offset
    }
}

public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

public enum Filter: Sendable, Equatable {
    /// `contains(?v, "text")`: the name contains the text.
    case contains(variable: String, text: String)
    /// `prefix(?v, "text")` (also `startsWith`): the name starts with the text.
    case prefix(variable: String, text: String)
    /// `?d >= 2022-01-01`, `?p = "李希"`: compares names (ISO dates compare in date order).
    case compare(variable: String, ComparisonOperator, value: String)

    public var variable: String {
        switch self {
        case .contains(let variable, _), .prefix(let variable, _), .compare(let variable, _, _): variable
        }
    }
}

public enum SelectItem: Sendable, Equatable {
    case variable(String)
    /// `COUNT(?v)`, `COUNT(DISTINCT ?v)` or `COUNT(*)` (variable nil), named by `AS ?n` or `count`.
    case count(variable: String?, distinct: Bool, alias: String)

    public var isCount: Bool {
        if case .count = self { true } else { false }
    }

    /// The column name in results.
    public var columnName: String {
        switch self {
        case .variable(let name): name
        case .count(_, _, let alias): alias
        }
    }
}

public struct OrderItem: Sendable, Equatable {
    /// A variable or a count alias.
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
