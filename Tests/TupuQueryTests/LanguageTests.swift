import Foundation
import Testing
import TupuModel
import TupuQuery
import TupuStore

// A small graph built by hand, so every answer below can be checked by reading it:
//
//   a.txt (rule r.a, 0.9): 张三 attended 会议甲, 李四 attended 会议甲, 会议甲 held_in 广州,
//                          会议甲 held_on 2023-05-04, 张三 holds_role 省长
//   b.txt (rule r.b, 0.6): 李四 attended 会议乙, 张三 presided 会议乙, 会议乙 held_in 深圳,
//                          会议乙 held_on 2024-01-10, 李四 holds_role 市长
//   c.txt (rule r.c, 0.8): 王五 attended 会议丙, 会议丙 held_on 2022-12-31, 王五 visited 公司甲,
//                          公司甲 located_in 深圳, 深圳 located_in 广东, 广州 located_in 广东,
//                          广东 located_in 中国, 张三 met_with 李四

private let zhang = EntityRef(.person, "张三"), li = EntityRef(.person, "李四"), wang = EntityRef(.person, "王五")
private let meetingA = EntityRef(.event, "会议甲"), meetingB = EntityRef(.event, "会议乙"), meetingC = EntityRef(.event, "会议丙")
private let guangzhou = EntityRef(.place, "广州"), shenzhen = EntityRef(.place, "深圳"), guangdong = EntityRef(.place, "广东")
private let china = EntityRef(.place, "中国"), company = EntityRef(.organization, "公司甲")
private let governor = EntityRef(.role, "省长"), mayor = EntityRef(.role, "市长")

private func date(_ iso: String) -> TripleObject { .entity(EntityRef(.date, iso)) }

private func document(_ path: String, rule: String, confidence: Double, _ triples: [Triple]) -> (SourceDocument, Extraction) {
    let text = "这是一篇测试文章。"
    let whole = Span(start: 0, end: text.unicodeScalars.count)
    let facts = triples.map { Fact($0, evidence: Evidence(sentence: whole, span: whole, rule: rule, confidence: confidence)) }
    return (SourceDocument(path: path, text: path + text), Extraction(title: path, facts: facts))
}

func smallStore() throws -> Store {
    let store = try Store.inMemory()
    let documents = [
        document("a.txt", rule: "r.a", confidence: 0.9, [
            Triple(zhang, .attended, .entity(meetingA)), Triple(li, .attended, .entity(meetingA)),
            Triple(meetingA, .heldIn, .entity(guangzhou)), Triple(meetingA, .heldOn, date("2023-05-04")),
            Triple(zhang, .holdsRole, .entity(governor)),
        ]),
        document("b.txt", rule: "r.b", confidence: 0.6, [
            Triple(li, .attended, .entity(meetingB)), Triple(zhang, .presided, .entity(meetingB)),
            Triple(meetingB, .heldIn, .entity(shenzhen)), Triple(meetingB, .heldOn, date("2024-01-10")),
            Triple(li, .holdsRole, .entity(mayor)),
        ]),
        document("c.txt", rule: "r.c", confidence: 0.8, [
            Triple(wang, .attended, .entity(meetingC)), Triple(meetingC, .heldOn, date("2022-12-31")),
            Triple(wang, .visited, .entity(company)), Triple(company, .locatedIn, .entity(shenzhen)),
            Triple(shenzhen, .locatedIn, .entity(guangdong)), Triple(guangzhou, .locatedIn, .entity(guangdong)),
            Triple(guangdong, .locatedIn, .entity(china)), Triple(zhang, .metWith, .entity(li)),
        ]),
    ]
    for (source, extraction) in documents {
        _ = try store.ingest(source) { _ in extraction }
    }
    return store
}

private func rows(_ store: Store, _ text: String) throws -> [[String]] {
    try store.run(try QueryParser.parse(text)).rows.map { $0.map { $0 ?? "-" } }
}


