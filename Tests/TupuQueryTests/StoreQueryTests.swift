import Foundation
import Testing
import TupuExtract
import TupuModel
import TupuQuery
import TupuIngest
import TupuStore

typealias Predicate = TupuModel.Predicate
typealias Query = TupuQuery.Query

let seedPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("seeds/000_74a9a881fb5bd59e.txt").path
let meeting = "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会"

/// The seed article ingested into a fresh in-memory store.
func seedStore() throws -> Store {
    let store = try Store.inMemory()
    let extractor = Extractor(rules: try RuleSet.load())
    _ = try store.ingest(try SourceDocument.read(path: seedPath)) { extractor.extract($0) }
    return store
}

func run(_ store: Store, _ text: String) throws -> QueryResult {
    try store.run(try QueryParser.parse(text))
}

@Suite struct StoreQueryTests {
    let store: Store

    init() throws {
        store = try seedStore()
    }

    @Test func whoAttended() throws {
        let result = try run(store, "?p attended ?e")
        let people = [
            "孙志洋", "孟凡利", "宋福龙", "张新", "张晓强", "李希", "林克庆", "林贻影", "王伟中", "王志忠", "王曦", "王瑞军", "袁古洁", "覃伟中",
            "陈建文", "龚稼立",
        ]
        #expect(result.columns == ["p", "e"])
        #expect(result.rows == people.map { [$0, meeting] })
        #expect(people == people.sorted())
        #expect(result.tripleIDs.count == 16)
        #expect(result.tripleIDs.allSatisfy { $0.count == 1 })
        #expect(Set(result.tripleIDs.map { $0[0] }).count == 16)
        // By Chinese label, the same rows.
        #expect(try run(store, "?p 出席 ?e").rows == result.rows)
    }

    @Test func whoPresidedAndVisited() throws {
        #expect(try run(store, "?p presided ?e").rows == [["王伟中", meeting]])
        let sites = ["前海嘉里中心", "前海石公园", "深圳国际仲裁院", "深圳思谋信息科技有限公司"]
        #expect(try run(store, "?p visited ?o").rows == ["李希", "王伟中"].flatMap { person in sites.map { [person, $0] } })
        #expect(try run(store, "?p 考察 深圳国际仲裁院").rows == [["李希"], ["王伟中"]])
    }

    @Test func rolesOfOnePerson() throws {
        let result = try run(store, "王伟中 担任 ?r")
        #expect(result.columns == ["r"])
        #expect(result.rows == [["省委副书记"], ["省长"]])
    }

    @Test func countsOrderedAndLimited() throws {
        let result = try run(store, "SELECT ?p COUNT(?r) AS ?n WHERE ?p holds_role ?r ORDER BY DESC(?n) ?p LIMIT 3")
        #expect(result.columns == ["p", "n"])
        #expect(result.rows == [["孟凡利", "2"], ["张虎", "2"], ["王伟中", "2"]])
        #expect(result.tripleIDs.isEmpty)
        #expect(try run(store, "SELECT COUNT(*) WHERE ?p attended ?e").rows == [["16"]])
        #expect(try run(store, "SELECT COUNT(DISTINCT ?e) AS ?events WHERE ?p attended ?e").rows == [["1"]])
        #expect(try run(store, "SELECT DISTINCT ?o WHERE ?p visited ?o").rows.count == 4)
        // ORDER BY with a variable then DESC(…) of another.
        let mixed = try run(store, "SELECT ?p ?r WHERE ?p holds_role ?r FILTER prefix(?p, \"王\") ORDER BY ?p DESC(?r)")
        #expect(Array(mixed.rows.prefix(2)) == [["王伟中", "省长"], ["王伟中", "省委副书记"]])
    }

