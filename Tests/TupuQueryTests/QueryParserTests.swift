import Testing
import TupuModel
@testable import TupuQuery

private func v(_ name: String, _ kind: EntityKind? = nil) -> Term { .variable(name, kind: kind) }

/// The lines of an error's description.
private func lines(_ error: QueryError?) -> [String] {
    (error?.description ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

private let knownPredicates =
    "holds_role (担任), attended (出席), presided (主持), spoke_at (讲话), reported_at (汇报), visited (考察), "
    + "met_with (会见), held_in (举办地), held_on (日期), located_in (位于), promotes (推进), discussed_at (议及), "
    + "part_of (属于), instance_of (系列), reported_by (报道), published_on (发布)"

@Suite struct QueryParserTests {
    // MARK: Patterns

    @Test func patternsJoinedByDotsAndByNewLinesKeepTheirOffsets() throws {
        let dotted = try QueryParser.parse("?p attended ?e . ?p holds_role ?r")
        #expect(dotted.patterns == [
            TriplePattern(v("p"), .fixed(.attended), v("e"), offset: 0),
            TriplePattern(v("p"), .fixed(.holdsRole), v("r"), offset: 17),
        ])
        #expect(dotted.variables == ["p", "e", "r"])
        let newLines = try QueryParser.parse("?p attended ?e\n?p holds_role ?r\r\n?e held_in ?x\n")
        #expect(newLines.patterns == [
            TriplePattern(v("p"), .fixed(.attended), v("e"), offset: 0),
            TriplePattern(v("p"), .fixed(.holdsRole), v("r"), offset: 15),
            TriplePattern(v("e"), .fixed(.heldIn), v("x"), offset: 32),
        ])
        // A dot right after a variable, several separators in a row, a trailing dot.
        let tight = try QueryParser.parse("?p attended ?e. \n . ?e held_in ?x .")
        #expect(tight.patterns.map(\.predicate) == [.fixed(.attended), .fixed(.heldIn)])
        #expect(tight.patterns.map(\.object) == [v("e"), v("x")])
    }

    @Test func quotedNamesKeepSpacesAndEscapedQuotes() throws {
        let query = try QueryParser.parse(#""Xi \"Jr\" Li" attended "全省 会议""#)
        #expect(query.patterns == [TriplePattern(.name(#"Xi "Jr" Li"#), .fixed(.attended), .name("全省 会议"))])
        let keyword = try QueryParser.parse(#""LIMIT" attended "Order""#)
        #expect(keyword.patterns.first?.subject == .name("LIMIT"))
        #expect(keyword.patterns.first?.object == .name("Order"))
        let backslash = try QueryParser.parse(#""a\\b" attended ?e"#)
        #expect(backslash.patterns.first?.subject == .name(#"a\b"#))
    }

    @Test func variablesMayRequireAKind() throws {
        let query = try QueryParser.parse("?p:person 考察 ?o:organization . ?o located_in 深圳")
        #expect(query.patterns == [
            TriplePattern(v("p", .person), .fixed(.visited), v("o", .organization), offset: 0),
            TriplePattern(v("o"), .fixed(.locatedIn), .name("深圳"), offset: 31),
        ])
    }

    @Test func chineseLabelsAndIdsNameTheSamePredicates() throws {
        let pairs: [(String, Predicate)] = [("出席", .attended), ("主持", .presided), ("考察", .visited), ("担任", .holdsRole), ("日期", .heldOn)]
        for (label, predicate) in pairs {
            #expect(try QueryParser.parse("?a \(label) ?b").patterns.first?.predicate == .fixed(predicate))
            #expect(try QueryParser.parse("?a \(predicate.rawValue) ?b").patterns.first?.predicate == .fixed(predicate))
        }
        #expect(try QueryParser.parse("王伟中 担任 ?r").patterns == [TriplePattern(.name("王伟中"), .fixed(.holdsRole), v("r"))])
        #expect(try QueryParser.parse("?s ?rel ?o").patterns.first?.predicate == .variable("rel"))
    }

    @Test func isoDatesAreDateTermsOnlyWhenBare() throws {
        #expect(try QueryParser.parse("?e held_on 2022-09-27").patterns.first?.object == .date("2022-09-27"))
        #expect(try QueryParser.parse(#"?e held_on "2022-09-27""#).patterns.first?.object == .name("2022-09-27"))
        #expect(try QueryParser.parse("?e held_on 2022-9-27").patterns.first?.object == .name("2022-9-27"))
        #expect(QueryParser.isISODate("2022-09-27"))
        #expect(!QueryParser.isISODate("２０２２-09-27"))
        #expect(!QueryParser.isISODate("2022-09-2x"))
        #expect(Term(argument: "2022-09-27") == .date("2022-09-27"))
        #expect(Term(argument: "李希") == .name("李希"))
    }

    // MARK: SELECT, COUNT, GROUP BY, ORDER BY, LIMIT

    @Test func selectDistinctAndCounts() throws {
        let distinct = try QueryParser.parse("SELECT DISTINCT ?p WHERE ?p attended ?e")
        #expect(distinct.distinct)
        #expect(distinct.select == [.variable("p")])
        #expect(!distinct.isAggregate)

        let count = try QueryParser.parse("SELECT ?p COUNT(?e) WHERE ?p attended ?e")
        #expect(count.select == [.variable("p"), .count(variable: "e", distinct: false, alias: "count")])
        #expect(count.isAggregate)

        let named = try QueryParser.parse("select ?p count(distinct ?e) as ?n where ?p attended ?e group by ?p order by desc(?n) ?p limit 3")
        #expect(named.select == [.variable("p"), .count(variable: "e", distinct: true, alias: "n")])
        #expect(named.groupBy == ["p"])
        #expect(named.orderBy == [OrderItem("n", descending: true), OrderItem("p")])
        #expect(named.limit == 3)
        #expect(named.select.map(\.columnName) == ["p", "n"])

        let star = try QueryParser.parse("SELECT COUNT(*) WHERE ?p attended ?e")
        #expect(star.select == [.count(variable: nil, distinct: false, alias: "count")])
        #expect(try QueryParser.parse("SELECT COUNT(*) AS ?all WHERE ?p attended ?e").select == [.count(variable: nil, distinct: false, alias: "all")])
    }

    @Test func groupByTakesSeveralVariables() throws {
        let query = try QueryParser.parse("SELECT ?p ?x COUNT(?e) AS ?n WHERE ?p ?x ?e GROUP BY ?p ?x")
        #expect(query.groupBy == ["p", "x"])
    }

    @Test func orderByForms() throws {
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ?p").orderBy == [OrderItem("p")])
        #expect(try QueryParser.parse("?p attended ?e ORDER BY DESC(?p)").orderBy == [OrderItem("p", descending: true)])
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ?p DESC").orderBy == [OrderItem("p", descending: true)])
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ?p ASC ?e DESC").orderBy == [OrderItem("p"), OrderItem("e", descending: true)])
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ASC(?e) ?p").orderBy == [OrderItem("e"), OrderItem("p")])
        // A DESC( after a variable starts the next item; it is not a suffix of the first.
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ?p DESC(?e) LIMIT 2").orderBy == [OrderItem("p"), OrderItem("e", descending: true)])
        #expect(try QueryParser.parse("?p attended ?e ORDER BY ?p ASC(?e)").orderBy == [OrderItem("p"), OrderItem("e")])
    }

    @Test func limit() throws {
        #expect(try QueryParser.parse("?p attended ?e LIMIT 0").limit == 0)
        #expect(try QueryParser.parse("?p attended ?e\nLIMIT 10").limit == 10)
        #expect(try QueryParser.parse("?p attended ?e").limit == nil)
    }

    @Test func filters() throws {
        let query = try QueryParser.parse(#"""
            ?p holds_role ?r . ?p attended ?e . ?e held_on ?d
            FILTER contains(?r, "书记") FILTER(prefix(?r, "省")) FILTER startsWith(?p, "王")
            FILTER ?d >= 2022-01-01 FILTER(?p != "李希")
            """#)
        #expect(query.filters == [
            .contains(variable: "r", text: "书记"),
            .prefix(variable: "r", text: "省"),
            .prefix(variable: "p", text: "王"),
            .compare(variable: "d", .greaterOrEqual, value: "2022-01-01"),
            .compare(variable: "p", .notEqual, value: "李希"),
        ])
        for comparison in ComparisonOperator.allCases {
            let parsed = try QueryParser.parse("?e held_on ?d FILTER ?d \(comparison.rawValue) 2022-09-27")
            #expect(parsed.filters == [.compare(variable: "d", comparison, value: "2022-09-27")])
            let tight = try QueryParser.parse("?e held_on ?d FILTER(?d\(comparison.rawValue)2022-09-27)")
            #expect(tight.filters == [.compare(variable: "d", comparison, value: "2022-09-27")])
        }
    }

    @Test func bracesAroundThePatterns() throws {
        let plain = try QueryParser.parse("?p attended ?e . ?p holds_role ?r LIMIT 2")
        let braced = try QueryParser.parse("SELECT ?p ?e ?r WHERE { ?p attended ?e . ?p holds_role ?r . } LIMIT 2")
        #expect(braced.patterns.map(\.predicate) == plain.patterns.map(\.predicate))
        #expect(braced.limit == 2)
        let multiline = try QueryParser.parse("{\n  ?p attended ?e\n  ?p holds_role ?r\n}\nORDER BY ?p")
        #expect(multiline.patterns.count == 2)
        #expect(multiline.orderBy == [OrderItem("p")])
    }

    // MARK: Errors

    @Test func missingObject() {
        let error = parseError("?p attended")
        #expect(error == .syntax(
            query: "?p attended", offset: 11, expected: #"an object (a ?variable, a name, a "quoted name" or a date)"#,
            found: "the end of the query"))
        #expect(lines(error) == [
            #"query syntax error at character 12: expected an object (a ?variable, a name, a "quoted name" or a date), found the end of the query"#,
            "  ?p attended",
            "             ^",
        ])
        // Before a separator, the separator is named.
        #expect(parseError("?p attended . ?p holds_role ?r") == .syntax(
            query: "?p attended . ?p holds_role ?r", offset: 12, expected: #"an object (a ?variable, a name, a "quoted name" or a date)"#,
            found: #"".""#))
    }

    @Test func unknownPredicateListsTheKnownOnes() {
        let error = parseError("?p befriended ?q")
        #expect(error == .unknownPredicate(query: "?p befriended ?q", offset: 3, name: "befriended"))
        #expect(lines(error) == [
            #"unknown predicate "befriended"; known predicates: "# + knownPredicates,
            "  ?p befriended ?q",
            "     ^",
        ])
    }

    @Test func unknownKind() {
        let error = parseError("?p:animal attended ?e")
        #expect(error == .unknownKind(query: "?p:animal attended ?e", offset: 3, name: "animal"))
        #expect(lines(error) == [
            #"unknown kind "animal"; known kinds: person, role, place, organization, initiative, document, event, date"#,
            "  ?p:animal attended ?e",
            "     ^",
        ])
        // The caret is under the kind, after a longer variable name too.
        #expect(parseError("?p attended ?event:evnt") == .unknownKind(query: "?p attended ?event:evnt", offset: 19, name: "evnt"))
    }

    @Test func unclosedQuote() {
        let error = parseError(#"?p attended "全省会议"#)
        #expect(error == .syntax(
            query: #"?p attended "全省会议"#, offset: 12, expected: #"a closing " for this quoted name"#, found: "the end of the query"))
        #expect(lines(error).last == String(repeating: " ", count: 14) + "^")
    }

    @Test func unclosedBrace() {
        #expect(parseError("{ ?p attended ?e") == .syntax(
            query: "{ ?p attended ?e", offset: 16, expected: "} to close the patterns", found: "the end of the query"))
        #expect(parseError("{ ?p attended ?e ?x }") == .syntax(
            query: "{ ?p attended ?e ?x }", offset: 17, expected: "} to close the patterns", found: #""?x""#))
        #expect(parseError("?p attended ?e }") == .syntax(
            query: "?p attended ?e }", offset: 15,
            expected: QueryParser.endOfPatterns,
            found: #""}""#))
    }

    @Test func badLimit() {
        for (text, offset, found) in [
            ("?p attended ?e LIMIT x", 21, #""x""#), ("?p attended ?e LIMIT -1", 21, #""-1""#),
            ("?p attended ?e LIMIT", 20, "the end of the query"), ("?p attended ?e LIMIT 2.5", 21, #""2.5""#),
        ] {
            #expect(parseError(text) == .syntax(query: text, offset: offset, expected: "a whole number after LIMIT", found: found))
        }
    }

    @Test func unboundVariables() {
        #expect(parseError(#"?p attended ?e FILTER contains(?x, "a")"#) == .unboundVariable("x"))
        #expect(parseError("SELECT ?x WHERE ?p attended ?e") == .unboundVariable("x"))
        #expect(parseError("SELECT ?p COUNT(?y) WHERE ?p attended ?e") == .unboundVariable("y"))
        #expect(parseError("?p attended ?e ORDER BY ?z") == .unboundVariable("z"))
        #expect(parseError("SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e GROUP BY ?q") == .unboundVariable("q"))
        #expect(QueryError.unboundVariable("x").description == "?x is not used in any triple pattern; bind it in a pattern first")
        // A count alias may be ordered by.
        #expect(parseError("SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e ORDER BY DESC(?n)") == nil)
    }

    @Test func groupByWithoutCount() {
        let message = "GROUP BY and HAVING need an aggregate (COUNT, SUM, MIN, MAX, AVG, GROUP_CONCAT), e.g. SELECT ?p COUNT(?e) AS ?n … GROUP BY ?p"
        #expect(parseError("?p attended ?e GROUP BY ?p") == .invalid(message))
        #expect(parseError("SELECT ?p WHERE ?p attended ?e GROUP BY ?p") == .invalid(message))
        #expect(QueryError.invalid(message).description == message)
    }

    @Test func keywordsCannotBeBareNames() {
        #expect(parseError("李希 出席 limit") == .syntax(
            query: "李希 出席 limit", offset: 6, expected: #"an object (a ?variable, a name, a "quoted name" or a date)"#,
            found: #""limit""#))
        #expect(parseError("ORDER 出席 ?e") == .syntax(
            query: "ORDER 出席 ?e", offset: 0, expected: #"a subject (a ?variable, a name or a "quoted name")"#, found: #""ORDER""#))
        #expect(parseError("?p count ?e") == .syntax(
            query: "?p count ?e", offset: 3, expected: "a predicate (attended, 出席, holds_role, … or a ?variable)", found: #""count""#))
        #expect(parseError(#""limit" 出席 "ORDER""#) == nil)
    }

    @Test func otherSyntaxErrors() {
        #expect(parseError("王伟中 考察 ?o ?x") == .syntax(
            query: "王伟中 考察 ?o ?x", offset: 10,
            expected: QueryParser.endOfPatterns,
            found: #""?x""#))
        #expect(parseError("?p attended ?e FILTER ?") == .syntax(
            query: "?p attended ?e FILTER ?", offset: 22, expected: "a variable name after ? (letters, digits, _)", found: "the end of the query"))
        #expect(parseError("SELECT WHERE ?p attended ?e") == .syntax(
            query: "SELECT WHERE ?p attended ?e", offset: 7, expected: "a variable or COUNT(…) after SELECT", found: #""WHERE""#))
        #expect(parseError("") == .syntax(
            query: "", offset: 0, expected: #"a subject (a ?variable, a name or a "quoted name")"#, found: "the end of the query"))
        #expect(parseError("?e held_on ?d FILTER ?d => 2022-01-01") == .syntax(
            query: "?e held_on ?d FILTER ?d => 2022-01-01", offset: 25,
            expected: #"a value to compare with (a date such as 2022-01-01 or a "quoted name")"#, found: #"">""#))
    }

    // MARK: Carets under Chinese text

    @Test func caretCountsHanCharactersAsTwoColumns() {
        let text = "李希 出席 ?e . 王伟中 主持"
        let error = parseError(text)
        #expect(error == .syntax(query: text, offset: 17, expected: #"an object (a ?variable, a name, a "quoted name" or a date)"#, found: "the end of the query"))
        // 李希(4) 出席(4) ?e(2) .(1) 王伟中(6) 主持(4) and 5 spaces: 26 columns before the end.
        #expect(lines(error).last == String(repeating: " ", count: 2 + 26) + "^")

        let predicate = parseError("省委书记李希 出席会议 ?e")
        #expect(predicate == .unknownPredicate(query: "省委书记李希 出席会议 ?e", offset: 7, name: "出席会议"))
        #expect(lines(predicate).last == String(repeating: " ", count: 2 + 13) + "^")

        // Under a quoted Chinese name and with a full-width character.
        let quoted = parseError(#""深圳国际仲裁院" 位于 ?x ？"#)
        #expect(quoted == .syntax(
            query: #""深圳国际仲裁院" 位于 ?x ？"#, offset: 16,
            expected: QueryParser.endOfPatterns,
            found: #""？""#))
        #expect(lines(quoted).last == String(repeating: " ", count: 2 + 16 + 1 + 4 + 1 + 2 + 1) + "^")
    }

    @Test func caretLineIsOneLineAndStaysAlignedAfterLineBreaks() {
        let text = "?p 出席 ?e\r\n?p\tholds_role"
        let error = parseError(text)
        #expect(error == .syntax(query: text, offset: 22, expected: #"an object (a ?variable, a name, a "quoted name" or a date)"#, found: "the end of the query"))
        let description = lines(error)
        #expect(description.count == 3)
        let full = error.map { String(describing: $0) } ?? ""
        #expect(!full.contains("\r"))
        #expect(description[1] == "  ?p 出席 ?e ?p holds_role")
        #expect(description[2] == String(repeating: " ", count: description[1].displayWidth) + "^")
    }
}

@Suite struct MultiLineQueryTests {
    @Test func selectItemsMayStartOnTheNextLine() throws {
        let query = try QueryParser.parse("SELECT\n?p COUNT(?e) AS ?n\nWHERE ?p attended ?e\nGROUP BY ?p")
        #expect(query.select.count == 2)
        #expect(query.patterns.count == 1)
        #expect(query.groupBy == ["p"])
    }
}
