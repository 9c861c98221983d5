import Foundation
import Testing
import TupuExtract
import TupuModel
import TupuStore

/// The seed and the twelve fixture articles: a store with several documents, so that a view's
/// title must count the documents behind it, not the store's.
private func manyDocumentStore() throws -> Store {
    let store = try Store.inMemory()
    let extractor = Extractor(rules: try RuleSet.load())
    let folder = URL(fileURLWithPath: seedPath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/articles")
    let articles = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
    for article in articles + [seedPath] {
        let path = article.hasPrefix("/") ? article : folder.appendingPathComponent(article).path
        _ = try store.ingest(try SourceDocument.read(path: path)) { extractor.extract($0) }
    }
    return store
}

/// Made once: each test reads it only.
private let sharedStore = Result { () throws -> (Store, GraphSnapshot) in
    let store = try manyDocumentStore()
    return (store, try store.snapshot())
}

@Suite struct StoreViewTests {
    let store: Store
    let whole: GraphSnapshot

    init() throws {
        (store, whole) = try sharedStore.get()
    }

    /// Every kind of view read from the store is the view of the whole graph.
    @Test(arguments: [
        GraphView(center: "李希", depth: 1),
        GraphView(center: "李希", depth: 2, predicates: [.attended, .holdsRole]),
        GraphView(event: "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会"),
        GraphView(predicates: [.holdsRole], kinds: [.person, .role]),
        GraphView(kinds: [.place]),
        GraphView(maxNodes: 25),
        GraphView(predicates: [.visited], maxNodes: 10),
        GraphView(),
    ])
    func viewsFromTheStoreAreViewsOfTheWholeGraph(view: GraphView) throws {
        let built = try store.view(view, evidenceText: true)
        let expected = try view.apply(to: whole)
        #expect(built.result.graph.nodes == expected.graph.nodes)
        #expect(built.result.graph.edges == expected.graph.edges)
        #expect(built.result.totalNodes == expected.totalNodes)
        #expect(built.result.cut == expected.cut)
        #expect(built.result.caption == expected.caption)
    }

    @Test func aDocumentViewIsTheDocumentFilter() throws {
        let path = "01_zhejiang_hangzhou_digital.txt"
        let built = try store.view(GraphView(document: path), evidenceText: true)
        let expected = try GraphView(document: path).apply(to: whole)
        #expect(built.result.graph.nodes == expected.graph.nodes)
        #expect(built.result.graph.edges == expected.graph.edges)
        #expect(built.documents.count == 1)
        #expect(built.subject == built.documents.first?.title)
        #expect(throws: GraphViewError.self) { try store.view(GraphView(document: "nowhere.txt")) }
    }

    /// The bug of issue 16: an event view titled with another article and the store's count.
    @Test func anEventViewCountsItsOwnDocuments() throws {
        let event = try #require(try run(store, "王伟中 presided ?e").rows.first?.last ?? nil)
        let built = try store.view(GraphView(event: event))
        #expect(try store.stats().documents > 2)
        #expect(built.documents.map(\.path) == [seedPath])
        #expect(built.subject == event)
        #expect(built.events.keys.contains { id in built.result.graph.node(id)?.name == event })
        #expect(built.events.values.contains { $0.date == "2022-09-27" && $0.weight > 17 })
    }

    /// A participant's role stated in another article does not make that article one behind the event.
    @Test func anEventViewIsNotReportedByItsParticipantsOtherArticles() throws {
        let store = try Store.inMemory()
        let extractor = Extractor(rules: try RuleSet.load())
        for (path, text) in [
            ("a.txt", "全省科技工作会议召开\n省长王浩出席全省科技工作会议并讲话。\n"),
            ("b.txt", "省长会见客人\n省长王浩会见了来访客人。\n"),
        ] {
            _ = try store.ingest(SourceDocument(path: path, text: text)) { extractor.extract($0) }
        }
        let built = try store.view(GraphView(event: "全省科技工作会议"), evidenceText: true)
        // The role's evidence comes from both articles; the event is reported in one.
        let role = try #require(built.result.graph.edges.first { $0.predicate == .holdsRole })
        #expect(Set(role.evidence.map(\.document)) == ["a.txt", "b.txt"])
        #expect(built.documents.map(\.path) == ["a.txt"])
    }

    /// A summarised centre's second step is taken only from the nodes of the first step that
    /// the summary keeps; those it leaves out stay in the view, not what lies beyond them.
    @Test func aCentreGoesBeyondItsFirstStepOnlyFromWhatASummaryKeeps() throws {
        let view = GraphView(center: "李希", depth: 2)
        let full = try store.view(view).result.graph
        #expect(try store.view(view, leftOut: { _, _ in [] }).result.graph == full)
        var held = Set<Int64>()
        let graph = try store.view(view, leftOut: { graph, events in
            held = Set(events.keys)
            return held
        }).result.graph
        #expect(!held.isEmpty)
        #expect(held.allSatisfy { graph.node($0) != nil })
        #expect(graph.nodes.count < full.nodes.count)
        let centre = Set(try graph.nodes(named: "李希").map(\.id))
        var linked: [Int64: Set<Int64>] = [:]
        for edge in graph.edges {
            guard let object = edge.object else { continue }
            linked[edge.subject, default: []].insert(object)
            linked[object, default: []].insert(edge.subject)
        }
        let firstStep = centre.reduce(into: Set<Int64>()) { $0.formUnion(linked[$1] ?? []) }
        for node in graph.nodes where !centre.contains(node.id) && !firstStep.contains(node.id) {
            #expect((linked[node.id] ?? []).contains { firstStep.contains($0) && !held.contains($0) }, "\(node.name)")
        }
    }

    @Test func unknownNamesAreRefusedWithSuggestions() throws {
        do {
            _ = try store.view(GraphView(center: "李希希"))
            Issue.record("no error")
        } catch let error as GraphViewError {
            guard case .unknownName(let name, _, let suggestions) = error else { Issue.record("\(error)"); return }
            #expect(name == "李希希")
            #expect(suggestions.contains("李希"))
        }
        #expect(throws: GraphViewError.self) { try store.view(GraphView(event: "李希")) }  // a person, not an event
    }

    @Test func aDateWindowKeepsFactsReportedInIt() throws {
        let dates = try store.documents().compactMap(\.published).sorted()
        let all = try store.view(GraphView(maxNodes: nil))
        let early = try store.view(GraphView(maxNodes: nil), window: DateWindow(until: dates[0]))
        let none = try store.view(GraphView(maxNodes: nil), window: DateWindow(since: "2999"))
        #expect(!early.result.graph.edges.isEmpty)
        #expect(early.result.graph.edges.count < all.result.graph.edges.count)
        #expect(early.documents.allSatisfy { ($0.published ?? "") <= dates[0] })
        #expect(none.result.graph.nodes.isEmpty)
        // A year stands for its days.
        let year = String(dates[0].prefix(4))
        let byYear = try store.view(GraphView(maxNodes: nil), window: DateWindow(since: year, until: year))
        #expect(byYear.documents.allSatisfy { $0.published?.hasPrefix(year) == true })
        #expect(!byYear.documents.isEmpty)
    }

    /// `--since`/`--until` mean publication dates in every view, the co-attendance network
    /// included: the seed meeting was held on 2022-09-27 and reported on the 28th.
    @Test func aWindowMeansPublicationDatesAlsoForTheNetwork() throws {
        let seed = try #require(try store.documents().first { $0.path == seedPath })
        #expect(seed.published == "2022-09-28")
        let reportDay = DateWindow(since: "2022-09-28", until: "2022-09-28")
        let meetingDay = DateWindow(since: "2022-09-27", until: "2022-09-27")
        #expect(try store.coAttendance(of: "李希", limit: 5, window: reportDay).events == 1)
        #expect(try store.coAttendance(of: "李希", limit: 5, window: meetingDay).events == 0)
        #expect(try store.coAttendance(of: "李希", limit: 5, window: meetingDay).persons.count == 1)
        // The network's events are those of the centre's view of the same window.
        for window in [DateWindow(), reportDay, meetingDay, DateWindow(since: "2999")] {
            let graph = try store.view(GraphView(center: "李希", depth: 1), window: window).result.graph
            let centre = Set(try graph.nodes(named: "李希").map(\.id))
            let events = Set(graph.edges.filter { centre.contains($0.subject) }.compactMap(\.object).filter { graph.node($0)?.kind == .event })
            #expect(try store.coAttendance(of: "李希", limit: 5, window: window).events == events.count)
        }
    }

    /// A limited view of some documents (a window, a document) chooses its nodes from those
    /// documents' triples alone, as the limit chooses them on the unlimited view of the same
    /// documents; so does a limited view of some kinds or predicates.
    @Test(arguments: [
        GraphView(maxNodes: 12),
        GraphView(predicates: [.attended, .holdsRole], maxNodes: 9),
        GraphView(kinds: [.person, .event], maxNodes: 7),
        GraphView(predicates: [.attended, .holdsRole, .heldOn], kinds: [.person, .event, .role], maxNodes: 8),
        GraphView(document: "01_zhejiang_hangzhou_digital.txt", maxNodes: 6),
    ])
    func aLimitedViewOfSomeDocumentsIsTheLimitOfTheirView(view: GraphView) throws {
        let dates = try store.documents().compactMap(\.published).sorted()
        let windows = [DateWindow(), DateWindow(until: dates[dates.count / 2]), DateWindow(since: dates[dates.count / 3])]
        for window in windows {
            var unlimited = view
            unlimited.maxNodes = nil
            let whole = try store.view(unlimited, window: window).result.graph
            let expected = try GraphView(maxNodes: view.maxNodes).apply(to: whole)
            let built = try store.view(view, window: window)
            #expect(whole.nodes.count > view.maxNodes ?? 0, "the limit must cut something")
            #expect(built.result.graph.nodes == expected.graph.nodes)
            #expect(built.result.graph.edges == expected.graph.edges)
            #expect(built.result.totalNodes == whole.nodes.count)
        }
    }

    /// A document is found by its stored path, by a tail of it, or by a longer path that ends
    /// with it, with or without `./`, as ``GraphSnapshot/documentPaths(_:matching:)`` matches
    /// paths: without reading every path of the store.
    @Test func aDocumentIsFoundByItsPathOrATailOfIt() throws {
        let store = try Store.inMemory()
        let extractor = Extractor(rules: try RuleSet.load())
        let text = try String(contentsOfFile: seedPath, encoding: .utf8)
        let stored = ["news/2024/a.txt", "./b.txt", "other/news/2024/a.txt", "c.txt"]
        for (index, path) in stored.enumerated() {
            // Each a document of its own (a content already stored would only be linked).
            _ = try store.ingest(SourceDocument(path: path, text: text + String(repeating: "\n", count: index + 1))) {
                extractor.extract($0)
            }
        }
        let documents = try store.documents()
        func paths(_ asked: String) throws -> [String] {
            let view = try store.view(GraphView(document: asked, maxNodes: nil))
            #expect(!view.result.graph.edges.isEmpty)
            return view.documents.map(\.path).sorted()
        }
        #expect(try paths("news/2024/a.txt") == ["news/2024/a.txt"])  // the exact path only
        #expect(try paths("2024/a.txt") == ["news/2024/a.txt", "other/news/2024/a.txt"])
        #expect(try paths("a.txt") == ["news/2024/a.txt", "other/news/2024/a.txt"])
        #expect(try paths("/home/me/other/news/2024/a.txt") == ["news/2024/a.txt", "other/news/2024/a.txt"])
        #expect(try paths("/home/me/news/2024/a.txt") == ["news/2024/a.txt"])
        #expect(try paths("b.txt") == ["./b.txt"])
        #expect(try paths("./c.txt") == ["c.txt"])
        let asked = [
            "news/2024/a.txt", "2024/a.txt", "a.txt", "/home/me/other/news/2024/a.txt", "/home/me/news/2024/a.txt",
            "b.txt", "./c.txt", "x/./b.txt",
        ]
        for asked in asked {
            let expected = GraphSnapshot.documentPaths(documents.map(\.path), matching: asked)
            #expect(try paths(asked) == expected, "\(asked)")
        }
        let known = ["./b.txt", "c.txt", "news/2024/a.txt", "other/news/2024/a.txt"]
        #expect(throws: GraphViewError.unknownDocument("a.tx", known: known)) {
            try store.view(GraphView(document: "a.tx"))
        }
    }

    @Test func coAttendanceCountsSharedEvents() throws {
        let network = try store.coAttendance(of: "李希", limit: 5)
        #expect(network.persons.first?.name == "李希")
        #expect(network.persons.count == 6)
        #expect(network.totalPersons >= 16)  // the sixteen others at the seed meeting at least
        #expect(network.events >= 1)
        let center = try #require(network.persons.first).id
        for person in network.persons.dropFirst() {
            let link = network.links.first { Set([$0.a, $0.b]) == Set([center, person.id]) }
            #expect(link?.shared == person.shared)
            #expect(person.shared >= 1)
        }
        #expect(network.persons.dropFirst().map(\.shared) == network.persons.dropFirst().map(\.shared).sorted(by: >))
        #expect(throws: GraphViewError.self) { try store.coAttendance(of: "深圳", limit: 5) }  // a place
    }
}
