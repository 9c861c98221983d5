import TupuModel

/// A reason a query cannot match anything, found without running it: a variable whose kinds
/// contradict each other (`?p:place attended ?e`: only persons attend) or a name of the wrong kind.
public struct QueryWarning: Sendable, Equatable, CustomStringConvertible {
    public var query: String
    public var offset: Int
    public var message: String

    public init(query: String, offset: Int, message: String) {
        self.query = query
        self.offset = offset
        self.message = message
    }

    public var description: String {
        "\(message)\n" + QueryError.caret(query, offset)
    }
}

/// Checks the required triple patterns of a query against ``Predicate/subjectKinds`` and
/// ``Predicate/objectKinds``.
public enum QueryAnalysis {
    /// One use of a variable or name that limits its kind.
    struct Use {
        var kinds: Set<EntityKind>
        var reason: String
        var offset: Int
    }

    /// Warnings for patterns of the WHERE group (OPTIONAL, UNION and MINUS groups are not checked).
    /// `kindsOfName` gives the kinds of the entities a name stands for (empty when unknown).
    public static func warnings(
        _ query: Query, text: String, kindsOfName: (String) -> Set<EntityKind> = { _ in [] }
    ) -> [QueryWarning] {
        var uses: [String: [Use]] = [:]
        var order: [String] = []
        var warnings: [QueryWarning] = []
        for triple in query.pattern.triples {
            guard let (subjectKinds, objectKinds, label) = kinds(of: triple.predicate) else { continue }
            for (term, allowed, role, offset) in [
                (triple.subject, subjectKinds, "subject", triple.offset), (triple.object, objectKinds, "object", triple.objectOffset),
            ] {
                // An empty set is a literal object (text): nothing to check.
                guard !allowed.isEmpty else { continue }
                let reason = "the \(role) of \(label) is " + list(allowed)
                switch term {
                case .variable(let name, let kind):
                    if uses[name] == nil { order.append(name) }
                    if let kind {
                        uses[name, default: []].append(Use(kinds: [kind], reason: "?\(name) is declared \(kind.withArticle) (?\(name):\(kind.rawValue))", offset: offset))
                    }
                    uses[name, default: []].append(Use(kinds: allowed, reason: reason, offset: offset))
                case .date(let date):
                    if !allowed.contains(.date) {
                        warnings.append(QueryWarning(query: text, offset: offset, message: "nothing can match: \(date) is a date and \(reason)"))
                    }
                case .name(let name):
                    let found = kindsOfName(name)
                    if !found.isEmpty, found.isDisjoint(with: allowed) {
                        warnings.append(QueryWarning(
                            query: text, offset: offset, message: "nothing can match: \(name) is " + list(found) + " and \(reason)"))
                    }
                }
            }
        }
        for name in order {
            guard let all = uses[name], all.count > 1 else { continue }
            var possible = Set(EntityKind.allCases)
            var reasons: [Use] = []
            for use in all {
                let narrowed = possible.intersection(use.kinds)
                reasons.append(use)
                if narrowed.isEmpty {
                    // Name the uses that clash: the first that agree with each other and the last.
                    let message = "nothing can match: ?\(name) cannot be both: "
                        + [reasons[reasons.count - 2].reason, use.reason].joined(separator: ", and ")
                    warnings.append(QueryWarning(query: text, offset: use.offset, message: message))
                    break
                }
                possible = narrowed
            }
        }
        return warnings
    }

    /// The subject kinds, object kinds and a label of a fixed predicate or a simple path.
    static func kinds(of predicate: PredicateTerm) -> (Set<EntityKind>, Set<EntityKind>, String)? {
        switch predicate {
        case .fixed(let known): (known.subjectKinds, known.objectKinds, known.rawValue)
        case .variable: nil
        case .path(let path): ends(of: path).map { ($0.0, $0.1, "the path") }
        }
    }

    static func ends(of path: PropertyPath) -> (Set<EntityKind>, Set<EntityKind>)? {
        switch path {
        case .predicate(let known): (known.subjectKinds, known.objectKinds)
        case .inverse(let inner): ends(of: inner).map { ($0.1, $0.0) }
        case .sequence(let steps):
            steps.first.flatMap { ends(of: $0) }.flatMap { first in steps.last.flatMap { ends(of: $0) }.map { (first.0, $0.1) } }
        case .alternative(let options):
            options.reduce(into: (Set<EntityKind>(), Set<EntityKind>())) { result, option in
                if let (subject, object) = ends(of: option) {
                    result.0.formUnion(subject)
                    result.1.formUnion(object)
                } else {
                    result = (Set(EntityKind.allCases), Set(EntityKind.allCases))
                }
            }
        case .repeated(let inner, let minimum): minimum == 0 ? nil : ends(of: inner)
        }
    }

    static func list(_ kinds: Set<EntityKind>) -> String {
        let sorted = kinds.sorted().map(\.withArticle)
        return sorted.count <= 1 ? (sorted.first ?? "nothing") : sorted.dropLast().joined(separator: ", ") + " or " + (sorted.last ?? "")
    }
}
