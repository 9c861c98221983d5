import Foundation
import TupuModel
import TupuRender
import TupuStore

extension Benchmark {
    /// Draws the ego graph of `ego` and the `renderNodes` busiest nodes within two steps of it,
    /// recording the time to read each from the store and to lay it out as SVG.
    func measureRendering(store: Store, ego: (name: String, count: Int), _ recorder: Recorder) throws {
        let renderer = GraphvizRenderer()
        func render(_ graph: GraphSnapshot, _ label: String) throws {
            let engine = LayoutEngine.automatic(nodeCount: graph.nodes.count)
            let options = DOTWriter.Options(legend: engine.drawsClusters, layout: engine)
            var svgBytes = 0
            var samples: [Double] = []
            for _ in 0..<max(renderRepetitions, 1) {
                let (svg, elapsed) = try Self.time { try renderer.render(graph, options: options, layout: engine, format: .svg) }
                svgBytes = svg.count
                samples.append(elapsed * 1000)
            }
            recorder.add(
                "render", "\(label): \(graph.nodes.count) nodes, \(graph.edges.count) edges, \(engine.rawValue)",
                samples.sorted()[samples.count / 2], "ms", key: "\(label)")
            recorder.add("render", "\(label): SVG size", Double(svgBytes) / 1024, "KB")
        }
        log("rendering the ego graph of \(ego.name) (\(ego.count) meetings)")
        let (egoGraph, egoTime) = try Self.time { try store.snapshot(around: ego.name, depth: 1, evidenceText: false).ego(center: ego.name, depth: 1) }
        recorder.add(
            "render", "ego view of \(ego.name) (depth 1) from the store", egoTime * 1000, "ms",
            key: "ego view of the ego person (depth 1) from the store")
        try render(egoGraph, "ego SVG")
        log("rendering \(renderNodes) nodes around \(ego.name)")
        let (limited, limitTime) = try Self.time {
            let around = try store.snapshot(around: ego.name, depth: 2, evidenceText: false)
            let pinned = Set(try around.nodes(named: ego.name).map(\.id))
            return around.limited(maxNodes: renderNodes, pinned: pinned).graph
        }
        recorder.add(
            "render", "\(renderNodes) nodes within 2 steps of \(ego.name), from the store", limitTime * 1000, "ms",
            key: "\(renderNodes) nodes within 2 steps of the ego person, from the store")
        try render(limited, "\(renderNodes)-node SVG")
    }
}
