import TupuModel

/// Writes the snapshot's RDF graph (see ``RDFGraph`` for the IRIs and triples) as
/// N-Triples: one triple a line, `<subject> <predicate> object .`, each line ending in
/// `\n`, in a fixed order (entities in snapshot order with their edges, then evidence
/// statements). IRIs are written as they are (no relative IRIs); string literals use the
/// N-Triples escapes `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` for other control
/// characters and U+2028/U+2029, so every triple stays on one line.
///
///     <http://tupu.invalid/entity/person/李希> <http://www.w3.org/2004/02/skos/core#prefLabel> "李希"@zh-Hans .
///     <http://tupu.invalid/entity/event/会议> <https://schema.org/startDate> "2024-09-27"^^<http://www.w3.org/2001/XMLSchema#date> .
public struct NTriplesExporter: Sendable {
    public var baseIRI: String
    public var romanizer: Romanizer?

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, romanizer: Romanizer? = nil) {
        self.baseIRI = baseIRI
        self.romanizer = romanizer
    }

    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes the graph, the evidence statements as the evidence is read.
    public func write(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        try RDFGraph(base: baseIRI, romanizer: romanizer).forEachBlock(graph) { block in
            Self.write(block, graph: nil, to: &output)
        }
    }

    /// The block's triples, one a line; with a graph name, as N-Quads.
    static func write(_ block: RDFGraph.Block, graph: RDFGraph.Term?, to output: inout some TextOutputStream) {
        let graphText = graph.map { " " + RDFGraph.nTriples($0) } ?? ""
        let subject = RDFGraph.nTriples(block.subject)
        for (predicate, objects) in block.properties {
            let predicateText = RDFGraph.nTriples(predicate)
            for object in objects {
                output.write(subject)
                output.write(" ")
                output.write(predicateText)
                output.write(" ")
                output.write(RDFGraph.nTriples(object))
                output.write(graphText)
                output.write(" .\n")
            }
        }
    }
}
