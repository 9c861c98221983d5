import Foundation
import Testing
@testable import TupuExport
import TupuModel

// Every format is written to files and read back by an independent reader (Python's csv,
// json, xml.etree, networkx and rdflib), run as a subprocess.

private let longName = String(repeating: "长名,\"", count: 1000)

private let hostileNames = [
    "say \"hi\"", "a,b", "tab\there", "new\nline", "cr\r\nlf", "<script>alert(1)</script>&amp;", "=SUM(A1)",
    "semi;colon", "back\\slash", longName, "ctl\u{1}char", "李希", "+1", "-2", "@at", "pipe|bar", "sep\u{2028}line",
    "nel\u{85}x", "percent%20 space", "'apos'", " padded ", "{braces}^`grave`",
]

private let eventName = "会议 <&>\"'\u{1};"

private let hostile: GraphSnapshot = {
    var nodes: [GraphSnapshot.Node] = hostileNames.enumerated().map { index, name in
        .init(id: Int64(index + 1), kind: .person, name: name, aliases: index % 3 == 0 ? ["别名;" + name, "x|y"] : [])
    }
    nodes += [
        .init(id: 100, kind: .event, name: eventName),
        .init(id: 101, kind: .place, name: "广州市"),
        .init(id: 102, kind: .date, name: "2024-09-27"),
    ]
    var edges: [GraphSnapshot.Edge] = hostileNames.indices.map { index in
        let evidence = GraphSnapshot.EvidenceRow(
            document: "docs/a;b|c,\"d\".txt", start: index, end: index + 2, surface: hostileNames[index],
            sentence: "句子\r\n" + hostileNames[index], rule: "participation.cue", confidence: 0.85)
        return .init(subject: Int64(index + 1), predicate: .attended, object: 100,
                     evidence: index % 2 == 0 ? [evidence] : [evidence, .init(
                        document: "=cmd|' /C calc'!A0", start: 0, end: 1, surface: "x", sentence: "x\u{1}", rule: "r", confidence: 1)])
    }
    edges.insert(.init(subject: 1, predicate: .holdsRole, object: nil, literal: "=role\n\"职务\""), at: 1)
    edges += [
        .init(subject: 100, predicate: .heldIn, object: 101, evidence: [
            .init(document: "docs/e.txt", start: 5, end: 9, surface: "在广州市", sentence: "在广州市召开", rule: "event.held-in", confidence: 0.9),
        ]),
        .init(subject: 100, predicate: .heldOn, object: 102),
        .init(subject: 100, predicate: .heldOn, object: nil, literal: "2024-09-28"),
    ]
    return GraphSnapshot(nodes: nodes, edges: edges)
}()

private let evidenceRows = hostile.edges.reduce(0) { $0 + $1.evidence.count }

/// Text without the characters XML 1.0 does not allow.
private func xmlAllowed(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    return String(scalars)
}

