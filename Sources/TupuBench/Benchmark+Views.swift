import Foundation
import TupuModel
import TupuQuery
import TupuRender
import TupuStore

extension Benchmark {
    /// Times each kind of `tupu render` view end to end, as the command builds it: read from the
    /// store (a centre without the size limit, so that it is summarised first, going beyond its
    /// first step only from the events drawn), summarised (a centre), limited to the command's
    /// default size, written as DOT and laid out by Graphviz as SVG (the event also as PNG), or
    /// wrapped in the HTML page, with evidence text.
    func measureViews(store: Store, busiest: String, _ recorder: Recorder) throws {
        let topEvent = try store.run(try QueryParser.parse(
            "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e GROUP BY ?e ORDER BY DESC(?n) LIMIT 1")).rows.first?.first ?? nil
        let document = try store.documents(limit: 1).first?.path
        let renderer = GraphvizRenderer()
        func measure(
            _ label: String, _ view: GraphView, window: DateWindow = DateWindow(), html: Bool = false, format: RenderFormat = .svg
        ) throws {
            log("view: \(label)")
            let ((nodes, bytes), elapsed) = try Self.time { () throws -> (Int, Int) in
                if html { Pinyin.warmUp() }  // as the command does (a no-op once the transform is built)
                var loading = view
                if view.center != nil { loading.maxNodes = nil }
                let built = try store.view(loading, window: window, evidenceText: html, leftOut: view.center == nil ? nil : { graph, events in
                    let centers = Set((try? graph.nodes(named: view.center ?? "").map(\.id)) ?? [])
                    return BusyCentre.leftOut(graph, centers: centers, events: events.mapValues { BusyCentre.Event(date: $0.date, weight: $0.weight) })
                })
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
                let svg = try renderer.render(dot: dot, layout: engine, format: html ? .svg : format)
                guard html else { return (drawing.graph.nodes.count, svg.count) }
                let page = HTMLPage(title: label, svg: String(decoding: svg, as: UTF8.self), drawing: drawing, documents: [])
                return (drawing.graph.nodes.count, page.write().utf8.count)
            }
            recorder.add(
                "views", "\(label): \(nodes) nodes, \(bytes / 1024) KB \(html ? "HTML" : format.rawValue.uppercased()), end to end",
                elapsed * 1000, "ms", key: "\(label.replacingOccurrences(of: busiest, with: "the busiest person")), end to end")
        }
        let limit = 120  // the command's default size limit
        if let topEvent {
            try measure("event view of the busiest event", GraphView(event: topEvent, maxNodes: limit))
            if renderer.supports(.png) {
                try measure("event view of the busiest event, PNG", GraphView(event: topEvent, maxNodes: limit), format: .png)
            }
        }
        try measure("centre view of \(busiest), summarised", GraphView(center: busiest, depth: 1, maxNodes: limit))
        try measure("centre view of \(busiest), depth 2, summarised, limited", GraphView(center: busiest, depth: 2, maxNodes: limit))
        if let document { try measure("document view", GraphView(document: document, maxNodes: limit)) }
        try measure("predicate view (holds_role)", GraphView(predicates: [.holdsRole], maxNodes: limit))
        // Places alone are linked by located_in / part_of, which the generated articles do not
        // state (their view is empty); events and places are linked by held_in.
        try measure("kind view (event, place)", GraphView(kinds: [.event, .place], maxNodes: limit))
        try measure("whole store, limited", GraphView(maxNodes: limit))
        try measure("whole store, limited, HTML page", GraphView(maxNodes: limit), html: true)
        try measure("one year (2023), limited", GraphView(maxNodes: limit), window: DateWindow(since: "2023", until: "2023"))
        log("view: co-attendance network of \(busiest)")
        let (network, networkTime) = try Self.time { () throws -> Int in
            let network = try store.coAttendance(of: busiest, limit: 30)
            let dot = CoAttendanceWriter().write(network)
            return try renderer.render(dot: dot, layout: .neato, format: .svg).count
        }
        recorder.add(
            "views", "co-attendance network of \(busiest): \(network / 1024) KB SVG, end to end", networkTime * 1000, "ms",
            key: "co-attendance network of the busiest person, end to end")
    }
}