@Suite struct DateTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func daysMonthsAndYearsCompareAsDates() throws {
        #expect(try rows(store, "?e held_on ?d FILTER ?d >= 2023-01-01") == [["会议乙", "2024-01-10"], ["会议甲", "2023-05-04"]])
        // A bare year is the range of its days: after 2023 is after 2023-12-31.
        #expect(try rows(store, "?e held_on ?d FILTER ?d > 2023") == [["会议乙", "2024-01-10"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d >= 2023") == [["会议乙", "2024-01-10"], ["会议甲", "2023-05-04"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d = 2023") == [["会议甲", "2023-05-04"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d != 2023") == [["会议丙", "2022-12-31"], ["会议乙", "2024-01-10"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d < 2023") == [["会议丙", "2022-12-31"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d <= 2023") == [["会议丙", "2022-12-31"], ["会议甲", "2023-05-04"]])
        #expect(try rows(store, "?e held_on ?d FILTER ?d = 2023-05") == [["会议甲", "2023-05-04"]])
        #expect(try rows(store, "?e held_on ?d FILTER 2024 <= ?d") == [["会议乙", "2024-01-10"]])
        // Only dates match a date comparison: names are never compared with a date as text.
        #expect(try rows(store, "?p attended ?e FILTER ?p > 2000").isEmpty)
        #expect(try rows(store, "?e held_on ?d FILTER year(?d) = 2024 || month(?d) = 12") == [["会议丙", "2022-12-31"], ["会议乙", "2024-01-10"]])
    }

    @Test func malformedDatesAreErrorsWithACaret() {
        for (text, offset) in [
            ("?e held_on ?d FILTER ?d > 2023-1-1", 26), ("?e held_on ?d FILTER ?d > 2023-13-45", 26),
            ("?e held_on ?d FILTER ?d > 2023-02-29", 26), ("?e held_on ?d FILTER ?d IN (2023-5-4)", 28),
            ("?e held_on ?d FILTER ?d > 20230101", 26), ("?e held_on ?d FILTER ?d > 2023/01/01", 26),
        ] {
            let error = parseError(text)
            guard case .syntax(_, let at, _, _)? = error else {
                Issue.record("\(text): \(String(describing: error))")
                continue
            }
            #expect(at == offset, "\(text)")
            #expect(error?.description.split(separator: "\n").last == Substring("  " + String(repeating: " ", count: offset) + "^"))
        }
        // 2024-02-29 exists.
        #expect(parseError("?e held_on ?d FILTER ?d > 2024-02-29") == nil)
        #expect(parseError("?e held_on ?d FILTER ?d > 2023-1-1")?.description.contains("yyyy-mm-dd") == true)
    }
}

@Suite struct KindWarningTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    private func warnings(_ text: String) throws -> [String] {
        store.warnings(try QueryParser.parse(text), text: text).map(\.description)
    }

    @Test func impossibleKindsAreReportedWithTheReason() throws {
        let place = try warnings("?p:place attended ?e")
        #expect(place.count == 1)
        #expect(place.first?.contains("?p is declared a place (?p:place), and the subject of attended is a person") == true)
        #expect(try rows(store, "?p:place attended ?e").isEmpty)

        let date = try warnings("2023-05-04 holds_role ?r")
        #expect(date.first?.hasPrefix("nothing can match: 2023-05-04 is a date and the subject of holds_role is a person") == true)

        let clash = try warnings("?x holds_role ?r . ?e held_in ?x")
        #expect(clash.first?.contains("?x cannot be both: the subject of holds_role is a person, and the object of held_in is a place") == true)
        // The caret is under the object that clashes.
        #expect(clash.first?.split(separator: "\n").last == Substring("  " + String(repeating: " ", count: 30) + "^"))

        let name = try warnings("广州 attended ?e")
        #expect(name.first?.contains("广州 is a place and the subject of attended is a person") == true)

        // Possible patterns have no warning.
        #expect(try warnings("?p:person attended ?e . ?e held_in ?x . ?o:organization located_in ?x").isEmpty)
        #expect(try warnings("?s ?rel ?o").isEmpty)
    }

    @Test func warningsFollowThePredicateTable() throws {
        for predicate in Predicate.allCases {
            #expect(!predicate.subjectKinds.isEmpty)
            // Only a predicate whose object is a text has no object kinds, and two of its uses do not clash.
            if predicate.objectKinds.isEmpty {
                let text = "?a \(predicate.rawValue) ?x . ?b \(predicate.rawValue) ?x"
                #expect(QueryAnalysis.warnings(try QueryParser.parse(text), text: text).isEmpty)
            }
        }
    }
}

