import CGraphviz
import Foundation
import Synchronization
import TupuModel

/// An output format.
public enum RenderFormat: String, Sendable, CaseIterable {
    /// The DOT text itself, without calling Graphviz.
    case dot
    case svg
    case png
    case pdf

    /// The format of a file name extension (`svg`, `.PNG`, `gv`, …), or nil when unknown.
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "dot", "gv": self = .dot
        case "svg": self = .svg
        case "png": self = .png
        case "pdf": self = .pdf
        default: return nil
        }
    }

    /// The usual file name extension, without the dot.
    public var fileExtension: String { rawValue }
}

/// A Graphviz layout engine.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// Hierarchical (layered) layout; the default.
    case dot
    /// Spring model.
    case neato
    /// Force-directed.
    case fdp
    /// Force-directed, for large graphs.
    case sfdp
    /// Circular.
    case circo

    /// Whether the engine draws clusters (and so the `cluster_legend` and groups of ``DOTWriter``)
    /// as boxes apart from the graph; the others lay cluster members out with everything else.
    public var drawsClusters: Bool { self == .dot || self == .fdp }
}

/// Why Graphviz could not produce an output.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// Graphviz could not parse the DOT text; `message` is what Graphviz said.
    case syntax(message: String)
    /// The layout engine failed.
    case layout(engine: LayoutEngine, message: String)
    /// Rendering the laid-out graph failed.
    case render(format: RenderFormat, message: String)
    /// Graphviz on this machine has no plugin for the format.
    case unsupportedFormat(RenderFormat, debianPackage: String)

    public var description: String {
        switch self {
        case .syntax(let message):
            "Graphviz could not read the DOT text: \(Self.clean(message, or: "syntax error"))"
        case .layout(let engine, let message):
            "Graphviz could not lay the graph out with \(engine.rawValue): \(Self.clean(message, or: "layout failed"))"
        case .render(let format, let message):
            "Graphviz could not render \(format.rawValue): \(Self.clean(message, or: "render failed"))"
        case .unsupportedFormat(let format, let package):
            "Graphviz on this machine cannot write \(format.rawValue): its output plugin is missing "
                + "(install the Debian package \(package), e.g. `apt-get install \(package)`)"
        }
    }

    private static func clean(_ message: String, or fallback: String) -> String {
        let trimmed = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        return trimmed.isEmpty ? fallback : trimmed
    }
}

/// Lays DOT graphs out and renders them with the Graphviz C library, in process.
///
/// Graphviz keeps global state and is not thread-safe, so every call from every renderer
/// goes through one process-wide lock, which also owns the one long-lived Graphviz context.
public struct GraphvizRenderer: Sendable {
    public init() {}

    /// Renders DOT text. For ``RenderFormat/dot`` the DOT bytes are returned unchanged and
    /// Graphviz is not called.
    public func render(dot: String, layout: LayoutEngine = .dot, format: RenderFormat) throws(RenderError) -> [UInt8] {
        if format == .dot { return Array(dot.utf8) }
        if dot.utf8.contains(0) {
            throw .syntax(message: "the DOT text contains a NUL character")
        }
        return try Graphviz.shared.withLock { (state: inout Graphviz.State) throws(RenderError) -> [UInt8] in
            try state.render(dot: dot, layout: layout, format: format)
        }
    }

    /// Writes a snapshot as DOT and renders it. For layout engines that do not draw clusters
    /// (see ``LayoutEngine/drawsClusters``) the legend is a table node instead of a cluster.
    public func render(
        _ graph: GraphSnapshot,
        options: DOTWriter.Options = DOTWriter.Options(),
        layout: LayoutEngine = .dot,
        format: RenderFormat
    ) throws(RenderError) -> [UInt8] {
        var options = options
        options.layout = layout
        return try render(dot: DOTWriter(options: options).write(graph), layout: layout, format: format)
    }

