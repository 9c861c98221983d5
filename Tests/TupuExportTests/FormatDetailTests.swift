import Foundation
import Testing
@testable import TupuExport
import TupuModel

@Test func csvFieldsAreQuotedPerRFC4180() {
    #expect(DelimitedField.quoted("plain 名字") == "plain 名字")
    #expect(DelimitedField.quoted("a,b") == "\"a,b\"")
    #expect(DelimitedField.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(DelimitedField.quoted("cr\r\nlf") == "\"cr\r\nlf\"")
    #expect(DelimitedField.quoted(" padded") == "\" padded\"")
    #expect(DelimitedField.quoted("back\\slash;semi") == "back\\slash;semi")
    #expect(DelimitedField.record(["1", "a,b", ""]) == "1,\"a,b\",")
}

@Test func formulaGuardPrefixesOnlyRiskyFirstCharacters() {
    for risky in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted"] {
        #expect(CSVExporter.guardFormula(risky) == "'" + risky)
    }
    for safe in ["李希", "a=b", "", "2024-09-27", " =x"] {
        #expect(CSVExporter.guardFormula(safe) == safe)
    }
    var guarded = "", open = ""
    let snapshot = GraphSnapshot(nodes: [.init(id: 7, kind: .person, name: "=HYPERLINK(\"x\")", aliases: ["@a", "b|c"])], edges: [])
    CSVExporter().writeEntities(snapshot, to: &guarded)
    CSVExporter(formulaGuard: false).writeEntities(snapshot, to: &open)
    #expect(guarded == "id,kind,name,aliases\r\n7,person,\"'=HYPERLINK(\"\"x\"\")\",'@a|b｜c\r\n")
    #expect(open == "id,kind,name,aliases\r\n7,person,\"=HYPERLINK(\"\"x\"\")\",@a|b｜c\r\n")
}

@Test func iriNamesArePercentEncodedOnlyWhereIRIsForbid() {
    #expect(RDFGraph.percentEncoded("李希") == "李希")
    #expect(RDFGraph.percentEncoded("a b") == "a%20b")
    #expect(RDFGraph.percentEncoded("<>\"{}|\\^`") == "%3C%3E%22%7B%7D%7C%5C%5E%60")
    #expect(RDFGraph.percentEncoded("a/b?c#d%e") == "a%2Fb%3Fc%23d%25e")
    #expect(RDFGraph.percentEncoded("x\u{1}\n\u{7F}\u{85}\u{2028}") == "x%01%0A%7F%C2%85%E2%80%A8")
    #expect(RDFGraph.percentEncoded("a,b;c=d(e)'f@g:h") == "a,b;c=d(e)'f@g:h")
    #expect(RDFGraph.percentEncoded("\u{E000}") == "%EE%80%80")
    // Distinct names stay distinct.
    #expect(RDFGraph.percentEncoded("a%20b") != RDFGraph.percentEncoded("a b"))
}

@Test func nTriplesLiteralsAreEscaped() {
    #expect(RDFGraph.escaped("say \"hi\"\\") == "say \\\"hi\\\"\\\\")
    #expect(RDFGraph.escaped("a\nb\rc\td") == "a\\nb\\rc\\td")
    #expect(RDFGraph.escaped("\u{1}\u{7F}\u{85}\u{2028}李") == "\\u0001\\u007F\\u0085\\u2028李")
    #expect(RDFGraph.nTriples(.literal("x", datatype: nil, language: "zh")) == "\"x\"@zh")
    #expect(RDFGraph.nTriples(.literal("3", datatype: RDFGraph.xsd + "integer", language: nil))
        == "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>")
}

@Test func decimalsAndDatesHaveValidLexicalForms() {
    #expect(RDFGraph.decimal(0.95) == "0.95")
    #expect(RDFGraph.decimal(1) == "1.0")
    #expect(RDFGraph.decimal(0.00001) == "0.00001")
    #expect(RDFGraph.decimal(1.5e-7) == "0.00000015")
    #expect(RDFGraph.decimal(2e20) == "200000000000000000000.0")
    #expect(RDFGraph.decimal(.nan) == nil)
    #expect(RDFGraph.isISODate("2022-09-27"))
    #expect(!RDFGraph.isISODate("2022-13-01"))
    #expect(!RDFGraph.isISODate("2022-9-27"))
    #expect(!RDFGraph.isISODate("九月"))
}

