import TupuModel

extension DOTWriter {
    /// More nodes than this hanging from one node by the same relation are drawn as a grid.
    public static let fanLimit = 12

    /// Nodes hanging from one node (the hub) by the same relations and by nothing else: the
    /// 45 persons who only attended a meeting. Drawn by `dot` one under the other they make a
    /// strip thousands of pixels tall; drawn as a grid in a box (a cluster, one edge from the
    /// box to the hub, labelled with the relation and the count) they make a block that reads
    /// as what it is ("出席（45 人）").
    struct Fan {
        /// The DOT ID of the node they hang from.
        var hub: String
        /// Whether the edges go from the members to the hub.
        var towardsHub: Bool
        var predicates: [Predicate]
        /// Entity ids, in the order the nodes are written (kind, name, id).
        var members: [Int64]
        /// Whether every member is a person (counted in 人, else in 个).
        var persons = true

        /// The members in rows of `columns`, each row chained by invisible edges so that `dot`
        /// puts its nodes side by side (one rank each).
        var columns: Int { max(2, Int((Double(members.count) / 2).squareRoot().rounded(.up))) }

        /// The member the edge to the hub is drawn from: the one nearest the hub in the middle row.
        var anchor: Int64 {
            let row = (members.count - 1) / columns / 2
            let index = towardsHub ? min(row * columns + columns - 1, members.count - 1) : row * columns
            return members[index]
        }

        /// The fans of a drawing, for `dot` only (the other engines draw no compound edges).
        /// A member has one drawn edge in all, is an entity, and is in no group nor the source
        /// of a stand-in.
        static func find(_ plan: Plan, _ drawing: Drawing) -> [Fan] {
            var degree: [String: Int] = [:]
            for edge in plan.merged {
                degree[edge.subject, default: 0] += 1
                degree[edge.target, default: 0] += 1
            }
            for more in drawing.more { degree[DOTWriter.nodeID(more.from), default: 0] += 1 }
            let grouped = Set(drawing.groups.flatMap(\.members))
            let nodeOf = Dictionary(plan.nodes.map { (DOTWriter.nodeID($0.id), $0) }, uniquingKeysWith: { first, _ in first })
            var byKey: [String: Fan] = [:]
            var keys: [String] = []
            for edge in plan.merged {
                for (leaf, hub, towardsHub) in [(edge.subject, edge.target, true), (edge.target, edge.subject, false)] {
                    guard degree[leaf] == 1, degree[hub, default: 0] > 1, let node = nodeOf[leaf], !grouped.contains(node.id) else { continue }
                    let key = "\(hub) \(towardsHub) " + edge.predicates.map(\.rawValue).joined(separator: ",")
                    if byKey[key] == nil {
                        keys.append(key)
                        byKey[key] = Fan(hub: hub, towardsHub: towardsHub, predicates: edge.predicates, members: [])
                    }
                    byKey[key]?.members.append(node.id)
                    if node.kind != .person { byKey[key]?.persons = false }
                }
            }
            let order = Dictionary(plan.nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            return keys.compactMap { byKey[$0] }
                .filter { $0.members.count > DOTWriter.fanLimit }
                .map { fan in
                    var fan = fan
                    fan.members.sort { (order[$0] ?? 0) < (order[$1] ?? 0) }
                    return fan
                }
                .sorted { ($0.hub, $0.members[0]) < ($1.hub, $1.members[0]) }
        }
    }

    static func fanID(_ index: Int) -> String { "cluster_fan\(index)" }

    /// The label of a fan's box: its relations and how many members (`出席（45 人）`).
    func fanLabel(_ fan: Fan) -> String {
        let unit = fan.persons ? "人" : "个"
        let relations = fan.predicates.map(relationLabel).joined(separator: options.edgeLabels == .zh ? "、" : ", ")
        return "\(relations)（\(fan.members.count) \(unit)）"
    }
}
