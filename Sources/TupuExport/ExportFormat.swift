import TupuModel

/// The formats `tupu export` writes.
///
/// Single-file formats (tsv, jsonl, ntriples, turtle, nquads, trig, jsonld, graphml) are written to one stream
/// with ``write(_:options:to:)``. Folder formats (csv, neo4j) consist of several files,
/// listed by ``fileNames`` and written one at a time with ``write(_:options:file:to:)``.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// `subject<TAB>predicate<TAB>object`, one triple a line (``TSVExporter``).
    case tsv
    /// One JSON object a line: entities, then triples with evidence (``JSONLExporter``).
    case jsonl
    /// RFC 4180 tables `entities.csv` and `triples.csv` (``CSVExporter``).
    case csv
    /// RDF as N-Triples: schema.org, SKOS, PROV-O evidence (``NTriplesExporter``).
    case ntriples
    /// The same RDF graph as Turtle, grouped by subject (``TurtleExporter``).
    case turtle
    /// The same RDF as a dataset in N-Quads, a named graph per document (``NQuadsExporter``).
    case nquads
    /// The same dataset in TriG (``TriGExporter``).
    case trig
    /// The same RDF graph as JSON-LD with the published context (``JSONLDExporter``).
    case jsonld
    /// GraphML for Gephi, networkx, yEd … (``GraphMLExporter``).
    case graphml
    /// `nodes.csv`, `relationships.csv`, `evidence.csv`, `evidence_relationships.csv` for
    /// `neo4j-admin database import full`, and `load.cypher` for `LOAD CSV` (``Neo4jExporter``).
    case neo4j

    /// The usual file name extension of a single-file format (folder formats: of their files).
    public var fileExtension: String {
        switch self {
        case .tsv: "tsv"
        case .jsonl: "jsonl"
        case .csv, .neo4j: "csv"
        case .ntriples: "nt"
        case .turtle: "ttl"
        case .nquads: "nq"
        case .trig: "trig"
        case .jsonld: "jsonld"
        case .graphml: "graphml"
        }
    }

    /// The files a folder format writes, in order; empty for single-file formats.
    public var fileNames: [String] {
        switch self {
        case .csv: [CSVExporter.entitiesFile, CSVExporter.triplesFile]
        case .neo4j: [
            Neo4jExporter.nodesFile, Neo4jExporter.relationshipsFile, Neo4jExporter.evidenceFile,
            Neo4jExporter.evidenceRelationshipsFile, Neo4jExporter.cypherFile,
        ]
        case .tsv, .jsonl, .ntriples, .turtle, .nquads, .trig, .jsonld, .graphml: []
        }
    }

    /// Whether the format writes several files into a folder rather than one stream.
    public var writesFolder: Bool { !fileNames.isEmpty }

    /// Writes the snapshot in a single-file format. Folder formats throw ``ExportError/needsFolder(_:)``.
    public func write(_ snapshot: GraphSnapshot, options: ExportOptions = ExportOptions(), to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), options: options, to: &output)
    }

    /// Writes the graph in a single-file format, the evidence as it is read (in edge order; by
    /// document for the named graphs of nquads and trig). Folder formats throw ``ExportError/needsFolder(_:)``.
    public func write(_ graph: GraphStream, options: ExportOptions = ExportOptions(), to output: inout some TextOutputStream) throws {
        switch self {
        case .tsv: try TSVExporter().write(graph, to: &output)
        case .jsonl: try JSONLExporter().write(graph, to: &output)
        case .ntriples: try NTriplesExporter(baseIRI: options.baseIRI, romanizer: options.romanizer).write(graph, to: &output)
        case .turtle: try TurtleExporter(baseIRI: options.baseIRI, romanizer: options.romanizer).write(graph, to: &output)
        case .nquads: try NQuadsExporter(baseIRI: options.baseIRI, romanizer: options.romanizer).write(graph, to: &output)
        case .trig: try TriGExporter(baseIRI: options.baseIRI, romanizer: options.romanizer).write(graph, to: &output)
        case .jsonld:
            try JSONLDExporter(baseIRI: options.baseIRI, romanizer: options.romanizer, inlineContext: options.inlineContext)
                .write(graph, to: &output)
        case .graphml: try GraphMLExporter().write(graph, to: &output)
        case .csv, .neo4j: throw ExportError.needsFolder(self)
        }
    }

    /// Writes one file (one of ``fileNames``) of a folder format.
    public func write(_ snapshot: GraphSnapshot, options: ExportOptions = ExportOptions(), file: String, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), options: options, file: file, to: &output)
    }

    /// Writes one file (one of ``fileNames``) of a folder format, each edge's evidence as it is read.
    public func write(_ graph: GraphStream, options: ExportOptions = ExportOptions(), file: String, to output: inout some TextOutputStream) throws {
        switch (self, file) {
        case (.csv, CSVExporter.entitiesFile):
            try CSVExporter(formulaGuard: options.formulaGuard).writeEntities(graph, to: &output)
        case (.csv, CSVExporter.triplesFile):
            try CSVExporter(formulaGuard: options.formulaGuard).writeTriples(graph, to: &output)
        case (.neo4j, Neo4jExporter.nodesFile):
            try Neo4jExporter().writeNodes(graph, to: &output)
        case (.neo4j, Neo4jExporter.relationshipsFile):
            try Neo4jExporter().writeRelationships(graph, to: &output)
        case (.neo4j, Neo4jExporter.evidenceFile):
            try Neo4jExporter().writeEvidence(graph, to: &output)
        case (.neo4j, Neo4jExporter.evidenceRelationshipsFile):
            try Neo4jExporter().writeEvidenceRelationships(graph, to: &output)
        case (.neo4j, Neo4jExporter.cypherFile):
            Neo4jExporter().writeCypher(to: &output)
        default:
            throw ExportError.unknownFile(file, self)
        }
    }

    /// The lines of a single-file format's output: the text split at `\n`, without the
    /// terminators (for tsv, jsonl and ntriples one record a line). Folder formats throw.
    public func lines(for snapshot: GraphSnapshot, options: ExportOptions = ExportOptions()) throws -> [String] {
        switch self {
        case .tsv: return TSVExporter().lines(for: snapshot)
        case .jsonl: return try JSONLExporter().lines(for: snapshot)
        default:
            var text = ""
            try write(snapshot, options: options, to: &text)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }
}

