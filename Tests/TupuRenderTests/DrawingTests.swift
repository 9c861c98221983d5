import Foundation
import Testing
import TupuModel
@testable import TupuRender

/// A person who attended `count` events over three years (2021–2023), each event held in 深圳.
func busyPerson(events count: Int) -> (GraphSnapshot, [Int64: BusyCentre.Event]) {
    var nodes: [GraphSnapshot.Node] = [
        .init(id: 1, kind: .person, name: "甲"), .init(id: 2, kind: .role, name: "省长"), .init(id: 3, kind: .place, name: "深圳"),
    ]
    var edges: [GraphSnapshot.Edge] = [.init(subject: 1, predicate: .holdsRole, object: 2)]
    var facts: [Int64: BusyCentre.Event] = [:]
    for index in 0..<count {
        let id = Int64(100 + index)
        let year = 2021 + index % 3
        nodes.append(.init(id: id, kind: .event, name: "会议\(index)"))
        edges.append(.init(subject: 1, predicate: .attended, object: id))
        edges.append(.init(subject: id, predicate: .heldIn, object: 3))
        facts[id] = BusyCentre.Event(date: "\(year)-0\(1 + index % 9)-1\(index % 10)", weight: index)
    }
    return (GraphSnapshot(nodes: nodes, edges: edges), facts)
}

@Suite struct DrawingTests {
    @Test func parallelEdgesAreOneEdgeWithBothLabels() {
        let graph = GraphSnapshot(
            nodes: [.init(id: 1, kind: .person, name: "李希"), .init(id: 2, kind: .event, name: "会议")],
            edges: [.init(subject: 1, predicate: .attended, object: 2), .init(subject: 1, predicate: .spokeAt, object: 2)])
        let dot = DOTWriter().write(graph)
        #expect(dot.components(separatedBy: "\"n1\" -> \"n2\"").count == 2)
        #expect(dot.contains("\"n1\" -> \"n2\" [label=\"出席、讲话\", color=\"#C25E00\""))
        #expect(dot.contains("tooltip=\"出席、讲话\""))
    }

    @Test func repeatedLabelsGiveWayToTheLegend() {
        let (graph, _) = busyPerson(events: DOTWriter.repeatedLabelLimit + 1)
        let dot = DOTWriter().write(graph)
        #expect(!dot.contains("label=\"出席\""))
        #expect(dot.contains("\"legend_rel_attended\" [label=\"── 出席\""))
        #expect(dot.contains("label=\"担任\""))  // one role: its label says something
        let few = DOTWriter().write(busyPerson(events: DOTWriter.repeatedLabelLimit).0)
        #expect(few.contains("label=\"出席\""))
        #expect(!few.contains("legend_rel_attended"))
    }

    @Test(arguments: LayoutEngine.allCases)
    func everyLayoutHasALegend(engine: LayoutEngine) {
        let dot = DOTWriter(options: .init(layout: engine)).write(smallSnapshot)
        #expect(dot.contains("图例"))
        #expect(dot.contains("cluster_legend") == engine.drawsClusters)
    }

    @Test func whatASummaryLeavesOutIsTheEventsNotShown() {
        let (graph, facts) = busyPerson(events: 30)
        let drawn = BusyCentre.summarise(graph, centers: [1], events: facts).graph
        let left = BusyCentre.leftOut(graph, centers: [1], events: facts)
        #expect(left.count == 18)
        #expect(left.allSatisfy { graph.node($0)?.kind == .event && drawn.node($0) == nil })
        #expect(BusyCentre.leftOut(busyPerson(events: 5).0, centers: [1], events: busyPerson(events: 5).1).isEmpty)
    }

    @Test func aBusyCentreIsGroupedByYearWithTheHeaviestShown() {
        let (graph, facts) = busyPerson(events: 30)
        let drawing = BusyCentre.summarise(graph, centers: [1], events: facts)
        #expect(drawing.groups.map(\.label) == ["2023 年（10 场）", "2022 年（10 场）", "2021 年（10 场）"])
        #expect(drawing.groups.allSatisfy { $0.members.count == BusyCentre.perYear })
        #expect(drawing.more.map(\.count) == [6, 6, 6])
        #expect(drawing.more.allSatisfy { $0.label == "+ 6 场活动" && $0.from == 1 && $0.predicate == .attended })
        // The heaviest of 2023 (index 29, 26, 23, 20) are shown.
        #expect(drawing.groups[0].members == [129, 126, 123, 120])
        let events = drawing.graph.nodes.filter { $0.kind == .event }
        #expect(events.count == 3 * BusyCentre.perYear)
        #expect(drawing.graph.node(3) != nil && drawing.graph.node(2) != nil)
        let dot = DOTWriter().write(drawing)
        #expect(dot.contains("subgraph \"cluster_g0\""))
        #expect(dot.contains("\"more0\" [label=\"+ 6 场活动\""))
        #expect(dot.contains("\"n1\" -> \"more0\""))
        // Each year a column under the centre.
        #expect(dot.contains("rankdir=TB"))
        #expect(dot.contains("\"n129\" -> \"n126\" [style=invis]"))
        #expect(dot.contains("\"n120\" -> \"more0\" [style=invis]"))
    }

