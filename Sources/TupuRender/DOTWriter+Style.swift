import TupuModel

/// The language of the labels written on edges.
public enum EdgeLabelLanguage: String, Sendable, CaseIterable {
    /// `Predicate.chineseLabel`: 出席, 担任, …
    case zh
    /// `Predicate.rawValue`: attended, holds_role, …
    case en
}

/// How nodes are labelled.
public enum NodeLabelLanguage: String, Sendable, CaseIterable {
    /// The names as stored, in Chinese.
    case zh
    /// The names in toneless pinyin (see ``Pinyin``).
    case pinyin
    /// The Chinese name with its pinyin on a second line.
    case both
}

/// How a node of one kind is drawn.
public struct NodeStyle: Sendable, Hashable {
    /// A Graphviz shape name (`ellipse`, `box`, …).
    public var shape: String
    /// A fill colour as `#RRGGBB`.
    public var fillColor: String

    public init(shape: String, fillColor: String) {
        self.shape = shape
        self.fillColor = fillColor
    }

    /// The style of nodes of a kind.
    public static func of(_ kind: EntityKind) -> NodeStyle {
        switch kind {
        case .person: NodeStyle(shape: "ellipse", fillColor: "#F8CECC")        // light red
        case .role: NodeStyle(shape: "box", fillColor: "#FFF2B3")              // light yellow
        case .place: NodeStyle(shape: "house", fillColor: "#D5E8D4")           // light green
        case .organization: NodeStyle(shape: "box", fillColor: "#DAE8FC")      // light blue
        case .initiative: NodeStyle(shape: "hexagon", fillColor: "#E1D5E7")    // light purple
        case .document: NodeStyle(shape: "note", fillColor: "#F0F0F0")         // light grey
        case .event: NodeStyle(shape: "doubleoctagon", fillColor: "#FFCC80")   // orange
        case .date: NodeStyle(shape: "box", fillColor: "#D0D0D0")              // grey
        }
    }
}

extension DOTWriter {
    /// The colour of the edges of a predicate and of their labels, so that a label can be
    /// matched to its line where many lines leave one node. Dark enough for text on white.
    public static func edgeColor(_ predicate: Predicate) -> String {
        switch predicate {
        case .holdsRole: "#7A6A00"     // olive, near the role boxes' yellow
        case .attended: "#C25E00"      // orange, like the event
        case .presided: "#B03A2E"      // red
        case .spokeAt: "#7D3C98"       // purple
        case .reportedAt: "#1F618D"    // blue
        case .visited: "#1E8449"       // green
        case .metWith: "#AD1457"       // magenta
        case .heldIn: "#117A65"        // teal
        case .heldOn: "#555555"        // grey
        case .locatedIn: "#5D6D7E"     // slate
        case .promotes: "#2E86C1"      // light blue, like the initiative
        case .discussedAt: "#A04000"   // brown
        case .partOf: "#5D6D7E"        // slate, like located_in
        case .instanceOf: "#555555"    // grey
        case .reportedBy: "#808B96"    // light grey
        case .publishedOn: "#555555"   // grey
        }
    }

    /// The label of a node in the chosen language, long names broken into lines.
    func nodeLabel(_ node: GraphSnapshot.Node) -> String {
        let chinese = LabelWrapping.wrapped(node.name, width: LabelWrapping.chineseWidth)
        guard options.nodeLabels != .zh else { return chinese }
        let pinyin = Pinyin.label(node.name, kind: node.kind)
        let latin = LabelWrapping.wrapped(pinyin, width: LabelWrapping.latinWidth)
        if options.nodeLabels == .pinyin || pinyin == node.name { return options.nodeLabels == .pinyin ? latin : chinese }
        return chinese + "\n" + latin
    }

    /// The legend entry of a kind: its Chinese name, its English name, or both.
    func legendLabel(_ kind: EntityKind) -> String {
        switch options.nodeLabels {
        case .zh: kind.chineseLabel
        case .pinyin: kind.rawValue
        case .both: kind.chineseLabel + "\n" + kind.rawValue
        }
    }

    func relationLabel(_ predicate: Predicate) -> String {
        switch options.edgeLabels {
        case .zh: predicate.chineseLabel
        case .en: predicate.rawValue
        }
    }
}
