import Testing
import TupuFuzzSupport
import TupuModel
import TupuQuery

/// Builds query texts from the pieces of the query language, then breaks them.
struct QueryGenerator {
    var random: SplitMix64

    static let variables = ["?p", "?e", "?r", "?x", "?d", "?n", "?o", "?人物", "?_1", "?count"]
    static let kinds = EntityKind.allCases.map { ":" + $0.rawValue } + [":nokind", ":", ":人物"]
    static let predicates = Predicate.allCases.flatMap { [$0.rawValue, $0.chineseLabel] } + ["?rel", "?p", "knows", "\"出席\"", "SELECT"]
    static let names = [
        "李希", "王伟中", "孟凡利", "深圳", "\"全省 会议\"", #""Xi \"Jr\" Li""#, "2022-09-27", "2022-9-27", "0000-00-00",
        "\"LIMIT\"", "广东省委", "a.b", "\"\"", #""a\\b""#, "《前海方案》", "2022-09-27.",
    ]
    static let punctuation = [
        ".", "\n", "\r\n", "{", "}", "(", ")", ",", "*", "=", "!=", "<", "<=", ">", ">=", "!", "\"", "\\", "?", ":", "?:", " ", "\t", "。",
        "\u{0}", "\u{FEFF}", "\u{301}", "👨‍👩‍👧", "\u{2028}",
    ]
    static let keywords = [
        "SELECT", "DISTINCT", "WHERE", "FILTER", "GROUP", "BY", "ORDER", "LIMIT", "COUNT", "AS", "ASC", "DESC", "select", "count",
        "contains", "prefix", "startsWith", "strstarts", "0", "3", "-1", "99999999999999999999", "1e3",
        "OPTIONAL", "UNION", "MINUS", "NOT", "EXISTS", "IN", "HAVING", "OFFSET", "RULE", "CONFIDENCE", "&&", "||", "regex", "year",
        "month", "bound", "SUM", "MIN", "MAX", "AVG", "GROUP_CONCAT", ";", "SEPARATOR", "2023", "2023-05", "2023-1-1", "2023-13-45", "0.8",
        "/", "^", "+", "|",
    ]
    static let paths = ["attended/held_in", "^attended", "located_in+", "located_in*", "attended|presided", "^located_in+", "attended/"]

    static let validKinds = EntityKind.allCases.map { ":" + $0.rawValue }
    static let validNames = ["李希", "王伟中", "深圳", "\"全省 会议\"", #""Xi \"Jr\" Li""#, "2022-09-27", "\"LIMIT\"", "广东省委"]
    static let quoted = ["\"书记\"", "\"\"", "\"2022-09-27\"", #""a\\b""#, "\"李\"", "\"SELECT ?x\""]

    /// Whether the query being built sticks to well-formed pieces (most do, so most compile).
    var clean = true

    mutating func term(object: Bool) -> String {
        if random.chance(60) {
            return random.pick(Self.variables) + (random.chance(20) ? random.pick(clean ? Self.validKinds : Self.kinds) : "")
        }
        return random.pick(clean ? Self.validNames : Self.names)
    }

    mutating func pattern() -> String {
        var predicate = clean || random.chance(50) ? random.pick(Predicate.allCases.map(\.rawValue)) : random.pick(Self.predicates)
        if random.chance(15) { predicate = random.pick(Self.paths) }
        var scope = ""
        if random.chance(10) { scope += " IN \(random.pick(["?doc", "\"seeds/a.txt\""]))" }
        if random.chance(5) { scope += " RULE ?rule" }
        if random.chance(5) { scope += " CONFIDENCE ?c" }
        return "\(term(object: false)) \(predicate) \(term(object: true))\(scope)"
    }

    /// Variables the patterns of the query being built bind; modifiers mostly use these.
    var bound: [String] = []

    mutating func variable() -> String {
        !bound.isEmpty && random.chance(85) ? random.pick(bound) : random.pick(Self.variables)
    }

