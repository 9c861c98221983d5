import Testing
import TupuModel
@testable import TupuQuery
@testable import TupuStore

/// Names that would break or widen a query if they were spliced into SQL text.
let hostileNames = [
    "O'Brien", #"say "hi""#, "a; DROP TABLE triple;", "x -- comment", "100%", "under_score", "' OR 1=1 --", #"" OR ""=""#,
    "/* c */", "?",
]

@Suite struct SQLCompilerTests {
    /// A resolver that knows every name as a literal and records what it was asked.
    final class Recorder {
        var asked: [String] = []
        func literal(_ name: String) -> NameMatch {
            asked.append(name)
            return NameMatch(entityIDs: [], isLiteral: true)
        }
    }

    @Test func namesAndFilterTextsAreBoundNeverSpliced() throws {
        for name in hostileNames {
            let recorder = Recorder()
            let query = Query(
                patterns: [TriplePattern(.variable("p", kind: nil), .fixed(.instanceOf), .name(name))],
                filters: [
                    .contains(variable: "p", text: name), .prefix(variable: "p", text: name),
                    .compare(variable: "p", .notEqual, value: name),
                ])
            let compiled = try SQLCompiler.compile(query) { recorder.literal($0) }
            #expect(recorder.asked == [name])
            // The literal object, contains, prefix (twice) and the comparison.
            #expect(compiled.arguments.filter { $0 == .text(name) }.count == 5)
            #expect(!compiled.sql.contains(name) || name == "?", "\(name) spliced into \(compiled.sql)")
            #expect(!compiled.sql.contains("'"))
            #expect(!compiled.sql.contains("--"))
            #expect(!compiled.sql.contains("%"))
            // As many placeholders as arguments.
            #expect(compiled.sql.filter { $0 == "?" }.count == compiled.arguments.count)
        }
    }

    @Test func parsedHostileNamesStayArguments() throws {
        let text = #"?e 系列 "' OR 1=1 --" FILTER contains(?e, "%_\";--")"#
        let compiled = try SQLCompiler.compile(try QueryParser.parse(text)) { _ in NameMatch(entityIDs: [], isLiteral: true) }
        // The predicate is an argument too: its code (since v13).
        #expect(compiled.arguments == [.integer(PredicateCode.code(.instanceOf)), .text("' OR 1=1 --"), .text(#"%_";--"#)])
        #expect(!compiled.sql.contains("OR 1=1"))
        #expect(!compiled.sql.contains("%_"))
    }

    /// A series name is both the alias of each meeting and the literal object of instance_of.
    /// As the object of attended (never a literal) it is looked up among entities only, which
    /// lets SQLite use the index on objectId instead of scanning every attended triple.
    @Test func aNameThatIsAlsoALiteralIsMatchedAsALiteralOnlyWhereLiteralsCanBe() throws {
        let both: (String) -> NameMatch = { _ in NameMatch(entityIDs: [7], isLiteral: true) }
        let attended = try SQLCompiler.compile(try QueryParser.parse("?p attended 省委常委会会议"), resolve: both)
        #expect(attended.sql.contains("t0.objectId IN (?)"))
        #expect(!attended.sql.contains("objectLiteral"))
        let series = try SQLCompiler.compile(try QueryParser.parse("?e instance_of 省委常委会会议"), resolve: both)
        #expect(series.sql.contains("(t0.objectId IN (?) OR t0.objectLiteral = ?)"))
        let anyPredicate = try SQLCompiler.compile(try QueryParser.parse("?e ?p 省委常委会会议"), resolve: both)
        #expect(anyPredicate.sql.contains("OR t0.objectLiteral = ?"))
    }

    @Test func resolvedNamesBecomeEntityIDArguments() throws {
        let query = try QueryParser.parse("王伟中 担任 ?r")
        let compiled = try SQLCompiler.compile(query) { name in
            #expect(name == "王伟中")
            return NameMatch(entityIDs: [4, 9], isLiteral: false)
        }
        #expect(compiled.sql.contains("t0.subjectId IN (?, ?)"))
        #expect(compiled.arguments == [.integer(4), .integer(9), .integer(PredicateCode.code(.holdsRole))])
        #expect(compiled.columns == ["r"])
        #expect(compiled.tripleIDColumns == 1)
        #expect(!compiled.sql.contains("王伟中"))
    }

