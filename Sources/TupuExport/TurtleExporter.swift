import TupuModel

/// Writes the snapshot's RDF graph (see ``RDFGraph``) as Turtle: the same triples as
/// ``NTriplesExporter``, with the prefixes `prov:`, `rdf:`, `schema:`, `skos:`, `tupu:`
/// (`BASE vocab#`) and `xsd:`, one block per subject (entities in snapshot order, then
/// documents, then evidence), `a` for `rdf:type`, objects of one predicate joined with `,`.
/// Entity and evidence IRIs are written in full (`<…>`); integers and decimals are written
/// bare (`12`, `0.95`).
///
///     <http://tupu.invalid/entity/person/李希> a schema:Person ;
///         schema:name "李希"@zh-Hans ;
///         skos:prefLabel "李希"@zh-Hans ;
///         skos:altLabel "Li Xi"@zh-Latn-pinyin .
public struct TurtleExporter: Sendable {
    public var baseIRI: String
    public var romanizer: Romanizer?

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, romanizer: Romanizer? = nil) {
        self.baseIRI = baseIRI
        self.romanizer = romanizer
    }

    /// The prefixes the Turtle and TriG exports declare, for a vocabulary namespace.
    static func prefixes(vocabulary: String) -> [(String, String)] {
        [("prov", RDFGraph.prov), ("rdf", RDFGraph.rdf), ("schema", RDFGraph.schema), ("skos", RDFGraph.skos),
         ("tupu", vocabulary), ("xsd", RDFGraph.xsd)]
    }

    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes the graph, the evidence blocks as the evidence is read.
    public func write(_ stream: GraphStream, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        let graph = RDFGraph(base: baseIRI, romanizer: romanizer)
        let prefixes = Self.prefixes(vocabulary: graph.vocabulary)
        for (name, namespace) in prefixes {
            output.write("@prefix \(name): <\(namespace)> .\n")
        }
        try graph.forEachBlock(stream) { block in
            output.write("\n")
            write(block, indent: "", prefixes, to: &output)
        }
    }

    /// One subject block, each line after the first indented by `indent` plus four spaces.
    func write(_ block: RDFGraph.Block, indent: String, _ prefixes: [(String, String)], to output: inout some TextOutputStream) {
        output.write(indent)
        output.write(term(block.subject, prefixes))
        for (index, property) in block.properties.enumerated() {
            output.write(index == 0 ? " " : " ;\n    " + indent)
            output.write(property.predicate == RDFGraph.type ? "a" : term(property.predicate, prefixes))
            output.write(" ")
            output.write(property.objects.map { term($0, prefixes) }.joined(separator: " ,\n        " + indent))
        }
        output.write(" .\n")
    }

    func term(_ term: RDFGraph.Term, _ prefixes: [(String, String)]) -> String {
        switch term {
        case .iri(let iri):
            for (name, namespace) in prefixes where iri.hasPrefix(namespace) {
                let local = iri.dropFirst(namespace.count)
                if Self.isSimpleLocalName(local) { return name + ":" + local }
            }
            return "<" + iri + ">"
        case .literal(let text, let datatype, let language):
            if let language { return "\"" + RDFGraph.escaped(text) + "\"@" + language }
            switch datatype {
            case nil: return "\"" + RDFGraph.escaped(text) + "\""
            case RDFGraph.xsd + "integer" where Self.isInteger(text): return text
            case RDFGraph.xsd + "decimal" where Self.isDecimal(text): return text
            case let datatype?: return "\"" + RDFGraph.escaped(text) + "\"^^" + self.term(.iri(datatype), prefixes)
            }
        }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: always a valid prefixed local name.
    static func isSimpleLocalName(_ local: Substring) -> Bool {
        guard let first = local.unicodeScalars.first, isLetter(first) || first == "_" else { return false }
        return local.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    static func isInteger(_ text: String) -> Bool {
        isDigits(text.hasPrefix("-") ? text.dropFirst() : text[...])
    }

    static func isDecimal(_ text: String) -> Bool {
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : text[...]
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && isDigits(parts[0]) && isDigits(parts[1])
    }
}
