import Testing
import TupuModel
import TupuRender

/// A small graph with two documents: a meeting in 深圳 attended by 李希 (alias 李书记) and
/// presided by 王伟中, their roles, a park 李希 visited, and 张三 who met 孟凡利.
let viewFixture: GraphSnapshot = {
    func evidence(_ document: String) -> [GraphSnapshot.EvidenceRow] {
        [.init(document: document, start: 0, end: 2, surface: "x", sentence: "x", rule: "test", confidence: 0.9)]
    }
    return GraphSnapshot(
        nodes: [
            .init(id: 1, kind: .person, name: "李希", aliases: ["李书记"]),
            .init(id: 2, kind: .person, name: "王伟中"),
            .init(id: 3, kind: .person, name: "孟凡利"),
            .init(id: 4, kind: .role, name: "省委书记"),
            .init(id: 5, kind: .role, name: "省长"),
            .init(id: 6, kind: .event, name: "现场会"),
            .init(id: 7, kind: .place, name: "深圳"),
            .init(id: 8, kind: .place, name: "前海石公园"),
            .init(id: 9, kind: .role, name: "深圳市委书记"),
            .init(id: 10, kind: .person, name: "张三"),
        ],
        edges: [
            .init(subject: 1, predicate: .holdsRole, object: 4, evidence: evidence("seeds/a.txt")),
            .init(subject: 1, predicate: .attended, object: 6, evidence: evidence("seeds/a.txt")),
            .init(subject: 1, predicate: .visited, object: 8, evidence: evidence("seeds/a.txt") + evidence("seeds/b.txt")),
            .init(subject: 2, predicate: .holdsRole, object: 5, evidence: evidence("seeds/a.txt")),
            .init(subject: 2, predicate: .presided, object: 6, evidence: evidence("seeds/a.txt")),
            .init(subject: 3, predicate: .holdsRole, object: 9, evidence: evidence("seeds/b.txt")),
            .init(subject: 6, predicate: .heldIn, object: 7, evidence: evidence("seeds/a.txt")),
            .init(subject: 6, predicate: .heldOn, object: nil, literal: "2022-09-27", evidence: evidence("seeds/a.txt")),
            .init(subject: 8, predicate: .locatedIn, object: 7, evidence: evidence("seeds/b.txt")),
            .init(subject: 10, predicate: .metWith, object: 3, evidence: evidence("seeds/b.txt")),
        ],
        documentTitles: ["现场会召开", "另一篇"]
    )
}()

/// The ids of the nodes and the edges of a graph as `subject-predicate-object` strings.
private func shape(_ graph: GraphSnapshot) -> (nodes: Set<Int64>, edges: Set<String>) {
    (Set(graph.nodes.map(\.id)), Set(graph.edges.map { "\($0.subject)-\($0.predicate.rawValue)-\($0.object.map(String.init) ?? $0.literal ?? "")" }))
}

@Suite struct ViewTests {
    @Test func egoAtDepthOne() throws {
        let (nodes, edges) = shape(try viewFixture.ego(center: "李希", depth: 1))
        #expect(nodes == [1, 4, 6, 8])
        #expect(edges == ["1-holds_role-4", "1-attended-6", "1-visited-8"])
    }