@Test func baseIRIsAreChecked() throws {
    try ExportOptions(baseIRI: "https://example.org/kg/").validate()
    for bad in ["example.org/", "http://example.org", "http://example.org/a b/", "http://x.org/#/", ":x/", "1http://x/"] {
        #expect(throws: ExportError.self, "\(bad)") { try ExportOptions(baseIRI: bad).validate() }
    }
    var text = ""
    #expect(throws: ExportError.self) {
        try ExportFormat.turtle.write(GraphSnapshot(nodes: [], edges: []), options: ExportOptions(baseIRI: "nope"), to: &text)
    }
}

@Test func folderFormatsRefuseOneStream() {
    var text = ""
    let empty = GraphSnapshot(nodes: [], edges: [])
    #expect(throws: ExportError.needsFolder(.csv)) { try ExportFormat.csv.write(empty, to: &text) }
    #expect(throws: ExportError.needsFolder(.neo4j)) { try ExportFormat.neo4j.write(empty, to: &text) }
    #expect(throws: ExportError.unknownFile("x.csv", .csv)) { try ExportFormat.csv.write(empty, file: "x.csv", to: &text) }
    #expect("\(ExportError.needsFolder(.csv))" == "--format csv writes entities.csv and triples.csv; give a folder with -o DIR")
}

private let small = GraphSnapshot(
    nodes: [
        .init(id: 1, kind: .person, name: "李希", aliases: ["李书记"]),
        .init(id: 2, kind: .event, name: "省委常委会会议"),
        .init(id: 3, kind: .date, name: "2024-09-27"),
    ],
    edges: [
        .init(subject: 1, predicate: .attended, object: 2, evidence: [
            .init(document: "seeds/001.txt", start: 4, end: 15, surface: "李希出席", sentence: "李希出席。", rule: "participation.cue", confidence: 0.95),
        ]),
        .init(subject: 2, predicate: .heldOn, object: 3),
    ])

