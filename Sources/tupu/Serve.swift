import ArgumentParser
import Foundation
import TupuModel
import TupuQuery
import TupuRender
import TupuServe
import TupuStore

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the graph to explore in a browser, on 127.0.0.1 only, read-only.",
        discussion: """
            Prints the address, then answers until stopped (Ctrl-C). The page is the one `tupu render \
            -o graph.html` writes, plus a button in the side panel that expands a node's neighbours \
            from the store, and a query box that runs `tupu query` and shows the table.

            Only requests from this machine whose Host is 127.0.0.1:PORT or localhost:PORT are \
            answered (others get 403); only GET and HEAD (others get 405). The store is opened read-only.

            Examples:
              tupu serve --db news.sqlite
              tupu serve --db news.sqlite --port 8080 --center 李希
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("The port on 127.0.0.1 (default: a free one, printed).", valueName: "n"))
    var port: UInt16 = 0

    @Option(name: .long, help: ArgumentHelp("Start from what lies near this entity.", valueName: "name"))
    var center: String?

    @Option(name: .long, help: ArgumentHelp("Start from this event.", valueName: "name"))
    var event: String?

    @Option(name: .long, help: ArgumentHelp("At most this many entities in a picture.", valueName: "n"))
    var maxNodes: Int = Render.defaultMaxNodes

    @Option(name: .long, help: ArgumentHelp("Stop after answering this many requests (for tests).", valueName: "n"))
    var requests: Int?

    func validate() throws {
        if center != nil, event != nil { throw ValidationError("--center and --event cannot be used together") }
        if maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1") }
    }

    func run() throws {
        try report {
            Pinyin.warmUp()
            let store = try database.open(readOnly: true)
            let view = GraphView(center: center, depth: 1, event: event, maxNodes: maxNodes)
            let start = try Picture.view(
                store: store, view: view, window: DateWindow(), summarise: true, html: true,
                layout: nil, labels: .zh, edgeLabels: .zh, title: nil)
            let page = try start.bytes(.html, serving: true)
            let shown = Set(start.drawing?.graph.nodes.map(\.id) ?? [])
            let server: LocalHTTPServer
            do {
                server = try LocalHTTPServer(port: port)
            } catch {
                printError("tupu: \(error)")
                throw ExitCode(69)
            }
            print("tupu: serving http://127.0.0.1:\(server.port)/ (read-only; Ctrl-C to stop)")
            _ = CStandardOutput.flush()
            var answered = 0
            server.serve(shouldStop: {
                answered += 1
                return requests.map { answered >= $0 } ?? false
            }) { request in
                switch request.path {
                case "/", "/index.html":
                    return HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: page)
                case "/api/expand":
                    return Self.expand(store: store, shown: shown, request: request, maxNodes: maxNodes)
                case "/api/query":
                    return Self.query(store: store, text: request.query["q"] ?? "")
                default:
                    return .text(404, "not found: \(request.path)")
                }
            }
        }
    }

    static func json(_ object: Any) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponse(status: 200, contentType: "application/json; charset=utf-8", body: Array(data))
    }

    /// The picture of the first view's entities plus the neighbours of `ids` (comma-separated).
    static func expand(store: Store, shown: Set<Int64>, request: HTTPRequest, maxNodes: Int) -> HTTPResponse {
        let ids = Set((request.query["ids"] ?? "").split(separator: ",").compactMap { Int64($0) })
        guard !ids.isEmpty else { return json(["error": "ids: give the entity ids to expand, comma-separated"]) }
        do {
            let graph = try store.neighbourhood(shown: shown, expanded: ids)
                .withoutIsolatedNodes(keeping: ids)
                .limited(maxNodes: maxNodes + 60 * ids.count, pinned: ids.union(shown)).graph
            let drawing = Drawing(graph: graph)
            let engine = LayoutEngine.automatic(nodeCount: graph.nodes.count)
            let documents = try store.documents(behind: graph)
            let title = "已展开 \(ids.count) 个节点"
            let (options, _) = Picture.options(layout: engine, labels: .zh, edgeLabels: .zh, title: title)
            let svg = try GraphvizRenderer().render(dot: DOTWriter(options: options).write(drawing), layout: engine, format: .svg)
            let page = HTMLPage(
                title: title, svg: String(decoding: svg, as: UTF8.self), drawing: drawing,
                documents: documents.map { HTMLPage.Document(path: $0.path, title: $0.title, published: $0.published) }, serving: true)
            let data = (try? JSONSerialization.jsonObject(with: Data(page.dataJSON().utf8))) ?? [:]
            let text = String(decoding: svg, as: UTF8.self)
            let inline = text.range(of: "<svg").map { String(text[$0.lowerBound...]) } ?? text
            return json(["svg": inline, "data": data])
        } catch {
            return json(["error": "\(error)"])
        }
    }

    /// Runs a query of the query language; the table as `columns` and `rows`.
    static func query(store: Store, text: String) -> HTTPResponse {
        do {
            let parsed = try QueryParser.parse(text)
            let result = try store.run(parsed)
            var warnings: [String] = []
            if result.rows.isEmpty { warnings = store.warnings(parsed, text: text).map { "\($0)" } }
            let rows = result.rows.prefix(1000).map { $0.map { $0 ?? "" } }
            return json(["columns": result.columns, "rows": rows, "warnings": warnings, "total": result.rows.count])
        } catch {
            return json(["error": "\(error)"])
        }
    }
}
