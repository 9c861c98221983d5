import Foundation
import FoundationXML
import Testing

/// The seed database through every export, read back by independent readers, with the counts
/// `tupu stats` reports; and the committed SVG read as XML.
@Suite(.serialized) struct SeedExportTests {
    static func seedDatabase() throws -> String {
        let db = try temporaryFolder().appendingPathComponent("seeds.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, "seeds"], in: TupuProcess.repository)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return db
    }

    /// `entities` and `triples` from `tupu stats`.
    static func counts(_ db: String) throws -> (entities: Int, triples: Int) {
        let stats = try TupuProcess.run(["stats", "--db", db, "--format", "tsv"]).stdout
        var values: [String: Int] = [:]
        for line in stats.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 3, fields[1].isEmpty, let value = Int(fields[2]) { values[String(fields[0])] = value }
        }
        return (values["entities"] ?? -1, values["triples"] ?? -1)
    }

    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func everyFormatCarriesTheCountsOfStats() throws {
        let db = try Self.seedDatabase()
        let (entities, triples) = try Self.counts(db)
        #expect(entities > 40 && triples > 40)
        let folder = try temporaryFolder()
        func export(_ format: String, _ target: String) throws {
            let result = try TupuProcess.run(["export", "--db", db, "--format", format, "-o", folder.appendingPathComponent(target).path])
            #expect(result.status == 0, "\(format): \(result.stderr)")
        }
        for (format, target) in [("csv", "csv"), ("neo4j", "neo4j"), ("graphml", "g.graphml"), ("jsonl", "g.jsonl"), ("tsv", "g.tsv"), ("ntriples", "g.nt")] {
            try export(format, target)
        }
        let csv = try Self.python(
            "import csv,sys; e=list(csv.DictReader(open(sys.argv[1],newline=''))); t=list(csv.DictReader(open(sys.argv[2],newline=''))); print(len(e), len(t))",
            [folder.appendingPathComponent("csv/entities.csv").path, folder.appendingPathComponent("csv/triples.csv").path])
        #expect(csv == "\(entities) \(triples)")
        let neo4j = try Self.python(
            "import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline=''))))-1, len(list(csv.reader(open(sys.argv[2],newline=''))))-1)",
            [folder.appendingPathComponent("neo4j/nodes.csv").path, folder.appendingPathComponent("neo4j/relationships.csv").path])
        // Neo4j makes a node of each literal value too: the seed has one, its meeting's series name.
        #expect(neo4j == "\(entities + 1) \(triples)")
        let graphml = try Self.python(
            "import sys,networkx as nx; g=nx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())",
            [folder.appendingPathComponent("g.graphml").path])
        #expect(graphml == "\(entities + 1) \(triples)", "a node for the series name, as in Neo4j")
        let jsonl = try Self.python(
            "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(sum(x['type']=='entity' for x in r), sum(x['type']=='triple' for x in r))",
            [folder.appendingPathComponent("g.jsonl").path])
        #expect(jsonl == "\(entities) \(triples)")
        let tsv = try String(contentsOf: folder.appendingPathComponent("g.tsv"), encoding: .utf8).split(separator: "\n")
        #expect(tsv.count == triples)
        // RDF: one rdf:Statement per evidence row, every fact present.
        let rdf = try Self.python(
            "import sys,rdflib; g=rdflib.Graph(); g.parse(sys.argv[1], format='nt'); print(len(set(g.subjects(rdflib.RDF.type, rdflib.RDF.Statement))) > 0, len(g) > 0)",
            [folder.appendingPathComponent("g.nt").path])
        #expect(rdf == "True True")
    }

    @Test func committedSVGIsXMLWithEveryNameAsText() throws {
        let url = TupuProcess.repository.appendingPathComponent("Graphs/seeds.svg")
        let document = try XMLDocument(contentsOf: url, options: [])
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        // Long labels are wrapped over several text elements, in order.
        let joined = texts.joined()
        let names = try String(contentsOf: TupuProcess.repository.appendingPathComponent("Graphs/seeds.dot"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> String? in
                guard line.contains("tooltip="), let start = line.range(of: "label=\""), let end = line[start.upperBound...].range(of: "\"") else { return nil }
                return String(line[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "\\n", with: "")
            }
        #expect(names.count > 40)
        for name in names {
            #expect(joined.contains(name), "\(name) is not in the SVG text")
        }
        #expect(joined.contains("李希") && joined.contains("深圳国际仲裁院"))
    }
}
