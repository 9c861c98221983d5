import Foundation
import TupuModel

/// What the grammar cannot say: every variable used is bound, grouping is complete.
extension QueryParser {
    // MARK: Checks

    /// Every variable used outside the patterns must be bound by one.
    func check(_ query: Query) throws(QueryError) {
        let bound = Set(query.variables)
        var named = Set<String>()
        query.pattern.collectPatternVariables(into: &named)
        let aliases = Set(query.select.compactMap { $0.aggregate == nil ? nil : $0.columnName })
        var used = query.groupBy
        for item in query.select {
            switch item {
            case .variable(let name): used.append(name)
            case .aggregate(let aggregate, _):
                var inside = Set<String>()
                aggregate.argument?.collectVariables(into: &inside)
                used += inside.sorted()
            }
        }
        for name in used where !bound.contains(name) { throw .unboundVariable(name) }
        // Filters may name variables only their EXISTS groups bind.
        var inFilters = Set<String>()
        for filter in query.filters { filter.collectVariables(into: &inFilters) }
        for name in inFilters.sorted() where !named.contains(name) { throw .unboundVariable(name) }
        var inHaving = Set<String>()
        for condition in query.having { condition.collectVariables(into: &inHaving) }
        for name in inHaving.sorted() where !bound.contains(name) && !aliases.contains(name) { throw .unboundVariable(name) }
        for item in query.orderBy where !bound.contains(item.name) && !aliases.contains(item.name) {
            throw .unboundVariable(item.name)
        }
        if !query.groupBy.isEmpty || !query.having.isEmpty, !query.isAggregate {
            throw .invalid("GROUP BY and HAVING need an aggregate (COUNT, SUM, MIN, MAX, AVG, GROUP_CONCAT), e.g. SELECT ?p COUNT(?e) AS ?n … GROUP BY ?p")
        }
        if !query.groupBy.isEmpty {
            for item in query.select {
                if case .variable(let name) = item, !query.groupBy.contains(name) {
                    throw .invalid("?\(name) is selected but not grouped: add it to GROUP BY or select an aggregate of it (SAMPLE is not supported; try MIN(?\(name)))")
                }
            }
        }
    }

    public static func isISODate(_ word: String) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