    @Test func threePatternJoin() throws {
        let result = try run(store, "?p attended ?e . ?p holds_role ?r . ?e held_in ?place")
        #expect(result.columns == ["p", "e", "r", "place"])
        #expect(result.rows == [
            ["孟凡利", meeting, "深圳市委书记", "深圳"],
            ["孟凡利", meeting, "省委副书记", "深圳"],
            ["李希", meeting, "省委书记", "深圳"],
            ["林贻影", meeting, "省检察院检察长", "深圳"],
            ["王伟中", meeting, "省委副书记", "深圳"],
            ["王伟中", meeting, "省长", "深圳"],
            ["覃伟中", meeting, "深圳市市长", "深圳"],
            ["龚稼立", meeting, "省法院院长", "深圳"],
        ])
        #expect(result.tripleIDs.allSatisfy { $0.count == 3 })
    }

    @Test func filtersOnNames() throws {
        #expect(try run(store, #"?p holds_role ?r FILTER contains(?r, "书记")"#).rows == [
            ["习近平", "总书记"], ["孟凡利", "深圳市委书记"], ["孟凡利", "省委副书记"], ["李希", "省委书记"], ["王伟中", "省委副书记"],
        ])
        #expect(try run(store, #"?p holds_role ?r FILTER prefix(?r, "深圳")"#).rows == [["孟凡利", "深圳市委书记"], ["覃伟中", "深圳市市长"]])
        #expect(try run(store, #"?p holds_role ?r FILTER ?p = "李希""#).rows == [["李希", "省委书记"]])
        // LIKE wildcards mean nothing here.
        #expect(try run(store, #"?p holds_role ?r FILTER contains(?r, "%")"#).rows.isEmpty)
        #expect(try run(store, #"?p holds_role ?r FILTER prefix(?r, "_")"#).rows.isEmpty)
    }

    @Test func dateFilters() throws {
        #expect(try run(store, "?e held_on ?d FILTER ?d >= 2022-01-01").rows == [[meeting, "2022-09-27"]])
        #expect(try run(store, "?e held_on ?d FILTER ?d < 2022-01-01").rows.isEmpty)
        #expect(try run(store, "?e held_on ?d FILTER ?d = 2022-09-27").rows.count == 1)
        #expect(try run(store, "?e 日期 2022-09-27").rows == [[meeting]])
    }

    @Test func anAliasFindsItsEntity() throws {
        let byAlias = try run(store, "?e held_in 深圳市")
        #expect(byAlias.rows == [[meeting]])
        #expect(try run(store, "?e held_in 深圳").rows == byAlias.rows)
        #expect(try store.match("深圳市").entityIDs == store.match("深圳").entityIDs)
    }

    @Test func unknownNamesComeWithSuggestions() throws {
        do {
            _ = try run(store, "?x 位于 深圳国际仲栽院")
            Issue.record("an unknown name ran")
        } catch let error as QueryError {
            guard case .unknownName(let name, let suggestions) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "深圳国际仲栽院")
            #expect(suggestions.first == "深圳国际仲裁院")
            #expect(suggestions.count <= 5)
            #expect(error.description.contains("did you mean: 深圳国际仲裁院"))
        }
        #expect(try store.suggestions(for: "王伟忠").first == "王伟中")
    }

    @Test func searchUsesTheTrigramIndexOrScans() throws {
        // Three characters or more: FTS5 trigram.
        #expect(try store.search("仲裁院").map(\.name) == ["深圳国际仲裁院"])
        #expect(try store.search("国际仲裁院").map(\.kind) == [.organization])
        // Shorter: a scan.
        #expect(try store.search("仲裁").map(\.name) == ["深圳国际仲裁院"])
        #expect(try store.search("李").map(\.name).contains("李希"))
        // Through an alias, reported with it.
        let city = try store.search("深圳市")
        #expect(city.contains { $0.name == "深圳" && $0.alias == "深圳市" && $0.kind == .place })
        #expect(city.first.map { $0.alias == nil } == true)
        #expect(try store.search("").isEmpty)
        #expect(try store.search(#"仲"裁院"#).isEmpty)
        #expect(try store.search("没有这个名字").isEmpty)
        #expect(try store.search("深圳", limit: 2).count == 2)
    }

    @Test func shortestPathFromZhangHuToTheArbitrationCourt() throws {
        let from = try #require(store.match("张虎").entityIDs.first)
        let to = try #require(store.match("深圳国际仲裁院").entityIDs.first)
        let chain = try #require(try store.shortestPath(from: from, to: to))
        #expect(chain.count == 3)
        let evidence = try store.evidence(forTriples: chain)
        let triples = try chain.map { try #require(evidence[$0]?.first?.triple) }
        #expect(triples.first?.subject.name == "张虎")
        #expect(triples.first?.object.name == meeting)
        #expect(triples[1].predicate == .attended)
        #expect(triples.last?.predicate == .visited)
        #expect(triples.last?.object.name == "深圳国际仲裁院")
        #expect(triples[1].subject == triples[2].subject)
        #expect(try store.shortestPath(from: from, to: to, maxDepth: 2) == nil)
        #expect(try store.shortestPath(from: from, to: from) == [])
        // The other way round, as long.
        #expect(try store.shortestPath(from: to, to: from)?.count == 3)
    }

    @Test func evidenceSurfacesAreCodePointSlicesOfTheFile() throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: seedPath)), as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let result = try run(store, "?s ?p ?o")
        let ids = result.tripleIDs.flatMap { $0 }
        #expect(ids.count == result.rows.count)
        let evidence = try store.evidence(forTriples: ids)
        #expect(Set(evidence.keys) == Set(ids))
        var checked = 0
        for item in evidence.values.flatMap({ $0 }) {
            let slice = String(String.UnicodeScalarView(scalars[item.start..<item.end]))
            #expect(item.surface == slice)
            let sentence = Array(item.sentence.unicodeScalars)
            #expect(String(String.UnicodeScalarView(sentence[item.sentenceOffset..<(item.sentenceOffset + item.end - item.start)])) == slice)
            #expect(item.document == seedPath)
            checked += 1
        }
        #expect(checked >= ids.count)
        let presided = try run(store, "王伟中 主持 ?e")
        let surfaces = try store.evidence(forTriples: presided.tripleIDs.flatMap { $0 }).values.flatMap { $0 }.map(\.surface)
        #expect(surfaces == ["王伟中主持会议"])
        #expect(try store.evidence(forTriples: []).isEmpty)
        #expect(try store.evidence(forTriples: [999_999]).isEmpty)
    }

    @Test func explainedPlansSearchAnIndexForEveryTriple() throws {
        for text in [
            "王伟中 担任 ?r", "?p attended ?e", "?p ?rel 深圳国际仲裁院", "李希 ?rel ?x", "?p attended ?e . ?p holds_role ?r . ?e held_in ?place",
            "?p:person 考察 ?o:organization . ?o located_in 深圳", "?e held_on 2022-09-27", "?p attended ?e . ?e ?rel ?x",
            "SELECT ?p COUNT(?r) AS ?n WHERE ?p holds_role ?r ORDER BY DESC(?n) ?p LIMIT 3",
        ] {
            let query = try QueryParser.parse(text)
            let explained = try store.explain(query)
            for index in query.patterns.indices {
                let lines = explained.plan.filter { $0.hasPrefix("SEARCH t\(index) ") }
                #expect(lines.count == 1, "\(text): \(explained.plan)")
                #expect(lines.allSatisfy { $0.contains("USING INDEX") || $0.contains("USING COVERING INDEX") || $0.contains("INTEGER PRIMARY KEY") })
            }
            #expect(!explained.plan.contains { $0.hasPrefix("SCAN t") }, "\(text): \(explained.plan)")
            #expect(explained.sql.filter { $0 == "?" }.count == explained.arguments.count)
        }
    }
}

