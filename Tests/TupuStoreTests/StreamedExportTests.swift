import Foundation
import GRDB
import Testing
import TupuExport
import TupuExtract
import TupuIngest
import TupuModel
@testable import TupuStore

/// `tupu export` writes from ``Store/wholeGraph(batchSize:evidenceBudget:)`` (evidence read a batch of edges, or
/// a document, at a time): the same bytes as from the whole snapshot, for every format.
@Suite struct StreamedExportTests {
    static let articles = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/articles")

    let store: Store
    let whole: GraphSnapshot

    /// The fixture articles: many documents, triples reported by several of them, so that the
    /// evidence table (keyed by document, then triple) interleaves the rows of different triples.
    init() throws {
        store = try Store.inMemory()
        let extractor = Extractor(rules: try RuleSet.load())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.articles.path).filter { $0.hasSuffix(".txt") }.sorted()
        for file in files {
            let document = try SourceDocument.read(path: Self.articles.appendingPathComponent(file).path)
            _ = try store.ingest(document) { extractor.extract($0) }
            // A second wording of each article (another document, most triples the same), so
            // that triples have evidence from two documents, between rows of other triples.
            let reprint = SourceDocument(path: "reprints/" + file, text: document.text + "\n（转载）\n")
            _ = try store.ingest(reprint) { extractor.extract($0) }
        }
        whole = try store.snapshot()
    }

    /// The stored graph as `tupu export` hands it to the exporters.
    func stream(batch: Int = Int.max) throws -> GraphStream {
        let stored = try store.wholeGraph(batchSize: batch)
        return GraphStream(
            snapshot: stored.snapshot, byDocument: { try stored.forEachDocumentEvidence($0) },
            evidence: { try stored.forEachEdgeEvidence(text: $0, $1) })
    }

    static func output(_ format: ExportFormat, _ graph: GraphStream) throws -> [String: String] {
        guard format.writesFolder else {
            var text = ""
            try format.write(graph, to: &text)
            return ["": text]
        }
        var files: [String: String] = [:]
        for file in format.fileNames {
            var text = ""
            try format.write(graph, file: file, to: &text)
            files[file] = text
        }
        return files
    }

    @Test func theFixturesInterleaveEvidence() {
        #expect(whole.documents.count > 5)
        #expect(whole.edges.count > 100)
        // Triples reported by several documents, documents reporting several triples.
        #expect(whole.edges.filter { Set($0.evidence.map(\.document)).count > 1 }.count > 5)
        #expect(whole.edges.contains { $0.evidence.count > 1 })
    }

    @Test(arguments: [1, 3, Int.max])
    func everyFormatWritesTheSameBytesStreamedAsWhole(batch: Int) throws {
        let streamed = try stream(batch: batch)
        #expect(streamed.isStreamed)
        #expect(streamed.snapshot.nodes == whole.nodes)
        #expect(streamed.snapshot.documents == whole.documents)
        #expect(streamed.snapshot.documentTitles == whole.documentTitles)
        let bare = streamed.snapshot.edges.allSatisfy { $0.evidence.isEmpty }
        #expect(bare)
        for format in ExportFormat.allCases {
            let expected = try Self.output(format, GraphStream(whole))
            #expect(try Self.output(format, streamed) == expected, "\(format.rawValue), batches of \(batch) edges")
            #expect(expected.values.allSatisfy { !$0.isEmpty })
        }
    }

    /// Evidence attached to the wrong triple (a batch boundary, rows of interleaved triples)
    /// would show here edge by edge.
    @Test(arguments: [1, 2, 5, 1_000])
    func eachEdgeGetsItsOwnEvidence(batch: Int) throws {
        let graph = try stream(batch: batch)
        var count = 0
        try graph.forEachEdge { index, edge in
            #expect(edge == whole.edges[index], "edge \(index)")
            count += 1
        }
        #expect(count == whole.edges.count)
        try graph.forEachEdge(text: false) { index, edge in
            let expected = whole.edges[index].evidence
            #expect(edge.evidence.map(\.document) == expected.map(\.document), "edge \(index)")
            #expect(edge.evidence.map { [$0.start, $0.end] } == expected.map { [$0.start, $0.end] }, "edge \(index)")
            #expect(edge.evidence.map(\.rule) == expected.map(\.rule), "edge \(index)")
            #expect(edge.evidence.allSatisfy { $0.surface.isEmpty && $0.sentence.isEmpty })
        }
        #expect(try graph.materialized() == whole)
        // By document: every row once, with its own edge.
        var rows = 0
        try graph.forEachDocument { path, evidence in
            for (index, row) in evidence {
                #expect(row.document == path)
                #expect(whole.edges[index].evidence.contains(row), "edge \(index)")
                rows += 1
            }
        }
        #expect(rows == whole.edges.reduce(0) { $0 + $1.evidence.count })
    }

    /// The document graphs number the evidence as the edge-ordered formats do: each evidence
    /// statement of the N-Quads (read a document at a time) is one of the N-Triples (in edge order).
    @Test func theDocumentGraphsNumberEvidenceInEdgeOrder() throws {
        let graph = try stream(batch: 4)
        var nquads = "", ntriples = ""
        try ExportFormat.nquads.write(graph, to: &nquads)
        try ExportFormat.ntriples.write(graph, to: &ntriples)
        let evidence = "<" + ExportOptions.defaultBaseIRI + "evidence/"
        let quads = nquads.split(separator: "\n").filter { $0.hasPrefix(evidence) }.map { line in
            // `<evidence/N> p o <document> .`: the graph name is the last IRI.
            let withoutDot = line.dropLast(2)
            return String(withoutDot[..<(withoutDot.lastIndex(of: " ") ?? withoutDot.endIndex)]) + " ."
        }
        let triples = ntriples.split(separator: "\n").filter { $0.hasPrefix(evidence) }.map(String.init)
        #expect(!triples.isEmpty)
        #expect(quads.sorted() == triples.sorted())
    }

    @Test func aReaderThatBreaksItsOrderIsAnError() throws {
        let bare = try store.wholeGraph().snapshot
        let skipping = GraphStream(snapshot: bare) { _, body in try body(1, []) }
        #expect(throws: GraphStreamError.outOfOrder(expected: 0, got: 1, edges: bare.edges.count)) {
            try skipping.forEachEdge { _, _ in }
        }
        let short = GraphStream(snapshot: bare) { _, body in try body(0, []) }
        #expect(throws: GraphStreamError.incomplete(read: 1, edges: bare.edges.count)) {
            try short.forEachEdge { _, _ in }
        }
    }

    /// A file store written to while its whole graph is read (a document removed, another
    /// added, between two batches) still gives the evidence of the moment the graph was made.
    @Test func aStoreWrittenToMeanwhileGivesTheGraphOfOneMoment() throws {
        let folder = try temporaryFolder()
        let fileStore = try Store(path: folder.appendingPathComponent("s.sqlite").path)
        let extractor = Extractor(rules: try RuleSet.load())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.articles.path).filter { $0.hasSuffix(".txt") }.sorted().prefix(4)
        var paths: [String] = []
        for file in files {
            let document = try SourceDocument.read(path: Self.articles.appendingPathComponent(file).path)
            _ = try fileStore.ingest(document) { extractor.extract($0) }
            paths.append(document.path)
        }
        let before = try fileStore.snapshot()
        let stored = try fileStore.wholeGraph(batchSize: 1)
        var evidence: [[GraphSnapshot.EvidenceRow]] = []
        try stored.forEachEdgeEvidence(text: true) { index, rows in
            if index == 0 {
                #expect(try fileStore.remove(path: paths[0]))
                _ = try fileStore.ingest(SourceDocument(path: "later.txt", text: "标题\n市长王浩出席全市招商大会。")) { extractor.extract($0) }
            }
            evidence.append(rows)
        }
        let expected = before.edges.map(\.evidence)
        let differing = zip(evidence, expected).filter { $0 != $1 }.count
        #expect(evidence.count == expected.count && differing == 0, "\(differing) of \(expected.count) edges' evidence differ")
        var byDocument: [String] = []
        try stored.forEachDocumentEvidence { path, _ in byDocument.append(path) }
        #expect(byDocument == before.documents.map(\.path))
        #expect(try fileStore.snapshot().documents.count == before.documents.count)  // one removed, one added
    }
}

