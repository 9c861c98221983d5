import TupuModel

/// Reads the query language into a ``Query``.
///
/// ```text
/// query    := [SELECT [DISTINCT] item+] [WHERE] ['{'] pattern (('.' | newline) pattern)* ['}'] modifier*
/// item     := ?v | COUNT '(' [DISTINCT] (?v | '*') ')' [AS ?n]
/// pattern  := term predicate term          term := ?v[:kind] | name | "quoted name" | yyyy-mm-dd
/// modifier := FILTER '(' condition ')' | GROUP BY ?v+ | ORDER BY (?v | ASC(?v) | DESC(?v) | ?v DESC)+ | LIMIT n
/// condition:= contains(?v, "text") | prefix(?v, "text") | ?v (= | != | < | <= | > | >=) value
/// ```
/// Keywords are case-insensitive; a name that is also a keyword must be quoted.
public struct QueryParser {
    enum TokenKind: Equatable {
        case variable(String, kind: String?)
        case string(String)
        case word(String)
        case punctuation(Character)
        case comparison(ComparisonOperator)
        case separator
        case end
    }

    struct Token: Equatable {
        var kind: TokenKind
        var offset: Int
        var text: String
    }

    static let keywords: Set<String> = ["SELECT", "DISTINCT", "WHERE", "FILTER", "GROUP", "BY", "ORDER", "LIMIT", "COUNT", "AS", "ASC", "DESC"]

