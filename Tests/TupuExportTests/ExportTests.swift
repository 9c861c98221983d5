import Foundation
import Testing
import TupuExport
import TupuModel

private let sample = GraphSnapshot(
    nodes: [
        .init(id: 1, kind: .person, name: "李希", aliases: ["李书记"]),
        .init(id: 2, kind: .event, name: "省委常委会会议"),
    ],
    edges: [
        .init(subject: 1, predicate: .attended, object: 2, evidence: [
            .init(document: "seeds/001_x.txt", start: 4, end: 15, surface: "李希出席省委常委会会议",
                  sentence: "李希出席省委常委会会议。", rule: "participation.attend", confidence: 0.95),
            .init(document: "seeds/002_y.txt", start: 0, end: 11, surface: "李希出席省委常委会会议",
                  sentence: "李希出席省委常委会会议。", rule: "participation.attend", confidence: 1),
        ]),
        .init(subject: 2, predicate: .heldOn, object: nil, literal: "2024-09-27"),
    ],
    documentTitles: ["标题"])

private struct Lines: TextOutputStream {
    var text = ""
    mutating func write(_ string: String) { text += string }
}

@Test func tsvLines() throws {
    #expect(TSVExporter().lines(for: sample) == [
        "李希\tattended\t省委常委会会议",
        "省委常委会会议\theld_on\t2024-09-27",
    ])
    var output = Lines()
    TSVExporter().write(sample, to: &output)
    #expect(output.text == "李希\tattended\t省委常委会会议\n省委常委会会议\theld_on\t2024-09-27\n")
    #expect(try ExportFormat.tsv.lines(for: sample) == TSVExporter().lines(for: sample))
}

@Test func jsonlLines() throws {
    let expected = [
        #"{"aliases":["李书记"],"kind":"person","name":"李希","type":"entity"}"#,
        #"{"aliases":[],"kind":"event","name":"省委常委会会议","type":"entity"}"#,
        #"{"evidence":[{"confidence":0.95,"document":"seeds/001_x.txt","end":15,"rule":"participation.attend","sentence":"李希出席省委常委会会议。","start":4,"surface":"李希出席省委常委会会议"},{"confidence":1,"document":"seeds/002_y.txt","end":11,"rule":"participation.attend","sentence":"李希出席省委常委会会议。","start":0,"surface":"李希出席省委常委会会议"}],"object":"省委常委会会议","objectKind":"event","objectLiteral":false,"predicate":"attended","subject":"李希","subjectKind":"person","type":"triple"}"#,
        #"{"evidence":[],"object":"2024-09-27","objectLiteral":true,"predicate":"held_on","subject":"省委常委会会议","subjectKind":"event","type":"triple"}"#,
    ]
    #expect(try JSONLExporter().lines(for: sample) == expected)
    var output = Lines()
    try ExportFormat.jsonl.write(sample, to: &output)
    #expect(output.text == expected.joined(separator: "\n") + "\n")
}

@Test func jsonlParsesBack() throws {
    let lines = try JSONLExporter().lines(for: sample)
    let objects = try lines.map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    #expect(objects.map { $0["type"] as? String } == ["entity", "entity", "triple", "triple"])
    #expect(objects[0]["aliases"] as? [String] == ["李书记"])
    let evidence = try #require(objects[2]["evidence"] as? [[String: Any]])
    #expect(evidence.count == 2)
    #expect(evidence[0]["confidence"] as? Double == 0.95)
    #expect(evidence[0]["start"] as? Int == 4)
    #expect(evidence[0]["document"] as? String == "seeds/001_x.txt")
    #expect(objects[3]["objectLiteral"] as? Bool == true)
    #expect(objects[3]["objectKind"] == nil)
}

private let hostileNames = [
    "tab\there", "new\nline", "cr\r\nlf", "\"quoted\" 'single'", "<b>&amp;</b>", "=HYPERLINK(\"x\")",
    "sep\u{2028}line", "nel\u{85}x", "back\\slash", "a/b",
]

private let hostile = GraphSnapshot(
    nodes: hostileNames.enumerated().map { .init(id: Int64($0.offset + 1), kind: .person, name: $0.element, aliases: [$0.element]) }
        + [.init(id: 100, kind: .event, name: "会\t议\n")],
    edges: hostileNames.indices.map { index in
        .init(subject: Int64(index + 1), predicate: .attended, object: 100, evidence: [
            .init(document: "d\n.txt", start: 0, end: 1, surface: hostileNames[index], sentence: "s\r\n", rule: "r\t", confidence: 0.5),
        ])
    })

@Test func hostileNamesKeepOneTSVRecordPerLine() throws {
    var output = Lines()
    TSVExporter().write(hostile, to: &output)
    let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == hostileNames.count + 1)
    #expect(lines.last == "")
    // No other line breaking character survives either.
    #expect(output.text.split(whereSeparator: \.isNewline).count == hostileNames.count)
    for (index, line) in lines.dropLast().enumerated() {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == 3)
        #expect(fields[1] == "attended")
        #expect(fields[2] == "会 议 ")
        #expect(String(fields[0]) == TSVExporter.field(hostileNames[index]))
    }
    #expect(TSVExporter.field("tab\there") == "tab here")
    #expect(TSVExporter.field("cr\r\nlf") == "cr  lf")
    #expect(TSVExporter.field("=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")")
    #expect(TSVExporter.field("<b>&amp;</b>") == "<b>&amp;</b>")
}

@Test func hostileNamesKeepOneJSONRecordPerLine() throws {
    var output = Lines()
    try JSONLExporter().write(hostile, to: &output)
    let lines = output.text.split(whereSeparator: \.isNewline)
    #expect(lines.count == hostileNames.count * 2 + 1)
    var names: [String] = []
    for line in lines {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        if object["type"] as? String == "entity" {
            let name = try #require(object["name"] as? String)
            names.append(name)
            #expect(object["aliases"] as? [String] == (object["kind"] as? String == "person" ? [name] : []))
        } else {
            #expect(object["object"] as? String == "会\t议\n")
            let evidence = try #require((object["evidence"] as? [[String: Any]])?.first)
            #expect(evidence["surface"] as? String == object["subject"] as? String)
            #expect(evidence["document"] as? String == "d\n.txt")
            #expect(evidence["sentence"] as? String == "s\r\n")
        }
    }
    #expect(names == hostileNames + ["会\t议\n"])
    #expect(output.text.contains(#""name":"a/b""#))
    #expect(output.text.contains(#"\u2028"#))
}

@Test func formatsAreListed() {
    #expect(ExportFormat.allCases.map(\.rawValue) == ["tsv", "jsonl", "csv", "ntriples", "turtle", "nquads", "trig", "jsonld", "graphml", "neo4j"])
    #expect(ExportFormat(rawValue: "jsonl") == .jsonl)
    #expect(ExportFormat.allCases.filter(\.writesFolder) == [.csv, .neo4j])
    #expect(ExportFormat.csv.fileNames == ["entities.csv", "triples.csv"])
    #expect(ExportFormat.neo4j.fileNames == ["nodes.csv", "relationships.csv", "evidence.csv", "evidence_relationships.csv", "load.cypher"])
}