/// The in-place reordering a whole store's edges go through gives what a copy in that order
/// gives, for permutations with one cycle, many cycles and fixed points.
@Test func edgesArePermutedInPlaceAsACopyWouldOrderThem() {
    var state: UInt64 = 11
    for count in [0, 1, 2, 7, 100, 1_000] {
        var order = Array(0..<count)
        for index in order.indices.reversed() where index > 0 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            order.swapAt(index, Int((state >> 33) % UInt64(index + 1)))
        }
        let values = (0..<count).map { "edge \($0)" }
        var permuted = values
        Store.permute(&permuted, by: order)
        #expect(permuted == order.map { values[$0] })
    }
    // A single cycle of every index, and the identity.
    var shifted = Array(0..<10).map(String.init)
    Store.permute(&shifted, by: Array(1..<10) + [0])
    #expect(shifted == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"])
    var same = ["a", "b", "c"]
    Store.permute(&same, by: [0, 1, 2])
    #expect(same == ["a", "b", "c"])
}

/// `tupu export` writes every format from ``Store/orderedGraph()`` (nodes, edges, each node's
/// facts and each document's evidence read from cursors in the snapshot's order): every format
/// the same bytes as from the whole snapshot, none of them reading the graph held.
@Suite struct OrderedExportTests {
    let fixture: StreamedExportTests
    let ordered: StoredOrderedGraph