    @Test func unknownNamesThrow() {
        #expect(throws: QueryError.unknownName(name: "无名", suggestions: [])) {
            try SQLCompiler.compile(try QueryParser.parse("无名 出席 ?e")) { _ in NameMatch(entityIDs: [], isLiteral: false) }
        }
        // A literal match does not count in subject position.
        #expect(throws: QueryError.unknownName(name: "2022-09-27", suggestions: [])) {
            try SQLCompiler.compile(try QueryParser.parse("2022-09-27 出席 ?e")) { _ in NameMatch(entityIDs: [], isLiteral: true) }
        }
    }

    @Test func sharedVariablesBecomeEqualityJoins() throws {
        let none: SQLCompiler.Resolver = { _ in NameMatch(entityIDs: [], isLiteral: false) }
        let subjects = try SQLCompiler.compile(try QueryParser.parse("?p attended ?e . ?p holds_role ?r"), resolve: none)
        #expect(subjects.sql.contains("t1.subjectId = t0.subjectId"))
        #expect(subjects.sql.contains("FROM triple t0, triple t1"))
        #expect(subjects.columns == ["p", "e", "r"])
        #expect(subjects.tripleIDColumns == 2)

        let chain = try SQLCompiler.compile(try QueryParser.parse("?p attended ?e . ?e held_in ?place . ?o located_in ?place"), resolve: none)
        #expect(chain.sql.contains("t1.subjectId = t0.objectId"))
        #expect(chain.sql.contains("t2.objectId = t1.objectId"))
        #expect(chain.tripleIDColumns == 3)

        let predicates = try SQLCompiler.compile(try QueryParser.parse("?a ?rel ?b . ?c ?rel ?d"), resolve: none)
        #expect(predicates.sql.contains("t1.predicate = t0.predicate"))

        let loop = try SQLCompiler.compile(try QueryParser.parse("?x met_with ?x"), resolve: none)
        #expect(loop.sql.contains("t0.objectId = t0.subjectId"))

        let kinds = try SQLCompiler.compile(try QueryParser.parse("?p:person visited ?o:organization"), resolve: none)
        #expect(kinds.arguments == [.text("person"), .integer(PredicateCode.code(.visited)), .text("organization")])
        #expect(kinds.sql.contains(".kind = ?"))
    }

    @Test func aVariableCannotBeBothPredicateAndEntity() {
        let none: SQLCompiler.Resolver = { _ in NameMatch(entityIDs: [], isLiteral: false) }
        #expect(throws: QueryError.invalid("?x is used both as a predicate and as an entity")) {
            try SQLCompiler.compile(try QueryParser.parse("?x ?x ?y"), resolve: none)
        }
        #expect(throws: QueryError.invalid("?x is used both as a predicate and as an entity")) {
            try SQLCompiler.compile(try QueryParser.parse("?a ?x ?b . ?x attended ?e"), resolve: none)
        }
    }

    @Test func aggregatesAndDistinctHaveNoTripleIDColumns() throws {
        let none: SQLCompiler.Resolver = { _ in NameMatch(entityIDs: [], isLiteral: false) }
        let count = try SQLCompiler.compile(
            try QueryParser.parse("SELECT ?p COUNT(DISTINCT ?r) AS ?n WHERE ?p holds_role ?r ORDER BY DESC(?n) ?p LIMIT 3"), resolve: none)
        #expect(count.tripleIDColumns == 0)
        #expect(count.columns == ["p", "n"])
        #expect(count.sql.contains("COUNT(DISTINCT "))
        #expect(count.sql.contains("GROUP BY t0.subjectId"))
        #expect(count.sql.contains("ORDER BY c1 DESC, c0"))
        #expect(count.sql.hasSuffix("LIMIT ?"))
        #expect(count.arguments.last == .integer(3))

        let distinct = try SQLCompiler.compile(try QueryParser.parse("SELECT DISTINCT ?p WHERE ?p attended ?e"), resolve: none)
        #expect(distinct.tripleIDColumns == 0)
        #expect(distinct.sql.hasPrefix("SELECT DISTINCT "))
    }

    /// An aggregate query reads a group's name once, by a subquery in its columns, instead of
    /// joining an entity to every row before grouping; an aggregate's argument, read on every row
    /// (the first name of a group), keeps its join, and so does a variable whose kind is checked.
    @Test func aggregateQueriesReadGroupNamesOnceAGroup() throws {
        // Each query, the SQL it must hold and the SQL it must not.
        let cases: [(query: String, has: [String], lacks: [String])] = [
            ("SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e GROUP BY ?e HAVING ?n > 10",
             ["SELECT COALESCE((SELECT name FROM entity WHERE id = t0.objectId), t0.objectLiteral) AS c0"], ["JOIN entity"]),
            // The first name of a group is read on every row: by join.
            ("SELECT ?e MIN(?p) AS ?first WHERE ?p attended ?e GROUP BY ?e",
             ["MIN(e0.name) AS c1", "LEFT JOIN entity e0 ON e0.id = t0.subjectId", "(SELECT name FROM entity WHERE id = t0.objectId)"], []),
            // A variable whose kind is checked is joined anyway: its name comes with it.
            ("SELECT ?p COUNT(?e) AS ?n WHERE ?p:person attended ?e GROUP BY ?p", ["SELECT e0.name AS c0"], []),
            // ?e is an object (a literal could stand there) and then a subject in the same group:
            // only entities match, so it is grouped by its id and named without a literal; ?p,
            // the subject of a pattern every row matches, is counted by COUNT(*).
            ("SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e . ?e held_in ?c GROUP BY ?e",
             ["SELECT (SELECT name FROM entity WHERE id = t0.objectId) AS c0, COUNT(*) AS c1", "GROUP BY t0.objectId\n"], ["objectLiteral"]),
            // A subject only inside an OPTIONAL may still be a literal; a variable of an OPTIONAL,
            // an object or a DISTINCT count: the column is counted.
            ("SELECT ?e COUNT(?c) AS ?n WHERE ?p attended ?e OPTIONAL { ?e held_in ?c } GROUP BY ?e",
             ["GROUP BY COALESCE(t0.objectId, t0.objectLiteral)", "COUNT(COALESCE(t1.objectId, t1.objectLiteral)) AS c1"], ["COUNT(*)"]),
            ("SELECT ?p COUNT(?e) AS ?n COUNT(DISTINCT ?p) AS ?m WHERE ?p attended ?e GROUP BY ?p",
             ["COUNT(COALESCE(t0.objectId, t0.objectLiteral)) AS c1", "COUNT(DISTINCT t0.subjectId) AS c2"], ["COUNT(*)"]),
            // An OPTIONAL's patterns that share only a variable from outside are joined to one
            // another too, so SQLite does not pair every triple of one with every triple of the other.
            ("?p attended ?e OPTIONAL { ?q presided ?e . ?e held_in ?c }",
             ["t1.objectId = t0.objectId AND t2.subjectId = t1.objectId AND t2.subjectId = t0.objectId"], []),
            // Not an aggregate: names by join, as every row shows them.
            ("?p attended ?e", ["LEFT JOIN entity"], ["SELECT name FROM entity"]),
        ]
        for (query, has, lacks) in cases {
            let sql = try SQLCompiler.compile(try QueryParser.parse(query), resolve: { _ in NameMatch(entityIDs: [], isLiteral: false) }).sql
            for part in has { #expect(sql.contains(part), "\(query) should hold \(part)") }
            for part in lacks { #expect(!sql.contains(part), "\(query) should not hold \(part)") }
        }
    }
}
