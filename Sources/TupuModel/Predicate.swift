/// The relations Tupu extracts, with their stable identifiers.
///
/// The raw value (`"holds_role"`, `"attended"`, …) is what the store keeps and what
/// exports print; it never changes once published.
public enum Predicate: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// person → role: 省委书记李希
    case holdsRole = "holds_role"
    /// person → event: 出席, 参加
    case attended
    /// person → event: 主持
    case presided
    /// person → event: 讲话, 致辞, 发言
    case spokeAt = "spoke_at"
    /// person → event: 汇报, 通报
    case reportedAt = "reported_at"
    /// person → place or organization: 考察, 调研, 前往, 参观, 走访
    case visited
    /// person → person: 会见, 会谈
    case metWith = "met_with"
    /// event → place: 在…召开/举行
    case heldIn = "held_in"
    /// event → date: 9月27日 resolved against the publication date
    case heldOn = "held_on"
    /// organization or initiative → place
    case locatedIn = "located_in"
    /// person → initiative: 推进, 推动, 加快…建设, 调研 (the person calls for, advances or inspects it)
    case promotes
    /// initiative → event: the initiative is raised at the event (in a speech given there)
    case discussedAt = "discussed_at"
    /// initiative or place → initiative: X是Y的重要组成部分, Y核心区X (where stated)
    case partOf = "part_of"
    /// event → series name (a literal): every instance of a recurring meeting shares it
    case instanceOf = "instance_of"
    /// event → document: the article that reports the event
    case reportedBy = "reported_by"
    /// document → date: the article's publication date
    case publishedOn = "published_on"

    /// The Chinese label used on edges and accepted in queries.
    public var chineseLabel: String {
        switch self {
        case .holdsRole: "担任"
        case .attended: "出席"
        case .presided: "主持"
        case .spokeAt: "讲话"
        case .reportedAt: "汇报"
        case .visited: "考察"
        case .metWith: "会见"
        case .heldIn: "举办地"
        case .heldOn: "日期"
        case .locatedIn: "位于"
        case .promotes: "推进"
        case .discussedAt: "议及"
        case .partOf: "属于"
        case .instanceOf: "系列"
        case .reportedBy: "报道"
        case .publishedOn: "发布"
        }
    }

    /// Finds a predicate by its identifier (`attended`) or its Chinese label (`出席`).
    public init?(label: String) {
        if let byID = Predicate(rawValue: label) {
            self = byID
        } else if let byLabel = Predicate.allCases.first(where: { $0.chineseLabel == label }) {
            self = byLabel
        } else {
            return nil
        }
    }

    /// Every predicate with its Chinese label, for messages: `holds_role (担任), attended (出席), …`.
    public static var catalogue: String {
        allCases.map { "\($0.rawValue) (\($0.chineseLabel))" }.joined(separator: ", ")
    }

    /// Predicates that link a person to an event they took part in.
    public static let participation: Set<Predicate> = [.attended, .presided, .spokeAt, .reportedAt]

    public static func < (lhs: Predicate, rhs: Predicate) -> Bool {
        lhs.order < rhs.order
    }

    /// The predicate's place among the cases as declared (`allCases` order), by a switch:
    /// looking it up in `allCases` made that array at every comparison.
    private var order: Int {
        switch self {
        case .holdsRole: 0
        case .attended: 1
        case .presided: 2
        case .spokeAt: 3
        case .reportedAt: 4
        case .visited: 5
        case .metWith: 6
        case .heldIn: 7
        case .heldOn: 8
        case .locatedIn: 9
        case .promotes: 10
        case .discussedAt: 11
        case .partOf: 12
        case .instanceOf: 13
        case .reportedBy: 14
        case .publishedOn: 15
        }
    }
}
