import Foundation
import TupuModel
import TupuQuery
import TupuRender
import TupuStore

extension Benchmark {
    /// Times each kind of `tupu render` view end to end, as the command builds it: read from the
    /// store, summarised (a centre), written as DOT and laid out by Graphviz as SVG.
    func measureViews(store: Store, busiest: String, _ recorder: Recorder) throws {
        let topEvent = try store.run(try QueryParser.parse(
            "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e GROUP BY ?e ORDER BY DESC(?n) LIMIT 1")).rows.first?.first ?? nil
        let document = try store.documents().first?.path
        let renderer = GraphvizRenderer()
        func measure(_ label: String, _ view: GraphView, window: DateWindow = DateWindow()) throws {
            log("view: \(label)")
            let ((nodes, bytes), elapsed) = try Self.time { () throws -> (Int, Int) in
                let built = try store.view(view, window: window)
                var drawing = Drawing(graph: built.result.graph)
                if let center = view.center {
                    let centers = Set(try built.result.graph.nodes(named: center).map(\.id))
                    drawing = BusyCentre.summarise(
                        built.result.graph, centers: centers,
                        events: built.events.mapValues { BusyCentre.Event(date: $0.date, weight: $0.weight) })
                    if let maxNodes = view.maxNodes { drawing.graph = drawing.graph.limited(maxNodes: maxNodes, pinned: centers).graph }
                }
                let engine = LayoutEngine.automatic(nodeCount: drawing.graph.nodes.count)
                let dot = DOTWriter(options: DOTWriter.Options(title: label, layout: engine)).write(drawing)
                return (drawing.graph.nodes.count, try renderer.render(dot: dot, layout: engine, format: .svg).count)
            }
            recorder.add("views", "\(label): \(nodes) nodes, \(bytes / 1024) KB SVG, end to end", elapsed * 1000, "ms")
        }
        let limit = 120
        if let topEvent { try measure("event view of the busiest event", GraphView(event: topEvent, maxNodes: limit)) }
        try measure("centre view of \(busiest), summarised", GraphView(center: busiest, depth: 1))
        try measure("centre view of \(busiest), depth 2, limited", GraphView(center: busiest, depth: 2, maxNodes: limit))
        if let document { try measure("document view", GraphView(document: document, maxNodes: limit)) }
        try measure("predicate view (holds_role)", GraphView(predicates: [.holdsRole], maxNodes: limit))
        try measure("kind view (place)", GraphView(kinds: [.place], maxNodes: limit))
        try measure("whole store, limited", GraphView(maxNodes: limit))
        try measure("one year (2023), limited", GraphView(maxNodes: limit), window: DateWindow(since: "2023", until: "2023"))
        log("view: co-attendance network of \(busiest)")
        let (network, networkTime) = try Self.time { () throws -> Int in
            let network = try store.coAttendance(of: busiest, limit: 30)
            let dot = CoAttendanceWriter().write(network)
            return try renderer.render(dot: dot, layout: .neato, format: .svg).count
        }
        recorder.add("views", "co-attendance network of \(busiest): \(network / 1024) KB SVG, end to end", networkTime * 1000, "ms")
    }
}
