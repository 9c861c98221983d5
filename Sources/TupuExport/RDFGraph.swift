import TupuModel

/// The RDF graph of a snapshot, shared by the RDF formats (N-Triples, Turtle, N-Quads, TriG,
/// JSON-LD). Standard terms where one fits, the Tupu vocabulary (``TupuVocabulary``) for the rest.
///
/// IRIs, with `BASE` the base IRI (default `http://tupu.invalid/`):
/// - entity: `BASE entity/KIND/NAME`, NAME percent-encoded where IRIs (RFC 3987) forbid
///   the character: ASCII controls, space, `"<>\^`{|}`, `%`, and `/ ? # [ ]` (which would
///   change the IRI's structure) are encoded as UTF-8 `%XX`; so are C1 controls, U+2028,
///   U+2029, private use and noncharacters. CJK and other letters stay as they are:
///   `http://tupu.invalid/entity/person/李希`. A document is the entity of kind `document`
///   (`BASE entity/document/标题（文档 74a9a881）`); a document the snapshot does not list is
///   `BASE document/PATH`.
/// - Tupu vocabulary: `BASE vocab#TERM`.
/// - evidence: `BASE evidence/N`, N counting evidence rows from 1 in edge order, then
///   evidence order.
///
/// Triples, subject by subject:
/// - each entity except dates: its class (``TupuVocabulary/classes(_:)``: `schema:Person`,
///   `schema:Place`, `schema:Organization`, `schema:Event`, `schema:NewsArticle` (a source
///   article) or `schema:CreativeWork` (another document), `schema:DefinedTerm` + `tupu:Role`,
///   `tupu:Initiative`), `schema:name` and `skos:prefLabel` (the name), `skos:altLabel` for
///   each alias and, when a romanizer is given, for the pinyin of persons, places,
///   organizations and roles. Chinese text is tagged `@zh-Hans` or `@zh-Hant` (``ChineseScript``),
///   pinyin `@zh-Latn-pinyin`;
/// - each document: `schema:NewsArticle`, its entity name as `schema:name` and `skos:prefLabel`,
///   `schema:headline`, `schema:datePublished`, `tupu:path` (a document the snapshot does not
///   list is named by its path);
/// - each edge: one triple with the predicate's term (``TupuVocabulary/term(for:subjectKind:)``);
///   `attended` becomes `EVENT schema:attendee PERSON` (schema.org's direction). An object of
///   kind date, or a literal object, is a literal: `xsd:date` (yyyy-mm-dd), `xsd:gYearMonth`
///   (yyyy-mm), `xsd:gYear` (yyyy), else a plain string;
/// - each evidence row: a `prov:Entity` (also an `rdf:Statement` whose `rdf:subject`,
///   `rdf:predicate` and `rdf:object` are the fact's triple) `prov:wasDerivedFrom` its document,
///   with `prov:value` the sentence, `tupu:surface`, `tupu:start` and `tupu:end` (`xsd:integer`,
///   code point offsets, end exclusive), `tupu:rule` and `tupu:confidence` (`xsd:decimal`).
///
/// In the datasets (N-Quads, TriG) the default graph holds all of this but the evidence, and
/// each document's named graph (named by the document's IRI) the facts it states and their
/// evidence: the union of the graphs is the Turtle graph.
///
/// A dangling node id (not in the snapshot) is named `BASE node/ID`.
struct RDFGraph {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let schema = "https://schema.org/"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let prov = "http://www.w3.org/ns/prov#"
    static let owl = "http://www.w3.org/2002/07/owl#"
    static let pinyinTag = "zh-Latn-pinyin"

    enum Term: Hashable {
        case iri(String)
        /// A literal with a datatype IRI (nil: xsd:string) or a language tag.
        case literal(String, datatype: String?, language: String?)
    }

    struct Block {
        var subject: Term
        /// Predicates in order of first use, each with its objects in order.
        var properties: [(predicate: Term, objects: [Term])] = []
        private var index: [Term: Int] = [:]
        private var seen: Set<[Term]> = []

        init(subject: Term) {
            self.subject = subject
        }

