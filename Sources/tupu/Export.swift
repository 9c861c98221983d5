import ArgumentParser
import Foundation
import TupuExport
import TupuModel
import TupuRender
import TupuStore

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole graph in a format other tools read.",
        discussion: """
            One file, to stdout or -o FILE:
            tsv       one triple a line: subject<TAB>predicate<TAB>object (tabs and
                      line breaks inside names become spaces).
            jsonl     one JSON object a line: {"type":"entity",…} for each entity,
                      then {"type":"triple",…,"evidence":[…]} for each triple, each
                      evidence {document,start,end,surface,sentence,rule,confidence};
                      start/end are code point offsets, end exclusive.
            ntriples  RDF, one triple a line, in schema.org, SKOS and PROV-O terms.
                      Entities are <BASE entity/KIND/NAME> (NAME percent-encoded
                      where IRIs forbid it; Chinese kept), typed schema:Person,
                      schema:Place, schema:Organization, schema:Event,
                      schema:NewsArticle (source articles), schema:CreativeWork
                      (documents the text names), schema:DefinedTerm +
                      tupu:Role, tupu:Initiative; named by schema:name and
                      skos:prefLabel, aliases skos:altLabel, tagged @zh-Hans or
                      @zh-Hant, pinyin of persons, places, organizations, roles
                      @zh-Latn-pinyin (--no-pinyin: none).
                      attended is EVENT schema:attendee PERSON; held_in, held_on,
                      reported_by, published_on are schema:location,
                      schema:startDate, schema:subjectOf, schema:datePublished;
                      dates are xsd:date. Documents have schema:headline. Each
                      evidence row is a prov:Entity <BASE evidence/N> (and an
                      rdf:Statement of the fact) prov:wasDerivedFrom its document,
                      with prov:value (the sentence), tupu:surface, tupu:start,
                      tupu:end, tupu:rule, tupu:confidence. The Tupu vocabulary
                      (BASE vocab#) is published as vocab/tupu.ttl, SHACL shapes as
                      vocab/shapes.ttl.
            turtle    the same RDF graph as Turtle: prefixes, grouped by subject.
            nquads    the same RDF as a dataset: the graph without evidence in the
                      default graph, and a named graph per document (named by its
                      IRI) with the facts it states and their evidence.
            trig      that dataset in TriG.
            jsonld    the same RDF graph as JSON-LD; the context is referred to as
                      BASE vocab/context.jsonld (published as vocab/context.jsonld),
                      or written into the document with --inline-context.
            graphml   for Gephi and networkx: node data kind, label (the name),
                      aliases; edge data predicate, label (Chinese), evidence_count.
                      Literal objects are nodes of their own.

            Several files, into the folder -o DIR (created if missing; required):
            csv       RFC 4180, CRLF line ends.
                      entities.csv: id,kind,name,aliases
                      triples.csv: subject,subject_kind,predicate,object,object_kind,
                        object_literal,evidence_count,documents
                      aliases and documents are joined by | (a | inside one is
                      written as ｜). Formula guard: a text field starting with
                      = + - @ tab CR or ' gets a ' in front; strip one leading ' to
                      undo it, or pass --no-formula-guard.
            neo4j     for neo4j-admin database import full --nodes=nodes.csv
                      --nodes=evidence.csv --relationships=relationships.csv
                      --relationships=evidence_relationships.csv
                      --multiline-fields=true; or run load.cypher (LOAD CSV) with
                      the files in Neo4j's import folder.
                      nodes.csv: id:ID,name,kind,aliases:string[],date:date,title,
                        published:date,path,:LABEL (dates as Neo4j dates;
                        documents with title, publication date and path)
                      relationships.csv: :START_ID,:END_ID,:TYPE,fact:int,
                        evidence_count:int,documents:string[]
                      evidence.csv: Evidence nodes with fact, sentence, surface,
                        start, end, rule, confidence
                      evidence_relationships.csv: (Evidence)-[:SUPPORTS]->(subject)
                        and -[:FROM]->(Document)
                      :LABEL is the kind capitalised (Person), :TYPE the predicate
                      upper-cased (ATTENDED). Arrays are joined by ; (a ; inside an
                      alias or document path is written as ；).

            BASE is http://tupu.invalid/ unless --base is given.

            -o never leaves a half-written file: a new or regular file is written beside the \
            target and renamed over it when complete (a regular file keeps its permissions); a \
            character device (/dev/null) or FIFO is written into; a symbolic link or a file with \
            several hard links is refused unless --force. A write error (disk full, closed \
            stdout) is reported on one line with exit code 74.

            Examples:
              tupu export --format jsonl -o graph.jsonl
              tupu export --format turtle --base https://example.org/kg/ -o g.ttl
              tupu export --format jsonld --inline-context -o graph.jsonld
              tupu export --format neo4j -o neo4j-import/
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "The output format.", valueName: "format"))
    var format: ExportFormat = .tsv

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to this file instead of stdout; for csv and neo4j, into this folder.", valueName: "path"))
    var output: String?

    @Option(name: [.customLong("base"), .customLong("base-iri")], help: ArgumentHelp(
        "RDF formats: the base of the IRIs, ending in / (default http://tupu.invalid/).", valueName: "iri"))
    var baseIRI: String = ExportOptions.defaultBaseIRI

    @Flag(inversion: .prefixedNo, help: "RDF formats: write each name's pinyin as skos:altLabel @zh-Latn-pinyin.")
    var pinyin = true

    @Flag(name: .customLong("inline-context"), help: "jsonld: write the context into the document instead of referring to it.")
    var inlineContext = false

    @Flag(inversion: .prefixedNo, help: "csv: put ' before text fields that start with = + - @ tab, CR or '.")
    var formulaGuard = true

    @Flag(name: .long, help: "Write through a symbolic link, or into a file with several hard links (in place), instead of refusing.")
    var force = false

    /// The export options as given; a base that is no IRI prefix is a usage error (exit 64).
    private var options: ExportOptions {
        let romanizer = pinyin ? Romanizer(name: "pinyin") { name, kind in Pinyin.label(name, kind: kind) } : nil
        return ExportOptions(baseIRI: baseIRI, formulaGuard: formulaGuard, romanizer: romanizer, inlineContext: inlineContext)
    }

    func validate() throws {
        do {
            try options.validate()
            if format.writesFolder, output == nil || output == "-" { throw ExportError.needsFolder(format) }
        } catch let error as ExportError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let options = self.options
        try report {
            let store = try database.open(readOnly: true)
            // Nodes, edges and documents now; each edge's evidence read from the store as it is written.
            // Written to standard output, the line would mix with the graph on a terminal.
            let progress = ProgressLine(quiet: output == nil || output == "-")
            defer { progress.finish() }
            let held = {
                let stored = try progress.during("export: reading the graph from the store") { try storeCall { try store.wholeGraph() } }
                return Self.stream(stored, progress: progress)
            }
            // Read from the store's cursors in order, node by node and edge by edge (RDF and neo4j
            // also document by document); RDF and neo4j read the graph whole for a store whose
            // documents share a path or an entity name (or, for RDF, whose facts have a date or
            // literal RDF subject). A store whose names SQLite and Swift sort differently is read
            // whole for every format.
            let graph: GraphStream
            if let ordered = try storeCall({ try store.orderedGraph() }) {
                graph = GraphStream(ordered: ProgressGraph(graph: ordered, progress: progress), held: held)
            } else {
                graph = try held()
            }
            if format.writesFolder, let folder = output {
                try writeFolder(graph, options: options, folder: folder)
            } else {
                try OutputFile.writing(to: output, force: force) { stream in
                    do {
                        try format.write(graph, options: options, to: &stream)
                    } catch let error as StoreError {
                        throw CLIError.store(error)
                    } catch {
                        throw CLIError.io(path: output ?? "stdout", message: "export failed: \(error)")
                    }
                }
            }
        }
    }

    /// The stored graph for the exporters, its evidence read from the store as they write; each
    /// read draws the progress line (on a terminal): `export: 12,345/273,721 triples` in edge
    /// order, `export: 1,234/20,000 documents` by document.
    private static func stream(_ stored: StoredGraph, progress: ProgressLine) -> GraphStream {
        let edges = ProgressLine.grouped(stored.snapshot.edges.count)
        let documents = ProgressLine.grouped(stored.snapshot.documents.count)
        return GraphStream(snapshot: stored.snapshot, byDocument: { body in
            var done = 0
            try stored.forEachDocumentEvidence { path, evidence in
                done += 1
                progress.update { _ in "export: \(ProgressLine.grouped(done))/\(documents) documents" }
                try body(path, evidence)
            }
        }, evidence: { text, body in
            try stored.forEachEdgeEvidence(text: text) { index, evidence in
                progress.update { _ in "export: \(ProgressLine.grouped(index + 1))/\(edges) triples" }
                try body(index, evidence)
            }
        })
    }

    /// An ordered graph that draws the progress line as its edges are read:
    /// `export: 12,345/273,721 triples`; as its nodes with their facts are read (RDF's default
    /// graph), `export: 12,345 nodes`; as its documents' evidence is, `export: 1,234 documents`.
    private struct ProgressGraph: OrderedDocumentGraph {
        let graph: any OrderedDocumentGraph
        let progress: ProgressLine

        var edgeCount: Int { graph.edgeCount }

        func forEachNode(_ body: (GraphSnapshot.Node) throws -> Void) throws {
            try graph.forEachNode(body)
        }

        func forEachEdge(
            evidence: Bool, text: Bool, _ body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?) throws -> Void
        ) throws {
            let edges = ProgressLine.grouped(graph.edgeCount)
            try graph.forEachEdge(evidence: evidence, text: text) { index, edge, subject, object in
                progress.update { _ in "export: \(ProgressLine.grouped(index + 1))/\(edges) triples" }
                try body(index, edge, subject, object)
            }
        }

        func literalValues() throws -> [String] {
            try graph.literalValues()
        }

        func article(named name: String, entity: Int64) throws -> GraphSnapshot.Document? {
            try graph.article(named: name, entity: entity)
        }

        func documentsAreDistinct() throws -> Bool {
            try graph.documentsAreDistinct()
        }

        func hasFactsOutsideNodes(inverse: Set<Predicate>) throws -> Bool {
            try graph.hasFactsOutsideNodes(inverse: inverse)
        }

        func forEachNode(facts inverse: Set<Predicate>, _ body: (GraphSnapshot.Node, [EndedEdge]) throws -> Void) throws {
            var done = 0
            try graph.forEachNode(facts: inverse) { node, facts in
                done += 1
                progress.update { _ in "export: \(ProgressLine.grouped(done)) nodes" }
                try body(node, facts)
            }
        }

        func forEachEdge(
            text: Bool, documents body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?, [Int64]) throws -> Void
        ) throws {
            let edges = ProgressLine.grouped(graph.edgeCount)
            try graph.forEachEdge(text: text) { index, edge, subject, object, documents in
                progress.update { _ in "export: \(ProgressLine.grouped(index + 1))/\(edges) triples" }
                try body(index, edge, subject, object, documents)
            }
        }

        func forEachDocument(_ body: (Int64, GraphSnapshot.Document, Int64?) throws -> Void) throws {
            try graph.forEachDocument(body)
        }

        func document(id: Int64) throws -> GraphSnapshot.Document? {
            try graph.document(id: id)
        }

        func document(named name: String) throws -> GraphSnapshot.Document? {
            try graph.document(named: name)
        }

        func forEachDocumentEvidence(_ body: (GraphSnapshot.Document, [NumberedEvidence]) throws -> Void) throws {
            var done = 0
            try graph.forEachDocumentEvidence { document, evidence in
                done += 1
                progress.update { _ in "export: \(ProgressLine.grouped(done)) documents" }
                try body(document, evidence)
            }
        }
    }

    private func writeFolder(_ graph: GraphStream, options: ExportOptions, folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.io(path: folder, message: "cannot create the output folder")
        }
        for file in format.fileNames {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
            try OutputFile.writing(to: path, force: force) { stream in
                do {
                    try format.write(graph, options: options, file: file, to: &stream)
                } catch let error as StoreError {
                    throw CLIError.store(error)
                } catch {
                    throw CLIError.io(path: path, message: "export failed: \(error)")
                }
            }
        }
    }
}