    /// Mostly well-formed: SELECT, patterns, modifiers.
    mutating func wellFormed() -> String {
        var parts: [String] = []
        clean = random.chance(70)
        let patterns = (0..<random.int(1..<5)).map { _ in pattern() }
        bound = patterns.flatMap { pattern in
            pattern.split(separator: " ").filter { $0.hasPrefix("?") }.map { String($0.prefix { $0 != ":" }) }
        }
        defer { bound = [] }
        if random.chance(40) {
            parts.append(random.chance(50) ? "SELECT" : "select")
            if random.chance(30) { parts.append("DISTINCT") }
            for _ in 0..<random.int(1..<4) {
                if random.chance(30) {
                    let inner = random.chance(25) ? "*" : (random.chance(30) ? "DISTINCT " : "") + variable()
                    let function = random.chance(60) ? "COUNT" : random.pick(["SUM", "MIN", "MAX", "AVG", "GROUP_CONCAT"])
                    parts.append("\(function)(\(inner))" + (random.chance(50) ? " AS \(variable())" : ""))
                } else {
                    parts.append(variable())
                }
            }
        }
        if random.chance(50) { parts.append("WHERE") }
        let braced = random.chance(25)
        if braced { parts.append("{") }
        parts.append(patterns.joined(separator: random.pick([" . ", "\n", ". ", " .\n", "\r\n"])))
        if braced { parts.append(random.chance(90) ? "}" : "") }
        for _ in 0..<random.int(0..<3) {
            switch random.int(0..<4) {
            case 0: parts.append("OPTIONAL { \(pattern()) }")
            case 1: parts.append("MINUS { \(pattern()) }")
            case 2: parts.append("FILTER \(random.chance(50) ? "NOT " : "")EXISTS { \(pattern()) }")
            default: parts.append("{ \(pattern()) } UNION { \(pattern()) }")
            }
        }
        for _ in 0..<random.int(0..<4) {
            switch random.int(0..<8) {
            case 5:
                let value = random.pick(clean ? ["2022", "2022-09", "2022-09-27", "\"李希\"", variable()] : Self.keywords)
                let condition = "\(variable()) \(random.pick(ComparisonOperator.allCases).rawValue) \(value)"
                let other = "\(random.pick(["regex", "contains"]))(\(variable()), \(random.pick(Self.quoted + ["\"(\""])))"
                parts.append("FILTER(\(random.chance(30) ? "!" : "")(\(condition)) \(random.pick(["&&", "||"])) \(other))")
            case 6:
                parts.append("FILTER(\(variable()) \(random.chance(50) ? "NOT IN" : "IN") (\(random.pick(Self.quoted)), \(random.pick(Self.quoted))))")
            case 7:
                parts.append(random.chance(50) ? "HAVING(\(variable()) > \(random.pick(["1", "0.5", "2023"])))" : "OFFSET \(random.pick(["0", "2", "x"]))")
            case 0:
                let function = random.pick(["contains", "prefix", "startsWith"])
                parts.append("FILTER \(function)(\(variable()), \(random.pick(clean ? Self.quoted : Self.names)))")
            case 1:
                let value = random.pick(clean ? Self.quoted + ["2022-09-27"] : Self.names)
                let condition = "\(variable()) \(random.pick(ComparisonOperator.allCases).rawValue) \(value)"
                parts.append(random.chance(50) ? "FILTER(\(condition))" : "FILTER \(condition)")
            case 2:
                parts.append("GROUP BY " + (0..<random.int(1..<3)).map { _ in variable() }.joined(separator: " "))
            case 3:
                let items = (0..<random.int(1..<3)).map { _ in
                    switch random.int(0..<4) {
                    case 0: "DESC(\(variable()))"
                    case 1: "ASC(\(variable()))"
                    case 2: "\(variable()) DESC"
                    default: variable()
                    }
                }
                parts.append("ORDER BY " + items.joined(separator: " "))
            default:
                parts.append("LIMIT \(random.pick(clean ? ["0", "1", "10"] : ["-1", "x", "99999999999999999999", "9223372036854775807"]))")
            }
        }
        return parts.joined(separator: clean || random.chance(50) ? " " : "\n")
    }

    /// Tokens of the language in random order.
    mutating func tokenSoup() -> String {
        let pools = [Self.variables, Self.kinds, Self.predicates, Self.names, Self.punctuation, Self.keywords]
        return (0..<random.int(1..<16)).map { _ in random.pick(random.pick(pools)) }
            .joined(separator: random.pick(["", " ", "  ", "\n"]))
    }

    /// Truncates, cuts, duplicates or sprinkles punctuation and random bytes into a text.
    mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<random.int(1..<4) {
            switch random.int(0..<5) {
            case 0:
                scalars = Array(scalars.prefix(random.int(0..<scalars.count + 1)))
            case 1 where !scalars.isEmpty:
                let start = random.int(0..<scalars.count)
                scalars.removeSubrange(start..<min(scalars.count, start + random.int(1..<6)))
            case 2:
                random.insert(random.pick(Self.punctuation), into: &scalars)
            case 3:
                random.insert(random.lossyText(maxBytes: 6), into: &scalars)
            default:
                random.insert(random.pick(Self.keywords + Self.predicates + Self.names), into: &scalars)
            }
        }
        return String(scalars: scalars)
    }

    mutating func next(seeds: [String]) -> String {
        switch random.int(0..<10) {
        case 0..<4: wellFormed()
        case 4, 5: mutate(wellFormed())
        case 6, 7: tokenSoup()
        case 8: mutate(seeds.isEmpty ? wellFormed() : random.pick(seeds))
        default: random.lossyText(maxBytes: 40)
        }
    }
}

@Suite("Fuzzing the query parser and compiler")
struct QueryFuzzTests {
    /// Inputs that broke a property once (found by `scripts/fuzz.sh query`), kept as regressions.
    static let regressions: [String] = [
    ]

    @Test("the seed corpus parses and compiles")
    func seedCorpus() throws {
        let seeds = Corpus.texts("query")
        #expect(seeds.count >= 5)
        for seed in seeds {
            #expect(try QueryFuzzing.check(seed) == .compiled, "\(seed)")
        }
    }

    @Test("regressions found by fuzzing", arguments: regressions)
    func regression(_ input: String) throws {
        _ = try QueryFuzzing.check(input)
    }

    @Test("2,000 random queries keep every property")
    func randomQueries() throws {
        var generator = QueryGenerator(random: SplitMix64(seed: 0x7475_7075))
        let seeds = Corpus.texts("query")
        var outcomes: [QueryFuzzing.Outcome: Int] = [:]
        for _ in 0..<2_000 {
            let query = generator.next(seeds: seeds)
            do {
                outcomes[try QueryFuzzing.check(query), default: 0] += 1
            } catch {
                Issue.record("\(error)")
            }
        }
        // The generator must reach the compiler often, not only the tokenizer.
        #expect(outcomes[.compiled, default: 0] >= 200, "\(outcomes)")
        #expect(outcomes[.syntaxError, default: 0] >= 200, "\(outcomes)")
    }
}