        /// Adds a triple; a triple already in the block is not repeated.
        mutating func add(_ predicate: Term, _ object: Term) {
            guard seen.insert([predicate, object]).inserted else { return }
            if let at = index[predicate] {
                properties[at].objects.append(object)
            } else {
                index[predicate] = properties.count
                properties.append((predicate, [object]))
            }
        }

        var tripleCount: Int { properties.reduce(0) { $0 + $1.objects.count } }
    }

    /// Blocks keyed by subject, in order of first use.
    struct Blocks {
        private(set) var list: [Block] = []
        private var position: [Term: Int] = [:]

        mutating func add(_ subject: Term, _ predicate: Term, _ object: Term) {
            list[ensure(subject)].add(predicate, object)
        }

        /// The block of the subject, created (empty) when new; its position.
        @discardableResult
        mutating func ensure(_ subject: Term) -> Int {
            if let at = position[subject] { return at }
            position[subject] = list.count
            list.append(Block(subject: subject))
            return list.count - 1
        }

        /// Changes the block of the subject, created (empty) when new.
        mutating func modify(_ subject: Term, _ body: (inout Block) -> Void) {
            body(&list[ensure(subject)])
        }

        /// The blocks that have triples.
        var nonEmpty: [Block] { list.filter { !$0.properties.isEmpty } }
    }

    /// The graphs of a dataset: the default graph and one named graph per document; and the
    /// evidence blocks (each also in its document's graph) in number order.
    struct Dataset {
        var defaultGraph: [Block]
        var namedGraphs: [(name: Term, blocks: [Block])]
        var evidence: [Block]
    }

    let base: String
    let romanizer: Romanizer?
    var vocabulary: String { base + "vocab#" }
    private let script = ChineseScript()

    init(base: String, romanizer: Romanizer? = nil) {
        self.base = base
        self.romanizer = romanizer
    }

    func vocab(_ term: String) -> Term { .iri(vocabulary + term) }

    static let type = Term.iri(rdf + "type")

    /// The whole graph, subject by subject: entities (with the facts whose RDF subject they
    /// are), documents not among the entities, subjects not in the snapshot, then evidence.
    func blocks(for snapshot: GraphSnapshot) -> [Block] {
        let dataset = dataset(for: snapshot)
        return dataset.defaultGraph + dataset.evidence
    }

    /// The whole graph, subject by subject, as ``blocks(for:)`` gives it: the default graph is
    /// made from the nodes, edges and the documents of the evidence (read without text), and
    /// written whole; then each evidence block as the evidence is read.
    ///
    /// A graph read from the store's cursors is written from them (``forEachDefaultBlock(_:_:)``,
    /// then the evidence in edge order), holding one node's block at a time.
    func forEachBlock(_ graph: GraphStream, _ body: (Block) throws -> Void) throws {
        if let ordered = graph.documentGraph, try forEachDefaultBlock(ordered, body) {
            var number = 0
            var documents = DocumentTerms(graph: self)
            try ordered.forEachEdge(text: true) { _, edge, subject, object, ids in
                let triple = fact(edge, subject: subject, object: object)
                for (row, id) in zip(edge.evidence, ids) {
                    number += 1
                    try body(evidenceBlock(number, row, fact: triple, document: documents.term(id, row.document, in: ordered)))
                }
            }
            return
        }
        let graph = try graph.held()
        let snapshot = graph.snapshot
        var main = DefaultGraph(self, snapshot)
        try graph.forEachEdge(text: false) { _, edge in
            let (subject, predicate, object) = fact(edge, in: snapshot)
            main.blocks.add(subject, predicate, object)
            for row in edge.evidence { _ = main.source(row.document) }
        }
        for block in main.blocks.nonEmpty { try body(block) }
        var number = 0
        try graph.forEachEdge(text: true) { _, edge in
            let triple = self.fact(edge, in: snapshot)
            for row in edge.evidence {
                number += 1
                try body(evidenceBlock(number, row, fact: triple, document: main.source(row.document)))
            }
        }
    }

