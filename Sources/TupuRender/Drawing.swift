import TupuModel

/// What ``DOTWriter`` draws: a graph, clusters of its nodes, and stand-ins for nodes left out.
public struct Drawing: Sendable, Equatable {
    /// A cluster: a boxed group of nodes with a label (drawn by the engines that draw clusters).
    public struct Group: Sendable, Equatable {
        public var label: String
        public var members: [Int64]

        public init(label: String, members: [Int64]) {
            self.label = label
            self.members = members
        }
    }

    /// A node standing for nodes that were left out (`+ 143 场活动`), linked from `from`.
    public struct More: Sendable, Equatable {
        public var label: String
        public var from: Int64
        /// The relation of the nodes it stands for, which colours its edge.
        public var predicate: Predicate?
        /// The index of the group it is drawn in, if any.
        public var group: Int?
        /// How many nodes it stands for.
        public var count: Int

        public init(label: String, from: Int64, predicate: Predicate?, group: Int?, count: Int) {
            self.label = label
            self.from = from
            self.predicate = predicate
            self.group = group
            self.count = count
        }
    }

    public var graph: GraphSnapshot
    public var groups: [Group]
    public var more: [More]

    public init(graph: GraphSnapshot, groups: [Group] = [], more: [More] = []) {
        self.graph = graph
        self.groups = groups
        self.more = more
    }
}

/// Summarising a busy centre: instead of a star of hundreds of events around one person, the
/// events grouped by year (clusters), in each year the heaviest few and a `+ N 场活动` node for
/// the rest.
public enum BusyCentre {
    /// A centre with more events than this is summarised.
    public static let eventLimit = 12
    /// Events shown per year.
    public static let perYear = 4
    /// Years shown, the latest; earlier years are one group.
    public static let years = 6

    /// What an event weighs and when it took place.
    public struct Event: Sendable, Equatable {
        public var date: String?
        public var weight: Int

        public init(date: String?, weight: Int) {
            self.date = date
            self.weight = weight
        }
    }

    /// The nodes of `graph` that ``summarise(_:centers:events:)`` leaves out.
    public static func leftOut(_ graph: GraphSnapshot, centers: Set<Int64>, events: [Int64: Event]) -> Set<Int64> {
        let kept = Set(summarise(graph, centers: centers, events: events).graph.nodes.map(\.id))
        return Set(graph.nodes.map(\.id)).subtracting(kept)
    }

    /// The drawing of `graph` with the events linked to `centers` summarised when there are more
    /// than ``eventLimit``: grouped by year (the latest ``years`` years, then one group for the
    /// earlier and undated ones), each group showing its ``perYear`` heaviest events (weight,
    /// then latest date, then name) and a stand-in for the rest. Nodes linked only to events
    /// left out go too. Returns the graph as it is (no groups) when there are few events.
    public static func summarise(_ graph: GraphSnapshot, centers: Set<Int64>, events facts: [Int64: Event]) -> Drawing {
        var linked: [Int64: Predicate] = [:]
        for edge in graph.edges {
            guard let object = edge.object else { continue }
            if centers.contains(edge.subject), graph.node(object)?.kind == .event, linked[object] == nil {
                linked[object] = edge.predicate
            } else if centers.contains(object), graph.node(edge.subject)?.kind == .event, linked[edge.subject] == nil {
                linked[edge.subject] = edge.predicate
            }
        }
        guard linked.count > eventLimit, let center = centers.min() else { return Drawing(graph: graph) }

        func year(_ id: Int64) -> String? {
            guard let date = facts[id]?.date, date.count >= 4, date.prefix(4).allSatisfy(\.isNumber) else { return nil }
            return String(date.prefix(4))
        }
        let allYears = Set(linked.keys.compactMap(year)).sorted(by: >)
        let shownYears = Array(allYears.prefix(years))
        var byGroup: [String: [Int64]] = [:]
        for id in linked.keys {
            let key = year(id).flatMap { shownYears.contains($0) ? $0 : nil } ?? "other"
            byGroup[key, default: []].append(id)
        }
        func heavier(_ a: Int64, _ b: Int64) -> Bool {
            let (fa, fb) = (facts[a], facts[b])
            if (fa?.weight ?? 0) != (fb?.weight ?? 0) { return (fa?.weight ?? 0) > (fb?.weight ?? 0) }
            if (fa?.date ?? "") != (fb?.date ?? "") { return (fa?.date ?? "") > (fb?.date ?? "") }
            let (na, nb) = (graph.node(a)?.name ?? "", graph.node(b)?.name ?? "")
            return na != nb ? na < nb : a < b
        }
        var groups: [Drawing.Group] = []
        var more: [Drawing.More] = []
        var dropped = Set<Int64>()
        let keys = shownYears + (byGroup["other"] == nil ? [] : ["other"])
        for key in keys {
            guard let members = byGroup[key]?.sorted(by: heavier) else { continue }
            let shown = Array(members.prefix(perYear))
            let rest = members.dropFirst(perYear)
            let label = key == "other"
                ? (shownYears.isEmpty ? "日期不详（\(members.count) 场）" : "\(shownYears.last ?? "") 年以前或日期不详（\(members.count) 场）")
                : "\(key) 年（\(members.count) 场）"
            groups.append(Drawing.Group(label: label, members: shown))
            if !rest.isEmpty {
                dropped.formUnion(rest)
                let predicates = Set(rest.compactMap { linked[$0] })
                more.append(Drawing.More(
                    label: "+ \(rest.count) 场活动", from: center,
                    predicate: predicates.count == 1 ? predicates.first : nil, group: groups.count - 1, count: rest.count))
            }
        }
        // Nodes that only dropped events linked to the picture go with them.
        let remaining = Set(graph.nodes.map(\.id)).subtracting(dropped)
        var hadLink = Set<Int64>(), hasLink = Set<Int64>()
        for edge in graph.edges {
            guard let object = edge.object else { continue }
            hadLink.formUnion([edge.subject, object])
            if remaining.contains(edge.subject), remaining.contains(object) { hasLink.formUnion([edge.subject, object]) }
        }
        let keptNodes = remaining.filter { centers.contains($0) || !hadLink.contains($0) || hasLink.contains($0) }
        let summarised = graph.inducedSubgraph(keeping: keptNodes, literalsFrom: keptNodes)
        return Drawing(graph: summarised, groups: groups, more: more)
    }
}
