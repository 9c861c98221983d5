/// Exact-match scoring of found names against gold names: a found name counts when its start,
/// end and kind are all those of a gold name.
public struct NameScores: Sendable, Hashable {
    public struct Counts: Sendable, Hashable {
        public var found = 0
        public var gold = 0
        public var correct = 0

        public var precision: Double { found == 0 ? 0 : Double(correct) / Double(found) }
        public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    public var byKind: [NameKind: Counts] = [:]

    public init() {}

    /// All kinds together.
    public var overall: Counts {
        var total = Counts()
        for counts in byKind.values {
            total.found += counts.found
            total.gold += counts.gold
            total.correct += counts.correct
        }
        return total
    }

    public subscript(kind: NameKind) -> Counts { byKind[kind] ?? Counts() }

    public mutating func add(found: [NameSpan], gold: [NameSpan]) {
        struct Key: Hashable { var start: Int, end: Int, kind: NameKind }
        let goldKeys = Set(gold.map { Key(start: $0.start, end: $0.end, kind: $0.kind) })
        for span in found {
            byKind[span.kind, default: Counts()].found += 1
            if goldKeys.contains(Key(start: span.start, end: span.end, kind: span.kind)) {
                byKind[span.kind, default: Counts()].correct += 1
            }
        }
        for span in gold { byKind[span.kind, default: Counts()].gold += 1 }
    }
}
