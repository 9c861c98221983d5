import Foundation
import TupuModel

/// FILTER and HAVING conditions, function calls, aggregates, numbers and dates.
extension QueryParser {
    // MARK: Conditions

    /// `FILTER(condition)` or `FILTER condition`.
    mutating func filterCondition(allowAggregates: Bool = false) throws(QueryError) -> Expression {
        self.allowAggregates = allowAggregates
        defer { self.allowAggregates = false }
        return try orExpression()
    }

    mutating func orExpression() throws(QueryError) -> Expression {
        var left = try andExpression()
        while current.kind == .logical("||") {
            advance()
            skipSeparators()
            left = .or(left, try andExpression())
        }
        return left
    }

    mutating func andExpression() throws(QueryError) -> Expression {
        var left = try notExpression()
        while current.kind == .logical("&&") {
            advance()
            skipSeparators()
            left = .and(left, try notExpression())
        }
        return left
    }

    mutating func notExpression() throws(QueryError) -> Expression {
        if current.kind == .punctuation("!") {
            advance()
            return .not(try notExpression())
        }
        return try relation()
    }

    mutating func relation() throws(QueryError) -> Expression {
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
    func dateSide(_ side: Expression, against other: Expression, token: Token) throws(QueryError) -> Expression {
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

    mutating func operand() throws(QueryError) -> Expression {
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
    func numberOrDate(_ word: String, token: Token) throws(QueryError) -> Expression {
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

    mutating func call(_ function: FunctionName, _ word: String) throws(QueryError) -> Expression {
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
    mutating func aggregate(_ function: AggregateFunction) throws(QueryError) -> Aggregate {
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
}
