import Testing
import TupuModel
@testable import TupuRender

/// Two persons, an event, a role and a date literal.
let smallSnapshot = GraphSnapshot(
    nodes: [
        .init(id: 1, kind: .person, name: "李希"),
        .init(id: 2, kind: .person, name: "王伟"),
        .init(id: 3, kind: .event, name: "省委常委会会议"),
        .init(id: 4, kind: .role, name: "省委书记"),
    ],
    edges: [
        .init(subject: 1, predicate: .holdsRole, object: 4),
        .init(subject: 1, predicate: .presided, object: 3),
        .init(subject: 2, predicate: .attended, object: 3),
        .init(subject: 3, predicate: .heldOn, object: nil, literal: "2024-09-27"),
    ]
)

@Suite struct DOTWriterTests {
    @Test func goldenDOT() {
        let expected = """
            digraph "tupu" {
              graph [charset="UTF-8", fontname="Noto Sans CJK SC", label="省委常委会", labelloc=t, fontsize=20, rankdir=LR, splines=true, nodesep=0.35, ranksep=1.6, pad=0.4];
              node [fontname="Noto Sans CJK SC", fontsize=14, margin="0.2,0.08"];
              edge [fontname="Noto Sans CJK SC", fontsize=11, color="#666666", fontcolor="#444444", arrowsize=0.7];
              "n1" [label="李希", shape=ellipse, style=filled, fillcolor="#F8CECC", tooltip="人物 (person)"];
              "n2" [label="王伟", shape=ellipse, style=filled, fillcolor="#F8CECC", tooltip="人物 (person)"];
              "n4" [label="省委书记", shape=box, style=filled, fillcolor="#FFF2B3", tooltip="职务 (role)"];
              "n3" [label="省委常委会会议", shape=doubleoctagon, style=filled, fillcolor="#FFCC80", tooltip="活动 (event)"];
              "l0" [label="2024-09-27", shape=plaintext, tooltip="值 (literal)"];
              "n1" -> "n4" [label="担任", color="#7A6A00", fontcolor="#7A6A00"];
              "n1" -> "n3" [label="主持", color="#B03A2E", fontcolor="#B03A2E"];
              "n2" -> "n3" [label="出席", color="#C25E00", fontcolor="#C25E00"];
              "n3" -> "l0" [label="日期", color="#555555", fontcolor="#555555"];
              subgraph cluster_legend {
                label="图例";
                fontsize=12;
                style="rounded,dashed";
                color="#999999";
                "legend_person" [label="人物", shape=ellipse, style=filled, fillcolor="#F8CECC", fontsize=10, tooltip="person"];
                "legend_role" [label="职务", shape=box, style=filled, fillcolor="#FFF2B3", fontsize=10, tooltip="role"];
                "legend_event" [label="活动", shape=doubleoctagon, style=filled, fillcolor="#FFCC80", fontsize=10, tooltip="event"];
              }
            }

            """
        let dot = DOTWriter(options: .init(title: "省委常委会")).write(smallSnapshot)
        #expect(dot == expected)
    }

    @Test func englishEdgeLabelsAndNoLegendOrTitle() {
        let dot = DOTWriter(options: .init(edgeLabels: .en, legend: false)).write(smallSnapshot)
        #expect(dot.contains("\"n2\" -> \"n3\" [label=\"attended\", color=\"#C25E00\""))
        #expect(dot.contains("\"n1\" -> \"n4\" [label=\"holds_role\", color=\"#7A6A00\""))
        #expect(!dot.contains("出席"))
        #expect(!dot.contains("cluster_legend"))
        #expect(!dot.contains("labelloc"))
    }

    @Test func sameSnapshotSameBytes() {
        let writer = DOTWriter(options: .init(title: "t"))
        #expect(writer.write(smallSnapshot) == writer.write(smallSnapshot))
    }

    @Test func inputOrderDoesNotMatter() {
        let shuffled = GraphSnapshot(
            nodes: smallSnapshot.nodes.reversed(),
            edges: [smallSnapshot.edges[2], smallSnapshot.edges[3], smallSnapshot.edges[0], smallSnapshot.edges[1]]
        )
        #expect(shuffled.nodes.map(\.id) != smallSnapshot.nodes.map(\.id))
        let writer = DOTWriter()
        #expect(writer.write(shuffled) == writer.write(smallSnapshot))
    }