    let source: String
    private var tokens: [Token] = []
    private var position = 0

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
        var query = Query(patterns: [])
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
                } else if isKeyword("COUNT") {
                    query.select.append(try countItem())
                } else {
                    break
                }
            }
            guard !query.select.isEmpty else { throw syntax("a variable or COUNT(…) after SELECT") }
        }
        skipSeparators()
        if isKeyword("WHERE") { advance() }
        skipSeparators()
        let braced = current.kind == .punctuation("{")
        if braced { advance() }
        skipSeparators()
        query.patterns.append(try pattern())
        var closed = !braced
        while true {
            let hadSeparator = current.kind == .separator
            skipSeparators()
            if braced, current.kind == .punctuation("}") {
                advance()
                closed = true
                break
            }
            guard hadSeparator, !isModifierStart, current.kind != .end else { break }
            query.patterns.append(try pattern())
        }
        guard closed else { throw syntax("} to close the patterns") }
        try modifiers(into: &query)
        guard current.kind == .end else {
            throw syntax("FILTER, GROUP BY, ORDER BY, LIMIT or the end of the query (separate patterns with . or a new line)")
        }
        try check(query)
        return query
    }

    // MARK: Grammar

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func advance() { position += 1 }

    private mutating func skipSeparators() {
        while current.kind == .separator { advance() }
    }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.kind { return word.uppercased() == keyword }
        return false
    }

    private var isModifierStart: Bool {
        isKeyword("FILTER") || isKeyword("GROUP") || isKeyword("ORDER") || isKeyword("LIMIT")
    }

    private func syntax(_ expected: String) -> QueryError {
        let found: String
        switch current.kind {
        case .end: found = "the end of the query"
        case .separator: found = current.text == "." ? "\".\"" : "a new line"
        default: found = "\"\(current.text)\""
        }
        return .syntax(query: source, offset: current.offset, expected: expected, found: found)
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

    private mutating func countItem() throws(QueryError) -> SelectItem {
        advance()
        try expect("(", "( after COUNT")
        var distinct = false
        if isKeyword("DISTINCT") {
            advance()
            distinct = true
        }
        var variable: String?
        if current.kind == .punctuation("*") {
            advance()
        } else {
            variable = try variableName("a variable or * inside COUNT(…)")
        }
        try expect(")", ") to close COUNT(")
        var alias = "count"
        if isKeyword("AS") {
            advance()
            alias = try variableName("a variable name after AS, such as ?n")
        }
        return .count(variable: variable, distinct: distinct, alias: alias)
    }

    private mutating func pattern() throws(QueryError) -> TriplePattern {
        let offset = current.offset
        let subject = try term(role: "a subject (a ?variable, a name or a \"quoted name\")")
        let predicate: PredicateTerm
        switch current.kind {
        case .variable(let name, nil):
            advance()
            predicate = .variable(name)
        case .word(let word) where !Self.keywords.contains(word.uppercased()), .string(let word):
            guard let known = Predicate(label: word) else {
                throw .unknownPredicate(query: source, offset: current.offset, name: word)
            }
            advance()
            predicate = .fixed(known)
        default:
            throw syntax("a predicate (attended, 出席, holds_role, … or a ?variable)")
        }
        let object = try term(role: "an object (a ?variable, a name, a \"quoted name\" or a date)")
        return TriplePattern(subject, predicate, object, offset: offset)
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

    private mutating func modifiers(into query: inout Query) throws(QueryError) {
        while true {
            skipSeparators()
            if isKeyword("FILTER") {
                advance()
                let parenthesized = current.kind == .punctuation("(")
                if parenthesized { advance() }
                query.filters.append(try condition())
                if parenthesized { try expect(")", ") to close FILTER(") }
            } else if isKeyword("GROUP") {
                advance()
                guard isKeyword("BY") else { throw syntax("BY after GROUP") }
                advance()
                query.groupBy.append(try variableName("a variable after GROUP BY"))
                while case .variable = current.kind {
                    query.groupBy.append(try variableName("a variable"))
                }
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
                guard case .word(let word) = current.kind, let limit = Int(word), limit >= 0 else {
                    throw syntax("a whole number after LIMIT")
                }
                advance()
                query.limit = limit
            } else {
                return
            }
        }
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

    private mutating func condition() throws(QueryError) -> Filter {
        if case .word(let word) = current.kind, ["contains", "prefix", "startswith", "strstarts"].contains(word.lowercased()) {
            advance()
            try expect("(", "( after \(word)")
            let variable = try variableName("a variable as the first argument of \(word)(…)")
            try expect(",", ", between the arguments")
            guard case .string(let text) = current.kind else { throw syntax("a \"quoted text\" as the second argument") }
            advance()
            try expect(")", ") to close \(word)(")
            return word.lowercased() == "contains" ? .contains(variable: variable, text: text) : .prefix(variable: variable, text: text)
        }
        let variable = try variableName("a condition: contains(?v, \"text\"), prefix(?v, \"text\") or ?v >= value")
        guard case .comparison(let comparison) = current.kind else { throw syntax("a comparison (=, !=, <, <=, >, >=)") }
        advance()
        switch current.kind {
        case .string(let value), .word(let value):
            advance()
            return .compare(variable: variable, comparison, value: value)
        default:
            throw syntax("a value to compare with (a date such as 2022-01-01 or a \"quoted name\")")
        }
    }

    /// Every variable used outside the patterns must be bound by one.
    private func check(_ query: Query) throws(QueryError) {
        let bound = Set(query.variables)
        let aliases = Set(query.select.compactMap { item -> String? in
            if case .count(_, _, let alias) = item { alias } else { nil }
        })
        var used = query.filters.map(\.variable) + query.groupBy
        for item in query.select {
            switch item {
            case .variable(let name): used.append(name)
            case .count(let variable, _, _): if let variable { used.append(variable) }
            }
        }
        for name in used where !bound.contains(name) { throw .unboundVariable(name) }
        for item in query.orderBy where !bound.contains(item.name) && !aliases.contains(item.name) {
            throw .unboundVariable(item.name)
        }
        if !query.groupBy.isEmpty, !query.isAggregate {
            throw .invalid("GROUP BY needs a COUNT(…) in SELECT, e.g. SELECT ?p COUNT(?e) AS ?n … GROUP BY ?p")
        }
    }

    public static func isISODate(_ word: String) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    // MARK: Tokens

    static func tokenize(_ source: String) throws(QueryError) -> [Token] {
        let characters = Array(source)
        var tokens: [Token] = []
        var index = 0
        func isWordCharacter(_ character: Character) -> Bool {
            !character.isWhitespace && !"(){},\"?=!<>".contains(character)
        }
        while index < characters.count {
            let character = characters[index]
            let start = index
            if character == "\n" || character == "\r\n" {
                tokens.append(Token(kind: .separator, offset: start, text: "\n"))
                index += 1
            } else if character.isWhitespace {
                index += 1
            } else if character == "." {
                tokens.append(Token(kind: .separator, offset: start, text: "."))
                index += 1
            } else if character == "\"" {
                var text = ""
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "\\", index + 1 < characters.count {
                        text.append(characters[index + 1])
                        index += 2
                        continue
                    }
                    if characters[index] == "\"" {
                        closed = true
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                guard closed else {
                    throw .syntax(query: source, offset: start, expected: "a closing \" for this quoted name", found: "the end of the query")
                }
                tokens.append(Token(kind: .string(text), offset: start, text: String(characters[start..<index])))
            } else if character == "?" {
                index += 1
                var name = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    name.append(characters[index])
                    index += 1
                }
                guard !name.isEmpty else {
                    throw .syntax(query: source, offset: start, expected: "a variable name after ? (letters, digits, _)", found: index < characters.count ? "\"\(characters[index])\"" : "the end of the query")
                }
                var kind: String?
                if index < characters.count, characters[index] == ":" {
                    index += 1
                    var kindName = ""
                    while index < characters.count, characters[index].isLetter {
                        kindName.append(characters[index])
                        index += 1
                    }
                    kind = kindName
                }
                tokens.append(Token(kind: .variable(name, kind: kind), offset: start, text: String(characters[start..<index])))
            } else if "<>=!".contains(character) {
                var text = String(character)
                if index + 1 < characters.count, characters[index + 1] == "=" {
                    text.append("=")
                }
                guard let comparison = ComparisonOperator(rawValue: text) else {
                    throw .syntax(query: source, offset: start, expected: "=, !=, <, <=, > or >=", found: "\"\(text)\"")
                }
                index += text.count
                tokens.append(Token(kind: .comparison(comparison), offset: start, text: text))
            } else if "(){},*".contains(character) {
                tokens.append(Token(kind: .punctuation(character), offset: start, text: String(character)))
                index += 1
            } else {
                var word = ""
                while index < characters.count, isWordCharacter(characters[index]) {
                    // A dot ends the word when followed by a space, a new line or the end.
                    if characters[index] == ".", index + 1 == characters.count || characters[index + 1].isWhitespace { break }
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(Token(kind: .word(word), offset: start, text: word))
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count, text: ""))
        return tokens
    }
}
