import Foundation
import FoundationXML
import Testing
import TupuModel
import TupuRender

/// The text of every `<text>` element of an SVG, after XML parsing.
private func svgTexts(_ svg: [UInt8]) throws -> [String] {
    let document = try XMLDocument(data: Data(svg), options: [])
    #expect(document.rootElement()?.name == "svg")
    return try document.nodes(forXPath: "//*[local-name()='text']").map { $0.stringValue ?? "" }
}

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Suite(.serialized) struct GraphvizRendererTests {
    let renderer = GraphvizRenderer()

    static let hostileNames = [
        #"他说"你好""#,
        #"C:\路径\文件"#,
        #"\N\G\L\E\T\H"#,
        #"末尾反斜杠\"#,
        "<script>alert(1)</script>",
        "&amp;",
        "A & B",
        "node",
        "graph",
        "edge",
        "strict",
        "subgraph",
        "1号",
        "第一行\n第二行",
    ]

    @Test func hostileLabelsSurviveDOTToSVG() throws {
        let nodes = Self.hostileNames.enumerated().map { index, name in
            GraphSnapshot.Node(id: Int64(index + 1), kind: .person, name: name)
        }
        let edges = (1..<nodes.count).map { GraphSnapshot.Edge(subject: Int64($0), predicate: .metWith, object: Int64($0 + 1)) }
            + [.init(subject: 1, predicate: .heldOn, object: nil, literal: #"<i>"\N"</i> &lt;"#)]
        let graph = GraphSnapshot(nodes: nodes, edges: edges)
        let svg = try renderer.render(graph, options: .init(title: #"标题 "\G" & <b>"#), format: .svg)
        let source = String(decoding: svg, as: UTF8.self)

        // Graphviz escaped the markup itself; nothing of ours leaks into the SVG as markup.
        #expect(source.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!source.contains("<script"))
        #expect(source.contains(">&amp;amp;<"))

        let texts = try svgTexts(svg)
        for name in Self.hostileNames where !name.contains("\n") {
            #expect(texts.filter { $0 == name }.count == 1, "label \(name) not found exactly once in \(texts)")
        }
        // A newline in a name is a line break: one text element per line.
        #expect(texts.contains("第一行"))
        #expect(texts.contains("第二行"))
        #expect(texts.contains(#"<i>"\N"</i> &lt;"#))
        #expect(texts.contains(#"标题 "\G" & <b>"#))
    }

    @Test func chineseNamesAreTextInSVG() throws {
        let svg = try renderer.render(smallSnapshot, options: .init(title: "广东新闻"), format: .svg)
        let texts = try svgTexts(svg)
        for expected in ["李希", "王伟", "省委常委会会议", "省委书记", "2024-09-27", "出席", "主持", "担任", "日期", "广东新闻", "图例", "人物", "职务", "活动"] {
            #expect(texts.contains(expected), "\(expected) missing from \(texts)")
        }
        #expect(String(decoding: svg, as: UTF8.self).contains("font-family=\"Noto Sans CJK SC\""))
    }

    @Test(.enabled(if: GraphvizRenderer().supports(.png)))
    func pngHasThePNGSignature() throws {
        let png = try renderer.render(smallSnapshot, format: .png)
        #expect(png.count > 1000)
        #expect(Array(png.prefix(8)) == pngSignature)
    }

    @Test(.enabled(if: GraphvizRenderer().supports(.pdf)))
    func pdfStartsWithPDFHeader() throws {
        let pdf = try renderer.render(smallSnapshot, format: .pdf)
        #expect(Array(pdf.prefix(5)) == Array("%PDF-".utf8))
    }

    @Test func dotFormatReturnsTheDOTUnchanged() throws {
        let text = "not even DOT { ;"
        #expect(try renderer.render(dot: text, format: .dot) == Array(text.utf8))
    }

    @Test func syntaxErrorCarriesGraphvizMessage() throws {
        let error = #expect(throws: RenderError.self) {
            try renderer.render(dot: "digraph { a -> }", format: .svg)
        }
        guard case .syntax(let message)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("syntax error"))
        #expect(message.contains("near '}'"))
        #expect(error?.description.contains("syntax error") == true)
        // Graphviz keeps working after a parse error.
        let svg = try renderer.render(dot: "digraph { a -> b }", format: .svg)
        #expect(try svgTexts(svg).sorted() == ["a", "b"])
    }

    @Test func nulInDOTIsASyntaxError() {
        #expect(throws: RenderError.syntax(message: "the DOT text contains a NUL character")) {
            try renderer.render(dot: "digraph { a\u{0} }", format: .svg)
        }
    }

    @Test(arguments: LayoutEngine.allCases)
    func everyLayoutEngineRenders(engine: LayoutEngine) throws {
        let svg = try renderer.render(smallSnapshot, layout: engine, format: .svg)
        let texts = try svgTexts(svg)
        #expect(texts.contains("省委常委会会议"))
        // The legend is a cluster, or a table for the engines that do not draw clusters (issue 16:
        // every layout has a legend; before, those engines had none).
        #expect(texts.contains("图例"))
    }

    @Test func concurrentRendersAreSerializedAndIdentical() async throws {
        let dot = DOTWriter().write(smallSnapshot)
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask { try GraphvizRenderer().render(dot: dot, format: .svg) }
            }
            var all: [[UInt8]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 8)
        #expect(Set(results).count == 1)
    }

    @Test func svgAndPNGAreAlwaysSupported() {
        #expect(renderer.supports(.dot))
        #expect(renderer.supports(.svg))
        #expect(renderer.graphvizVersion()?.first?.isNumber == true)
    }
}

@Suite struct RenderFormatTests {
    @Test(arguments: [
        ("svg", RenderFormat.svg), (".svg", .svg), ("SVG", .svg),
        ("png", .png), (".PNG", .png), ("pdf", .pdf),
        ("dot", .dot), ("gv", .dot), (".gv", .dot),
    ])
    func knownExtensions(ext: String, format: RenderFormat) {
        #expect(RenderFormat(fileExtension: ext) == format)
    }

    @Test(arguments: ["", ".", "jpg", "svgz", "tsv", "s vg"])
    func unknownExtensions(ext: String) {
        #expect(RenderFormat(fileExtension: ext) == nil)
    }

    @Test func extensionsRoundTrip() {
        for format in RenderFormat.allCases {
            #expect(RenderFormat(fileExtension: format.fileExtension) == format)
        }
    }

    @Test func unsupportedFormatNamesTheDebianPackage() {
        let text = RenderError.unsupportedFormat(.png, debianPackage: "libgvc6").description
        #expect(text.contains("png"))
        #expect(text.contains("apt-get install libgvc6"))
    }
}
