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
    private var tokens: [Token] = []
    private var position = 0
    /// Variables holding numbers (aggregate aliases, confidences): compared with numbers, not years.
    private var numericVariables: Set<String> = []

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

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    private var previous: Token { tokens[max(0, min(position - 1, tokens.count - 1))] }

    private mutating func advance() { position += 1 }

    private mutating func skipSeparators() {
        while current.kind == .separator { advance() }
    }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.kind { return word.uppercased() == keyword }
        return false
    }

    private var isModifierStart: Bool {
        isKeyword("GROUP") || isKeyword("ORDER") || isKeyword("LIMIT") || isKeyword("OFFSET") || isKeyword("HAVING")
    }

    private var aggregateFunction: AggregateFunction? {
        guard case .word(let word) = current.kind, next.kind == .punctuation("(") || word.uppercased() == "COUNT" else { return nil }
        return AggregateFunction(rawValue: word.uppercased())
    }

    private func syntax(_ expected: String) -> QueryError {
        syntax(expected, at: current)
    }

    private func syntax(_ expected: String, at token: Token) -> QueryError {
        let found: String
        switch token.kind {
        case .end: found = "the end of the query"
        case .separator: found = token.text == "." ? "\".\"" : "a new line"
        default: found = "\"\(token.text)\""
        }
        return .syntax(query: source, offset: token.offset, expected: expected, found: found)
    }

    private mutating func expect(_ character: Character, _ description: String) throws(QueryError) {
        guard current.kind == .punctuation(character) else { throw syntax(description) }
        advance()
    }

    private mutating func variableName(_ expected: String) throws(QueryError) -> String {
        guard case .variable(let name, nil) = current.kind else { throw syntax(expected) }
        advance()
        return name
    }

    // MARK: Groups

    /// The WHERE clause: unbraced elements, or `{ … }` (which may start a UNION).
    private mutating func topGroup() throws(QueryError) -> GroupPattern {
        var group = try elements(closing: false)
        // `{ ?p attended ?e }` alone is the group itself, not a nested one.
        if group.elements.count == 1, case .union(let groups) = group.elements[0], groups.count == 1 {
            group = groups[0]
        }
        return group
    }

    /// Elements up to `}` (when closing) or up to a modifier or the end.
    private mutating func elements(closing: Bool) throws(QueryError) -> GroupPattern {
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

    private mutating func bracedGroup(_ expected: String) throws(QueryError) -> GroupPattern {
        skipSeparators()
        try expect("{", expected)
        return try elements(closing: true)
    }

    // MARK: Patterns

    private mutating func pattern() throws(QueryError) -> TriplePattern {
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
    private mutating func evidenceScope() throws(QueryError) -> EvidenceScope? {
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
    private func path(_ text: String, offset: Int) throws(QueryError) -> PredicateTerm {
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

    private mutating func term(role: String) throws(QueryError) -> Term {
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

    private mutating func modifiers(into query: inout Query) throws(QueryError) {
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

    private mutating func wholeNumber(_ expected: String) throws(QueryError) -> Int {
        guard case .word(let word) = current.kind, let value = Int(word), value >= 0 else { throw syntax(expected) }
        advance()
        return value
    }

    private mutating func orderItem() throws(QueryError) -> OrderItem {
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

    // MARK: Conditions

    private var allowAggregates = false

    /// `FILTER(condition)` or `FILTER condition`.
    private mutating func filterCondition(allowAggregates: Bool = false) throws(QueryError) -> Expression {
        self.allowAggregates = allowAggregates
        defer { self.allowAggregates = false }
        return try orExpression()
    }

    private mutating func orExpression() throws(QueryError) -> Expression {
        var left = try andExpression()
        while current.kind == .logical("||") {
            advance()
            skipSeparators()
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws(QueryError) -> Expression {
        var left = try notExpression()
        while current.kind == .logical("&&") {
            advance()
            skipSeparators()
            left = .and(left, try notExpression())
        }
        return left
    }

    private mutating func notExpression() throws(QueryError) -> Expression {
        if current.kind == .punctuation("!") {
            advance()
            return .not(try notExpression())
        }
        return try relation()
    }

    private mutating func relation() throws(QueryError) -> Expression {
        let leftToken = current
        let left = try operand()
        if case .comparison(let comparison) = current.kind {
            advance()
            let rightToken = current
            guard rightToken.kind != .end, rightToken.kind != .separator, rightToken.kind != .punctuation(")") else {
                throw syntax("a value to compare with (a date such as 2022-01-01 or a \"quoted name\")")
            }
            if case .comparison = rightToken.kind {
                throw syntax("a value to compare with (a date such as 2022-01-01 or a \"quoted name\")")
            }
            let right = try operand()
            return .comparison(comparison, try dateSide(left, against: right, token: leftToken), try dateSide(right, against: left, token: rightToken))
        }
        let negated = isKeyword("NOT") && { if case .word(let word) = next.kind { word.uppercased() == "IN" } else { false } }()
        if negated || isKeyword("IN") {
            advance()
            if negated { advance() }
            try expect("(", "( after IN")
            var list: [Expression] = []
            while true {
                let token = current
                list.append(try dateSide(try operand(), against: left, token: token))
                if current.kind == .punctuation(",") {
                    advance()
                    continue
                }
                try expect(")", ", or ) in the IN list")
                break
            }
            return .isIn(left, list, negated: negated)
        }
        return left
    }

    /// A number compared with a name or date value is a year (`?d > 2023`); a number compared with
    /// a numeric variable stays a number.
    private func dateSide(_ side: Expression, against other: Expression, token: Token) throws(QueryError) -> Expression {
        guard case .number(let value) = side else { return side }
        let otherIsNumeric: Bool
        switch other {
        case .variable(let name): otherIsNumeric = numericVariables.contains(name)
        case .number, .aggregate: otherIsNumeric = true
        case .function(let name, _): otherIsNumeric = name == .year || name == .month
        default: otherIsNumeric = false
        }
        if otherIsNumeric { return side }
        if case .word(let word) = token.kind, word.count == 4, word.allSatisfy({ $0.isASCII && $0.isNumber }),
           let year = DateLiteral(year: Int(value)) {
            return .date(year)
        }
        throw .syntax(
            query: source, offset: token.offset,
            expected: #"a date (yyyy-mm-dd, yyyy-mm or a year yyyy) or a "quoted name": names and dates are not numbers"#,
            found: "\"\(token.text)\"")
    }

    private mutating func operand() throws(QueryError) -> Expression {
        let token = current
        switch token.kind {
        case .punctuation("("):
            advance()
            skipSeparators()
            let inner = try orExpression()
            skipSeparators()
            try expect(")", ") to close (")
            return inner
        case .variable(let name, nil):
            advance()
            return .variable(name)
        case .string(let text):
            advance()
            return .string(text)
        case .word(let word):
            let upper = word.uppercased()
            if upper == "NOT" || upper == "EXISTS" {
                advance()
                if upper == "NOT" {
                    guard isKeyword("EXISTS") else { throw syntax("EXISTS after NOT (FILTER NOT EXISTS { … })") }
                    advance()
                }
                let group = try bracedGroup("{ after EXISTS")
                return .exists(group, negated: upper == "NOT")
            }
            if let function = aggregateFunction, next.kind == .punctuation("(") {
                guard allowAggregates else {
                    throw syntax("a condition; \(function.rawValue)(…) belongs in SELECT or HAVING")
                }
                return .aggregate(try aggregate(function))
            }
            if next.kind == .punctuation("("), let function = Self.function(word) {
                return try call(function, word)
            }
            if let first = word.first, first.isASCII, first.isNumber || ((first == "-" || first == "+") && word.count > 1) {
                advance()
                return try numberOrDate(word, token: token)
            }
            guard !Self.keywords.contains(upper) else {
                throw syntax("a condition: contains(?v, \"text\"), prefix(?v, \"text\"), regex(?v, \"…\"), ?v >= value, ?v IN (…), NOT EXISTS { … }")
            }
            advance()
            return .string(word)
        default:
            throw syntax("a condition: contains(?v, \"text\"), prefix(?v, \"text\"), regex(?v, \"…\"), ?v >= value, ?v IN (…), NOT EXISTS { … }")
        }
    }

    /// `2023-05-04`, `2023-05`, a number (`0.8`, `2023`); anything else starting with a digit is an error.
    private func numberOrDate(_ word: String, token: Token) throws(QueryError) -> Expression {
        let unsigned = word.drop { $0 == "-" || $0 == "+" }
        if word.dropFirst().contains("-"), !word.hasPrefix("-") {
            guard let date = DateLiteral(iso: word), date.month != nil else {
                throw .syntax(
                    query: source, offset: token.offset,
                    expected: "a date written yyyy-mm-dd with a real month and day (such as 2023-01-01), or yyyy-mm, or a year yyyy",
                    found: "\"\(word)\"")
            }
            return .date(date)
        }
        guard let value = Double(word), value.isFinite, unsigned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
            throw .syntax(
                query: source, offset: token.offset,
                expected: "a number (such as 0.8) or a date written yyyy-mm-dd (such as 2023-01-01)", found: "\"\(word)\"")
        }
        return .number(value)
    }

    static func function(_ word: String) -> FunctionName? {
        switch word.lowercased() {
        case "contains": .contains
        case "prefix", "startswith", "strstarts": .prefix
        case "regex": .regex
        case "year": .year
        case "month": .month
        case "bound": .bound
        default: nil
        }
    }

    private mutating func call(_ function: FunctionName, _ word: String) throws(QueryError) -> Expression {
        advance()
        try expect("(", "( after \(word)")
        var arguments: [Expression] = []
        switch function {
        case .contains, .prefix, .regex:
            arguments.append(.variable(try variableName("a variable as the first argument of \(word)(…)")))
            try expect(",", ", between the arguments")
            let patternToken = current
            guard case .string(let text) = current.kind else { throw syntax("a \"quoted text\" as the second argument") }
            advance()
            arguments.append(.string(text))
            if function == .regex {
                var flags = ""
                if current.kind == .punctuation(",") {
                    advance()
                    guard case .string(let given) = current.kind, given.allSatisfy({ "ismx".contains($0) }) else {
                        throw syntax(#"flags as a "quoted text" of i, s, m, x"#)
                    }
                    flags = given
                    advance()
                    arguments.append(.string(flags))
                }
                var options: NSRegularExpression.Options = []
                if flags.contains("i") { options.insert(.caseInsensitive) }
                do {
                    _ = try NSRegularExpression(pattern: text, options: options)
                } catch {
                    throw .syntax(query: source, offset: patternToken.offset, expected: "a valid regular expression (ICU syntax)", found: patternToken.text)
                }
            }
        case .year, .month, .bound:
            arguments.append(.variable(try variableName("a variable inside \(word)(…)")))
        }
        try expect(")", ") to close \(word)(")
        return .function(function, arguments)
    }

    /// `COUNT(DISTINCT ?v)`, `SUM(?c)`, `GROUP_CONCAT(?v; SEPARATOR = ", ")`; the current token is the name.
    private mutating func aggregate(_ function: AggregateFunction) throws(QueryError) -> Aggregate {
        let name = current.text
        advance()
        try expect("(", "( after \(name)")
        var distinct = false
        if isKeyword("DISTINCT") {
            advance()
            distinct = true
        }
        var argument: Expression?
        if current.kind == .punctuation("*") {
            guard function == .count else { throw syntax("a variable inside \(name)(…); only COUNT takes *") }
            advance()
        } else {
            guard case .variable(let variable, nil) = current.kind else {
                throw syntax(function == .count ? "a variable or * inside COUNT(…)" : "a variable inside \(name)(…)")
            }
            advance()
            argument = .variable(variable)
        }
        var separator: String?
        // `; SEPARATOR = "…"` (`;` is a word character, so `;SEPARATOR` may be one word), or `, "…"`.
        if function == .groupConcat, case .word(let word) = current.kind, word.hasPrefix(";") {
            let rest = word.dropFirst().uppercased()
            guard rest.isEmpty || rest == "SEPARATOR" else { throw syntax("SEPARATOR after ; in GROUP_CONCAT") }
            advance()
            if rest.isEmpty {
                guard isKeyword("SEPARATOR") else { throw syntax("SEPARATOR after ; in GROUP_CONCAT") }
                advance()
            }
            guard current.kind == .comparison(.equal) else { throw syntax("= after SEPARATOR") }
            advance()
            guard case .string(let text) = current.kind else { throw syntax(#"the separator as a "quoted text""#) }
            advance()
            separator = text
        } else if function == .groupConcat, current.kind == .punctuation(",") {
            advance()
            guard case .string(let text) = current.kind else { throw syntax(#"the separator as a "quoted text""#) }
            advance()
            separator = text
        }
        try expect(")", ") to close \(name)(")
        return Aggregate(function, argument, distinct: distinct, separator: separator)
    }

    // MARK: Checks

    /// Every variable used outside the patterns must be bound by one.
    private func check(_ query: Query) throws(QueryError) {
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
