import TupuModel
import TupuQuery

/// Triple patterns, property paths and terms as tables, joins and conditions.
extension SQLCompiler {
    // MARK: Patterns

    mutating func addTriple(_ pattern: TriplePattern, into scope: inout Scope) throws {
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

    enum PredicateChoice {
        case predicates([Predicate])
        case variable(String)
    }

    mutating func addSimple(
        _ subject: Term, _ predicate: PredicateChoice, _ object: Term, evidence: EvidenceScope?, into scope: inout Scope
    ) throws {
        let triple = alias("t")
        scope.tables.append(Fragment("triple \(triple)"))
        if scope.depth >= 0 { scope.tripleAliases.append(triple) }
        // The conditions on this triple alone (its predicate and named ends), for namedPatterns.
        var local: [Fragment] = []
        var named = false
        let beforeSubject = scope.conditions.count
        let subjectEnd = try bindTerm(subject, id: "\(triple).subjectId", literal: nil, into: &scope)
        if subject.variable == nil {
            local += scope.conditions[beforeSubject...]
            named = true
        }
        let fixed: [Predicate]?
        switch predicate {
        case .predicates(let predicates):
            fixed = predicates
            if predicates.count == 1 {
                scope.conditions.append(Fragment("\(triple).predicateId = ?", [.integer(PredicateCode.code(predicates[0]))]))
            } else {
                scope.conditions.append(Fragment(
                    "\(triple).predicateId IN (\(Store.placeholders(predicates.count)))", predicates.map { .integer(PredicateCode.code($0)) }))
            }
            local.append(scope.conditions[scope.conditions.count - 1])
        case .variable(let name):
            fixed = nil
            try bind(name, .predicate("\(triple).predicate"), into: &scope)
        }
        if scope.required, let name = subject.variable {
            uses[name, default: []].append(OrderedPlan.Use(column: "\(triple).subjectId", isSubject: true, predicates: fixed?.map(\.rawValue)))
        }
        // A name given as the object of predicates whose objects are never literal text
        // (attended: an event) is looked up among entities only, so the index on objectId
        // serves it (an OR with objectLiteral would scan every triple of the predicate).
        let literalObjects: Bool
        switch (predicate, object) {
        case (.predicates(let predicates), .name), (.predicates(let predicates), .date):
            literalObjects = predicates.contains { $0.objectKinds.isEmpty }
        default:
            literalObjects = true
        }
        let beforeObject = scope.conditions.count
        let objectEnd = try bindTerm(
            object, id: "\(triple).objectId", literal: literalObjects ? "\(triple).objectLiteral" : nil, into: &scope)
        if scope.required { shapes.append(OrderedPlan.Shape(subject: subjectEnd, object: objectEnd)) }
        if object.variable == nil {
            local += scope.conditions[beforeObject...]
            named = true
        }
        if scope.required, let name = object.variable {
            uses[name, default: []].append(OrderedPlan.Use(column: "\(triple).objectId", isSubject: false, predicates: fixed?.map(\.rawValue)))
        }
        if scope.required, named {
            namedPatterns.append("SELECT 1 FROM triple \(triple) WHERE " + Fragment.join(local, " AND "))
        }
        guard let evidence else { return }
        let statement = alias("v")
        scope.tables.append(Fragment("evidence \(statement)"))
        scope.conditions.append(Fragment("\(statement).tripleId = \(triple).id"))
        switch evidence.document {
        case .variable(let name, _)?:
            try bind(name, .document("\(statement).documentId"), into: &scope)
        case .name(let path)?, .date(let path)?:
            let documents = "SELECT id FROM document WHERE path = ? UNION SELECT documentId FROM source WHERE key = ? OR path = ?"
            scope.conditions.append(Fragment(
                "\(statement).documentId IN (\(documents))", [.text(path), .text(path), .text(path)]))
            // Evidence is keyed by triple (v12): the document's list of triples finds its rows.
            scope.conditions.append(Fragment(
                "\(statement).tripleId IN (\(Store.triplesOfDocumentsSQL(documents)))",
                [.text(path), .text(path), .text(path)]))
        case nil:
            break
        }
        if let rule = evidence.rule { try bind(rule, .rule("\(statement).ruleId"), into: &scope) }
        if let confidence = evidence.confidence {
            try bind(confidence, .number("(\(statement).confidenceThousandths / 1000.0)"), into: &scope)
        }
    }

    mutating func hidden() -> Term {
        hiddenCount += 1
        return .variable(" step\(hiddenCount)", kind: nil)
    }

    mutating func addPath(_ subject: Term, _ path: PropertyPath, _ object: Term, into scope: inout Scope) throws {
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

    /// `p+` / `p*` (also `^p+`): a recursive CTE of at most
    /// ``PropertyPath/maximumDepth`` steps, seeded from a named end when there is one.
    mutating func addClosure(_ subject: Term, _ inner: PropertyPath, minimum: Int, _ object: Term, into scope: inout Scope) throws {
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
        let list = Store.placeholders(predicates.count)
        let predicateArguments = predicates.map { SQLArgument.integer(PredicateCode.code($0)) }
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
        // The first step (from the seeds when one end is named), then steps forward from the subject
        // side, or backward from the object side when only the object is named.
        let first = "SELECT subjectId, objectId, 1 FROM triple WHERE predicateId IN (\(list)) AND objectId IS NOT NULL"
        let forward = Fragment(
            " UNION SELECT \(cte).s, \(step).objectId, \(cte).d + 1 FROM \(cte) JOIN triple \(step) ON \(step).subjectId = \(cte).o"
                + " AND \(step).predicateId IN (\(list)) WHERE \(cte).d < \(depth)",
            predicateArguments)
        let backward = Fragment(
            " UNION SELECT \(step).subjectId, \(cte).o, \(cte).d + 1 FROM \(cte) JOIN triple \(step) ON \(step).objectId = \(cte).s"
                + " AND \(step).predicateId IN (\(list)) WHERE \(cte).d < \(depth)",
            predicateArguments)
        /// Zero steps from the seeds: each reaches itself.
        func itself(_ seeds: [Int64]) -> Fragment {
            Fragment("SELECT id, id FROM entity WHERE id IN (\(Store.placeholders(seeds.count)))", seeds.map(SQLArgument.integer))
        }
        let body: Fragment
        let zero: Fragment
        if let startSeeds = try seeds(start) {
            body = Fragment(first + " AND subjectId IN (\(Store.placeholders(startSeeds.count)))", predicateArguments + startSeeds.map(SQLArgument.integer))
                + forward
            zero = itself(startSeeds)
        } else if let endSeeds = try seeds(end) {
            body = Fragment(first + " AND objectId IN (\(Store.placeholders(endSeeds.count)))", predicateArguments + endSeeds.map(SQLArgument.integer))
                + backward
            zero = itself(endSeeds)
        } else {
            body = Fragment(first, predicateArguments) + forward
            // Zero steps from anything: every entity reaches itself.
            zero = Fragment("SELECT id, id FROM entity")
        }
        var select = Fragment("WITH RECURSIVE \(cte)(s, o, d) AS (") + body + Fragment(") SELECT DISTINCT s, o FROM \(cte) WHERE o IS NOT NULL")
        if minimum == 0 { select = select + " UNION " + zero }
        scope.tables.append("(" + select + ") AS \(table)")
        try bindTerm(start, id: "\(table).s", literal: nil, into: &scope)
        try bindTerm(end, id: "\(table).o", literal: nil, into: &scope)
    }

    /// Binds a pattern's end to `column` (and `literal`, where the end may be literal text);
    /// returns what the end is, for ``OrderedPlan/shapes``.
    @discardableResult
    mutating func bindTerm(_ term: Term, id column: String, literal: String?, into scope: inout Scope) throws -> OrderedPlan.End {
        switch term {
        case .variable(let name, let kind):
            let isNew = scope.lookup(name) == nil
            try bind(name, .term(id: column, literal: literal), into: &scope)
            if let kind, scope.required {
                declaredKinds[name] = (declaredKinds[name] ?? [kind.rawValue]).intersection([kind.rawValue])
            }
            if let kind {
                if scope.depth == 0, isNew || scope.bindings[name]?.depth == 0 {
                    scope.conditions.append(Fragment("\(entityJoin(name, column: column)).kind = ?", [.text(kind.rawValue)]))
                } else {
                    scope.conditions.append(Fragment("(SELECT kind FROM entity WHERE id = \(column)) = ?", [.text(kind.rawValue)]))
                }
            }
            return .variable(name)
        case .name(let name), .date(let name):
            let match = try resolve(name)
            if !match.entityIDs.isEmpty, let literal, match.isLiteral {
                // A name that is both an entity's (or alias) and a literal value: 省委常委会会议 is the
                // alias of each meeting and the series every meeting is an instance_of.
                scope.conditions.append(Fragment(
                    "(\(column) IN (\(Store.placeholders(match.entityIDs.count))) OR \(literal) = ?)",
                    match.entityIDs.map(SQLArgument.integer) + [.text(name)]))
                return .other
            } else if !match.entityIDs.isEmpty {
                scope.conditions.append(Fragment(
                    "\(column) IN (\(Store.placeholders(match.entityIDs.count)))", match.entityIDs.map(SQLArgument.integer)))
                return .entities(match.entityIDs)
            } else if let literal, match.isLiteral {
                scope.conditions.append(Fragment("\(literal) = ?", [.text(name)]))
                return .other
            } else {
                throw QueryError.unknownName(name: name, suggestions: [])
            }
        }
    }

    /// The `entity` alias joined for a variable of the top SELECT, added on first use.
    mutating func entityJoin(_ variable: String, column: String) -> String {
        if let alias = entityAlias[variable] { return alias }
        let alias = "e\(entityAlias.count)"
        entityAlias[variable] = alias
        displayJoins.append("LEFT JOIN entity \(alias) ON \(alias).id = \(column)")
        return alias
    }
}