    /// The default graph as it is made: entities, then documents, then facts (and documents
    /// the snapshot does not list, as evidence names them).
    struct DefaultGraph {
        let graph: RDFGraph
        var blocks = Blocks()
        /// Each document's subject, by path.
        var documentByPath: [String: Term] = [:]

        /// The blocks of the nodes (but dates) and of the documents the snapshot lists.
        init(_ graph: RDFGraph, _ snapshot: GraphSnapshot) {
            self.graph = graph
            let articles = Set(snapshot.documents.map(\.entityName))
            for node in snapshot.nodes where node.kind != .date {
                let subject = graph.entity(node.id, in: snapshot)
                blocks.modify(subject) { block in
                    graph.describe(node, article: node.kind == .document && articles.contains(node.name), into: &block)
                }
            }
            // Documents: the article's entity, typed and described from the document table.
            for document in snapshot.documents where documentByPath[document.path] == nil {
                let subject = graph.documentTerm(document)
                documentByPath[document.path] = subject
                blocks.modify(subject) { graph.describe(document, into: &$0) }
            }
        }

        /// The subject of the document at `path`; one the snapshot does not list is described
        /// (named by its path) when first named.
        mutating func source(_ path: String) -> Term {
            if let known = documentByPath[path] { return known }
            let subject = Term.iri(graph.base + "document/" + RDFGraph.percentEncoded(path))
            documentByPath[path] = subject
            blocks.add(subject, RDFGraph.type, .iri(RDFGraph.schema + "NewsArticle"))
            blocks.add(subject, .iri(RDFGraph.schema + "name"), graph.text(path))
            blocks.add(subject, .iri(RDFGraph.skos + "prefLabel"), graph.text(path))
            blocks.add(subject, graph.vocab("path"), .literal(path, datatype: nil, language: nil))
            return subject
        }
    }

    /// The dataset as ``dataset(for:)`` makes it, given to `defaultBlock` a block at a time
    /// (the default graph), then to `namedGraph` a graph at a time (its name and blocks): the
    /// default graph is made from the nodes, edges and the documents of the evidence (read
    /// without text) and given whole, then each document's graph as its evidence is read, a
    /// document at a time.
    ///
    /// Evidence is numbered in edge order, but a document's graph lists it by document: each
    /// row's number is the number of its edge's first row plus the rows of that edge from
    /// documents given before (an edge's evidence is sorted by document path first). That holds
    /// when the documents' paths and graph names are distinct and their order is that of the
    /// evidence sort, and all evidence comes from documents the snapshot lists; otherwise the graph is read whole
    /// (``GraphStream/materialized()``) and the dataset made from it.
    ///
    /// A graph read from the store's cursors is written from them: the default graph a node's
    /// block at a time (``forEachDefaultBlock(_:_:)``), then each document's graph from its
    /// evidence, numbered by the store (``OrderedDocumentGraph/forEachDocumentEvidence(_:)``).
    func forEachGraph(
        _ graph: GraphStream, defaultBlock: (Block) throws -> Void, namedGraph: (Term, [Block]) throws -> Void
    ) throws {
        if let ordered = graph.documentGraph, try forEachDefaultBlock(ordered, defaultBlock) {
            try ordered.forEachDocumentEvidence { document, rows in
                let name = documentTerm(document)
                var blocks = Blocks()
                for (number, ended, row) in rows {
                    add(number, row, fact: fact(ended.edge, subject: ended.subject, object: ended.object), document: name, to: &blocks)
                }
                let nonEmpty = blocks.nonEmpty
                if !nonEmpty.isEmpty { try namedGraph(name, nonEmpty) }
            }
            return
        }
        let graph = try graph.held()
        let snapshot = graph.snapshot
        var main = DefaultGraph(self, snapshot)
        let listed = main.documentByPath.count
        var counts = [Int](repeating: 0, count: snapshot.edges.count)
        try graph.forEachEdge(text: false) { index, edge in
            let (subject, predicate, object) = fact(edge, in: snapshot)
            main.blocks.add(subject, predicate, object)
            for row in edge.evidence { _ = main.source(row.document) }
            counts[index] = edge.evidence.count
        }
        let paths = snapshot.documents.map(\.path)
        // Distinct paths in evidence order, each its own graph name, and no other documents.
        guard main.documentByPath.count == listed, Set(main.documentByPath.values).count == listed,
              zip(paths, paths.dropFirst()).allSatisfy({ $0 < $1 }) else {
            let dataset = dataset(for: try graph.materialized())
            for block in dataset.defaultGraph { try defaultBlock(block) }
            for (name, blocks) in dataset.namedGraphs { try namedGraph(name, blocks) }
            return
        }
        for block in main.blocks.nonEmpty { try defaultBlock(block) }
        var next = [Int](repeating: 1, count: counts.count)
        var first = 1
        for index in counts.indices {
            next[index] = first
            first += counts[index]
        }
        let facts = { (index: Int) in self.fact(snapshot.edges[index], in: snapshot) }
        try graph.forEachDocument { path, evidence in
            guard let document = main.documentByPath[path] else { return }
            var blocks = Blocks()
            for (index, row) in evidence where index < next.count {
                add(next[index], row, fact: facts(index), document: document, to: &blocks)
                next[index] += 1
            }
            let nonEmpty = blocks.nonEmpty
            if !nonEmpty.isEmpty { try namedGraph(document, nonEmpty) }
        }
    }

