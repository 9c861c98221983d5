import Testing
import TupuModel
import TupuQuery
@testable import TupuStore

/// A store where names repeat: 60 people drawn from 12 names (so one name is one entity, with
/// many rows), 8 organizations that share a person's name and also attend meetings (a kind the
/// predicate's domain does not list, so a walk over persons alone would miss them), meetings
/// in four cities on a few dates, roles, and one meeting series as a literal object.
func orderedStore() throws -> Store {
    let store = try Store.inMemory()
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let surnames = ["王", "李", "张"], given = ["一", "二", "三", "四"]
    let names = surnames.flatMap { surname in given.map { surname + $0 } }
    let cities = ["广州", "深圳", "珠海", "佛山"].map { EntityRef(.place, $0) }
    let roles = ["省长", "市长", "书记"].map { EntityRef(.role, $0) }
    let dates = ["2023-01-05", "2023-01-06", "2024-03-01"].map { EntityRef(.date, $0) }
    let text = "这是一篇测试文章。"
    let whole = Span(start: 0, end: text.unicodeScalars.count)
    for number in 0..<24 {
        let meeting = EntityRef(.event, "会议\(number % 9)号（\(number)）")
        var triples = [
            Triple(meeting, .heldIn, .entity(cities[next(cities.count)])),
            Triple(meeting, .heldOn, .entity(dates[next(dates.count)])),
            Triple(meeting, .instanceOf, .literal("系列\(number % 3)")),
        ]
        for _ in 0..<(2 + next(5)) {
            let person = EntityRef(.person, names[next(names.count)])
            triples.append(Triple(person, .attended, .entity(meeting)))
            if next(3) == 0 { triples.append(Triple(person, .holdsRole, .entity(roles[next(roles.count)]))) }
        }
        if next(3) == 0 {
            let organization = EntityRef(.organization, names[next(8)])
            triples.append(Triple(organization, .attended, .entity(meeting)))
            triples.append(Triple(organization, .holdsRole, .entity(roles[next(roles.count)])))
        }
        let facts = triples.map {
            Fact($0, evidence: Evidence(sentence: whole, span: whole, rule: "r\(next(3))", confidence: [0.6, 0.8, 0.9][next(3)]))
        }
        _ = try store.ingest(SourceDocument(path: "d\(number).txt", text: "\(number)" + text)) { _ in
            Extraction(title: "d\(number)", facts: facts)
        }
    }
    return store
}

@Suite struct OrderedWalkTests {
    let store: Store

    init() throws {
        store = try orderedStore()
    }

    /// The query sorted whole and walked in order: the same rows, in the same order, with the
    /// same triple ids.
    func compare(_ text: String, streams: Bool = true) throws {
        let query = try QueryParser.parse(text)
        let compiled = try store.compile(query)
        #expect((compiled.ordered != nil) == streams, "\(text): ordered plan \(compiled.ordered == nil ? "missing" : "present")")
        let sorted = try store.run(query, ordering: .never)
        let walked = try store.run(query, ordering: .always)
        #expect(walked == sorted, "\(text)")
        #expect(try store.run(query) == sorted, "\(text)")
    }

    @Test func theJoinOfTheBenchmark() throws {
        let all = try store.run(try QueryParser.parse("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r"), ordering: .never)
        #expect(all.rows.count > 20)
        for limit in [1, 3, 7, 20, 1000] {
            try compare("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r LIMIT \(limit)")
            let first = try store.run(try QueryParser.parse("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r LIMIT \(limit)"), ordering: .always)
            #expect(first.rows == Array(all.rows.prefix(limit)))
            #expect(first.tripleIDs == Array(all.tripleIDs.prefix(limit)))
        }
        try compare("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r LIMIT 6 OFFSET 5")
        try compare("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r LIMIT 6 OFFSET 500")
    }

    /// A person and an organization of the same name tie on ?p; each name has many rows.
    @Test func tiesOnTheOrderedName() throws {
        try compare("?p attended ?e ORDER BY ?p LIMIT 13")
        try compare("?p attended ?e ORDER BY ?p LIMIT 40 OFFSET 17")
        try compare("?p holds_role ?r ORDER BY ?p LIMIT 9")
        try compare("SELECT ?e WHERE ?p attended ?e ORDER BY ?p LIMIT 6")
        try compare("?p attended ?e . ?e held_on ?d ORDER BY ?p ?d LIMIT 11 OFFSET 2")
        // The organizations are among the rows.
        let rows = try store.run(try QueryParser.parse("?p holds_role ?r ORDER BY ?p LIMIT 100"), ordering: .always)
        let organizations = try store.run(try QueryParser.parse("?p:organization holds_role ?r"))
        #expect(!organizations.rows.isEmpty)
        #expect(Set(organizations.rows).isSubset(of: Set(rows.rows)))
    }