    @Test func literalsShareOneNodePerValueNumberedInByteOrder() {
        let graph = GraphSnapshot(
            nodes: [.init(id: 7, kind: .event, name: "甲"), .init(id: 8, kind: .event, name: "乙")],
            edges: [
                .init(subject: 8, predicate: .heldOn, object: nil, literal: "2024-10-01"),
                .init(subject: 7, predicate: .heldOn, object: nil, literal: "2024-09-27"),
                .init(subject: 8, predicate: .heldIn, object: nil, literal: "2024-09-27"),
            ]
        )
        let dot = DOTWriter().write(graph)
        #expect(dot.contains("\"l0\" [label=\"2024-09-27\", shape=plaintext"))
        #expect(dot.contains("\"l1\" [label=\"2024-10-01\", shape=plaintext"))
        #expect(!dot.contains("\"l2\""))
        #expect(dot.contains("\"n7\" -> \"l0\" [label=\"日期\", color=\"#555555\", fontcolor=\"#555555\"];\n  \"n8\" -> \"l0\" [label=\"举办地\", color=\"#117A65\", fontcolor=\"#117A65\"];\n  \"n8\" -> \"l1\" [label=\"日期\", color=\"#555555\", fontcolor=\"#555555\"];"))
    }

    @Test func edgesToUnknownNodesAreLeftOut() {
        let graph = GraphSnapshot(
            nodes: [.init(id: 1, kind: .person, name: "甲")],
            edges: [
                .init(subject: 1, predicate: .metWith, object: 99),
                .init(subject: 98, predicate: .metWith, object: 1),
                .init(subject: 1, predicate: .heldOn, object: nil, literal: nil),
            ]
        )
        let dot = DOTWriter().write(graph)
        #expect(!dot.contains("->"))
        #expect(!dot.contains("n99"))
        #expect(!dot.contains("n98"))
    }

    @Test func everyKindHasItsStyleInNodesAndLegend() {
        let nodes = EntityKind.allCases.enumerated().map { index, kind in
            GraphSnapshot.Node(id: Int64(index + 1), kind: kind, name: "名\(index)")
        }
        let dot = DOTWriter().write(GraphSnapshot(nodes: nodes, edges: []))
        let shapes = Set(EntityKind.allCases.map { NodeStyle.of($0).shape })
        #expect(shapes.count >= 6)
        for kind in EntityKind.allCases {
            let style = NodeStyle.of(kind)
            #expect(dot.contains("shape=\(style.shape), style=filled, fillcolor=\"\(style.fillColor)\", tooltip=\"\(kind.chineseLabel) (\(kind.rawValue))\""))
            #expect(dot.contains("\"legend_\(kind.rawValue)\" [label=\"\(kind.chineseLabel)\", shape=\(style.shape)"))
        }
    }

    @Test func emptyGraphHasNoLegend() {
        let dot = DOTWriter().write(GraphSnapshot(nodes: [], edges: []))
        #expect(dot.hasPrefix("digraph \"tupu\" {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(!dot.contains("cluster_legend"))
    }
}

@Suite struct DOTStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("李希", #""李希""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"a\b"#, #""a\\b""#),
        (#"\N\G\L"#, #""\\N\\G\\L""#),
        ("trailing\\", #""trailing\\""#),
        ("line1\nline2", #""line1\nline2""#),
        ("a\r\nb\rc", #""a\nb\nc""#),
        ("tab\there", #""tab here""#),
        ("bell\u{07}nul\u{00}esc\u{1B}del\u{7F}c1\u{85}", #""bellnulescdelc1""#),
        ("node", #""node""#),
        ("1号", #""1号""#),
        ("<b>&amp;</b>", #""<b>&amp;</b>""#),
    ])
    func quoted(input: String, expected: String) {
        #expect(DOTString.quoted(input) == expected)
    }

    @Test func labelEscapesAmpersands() {
        #expect(DOTString.label("&amp; A & B") == #""&amp;amp; A &amp; B""#)
        #expect(DOTString.label(#"\N "x""#) == #""\\N \"x\"""#)
    }
}
