import TupuModel

/// Writes the node and relationship files that `neo4j-admin database import full` reads, and
/// `load.cypher`, which loads the same files with `LOAD CSV` (for users without `neo4j-admin`):
///
///     neo4j-admin database import full --nodes=nodes.csv --nodes=evidence.csv \
///         --relationships=relationships.csv --relationships=evidence_relationships.csv \
///         --multiline-fields=true neo4j
///     cypher-shell -f load.cypher    # the CSV files in the database's import folder
///
/// `nodes.csv`:
///
///     id:ID,name,kind,aliases:string[],date:date,title,published:date,path,:LABEL
///     1,李希,person,李书记;李希同志,,,,,Person
///     5,2024-09-27,date,,2024-09-27,,,,Date
///     9,标题（文档 74a9a881）,document,,,标题,2022-09-28,seeds/000.txt,Document
///     literal-1,省委常委会会议,literal,,,,,,Literal
///
/// `relationships.csv`:
///
///     :START_ID,:END_ID,:TYPE,fact:int,evidence_count:int,documents:string[]
///     1,2,ATTENDED,1,2,seeds/001.txt;seeds/002.txt
///
/// `evidence.csv` (one node per evidence row) and `evidence_relationships.csv`:
///
///     id:ID,fact:int,predicate,sentence,surface,start:int,end:int,rule,confidence:float,document,:LABEL
///     evidence-1,1,attended,李希出席…。,李希出席,4,15,participation.cue,0.95,seeds/001.txt,Evidence
///
///     :START_ID,:END_ID,:TYPE
///     evidence-1,9,FROM
///     evidence-1,1,SUBJECT
///     evidence-1,2,OBJECT
///
/// - The `:ID` is the entity's id (the same as csv's `id`); a literal object becomes a node of
///   its own, `literal-N` (N counting distinct literal values in edge order), kind `literal`,
///   label `Literal`. Labels are the kind capitalised (`Person`, `Organization`, …); types are
///   the predicate id upper-cased (`HOLDS_ROLE`, `ATTENDED`, …).
/// - `date:date` is a Neo4j `date` for a date node (or a literal) that is a full `yyyy-mm-dd`
///   date. A source article is its `document` entity with `title`, `published:date` and `path`;
///   a source document without an entity gets a node `document-N` (N counting such documents).
/// - `fact:int` numbers the relationships from 1 in order; each evidence node has the `fact`
///   it supports, the sentence, surface text, code point span (end exclusive), rule and
///   confidence, and links to its document (`FROM`) and the fact's subject and object
///   (`SUBJECT`, `OBJECT`). Evidence ids are `evidence-N`, N as in the RDF exports.
/// - Arrays (`aliases`, `documents`) use neo4j's default array delimiter `;`. neo4j has no
///   escape for it, so a `;` inside an alias or a document path is written as `；` (U+FF1B).
///   Other fields are written exactly.
/// - Quoting as neo4j reads it by default: double quotes around a field that contains a comma,
///   a quote, a line break or an outer space, `""` for a quote inside; a backslash is an
///   ordinary character. Names with line breaks need `--multiline-fields=true`.
///   UTF-8, records end in LF. No formula guard: these files are for neo4j, not spreadsheets.
public struct Neo4jExporter: Sendable {
    /// The entity, literal and extra document nodes.
    public static let nodesFile = "nodes.csv"
    /// The facts.
    public static let relationshipsFile = "relationships.csv"
    /// The evidence nodes.
    public static let evidenceFile = "evidence.csv"
    /// The evidence nodes' links to documents, subjects and objects.
    public static let evidenceRelationshipsFile = "evidence_relationships.csv"
    /// The Cypher script that loads the four files with `LOAD CSV`.
    public static let cypherFile = "load.cypher"
    /// The header of ``nodesFile``.
    public static let nodesHeader = [
        "id:ID", "name", "kind", "aliases:string[]", "date:date", "title", "published:date", "path", ":LABEL",
    ]
    /// The header of ``relationshipsFile``.
    public static let relationshipsHeader = [":START_ID", ":END_ID", ":TYPE", "fact:int", "evidence_count:int", "documents:string[]"]
    /// The header of ``evidenceFile``.
    public static let evidenceHeader = [
        "id:ID", "fact:int", "predicate", "sentence", "surface", "start:int", "end:int", "rule", "confidence:float", "document", ":LABEL",
    ]
    /// The header of ``evidenceRelationshipsFile``.
    public static let evidenceRelationshipsHeader = [":START_ID", ":END_ID", ":TYPE"]

    public init() {}