@Suite struct GroupTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func optional() throws {
        #expect(try rows(store, "?p attended ?e OPTIONAL { ?p holds_role ?r }") == [
            ["张三", "会议甲", "省长"], ["李四", "会议乙", "市长"], ["李四", "会议甲", "市长"], ["王五", "会议丙", "-"],
        ])
        // A group matches whole or not at all.
        #expect(try rows(store, "?e held_on ?d OPTIONAL { ?e held_in ?x . ?x located_in ?y }") == [
            ["会议丙", "2022-12-31", "-", "-"], ["会议乙", "2024-01-10", "深圳", "广东"], ["会议甲", "2023-05-04", "广州", "广东"],
        ])
        // Two patterns that share only a variable from outside: whole or not at all, each row.
        #expect(try rows(store, "?p attended ?e OPTIONAL { ?q presided ?e . ?e held_in ?x }") == [
            ["张三", "会议甲", "-", "-"], ["李四", "会议乙", "张三", "深圳"], ["李四", "会议甲", "-", "-"], ["王五", "会议丙", "-", "-"],
        ])
        // A filter inside OPTIONAL limits the optional part only.
        #expect(try rows(store, #"?p attended ?e OPTIONAL { ?p holds_role ?r FILTER(?r = "省长") } FILTER(?e = "会议甲")"#) == [
            ["张三", "会议甲", "省长"], ["李四", "会议甲", "-"],
        ])
        #expect(try rows(store, "SELECT ?p WHERE ?p attended ?e OPTIONAL { ?p holds_role ?r } FILTER(!bound(?r))") == [["王五"]])
        // Rows keep the triple ids of the patterns that matched.
        let result = try store.run(try QueryParser.parse("?p attended ?e OPTIONAL { ?p holds_role ?r }"))
        #expect(result.tripleIDs.map(\.count) == [2, 2, 2, 1])
    }

    @Test func union() throws {
        #expect(try rows(store, "SELECT ?p ?e WHERE { ?p attended ?e } UNION { ?p presided ?e } FILTER(?e = \"会议乙\")") == [
            ["张三", "会议乙"], ["李四", "会议乙"],
        ])
        #expect(try rows(store, "{ ?x holds_role ?y } UNION { ?x located_in ?y . FILTER contains(?y, \"国\") }") == [
            ["广东", "中国"], ["张三", "省长"], ["李四", "市长"],
        ])
        // A UNION joined with a pattern after it.
        #expect(try rows(store, "{ ?p attended ?e } UNION { ?p presided ?e } . ?e held_in 深圳") == [["张三", "会议乙"], ["李四", "会议乙"]])
    }

    @Test func minusAndNotExists() throws {
        #expect(try rows(store, "SELECT DISTINCT ?p WHERE ?p attended ?e MINUS { ?p holds_role ?r }") == [["王五"]])
        #expect(try rows(store, "SELECT DISTINCT ?p WHERE ?p attended ?e FILTER NOT EXISTS { ?p holds_role ?r }") == [["王五"]])
        #expect(try rows(store, "SELECT DISTINCT ?p WHERE ?p attended ?e FILTER EXISTS { ?p met_with ?q }") == [["张三"]])
        // MINUS with no shared variable removes nothing.
        #expect(try rows(store, "SELECT DISTINCT ?p WHERE ?p attended ?e MINUS { ?x holds_role ?r }").count == 3)
        // Events without a place.
        #expect(try rows(store, "?e held_on ?d FILTER NOT EXISTS { ?e held_in ?x }") == [["会议丙", "2022-12-31"]])
    }
}

@Suite struct ConditionTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func booleansInAndVariableComparisons() throws {
        #expect(try rows(store, #"?p attended ?e FILTER(?p = "张三" || ?e = "会议丙")"#) == [["张三", "会议甲"], ["王五", "会议丙"]])
        #expect(try rows(store, #"?p attended ?e FILTER(!(?p = "李四") && ?e != "会议丙")"#) == [["张三", "会议甲"]])
        #expect(try rows(store, #"?p attended ?e FILTER ?e IN ("会议乙", "会议丙")"#) == [["李四", "会议乙"], ["王五", "会议丙"]])
        #expect(try rows(store, #"?p attended ?e FILTER ?e NOT IN ("会议乙", "会议丙")"#) == [["张三", "会议甲"], ["李四", "会议甲"]])
        // Two variables: the same entity, or names in order.
        #expect(try rows(store, "SELECT ?a ?b WHERE ?a attended ?e . ?b attended ?e FILTER(?a != ?b && ?a < ?b)") == [["张三", "李四"]])
        #expect(try rows(store, "SELECT DISTINCT ?a WHERE ?a attended ?e . ?b attended ?e FILTER(?a = ?b)").count == 3)
        #expect(try rows(store, #"?x located_in ?y FILTER regex(?x, "^广")"#) == [["广东", "中国"], ["广州", "广东"]])
        #expect(try rows(store, #"?x located_in ?y FILTER regex(?y, "国$|^深")"#) == [["公司甲", "深圳"], ["广东", "中国"]])
    }

    @Test func badConditionsAreErrors() {
        #expect(parseError(#"?x located_in ?y FILTER regex(?x, "(")"#)?.description.contains("a valid regular expression") == true)
        #expect(parseError("?p attended ?e FILTER ?p > 12") != nil)
        #expect(parseError("?p attended ?e FILTER COUNT(?p) > 1") != nil)
    }
}