/// Settings of the formats that have any.
public struct ExportOptions: Sendable, Equatable {
    /// The base of every IRI the RDF formats mint (the reserved `.invalid` top-level domain).
    public static let defaultBaseIRI = "http://tupu.invalid/"

    /// RDF formats: entities are `BASE entity/KIND/NAME`, Tupu vocabulary terms `BASE vocab#TERM`,
    /// evidence `BASE evidence/N`. Must be an absolute IRI ending in `/`.
    public var baseIRI: String
    /// RDF formats: writes each name's pinyin as `skos:altLabel "…"@zh-Latn-pinyin`; nil: none.
    public var romanizer: Romanizer?
    /// jsonld: put the context into the document instead of referring to
    /// `BASE vocab/context.jsonld`.
    public var inlineContext: Bool
    /// csv: prefix text fields that start with `=`, `+`, `-`, `@`, tab or CR with `'`,
    /// so that spreadsheets do not evaluate them as formulas (and fields that start with
    /// `'`, so that one leading `'` can always be stripped).
    public var formulaGuard: Bool

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, formulaGuard: Bool = true, romanizer: Romanizer? = nil, inlineContext: Bool = false) {
        self.baseIRI = baseIRI
        self.formulaGuard = formulaGuard
        self.romanizer = romanizer
        self.inlineContext = inlineContext
    }

    /// Throws ``ExportError/invalidBaseIRI(_:reason:)`` unless the base IRI is usable.
    public func validate() throws {
        try RDFGraph.validateBaseIRI(baseIRI)
    }
}

/// Why an export could not be written.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// A folder format was asked to write a single stream.
    case needsFolder(ExportFormat)
    /// The file is not one of the format's ``ExportFormat/fileNames``.
    case unknownFile(String, ExportFormat)
    case invalidBaseIRI(String, reason: String)

    public var description: String {
        switch self {
        case .needsFolder(let format):
            "--format \(format.rawValue) writes \(format.fileNames.joined(separator: " and ")); give a folder with -o DIR"
        case .unknownFile(let file, let format):
            "\(format.rawValue) has no file \(file); it writes \(format.fileNames.joined(separator: ", "))"
        case .invalidBaseIRI(let iri, let reason):
            "invalid --base \"\(iri)\": \(reason)"
        }
    }
}

extension GraphSnapshot {
    /// The name printed for a node id; a dangling id (not in the snapshot) prints as `#id`.
    func exportName(_ id: Int64) -> String {
        Self.exportName(node(id), id)
    }

    /// The name printed for the node `id`, given as found (nil: a dangling id, printed `#id`).
    static func exportName(_ node: Node?, _ id: Int64) -> String {
        node?.name ?? "#\(id)"
    }

    /// The object printed for an edge whose object node is `node` as found: its name, or the literal.
    static func exportObject(_ edge: Edge, _ node: Node?) -> String {
        edge.object.map { exportName(node, $0) } ?? edge.literal ?? ""
    }

    /// The distinct literal objects in edge order.
    func literalValues() -> [String] {
        var seen = Set<String>()
        var values: [String] = []
        for edge in edges where edge.object == nil {
            let value = edge.literal ?? ""
            if seen.insert(value).inserted { values.append(value) }
        }
        return values
    }
}

extension GraphSnapshot.Edge {
    /// The documents of the evidence rows, each once, in evidence order.
    var documents: [String] {
        var seen = Set<String>()
        return evidence.map(\.document).filter { seen.insert($0).inserted }
    }
}

/// RFC 4180 fields, shared by the csv and neo4j formats.
enum DelimitedField {
    /// The field, in double quotes with inner quotes doubled when it contains a comma, a quote,
    /// a line break (CR, LF, NEL, U+2028, U+2029) or starts or ends with a space; else as is.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains {
            switch $0 {
            case ",", "\"", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}": true
            default: false
            }
        } || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// One record: the fields quoted as needed, joined by commas.
    static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }
}