    /// The graph as a dataset: the default graph without evidence, a named graph per document.
    func dataset(for snapshot: GraphSnapshot) -> Dataset {
        var main = DefaultGraph(self, snapshot)
        var named: [Term: Blocks] = [:]
        var graphOrder: [Term] = snapshot.documents.compactMap { main.documentByPath[$0.path] }
        var ordered = Set(graphOrder)
        var evidenceBlocks: [Block] = []
        var number = 0
        for edge in snapshot.edges {
            let (subject, predicate, object) = fact(edge, in: snapshot)
            main.blocks.add(subject, predicate, object)
            for row in edge.evidence {
                number += 1
                let document = main.source(row.document)
                if named[document] == nil {
                    named[document] = Blocks()
                    if ordered.insert(document).inserted { graphOrder.append(document) }
                }
                named[document]?.add(subject, predicate, object)
                let block = evidenceBlock(number, row, fact: (subject, predicate, object), document: document)
                for (property, objects) in block.properties {
                    for value in objects { named[document]?.add(block.subject, property, value) }
                }
                evidenceBlocks.append(block)
            }
        }
        return Dataset(
            defaultGraph: main.blocks.nonEmpty,
            namedGraphs: graphOrder.compactMap { name in named[name].map { (name, $0.nonEmpty) } },
            evidence: evidenceBlocks)
    }

    /// Adds a fact and its evidence row `number` (the statement and its properties) to a
    /// document's named graph.
    func add(_ number: Int, _ row: GraphSnapshot.EvidenceRow, fact: (Term, Term, Term), document: Term, to blocks: inout Blocks) {
        blocks.add(fact.0, fact.1, fact.2)
        let block = evidenceBlock(number, row, fact: fact, document: document)
        for (property, objects) in block.properties {
            for value in objects { blocks.add(block.subject, property, value) }
        }
    }

    /// The block of evidence row number `number`: a `prov:Entity` and `rdf:Statement` of the fact.
    func evidenceBlock(_ number: Int, _ row: GraphSnapshot.EvidenceRow, fact: (Term, Term, Term), document: Term) -> Block {
        let (subject, predicate, object) = fact
        var block = Block(subject: .iri(base + "evidence/\(number)"))
        block.add(Self.type, .iri(Self.prov + "Entity"))
        block.add(Self.type, .iri(Self.rdf + "Statement"))
        block.add(.iri(Self.rdf + "subject"), subject)
        block.add(.iri(Self.rdf + "predicate"), predicate)
        block.add(.iri(Self.rdf + "object"), object)
        block.add(.iri(Self.prov + "wasDerivedFrom"), document)
        block.add(.iri(Self.prov + "value"), text(row.sentence))
        block.add(vocab("surface"), text(row.surface))
        block.add(vocab("start"), .literal(String(row.start), datatype: Self.xsd + "integer", language: nil))
        block.add(vocab("end"), .literal(String(row.end), datatype: Self.xsd + "integer", language: nil))
        block.add(vocab("rule"), .literal(row.rule, datatype: nil, language: nil))
        if let confidence = Self.decimal(row.confidence) {
            block.add(vocab("confidence"), .literal(confidence, datatype: Self.xsd + "decimal", language: nil))
        }
        return block
    }