@Suite struct AggregateTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func aggregatesHavingAndOffset() throws {
        #expect(try rows(store, "SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e GROUP BY ?p HAVING ?n > 1") == [["李四", "2"]])
        #expect(try rows(store, "SELECT ?p WHERE ?p attended ?e GROUP BY ?p HAVING COUNT(?e) >= 2") == [["李四"]])
        #expect(try rows(store, "SELECT MIN(?d) AS ?first MAX(?d) AS ?last COUNT(*) AS ?n WHERE ?e held_on ?d") == [
            ["2022-12-31", "2024-01-10", "3"],
        ])
        #expect(try rows(store, #"SELECT ?e GROUP_CONCAT(?p; SEPARATOR="、") AS ?who WHERE ?p attended ?e GROUP BY ?e ORDER BY ?e"#)
            .first == ["会议丙", "王五"])
        #expect(try rows(store, "SELECT ?r AVG(?c) AS ?mean SUM(?c) AS ?total WHERE ?p attended ?e CONFIDENCE ?c RULE ?r GROUP BY ?r") == [
            ["r.a", "0.9", "1.8"], ["r.b", "0.6", "0.6"], ["r.c", "0.8", "0.8"],
        ])
        #expect(try rows(store, "?p attended ?e ORDER BY ?p ?e LIMIT 2 OFFSET 1") == [["李四", "会议乙"], ["李四", "会议甲"]])
        #expect(try rows(store, "?p attended ?e ORDER BY ?p ?e OFFSET 3") == [["王五", "会议丙"]])
        #expect(throws: QueryError.self) { try store.run(try QueryParser.parse("SELECT SUM(?e) AS ?s WHERE ?p attended ?e")) }
        #expect(parseError("SELECT ?p ?e COUNT(?r) AS ?n WHERE ?p holds_role ?r . ?p attended ?e GROUP BY ?p") != nil)
    }
}

@Suite struct PathTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func sequencesInversesAndRepeats() throws {
        #expect(try rows(store, "?p attended/held_in ?x") == [["张三", "广州"], ["李四", "广州"], ["李四", "深圳"]])
        #expect(try rows(store, "会议甲 ^attended ?p") == [["张三"], ["李四"]])
        #expect(try rows(store, "?p attended|presided 会议乙") == [["张三"], ["李四"]])
        #expect(try rows(store, "公司甲 located_in+ ?x") == [["中国"], ["广东"], ["深圳"]])
        #expect(try rows(store, "公司甲 located_in* ?x") == [["中国"], ["公司甲"], ["广东"], ["深圳"]])
        // Zero steps reach every entity, also one with no located_in fact (会议丙 has no place).
        #expect(try rows(store, "?e held_in ?x . ?x located_in* ?y").count == 6)
        #expect(try rows(store, "SELECT ?x WHERE ?p attended ?x . ?x located_in* ?x").count == 4)
        #expect(try rows(store, "?x located_in+ 中国") == [["公司甲"], ["广东"], ["广州"], ["深圳"]])
        #expect(try rows(store, "中国 ^located_in+ ?x") == [["公司甲"], ["广东"], ["广州"], ["深圳"]])
        #expect(try rows(store, "?p visited/located_in+ ?x") == [["王五", "中国"], ["王五", "广东"], ["王五", "深圳"]])
        #expect(try rows(store, "SELECT ?a ?b WHERE ?a located_in+ ?b FILTER(?b = \"中国\")").count == 4)
    }

    @Test func pathSyntaxErrors() {
        #expect(parseError("?a attended/nope ?b") == .unknownPredicate(query: "?a attended/nope ?b", offset: 12, name: "nope"))
        #expect(parseError("?a attended/ ?b") != nil)
        #expect(parseError("?a attended/held_in|visited ?b") != nil)
    }
}