    /// The source documents: the node id of each evidence path, and the rows of the
    /// documents that have no entity.
    struct Sources {
        var idByPath: [String: String] = [:]
        var extraRows: [[String]] = []
        var documentByID: [String: GraphSnapshot.Document] = [:]

        /// The documents the graph lists, then those its evidence names that it does not
        /// (read from the evidence without text).
        init(_ graph: GraphStream) throws {
            let graph = try graph.held()
            let snapshot = graph.snapshot
            var entityByName: [String: Int64] = [:]
            for node in snapshot.nodes where node.kind == .document { entityByName[node.name] = node.id }
            var documents = snapshot.documents
            var listed = Set(documents.map(\.path))
            try graph.forEachEdge(text: false) { _, edge in
                for row in edge.evidence where listed.insert(row.document).inserted {
                    documents.append(GraphSnapshot.Document(path: row.document, contentHash: ""))
                }
            }
            for document in documents where idByPath[document.path] == nil {
                let id: String
                if !document.contentHash.isEmpty, let entity = entityByName[document.entityName] {
                    id = String(entity)
                } else {
                    id = Self.extraID(extraRows.count + 1)
                    extraRows.append(Self.extraRow(document, number: extraRows.count + 1))
                }
                idByPath[document.path] = id
                documentByID[id] = document
            }
        }

        static func extraID(_ number: Int) -> String { "document-\(number)" }

        /// The node of a source document without an entity, `document-N`.
        static func extraRow(_ document: GraphSnapshot.Document, number: Int) -> [String] {
            let name = document.contentHash.isEmpty ? document.path : document.entityName
            return [
                extraID(number), name, EntityKind.document.rawValue, "", "", document.title ?? "", Self.date(document.published),
                document.path, Neo4jExporter.label(.document),
            ]
        }

        /// The node of each document of a graph read from the store's cursors, by the store's
        /// id of the document (one 8-byte integer per document id: 8 MB per million documents):
        /// the id of its entity, or -N for the node `document-N` of one without an entity.
        /// Nil when the documents are not distinct (``OrderedDocumentGraph/documentsAreDistinct()``)
        /// or an entity id is not positive: then the graph is read held.
        static func nodes(_ graph: any OrderedDocumentGraph) throws -> [Int64]? {
            guard try graph.documentsAreDistinct() else { return nil }
            var nodes: [Int64] = []
            var extra: Int64 = 0
            var usable = true
            try graph.forEachDocument { id, document, entity in
                guard usable, id >= 0, id < Int64(Int32.max) else {
                    usable = false
                    return
                }
                if nodes.count <= Int(id) { nodes += [Int64](repeating: 0, count: Int(id) + 1 - nodes.count) }
                if !document.contentHash.isEmpty, let entity {
                    if entity <= 0 { usable = false }
                    nodes[Int(id)] = entity
                } else {
                    extra += 1
                    nodes[Int(id)] = -extra
                }
            }
            return usable ? nodes : nil
        }

        static func date(_ text: String?) -> String {
            guard let text, RDFGraph.isISODate(text) else { return "" }
            return text
        }
    }

    /// Writes ``nodesFile``.
    public func writeNodes(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? writeNodes(GraphStream(snapshot), to: &output)
    }

    /// Writes ``nodesFile`` (reading the evidence without text for its documents). From the
    /// store's cursors: each document node's article found by its name, then the literals, then
    /// the documents without an entity, in document order.
    public func writeNodes(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        if let ordered = graph.documentGraph, try ordered.documentsAreDistinct() {
            write(Self.nodesHeader, to: &output)
            try ordered.forEachNode { node in
                let document = node.kind == .document ? try ordered.document(named: node.name).flatMap { $0.contentHash.isEmpty ? nil : $0 } : nil
                write(nodeRow(node, document: document), to: &output)
            }
            for (index, value) in try ordered.literalValues().enumerated() {
                write(Self.literalRow(index + 1, value), to: &output)
            }
            var extra = 0
            try ordered.forEachDocument { _, document, entity in
                guard document.contentHash.isEmpty || entity == nil else { return }
                extra += 1
                write(Sources.extraRow(document, number: extra), to: &output)
            }
            return
        }
        let graph = try graph.held()
        let snapshot = graph.snapshot
        let sources = try Sources(graph)
        write(Self.nodesHeader, to: &output)
        for node in snapshot.nodes {
            write(nodeRow(node, document: node.kind == .document ? sources.documentByID[String(node.id)] : nil), to: &output)
        }
        for (index, value) in snapshot.literalValues().enumerated() {
            write(Self.literalRow(index + 1, value), to: &output)
        }
        for row in sources.extraRows { write(row, to: &output) }
    }