    /// Types, names and labels of an entity, added to its block.
    fileprivate func describe(_ node: GraphSnapshot.Node, article: Bool, into block: inout Block) {
        for type in article ? ["schema:NewsArticle"] : TupuVocabulary.classes(node.kind) {
            block.add(Self.type, .iri(type.hasPrefix("tupu:") ? vocabulary + type.dropFirst(5) : Self.expand(type)))
        }
        let name = text(node.name)
        block.add(.iri(Self.schema + "name"), name)
        block.add(.iri(Self.skos + "prefLabel"), name)
        for alias in node.aliases where alias != node.name {
            block.add(.iri(Self.skos + "altLabel"), text(alias))
        }
        if let romanizer, [.person, .place, .organization, .role].contains(node.kind), let pinyin = romanizer.convert(node.name, node.kind),
           pinyin != node.name, !pinyin.isEmpty {
            block.add(.iri(Self.skos + "altLabel"), .literal(pinyin, datatype: nil, language: Self.pinyinTag))
        }
    }

    /// A source article's type, name, headline, date and path, added to its entity's block.
    fileprivate func describe(_ document: GraphSnapshot.Document, into block: inout Block) {
        block.add(Self.type, .iri(Self.schema + "NewsArticle"))
        let name = text(document.entityName)
        block.add(.iri(Self.schema + "name"), name)
        block.add(.iri(Self.skos + "prefLabel"), name)
        if let title = document.title {
            block.add(.iri(Self.schema + "headline"), text(title))
        }
        if let published = document.published {
            block.add(.iri(Self.schema + "datePublished"), Self.value(published))
        }
        block.add(vocab("path"), .literal(document.path, datatype: nil, language: nil))
    }

    /// The IRI of a source article: its entity's (`BASE entity/document/NAME`).
    func documentTerm(_ document: GraphSnapshot.Document) -> Term {
        .iri(base + "entity/document/" + Self.percentEncoded(document.entityName))
    }

    /// The predicates whose facts run from the object to the subject (`attended`), or nil
    /// when one does for some subject kinds only (the facts could not be grouped by node).
    static let inversePredicates: Set<Predicate>? = {
        var inverse = Set<Predicate>()
        for predicate in Predicate.allCases {
            let directions = Set(([nil] + EntityKind.allCases.map(Optional.some)).map {
                TupuVocabulary.term(for: predicate, subjectKind: $0).inverse
            })
            guard directions.count == 1 else { return nil }
            if directions.contains(true) { inverse.insert(predicate) }
        }
        return inverse
    }()

    /// The default graph (every block but evidence) read from the store's cursors, a block at
    /// a time in the order ``DefaultGraph`` makes them: each node but dates in node order, its
    /// source article's description (a document entity) and its facts (those whose RDF subject
    /// it is: its own, and those of inverse predicates it is the object of) in edge order; then
    /// the documents that have no entity, in document order. What is held is one node's facts.
    ///
    /// Gives false, having written nothing, when the store's graph has a shape this does not
    /// cover (documents with one path or one entity name, a fact whose RDF subject is a date, a
    /// literal or a missing node): the caller then reads the graph held.
    func forEachDefaultBlock(_ graph: any OrderedDocumentGraph, _ body: (Block) throws -> Void) throws -> Bool {
        guard let inverse = Self.inversePredicates, try graph.documentsAreDistinct(),
              try !graph.hasFactsOutsideNodes(inverse: inverse)
        else { return false }
        try graph.forEachNode(facts: inverse) { node, facts in
            guard node.kind != .date else { return }
            var block = Block(subject: entity(node))
            let document = node.kind == .document ? try graph.document(named: node.name) : nil
            describe(node, article: document != nil, into: &block)
            if let document { describe(document, into: &block) }
            for (edge, subject, object) in facts {
                let (_, predicate, value) = fact(edge, subject: subject, object: object)
                block.add(predicate, value)
            }
            try body(block)
        }
        try graph.forEachDocument { _, document, entity in
            guard entity == nil else { return }
            var block = Block(subject: documentTerm(document))
            describe(document, into: &block)
            try body(block)
        }
        return true
    }

