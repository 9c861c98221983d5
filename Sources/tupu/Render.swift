import ArgumentParser
import Foundation
import TupuModel
import TupuRender
import TupuStore

extension RenderFormat: ExpressibleByArgument {}
extension LayoutEngine: ExpressibleByArgument {}
extension EdgeLabelLanguage: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the graph with Graphviz (in process) as DOT, SVG, PNG or PDF.",
        discussion: """
            The format comes from --format, else from the extension of -o (dot, gv, svg, png, pdf), \
            else DOT on stdout. Entities without any fact are left out of the picture. \
            Chinese labels need a CJK font (Debian: fonts-noto-cjk); without one, a warning is printed.

            Examples:
              tupu render -o graph.svg
              tupu render --format png --layout neato -o graph.png
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "dot, svg, png or pdf.")
    var format: RenderFormat?

    @Option(name: .long, help: "The Graphviz layout engine.")
    var layout: LayoutEngine = .dot

    @Option(name: .long, help: "Edge labels in Chinese (zh) or as predicate ids (en).")
    var edgeLabels: EdgeLabelLanguage = .zh

    @Option(name: .long, help: "The title drawn above the graph (default: the document titles).")
    var title: String?

    func validate() throws {
        if format == nil, let output, output != "-" {
            let ext = (output as NSString).pathExtension
            if RenderFormat(fileExtension: ext) == nil {
                throw ValidationError("cannot tell the format from \"\(output)\"; use a .dot, .svg, .png or .pdf name or pass --format")
            }
        }
    }

    func run() throws {
        try report {
            let chosen = format ?? output.flatMap { RenderFormat(fileExtension: ($0 as NSString).pathExtension) } ?? .dot
            let store = try database.open(readOnly: true)
            let snapshot = try storeCall { try store.snapshot() }.withoutIsolatedNodes()
            var options = DOTWriter.Options(title: title ?? defaultTitle(snapshot), edgeLabels: edgeLabels, legend: layout.drawsClusters)
            if let family = CJKFont.family(preferred: options.fontName) {
                options.fontName = family
            } else if chosen != .dot {
                printError("tupu: warning: no CJK font found; Chinese labels may show as boxes. Install one: apt-get install fonts-noto-cjk")
            }
            let dot = DOTWriter(options: options).write(snapshot)
            let bytes: [UInt8]
            do {
                bytes = try GraphvizRenderer().render(dot: dot, layout: layout, format: chosen)
            } catch {
                throw CLIError.render(error)
            }
            if let output, output != "-" {
                guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                    throw CLIError.io(path: output, message: "cannot write the file; check the folder exists and is writable")
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    private func defaultTitle(_ snapshot: GraphSnapshot) -> String? {
        switch snapshot.documentTitles.count {
        case 0: nil
        case 1: snapshot.documentTitles[0]
        default: "\(snapshot.documentTitles[0]) 等 \(snapshot.documentTitles.count) 篇"
        }
    }
}
