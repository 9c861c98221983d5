import TupuExport
import TupuStore

extension Benchmark {
    /// The whole graph written as JSON Lines, the way `tupu export --format jsonl` writes it
    /// (nodes, edges and each edge's evidence with its sentence read from the store's cursors in
    /// order as they are written; the graph read whole first when the store's names do not sort
    /// alike in SQLite and Swift), into a sink that only counts the bytes.
    func measureExport(store: Store, _ recorder: Recorder) throws {
        log("export: the whole graph as JSON Lines")
        let held = { () throws -> GraphStream in
            let stored = try store.wholeGraph()
            return GraphStream(
                snapshot: stored.snapshot, byDocument: { body in try stored.forEachDocumentEvidence(body) },
                evidence: { text, body in try stored.forEachEdgeEvidence(text: text, body) })
        }
        let (graph, readTime) = try Self.time { () throws -> GraphStream in
            if let ordered = try store.orderedGraph() { return GraphStream(ordered: ordered, held: held) }
            return try held()
        }
        let triples = graph.edgeCount()
        recorder.add("export", "open the graph for reading (\(triples) triples)", readTime, "s", key: "open the graph for reading")
        recorder.add("export", "peak RSS opening the graph", Double(Self.peakResidentBytes()) / 1_048_576, "MB")
        var sink = CountingSink()
        let (_, writeTime) = try Self.time { try JSONLExporter().write(graph, to: &sink) }
        recorder.add("export", "whole export, JSON Lines, end to end", readTime + writeTime, "s")
        recorder.add("export", "triples/s written", Double(triples) / max(readTime + writeTime, 1e-9), "triples/s")
        recorder.add("export", "bytes written", Double(sink.bytes) / 1_048_576, "MB")
    }
}

/// Counts what is written to it and keeps nothing.
struct CountingSink: TextOutputStream {
    var bytes = 0

    mutating func write(_ string: String) {
        bytes += string.utf8.count
    }
}
