import Foundation
import Testing
@testable import TupuExport
import TupuModel

/// Runs `python3 -c SCRIPT ARGS…` and decodes the JSON object it prints on stdout.
enum PythonReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stderrURL = folder.appendingPathComponent("stderr.txt")
        try Data().write(to: stderrURL)
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 exited with \(process.terminationStatus): \(stderr)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "python3 printed no JSON object: \(String(decoding: data, as: UTF8.self)) \(stderr)")
        }
        return object
    }
}

/// The folder of this test process that holds every folder a test makes; removed when the
/// process exits, so a run leaves nothing behind in the temporary directory.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-export-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: testScratchRoot) }
    return url
}()

func temporaryFolder() throws -> URL {
    let url = testScratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes every format of the snapshot into a fresh folder: single-file formats as
/// `graph.EXT`, folder formats into `csv/` and `neo4j/`. Returns the folder.
func exportAll(_ snapshot: GraphSnapshot, options: ExportOptions = ExportOptions()) throws -> URL {
    let folder = try temporaryFolder()
    for format in ExportFormat.allCases {
        if format.writesFolder {
            let sub = folder.appendingPathComponent(format.rawValue)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for file in format.fileNames {
                var text = ""
                try format.write(snapshot, options: options, file: file, to: &text)
                try Data(text.utf8).write(to: sub.appendingPathComponent(file))
            }
        } else {
            var text = ""
            try format.write(snapshot, options: options, to: &text)
            try Data(text.utf8).write(to: folder.appendingPathComponent("graph.\(format.fileExtension)"))
        }
    }
    return folder
}

extension URL {
    func path(_ component: String) -> String { appendingPathComponent(component).path }
}

/// Python readers, one per format; each prints one JSON object.
enum Readers {
    static let csv = """
        import csv, json, sys
        def rows(path):
            with open(path, newline='', encoding='utf-8') as f:
                return list(csv.reader(f, strict=True))
        print(json.dumps({"entities": rows(sys.argv[1]), "triples": rows(sys.argv[2])}))
        """

    static let jsonl = """
        import json, sys
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            records = [json.loads(line) for line in f.read().split('\\n') if line]
        print(json.dumps({
            "entities": [r["name"] for r in records if r["type"] == "entity"],
            "aliases": [r["aliases"] for r in records if r["type"] == "entity"],
            "triples": [[r["subject"], r["predicate"], r["object"]] for r in records if r["type"] == "triple"],
        }))
        """

    static let xml = """
        import json, sys
        import xml.etree.ElementTree as ET
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        root = ET.parse(sys.argv[1]).getroot()
        def data(element, key):
            for d in element.findall("g:data", ns):
                if d.get("key") == key:
                    return d.text or ""
            return None
        nodes = root.findall("g:graph/g:node", ns)
        edges = root.findall("g:graph/g:edge", ns)
        print(json.dumps({
            "keys": [[k.get("id"), k.get("for"), k.get("attr.name")] for k in root.findall("g:key", ns)],
            "nodes": [[n.get("id"), data(n, "kind"), data(n, "name")] for n in nodes],
            "edges": [[e.get("source"), e.get("target"), data(e, "predicate"), data(e, "label"), data(e, "evidence_count")] for e in edges],
        }))
        """

    static let networkx = """
        import json, sys
        import networkx as nx
        g = nx.read_graphml(sys.argv[1])
        print(json.dumps({
            "directed": g.is_directed(),
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "labels": {n: d.get("label") for n, d in g.nodes(data=True)},
            "kinds": {n: d.get("kind") for n, d in g.nodes(data=True)},
            "evidence": sorted(d.get("evidence_count") for _, _, d in g.edges(data=True)),
            "edgeLabels": sorted({d.get("label") for _, _, d in g.edges(data=True)}),
        }))
        """

    static let neo4j = """
        import csv, json, sys
        def rows(path):
            with open(path, newline='', encoding='utf-8') as f:
                return list(csv.reader(f, strict=True))
        print(json.dumps({"nodes": rows(sys.argv[1]), "relationships": rows(sys.argv[2])}))
        """

    /// argv: N-Triples file, Turtle file, vocabulary namespace, the fact properties' IRIs
    /// (comma-separated).
    static let rdf = """
        import json, sys
        import rdflib
        from rdflib.namespace import RDF, XSD
        graphs = {}
        for fmt, path in (("nt", sys.argv[1]), ("turtle", sys.argv[2])):
            g = rdflib.Graph()
            g.parse(path, format=fmt)
            graphs[fmt] = g
        nt, ttl = graphs["nt"], graphs["turtle"]
        vocab = sys.argv[3]
        predicates = set(sys.argv[4].split(","))
        PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
        SCHEMA = rdflib.Namespace("https://schema.org/")
        SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
        statements = set(nt.subjects(RDF.type, PROV.Entity))
        articles = set(nt.subjects(RDF.type, SCHEMA.NewsArticle))
        plain = [t for t in nt if t[0] not in statements]
        facts = [t for t in plain if str(t[1]) in predicates]
        dates = {o for _, _, o in facts if isinstance(o, rdflib.Literal) and o.datatype == XSD.date}
        typed = set(nt.subjects(RDF.type, None)) - statements - articles
        entityNames = [o for s, o in nt.subject_objects(SCHEMA.name) if s not in articles]
        print(json.dumps({
            "same": set(nt) == set(ttl),
            "ntTriples": len(nt),
            "ttlTriples": len(ttl),
            "statements": len(statements),
            "statementsAreRDFStatements": statements == set(nt.subjects(RDF.type, RDF.Statement)),
            "articles": len(articles),
            "derivedFrom": sorted({str(o) for o in nt.objects(None, PROV.wasDerivedFrom)} - {str(a) for a in articles}),
            "plain": len(plain),
            "facts": len(facts),
            "typed": len(typed),
            "dates": sorted(str(d) for d in dates),
            "labels": [str(o) for o in entityNames],
            "prefLabelsAreNames": {(s, o) for s, o in nt.subject_objects(SKOS.prefLabel)} == set(nt.subject_objects(SCHEMA.name)),
            "labelLanguages": sorted({o.language for o in entityNames}),
            "altLabels": sorted(str(o) for o in nt.objects(None, SKOS.altLabel)),
            "starts": sorted(int(o) for o in nt.objects(None, rdflib.URIRef(vocab + "start"))),
            "confidences": sorted(float(o) for o in nt.objects(None, rdflib.URIRef(vocab + "confidence"))),
            "subjects": sorted({str(s) for s in typed}),
        }))
        """

    /// The IRIs of the properties facts are written with, for a vocabulary namespace.
    static func factProperties(vocabulary: String) -> String {
        var names = Set<String>()
        for predicate in Predicate.allCases {
            for kind in [EntityKind.place, .organization] {
                let term = TupuVocabulary.term(for: predicate, subjectKind: kind).name
                names.insert(term.hasPrefix("tupu:") ? vocabulary + term.dropFirst(5) : RDFGraph.expand(term))
            }
        }
        return names.sorted().joined(separator: ",")
    }

    static func runRDF(_ folder: URL, base: String = ExportOptions.defaultBaseIRI) throws -> [String: Any] {
        try PythonReader.run(rdf, [
            folder.path("graph.nt"), folder.path("graph.ttl"), base + "vocab#", factProperties(vocabulary: base + "vocab#"),
        ])
    }
}
