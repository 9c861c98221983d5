import Foundation
import TupuModel

/// Reads the query language into a ``Query`` (a syntax tree; nothing here knows the store).
///
/// ```text
/// query     := [SELECT [DISTINCT] item+] [WHERE] group-body modifier*
/// item      := ?v | AGG '(' [DISTINCT] (expr | '*') [; SEPARATOR = "text"] ')' [AS ?n]
///              AGG := COUNT | SUM | MIN | MAX | AVG | GROUP_CONCAT
/// group     := '{' element* '}'           group-body := element* (unbraced at the top)
/// element   := triple [IN doc] [RULE ?r] [CONFIDENCE ?c]
///            | FILTER condition | OPTIONAL group | MINUS group | group (UNION group)*
/// triple    := term path term             term := ?v[:kind] | name | "quoted name" | yyyy-mm-dd
/// path      := step ('/' step)* | step ('|' step)*     step := ['^'] predicate ['+' | '*']
/// modifier  := FILTER condition | GROUP BY ?v+ | HAVING condition | ORDER BY (?v | ASC(?v) | DESC(?v) | ?v DESC)+
///            | LIMIT n | OFFSET n
/// condition := or: and ('||' and)*, and: not ('&&' not)*, not: '!' not | relation
/// relation  := operand [(= | != | < | <= | > | >=) operand | [NOT] IN '(' operand, … ')']
/// operand   := '(' condition ')' | ?v | "text" | number | date | function '(' … ')' | [NOT] EXISTS group | AGG(…)
///              function := contains | prefix | startsWith | strstarts | regex | year | month | bound
/// ```
/// Keywords are case-insensitive; a name that is also a keyword must be quoted. Patterns are
/// separated by `.` or a new line. A date is `yyyy-mm-dd`; in a comparison `yyyy-mm` and a bare
/// year `yyyy` stand for all their days (`?d > 2023` is after 2023-12-31), and anything else
/// that starts with a digit and is not a number (`2023-1-1`, `2023-13-45`) is an error.
public struct QueryParser {
    static let keywords: Set<String> = [
        "SELECT", "DISTINCT", "WHERE", "FILTER", "GROUP", "BY", "ORDER", "LIMIT", "OFFSET", "COUNT", "AS", "ASC", "DESC",
        "OPTIONAL", "UNION", "MINUS", "HAVING", "IN", "NOT", "EXISTS",
    ]

    static let endOfPatterns =
        "FILTER, OPTIONAL, MINUS, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET or the end of the query (separate patterns with . or a new line)"

    let source: String
    var tokens: [Token] = []
    var position = 0
    /// Variables holding numbers (aggregate aliases, confidences): compared with numbers, not years.
    var numericVariables: Set<String> = []
    /// Whether the condition being read may hold aggregates (HAVING).
    var allowAggregates = false

    public init(_ source: String) {
        self.source = source
    }

    public static func parse(_ source: String) throws(QueryError) -> Query {
        var parser = QueryParser(source)
        return try parser.parse()
    }

    mutating func parse() throws(QueryError) -> Query {
        tokens = try Self.tokenize(source)
        position = 0
        var query = Query(pattern: GroupPattern([]))
        skipSeparators()
        if isKeyword("SELECT") {
            advance()
            if isKeyword("DISTINCT") {
                advance()
                query.distinct = true
            }
            while true {
                // SELECT may be followed by a new line before its items.
                skipSeparators()
                if case .variable(let name, let kind) = current.kind {
                    guard kind == nil else { throw syntax("a variable without a kind in SELECT") }
                    advance()
                    query.select.append(.variable(name))
                } else if let function = aggregateFunction {
                    let aggregate = try aggregate(function)
                    var alias = function.rawValue.lowercased()
                    if isKeyword("AS") {
                        advance()
                        alias = try variableName("a variable name after AS, such as ?n")
                    }
                    if [.count, .sum, .avg].contains(function) { numericVariables.insert(alias) }
                    query.select.append(.aggregate(aggregate, alias: alias))
                } else {
                    break
                }
            }
            guard !query.select.isEmpty else { throw syntax("a variable or COUNT(…) after SELECT") }
        }
        skipSeparators()
        if isKeyword("WHERE") { advance() }
        skipSeparators()
        query.pattern = try topGroup()
        try modifiers(into: &query)
        guard current.kind == .end else { throw syntax(Self.endOfPatterns) }
        try check(query)
        return query
    }