    @Test func descendingDistinctAndOptional() throws {
        try compare("?p attended ?e ORDER BY DESC(?p) LIMIT 10")
        try compare("?p attended ?e ORDER BY DESC(?p) ?e LIMIT 10 OFFSET 3")
        try compare("SELECT DISTINCT ?p ?r WHERE ?p attended ?e . ?p holds_role ?r ORDER BY DESC(?p) LIMIT 9 OFFSET 3")
        try compare("SELECT DISTINCT ?p WHERE ?p attended ?e LIMIT 5")
        try compare("?p attended ?e OPTIONAL { ?p holds_role ?r } ORDER BY ?p LIMIT 12")
        try compare("?p attended ?e . ?e held_in ?c FILTER(?c != 深圳) ORDER BY ?p LIMIT 8")
        try compare("?p attended ?e MINUS { ?p holds_role 省长 } ORDER BY ?p LIMIT 8")
        try compare("?p:person attended ?e ORDER BY ?p LIMIT 7")
        try compare("?p:organization attended ?e ORDER BY ?p LIMIT 7")
        try compare("?e held_in ?c . ?e held_on ?d ORDER BY ?e LIMIT 5")
        // A date entity, the object of held_on only.
        try compare("?e held_on ?d ORDER BY ?d ?e LIMIT 5")
        try compare("?e held_on ?d ORDER BY DESC(?d) LIMIT 5 OFFSET 1")
    }

    /// Orders that are not an entity's name are sorted whole, as before.
    @Test func otherOrdersAreSortedWhole() throws {
        try compare("?p attended ?e IN ?doc CONFIDENCE ?c ORDER BY ?c ?p LIMIT 4", streams: false)
        try compare("?p attended ?e IN ?doc ORDER BY ?doc ?p LIMIT 4", streams: false)
        try compare("?p ?rel ?o ORDER BY ?rel ?p LIMIT 4", streams: false)
        try compare("SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e ORDER BY ?p LIMIT 3", streams: false)
        try compare("?p attended ?e ORDER BY ?p", streams: false)
        try compare("SELECT DISTINCT ?e WHERE ?p attended ?e ORDER BY ?p LIMIT 3", streams: false)
        // The object of instance_of is a literal: its values are not entities' names.
        try compare("?e instance_of ?s ORDER BY ?s LIMIT 3")
        try compare("{ ?p attended ?e } UNION { ?p holds_role ?e } ORDER BY ?p LIMIT 5", streams: false)
    }

    /// People early in name order who never met in 广州 are passed over by the link check,
    /// without a run of the query each, and the rows stay those of the sorted query.
    @Test func entitiesWithoutALinkToTheNamedPlaceArePassedOver() throws {
        let store = try Store.inMemory()
        let text = "这是一篇测试文章。"
        let whole = Span(start: 0, end: text.unicodeScalars.count)
        // 40 people named 丁… (early in byte order) meet in 深圳 only; 6 named 黄… meet in 广州 too.
        for number in 0..<46 {
            let early = number < 40
            let person = EntityRef(.person, early ? "丁\(number)" : "黄\(number)")
            var triples = [Triple(person, .holdsRole, .entity(EntityRef(.role, "书记")))]
            for meetingNumber in 0..<3 {
                let meeting = EntityRef(.event, "会议\(number)-\(meetingNumber)")
                let city = early || meetingNumber == 0 ? "深圳" : "广州"
                triples += [Triple(person, .attended, .entity(meeting)), Triple(meeting, .heldIn, .entity(EntityRef(.place, city)))]
            }
            let facts = triples.map { Fact($0, evidence: Evidence(sentence: whole, span: whole, rule: "r", confidence: 0.9)) }
            _ = try store.ingest(SourceDocument(path: "d\(number).txt", text: "\(number)" + text)) { _ in
                Extraction(title: "d\(number)", facts: facts)
            }
        }
        let query = try QueryParser.parse("?p attended ?e . ?e held_in 广州 . ?p holds_role ?r LIMIT 5")
        let counts = OrderedWalk.Counts()
        let walked = try store.run(query, ordering: .always, counts: counts)
        #expect(walked == (try store.run(query, ordering: .never)))
        #expect(walked.rows.count == 5)
        #expect(walked.rows.allSatisfy { $0[0]?.hasPrefix("黄") == true })
        // One empty run starts the checks; the other 39 early people are passed over.
        #expect(counts.passedOver == 39)
        #expect(counts.runs <= 4)

        // The named end on the other side: the places of 黄40's meetings, in name order.
        try compareWalks(store, "黄40 attended ?m . ?m held_in ?c ORDER BY ?c LIMIT 2")
        try compareWalks(store, "?p attended ?e . ?e held_in 深圳 ORDER BY DESC(?p) LIMIT 4")
        try compareWalks(store, "?p attended ?e . ?e held_in 广州 . ?p holds_role 书记 ORDER BY ?p LIMIT 3 OFFSET 2")
    }

    func compareWalks(_ store: Store, _ text: String) throws {
        let query = try QueryParser.parse(text)
        #expect(try store.compile(query).ordered != nil, "\(text)")
        #expect(try store.run(query, ordering: .always) == (try store.run(query, ordering: .never)), "\(text)")
    }

    /// Each predicate's kinds are recorded as triples are stored.
    @Test func tripleKindsFollowTheStoredTriples() throws {
        #expect(try store.linkedKinds() == [
            ["attended", "organization", "event"], ["attended", "person", "event"], ["held_in", "event", "place"],
            ["held_on", "event", "date"], ["holds_role", "organization", "role"], ["holds_role", "person", "role"],
            ["instance_of", "event", ""],
        ])
    }
}
