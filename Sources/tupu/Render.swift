import ArgumentParser
import Foundation
import TupuModel
import TupuRender
import TupuStore

extension RenderFormat: ExpressibleByArgument {}
extension LayoutEngine: ExpressibleByArgument {}
extension EdgeLabelLanguage: ExpressibleByArgument {}

extension NodeLabelLanguage: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the graph with Graphviz (in process) as DOT, SVG, PNG or PDF, or as a page to explore (HTML).",
        discussion: """
            The format comes from --format, else from the extension of -o (dot, gv, svg, png, pdf, html), \
            else DOT on stdout. Entities without any fact are left out of the picture. \
            Chinese labels need a CJK font (Debian: fonts-noto-cjk); without one, a warning is printed.

            Every view is read from the store, loading only what it needs. Views: --document keeps \
            the facts of one document; --predicate and --kind keep some relations or kinds of \
            entities; --since/--until keep facts reported in documents published in that window \
            (publication dates in every view, --network too, not the dates events were held); \
            --center draws what lies within --depth steps of an entity, --event an event with its \
            participants, place, date and the participants' roles. Names may be canonical names or aliases. \
            The title says the view's subject and how many documents the facts drawn come from.

            Size: at most \(Render.defaultMaxNodes) entities unless --max-nodes N or --all: the most \
            connected ones, kept connected; the rule is printed and drawn when it leaves something out. \
            A centre with more than \(BusyCentre.eventLimit) events is summarised: its events grouped by year \
            (the latest \(BusyCentre.years)), the \(BusyCentre.perYear) heaviest of each year drawn and a "+ N 场活动" node \
            for the rest (--no-summary draws them all); with --depth 2 or more, the steps beyond the first go \
            from the events drawn only. Edges between two nodes are merged; an edge \
            loses its label when a node has more than \(DOTWriter.repeatedLabelLimit) of its kind (the legend gives the colours); \
            more than \(DOTWriter.fanLimit) entities linked to one by the same relation and to nothing else \
            (the persons who only attended a meeting) are drawn as a grid in a box with one edge (dot layout). \
            --network co-attendance --center PERSON draws the persons who shared events with that person, \
            linked by the number of events they shared.

            HTML: one self-contained file (no network) with the laid-out SVG, pan and zoom (wheel, drag), \
            search, filters by kind and relation, a pinyin toggle, and a side panel: click a node for \
            its facts, an edge for its evidence sentences with the span marked, document titles and dates. \
            `tupu serve` serves the same page with expanding and queries.

            -o writes beside the target and renames (a regular file keeps its permissions); a \
            character device or FIFO is written into; a symbolic link or a file with several hard \
            links is refused unless --force; a write error exits 74.

            The layout engine is dot up to \(LayoutEngine.largeGraphNodeCount) nodes, sfdp beyond, unless --layout is given. \
            With -o, on a terminal, a line on standard error says which stage runs and for how long.

            Examples:
              tupu render -o graph.svg
              tupu render -o graph.html
              tupu render --center 李希 --depth 2 -o lixi.svg
              tupu render --center 李希 --network co-attendance -o lixi-people.png
              tupu render --event 省委常委会会议 --labels both -o meeting.png
              tupu render --predicate 担任 --kind person --kind role --since 2023 -o roles.svg
              tupu render --max-nodes 150 --layout sfdp -o overview.svg
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Write through a symbolic link, or into a file with several hard links (in place), instead of refusing.")
    var force = false

    @Option(name: .long, help: "dot, svg, png, pdf or html.")
    var format: RenderOutput?

    @Option(name: .long, help: "The Graphviz layout engine: dot, neato, fdp, sfdp or circo (default: by size).")
    var layout: LayoutEngine?

    @Option(name: .long, help: "Node labels in Chinese (zh), pinyin, or both on two lines.")
    var labels: NodeLabelLanguage = .zh

    @Option(name: .long, help: "Edge labels in Chinese (zh) or as predicate ids (en).")
    var edgeLabels: EdgeLabelLanguage = .zh

    @Option(name: .long, help: "The title drawn above the graph (default: the document titles).")
    var title: String?

    @Option(name: .long, help: ArgumentHelp("Draw only what lies near this entity (name or alias).", valueName: "name"))
    var center: String?

    @Option(name: .long, help: ArgumentHelp("With --center: how many steps away, in either direction.", valueName: "n"))
    var depth: Int = 1

    @Option(name: .long, help: ArgumentHelp("Draw this event with everything linked to it and the participants' roles.", valueName: "name"))
    var event: String?

    @Option(name: .long, help: ArgumentHelp("Keep only facts from this document (its path as ingested).", valueName: "path"))
    var document: String?

    @Option(
        name: .long, help: ArgumentHelp("Keep only this relation, by id or Chinese label (担任, attended …). Repeatable.", valueName: "p"),
        transform: Predicate.argument)
    var predicate: [Predicate] = []

    @Option(name: .long, help: ArgumentHelp("Keep only entities of this kind (person, role, place, …). Repeatable.", valueName: "k"))
    var kind: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep at most this many entities, the most connected ones (default \(Render.defaultMaxNodes); with --network, persons besides the centre, default \(Render.defaultNetworkPersons)).", valueName: "n"))
    var maxNodes: Int?

    @Flag(name: .long, help: "Draw every entity of the view: no size limit.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Keep facts reported in documents published on or after this date (yyyy, yyyy-mm or yyyy-mm-dd).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Keep facts reported in documents published on or before this date (yyyy, yyyy-mm or yyyy-mm-dd).", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("With --center PERSON: draw a network instead of the neighbourhood. co-attendance: the persons who shared events with the centre, linked by how many.", valueName: "kind"))
    var network: NetworkKind?

    @Flag(name: .long, help: "With --center: draw every event of the centre instead of grouping them by year with the heaviest few shown.")
    var noSummary = false

    /// The size limit when --max-nodes and --all are not given: pictures stay legible.
    static let defaultMaxNodes = 120
    /// The persons besides the centre a network shows by default.
    static let defaultNetworkPersons = 30

    func validate() throws {
        if format == nil, let output, output != "-" {
            let ext = (output as NSString).pathExtension
            if RenderOutput(fileExtension: ext) == nil {
                throw ValidationError("cannot tell the format from \"\(output)\"; use a .dot, .svg, .png, .pdf or .html name or pass --format")
            }
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, !Render.isDatePrefix(value) {
                throw ValidationError("\(flag) \"\(value)\" is not a date; write yyyy, yyyy-mm or yyyy-mm-dd (2023, 2023-05, 2023-05-12)")
            }
        }
        if let since, let until, since > until { throw ValidationError("--since \(since) is after --until \(until)") }
        if network != nil, center == nil { throw ValidationError("--network needs --center PERSON: whose network to draw") }
        if all, maxNodes != nil { throw ValidationError("--all and --max-nodes cannot be used together") }
        if center != nil, event != nil {
            throw ValidationError("--center and --event cannot be used together")
        }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if let maxNodes, maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1") }
        _ = try kinds()
    }

    private func kinds() throws -> Set<EntityKind> {
        Set(try kind.map { label in
            guard let found = EntityKind(rawValue: label) ?? EntityKind.allCases.first(where: { $0.chineseLabel == label }) else {
                let known = EntityKind.allCases.map { "\($0.rawValue) (\($0.chineseLabel))" }.joined(separator: ", ")
                throw ValidationError("unknown kind \"\(label)\"; use one of \(known)")
            }
            return found
        })
    }

    /// Whether `text` is `yyyy`, `yyyy-mm` or `yyyy-mm-dd`.
    static func isDatePrefix(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4 else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) } && parts.dropFirst().allSatisfy { $0.count == 2 }
    }

    func run() throws {
        try report {
            let chosen = format ?? output.flatMap { RenderOutput(fileExtension: ($0 as NSString).pathExtension) } ?? .dot
            if chosen == .html || labels != .zh { Pinyin.warmUp() }
            let store = try database.open(readOnly: true)
            let window = DateWindow(since: since, until: until)
            // Written to standard output, the line would mix with the picture on a terminal.
            let progress = ProgressLine(quiet: output == nil || output == "-")
            defer { progress.finish() }
            let picture: Picture = try progress.during("render: reading the view from the store") {
                if network == .coAttendance, let center {
                    return try Picture.network(
                        store: store, center: center, persons: maxNodes ?? (all ? Int.max : Render.defaultNetworkPersons),
                        window: window, layout: layout, labels: labels, title: title)
                }
                let view = GraphView(
                    center: center, depth: depth, event: event, document: document,
                    predicates: Set(predicate), kinds: try kinds(), maxNodes: all ? nil : (maxNodes ?? Render.defaultMaxNodes))
                return try Picture.view(
                    store: store, view: view, window: window, summarise: !noSummary, html: chosen == .html,
                    layout: layout, labels: labels, edgeLabels: edgeLabels, title: title)
            }
            progress.finish()
            if let rule = picture.limitRule { printError("tupu: \(rule)") }
            if chosen != .dot, !picture.hasFont {
                printError("tupu: warning: no CJK font found; Chinese labels may show as boxes. Install one: apt-get install fonts-noto-cjk")
            }
            let bytes: [UInt8]
            do {
                bytes = try progress.during("render: laying out with \(picture.engine.rawValue) and drawing \(chosen.rawValue.uppercased())") {
                    try picture.bytes(chosen)
                }
            } catch {
                throw CLIError.render(error)
            }
            progress.finish()
            var file = try OutputFile(path: output, force: force)
            do {
                try bytes.withUnsafeBytes { try file.write($0) }
                try file.commit()
            } catch {
                file.abandon()
                throw error
            }
        }
    }
}

/// What `tupu render` writes: a Graphviz format, or a page to explore in a browser.
enum RenderOutput: String, ExpressibleByArgument, CaseIterable {
    case dot, svg, png, pdf, html

    init?(fileExtension: String) {
        if let format = RenderFormat(fileExtension: fileExtension) {
            self.init(rawValue: format.rawValue)
        } else if ["html", "htm"].contains(fileExtension.lowercased()) {
            self = .html
        } else {
            return nil
        }
    }

    /// The Graphviz format, nil for html.
    var graphviz: RenderFormat? { RenderFormat(rawValue: rawValue) }
}

/// The networks `--network` draws.
enum NetworkKind: String, ExpressibleByArgument, CaseIterable {
    case coAttendance = "co-attendance"
}

/// A view made into DOT, ready to be rendered in any format.
struct Picture {
    var dot: String
    var engine: LayoutEngine
    var title: String
    var drawing: Drawing?
    var documents: [HTMLPage.Document]
    /// The size rule, when it left something out (said on stderr and in the picture).
    var limitRule: String?
    var hasFont: Bool

    /// The bytes of the picture in a format; html lays the graph out as SVG and wraps it.
    func bytes(_ format: RenderOutput, serving: Bool = false) throws -> [UInt8] {
        if let graphviz = format.graphviz {
            return try GraphvizRenderer().render(dot: dot, layout: engine, format: graphviz)
        }
        let svg = try GraphvizRenderer().render(dot: dot, layout: engine, format: .svg)
        let page = HTMLPage(
            title: title, svg: String(decoding: svg, as: UTF8.self), drawing: drawing ?? Drawing(graph: GraphSnapshot(nodes: [], edges: [])),
            documents: documents, serving: serving)
        return Array(page.write().utf8)
    }

    static func options(layout: LayoutEngine, labels: NodeLabelLanguage, edgeLabels: EdgeLabelLanguage, title: String) -> (DOTWriter.Options, Bool) {
        var options = DOTWriter.Options(title: title, edgeLabels: edgeLabels, legend: true, nodeLabels: labels, layout: layout)
        let family = CJKFont.family(preferred: options.fontName)
        if let family { options.fontName = family }
        return (options, family != nil)
    }

    /// A view of the store; a centre with many events is summarised unless `summarise` is false.
    static func view(
        store: Store, view: GraphView, window: DateWindow, summarise: Bool, html: Bool,
        layout: LayoutEngine?, labels: NodeLabelLanguage, edgeLabels: EdgeLabelLanguage, title: String?
    ) throws -> Picture {
        // A centre is summarised before the size limit applies, so the limit does not cut events at random.
        var loading = view
        let summarising = summarise && view.center != nil
        if summarising { loading.maxNodes = nil }
        // Beyond the first step, a summarised centre's view goes on from the events drawn only.
        let built = try store.view(loading, window: window, evidenceText: html, leftOut: summarising ? { graph, events in
            let centers = Set((try? graph.nodes(named: view.center ?? "").map(\.id)) ?? [])
            return BusyCentre.leftOut(graph, centers: centers, events: events.mapValues { BusyCentre.Event(date: $0.date, weight: $0.weight) })
        } : nil)
        var result = built.result
        var drawing = Drawing(graph: result.graph)
        var summary: String?
        if summarising, let center = view.center {
            let centers = Set((try? result.graph.nodes(named: center).map(\.id)) ?? [])
            let events = built.events.mapValues { BusyCentre.Event(date: $0.date, weight: $0.weight) }
            drawing = BusyCentre.summarise(result.graph, centers: centers, events: events)
            if !drawing.more.isEmpty {
                let left = drawing.more.map(\.count).reduce(0, +)
                summary = "活动按年份分组，每年显示最重要的 \(BusyCentre.perYear) 场，另 \(left) 场以“+ N 场活动”表示（--no-summary 全部画出）"
            }
            if let maxNodes = view.maxNodes {
                let limited = drawing.graph.limited(maxNodes: maxNodes, pinned: centers)
                if limited.cut > 0 {
                    result.totalNodes = drawing.graph.nodes.count
                    result.cut = limited.cut
                    drawing.graph = limited.graph
                    drawing.groups = drawing.groups.map { group in
                        var group = group
                        group.members = group.members.filter { limited.graph.node($0) != nil }
                        return group
                    }
                } else {
                    result.cut = 0
                }
            }
        }
        var rule: String?
        var note = summary
        if result.cut > 0 {
            let limit = view.maxNodes ?? 0
            rule = "showing \(drawing.graph.nodes.count) of \(result.totalNodes) entities: at most \(limit), the most connected ones kept connected (--max-nodes N to change, --all for every one; or narrow the view with --center, --kind, --since)"
            let line = "显示 \(drawing.graph.nodes.count) / \(result.totalNodes) 个实体：连接最多者（--max-nodes 调整，--all 全部）"
            note = [note, line].compactMap { $0 }.joined(separator: "\n")
        }
        // The documents behind the view (all its facts, also those a summary or limit leaves out).
        let documents = built.documents
        let dates = documents.compactMap(\.published).sorted()
        let heading = title ?? DOTWriter.title(
            subject: built.subject, caption: result.caption, documentTitles: documents.map { $0.title ?? $0.path },
            dates: dates.first.flatMap { first in dates.last.map { first...$0 } }, note: note)
        let engine = layout ?? LayoutEngine.automatic(nodeCount: drawing.graph.nodes.count)
        let (options, hasFont) = Self.options(layout: engine, labels: labels, edgeLabels: edgeLabels, title: heading)
        return Picture(
            dot: DOTWriter(options: options).write(drawing), engine: engine, title: heading, drawing: drawing,
            documents: documents.map { HTMLPage.Document(path: $0.path, title: $0.title, published: $0.published) },
            limitRule: rule, hasFont: hasFont)
    }

    /// The co-attendance network of a person.
    static func network(
        store: Store, center: String, persons: Int, window: DateWindow, layout: LayoutEngine?, labels: NodeLabelLanguage, title: String?
    ) throws -> Picture {
        let network = try store.coAttendance(of: center, limit: persons, window: window)
        let name = network.persons.first?.name ?? center
        var rule: String?
        if network.persons.count - 1 < network.totalPersons {
            rule = "showing the \(network.persons.count - 1) persons who shared the most events with \(name), of \(network.totalPersons) (--max-nodes N to change, --all for every one)"
        }
        let window = [window.since.map { "自 \($0)" }, window.until.map { "至 \($0)" }].compactMap { $0 }.joined(separator: " ")
        let heading = title ?? "与“\(name)”共同出席活动的人\n\(network.events) 场活动，\(network.totalPersons) 人" + (window.isEmpty ? "" : "（\(window)）")
        let engine = layout ?? .neato
        let (options, hasFont) = Self.options(layout: engine, labels: labels, edgeLabels: .zh, title: heading)
        return Picture(
            dot: CoAttendanceWriter(options: options).write(network), engine: engine, title: heading, drawing: nil,
            documents: [], limitRule: rule, hasFont: hasFont)
    }
}
