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

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
