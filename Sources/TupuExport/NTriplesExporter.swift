import TupuModel

/// Writes the snapshot's RDF graph (see ``RDFGraph`` for the IRIs and triples) as
/// N-Triples: one triple a line, `<subject> <predicate> object .`, each line ending in
/// `\n`, in a fixed order (entities in snapshot order with their edges, then evidence
/// statements). IRIs are written as they are (no relative IRIs); string literals use the
/// N-Triples escapes `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` for other control
/// characters and U+2028/U+2029, so every triple stays on one line.
///
///     <http://tupu.invalid/entity/person/李希> <http://www.w3.org/2000/01/rdf-schema#label> "李希"@zh .
///     <http://tupu.invalid/entity/event/会议> <http://tupu.invalid/vocab#held_on> "2024-09-27"^^<http://www.w3.org/2001/XMLSchema#date> .
public struct NTriplesExporter: Sendable {
    public var baseIRI: String

    public init(baseIRI: String = ExportOptions.defaultBaseIRI) {
        self.baseIRI = baseIRI
    }

    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        for block in RDFGraph(base: baseIRI).blocks(for: snapshot) {
            let subject = RDFGraph.nTriples(block.subject)
            for (predicate, objects) in block.properties {
                let predicateText = RDFGraph.nTriples(predicate)
                for object in objects {
                    output.write(subject)
                    output.write(" ")
                    output.write(predicateText)
                    output.write(" ")
                    output.write(RDFGraph.nTriples(object))
                    output.write(" .\n")
                }
            }
        }
    }
}