/// A database whose names are made to break naive SQL.
@Suite struct HostileNameTests {
    static let names = ["O'Brien \"Jr\"", "a; DROP TABLE triple; --", "100%_done", "' OR 1=1 --", "x_y"]
    static let event = EntityRef(.event, "会议")

    let store: Store

    init() throws {
        store = try Store.inMemory()
        let text = Self.names.joined(separator: "出席会议。") + "出席会议。"
        let scalars = Array(text.unicodeScalars)
        func span(_ needle: String) -> Span {
            let target = Array(needle.unicodeScalars)
            for start in 0...(scalars.count - target.count) where Array(scalars[start..<start + target.count]) == target {
                return Span(start: start, end: start + target.count)
            }
            return Span(start: 0, end: 0)
        }
        var facts: [Fact] = []
        var mentions: [Mention] = []
        for name in Self.names {
            let person = EntityRef(.person, name)
            mentions.append(Mention(entity: person, span: span(name), surface: name, rule: "test.mention"))
            let surface = name + "出席会议"
            facts.append(Fact(
                Triple(person, .attended, Self.event),
                evidence: Evidence(sentence: span(surface + "。"), span: span(surface), rule: "test.hostile", confidence: 1)))
        }
        let extraction = Extraction(title: "hostile", mentions: mentions, facts: facts)
        _ = try store.ingest(SourceDocument(path: "hostile.txt", text: text)) { _ in extraction }
    }

    @Test func everyNameIsFoundExactly() throws {
        for name in Self.names {
            let query = Query(patterns: [TriplePattern(.name(name), .fixed(.attended), .variable("e", kind: nil))])
            let result = try store.run(query)
            #expect(result.rows == [["会议"]], "\(name)")
            let evidence = try store.evidence(forTriples: result.tripleIDs.flatMap { $0 })
            #expect(evidence.values.flatMap { $0 }.map(\.surface) == [name + "出席会议"])
            // The same through the query language, quoted with escapes.
            let quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" 出席 ?e"
            #expect(try run(store, quoted).rows == [["会议"]])
            #expect(try run(store, "?p attended ?e FILTER ?p = \"\(name.replacingOccurrences(of: "\"", with: "\\\""))\"").rows == [[name, "会议"]])
            #expect(try store.search(name).map(\.name) == [name])
        }
        #expect(try run(store, "?p attended ?e").rows.count == Self.names.count)
    }