    /// The IRI of each evidence row's document, by the store's id of the document, for the
    /// last documents asked for (at most ``capacity``: an edge's rows and the next edges'
    /// share their documents).
    struct DocumentTerms {
        let graph: RDFGraph
        var terms: [Int64: Term] = [:]
        static let capacity = 4_096

        init(graph: RDFGraph) {
            self.graph = graph
        }

        mutating func term(_ id: Int64, _ path: String, in ordered: any OrderedDocumentGraph) throws -> Term {
            if let known = terms[id] { return known }
            if terms.count >= Self.capacity { terms.removeAll(keepingCapacity: true) }
            // A document the store does not list is named by its path (as the held graph names it).
            let term = try ordered.document(id: id).map(graph.documentTerm) ?? .iri(graph.base + "document/" + RDFGraph.percentEncoded(path))
            terms[id] = term
            return term
        }
    }

    /// A Chinese text as a literal tagged with its script.
    func text(_ text: String) -> Term {
        .literal(text, datatype: nil, language: script.tag(text))
    }

    /// The RDF triple of an edge: subject, predicate, object.
    func fact(_ edge: GraphSnapshot.Edge, in snapshot: GraphSnapshot) -> (Term, Term, Term) {
        fact(edge, subject: snapshot.node(edge.subject), object: edge.object.flatMap { snapshot.node($0) })
    }

    /// The RDF triple of an edge whose subject and object nodes are given as found (nil: none).
    func fact(_ edge: GraphSnapshot.Edge, subject subjectNode: GraphSnapshot.Node?, object objectNode: GraphSnapshot.Node?) -> (Term, Term, Term) {
        let subject = entity(subjectNode, id: edge.subject)
        let object: Term
        if let objectNode, objectNode.kind == .date {
            object = Self.value(objectNode.name)
        } else if let id = edge.object {
            object = entity(objectNode, id: id)
        } else {
            object = Self.value(edge.literal ?? "")
        }
        let term = TupuVocabulary.term(for: edge.predicate, subjectKind: subjectNode?.kind)
        let predicate: Term = term.name.hasPrefix("tupu:") ? vocab(String(term.name.dropFirst(5))) : .iri(Self.expand(term.name))
        return term.inverse ? (object, predicate, subject) : (subject, predicate, object)
    }

    /// A prefixed name of a standard vocabulary (`schema:name`) as a full IRI.
    static func expand(_ name: String) -> String {
        for (prefix, namespace) in [("schema:", schema), ("skos:", skos), ("prov:", prov), ("rdf:", rdf), ("rdfs:", rdfs), ("xsd:", xsd), ("owl:", owl)]
        where name.hasPrefix(prefix) {
            return namespace + name.dropFirst(prefix.count)
        }
        return name
    }

    /// The IRI of a node: `BASE entity/KIND/NAME`, or `BASE node/ID` for a dangling id.
    func entity(_ id: Int64, in snapshot: GraphSnapshot) -> Term {
        entity(snapshot.node(id), id: id)
    }

    /// The IRI of the node with id `id` as found (`BASE node/ID` when none was).
    func entity(_ node: GraphSnapshot.Node?, id: Int64) -> Term {
        node.map(entity) ?? .iri(base + "node/\(id)")
    }

    /// The IRI of a node: `BASE entity/KIND/NAME`.
    func entity(_ node: GraphSnapshot.Node) -> Term {
        .iri(base + "entity/" + node.kind.rawValue + "/" + Self.percentEncoded(node.name))
    }