    @Test func egoAtDepthTwoByAliasFollowsEdgesBackwards() throws {
        let graph = try viewFixture.ego(center: "李书记", depth: 2)
        let (nodes, edges) = shape(graph)
        #expect(nodes == [1, 2, 4, 6, 7, 8])
        #expect(edges == [
            "1-holds_role-4", "1-attended-6", "1-visited-8", "2-presided-6", "6-held_in-7", "6-held_on-2022-09-27", "8-located_in-7",
        ])
        #expect(graph.documentTitles == viewFixture.documentTitles)
    }

    @Test func egoAtDepthZeroIsTheCentreAlone() throws {
        let (nodes, edges) = shape(try viewFixture.ego(center: "现场会", depth: 0))
        #expect(nodes == [6])
        #expect(edges.isEmpty)
    }

    @Test func filterByPredicates() {
        let (nodes, edges) = shape(viewFixture.filter(predicates: [.holdsRole]))
        #expect(nodes == [1, 2, 3, 4, 5, 9])
        #expect(edges == ["1-holds_role-4", "2-holds_role-5", "3-holds_role-9"])
    }

    @Test func filterByKinds() {
        let (nodes, edges) = shape(viewFixture.filter(kinds: [.person]))
        #expect(nodes == [1, 2, 3, 10])
        #expect(edges == ["10-met_with-3"])
        let withEvent = shape(viewFixture.filter(kinds: [.event]))
        #expect(withEvent.nodes == [6])
        #expect(withEvent.edges == ["6-held_on-2022-09-27"])
    }

    @Test func filterByDocumentKeepsThatDocumentsEvidence() throws {
        let graph = try viewFixture.filter(document: "b.txt")
        let (nodes, edges) = shape(graph)
        #expect(nodes == [1, 3, 7, 8, 9, 10])
        #expect(edges == ["1-visited-8", "3-holds_role-9", "8-located_in-7", "10-met_with-3"])
        #expect(graph.edges.allSatisfy { $0.evidence.map(\.document) == ["seeds/b.txt"] })
        #expect(shape(try viewFixture.filter(document: "seeds/b.txt")).edges == edges)
        #expect(shape(try viewFixture.filter(document: "/home/me/seeds/b.txt")).edges == edges)
    }

    @Test func unknownDocumentListsTheKnownOnes() {
        #expect(throws: GraphViewError.unknownDocument("c.txt", known: ["seeds/a.txt", "seeds/b.txt"])) {
            try viewFixture.filter(document: "c.txt")
        }
    }

    @Test func eventWithParticipantsPlaceDateAndRoles() throws {
        let (nodes, edges) = shape(try viewFixture.event("现场会"))
        #expect(nodes == [1, 2, 4, 5, 6, 7])
        #expect(edges == [
            "1-holds_role-4", "1-attended-6", "2-holds_role-5", "2-presided-6", "6-held_in-7", "6-held_on-2022-09-27",
        ])
    }

    @Test func eventMustBeAnEvent() {
        #expect(throws: GraphViewError.unknownName("李希", kind: .event, suggestions: [])) {
            try viewFixture.event("李希")
        }
    }

    @Test func unknownNamesSuggestCloseOnes() {
        #expect(throws: GraphViewError.unknownName("王伟", kind: nil, suggestions: ["王伟中"])) {
            try viewFixture.ego(center: "王伟", depth: 1)
        }
        // Substring matches first (more shared characters first), then shared characters.
        #expect(throws: GraphViewError.unknownName("深圳市", kind: nil, suggestions: ["深圳市委书记", "深圳"])) {
            try viewFixture.ego(center: "深圳市", depth: 1)
        }
        #expect(throws: GraphViewError.unknownName("书记李", kind: nil, suggestions: ["李希", "深圳市委书记", "省委书记"])) {
            try viewFixture.ego(center: "书记李", depth: 1)
        }
        let message = GraphViewError.unknownName("王伟", kind: nil, suggestions: ["王伟中"]).description
        #expect(message == "no entity is named \"王伟\" in the graph; did you mean \"王伟中\"?")
    }

    @Test func limitedKeepsTheBusiestNodesAndTheirNeighbours() {
        // Degrees: 现场会 4 (with its date), 李希 3, then 2 each for 王伟中, 孟凡利, 深圳, 前海石公园.
        // 现场会 first, then its neighbours busiest first: 李希, then 王伟中 before 深圳 (persons
        // before places). The busiest nodes alone (李希, 孟凡利, 现场会) would leave 孟凡利 unlinked.
        let (graph, cut) = viewFixture.limited(maxNodes: 3)
        #expect(cut == 7)
        let (nodes, edges) = shape(graph)
        #expect(Set(nodes) == [1, 2, 6])
        #expect(Set(edges) == ["1-attended-6", "2-presided-6", "6-held_on-2022-09-27"])

        // A pinned node comes first, then its own neighbours.
        let pinned = viewFixture.limited(maxNodes: 2, pinned: [10])
        #expect(Set(pinned.graph.nodes.map(\.id)) == [10, 3])
        #expect(pinned.cut == 8)

        // When the component runs out, the busiest remaining node starts again: 张三 and
        // 孟凡利 and 深圳市委书记 form their own component.
        let two = viewFixture.limited(maxNodes: 9, pinned: [10])
        #expect(Set(two.graph.nodes.map(\.id)) == [10, 3, 9, 6, 1, 2, 7, 4, 8])

        let all = viewFixture.limited(maxNodes: 10)
        #expect(all.cut == 0)
        #expect(all.graph == viewFixture)
    }

    @Test func graphViewCombinesAndCounts() throws {
        let result = try GraphView(center: "李希", depth: 2, kinds: [.person, .event, .place], maxNodes: 3).apply(to: viewFixture)
        // Ego at depth 2: 1 2 4 6 7 8; persons, events and places: 1 2 6 7 8, with degrees 李希 2,
        // 王伟中 1, 现场会 4, 深圳 2, 前海石公园 2. At most 3: 李希 (pinned), 现场会, then
        // 前海石公园 before 深圳 (前 U+524D before 深 U+6DF1).
        #expect(result.totalNodes == 5)
        #expect(result.cut == 2)
        #expect(Set(result.graph.nodes.map(\.id)) == [1, 6, 8])
        #expect(result.caption == "以“李希”为中心，2 步；类型：人物、地点、活动")

        let whole = try GraphView().apply(to: viewFixture)
        #expect(whole.graph.nodes.count == 10)
        #expect(whole.cut == 0)
        #expect(whole.caption == nil)

        let roles = try GraphView(predicates: [.holdsRole], kinds: [.role]).apply(to: viewFixture)
        #expect(roles.graph.nodes.isEmpty)
    }

    /// A view drawn as DOT, byte for byte.
    @Test func goldenDOTOfTheEventView() throws {
        let view = try viewFixture.event("现场会")
        let expected = """
            digraph "tupu" {
              graph [charset="UTF-8", fontname="Noto Sans CJK SC", label="现场会召开", labelloc=t, fontsize=20, rankdir=LR, splines=true, nodesep=0.35, ranksep=1.6, pad=0.4];
              node [fontname="Noto Sans CJK SC", fontsize=14, margin="0.2,0.08"];
              edge [fontname="Noto Sans CJK SC", fontsize=11, color="#666666", fontcolor="#444444", arrowsize=0.7];
              "n1" [label="李希\\nLi Xi", shape=ellipse, style=filled, fillcolor="#F8CECC", tooltip="人物 (person)"];
              "n2" [label="王伟中\\nWang Weizhong", shape=ellipse, style=filled, fillcolor="#F8CECC", tooltip="人物 (person)"];
              "n4" [label="省委书记\\nShengwei Shuji", shape=box, style=filled, fillcolor="#FFF2B3", tooltip="职务 (role)"];
              "n5" [label="省长\\nShengzhang", shape=box, style=filled, fillcolor="#FFF2B3", tooltip="职务 (role)"];
              "n7" [label="深圳\\nShenzhen", shape=house, style=filled, fillcolor="#D5E8D4", tooltip="地点 (place)"];
              "n6" [label="现场会\\nXianchanghui", shape=doubleoctagon, style=filled, fillcolor="#FFCC80", tooltip="活动 (event)"];
              "l0" [label="2022-09-27", shape=plaintext, tooltip="值 (literal)"];
              "n1" -> "n4" [label="担任", color="#7A6A00", fontcolor="#7A6A00"];
              "n1" -> "n6" [label="出席", color="#C25E00", fontcolor="#C25E00"];
              "n2" -> "n5" [label="担任", color="#7A6A00", fontcolor="#7A6A00"];
              "n2" -> "n6" [label="主持", color="#B03A2E", fontcolor="#B03A2E"];
              "n6" -> "n7" [label="举办地", color="#117A65", fontcolor="#117A65"];
              "n6" -> "l0" [label="日期", color="#555555", fontcolor="#555555"];
              subgraph cluster_legend {
                label="图例";
                fontsize=12;
                style="rounded,dashed";
                color="#999999";
                "legend_person" [label="人物\\nperson", shape=ellipse, style=filled, fillcolor="#F8CECC", fontsize=10, tooltip="person"];
                "legend_role" [label="职务\\nrole", shape=box, style=filled, fillcolor="#FFF2B3", fontsize=10, tooltip="role"];
                "legend_place" [label="地点\\nplace", shape=house, style=filled, fillcolor="#D5E8D4", fontsize=10, tooltip="place"];
                "legend_event" [label="活动\\nevent", shape=doubleoctagon, style=filled, fillcolor="#FFCC80", fontsize=10, tooltip="event"];
              }
            }

            """
        let title = DOTWriter.title(documentTitles: ["现场会召开"])
        let dot = DOTWriter(options: .init(title: title, nodeLabels: .both)).write(view)
        #expect(dot == expected)
    }
}