    @Test func aCentreWithFewEventsIsDrawnAsItIs() {
        let (graph, facts) = busyPerson(events: BusyCentre.eventLimit)
        let drawing = BusyCentre.summarise(graph, centers: [1], events: facts)
        #expect(drawing == Drawing(graph: graph))
    }

    @Test func manyYearsKeepTheLatestAndOneGroupForTheRest() {
        var (graph, facts) = busyPerson(events: 20)
        for (index, id) in facts.keys.sorted().enumerated() { facts[id]?.date = "\(2000 + index)-01-01" }
        facts[100]?.date = nil
        let drawing = BusyCentre.summarise(graph, centers: [1], events: facts)
        #expect(drawing.groups.count == BusyCentre.years + 1)
        #expect(drawing.groups.first?.label == "2019 年（1 场）")
        #expect(drawing.groups.last?.label == "2014 年以前或日期不详（14 场）")
    }

    @Test func coAttendanceLinksAreLabelledWithTheirCount() {
        let network = CoAttendance(
            persons: [.init(id: 1, name: "甲", shared: 5), .init(id: 2, name: "乙", shared: 4), .init(id: 3, name: "丙", shared: 2)],
            links: [.init(a: 1, b: 2, shared: 4), .init(a: 1, b: 3, shared: 2), .init(a: 2, b: 3, shared: 1)],
            events: 5, totalPersons: 9)
        let dot = CoAttendanceWriter().write(network)
        #expect(dot.hasPrefix("graph \"tupu\" {"))
        #expect(dot.contains("\"n1\" -- \"n2\" [label=\"4\", penwidth=6.0]"))
        #expect(dot.contains("\"n2\" -- \"n3\" [label=\"1\""))
        #expect(dot.contains("label=\"甲\\n5 场\", tooltip=\"甲\", penwidth=3"))
        #expect(dot.contains("只画共同出席最多的 2 人（共 9 人）"))
    }

    @Test func titlesCountTheDocumentsBehindTheView() {
        #expect(DOTWriter.title(subject: "李希", caption: "以“李希”为中心，1 步", documentTitles: ["甲", "乙"], dates: "2021-01-02"..."2023-04-05")
            == "李希\n以“李希”为中心，1 步\n据 2 篇报道（2021-01-02 至 2023-04-05）")
        #expect(DOTWriter.title(subject: "会议", caption: nil, documentTitles: ["报道"], dates: "2022-09-28"..."2022-09-28")
            == "会议\n据 1 篇报道：报道（2022-09-28）")
        #expect(DOTWriter.title(subject: nil, caption: nil, documentTitles: ["报道"]) == "报道")
        #expect(DOTWriter.title(subject: nil, caption: nil, documentTitles: ["a", "b", "c"], note: "显示 2 / 9") == "全部报道\n据 3 篇报道\n显示 2 / 9")
    }
}

/// An event attended by `count` persons who are linked to nothing else, and presided over by
/// one who holds a role.
func crowdedEvent(attendees count: Int) -> GraphSnapshot {
    var nodes: [GraphSnapshot.Node] = [
        .init(id: 1, kind: .event, name: "全省工作会议"), .init(id: 2, kind: .person, name: "主持人"), .init(id: 3, kind: .role, name: "省长"),
    ]
    var edges: [GraphSnapshot.Edge] = [
        .init(subject: 2, predicate: .presided, object: 1), .init(subject: 2, predicate: .holdsRole, object: 3),
    ]
    for index in 0..<count {
        nodes.append(.init(id: Int64(100 + index), kind: .person, name: "参会者\(index)"))
        edges.append(.init(subject: Int64(100 + index), predicate: .attended, object: 1))
    }
    return GraphSnapshot(nodes: nodes, edges: edges)
}

