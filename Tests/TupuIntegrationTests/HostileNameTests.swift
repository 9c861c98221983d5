import Foundation
import FoundationXML
import Testing
import TupuExport
import TupuModel
import TupuQuery
import TupuRender
import TupuStore

typealias Predicate = TupuModel.Predicate

/// The folder of this test process that holds every store a test makes; removed when the process
/// exits, so a run leaves nothing behind in the temporary directory.
private let scratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-hostile-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return url
}()

/// Names that try to break a format: they must go through the store, the query language, DOT,
/// SVG and every export as data, never as syntax.
@Suite(.serialized) struct HostileNameTests {
    static let hostile: [String] = [
        "\"引号\" and 'single'", "back\\slash \\N \\G", "line\nbreak\r\nCRLF", "<script>alert(1)</script>",
        "&amp; & <b>", "=SUM(A1:A9)", "+cmd|' /C calc'!A0", "ctrl\u{1}\u{7}\u{1B}char", "tab\there", "'; DROP TABLE triple; --",
        "%_LIKE_%", "node", "graph", "1号", String(repeating: "长", count: 4_000),
    ]

    static let event = EntityRef(.event, "全省<测试>\"大会\"")

    /// One document whose persons carry the hostile names, each attending the event.
    static func store() throws -> (Store, String) {
        let folder = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try Store(path: folder.appendingPathComponent("h.sqlite").path)
        let text = String(repeating: "某人出席会议。", count: hostile.count)
        let evidence = { (index: Int) in
            Evidence(sentence: Span(start: index * 7, end: index * 7 + 7), span: Span(start: index * 7, end: index * 7 + 6), rule: "test", confidence: 0.9)
        }
        let facts = hostile.enumerated().map { index, name in
            Fact(Triple(EntityRef(.person, name), .attended, event), evidence: evidence(index))
        }
        let extraction = Extraction(title: "<title>&\"标题\"", facts: facts)
        #expect(try store.ingest(SourceDocument(path: "hostile/doc \"1\".txt", text: text)) { _ in extraction } == .added)
        return (store, folder.path)
    }

    /// A name written as a quoted query term.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test func eachNameComesBackExactlyFromTheStoreAndTheQueryLanguage() throws {
        let (store, _) = try Self.store()
        for name in Self.hostile {
            let result = try store.run(try QueryParser.parse(Self.quoted(name) + " attended ?e"))
            #expect(result.rows == [[Self.event.name]], "query by \(name.prefix(40))")
        }
        let everyone = try store.run(try QueryParser.parse("?p attended ?e"))
        #expect(Set(everyone.rows.compactMap { $0.first ?? nil }) == Set(Self.hostile))
        #expect(try store.stats().triples == Self.hostile.count)
    }

    @Test func DOTAndSVGKeepEveryNameAsText() throws {
        let (store, _) = try Self.store()
        let snapshot = try store.snapshot()
        let dot = DOTWriter(options: DOTWriter.Options(title: snapshot.documentTitles.first)).write(snapshot)
        let svg = try GraphvizRenderer().render(dot: dot, format: .svg)
        let document: XMLDocument
        do {
            document = try XMLDocument(data: Data(svg), options: [])
        } catch {
            Issue.record("the SVG does not parse: \(error)")
            return
        }
        // Long labels are wrapped and line breaks start new lines: read the text elements in order.
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue).joined()
        #expect(!String(decoding: svg, as: UTF8.self).contains("<script"))
        for name in Self.hostile {
            // As DOT writes labels: a line break starts a new text line, a tab is a space, other
            // control characters are dropped.
            let shown = String(String.UnicodeScalarView(name.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: " ")
                .unicodeScalars.filter { $0 == "\n" || $0.value >= 0x20 }))
            #expect(texts.contains(shown.replacingOccurrences(of: "\n", with: "")), "\(shown.prefix(40).debugDescription) missing from the SVG text")
        }
    }

    @Test func everyExportKeepsOneRecordPerNameAndParses() throws {
        let (store, _) = try Self.store()
        let snapshot = try store.snapshot()
        let jsonl = try ExportFormat.jsonl.lines(for: snapshot)
        let names = try jsonl.compactMap { line -> String? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String == "entity" && object?["kind"] as? String == "person" ? object?["name"] as? String : nil
        }
        #expect(Set(names) == Set(Self.hostile))
        let tsv = try ExportFormat.tsv.lines(for: snapshot)
        #expect(tsv.count == Self.hostile.count)
        #expect(tsv.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 3 && !$0.contains("\n") })
        // GraphML is XML: hostile markup must arrive as text, the file must parse.
        let graphml = try ExportFormat.graphml.lines(for: snapshot).joined(separator: "\n")
        let xml = try XMLDocument(data: Data(graphml.utf8), options: [])
        #expect(try xml.nodes(forXPath: "//*[local-name()='node']").count == Self.hostile.count + 1)
        // N-Triples: one statement a line, whatever the names hold.
        let ntriples = try ExportFormat.ntriples.lines(for: snapshot)
        #expect(ntriples.allSatisfy { $0.hasSuffix(" .") && !$0.contains("\n") })
    }
}
