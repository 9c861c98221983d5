import Foundation
import Testing
import TupuBench

/// The RDF exports in the vocabularies other tools speak, read by the tools their users use:
/// rdflib and pyoxigraph answer "who attended which event, stated in which article published
/// when" with a SPARQL query in schema.org, SKOS and PROV-O terms (and over the N-Quads and TriG
/// datasets with the article's named graph), the same rows as the store holds; N-Triples,
/// Turtle, TriG, N-Quads and JSON-LD (with the published context) give the same graph; pySHACL
/// finds no violation of the published shapes (`vocab/shapes.ttl`).
@Suite(.serialized) struct StandardVocabularyTests {
    /// argv: database, folder with g.ttl g.nt g.nq g.trig g.jsonld, context file, shapes file,
    /// base, and `shacl` to validate. Prints one JSON object.
    static let checker = #"""
import json, sqlite3, sys, time
import rdflib, pyoxigraph
from rdflib import URIRef, Literal

db, folder, context_path, shapes_path, base = sys.argv[1:6]
run_shacl = len(sys.argv) > 6 and sys.argv[6] == "shacl"
timings = {}
def timed(name, f):
    t = time.time(); r = f(); timings[name] = round(time.time() - t, 2); return r

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# Who attended which event, stated in which article published when: schema.org, SKOS and PROV-O
# terms, the evidence linked to its fact by RDF's own statement vocabulary (rdf:subject …).
# (rdflib joins in the order written: type patterns on unbound variables first would make it
# enumerate every event and person, so the only type pattern comes last.)
GRAPH_QUERY = PREFIXES + """
SELECT DISTINCT ?person ?event ?headline ?published WHERE {
  ?evidence rdf:predicate schema:attendee ; rdf:subject ?e ; rdf:object ?p ; prov:wasDerivedFrom ?article .
  ?e skos:prefLabel ?event .
  ?p skos:prefLabel ?person .
  ?article schema:headline ?headline ; schema:datePublished ?published .
  ?evidence a prov:Entity .
}"""
# The same over the dataset, in schema.org and SKOS terms only: the article's named graph
# states the fact, the default graph describes the article.
DATASET_QUERY = PREFIXES + """
SELECT DISTINCT ?person ?event ?headline ?published WHERE {
  GRAPH ?article { ?e schema:attendee ?p }
  ?e skos:prefLabel ?event .
  ?p skos:prefLabel ?person .
  ?article schema:headline ?headline ; schema:datePublished ?published .
}"""

def rows_rdflib(result):
    return sorted([str(v) for v in row] for row in result)
def rows_oxigraph(result):
    return sorted([v.value for v in solution] for solution in result)

out = {}
connection = sqlite3.connect(db)
expected = sorted([list(r) for r in connection.execute("""
    SELECT DISTINCT p.name, e.name, d.title, d.published
    FROM triple t JOIN entity p ON p.id = t.subjectId JOIN entity e ON e.id = t.objectId
    JOIN evidence v ON v.tripleId = t.id JOIN document d ON d.id = v.documentId
    WHERE t.predicate = 'attended' AND d.title IS NOT NULL AND d.published IS NOT NULL""")])
out["expected"] = len(expected)

turtle = rdflib.Graph()
timed("rdflib turtle", lambda: turtle.parse(folder + "/g.ttl", format="turtle"))
triples = set(turtle)
out["triples"] = len(triples)
nt = rdflib.Graph(); nt.parse(folder + "/g.nt", format="nt")
out["ntSame"] = set(nt) == triples

store = pyoxigraph.Store()
timed("oxigraph turtle", lambda: store.load(path=folder + "/g.ttl", format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.DefaultGraph()))
out["oxigraphTriples"] = len(store)
out["rdflib"] = rows_rdflib(turtle.query(GRAPH_QUERY)) == expected
out["oxigraph"] = rows_oxigraph(store.query(GRAPH_QUERY)) == expected
out["sample"] = expected[:2]

# The dataset: N-Quads in pyoxigraph, TriG in rdflib; the union of its graphs is the Turtle graph.
dataset = pyoxigraph.Store()
timed("oxigraph nquads", lambda: dataset.load(path=folder + "/g.nq", format=pyoxigraph.RdfFormat.N_QUADS))
out["oxigraphDataset"] = rows_oxigraph(dataset.query(DATASET_QUERY)) == expected
trig = rdflib.Dataset()
timed("rdflib trig", lambda: trig.parse(folder + "/g.trig", format="trig"))
out["rdflibDataset"] = rows_rdflib(trig.query(DATASET_QUERY)) == expected
union = {(s, p, o) for s, p, o, g in trig.quads((None, None, None, None))}
out["trigUnionSame"] = union == triples
trigStore = pyoxigraph.Store()
trigStore.load(path=folder + "/g.trig", format=pyoxigraph.RdfFormat.TRIG)
out["nquadsSameAsTrig"] = {str(q) for q in dataset} == {str(q) for q in trigStore}
out["quads"] = len(dataset)
graphs = {str(g.identifier) for g in trig.graphs()} - {"urn:x-rdflib:default"}
articles = {str(a) for a in turtle.subjects(rdflib.RDF.type, URIRef("https://schema.org/NewsArticle"))}
out["namedGraphsAreArticles"] = bool(graphs) and graphs <= articles

# JSON-LD: the published context in place of its IRI (what a document loader does).
document = json.load(open(folder + "/g.jsonld", encoding="utf-8"))
out["contextIRI"] = document["@context"]
document["@context"] = json.load(open(context_path, encoding="utf-8"))["@context"]
jsonld = rdflib.Graph()
timed("rdflib jsonld", lambda: jsonld.parse(data=json.dumps(document), format="json-ld"))
out["jsonldSame"] = set(jsonld) == triples

# Every evidence states a triple of the graph.
RDF = rdflib.RDF
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
evidence = list(turtle.subjects(RDF.type, PROV.Entity))
out["evidence"] = len(evidence)
out["evidenceStatesAFact"] = all(
    (turtle.value(e, RDF.subject), turtle.value(e, RDF.predicate), turtle.value(e, RDF.object)) in turtle for e in evidence)

if run_shacl:
    import pyshacl
    shapes = rdflib.Graph(); shapes.parse(shapes_path, format="turtle")
    conforms, _, text = timed("pyshacl", lambda: pyshacl.validate(turtle, shacl_graph=shapes))
    out["conforms"] = conforms
    out["report"] = text[:2000]
out["timings"] = timings
print(json.dumps(out, ensure_ascii=False))
"""#

    static let files = [("turtle", "g.ttl"), ("ntriples", "g.nt"), ("nquads", "g.nq"), ("trig", "g.trig"), ("jsonld", "g.jsonld")]

    /// Exports the database in every RDF format into `folder`, then runs the checker.
    static func check(_ db: String, in folder: URL) throws -> [String: Any] {
        for (format, file) in files {
            let export = try TupuProcess.run(["export", "--db", db, "--format", format, "-o", folder.appendingPathComponent(file).path])
            try #require(export.status == 0, "\(format): \(export.stderr)")
        }
        let vocab = TupuProcess.repository.appendingPathComponent("vocab")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", checker, db, folder.path, vocab.appendingPathComponent("context.jsonld").path,
            vocab.appendingPathComponent("shapes.ttl").path, "http://tupu.invalid/", "shacl",
        ]
        let python = try TupuProcess.collect(process)
        try #require(python.status == 0, "rdflib, pyoxigraph or pyshacl failed (scripts/install-deps.sh installs them): \(python.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Any], "\(python.stdout.prefix(500))")
    }

    static func expectAgreement(_ result: [String: Any], minimumRows: Int) {
        #expect((result["expected"] as? Int ?? 0) >= minimumRows, "rows in the store: \(result["expected"] ?? "none")")
        for key in ["rdflib", "oxigraph", "oxigraphDataset", "rdflibDataset"] {
            #expect(result[key] as? Bool == true, "\(key) answers otherwise than the store; the store's first rows: \(result["sample"] ?? "")")
        }
        for key in ["ntSame", "trigUnionSame", "nquadsSameAsTrig", "namedGraphsAreArticles", "jsonldSame", "evidenceStatesAFact"] {
            #expect(result[key] as? Bool == true, "\(key)")
        }
        #expect(result["oxigraphTriples"] as? Int == result["triples"] as? Int)
        #expect(result["contextIRI"] as? String == "http://tupu.invalid/vocab/context.jsonld")
        #expect(result["conforms"] as? Bool == true, "\(result["report"] ?? "")")
    }

    @Test func seedExportAnswersWhoAttendedWhichEventInStandardTerms() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("seeds.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, "seeds"], in: TupuProcess.repository)
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let result = try Self.check(db, in: folder)
        Self.expectAgreement(result, minimumRows: 10)
        let sample = result["sample"] as? [[String]] ?? []
        #expect(sample.first?.last == "2022-09-28", "the seed article's publication date")
    }

    @Test func benchmarkExportConformsToTheShapes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CorpusGenerator(seed: 1, articles: 200).write(to: folder.appendingPathComponent("corpus"))
        let db = folder.appendingPathComponent("corpus.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, "corpus"], in: folder)
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let result = try Self.check(db, in: folder)
        Self.expectAgreement(result, minimumRows: 100)
        #expect((result["evidence"] as? Int ?? 0) > 1000)
    }
}
