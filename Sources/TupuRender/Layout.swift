import TupuModel

extension LayoutEngine {
    /// Graphs with more nodes than this are laid out with ``sfdp`` by ``automatic(nodeCount:)``.
    public static let largeGraphNodeCount = 150

    /// The engine for a graph of this many nodes when none is asked for: ``dot`` (layered,
    /// the most readable) up to ``largeGraphNodeCount`` nodes, ``sfdp`` (force-directed, with
    /// overlap removal) beyond, where `dot` becomes slow and very wide.
    public static func automatic(nodeCount: Int) -> LayoutEngine {
        nodeCount <= largeGraphNodeCount ? .dot : .sfdp
    }

    /// Above this many edges the force-directed and circular engines draw straight edges
    /// (`splines=line`): their spline router, which bends edges around nodes, grows with the
    /// square of the graph (measured with Graphviz 2.43 on ego graphs: 0.2 s at 30 edges, 5 s
    /// at 100, 24 s at 173), while straight lines cost nothing. Nodes are drawn over edges, so
    /// labels stay readable. `dot` routes its own splines quickly and always uses them.
    public static let splineEdgeLimit = 40

    /// The graph attributes ``DOTWriter`` writes for this engine and a graph of `edgeCount`
    /// edges: direction and spacing for `dot`, overlap removal and spacing for the others.
    public func graphAttributes(edgeCount: Int) -> [String] {
        let splines = edgeCount <= Self.splineEdgeLimit ? "splines=true" : "splines=line"
        return switch self {
        case .dot:
            ["rankdir=LR", "splines=true", "nodesep=0.35", "ranksep=1.6", "pad=0.4"]
        case .circo:
            ["overlap=false", splines, "mindist=1.2", "pad=0.4"]
        case .neato, .fdp:
            ["overlap=prism", "overlap_scaling=2", "sep=\"+12\"", splines, "K=1.2", "pad=0.4"]
        case .sfdp:
            ["overlap=prism", "overlap_scaling=2", "sep=\"+12\"", splines, "K=1.2", "repulsiveforce=1.5", "pad=0.4"]
        }
    }
}

/// Breaking long labels into lines of about the same width.
enum LabelWrapping {
    /// Widths in columns: a Chinese (wide) character counts two, others one.
    static let chineseWidth = 24
    static let latinWidth = 26
    static let titleWidth = 64

    /// `text` broken into lines of at most about `width` columns (the lines are balanced, so
    /// a name just over the width becomes two halves rather than a long line and a stub).
    /// Breaks fall between Chinese characters or at spaces, never just after an opening
    /// mark (《, “, ( …) or just before a closing one (》, ，, ) …).
    static func wrapped(_ text: String, width: Int) -> String {
        let total = columns(text)
        guard total > width, width > 0 else { return text }
        let tokens = tokens(of: text)
        let lineCount = (total + width - 1) / width
        // The narrowest limit, from the balanced width up, that fits the text in as few lines
        // as `width` would.
        var limit = (total + lineCount - 1) / lineCount
        while true {
            let lines = greedyLines(tokens, limit: limit)
            if lines.count <= lineCount || limit >= total { return lines.joined(separator: "\n") }
            limit += 1
        }
    }

    /// The tokens in lines of at most `limit` columns (a longer token gets a line of its own);
    /// spaces at line ends are dropped.
    private static func greedyLines(_ tokens: [String], limit: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineColumns = 0
        for token in tokens {
            let tokenColumns = columns(token)
            if lineColumns > 0, lineColumns + tokenColumns > limit {
                lines.append(line.trimmingTrailingSpaces())
                line = ""
                lineColumns = 0
            }
            if token == " ", line.isEmpty { continue }
            line += token
            lineColumns += tokenColumns
        }
        if !line.isEmpty { lines.append(line.trimmingTrailingSpaces()) }
        return lines
    }

    /// Units that stay on one line: a Chinese character (with the punctuation that clings to
    /// it), a Latin word, or a space.
    static func tokens(of text: String) -> [String] {
        // Positions inside a Chinese word (by ``Pinyin/segment(_:)``): no break before them.
        var insideWord = Set<Int>()
        var offset = 0
        for piece in Pinyin.pieces(of: text) {
            switch piece {
            case .han(let run):
                for word in Pinyin.segment(run) {
                    insideWord.formUnion((word.lowerBound + 1 ..< word.upperBound).map { $0 + offset })
                }
                offset += run.count
            case .other(let other):
                offset += other.count
            }
        }
        var tokens: [String] = []
        var opening = ""
        for (index, character) in text.enumerated() {
            if character == " " {
                if !opening.isEmpty { tokens.append(opening) }
                opening = ""
                tokens.append(" ")
            } else if openingMarks.contains(character) {
                opening.append(character)
            } else if closingMarks.contains(character), opening.isEmpty, let last = tokens.last, last != " " {
                tokens[tokens.count - 1] = last + String(character)
            } else if opening.isEmpty, !isWide(character), let last = tokens.last, last != " ", !isWide(last.last) {
                tokens[tokens.count - 1] = last + String(character)  // the rest of a Latin word
            } else if opening.isEmpty, insideWord.contains(index), let last = tokens.last, isWide(last.last) {
                tokens[tokens.count - 1] = last + String(character)  // the rest of a Chinese word
            } else {
                tokens.append(opening + String(character))
                opening = ""
            }
        }
        if !opening.isEmpty { tokens.append(opening) }
        return tokens
    }

    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    private static func isWide(_ character: Character?) -> Bool {
        guard let scalar = character?.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Marks that cling to what follows or precedes them. ASCII brackets are not among them:
    /// in Latin text they are part of a word, which is never broken.
    private static let openingMarks: Set<Character> = ["《", "〈", "「", "『", "（", "【", "“", "‘"]
    private static let closingMarks: Set<Character> = [
        "》", "〉", "」", "』", "）", "】", "”", "’", "，", "、", "。", "；", "：", "！", "？", ",", ".", ";", ":", "!", "?",
    ]
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