    @Test func nearMissesFindNothing() throws {
        for nearMiss in ["O'Brien", "100%", "100__done", "% OR 1=1 --", "x%y", "a; DROP TABLE triple;"] {
            #expect(throws: QueryError.self) {
                try store.run(Query(patterns: [TriplePattern(.name(nearMiss), .fixed(.attended), .variable("e", kind: nil))]))
            }
            #expect(try store.match(nearMiss).entityIDs.isEmpty)
        }
        #expect(try run(store, #"?p attended ?e FILTER contains(?p, "%")"#).rows == [["100%_done", "会议"]])
        #expect(try run(store, #"?p attended ?e FILTER contains(?p, "_")"#).rows.map { $0[0] } == ["100%_done", "x_y"])
        #expect(try run(store, #"?p attended ?e FILTER prefix(?p, "'")"#).rows.map { $0[0] } == ["' OR 1=1 --"])
        #expect(try store.search("_").map(\.name).sorted() == ["100%_done", "x_y"])
        #expect(try store.search("%_d").map(\.name) == ["100%_done"])
        #expect(try store.search("\"Jr\"").map(\.name) == ["O'Brien \"Jr\""])
        // The tables are all still there.
        #expect(try store.stats().triples == Self.names.count)
    }
}

/// The neighbourhood snapshot gives the same ego graphs as the whole snapshot, and holds
/// less than the whole graph.
@Test func neighbourhoodSnapshotGivesTheSameEgoGraphs() throws {
    let store = try seedStore()
    let whole = try store.snapshot()
    for (name, depth) in [("李希", 1), ("李希", 2), ("深圳", 1), ("王伟中", 0), (meeting, 1)] {
        let part = try store.snapshot(around: name, depth: depth)
        #expect(try part.ego(center: name, depth: depth) == whole.ego(center: name, depth: depth), "\(name), depth \(depth)")
        #expect(part.documentTitles == whole.documentTitles)  // the seed is the one document
        if depth == 1 { #expect(part.nodes.count < whole.nodes.count, "\(name)") }
        // Filtering first (as `tupu render --predicate` does) gives the same graph too.
        let filtered = try? part.filter(predicates: [.attended]).ego(center: name, depth: depth)
        #expect(filtered == (try? whole.filter(predicates: [.attended]).ego(center: name, depth: depth)), "\(name) \(depth) \(filtered?.nodes.count ?? -1)")
    }
    #expect(try store.snapshot(around: "没有这个人", depth: 2).nodes.isEmpty)
}

@Test func neighbourhoodWithoutEvidenceTextKeepsDocumentsAndOffsets() throws {
    let store = try seedStore()
    let full = try store.snapshot(around: "李希", depth: 1)
    let light = try store.snapshot(around: "李希", depth: 1, evidenceText: false)
    #expect(light.nodes == full.nodes)
    #expect(light.edges.count == full.edges.count)
    for (a, b) in zip(light.edges, full.edges) {
        #expect(a.evidence.map(\.document) == b.evidence.map(\.document))
        #expect(a.evidence.map(\.start) == b.evidence.map(\.start))
        #expect(a.evidence.allSatisfy { $0.surface.isEmpty && $0.sentence.isEmpty })
        #expect(b.evidence.allSatisfy { !$0.surface.isEmpty && !$0.sentence.isEmpty })
    }
    // A document view still works on it.
    #expect(try light.filter(document: seedPath).nodes.count == (try full.filter(document: seedPath).nodes.count))
}

@Test func neighbourhoodTitlesAreThoseOfTheDocumentsBehindIt() throws {
    let store = try seedStore()
    let other = URL(fileURLWithPath: seedPath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/articles/01_zhejiang_hangzhou_digital.txt").path
    let extractor = Extractor(rules: try RuleSet.load())
    _ = try store.ingest(try SourceDocument.read(path: other)) { extractor.extract($0) }
    let whole = try store.snapshot()
    #expect(whole.documentTitles.count == 2)
    let part = try store.snapshot(around: "李希", depth: 1)
    #expect(part.documentTitles == ["全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会召开 李希王伟中孟凡利出席会议"])
}