@Test func turtleIsGroupedBySubject() throws {
    var text = ""
    try ExportFormat.turtle.write(small, to: &text)
    #expect(text == """
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix schema: <https://schema.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix tupu: <http://tupu.invalid/vocab#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        <http://tupu.invalid/entity/person/李希> a schema:Person ;
            schema:name "李希"@zh-Hans ;
            skos:prefLabel "李希"@zh-Hans ;
            skos:altLabel "李书记"@zh-Hans .

        <http://tupu.invalid/entity/event/省委常委会会议> a schema:Event ;
            schema:name "省委常委会会议"@zh-Hans ;
            skos:prefLabel "省委常委会会议"@zh-Hans ;
            schema:attendee <http://tupu.invalid/entity/person/李希> ;
            schema:startDate "2024-09-27"^^xsd:date .

        <http://tupu.invalid/document/seeds%2F001.txt> a schema:NewsArticle ;
            schema:name "seeds/001.txt"@zh-Hans ;
            skos:prefLabel "seeds/001.txt"@zh-Hans ;
            tupu:path "seeds/001.txt" .

        <http://tupu.invalid/evidence/1> a prov:Entity ,
                rdf:Statement ;
            rdf:subject <http://tupu.invalid/entity/event/省委常委会会议> ;
            rdf:predicate schema:attendee ;
            rdf:object <http://tupu.invalid/entity/person/李希> ;
            prov:wasDerivedFrom <http://tupu.invalid/document/seeds%2F001.txt> ;
            prov:value "李希出席。"@zh-Hans ;
            tupu:surface "李希出席"@zh-Hans ;
            tupu:start 4 ;
            tupu:end 15 ;
            tupu:rule "participation.cue" ;
            tupu:confidence 0.95 .

        """)
    // Deterministic.
    var again = ""
    try ExportFormat.turtle.write(small, to: &again)
    #expect(again == text)
}

/// A snapshot with its document listed, a traditional alias, a partial date and a romanizer.
private let withDocument = GraphSnapshot(
    nodes: [
        .init(id: 1, kind: .person, name: "李家超", aliases: ["李家超"]),
        .init(id: 2, kind: .event, name: "行政会议（2024-09）", aliases: ["行政會議"]),
        .init(id: 3, kind: .document, name: "标题（文档 0123abcd）"),
        .init(id: 4, kind: .document, name: "施政报告"),
        .init(id: 5, kind: .date, name: "2024-09"),
    ],
    edges: [
        .init(subject: 1, predicate: .attended, object: 2, evidence: [
            .init(document: "news/a.txt", start: 0, end: 3, surface: "李家超", sentence: "李家超出席會議。", rule: "participation.cue", confidence: 1),
        ]),
        .init(subject: 2, predicate: .heldOn, object: 5),
        .init(subject: 2, predicate: .reportedBy, object: 3),
    ],
    documents: [.init(path: "news/a.txt", contentHash: "0123abcdef", title: "标题", published: "2024-09-30")])

@Test func documentsArticlesScriptsAndPinyin() throws {
    var text = ""
    let pinyin = Romanizer(name: "test") { name, kind in kind == .person ? "Lee Ka-chiu" : nil }
    try ExportFormat.turtle.write(withDocument, options: ExportOptions(romanizer: pinyin), to: &text)
    let article = "<http://tupu.invalid/entity/document/标题（文档%200123abcd）>"
    #expect(text.contains("""
        <http://tupu.invalid/entity/person/李家超> a schema:Person ;
            schema:name "李家超"@zh-Hans ;
            skos:prefLabel "李家超"@zh-Hans ;
            skos:altLabel "Lee Ka-chiu"@zh-Latn-pinyin .
        """), "an alias equal to the name is not an altLabel")
    #expect(text.contains("""
            skos:altLabel "行政會議"@zh-Hant ;
            schema:attendee <http://tupu.invalid/entity/person/李家超> ;
            schema:startDate "2024-09"^^xsd:gYearMonth ;
            schema:subjectOf \(article) .
        """))
    #expect(text.contains("""
        \(article) a schema:NewsArticle ;
            schema:name "标题（文档 0123abcd）"@zh-Hans ;
            skos:prefLabel "标题（文档 0123abcd）"@zh-Hans ;
            schema:headline "标题"@zh-Hans ;
            schema:datePublished "2024-09-30"^^xsd:date ;
            tupu:path "news/a.txt" .
        """))
    // A document the text names is a creative work, not an article.
    #expect(text.contains("<http://tupu.invalid/entity/document/施政报告> a schema:CreativeWork ;"))
    #expect(text.contains("    prov:wasDerivedFrom \(article) ;\n    prov:value \"李家超出席會議。\"@zh-Hant ;"))
    #expect(RDFGraph.dateType("2024") == "gYear")
    #expect(RDFGraph.dateType("2024-13") == nil)
    #expect(RDFGraph.dateType("二〇二四") == nil)
}

@Test func datasetsPutEachDocumentsFactsInItsGraph() throws {
    let quads = try ExportFormat.nquads.lines(for: withDocument)
    let triples = try ExportFormat.ntriples.lines(for: withDocument)
    let graph = " <http://tupu.invalid/entity/document/标题（文档%200123abcd）> ."
    // (`EVENT schema:subjectOf ARTICLE .` in the default graph ends the same way.)
    let named = quads.filter { $0.hasSuffix(graph) && !triples.contains($0) }
    // The attendance and its evidence (12 triples); the undated facts stay in the default graph only.
    #expect(named.count == 13)
    #expect(named.first == "<http://tupu.invalid/entity/event/行政会议（2024-09）> <https://schema.org/attendee> <http://tupu.invalid/entity/person/李家超>" + graph)
    #expect(Set(quads.filter { !named.contains($0) }) == Set(triples.filter { !$0.hasPrefix("<http://tupu.invalid/evidence/") }))
    var trig = ""
    try ExportFormat.trig.write(withDocument, to: &trig)
    #expect(trig.contains("\n<http://tupu.invalid/entity/document/标题（文档%200123abcd）> {\n    <http://tupu.invalid/entity/event/行政会议（2024-09）> schema:attendee <http://tupu.invalid/entity/person/李家超> .\n"))
    #expect(trig.hasSuffix("        tupu:confidence 1.0 .\n}\n"))
}

@Test func jsonLDRefersToOrHoldsItsContext() throws {
    var referred = "", inline = ""
    try ExportFormat.jsonld.write(withDocument, to: &referred)
    try ExportFormat.jsonld.write(withDocument, options: ExportOptions(inlineContext: true), to: &inline)
    #expect(referred.hasPrefix("{\n\"@context\": \"http://tupu.invalid/vocab/context.jsonld\",\n\"@graph\": [\n"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(inline.utf8)) as? [String: Any])
    let context = try #require(object["@context"] as? [String: Any])
    let published = try #require(try JSONSerialization.jsonObject(with: Data(TupuVocabulary.jsonLDContext().utf8)) as? [String: Any])
    #expect(NSDictionary(dictionary: context).isEqual(to: try #require(published["@context"] as? [String: Any])))
    let graph = try #require(object["@graph"] as? [[String: Any]])
    let event = try #require(graph.first { $0["@type"] as? String == "Event" })
    #expect(event["attendee"] as? String == "http://tupu.invalid/entity/person/李家超")
    #expect((event["startDate"] as? [String: String])?["@type"] == "http://www.w3.org/2001/XMLSchema#gYearMonth")
    let evidence = try #require(graph.first { ($0["@type"] as? [String]) == ["Entity", "Statement"] })
    #expect(evidence["confidence"] as? String == "1.0")
    #expect(evidence["start"] as? Int == 0)
    #expect(JSONLDExporter.string("a\"\\\n\u{1}\u{2028}") == "\"a\\\"\\\\\\n\\u0001\\u2028\"")
}

@Test func nTriplesAreOneTripleALine() throws {
    let lines = try ExportFormat.ntriples.lines(for: small)
    #expect(lines.count == 4 + 5 + 4 + 12)
    #expect(lines.allSatisfy { $0.hasPrefix("<http://tupu.invalid/") && $0.hasSuffix(" .") })
    #expect(lines.contains(
        "<http://tupu.invalid/entity/event/省委常委会会议> <https://schema.org/startDate> \"2024-09-27\"^^<http://www.w3.org/2001/XMLSchema#date> ."))
    #expect(lines.contains("<http://tupu.invalid/evidence/1> <http://tupu.invalid/vocab#confidence> \"0.95\"^^<http://www.w3.org/2001/XMLSchema#decimal> ."))
}

@Test func neo4jAndGraphMLLayouts() throws {
    var nodes = "", relationships = "", graphML = ""
    try ExportFormat.neo4j.write(small, file: "nodes.csv", to: &nodes)
    try ExportFormat.neo4j.write(small, file: "relationships.csv", to: &relationships)
    #expect(nodes == """
        id:ID,name,kind,aliases:string[],date:date,title,published:date,path,:LABEL
        1,李希,person,李书记,,,,,Person
        2,省委常委会会议,event,,,,,,Event
        3,2024-09-27,date,,2024-09-27,,,,Date
        document-1,seeds/001.txt,document,,,,,seeds/001.txt,Document

        """)
    #expect(relationships == """
        :START_ID,:END_ID,:TYPE,fact:int,evidence_count:int,documents:string[]
        1,2,ATTENDED,1,1,seeds/001.txt
        2,3,HELD_ON,2,0,

        """)
    var evidence = "", links = "", cypher = ""
    try ExportFormat.neo4j.write(small, file: "evidence.csv", to: &evidence)
    try ExportFormat.neo4j.write(small, file: "evidence_relationships.csv", to: &links)
    try ExportFormat.neo4j.write(small, file: "load.cypher", to: &cypher)
    #expect(evidence == """
        id:ID,fact:int,predicate,sentence,surface,start:int,end:int,rule,confidence:float,document,:LABEL
        evidence-1,1,attended,李希出席。,李希出席,4,15,participation.cue,0.95,seeds/001.txt,Evidence

        """)
    #expect(links == """
        :START_ID,:END_ID,:TYPE
        evidence-1,document-1,FROM
        evidence-1,1,SUBJECT
        evidence-1,2,OBJECT

        """)
    #expect(cypher.contains("""
        LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
        WITH row WHERE row.`:TYPE` = 'ATTENDED'
        MATCH (s:Tupu {id: row.`:START_ID`}), (o:Tupu {id: row.`:END_ID`})
        CREATE (s)-[r:ATTENDED {fact: toInteger(row.`fact:int`), evidence_count: toInteger(row.`evidence_count:int`)}]->(o)
        SET r.documents = CASE WHEN coalesce(row.`documents:string[]`, '') = '' THEN null ELSE split(row.`documents:string[]`, ';') END;
        """))
    // A listed document is its entity's node, with title, publication date and path.
    var listed = ""
    try ExportFormat.neo4j.write(withDocument, file: "nodes.csv", to: &listed)
    #expect(listed.contains("\n3,标题（文档 0123abcd）,document,,,标题,2024-09-30,news/a.txt,Document\n"))
    #expect(listed.contains("\n5,2024-09,date,,,,,,Date\n"), "a partial date is no Neo4j date")
    try ExportFormat.graphml.write(small, to: &graphML)
    #expect(graphML.contains(#"<node id="n1"><data key="kind">person</data><data key="name">李希</data><data key="aliases">李书记</data></node>"#))
    var documentGraphML = ""
    try ExportFormat.graphml.write(withDocument, to: &documentGraphML)
    #expect(documentGraphML.contains(#"<node id="n3"><data key="kind">document</data><data key="name">标题（文档 0123abcd）</data><data key="title">标题</data><data key="published">2024-09-30</data><data key="path">news/a.txt</data></node>"#))
    #expect(graphML.contains(#"<edge id="e1" source="n1" target="n2"><data key="predicate">attended</data><data key="label">出席</data><data key="evidence_count">1</data></edge>"#))
    #expect(GraphMLExporter.escaped("<a href='x'>&\"\r\u{1}\u{FFFE}\t\n") == "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&#13;\t\n")
}

@Test func cypherScriptLoadsEveryFileColumnLabelAndType() throws {
    var cypher = ""
    try ExportFormat.neo4j.write(small, file: "load.cypher", to: &cypher)
    let headers = [
        Neo4jExporter.nodesHeader, Neo4jExporter.relationshipsHeader, Neo4jExporter.evidenceHeader, Neo4jExporter.evidenceRelationshipsHeader,
    ]
    for column in headers.joined() {
        #expect(cypher.contains("row.`\(column)`"), "\(column) is not loaded")
    }
    for file in ExportFormat.neo4j.fileNames where file.hasSuffix(".csv") {
        #expect(cypher.contains("LOAD CSV WITH HEADERS FROM 'file:///\(file)' AS row"))
    }
    for kind in EntityKind.allCases {
        #expect(cypher.contains("CREATE (n:Tupu:\(Neo4jExporter.label(kind)) {"))
    }
    for predicate in Predicate.allCases {
        #expect(cypher.contains("CREATE (s)-[r:\(Neo4jExporter.type(predicate)) {"))
    }
    // The constraint, a statement per label (kinds and Literal), evidence, types, evidence links.
    let statements = cypher.components(separatedBy: ";\n").filter { !$0.isEmpty }
    #expect(statements.count == 1 + EntityKind.allCases.count + 1 + 1 + Predicate.allCases.count + 3)
    #expect(cypher.contains("n.published = CASE WHEN coalesce(row.`published:date`, '') = '' THEN null ELSE date(row.`published:date`) END"))
}
