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
        abstract: "Draw the graph with Graphviz (in process) as DOT, SVG, PNG or PDF.",
        discussion: """
            The format comes from --format, else from the extension of -o (dot, gv, svg, png, pdf), \
            else DOT on stdout. Entities without any fact are left out of the picture. \
            Chinese labels need a CJK font (Debian: fonts-noto-cjk); without one, a warning is printed.

            Views: --document keeps the facts of one document; --predicate and --kind keep some \
            relations or kinds of entities; --center draws what lies within --depth steps of an entity, \
            --event an event with its participants, place, date and the participants' roles; \
            --max-nodes keeps the most connected entities. Names may be canonical names or aliases.

            -o writes beside the target and renames (a regular file keeps its permissions); a \
            character device or FIFO is written into; a symbolic link or a file with several hard \
            links is refused unless --force; a write error exits 74.

            The layout engine is dot up to \(LayoutEngine.largeGraphNodeCount) nodes, sfdp beyond, unless --layout is given.

            Examples:
              tupu render -o graph.svg
              tupu render --center 李希 --depth 2 -o lixi.svg
              tupu render --event 省委常委会会议 --labels both -o meeting.png
              tupu render --predicate 担任 --kind person --kind role -o roles.svg
              tupu render --max-nodes 150 --layout sfdp -o overview.svg
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Write through a symbolic link, or into a file with several hard links (in place), instead of refusing.")
    var force = false

    @Option(name: .long, help: "dot, svg, png or pdf.")
    var format: RenderFormat?

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

    @Option(name: .long, help: ArgumentHelp("Keep only this relation, by id or Chinese label (担任, attended …). Repeatable.", valueName: "p"))
    var predicate: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep only entities of this kind (person, role, place, …). Repeatable.", valueName: "k"))
    var kind: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep at most this many entities, the most connected ones.", valueName: "n"))
    var maxNodes: Int?

    func validate() throws {
        if format == nil, let output, output != "-" {
            let ext = (output as NSString).pathExtension
            if RenderFormat(fileExtension: ext) == nil {
                throw ValidationError("cannot tell the format from \"\(output)\"; use a .dot, .svg, .png or .pdf name or pass --format")
            }
        }
        if center != nil, event != nil {
            throw ValidationError("--center and --event cannot be used together")
        }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if let maxNodes, maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1") }
        _ = try predicates()
        _ = try kinds()
    }

    private func predicates() throws -> Set<TupuModel.Predicate> {
        Set(try predicate.map { label in
            guard let found = TupuModel.Predicate(label: label) else {
                let known = TupuModel.Predicate.allCases.map { "\($0.rawValue) (\($0.chineseLabel))" }.joined(separator: ", ")
                throw ValidationError("unknown predicate \"\(label)\"; use one of \(known)")
            }
            return found
        })
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

    func run() throws {
        try report {
            let chosen = format ?? output.flatMap { RenderFormat(fileExtension: ($0 as NSString).pathExtension) } ?? .dot
            let store = try database.open(readOnly: true)
            // An ego view needs only the neighbourhood of its centre, not the whole graph.
            let snapshot = try storeCall {
                if let center { try store.snapshot(around: center, depth: max(depth, 0), evidenceText: false) } else { try store.snapshot() }
            }
            let view = GraphView(
                center: center, depth: depth, event: event, document: document,
                predicates: try predicates(), kinds: try kinds(), maxNodes: maxNodes)
            let result: GraphView.Result
            do {
                result = try view.apply(to: snapshot)
            } catch {
                printError("tupu: \(error)")
                throw ExitCode(64)
            }
            if result.cut > 0, let maxNodes {
                printError("tupu: showing \(result.graph.nodes.count) of \(result.totalNodes) nodes (--max-nodes \(maxNodes)); narrow the view with --center or --kind")
            }
            var documentTitles = snapshot.documentTitles
            if let document {
                let documents = try storeCall { try store.documents() }
                let paths = Set(GraphSnapshot.documentPaths(documents.map(\.path), matching: document))
                documentTitles = documents.filter { paths.contains($0.path) }.compactMap(\.title)
            }
            let engine = layout ?? LayoutEngine.automatic(nodeCount: result.graph.nodes.count)
            var options = DOTWriter.Options(
                title: title ?? DOTWriter.title(documentTitles: documentTitles, caption: result.caption),
                edgeLabels: edgeLabels, legend: engine.drawsClusters, nodeLabels: labels, layout: engine)
            if let family = CJKFont.family(preferred: options.fontName) {
                options.fontName = family
            } else if chosen != .dot {
                printError("tupu: warning: no CJK font found; Chinese labels may show as boxes. Install one: apt-get install fonts-noto-cjk")
            }
            let dot = DOTWriter(options: options).write(result.graph)
            let bytes: [UInt8]
            do {
                bytes = try GraphvizRenderer().render(dot: dot, layout: engine, format: chosen)
            } catch {
                throw CLIError.render(error)
            }
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