@Suite struct HostileNamesReadBack {
    @Test func csvRoundTripsThroughPythonCSV() throws {
        for guarded in [true, false] {
            let folder = try exportAll(hostile, options: ExportOptions(formulaGuard: guarded))
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try PythonReader.run(Readers.csv, [folder.path("csv/entities.csv"), folder.path("csv/triples.csv")])
            let entities = try #require(result["entities"] as? [[String]])
            let triples = try #require(result["triples"] as? [[String]])
            func text(_ field: String) -> String { guarded ? CSVExporter.guardFormula(field) : field }

            #expect(entities.first == ["id", "kind", "name", "aliases"])
            #expect(triples.first == [
                "subject", "subject_kind", "predicate", "object", "object_kind", "object_literal", "evidence_count", "documents",
                "subject_id", "object_id",
            ])
            #expect(entities.count - 1 == hostile.nodes.count)
            #expect(triples.count - 1 == hostile.edges.count)
            #expect(entities.dropFirst().allSatisfy { $0.count == 4 })
            #expect(triples.dropFirst().allSatisfy { $0.count == 10 })
            for (row, node) in zip(entities.dropFirst(), hostile.nodes) {
                #expect(row[0] == String(node.id))
                #expect(row[1] == node.kind.rawValue)
                #expect(row[2] == text(node.name))
                #expect(row[3] == text(node.aliases.map { $0.replacing("|", with: "｜") }.joined(separator: "|")))
            }
            // Every hostile name comes back exactly, but for the documented ' prefix.
            let names = entities.dropFirst().map { row in guarded && row[2].hasPrefix("'") ? String(row[2].dropFirst()) : row[2] }
            #expect(names == hostile.nodes.map(\.name))
            #expect(names.contains(longName))
            if guarded {
                #expect(entities.contains { $0[2] == "'=SUM(A1)" })
                #expect(entities.contains { $0[2] == "'-2" })
                #expect(entities.contains { $0[2] == "''apos'" })
                #expect(triples.contains { $0[3] == "'=role\n\"职务\"" && $0[4] == "" && $0[5] == "true" })
            } else {
                #expect(entities.contains { $0[2] == "=SUM(A1)" })
            }
            for (row, edge) in zip(triples.dropFirst(), hostile.edges) {
                #expect(row[0] == text(hostile.exportName(edge.subject)))
                #expect(row[2] == edge.predicate.rawValue)
                #expect(row[5] == (edge.object == nil ? "true" : "false"))
                #expect(row[6] == String(edge.evidence.count))
                #expect(row[8] == String(edge.subject))
                #expect(row[9] == (edge.object.map { String($0) } ?? ""))
            }
            #expect(triples[1][7] == "docs/a;b｜c,\"d\".txt")
            #expect(triples[3][7] == "docs/a;b｜c,\"d\".txt|=cmd｜' /C calc'!A0")
            // RFC 4180 CRLF record ends.
            let raw = try String(contentsOfFile: folder.path("csv/entities.csv"), encoding: .utf8)
            #expect(raw.hasPrefix("id,kind,name,aliases\r\n"))
            #expect(raw.hasSuffix("\r\n"))
        }
    }

    @Test func jsonlRoundTripsThroughPythonJSON() throws {
        let folder = try exportAll(hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PythonReader.run(Readers.jsonl, [folder.path("graph.jsonl")])
        #expect(result["entities"] as? [String] == hostile.nodes.map(\.name))
        #expect(result["aliases"] as? [[String]] == hostile.nodes.map(\.aliases))
        let triples = try #require(result["triples"] as? [[String]])
        #expect(triples.count == hostile.edges.count)
        #expect(triples[1] == [hostileNames[0], "holds_role", "=role\n\"职务\""])
    }

    @Test func graphMLParsesWithElementTreeAndNetworkX() throws {
        let folder = try exportAll(hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        let literals = 2  // "=role…" and "2024-09-28"
        let xml = try PythonReader.run(Readers.xml, [folder.path("graph.graphml")])
        let nodes = try #require(xml["nodes"] as? [[String]])
        let edges = try #require(xml["edges"] as? [[String]])
        #expect(nodes.count == hostile.nodes.count + literals)
        #expect(edges.count == hostile.edges.count)
        #expect(nodes.prefix(hostile.nodes.count).map { $0[2] } == hostile.nodes.map { xmlAllowed($0.name) })
        #expect(nodes.prefix(hostile.nodes.count).map { $0[0] } == hostile.nodes.map { "n\($0.id)" })
        #expect(nodes.suffix(literals).map { $0[1] } == ["literal", "literal"])
        #expect(nodes.suffix(literals).map { $0[2] } == ["=role\n\"职务\"", "2024-09-28"])
        #expect(nodes.contains { $0[2] == "cr\r\nlf" })
        #expect(nodes.contains { $0[2] == "ctlchar" })
        #expect(nodes.contains { $0[2] == longName })
        #expect(edges[0] == ["n1", "n100", "attended", "出席", "1"])
        #expect(edges[1] == ["n1", "literal-1", "holds_role", "担任", "0"])
        let keys = try #require(xml["keys"] as? [[String]])
        #expect(keys.contains(["name", "node", "label"]))
        #expect(keys.contains(["kind", "node", "kind"]))
        #expect(keys.contains(["predicate", "edge", "predicate"]))
        #expect(keys.contains(["label", "edge", "label"]))
        #expect(keys.contains(["evidence_count", "edge", "evidence_count"]))

        let graph = try PythonReader.run(Readers.networkx, [folder.path("graph.graphml")])
        #expect(graph["directed"] as? Bool == true)
        #expect(graph["nodes"] as? Int == hostile.nodes.count + literals)
        #expect(graph["edges"] as? Int == hostile.edges.count)
        let labels = try #require(graph["labels"] as? [String: String])
        #expect(labels["n1"] == hostileNames[0])
        #expect(labels["n10"] == longName)
        #expect(labels["n100"] == xmlAllowed(eventName))
        #expect(graph["evidence"] as? [Int] == hostile.edges.map(\.evidence.count).sorted())
        #expect(Set(graph["edgeLabels"] as? [String] ?? []) == ["出席", "担任", "举办地", "日期"])
    }

    @Test func neo4jFilesParseWithPythonCSV() throws {
        let folder = try exportAll(hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PythonReader.run(Readers.neo4j, [folder.path("neo4j/nodes.csv"), folder.path("neo4j/relationships.csv")])
        let nodes = try #require(result["nodes"] as? [[String]])
        let relationships = try #require(result["relationships"] as? [[String]])
        #expect(nodes.first == Neo4jExporter.nodesHeader)
        #expect(relationships.first == [":START_ID", ":END_ID", ":TYPE", "fact:int", "evidence_count:int", "documents:string[]"])
        // Two literal values and three source documents without an entity.
        #expect(nodes.count - 1 == hostile.nodes.count + 2 + 3)
        #expect(relationships.count - 1 == hostile.edges.count)
        let entityRows = Array(nodes.dropFirst().prefix(hostile.nodes.count))
        #expect(entityRows.map { $0[1] } == hostile.nodes.map(\.name))
        #expect(entityRows.map { $0[8] } == hostile.nodes.map { Neo4jExporter.label($0.kind) })
        #expect(entityRows[0][8] == "Person")
        #expect(entityRows.last?[4] == "2024-09-27")
        // Aliases split at the array delimiter give the aliases, with ; written as ；.
        for (row, node) in zip(entityRows, hostile.nodes) where !node.aliases.isEmpty {
            #expect(row[3].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                == node.aliases.map { $0.replacing(";", with: "；") })
        }
        let ids = Set(nodes.dropFirst().map { $0[0] })
        #expect(ids.count == nodes.count - 1)
        #expect(relationships.dropFirst().allSatisfy { ids.contains($0[0]) && ids.contains($0[1]) })
        #expect(relationships[1] == ["1", "100", "ATTENDED", "1", "1", "docs/a；b|c,\"d\".txt"])
        #expect(relationships[2][1] == "literal-1" && relationships[2][2] == "HOLDS_ROLE")
        #expect(relationships[3][5] == "docs/a；b|c,\"d\".txt;=cmd|' /C calc'!A0")
        // Evidence nodes and their links: every end is a node; sentences come back exactly.
        let evidence = try PythonReader.run(Readers.neo4j, [folder.path("neo4j/evidence.csv"), folder.path("neo4j/evidence_relationships.csv")])
        let evidenceRows = try #require(evidence["nodes"] as? [[String]]).dropFirst()
        let links = try #require(evidence["relationships"] as? [[String]]).dropFirst()
        #expect(evidenceRows.count == hostile.edges.reduce(0) { $0 + $1.evidence.count })
        #expect(evidenceRows.map { $0[3] } == hostile.edges.flatMap { $0.evidence.map(\.sentence) })
        #expect(links.count == evidenceRows.count * 3)
        let allIDs = ids.union(evidenceRows.map { $0[0] })
        #expect(links.allSatisfy { allIDs.contains($0[0]) && allIDs.contains($0[1]) })
    }

    @Test func rdfParsesWithRDFLib() throws {
        let folder = try exportAll(hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Readers.runRDF(folder)
        let described = hostile.nodes.filter { $0.kind != .date }
        let altLabels = described.reduce(0) { $0 + Set($1.aliases).subtracting([$1.name]).count }
        // The snapshot lists no documents: each evidence path is a NewsArticle of its own
        // (type, name, preferred label, path).
        let paths = Set(hostile.edges.flatMap { $0.evidence.map(\.document) }).count
        let descriptions = described.count * 3 + altLabels + paths * 4
        #expect(result["same"] as? Bool == true)
        #expect(result["statements"] as? Int == evidenceRows)
        #expect(result["statementsAreRDFStatements"] as? Bool == true)
        #expect(result["articles"] as? Int == paths)
        #expect(result["derivedFrom"] as? [String] == [])
        #expect(result["plain"] as? Int == descriptions + hostile.edges.count)
        #expect(result["ntTriples"] as? Int == descriptions + hostile.edges.count + evidenceRows * 12)
        #expect(result["ttlTriples"] as? Int == result["ntTriples"] as? Int)
        #expect(result["facts"] as? Int == hostile.edges.count)
        #expect(result["typed"] as? Int == described.count)
        #expect(result["dates"] as? [String] == ["2024-09-27", "2024-09-28"])
        #expect(result["labelLanguages"] as? [String] == ["zh-Hans"])
        #expect(result["prefLabelsAreNames"] as? Bool == true)
        let labels = try #require(result["labels"] as? [String])
        #expect(labels.count == described.count)
        #expect(Set(labels) == Set(described.map(\.name)))
        #expect(labels.contains("ctl\u{1}char"))
        #expect(labels.contains(longName))
        #expect(labels.contains("cr\r\nlf"))
        #expect((result["altLabels"] as? [String])?.contains("x|y") == true)
        #expect(result["starts"] as? [Int] == hostile.edges.flatMap { $0.evidence.map(\.start) }.sorted())
        #expect(result["confidences"] as? [Double] == hostile.edges.flatMap { $0.evidence.map(\.confidence) }.sorted())
        let subjects = Set(result["subjects"] as? [String] ?? [])
        #expect(subjects.contains("http://tupu.invalid/entity/person/李希"))
        #expect(subjects.contains("http://tupu.invalid/entity/person/a,b"))
        #expect(subjects.contains("http://tupu.invalid/entity/person/say%20%22hi%22"))
    }

    @Test func rdfHonoursAnotherBaseIRI() throws {
        let base = "https://example.org/tupu/"
        let folder = try exportAll(hostile, options: ExportOptions(baseIRI: base))
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Readers.runRDF(folder, base: base)
        #expect(result["facts"] as? Int == hostile.edges.count)
        let subjects = result["subjects"] as? [String] ?? []
        #expect(!subjects.isEmpty && subjects.allSatisfy { $0.hasPrefix(base + "entity/") })
        let turtle = try String(contentsOfFile: folder.path("graph.ttl"), encoding: .utf8)
        #expect(turtle.contains("@prefix tupu: <https://example.org/tupu/vocab#> ."))
        #expect(!turtle.contains("tupu.invalid"))
    }
}

// MARK: - The same counts from every format

private let seedLike = GraphSnapshot(
    nodes: [
        .init(id: 1, kind: .person, name: "王伟中", aliases: ["王省长"]),
        .init(id: 2, kind: .person, name: "李希"),
        .init(id: 3, kind: .role, name: "省长"),
        .init(id: 4, kind: .role, name: "省委书记"),
        .init(id: 5, kind: .event, name: "省委常委会会议"),
        .init(id: 6, kind: .place, name: "广州"),
        .init(id: 7, kind: .organization, name: "广东省人民政府"),
        .init(id: 8, kind: .date, name: "2022-09-27"),
    ],
    edges: [
        .init(subject: 1, predicate: .holdsRole, object: 3, evidence: [
            .init(document: "seeds/000.txt", start: 10, end: 15, surface: "省长王伟中", sentence: "省长王伟中出席。", rule: "role.title-before-name", confidence: 0.95),
        ]),
        .init(subject: 1, predicate: .attended, object: 5, evidence: [
            .init(document: "seeds/000.txt", start: 10, end: 25, surface: "王伟中出席省委常委会会议", sentence: "…", rule: "participation.cue", confidence: 0.9),
            .init(document: "seeds/001.txt", start: 3, end: 8, surface: "王伟中出席", sentence: "…", rule: "participation.cue", confidence: 0.9),
        ]),
        .init(subject: 2, predicate: .holdsRole, object: 4, evidence: [
            .init(document: "seeds/000.txt", start: 0, end: 6, surface: "省委书记李希", sentence: "…", rule: "role.title-before-name", confidence: 0.95),
        ]),
        .init(subject: 2, predicate: .presided, object: 5, evidence: [
            .init(document: "seeds/000.txt", start: 0, end: 9, surface: "李希主持", sentence: "…", rule: "participation.cue", confidence: 1),
        ]),
        .init(subject: 2, predicate: .metWith, object: 1),
        .init(subject: 5, predicate: .heldIn, object: 6, evidence: [
            .init(document: "seeds/000.txt", start: 30, end: 34, surface: "在广州召开", sentence: "…", rule: "event.held-in", confidence: 0.85),
        ]),
        .init(subject: 5, predicate: .heldOn, object: 8, evidence: [
            .init(document: "seeds/000.txt", start: 40, end: 45, surface: "9月27日", sentence: "…", rule: "event.held-on-date", confidence: 0.85),
        ]),
        .init(subject: 7, predicate: .locatedIn, object: 6),
    ],
    documentTitles: ["标题"])

@Test func everyFormatGivesTheSameCounts() throws {
    let folder = try exportAll(seedLike)
    defer { try? FileManager.default.removeItem(at: folder) }
    let entities = seedLike.nodes.count, triples = seedLike.edges.count
    let evidence = seedLike.edges.reduce(0) { $0 + $1.evidence.count }

    let tsv = try String(contentsOfFile: folder.path("graph.tsv"), encoding: .utf8)
    #expect(tsv.split(separator: "\n").count == triples)

    let csv = try PythonReader.run(Readers.csv, [folder.path("csv/entities.csv"), folder.path("csv/triples.csv")])
    #expect((csv["entities"] as? [[String]])?.count == entities + 1)
    #expect((csv["triples"] as? [[String]])?.count == triples + 1)

    let jsonl = try PythonReader.run(Readers.jsonl, [folder.path("graph.jsonl")])
    #expect((jsonl["entities"] as? [String])?.count == entities)
    #expect((jsonl["triples"] as? [[String]])?.count == triples)

    let xml = try PythonReader.run(Readers.xml, [folder.path("graph.graphml")])
    #expect((xml["nodes"] as? [[String]])?.count == entities)
    #expect((xml["edges"] as? [[String]])?.count == triples)

    let graph = try PythonReader.run(Readers.networkx, [folder.path("graph.graphml")])
    #expect(graph["nodes"] as? Int == entities)
    #expect(graph["edges"] as? Int == triples)
    #expect(graph["evidence"] as? [Int] == seedLike.edges.map(\.evidence.count).sorted())

    let neo4j = try PythonReader.run(Readers.neo4j, [folder.path("neo4j/nodes.csv"), folder.path("neo4j/relationships.csv")])
    // Two source documents without an entity become nodes too.
    #expect((neo4j["nodes"] as? [[String]])?.count == entities + 2 + 1)
    #expect((neo4j["relationships"] as? [[String]])?.count == triples + 1)
    #expect((neo4j["relationships"] as? [[String]])?.dropFirst().map { $0[4] } == seedLike.edges.map { String($0.evidence.count) })

    // RDF: dates are xsd:date literals rather than resources; evidence documents are articles.
    let rdf = try Readers.runRDF(folder)
    #expect(rdf["same"] as? Bool == true)
    #expect((rdf["typed"] as? Int ?? 0) + ((rdf["dates"] as? [String])?.count ?? 0) == entities)
    #expect(rdf["articles"] as? Int == 2)
    #expect(rdf["dates"] as? [String] == ["2022-09-27"])
    #expect(rdf["facts"] as? Int == triples)
    #expect(rdf["statements"] as? Int == evidence)
}

// MARK: - The published vocabulary

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Test func publishedVocabularyIsCurrentAndParses() throws {
    let path = repository.appendingPathComponent("vocab/tupu.ttl").path
    let contextPath = repository.appendingPathComponent("vocab/context.jsonld").path
    // TUPU_WRITE_VOCAB=1 swift test --filter publishedVocabulary regenerates the files.
    if ProcessInfo.processInfo.environment["TUPU_WRITE_VOCAB"] == "1" {
        try Data(TupuVocabulary.turtle().utf8).write(to: URL(fileURLWithPath: path))
        try Data(TupuVocabulary.jsonLDContext().utf8).write(to: URL(fileURLWithPath: contextPath))
    }
    let published = try String(contentsOfFile: path, encoding: .utf8)
    #expect(published == TupuVocabulary.turtle(), "regenerate vocab/tupu.ttl from TupuVocabulary.turtle()")
    let context = try String(contentsOfFile: contextPath, encoding: .utf8)
    #expect(context == TupuVocabulary.jsonLDContext(), "regenerate vocab/context.jsonld from TupuVocabulary.jsonLDContext()")
    let script = """
        import json, sys
        import rdflib
        from rdflib.namespace import RDF, RDFS
        g = rdflib.Graph()
        g.parse(sys.argv[1], format="turtle")
        def labels(s):
            return {o.language: str(o) for o in g.objects(s, RDFS.label)}
        def local(s):
            return str(s).split("#")[1]
        SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
        mapped = {}
        for relation in (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch):
            for s, o in g.subject_objects(relation):
                mapped[local(s)] = str(o)
        context = json.load(open(sys.argv[2], encoding="utf-8"))["@context"]
        print(json.dumps({
            "classes": {local(s): labels(s) for s in g.subjects(RDF.type, RDFS.Class)},
            "properties": {local(s): labels(s) for s in g.subjects(RDF.type, RDF.Property)},
            "ranges": {local(s): str(o) for s, o in g.subject_objects(RDFS.range)},
            "mapped": mapped,
            "context": {k: v if isinstance(v, str) else v["@id"] for k, v in context.items()},
        }))
        """
    let result = try PythonReader.run(script, [path, contextPath])
    let classes = try #require(result["classes"] as? [String: [String: String]])
    let properties = try #require(result["properties"] as? [String: [String: String]])
    // Only the kinds no standard class fits have a Tupu class.
    #expect(Set(classes.keys) == ["Role", "Initiative"])
    for kind in [EntityKind.role, .initiative] {
        #expect(classes[TupuVocabulary.className(kind)]?["zh"] == kind.chineseLabel)
        #expect(classes[TupuVocabulary.className(kind)]?["en"] == TupuVocabulary.englishLabel(kind))
    }
    #expect(TupuVocabulary.tupuPredicates.count == 10)
    for predicate in Predicate.allCases {
        let isTupu = TupuVocabulary.tupuPredicates.contains(predicate)
        #expect((properties[predicate.rawValue] != nil) == isTupu, "\(predicate)")
        if isTupu {
            #expect(properties[predicate.rawValue]?["zh"] == predicate.chineseLabel)
            #expect(properties[predicate.rawValue]?["en"] == TupuVocabulary.englishLabel(predicate))
        }
    }
    for name in ["path", "start", "end", "surface", "rule", "confidence"] {
        #expect(properties[name]?["en"] != nil, "\(name)")
    }
    let ranges = try #require(result["ranges"] as? [String: String])
    #expect(ranges["presided"] == "https://schema.org/Event")
    #expect(ranges["holds_role"] == "http://tupu.invalid/vocab#Role")
    #expect(ranges["confidence"] == "http://www.w3.org/2001/XMLSchema#decimal")
    let mapped = try #require(result["mapped"] as? [String: String])
    #expect(mapped["holds_role"] == "https://schema.org/jobTitle")
    #expect(mapped["Role"] == "https://schema.org/DefinedTerm")
    #expect(mapped["start"] == "http://www.w3.org/ns/oa#start")
    let terms = try #require(result["context"] as? [String: String])
    #expect(terms["attendee"] == "schema:attendee")
    #expect(terms["wasDerivedFrom"] == "prov:wasDerivedFrom")
    #expect(terms["prefLabel"] == "skos:prefLabel")
    #expect(terms["tupu"] == "http://tupu.invalid/vocab#")
}
