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
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix tupu: <http://tupu.invalid/vocab#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        <http://tupu.invalid/entity/person/李希> a tupu:Person ;
            rdfs:label "李希"@zh ;
            tupu:alias "李书记"@zh ;
            tupu:attended <http://tupu.invalid/entity/event/省委常委会会议> .

        <http://tupu.invalid/entity/event/省委常委会会议> a tupu:Event ;
            rdfs:label "省委常委会会议"@zh ;
            tupu:held_on "2024-09-27"^^xsd:date .

        <http://tupu.invalid/evidence/1> a rdf:Statement ;
            rdf:subject <http://tupu.invalid/entity/person/李希> ;
            rdf:predicate tupu:attended ;
            rdf:object <http://tupu.invalid/entity/event/省委常委会会议> ;
            tupu:document "seeds/001.txt" ;
            tupu:start 4 ;
            tupu:end 15 ;
            tupu:surface "李希出席"@zh ;
            tupu:sentence "李希出席。"@zh ;
            tupu:rule "participation.cue" ;
            tupu:confidence 0.95 .

        """)
    // Deterministic.
    var again = ""
    try ExportFormat.turtle.write(small, to: &again)
    #expect(again == text)
}

@Test func nTriplesAreOneTripleALine() throws {
    let lines = try ExportFormat.ntriples.lines(for: small)
    #expect(lines.count == 3 + 2 + 1 + 1 + 11)
    #expect(lines.allSatisfy { $0.hasPrefix("<http://tupu.invalid/") && $0.hasSuffix(" .") })
    #expect(lines.contains(
        "<http://tupu.invalid/entity/event/省委常委会会议> <http://tupu.invalid/vocab#held_on> \"2024-09-27\"^^<http://www.w3.org/2001/XMLSchema#date> ."))
    #expect(lines.contains("<http://tupu.invalid/evidence/1> <http://tupu.invalid/vocab#confidence> \"0.95\"^^<http://www.w3.org/2001/XMLSchema#decimal> ."))
}

@Test func neo4jAndGraphMLLayouts() throws {
    var nodes = "", relationships = "", graphML = ""
    try ExportFormat.neo4j.write(small, file: "nodes.csv", to: &nodes)
    try ExportFormat.neo4j.write(small, file: "relationships.csv", to: &relationships)
    #expect(nodes == """
        id:ID,name,kind,aliases:string[],:LABEL
        1,李希,person,李书记,Person
        2,省委常委会会议,event,,Event
        3,2024-09-27,date,,Date

        """)
    #expect(relationships == """
        :START_ID,:END_ID,:TYPE,evidence_count:int,documents:string[]
        1,2,ATTENDED,1,seeds/001.txt
        2,3,HELD_ON,0,

        """)
    try ExportFormat.graphml.write(small, to: &graphML)
    #expect(graphML.contains(#"<node id="n1"><data key="kind">person</data><data key="name">李希</data><data key="aliases">李书记</data></node>"#))
    #expect(graphML.contains(#"<edge id="e1" source="n1" target="n2"><data key="predicate">attended</data><data key="label">出席</data><data key="evidence_count">1</data></edge>"#))
    #expect(GraphMLExporter.escaped("<a href='x'>&\"\r\u{1}\u{FFFE}\t\n") == "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&#13;\t\n")
}