    /// A literal value: `xsd:date` when it is an ISO date (yyyy-mm-dd), `xsd:gYearMonth` for
    /// yyyy-mm, `xsd:gYear` for yyyy, else a plain string.
    static func value(_ text: String) -> Term {
        .literal(text, datatype: dateType(text).map { xsd + $0 }, language: nil)
    }

    /// `date`, `gYearMonth` or `gYear` when the text is such a value, else nil.
    static func dateType(_ text: String) -> String? {
        if isISODate(text) { return "date" }
        let scalars = Array(text.unicodeScalars)
        let digits = { (range: Range<Int>) in scalars[range].allSatisfy { ("0"..."9").contains($0) } }
        if scalars.count == 4, digits(0..<4) { return "gYear" }
        if scalars.count == 7, digits(0..<4), scalars[4] == "-", digits(5..<7),
           let month = Int(String(String.UnicodeScalarView(scalars[5..<7]))), (1...12).contains(month) {
            return "gYearMonth"
        }
        return nil
    }

    /// Whether the text is `yyyy-mm-dd` with a month 01–12 and a day 01–31.
    static func isISODate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return false }
        var digits: [Int] = []
        for (index, scalar) in scalars.enumerated() where index != 4 && index != 7 {
            guard ("0"..."9").contains(scalar) else { return false }
            digits.append(Int(scalar.value) - 48)
        }
        let month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7]
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The lexical form of an `xsd:decimal` (`0.95`, `1.0`), or nil for infinities and NaN.
    static func decimal(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        // Scientific notation (1e-05): spell the digits out.
        let negative = value < 0
        let magnitude = Swift.abs(value)
        let parts = "\(magnitude)".split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return nil }
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0]), fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if point >= digits.count { digits += String(repeating: "0", count: point - digits.count + 1) }
        var result = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        while result.hasSuffix("0") && !result.hasSuffix(".0") { result.removeLast() }
        return (negative ? "-" : "") + result
    }

    /// Percent-encodes what may not stand in an IRI path segment (RFC 3987 `ipchar`), plus
    /// `%` itself and U+2028/U+2029, so that distinct names give distinct IRIs.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            if isSegmentCharacter(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 {
                    result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
                }
            }
        }
        return result
    }

    private static func isSegmentCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: return true
        case 0x00...0x7F: return "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar)
        case 0x2028, 0x2029: return false
        // RFC 3987 ucschar
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0xE0000...0xE0FFF: return false
        case 0x10000...0xEFFFD: return value & 0xFFFF <= 0xFFFD
        default: return false
        }
    }

    /// Accepts an absolute IRI (a scheme, then `:`) that ends in `/` and holds no character
    /// an N-Triples IRI may not hold.
    static func validateBaseIRI(_ iri: String) throws {
        func fail(_ reason: String) -> ExportError { .invalidBaseIRI(iri, reason: reason) }
        guard let colon = iri.firstIndex(of: ":"), colon != iri.startIndex else {
            throw fail("it must be an absolute IRI such as http://example.org/tupu/")
        }
        let scheme = iri[..<colon].unicodeScalars
        guard let first = scheme.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
              scheme.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else {
            throw fail("it must start with a scheme such as http:")
        }
        if let bad = iri.unicodeScalars.first(where: { $0.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains($0) }) {
            throw fail("U+\(String(bad.value, radix: 16, uppercase: true)) may not appear in an IRI")
        }
        guard iri.hasSuffix("/") else { throw fail("it must end with /") }
        guard !iri.contains("#") else { throw fail("it may not contain #") }
    }

    /// A string literal's body with N-Triples escapes: `\"`, `\\`, `\n`, `\r`, `\t`, and
    /// `\uXXXX` for other control characters (C0, DEL, C1) and U+2028/U+2029.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A term in N-Triples form.
    static func nTriples(_ term: Term) -> String {
        switch term {
        case .iri(let iri): "<" + iri + ">"
        case .literal(let text, let datatype, let language):
            "\"" + escaped(text) + "\"" + (language.map { "@" + $0 } ?? datatype.map { "^^<" + $0 + ">" } ?? "")
        }
    }
}