@Suite struct LayoutChoiceTests {
    @Test func engineBySize() {
        #expect(LayoutEngine.automatic(nodeCount: 0) == .dot)
        #expect(LayoutEngine.automatic(nodeCount: 150) == .dot)
        #expect(LayoutEngine.automatic(nodeCount: 151) == .sfdp)
        #expect(LayoutEngine.automatic(nodeCount: 5_000) == .sfdp)
    }

    /// Spline routing is kept where it is cheap: always with dot, up to the edge limit elsewhere.
    @Test func largeForceDirectedGraphsGetStraightEdges() {
        let limit = LayoutEngine.splineEdgeLimit
        for engine in [LayoutEngine.sfdp, .neato, .fdp, .circo] {
            #expect(engine.graphAttributes(edgeCount: limit).contains("splines=true"), "\(engine)")
            #expect(engine.graphAttributes(edgeCount: limit + 1).contains("splines=line"), "\(engine)")
        }
        #expect(LayoutEngine.dot.graphAttributes(edgeCount: 10_000).contains("splines=true"))
    }

    @Test func forceDirectedEnginesRemoveOverlaps() {
        for engine in [LayoutEngine.sfdp, .neato, .fdp] {
            #expect(engine.graphAttributes(edgeCount: 10).contains("overlap=prism"), "\(engine)")
        }
        #expect(LayoutEngine.dot.graphAttributes(edgeCount: 10).contains("rankdir=LR"))
        let dot = DOTWriter(options: .init(layout: .sfdp)).write(viewFixture)
        #expect(dot.contains("overlap=prism"))
        #expect(!dot.contains("rankdir"))
    }

    @Test func titles() {
        #expect(DOTWriter.title(documentTitles: []) == nil)
        #expect(DOTWriter.title(documentTitles: ["甲"]) == "甲")
        #expect(DOTWriter.title(documentTitles: ["甲", "乙", "丙"]) == "甲 等 3 篇")
        #expect(DOTWriter.title(documentTitles: ["甲"], caption: "以“李希”为中心，1 步") == "甲\n以“李希”为中心，1 步")
        #expect(DOTWriter.title(documentTitles: [], caption: "c") == "c")
    }
}
