/// The kind of a node in the knowledge graph.
///
/// Kinds are stored by their raw value (`"person"`, `"role"`, …), which is also
/// what every export writes, so the raw values are part of the file formats.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case person
    case role
    case place
    case organization
    case initiative
    case document
    case event
    case date

    /// The Chinese name of the kind, used in legends and tables.
    public var chineseLabel: String {
        switch self {
        case .person: "人物"
        case .role: "职务"
        case .place: "地点"
        case .organization: "机构"
        case .initiative: "平台"
        case .document: "文件"
        case .event: "活动"
        case .date: "日期"
        }
    }

    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool {
        lhs.order < rhs.order
    }

    /// The kind's place among the cases as declared (`allCases` order), by a switch: looking it
    /// up in `allCases` made that array at every comparison.
    private var order: Int {
        switch self {
        case .person: 0
        case .role: 1
        case .place: 2
        case .organization: 3
        case .initiative: 4
        case .document: 5
        case .event: 6
        case .date: 7
        }
    }
}