    // MARK: Tokens

    var current: Token { tokens[min(position, tokens.count - 1)] }

    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    var previous: Token { tokens[max(0, min(position - 1, tokens.count - 1))] }

    mutating func advance() { position += 1 }

    mutating func skipSeparators() {
        while current.kind == .separator { advance() }
    }

    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.kind { return word.uppercased() == keyword }
        return false
    }

    var isModifierStart: Bool {
        isKeyword("GROUP") || isKeyword("ORDER") || isKeyword("LIMIT") || isKeyword("OFFSET") || isKeyword("HAVING")
    }

    var aggregateFunction: AggregateFunction? {
        guard case .word(let word) = current.kind, next.kind == .punctuation("(") || word.uppercased() == "COUNT" else { return nil }
        return AggregateFunction(rawValue: word.uppercased())
    }

    func syntax(_ expected: String) -> QueryError {
        syntax(expected, at: current)
    }

    func syntax(_ expected: String, at token: Token) -> QueryError {
        let found: String
        switch token.kind {
        case .end: found = "the end of the query"
        case .separator: found = token.text == "." ? "\".\"" : "a new line"
        default: found = "\"\(token.text)\""
        }
        return .syntax(query: source, offset: token.offset, expected: expected, found: found)
    }

    mutating func expect(_ character: Character, _ description: String) throws(QueryError) {
        guard current.kind == .punctuation(character) else { throw syntax(description) }
        advance()
    }

    mutating func variableName(_ expected: String) throws(QueryError) -> String {
        guard case .variable(let name, nil) = current.kind else { throw syntax(expected) }
        advance()
        return name
    }

    // MARK: Groups

    /// The WHERE clause: unbraced elements, or `{ … }` (which may start a UNION).
    mutating func topGroup() throws(QueryError) -> GroupPattern {
        var group = try elements(closing: false)
        // `{ ?p attended ?e }` alone is the group itself, not a nested one.
        if group.elements.count == 1, case .union(let groups) = group.elements[0], groups.count == 1 {
            group = groups[0]
        }
        return group
    }

    /// Elements up to `}` (when closing) or up to a modifier or the end.
    mutating func elements(closing: Bool) throws(QueryError) -> GroupPattern {
        var elements: [PatternElement] = []
        var afterTriple = false
        while true {
            let hadSeparator = current.kind == .separator
            skipSeparators()
            if closing, current.kind == .punctuation("}") {
                guard !elements.isEmpty else { throw syntax(#"a pattern inside { } (a subject: a ?variable, a name or a "quoted name")"#) }
                advance()
                return GroupPattern(elements)
            }
            if current.kind == .end || isModifierStart || (!closing && current.kind == .punctuation("}")) {
                if closing { throw syntax("} to close the patterns") }
                if elements.isEmpty { throw syntax(#"a subject (a ?variable, a name or a "quoted name")"#) }
                return GroupPattern(elements)
            }
            if isKeyword("FILTER") {
                advance()
                elements.append(.filter(try filterCondition()))
                afterTriple = false
            } else if isKeyword("OPTIONAL") {
                advance()
                elements.append(.optional(try bracedGroup("{ after OPTIONAL")))
                afterTriple = false
            } else if isKeyword("MINUS") {
                advance()
                elements.append(.minus(try bracedGroup("{ after MINUS")))
                afterTriple = false
            } else if current.kind == .punctuation("{") {
                var groups = [try bracedGroup("{")]
                while true {
                    let mark = position
                    skipSeparators()
                    guard isKeyword("UNION") else {
                        position = mark
                        break
                    }
                    advance()
                    skipSeparators()
                    groups.append(try bracedGroup("{ after UNION"))
                }
                // A group without UNION is a nested group: it joins like its elements.
                elements.append(.union(groups))
                afterTriple = false
            } else {
                if afterTriple, !hadSeparator {
                    throw syntax(closing ? "} to close the patterns" : Self.endOfPatterns)
                }
                elements.append(.triple(try pattern()))
                afterTriple = true
            }
        }
    }

    mutating func bracedGroup(_ expected: String) throws(QueryError) -> GroupPattern {
        skipSeparators()
        try expect("{", expected)
        return try elements(closing: true)
    }

    // MARK: Patterns

    mutating func pattern() throws(QueryError) -> TriplePattern {
        let offset = current.offset
        let subject = try term(role: "a subject (a ?variable, a name or a \"quoted name\")")
        let predicateOffset = current.offset
        let predicate: PredicateTerm
        switch current.kind {
        case .variable(let name, nil):
            advance()
            predicate = .variable(name)
        case .word(let word) where !Self.keywords.contains(word.uppercased()):
            var text = word
            advance()
            // `located_in*`: the star is a token of its own.
            if current.kind == .punctuation("*"), current.offset == predicateOffset + word.count {
                text += "*"
                advance()
            }
            predicate = try path(text, offset: predicateOffset)
        case .string(let word):
            guard let known = Predicate(label: word) else {
                throw .unknownPredicate(query: source, offset: current.offset, name: word)
            }
            advance()
            predicate = .fixed(known)
        default:
            throw syntax("a predicate (attended, 出席, holds_role, … or a ?variable)")
        }
        let objectOffset = current.offset
        let object = try term(role: "an object (a ?variable, a name, a \"quoted name\" or a date)")
        var triple = TriplePattern(subject, predicate, object, offset: offset)
        triple.predicateOffset = predicateOffset
        triple.objectOffset = objectOffset
        triple.evidence = try evidenceScope()
        return triple
    }

    /// `IN ?doc`, `IN "path"`, `RULE ?r`, `CONFIDENCE ?c`, in any order, on the pattern's line.
    mutating func evidenceScope() throws(QueryError) -> EvidenceScope? {
        var scope = EvidenceScope()
        var any = false
        while true {
            if isKeyword("IN"), scope.document == nil {
                advance()
                switch current.kind {
                case .variable(let name, nil):
                    scope.document = .variable(name, kind: nil)
                case .string(let path):
                    scope.document = .name(path)
                default:
                    throw syntax("a ?variable or a \"document path\" after IN")
                }
                advance()
            } else if isKeyword("RULE"), scope.rule == nil {
                advance()
                scope.rule = try variableName("a ?variable after RULE")
            } else if isKeyword("CONFIDENCE"), scope.confidence == nil {
                advance()
                let name = try variableName("a ?variable after CONFIDENCE")
                numericVariables.insert(name)
                scope.confidence = name
            } else {
                return any ? scope : nil
            }
            any = true
        }
    }

    /// A predicate or a property path written as one word: `attended/held_in`, `^attended`,
    /// `located_in+`, `located_in*`, `visited|attended`.
    func path(_ text: String, offset: Int) throws(QueryError) -> PredicateTerm {
        if let known = Predicate(label: text) { return .fixed(known) }
        let characters = Array(text)
        guard characters.contains(where: { "/|^+*".contains($0) }) else {
            throw .unknownPredicate(query: source, offset: offset, name: text)
        }
        var index = 0
        func step() throws(QueryError) -> PropertyPath {
            var inverse = false
            if index < characters.count, characters[index] == "^" {
                inverse = true
                index += 1
            }
            let nameStart = index
            while index < characters.count, !"/|^+*".contains(characters[index]) { index += 1 }
            let name = String(characters[nameStart..<index])
            guard !name.isEmpty else {
                throw .syntax(
                    query: source, offset: offset + index, expected: "a predicate in the path (attended/held_in, ^attended, located_in+)",
                    found: index < characters.count ? "\"\(characters[index])\"" : "the end of the path")
            }
            guard let known = Predicate(label: name) else {
                throw .unknownPredicate(query: source, offset: offset + nameStart, name: name)
            }
            var result = PropertyPath.predicate(known)
            if index < characters.count, characters[index] == "+" || characters[index] == "*" {
                result = .repeated(result, minimum: characters[index] == "+" ? 1 : 0)
                index += 1
            }
            return inverse ? .inverse(result) : result
        }
        var steps = [try step()]
        var separator: Character?
        while index < characters.count {
            let character = characters[index]
            guard character == "/" || character == "|", separator == nil || separator == character else {
                throw .syntax(
                    query: source, offset: offset + index,
                    expected: separator == nil ? "/ or | between predicates" : "the same separator throughout (a/b/c or a|b|c, not both)",
                    found: "\"\(character)\"")
            }
            separator = character
            index += 1
            steps.append(try step())
        }
        if steps.count == 1 { return .path(steps[0]) }
        return .path(separator == "|" ? .alternative(steps) : .sequence(steps))
    }

    mutating func term(role: String) throws(QueryError) -> Term {
        switch current.kind {
        case .variable(let name, let kindName):
            var kind: EntityKind?
            if let kindName {
                guard let known = EntityKind(rawValue: kindName) else {
                    throw .unknownKind(query: source, offset: current.offset + name.count + 2, name: kindName)
                }
                kind = known
            }
            advance()
            return .variable(name, kind: kind)
        case .string(let text):
            advance()
            return .name(text)
        case .word(let word) where !Self.keywords.contains(word.uppercased()):
            advance()
            return Self.isISODate(word) ? .date(word) : .name(word)
        default:
            throw syntax(role)
        }
    }

    // MARK: Modifiers

    mutating func modifiers(into query: inout Query) throws(QueryError) {
        while true {
            skipSeparators()
            if isKeyword("FILTER") {
                advance()
                query.pattern.elements.append(.filter(try filterCondition()))
            } else if isKeyword("OPTIONAL") || isKeyword("MINUS") || current.kind == .punctuation("{") {
                // `{ … } OPTIONAL { … }`: more of the top group.
                let more = try elements(closing: false)
                query.pattern.elements += more.elements
            } else if isKeyword("GROUP") {
                advance()
                guard isKeyword("BY") else { throw syntax("BY after GROUP") }
                advance()
                query.groupBy.append(try variableName("a variable after GROUP BY"))
                while case .variable = current.kind {
                    query.groupBy.append(try variableName("a variable"))
                }
            } else if isKeyword("HAVING") {
                advance()
                query.having.append(try filterCondition(allowAggregates: true))
            } else if isKeyword("ORDER") {
                advance()
                guard isKeyword("BY") else { throw syntax("BY after ORDER") }
                advance()
                query.orderBy.append(try orderItem())
                while isKeyword("ASC") || isKeyword("DESC") || { if case .variable = current.kind { true } else { false } }() {
                    query.orderBy.append(try orderItem())
                }
            } else if isKeyword("LIMIT") {
                advance()
                query.limit = try wholeNumber("a whole number after LIMIT")
            } else if isKeyword("OFFSET") {
                advance()
                query.offset = try wholeNumber("a whole number after OFFSET")
            } else {
                return
            }
        }
    }

    mutating func wholeNumber(_ expected: String) throws(QueryError) -> Int {
        guard case .word(let word) = current.kind, let value = Int(word), value >= 0 else { throw syntax(expected) }
        advance()
        return value
    }

    mutating func orderItem() throws(QueryError) -> OrderItem {
        if isKeyword("ASC") || isKeyword("DESC") {
            let descending = isKeyword("DESC")
            advance()
            try expect("(", "( after ASC or DESC")
            let name = try variableName("a variable inside ASC(…) or DESC(…)")
            try expect(")", ")")
            return OrderItem(name, descending: descending)
        }
        let name = try variableName("a variable, ASC(?v) or DESC(?v) after ORDER BY")
        // `?v DESC` is a suffix; `?v DESC(?w)` starts the next item.
        let suffix = next.kind != .punctuation("(")
        if isKeyword("DESC"), suffix {
            advance()
            return OrderItem(name, descending: true)
        }
        if isKeyword("ASC"), suffix { advance() }
        return OrderItem(name)
    }
}
