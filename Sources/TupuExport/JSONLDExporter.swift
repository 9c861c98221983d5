import TupuModel

/// Writes the snapshot's RDF graph (see ``RDFGraph``; the same triples as ``TurtleExporter``)
/// as JSON-LD 1.1 for web tools: one object with `@context` and `@graph`, a node object per
/// subject, one a line.
///
///     {
///     "@context": "http://tupu.invalid/vocab/context.jsonld",
///     "@graph": [
///     {"@id": "http://tupu.invalid/entity/person/李希", "@type": "Person", "name": {"@value": "李希", "@language": "zh-Hans"}, …},
///     …
///     ]}
///
/// - The context (``TupuVocabulary/jsonLDContext(baseIRI:)``) names the classes and properties
///   by their local names (`Person`, `attendee`, `prefLabel`, `wasDerivedFrom`, `holds_role`);
///   it is published as `vocab/context.jsonld` for the default base and referred to as
///   `BASE vocab/context.jsonld`, or written into the document with `inlineContext`.
/// - IRIs are written in full. Language-tagged text is `{"@value": …, "@language": …}`; dates
///   are strings the context types `xsd:date` (`{"@value": …, "@type": …}` for `xsd:gYear`
///   and `xsd:gYearMonth`); offsets are JSON integers, confidences strings typed `xsd:decimal`.
/// - Strings are JSON-escaped; U+2028 and U+2029 are written as `\u` escapes. UTF-8, LF.
public struct JSONLDExporter: Sendable {
    public var baseIRI: String
    public var romanizer: Romanizer?
    public var inlineContext: Bool

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, romanizer: Romanizer? = nil, inlineContext: Bool = false) {
        self.baseIRI = baseIRI
        self.romanizer = romanizer
        self.inlineContext = inlineContext
    }

    /// The IRI the document refers to for its context.
    public static func contextIRI(baseIRI: String) -> String { baseIRI + "vocab/context.jsonld" }

    /// Writes the document; throws ``ExportError/invalidBaseIRI(_:reason:)`` for an unusable base.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes the document, the evidence nodes as the evidence is read.
    public func write(_ stream: GraphStream, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        let graph = RDFGraph(base: baseIRI, romanizer: romanizer)
        let terms = TupuVocabulary.jsonLDTerms(baseIRI: baseIRI)
        var byIRI: [String: TupuVocabulary.JSONLDTerm] = [:]
        for term in terms where byIRI[term.iri] == nil { byIRI[term.iri] = term }
        output.write("{\n\"@context\": ")
        if inlineContext {
            output.write(TupuVocabulary.jsonLDContextObject(baseIRI: baseIRI, indent: ""))
        } else {
            output.write(Self.string(Self.contextIRI(baseIRI: baseIRI)))
        }
        output.write(",\n\"@graph\": [\n")
        var first = true
        try graph.forEachBlock(stream) { block in
            if !first { output.write(",\n") }
            first = false
            output.write("{\"@id\": ")
            output.write(Self.string(Self.iri(block.subject)))
            for (predicate, objects) in block.properties {
                let iri = Self.iri(predicate)
                if predicate == RDFGraph.type {
                    let types = objects.map { byIRI[Self.iri($0)]?.name ?? Self.iri($0) }
                    output.write(", \"@type\": ")
                    output.write(types.count == 1 ? Self.string(types[0]) : "[" + types.map(Self.string).joined(separator: ", ") + "]")
                    continue
                }
                let term = byIRI[iri]
                output.write(", ")
                output.write(Self.string(term?.name ?? iri))
                output.write(": ")
                let values = objects.map { Self.value($0, term: term) }
                output.write(values.count == 1 ? values[0] : "[" + values.joined(separator: ", ") + "]")
            }
            output.write("}")
        }
        output.write("\n]}\n")
    }

    static func iri(_ term: RDFGraph.Term) -> String {
        switch term {
        case .iri(let iri): iri
        case .literal(let text, _, _): text
        }
    }

    /// A JSON value for an object under a property with the term's coercion.
    static func value(_ object: RDFGraph.Term, term: TupuVocabulary.JSONLDTerm?) -> String {
        switch object {
        case .iri(let iri):
            return term?.type == "@id" ? string(iri) : "{\"@id\": " + string(iri) + "}"
        case .literal(let text, _, let language?):
            return "{\"@value\": " + string(text) + ", \"@language\": " + string(language) + "}"
        case .literal(let text, let datatype?, nil):
            if let type = term?.type, RDFGraph.expand(type) == datatype { return string(text) }
            if datatype == RDFGraph.xsd + "integer", TurtleExporter.isInteger(text), text.count < 16 { return text }
            return "{\"@value\": " + string(text) + ", \"@type\": " + string(datatype) + "}"
        case .literal(let text, nil, nil):
            return term?.type == nil ? string(text) : "{\"@value\": " + string(text) + "}"
        }
    }

    /// A JSON string literal: the N-Triples escapes (``RDFGraph/escaped(_:)``) are JSON's too
    /// (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`).
    static func string(_ text: String) -> String {
        "\"" + RDFGraph.escaped(text) + "\""
    }
}