    init() throws {
        fixture = try StreamedExportTests()
        ordered = try Self.ordered(fixture.store)
    }

    static func ordered(_ store: Store) throws -> StoredOrderedGraph {
        guard let ordered = try store.orderedGraph() else {
            throw StoreError.invalidData(path: store.path, detail: "the fixture's names do not sort alike in SQLite and Swift")
        }
        return ordered
    }

    /// Counts the reads of the graph held.
    final class HeldReads {
        var count = 0
    }

    func stream(_ reads: HeldReads = HeldReads()) -> GraphStream {
        Self.stream(ordered, fixture.store, reads)
    }

    /// The graph from `ordered`'s cursors, and the store's whole graph when a writer asks for it held.
    static func stream(_ ordered: StoredOrderedGraph, _ store: Store, _ reads: HeldReads) -> GraphStream {
        GraphStream(ordered: ordered, held: {
            reads.count += 1
            let stored = try store.wholeGraph()
            return GraphStream(
                snapshot: stored.snapshot, byDocument: { try stored.forEachDocumentEvidence($0) },
                evidence: { try stored.forEachEdgeEvidence(text: $0, $1) })
        })
    }

    static let rdfFormats: [ExportFormat] = [.ntriples, .turtle, .nquads, .trig, .jsonld]

    @Test func everyFormatWritesTheSameBytesFromCursorsAsWhole() throws {
        let reads = HeldReads()
        let graph = stream(reads)
        #expect(graph.isOrdered && graph.isStreamed)
        #expect(graph.edgeCount() == fixture.whole.edges.count)
        for format in ExportFormat.allCases {
            let expected = try StreamedExportTests.output(format, GraphStream(fixture.whole))
            #expect(try StreamedExportTests.output(format, graph) == expected, "\(format.rawValue)")
        }
        // The RDF formats with pinyin labels, another base and the context inline.
        let options = ExportOptions(
            baseIRI: "https://example.org/kg/", romanizer: Romanizer(name: "reversed") { name, _ in String(name.reversed()) },
            inlineContext: true)
        for format in Self.rdfFormats {
            var expected = "", text = ""
            try format.write(GraphStream(fixture.whole), options: options, to: &expected)
            try format.write(graph, options: options, to: &text)
            #expect(text == expected, "\(format.rawValue) with options")
        }
        #expect(reads.count == 0, "no format reads the graph held")
    }

    /// What the RDF writers hold is one node's facts (the most any node is the RDF subject of:
    /// its own, and those of `attended` it is the object of) and one document's evidence rows,
    /// beside one 4-byte evidence number per triple id; never the graph.
    @Test func theRDFWritersHoldOneNodesFactsAndOneDocumentsEvidence() throws {
        let whole = fixture.whole
        var text = ""
        try ExportFormat.turtle.write(stream(), to: &text)
        var facts: [Int64: Int] = [:]
        for edge in whole.edges { facts[edge.predicate == .attended ? edge.object ?? edge.subject : edge.subject, default: 0] += 1 }
        let most = facts.values.max() ?? 0
        #expect(ordered.mostFactsHeld == most)
        #expect(most * 4 < whole.edges.count)
        #expect(ordered.evidenceNumbersHeld == 0)
        try ExportFormat.trig.write(stream(), to: &text)
        var rows: [String: Int] = [:]
        for edge in whole.edges {
            for row in edge.evidence { rows[row.document, default: 0] += 1 }
        }
        let mostRows = rows.values.max() ?? 0
        #expect(ordered.mostEvidenceHeld == mostRows)
        #expect(mostRows * 4 < rows.values.reduce(0, +))
        let lastTriple = try fixture.store.read { db in try Int.fetchOne(db, sql: "SELECT max(id) FROM triple") ?? 0 }
        #expect(ordered.evidenceNumbersHeld == lastTriple + 1)
    }