    /// The row of an entity's node, with its source article's title, date and path.
    private func nodeRow(_ node: GraphSnapshot.Node, document: GraphSnapshot.Document?) -> [String] {
        [
            String(node.id), node.name, node.kind.rawValue, Self.array(node.aliases),
            node.kind == .date ? Sources.date(node.name) : "",
            document?.title ?? "", Sources.date(document?.published), document?.path ?? "", Self.label(node.kind),
        ]
    }

    private static func literalRow(_ number: Int, _ value: String) -> [String] {
        [literalID(number), value, "literal", "", Sources.date(value), "", "", "", "Literal"]
    }

    /// Writes ``relationshipsFile``.
    public func writeRelationships(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? writeRelationships(GraphStream(snapshot), to: &output)
    }

    /// Writes ``relationshipsFile``, each fact as its evidence (without text) is read.
    public func writeRelationships(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        write(Self.relationshipsHeader, to: &output)
        let literals = Self.literalIDs(try graph.literalValues())
        try graph.forEachEdge(text: false) { index, edge in
            write([
                String(edge.subject), Self.end(of: edge, literals), Self.type(edge.predicate), String(index + 1),
                String(edge.evidence.count), Self.array(edge.documents),
            ], to: &output)
        }
    }

    /// Writes ``evidenceFile``.
    public func writeEvidence(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? writeEvidence(GraphStream(snapshot), to: &output)
    }

    /// Writes ``evidenceFile``, each fact's evidence as it is read.
    public func writeEvidence(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        write(Self.evidenceHeader, to: &output)
        var number = 0
        try graph.forEachEdge(text: true) { index, edge in
            for row in edge.evidence {
                number += 1
                write([
                    "evidence-\(number)", String(index + 1), edge.predicate.rawValue, row.sentence, row.surface,
                    String(row.start), String(row.end), row.rule, RDFGraph.decimal(row.confidence) ?? "", row.document, "Evidence",
                ], to: &output)
            }
        }
    }

    /// Writes ``evidenceRelationshipsFile``.
    public func writeEvidenceRelationships(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? writeEvidenceRelationships(GraphStream(snapshot), to: &output)
    }

    /// Writes ``evidenceRelationshipsFile``, each fact's evidence (without text) as it is read.
    /// From the store's cursors, each row's document node is found by the document's id
    /// (``Sources/nodes(_:)``).
    public func writeEvidenceRelationships(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        if let ordered = graph.documentGraph, let nodes = try Sources.nodes(ordered) {
            write(Self.evidenceRelationshipsHeader, to: &output)
            let literals = Self.literalIDs(try ordered.literalValues())
            var number = 0
            try ordered.forEachEdge(text: false) { _, edge, _, _, documents in
                for document in documents {
                    number += 1
                    let node = document >= 0 && document < Int64(nodes.count) ? nodes[Int(document)] : 0
                    writeEvidenceLinks(
                        number, from: node > 0 ? String(node) : node < 0 ? Sources.extraID(Int(-node)) : "", edge, literals, to: &output)
                }
            }
            return
        }
        let graph = try graph.held()
        let sources = try Sources(graph)
        write(Self.evidenceRelationshipsHeader, to: &output)
        let literals = Self.literalIDs(graph.snapshot.literalValues())
        var number = 0
        try graph.forEachEdge(text: false) { _, edge in
            for row in edge.evidence {
                number += 1
                writeEvidenceLinks(number, from: sources.idByPath[row.document] ?? "", edge, literals, to: &output)
            }
        }
    }

    /// The three rows of evidence row `number`: from its document's node, to the fact's subject
    /// and object.
    private func writeEvidenceLinks(
        _ number: Int, from document: String, _ edge: GraphSnapshot.Edge, _ literals: [String: Int],
        to output: inout some TextOutputStream
    ) {
        let id = "evidence-\(number)"
        write([id, document, "FROM"], to: &output)
        write([id, String(edge.subject), "SUBJECT"], to: &output)
        write([id, Self.end(of: edge, literals), "OBJECT"], to: &output)
    }

