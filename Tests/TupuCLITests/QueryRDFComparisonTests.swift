import Foundation
import Testing
import TupuBench

/// Each query of Tupu's language beside the same question in SPARQL (in the export's schema.org,
/// SKOS, PROV-O and Tupu terms: `attended` is `EVENT schema:attendee PERSON`, `held_in`
/// `schema:location` of an event), asked of rdflib over the Turtle export of the same store: the result sets (as multisets of rows, names for entities)
/// must be identical. Covers every construct of the language.
@Suite(.serialized) struct QueryRDFComparisonTests {
    /// (Tupu query, SPARQL query without prefixes); the SPARQL selects entities, which the reader
    /// prints by their label.
    static let pairs: [(String, String)] = [
        // Basic patterns and kinds.
        ("?p attended ?e", "SELECT ?p ?e { ?e schema:attendee ?p }"),
        ("?p:person holds_role ?r", "SELECT ?p ?r { ?p a schema:Person ; tupu:holds_role ?r }"),
        ("?e held_in ?x . ?e held_on ?d", "SELECT ?e ?x ?d { ?e schema:location ?x ; schema:startDate ?d }"),
        ("?p visited ?o:organization", "SELECT ?p ?o { ?p tupu:visited ?o . ?o a schema:Organization }"),
        // OPTIONAL.
        ("?p presided ?e OPTIONAL { ?p holds_role ?r }", "SELECT ?p ?e ?r { ?p tupu:presided ?e OPTIONAL { ?p tupu:holds_role ?r } }"),
        (
            "?p met_with ?g OPTIONAL { ?p presided ?e . ?e held_in ?x }",
            "SELECT ?p ?g ?e ?x { ?p tupu:met_with ?g OPTIONAL { ?p tupu:presided ?e . ?e schema:location ?x } }"
        ),
        (
            "SELECT DISTINCT ?p WHERE ?p attended ?e OPTIONAL { ?p holds_role ?r } FILTER(!bound(?r))",
            "SELECT DISTINCT ?p { ?e schema:attendee ?p OPTIONAL { ?p tupu:holds_role ?r } FILTER(!BOUND(?r)) }"
        ),
        (
            #"?p presided ?e OPTIONAL { ?p holds_role ?r FILTER contains(?r, "书记") }"#,
            #"SELECT ?p ?e ?r { ?p tupu:presided ?e OPTIONAL { ?p tupu:holds_role ?r . ?r skos:prefLabel ?rl FILTER(CONTAINS(STR(?rl), "书记")) } }"#
        ),
        // UNION.
        ("SELECT ?p ?e WHERE { ?p presided ?e } UNION { ?p spoke_at ?e }", "SELECT ?p ?e { { ?p tupu:presided ?e } UNION { ?p tupu:spoke_at ?e } }"),
        ("{ ?p presided ?e } UNION { ?p visited ?o }", "SELECT ?p ?e ?o { { ?p tupu:presided ?e } UNION { ?p tupu:visited ?o } }"),
        (
            "{ ?p presided ?e } UNION { ?p reported_at ?e } . ?e held_in ?x",
            "SELECT ?p ?e ?x { { ?p tupu:presided ?e } UNION { ?p tupu:reported_at ?e } ?e schema:location ?x }"
        ),
        // MINUS and (NOT) EXISTS.
        (
            "SELECT DISTINCT ?p WHERE ?p attended ?e MINUS { ?p holds_role ?r }",
            "SELECT DISTINCT ?p { ?e schema:attendee ?p MINUS { ?p tupu:holds_role ?r } }"
        ),
        (
            "SELECT DISTINCT ?p ?e WHERE ?p attended ?e FILTER NOT EXISTS { ?p spoke_at ?e }",
            "SELECT DISTINCT ?p ?e { ?e schema:attendee ?p FILTER NOT EXISTS { ?p tupu:spoke_at ?e } }"
        ),
        (
            "SELECT DISTINCT ?p WHERE ?p visited ?o FILTER EXISTS { ?p met_with ?g }",
            "SELECT DISTINCT ?p { ?p tupu:visited ?o FILTER EXISTS { ?p tupu:met_with ?g } }"
        ),
        ("?e held_on ?d FILTER NOT EXISTS { ?e held_in ?x }", "SELECT ?e ?d { ?e schema:startDate ?d FILTER NOT EXISTS { ?e schema:location ?x } }"),
        // Dates: days, years and months as ranges, year() and month().
        ("?e held_on ?d FILTER ?d >= 2024-06-01", #"SELECT ?e ?d { ?e schema:startDate ?d FILTER(?d >= "2024-06-01"^^xsd:date) }"#),
        ("?e held_on ?d FILTER ?d > 2023", #"SELECT ?e ?d { ?e schema:startDate ?d FILTER(?d > "2023-12-31"^^xsd:date) }"#),
        ("?e held_on ?d FILTER ?d = 2022", "SELECT ?e ?d { ?e schema:startDate ?d FILTER(YEAR(?d) = 2022) }"),
        ("?e held_on ?d FILTER ?d = 2021-03", "SELECT ?e ?d { ?e schema:startDate ?d FILTER(YEAR(?d) = 2021 && MONTH(?d) = 3) }"),
        ("?e held_on ?d FILTER ?d <= 2020", #"SELECT ?e ?d { ?e schema:startDate ?d FILTER(?d <= "2020-12-31"^^xsd:date) }"#),
        ("?e held_on ?d FILTER ?d != 2021", "SELECT ?e ?d { ?e schema:startDate ?d FILTER(YEAR(?d) != 2021) }"),
        (
            "?e held_on ?d FILTER(year(?d) = 2021 && month(?d) IN (1, 2))",
            "SELECT ?e ?d { ?e schema:startDate ?d FILTER(YEAR(?d) = 2021 && MONTH(?d) IN (1, 2)) }"
        ),
        // Boolean operators, IN, negation, comparing variables, regex.
        (
            #"?p presided ?e . ?e held_in ?x FILTER(?x = "中山" || ?x = "佛山")"#,
            #"SELECT ?p ?e ?x { ?p tupu:presided ?e . ?e schema:location ?x . ?x skos:prefLabel ?l FILTER(STR(?l) = "中山" || STR(?l) = "佛山") }"#
        ),
        (#"?e held_in ?x FILTER ?x IN ("中山", "汕头")"#, #"SELECT ?e ?x { ?e a schema:Event ; schema:location ?x . ?x skos:prefLabel ?l FILTER(STR(?l) IN ("中山", "汕头")) }"#),
        (
            #"?e held_in ?x FILTER ?x NOT IN ("中山", "汕头")"#,
            #"SELECT ?e ?x { ?e a schema:Event ; schema:location ?x . ?x skos:prefLabel ?l FILTER(STR(?l) NOT IN ("中山", "汕头")) }"#
        ),
        (#"?e held_in ?x FILTER(!(?x = "中山"))"#, #"SELECT ?e ?x { ?e a schema:Event ; schema:location ?x . ?x skos:prefLabel ?l FILTER(!(STR(?l) = "中山")) }"#),
        (
            "SELECT ?a ?b WHERE ?a presided ?e . ?b spoke_at ?e FILTER(?a != ?b)",
            "SELECT ?a ?b { ?a tupu:presided ?e . ?b tupu:spoke_at ?e FILTER(?a != ?b) }"
        ),
        (
            "SELECT ?a ?e WHERE ?a presided ?e . ?b attended ?e FILTER(?a = ?b)",
            "SELECT ?a ?e { ?a tupu:presided ?e . ?e schema:attendee ?b FILTER(?a = ?b) }"
        ),
        (#"?p holds_role ?r FILTER regex(?r, "^省")"#, #"SELECT ?p ?r { ?p tupu:holds_role ?r . ?r skos:prefLabel ?l FILTER(REGEX(STR(?l), "^省")) }"#),
        (#"?p holds_role ?r FILTER contains(?r, "书记")"#, #"SELECT ?p ?r { ?p tupu:holds_role ?r . ?r skos:prefLabel ?l FILTER(CONTAINS(STR(?l), "书记")) }"#),
        (#"?p holds_role ?r FILTER prefix(?r, "市")"#, #"SELECT ?p ?r { ?p tupu:holds_role ?r . ?r skos:prefLabel ?l FILTER(STRSTARTS(STR(?l), "市")) }"#),
        // Aggregates, HAVING, OFFSET.
        ("SELECT ?x COUNT(?e) AS ?n WHERE ?e held_in ?x", "SELECT ?x (COUNT(?e) AS ?n) { ?e a schema:Event ; schema:location ?x } GROUP BY ?x"),
        (
            "SELECT ?p COUNT(DISTINCT ?e) AS ?n WHERE ?p attended ?e GROUP BY ?p HAVING ?n >= 3",
            "SELECT ?p (COUNT(DISTINCT ?e) AS ?n) { ?e schema:attendee ?p } GROUP BY ?p HAVING(COUNT(DISTINCT ?e) >= 3)"
        ),
        (
            "SELECT ?x MIN(?d) AS ?first MAX(?d) AS ?last WHERE ?e held_in ?x . ?e held_on ?d GROUP BY ?x",
            "SELECT ?x (MIN(?d) AS ?first) (MAX(?d) AS ?last) { ?e schema:location ?x ; schema:startDate ?d } GROUP BY ?x"
        ),
        ("SELECT COUNT(*) AS ?n WHERE ?p visited ?o", "SELECT (COUNT(*) AS ?n) { ?p tupu:visited ?o }"),
        (
            "SELECT ?r SUM(?c) AS ?total AVG(?c) AS ?mean WHERE ?p attended ?e RULE ?r CONFIDENCE ?c GROUP BY ?r",
            """
            SELECT ?r (SUM(?c) AS ?total) (AVG(?c) AS ?mean) {
              ?s a rdf:Statement ; rdf:subject ?e ; rdf:predicate schema:attendee ; rdf:object ?p ; tupu:rule ?r ; tupu:confidence ?c
            } GROUP BY ?r
            """
        ),
        (
            "?p attended ?e ORDER BY ?p ?e LIMIT 7 OFFSET 5",
            "SELECT ?p ?e { ?e schema:attendee ?p . ?p skos:prefLabel ?pl . ?e skos:prefLabel ?el } ORDER BY ?pl ?el LIMIT 7 OFFSET 5"
        ),
        // Property paths.
        ("?p presided/held_in ?x", "SELECT ?p ?x { ?p tupu:presided/schema:location ?x }"),
        (#"SELECT ?e WHERE 中山 ^held_in ?e"#, #"SELECT ?e { ?x skos:prefLabel "中山"@zh-Hans . ?x ^schema:location ?e . ?e a schema:Event }"#),
        ("?p presided|spoke_at ?e", "SELECT ?p ?e { ?p tupu:presided|tupu:spoke_at ?e }"),
        ("?a met_with+ ?b", "SELECT ?a ?b { ?a tupu:met_with+ ?b }"),
        (
            "SELECT DISTINCT ?p ?q WHERE ?p presided/^attended ?q",
            "SELECT DISTINCT ?p ?q { ?p tupu:presided/schema:attendee ?q }"
        ),
        (
            "SELECT ?o WHERE 姜卫宁 visited* ?o",
            #"SELECT ?o { ?x skos:prefLabel "姜卫宁"@zh-Hans ; a schema:Person . ?x tupu:visited* ?o }"#
        ),
        // Evidence: the same article, rules, confidences, the document as a column.
        (
            "SELECT DISTINCT ?p ?x ?doc WHERE ?p presided ?e IN ?doc . ?e held_in ?x IN ?doc",
            """
            SELECT DISTINCT ?p ?x ?doc {
              ?s1 rdf:subject ?p ; rdf:predicate tupu:presided ; rdf:object ?e ; prov:wasDerivedFrom [ tupu:path ?doc ] .
              ?s2 rdf:subject ?e ; rdf:predicate schema:location ; rdf:object ?x ; prov:wasDerivedFrom [ tupu:path ?doc ] .
            }
            """
        ),
        (
            "?p visited ?o CONFIDENCE ?c FILTER(?c >= 0.85)",
            "SELECT ?p ?o ?c { ?s rdf:subject ?p ; rdf:predicate tupu:visited ; rdf:object ?o ; tupu:confidence ?c FILTER(?c >= 0.85) }"
        ),
        (
            "SELECT ?rel ?r COUNT(*) AS ?n WHERE ?s ?rel ?o RULE ?r GROUP BY ?rel ?r",
            #"SELECT ?rel ?r (COUNT(*) AS ?n) { ?st a rdf:Statement ; rdf:predicate ?p ; rdf:subject ?s0 ; tupu:rule ?r BIND(IF(?p = schema:location, IF(EXISTS { ?s0 a schema:Event }, "held_in", "located_in"), ?p) AS ?rel) } GROUP BY ?rel ?r"#
        ),
        (
            "SELECT ?rel COUNT(*) AS ?n WHERE ?s ?rel ?o GROUP BY ?rel",
            #"""
            SELECT ?rel (COUNT(*) AS ?n) {
              VALUES ?p {
                schema:attendee schema:location schema:containedInPlace schema:startDate schema:subjectOf schema:datePublished
                tupu:holds_role tupu:presided tupu:spoke_at tupu:reported_at tupu:visited tupu:met_with tupu:promotes
                tupu:discussed_at tupu:part_of tupu:instance_of
              }
              ?s ?p ?o FILTER(STRSTARTS(STR(?s), "http://tupu.invalid/entity/"))
              BIND(IF(?p = schema:location, IF(EXISTS { ?s a schema:Event }, "held_in", "located_in"), ?p) AS ?rel)
            } GROUP BY ?rel
            """#
        ),
    ]

    static let reader = #"""
        import json, sys
        import rdflib
        from rdflib import URIRef
        from rdflib.namespace import SKOS
        graph = rdflib.Graph()
        graph.parse(sys.argv[1], format="turtle")
        prefixes = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <https://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX tupu: <http://tupu.invalid/vocab#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        """
        vocabulary = "http://tupu.invalid/vocab#"
        # The standard terms of Tupu's predicates, named back.
        standard = {
            "https://schema.org/attendee": "attended", "https://schema.org/startDate": "held_on",
            "https://schema.org/subjectOf": "reported_by", "https://schema.org/datePublished": "published_on",
            "https://schema.org/containedInPlace": "located_in",
        }
        def cell(value):
            if value is None:
                return ""
            if isinstance(value, URIRef):
                if str(value) in standard:
                    return standard[str(value)]
                label = graph.value(value, SKOS.prefLabel)
                if label is not None:
                    return str(label)
                if str(value).startswith(vocabulary):
                    return str(value)[len(vocabulary):]
            return str(value)
        results = []
        for query in json.load(open(sys.argv[2], encoding="utf-8")):
            results.append([[cell(value) for value in row] for row in graph.query(prefixes + query)])
        print(json.dumps(results, ensure_ascii=False))
        """#

    /// Numbers compared to four decimals (SQLite's doubles beside rdflib's decimals).
    static func normalized(_ cell: String) -> String {
        guard cell.contains("."), let value = Double(cell) else { return cell }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func multiset(_ rows: [[String]]) -> [[String]] {
        rows.map { $0.map(normalized) }.sorted { $0.joined(separator: "\u{1}") < $1.joined(separator: "\u{1}") }
    }

    @Test func everyQueryAnswersAsSPARQLDoesOverTheTurtleExport() throws {
        #expect(Self.pairs.count >= 40)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CorpusGenerator(seed: 1, articles: 300).write(to: folder.appendingPathComponent("corpus"))
        let db = folder.appendingPathComponent("corpus.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, "corpus"], in: folder)
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let turtle = folder.appendingPathComponent("corpus.ttl").path
        let export = try TupuProcess.run(["export", "--db", db, "--format", "turtle", "-o", turtle])
        try #require(export.status == 0, "\(export.stderr)")

        let queries = folder.appendingPathComponent("queries.json")
        try JSONSerialization.data(withJSONObject: Self.pairs.map(\.1)).write(to: queries)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.reader, turtle, queries.path]
        let python = try TupuProcess.collect(process)
        try #require(python.status == 0, "rdflib (pip install rdflib) failed: \(python.stderr)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[[String]]], "\(python.stdout.prefix(500))")
        try #require(expected.count == Self.pairs.count)

        var empty: [String] = []
        for ((tupu, sparql), answer) in zip(Self.pairs, expected) {
            let result = try TupuProcess.run(["query", "--db", db, "--format", "tsv", tupu])
            #expect(result.status == 0, "\(tupu): \(result.stderr)")
            let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                .filter { !$0.isEmpty }.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            let ours = Self.multiset(rows), theirs = Self.multiset(answer)
            #expect(ours == theirs, "\(tupu)\n  vs \(sparql)\n  tupu \(ours.count) rows: \(ours.prefix(4))\n  rdflib \(theirs.count) rows: \(theirs.prefix(4))")
            if ours.isEmpty { empty.append(tupu) }
        }
        // The comparison means something only when most answers have rows.
        #expect(empty.count <= 3, "queries without rows: \(empty)")
    }
}