    /// A store whose graph the cursors do not cover (two documents with one path; a fact whose
    /// RDF subject is a date) is written from the graph held, with the same bytes as the whole
    /// snapshot's.
    @Test(arguments: ["one path", "a date subject"])
    func graphsTheCursorsDoNotCoverAreReadHeld(shape: String) throws {
        let store = try Store.inMemory()
        let extractor = Extractor(rules: try RuleSet.load())
        let files = try FileManager.default.contentsOfDirectory(atPath: StreamedExportTests.articles.path)
            .filter { $0.hasSuffix(".txt") }.sorted().prefix(3)
        for file in files {
            _ = try store.ingest(try SourceDocument.read(path: StreamedExportTests.articles.appendingPathComponent(file).path)) {
                extractor.extract($0)
            }
        }
        try store.writer.write { db in
            if shape == "one path" {
                try db.execute(sql: "UPDATE document SET path = 'same.txt'")
            } else {
                try db.execute(sql: """
                    INSERT INTO triple (subjectId, predicateId, objectId)
                    SELECT p.id, ?, d.id FROM entity p, entity d WHERE p.kind = 'person' AND d.kind = 'date' LIMIT 1
                    """, arguments: [PredicateCode.code(.attended)])
            }
        }
        let whole = try store.snapshot()
        let ordered = try Self.ordered(store)
        let reads = HeldReads()
        let graph = Self.stream(ordered, store, reads)
        for format in Self.rdfFormats + [.neo4j] {
            let expected = try StreamedExportTests.output(format, GraphStream(whole))
            #expect(try StreamedExportTests.output(format, graph) == expected, "\(format.rawValue), \(shape)")
        }
        #expect(reads.count > 0)
        #expect(ordered.mostFactsHeld == 0)
    }

    /// Each edge comes in the snapshot's order with its own evidence and its ends' kinds and names.
    @Test func eachEdgeFromCursorsIsTheSnapshotsEdge() throws {
        let whole = fixture.whole
        var count = 0
        try stream().forEachEdgeWithEnds { index, edge, subject, object in
            #expect(edge == whole.edges[index], "edge \(index)")
            #expect(subject?.name == whole.node(edge.subject)?.name && subject?.kind == whole.node(edge.subject)?.kind)
            #expect(object?.name == edge.object.flatMap { whole.node($0)?.name })
            count += 1
        }
        #expect(count == whole.edges.count)
        var nodes: [GraphSnapshot.Node] = []
        try stream().forEachNode { nodes.append($0) }
        #expect(nodes == whole.nodes)
        #expect(try ordered.literalValues() == GraphStream(whole).literalValues())
    }

    /// What the cursors hold is one subject name's edges (the most any name has), never the graph.
    @Test func theCursorsHoldTheEdgesOfOneSubjectNameAtATime() throws {
        try ordered.forEachEdge(evidence: true, text: false) { _, _, _, _ in }
        var edgesByName: [String: Int] = [:]
        for edge in fixture.whole.edges { edgesByName[fixture.whole.node(edge.subject)?.name ?? "", default: 0] += 1 }
        let most = edgesByName.values.max() ?? 0
        #expect(ordered.mostEdgesHeld == most)
        #expect(most * 4 < fixture.whole.edges.count)
    }

    /// SQLite reads the triples in subject name order through indexes, with no sorter.
    @Test func theEdgesAreReadWithoutASorter() throws {
        let plan = try fixture.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StoredOrderedGraph.edgesSQL).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("entity_name") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    /// Names that SQLite and Swift sort apart (one name in two Unicode normal forms) give no
    /// ordered graph: the export reads the graph whole.
    @Test func namesThatSortApartGiveNoOrderedGraph() throws {
        let store = try Store.inMemory()
        try store.writer.write { db in
            for name in ["e\u{301}a", "\u{E9}b", "\u{E9}a"] {
                try db.execute(sql: "INSERT INTO entity(kind, name) VALUES ('person', ?)", arguments: [name])
            }
        }
        #expect(try store.orderedGraph() == nil)
    }
}