    /// The id of each literal value's node.
    static func literalIDs(_ values: [String]) -> [String: Int] {
        Dictionary(values.enumerated().map { ($0.element, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
    }

    static func end(of edge: GraphSnapshot.Edge, _ literals: [String: Int]) -> String {
        edge.object.map { String($0) } ?? literalID(literals[edge.literal ?? ""] ?? 0)
    }

    /// The node label of a kind: `person` → `Person`.
    public static func label(_ kind: EntityKind) -> String {
        kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
    }

    /// The relationship type of a predicate: `holds_role` → `HOLDS_ROLE`.
    public static func type(_ predicate: Predicate) -> String {
        predicate.rawValue.uppercased()
    }

    static func literalID(_ number: Int) -> String { "literal-\(number)" }

    /// Items joined by `;`, a `;` inside an item written as `；`.
    static func array(_ items: [String]) -> String {
        items.map { $0.replacing(";", with: "；") }.joined(separator: ";")
    }

    private func write(_ fields: [String], to output: inout some TextOutputStream) {
        output.write(DelimitedField.record(fields))
        output.write("\n")
    }
}

extension Neo4jExporter {
    /// `load.cypher`: Cypher that loads the four CSV files with `LOAD CSV` (Neo4j 5), for users
    /// without `neo4j-admin`. Every node also gets the label `Tupu` (with a uniqueness
    /// constraint on `id`) so that relationships find their ends by id; dates become Neo4j
    /// `date` values, numbers integers and floats, arrays lists. One statement per label and per
    /// relationship type, each ending in `;`. The files must be in the database's import folder.
    public func writeCypher(to output: inout some TextOutputStream) {
        func field(_ column: String) -> String { "row.`\(column)`" }
        func optional(_ column: String, _ convert: (String) -> String) -> String {
            "CASE WHEN coalesce(\(field(column)), '') = '' THEN null ELSE \(convert(field(column))) END"
        }
        var statements = [
            """
            // Loads `tupu export --format neo4j` into Neo4j 5 with LOAD CSV: copy nodes.csv, evidence.csv,
            // relationships.csv and evidence_relationships.csv into the database's import folder, then run
            //   cypher-shell -u neo4j -p PASSWORD -f load.cypher
            CREATE CONSTRAINT tupu_id IF NOT EXISTS FOR (n:Tupu) REQUIRE n.id IS UNIQUE;
            """,
        ]
        for label in EntityKind.allCases.map(Self.label) + ["Literal"] {
            statements.append("""
                LOAD CSV WITH HEADERS FROM 'file:///\(Self.nodesFile)' AS row
                WITH row WHERE \(field(":LABEL")) = '\(label)'
                CREATE (n:Tupu:\(label) {id: \(field("id:ID")), name: \(field("name")), kind: \(field("kind"))})
                SET n.aliases = \(optional("aliases:string[]") { "split(\($0), ';')" }),
                    n.date = \(optional("date:date") { "date(\($0))" }),
                    n.title = \(optional("title") { $0 }),
                    n.published = \(optional("published:date") { "date(\($0))" }),
                    n.path = \(optional("path") { $0 });
                """)
        }
        statements.append("""
            LOAD CSV WITH HEADERS FROM 'file:///\(Self.evidenceFile)' AS row
            CREATE (e:Tupu:Evidence {id: \(field("id:ID")), fact: toInteger(\(field("fact:int"))), predicate: \(field("predicate")),
                sentence: \(field("sentence")), surface: coalesce(\(field("surface")), ''), start: toInteger(\(field("start:int"))),
                end: toInteger(\(field("end:int"))), rule: \(field("rule")), confidence: toFloat(\(field("confidence:float"))),
                document: \(field("document"))});
            """)
        for type in Predicate.allCases.map(Self.type) {
            statements.append("""
                LOAD CSV WITH HEADERS FROM 'file:///\(Self.relationshipsFile)' AS row
                WITH row WHERE \(field(":TYPE")) = '\(type)'
                MATCH (s:Tupu {id: \(field(":START_ID"))}), (o:Tupu {id: \(field(":END_ID"))})
                CREATE (s)-[r:\(type) {fact: toInteger(\(field("fact:int"))), evidence_count: toInteger(\(field("evidence_count:int")))}]->(o)
                SET r.documents = \(optional("documents:string[]") { "split(\($0), ';')" });
                """)
        }
        for type in ["FROM", "SUBJECT", "OBJECT"] {
            statements.append("""
                LOAD CSV WITH HEADERS FROM 'file:///\(Self.evidenceRelationshipsFile)' AS row
                WITH row WHERE \(field(":TYPE")) = '\(type)'
                MATCH (e:Tupu {id: \(field(":START_ID"))}), (n:Tupu {id: \(field(":END_ID"))})
                CREATE (e)-[:\(type)]->(n);
                """)
        }
        output.write(statements.joined(separator: "\n\n"))
        output.write("\n")
    }
}