@Suite struct FanTests {
    /// Many persons who only attended a meeting are a grid in a box with one edge to the
    /// meeting, not a column thousands of pixels tall.
    @Test func manyLeavesOfOneRelationAreAGridInABox() {
        let count = DOTWriter.fanLimit + 8
        let dot = DOTWriter().write(crowdedEvent(attendees: count))
        #expect(dot.contains("subgraph \"cluster_fan0\" {\n    label=\"出席（\(count) 人）\";"))
        #expect(dot.contains("compound=true"))
        // One edge from the box to the meeting, labelled; none from each attendee.
        #expect(dot.components(separatedBy: "ltail=\"cluster_fan0\", label=\"出席\"").count == 2)
        #expect(dot.components(separatedBy: "-> \"n1\"").count == 3)  // the box's edge and the president's
        // 20 members in five rows of four (the square root of half, rounded up), each row chained by invisible edges.
        #expect(dot.components(separatedBy: "[style=invis]").count - 1 == count - 5)
        #expect(dot.contains("\"n2\" -> \"n1\" [label=\"主持\""))  // the president keeps his own edge
    }

    @Test func fewLeavesStayNodesWithTheirEdges() {
        let dot = DOTWriter().write(crowdedEvent(attendees: DOTWriter.fanLimit))
        #expect(!dot.contains("cluster_fan"))
        #expect(!dot.contains("compound"))
        #expect(dot.components(separatedBy: "-> \"n1\"").count == DOTWriter.fanLimit + 2)
    }

    /// The engines that draw no compound edges draw every edge.
    @Test(arguments: LayoutEngine.allCases.filter { $0 != .dot })
    func onlyDotDrawsFans(engine: LayoutEngine) {
        let dot = DOTWriter(options: .init(layout: engine)).write(crowdedEvent(attendees: 30))
        #expect(!dot.contains("cluster_fan"))
    }

    /// A crowded meeting renders as a picture about as wide as it is tall.
    @Test(.enabled(if: GraphvizRenderer().supports(.svg)))
    func aCrowdedMeetingIsNotAStrip() throws {
        let svg = String(decoding: try GraphvizRenderer().render(crowdedEvent(attendees: 60), format: .svg), as: UTF8.self)
        let size = try #require(svg.firstMatch(of: /width="(\d+)pt" height="(\d+)pt"/))
        let (width, height) = (try #require(Double(size.1)), try #require(Double(size.2)))
        #expect(height < 2 * width, "\(width)×\(height)")
    }
}

@Suite struct HTMLPageTests {
    let page: String = {
        let graph = GraphSnapshot(
            nodes: [.init(id: 1, kind: .person, name: "李希", aliases: ["李书记"]), .init(id: 2, kind: .event, name: "会议</script>")],
            edges: [.init(subject: 1, predicate: .attended, object: 2, evidence: [
                .init(document: "a.txt", start: 0, end: 2, surface: "李希", sentence: "李希出席会议。", rule: "r", confidence: 0.9),
            ])])
        return HTMLPage(
            title: "标题", svg: "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg><g class=\"node\"><title>n1</title></g></svg>",
            drawing: Drawing(graph: graph), documents: [.init(path: "a.txt", title: "报道", published: "2022-09-28")]).write()
    }()

    @Test func thePageIsSelfContained() {
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script src"))
        #expect(!page.contains("<link"))
        #expect(!page.contains("import("))
        #expect(!page.contains("<?xml"))
        #expect(page.contains("<svg><g class=\"node\"><title>n1</title></g></svg>"))
    }

    @Test func theDataCannotEndItsScriptElement() throws {
        #expect(page.components(separatedBy: "</script>").count == 3)  // the two script elements' own ends
        let start = try #require(page.range(of: "<script id=\"tupu-data\" type=\"application/json\">"))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let json = try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let nodes = try #require(json?["nodes"] as? [String: [String: Any]])
        #expect(nodes["n2"]?["name"] as? String == "会议</script>")
        #expect(nodes["n1"]?["pinyin"] as? String == "Li Xi")
        let edges = try #require(json?["edges"] as? [String: [String: Any]])
        let facts = try #require(edges["n1->n2"]?["facts"] as? [[String: Any]])
        #expect(facts.first?["label"] as? String == "出席")
        let documents = try #require(json?["documents"] as? [String: [String: String]])
        #expect(documents["a.txt"]?["title"] == "报道")
    }
}