@Suite struct EvidenceScopeTests {
    let store: Store

    init() throws {
        store = try smallStore()
    }

    @Test func factsOfTheSameDocument() throws {
        #expect(try rows(store, "?p attended ?e IN ?doc . ?e held_in ?x IN ?doc") == [
            ["张三", "会议甲", "a.txt", "广州"], ["李四", "会议乙", "b.txt", "深圳"], ["李四", "会议甲", "a.txt", "广州"],
        ])
        // 张三 met 李四 in c.txt, but neither's role is stated there.
        #expect(try rows(store, "?a met_with ?b IN ?doc . ?a holds_role ?r IN ?doc").isEmpty)
        #expect(try rows(store, #"?p attended ?e IN "b.txt""#) == [["李四", "会议乙"]])
        #expect(try rows(store, "?p attended ?e CONFIDENCE ?c FILTER(?c >= 0.8)") == [
            ["张三", "会议甲", "0.9"], ["李四", "会议甲", "0.9"], ["王五", "会议丙", "0.8"],
        ])
        #expect(try rows(store, #"SELECT ?p WHERE ?p attended ?e RULE ?r FILTER prefix(?r, "r.c")"#) == [["王五"]])
    }
}

@Suite struct SyntaxTreeTests {
    @Test func groupsParseToTheirElements() throws {
        let query = try QueryParser.parse("?p attended ?e OPTIONAL { ?p holds_role ?r } MINUS { ?p visited ?o } FILTER NOT EXISTS { ?e held_in ?x }")
        #expect(query.pattern.elements.count == 4)
        guard case .optional(let optional) = query.pattern.elements[1], case .minus = query.pattern.elements[2],
              case .filter(.exists(_, negated: true)) = query.pattern.elements[3]
        else {
            Issue.record("\(query.pattern.elements)")
            return
        }
        #expect(optional.triples.map(\.predicate) == [.fixed(.holdsRole)])
        #expect(query.variables == ["p", "e", "r"])

        let union = try QueryParser.parse("{ ?a attended ?b } UNION { ?a presided ?b } UNION { ?a spoke_at ?b }")
        guard case .union(let groups) = union.pattern.elements.first else {
            Issue.record("\(union.pattern)")
            return
        }
        #expect(groups.count == 3)
        // A braced query alone is its group, not a union.
        #expect(try QueryParser.parse("{ ?a attended ?b }").patterns.count == 1)
    }

    @Test func expressionsParseWithPrecedence() throws {
        let query = try QueryParser.parse(#"?p attended ?e FILTER(?p = "a" || ?p = "b" && !(?e = "c"))"#)
        #expect(query.filters == [
            .or(
                .comparison(.equal, .variable("p"), .string("a")),
                .and(.comparison(.equal, .variable("p"), .string("b")), .not(.comparison(.equal, .variable("e"), .string("c"))))),
        ])
        let dates = try QueryParser.parse("?e held_on ?d FILTER(?d > 2023 && ?d <= 2024-06)")
        #expect(dates.filters == [
            .and(
                .comparison(.greater, .variable("d"), .date(DateLiteral(year: 2023)!)),
                .comparison(.lessOrEqual, .variable("d"), .date(DateLiteral(year: 2024, month: 6)!))),
        ])
        let paths = try QueryParser.parse("?a ^attended/held_in ?b . ?c located_in* ?d")
        #expect(paths.patterns.map(\.predicate) == [
            .path(.sequence([.inverse(.predicate(.attended)), .predicate(.heldIn)])),
            .path(.repeated(.predicate(.locatedIn), minimum: 0)),
        ])
        let scope = try QueryParser.parse("?p attended ?e IN ?doc RULE ?r CONFIDENCE ?c")
        #expect(scope.patterns.first?.evidence == EvidenceScope(document: .variable("doc", kind: nil), rule: "r", confidence: "c"))
        #expect(scope.variables == ["p", "e", "doc", "r", "c"])
        let having = try QueryParser.parse("SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e GROUP BY ?p HAVING ?n > 1 OFFSET 2")
        #expect(having.having == [.comparison(.greater, .variable("n"), .number(1))])
        #expect(having.offset == 2)
    }
}
