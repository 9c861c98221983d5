/// What each predicate links: the kinds of its subjects and objects, as the extractor states them.
/// Queries use this table to report patterns that cannot match (a place attending, a date holding a
/// role); a new predicate needs its row here (the switches are exhaustive).
extension Predicate {
    /// The kinds a subject of this predicate can have.
    public var subjectKinds: Set<EntityKind> {
        switch self {
        case .holdsRole, .attended, .presided, .spokeAt, .reportedAt, .visited, .metWith, .promotes: [.person]
        case .heldIn, .heldOn, .instanceOf, .reportedBy: [.event]
        case .locatedIn: [.organization, .initiative, .place]
        case .discussedAt: [.initiative]
        case .partOf: [.initiative, .place]
        case .publishedOn: [.document]
        }
    }

    /// The kinds an object of this predicate can have (dates are date entities); empty when the
    /// object is a literal text (`instance_of`: the name of a meeting series).
    public var objectKinds: Set<EntityKind> {
        switch self {
        case .holdsRole: [.role]
        case .attended, .presided, .spokeAt, .reportedAt: [.event]
        case .visited: [.place, .organization, .initiative]
        case .metWith: [.person]
        case .heldIn, .locatedIn: [.place]
        case .heldOn, .publishedOn: [.date]
        case .promotes, .partOf: [.initiative]
        case .discussedAt: [.event]
        case .instanceOf: []
        case .reportedBy: [.document]
        }
    }
}

extension EntityKind {
    /// `a person`, `an event`, `an organization`: for messages.
    public var withArticle: String {
        switch self {
        case .event, .organization, .initiative: "an \(rawValue)"
        default: "a \(rawValue)"
        }
    }
}
