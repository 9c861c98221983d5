import TupuExport
import TupuStore

extension Benchmark {
    /// The whole graph written as JSON Lines, the way `tupu export --format jsonl` writes it
    /// (nodes and edges read first, each edge's evidence with its sentence read from the store
    /// as it is written), into a sink that only counts the bytes.
    func measureExport(store: Store, _ recorder: Recorder) throws {
        log("export: the whole graph as JSON Lines")
        let (stored, readTime) = try Self.time { try store.wholeGraph() }
        let triples = stored.snapshot.edges.count
        recorder.add("export", "read nodes and edges (\(triples) triples)", readTime, "s")
        recorder.add("export", "peak RSS reading nodes and edges", Double(Self.peakResidentBytes()) / 1_048_576, "MB")
        let graph = GraphStream(
            snapshot: stored.snapshot, byDocument: { body in try stored.forEachDocumentEvidence(body) },
            evidence: { text, body in try stored.forEachEdgeEvidence(text: text, body) })
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