    /// Whether this machine's Graphviz has an output plugin for the format.
    public func supports(_ format: RenderFormat) -> Bool {
        if format == .dot { return true }
        return Graphviz.shared.withLock { state in
            guard let devices = try? state.devices() else { return false }
            return devices.contains(format.rawValue)
        }
    }

    /// The Graphviz library version, e.g. `2.43.0`, or nil when no context could be made.
    public func graphvizVersion() -> String? {
        Graphviz.shared.withLock { state in
            guard let context = try? state.context(), let version = gvcVersion(context) else { return nil }
            return String(cString: version)
        }
    }
}

// MARK: - The process-wide Graphviz state

/// Messages Graphviz reports through `agerr` while a call is running (see `collectGraphvizMessage`).
private let graphvizMessages = Mutex<String>("")

/// Graphviz's user error function: appends each piece of a message
/// (Graphviz calls it with "Error", ": " and the formatted text separately).
private func collectGraphvizMessage(_ text: UnsafeMutablePointer<CChar>?) -> Int32 {
    guard let text else { return 0 }
    let piece = String(cString: text)
    graphvizMessages.withLock { $0 += piece }
    return 0
}

private enum Graphviz {
    /// The lock every Graphviz call goes through, with the state it protects.
    static let shared = Mutex<State>(State())

    struct State: ~Copyable {
        /// The long-lived `GVC_t`, made on first use and never freed.
        private var gvc: OpaquePointer?
        /// Names of the available output devices (`svg`, `png`, …), read once.
        private var deviceNames: Set<String>?

        init() {}

        mutating func context() throws(RenderError) -> OpaquePointer {
            if let gvc { return gvc }
            // Route every Graphviz message to `collectGraphvizMessage` instead of stderr.
            _ = agseterrf(collectGraphvizMessage)
            _ = agseterr(AGWARN)
            guard let made = gvContext() else {
                throw .render(format: .svg, message: "gvContext() failed: Graphviz could not be initialised")
            }
            gvc = made
            return made
        }

        mutating func devices() throws(RenderError) -> Set<String> {
            if let deviceNames { return deviceNames }
            let gvc = try context()
            var count: Int32 = 0
            var names = Set<String>()
            if let list = gvPluginList(gvc, "device", &count, nil) {
                for index in 0..<Int(max(count, 0)) {
                    if let name = list[index] {
                        // Entries may look like "png:cairo"; keep the format part.
                        let full = String(cString: name)
                        names.insert(String(full.prefix { $0 != ":" }))
                        free(name)
                    }
                }
                free(list)
            }
            deviceNames = names
            return names
        }

        mutating func render(dot: String, layout: LayoutEngine, format: RenderFormat) throws(RenderError) -> [UInt8] {
            let gvc = try context()
            guard try devices().contains(format.rawValue) else {
                throw .unsupportedFormat(format, debianPackage: "libgvc6")
            }
            resetMessages()

            guard let graph = agmemread(dot) else {
                throw .syntax(message: takeMessages())
            }
            defer { agclose(graph) }

            guard gvLayout(gvc, graph, layout.rawValue) == 0 else {
                var message = takeMessages()
                if message.isEmpty { message = "gvLayout returned an error" }
                throw .layout(engine: layout, message: message + " (layout engines come with the Debian package libgvc6)")
            }
            defer { _ = gvFreeLayout(gvc, graph) }

            var data: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let status = gvRenderData(gvc, graph, format.rawValue, &data, &length)
            defer { if let data { gvFreeRenderData(data) } }
            guard status == 0, let data else {
                let message = takeMessages()
                throw .render(format: format, message: message.isEmpty ? "gvRenderData returned \(status)" : message)
            }
            let bytes = UnsafeRawBufferPointer(start: data, count: Int(length))
            resetMessages()
            return Array(bytes)
        }

        private func resetMessages() {
            _ = agreseterrors()
            graphvizMessages.withLock { $0 = "" }
        }

        private func takeMessages() -> String {
            let text = graphvizMessages.withLock { messages in
                let text = messages
                messages = ""
                return text
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
