import TupuModel

/// Precision, recall and F1 of extracted facts and entities against a gold file.
public struct Evaluation: Sendable, Equatable {
    public struct Score: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }

        private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
            denominator == 0 ? 1 : Double(numerator) / Double(denominator)
        }

        public static func + (lhs: Score, rhs: Score) -> Score {
            Score(
                truePositives: lhs.truePositives + rhs.truePositives, falsePositives: lhs.falsePositives + rhs.falsePositives,
                falseNegatives: lhs.falseNegatives + rhs.falseNegatives)
        }
    }

    public struct Miss: Sendable, Hashable {
        public var document: String
        public var subject: String
        public var predicate: String
        public var object: String
    }

    public var byPredicate: [Predicate: Score] = [:]
    public var byEntityKind: [EntityKind: Score] = [:]
    /// Gold facts the extractor did not find.
    public var misses: [Miss] = []
    /// Extracted facts the gold does not state.
    public var falseFacts: [Miss] = []
    public var entityMisses: [Miss] = []
    public var falseEntities: [Miss] = []

    public init() {}

    public var overall: Score { byPredicate.values.reduce(Score(), +) }

    /// Adds the results of another document.
    public mutating func merge(_ other: Evaluation) {
        strictOverall = strictOverall + other.strictOverall
        strictEntities = strictEntities + other.strictEntities
        byPredicate.merge(other.byPredicate, uniquingKeysWith: +)
        byEntityKind.merge(other.byEntityKind, uniquingKeysWith: +)
        misses += other.misses
        falseFacts += other.falseFacts
        entityMisses += other.entityMisses
        falseEntities += other.falseEntities
    }

    /// How names are compared.
    public enum Matching: Sendable {
        /// Names equal once 《》 and quotes are dropped.
        case strict
        /// Also a clear short form of a long event, organization, initiative or document name: its
        /// characters appear in order in the longer name, it has at least three, and it covers at
        /// least half of the longer one.
        case lenient
    }

    /// Triples scored with exact names only (``Matching/strict``), beside the lenient ``overall``.
    public var strictOverall = Score()
    /// Entities scored with exact names only, all kinds together.
    public var strictEntities = Score()

    /// All kinds of entities together.
    public var entities: Score { byEntityKind.values.reduce(Score(), +) }

    /// Scores one document's extraction against its gold, leniently (per predicate and kind) and
    /// strictly (``strictOverall``, ``strictEntities``).
    ///
    /// Names are compared in simplified characters, so a traditional-character gold file matches
    /// the extractor's simplified canonical names. Person, role, place and date names match
    /// exactly; event, organization, initiative and document names also match a clear short
    /// form (see ``Matching/lenient``).
    public static func score(_ extraction: Extraction, against gold: Gold, document: String = "") -> Evaluation {
        var simplifier = Simplifier()
        var result = score(extraction, against: gold, document: document, matching: .lenient, simplifier: &simplifier)
        let strict = score(extraction, against: gold, document: document, matching: .strict, simplifier: &simplifier)
        result.strictOverall = strict.overall
        result.strictEntities = strict.entities
        return result
    }

    private static func score(
        _ extraction: Extraction, against gold: Gold, document: String, matching: Matching, simplifier: inout Simplifier
    ) -> Evaluation {
        var result = Evaluation()
        func same(_ extracted: String, _ goldName: String, kind: EntityKind) -> Bool {
            namesMatch(simplifier.simplified(extracted), simplifier.simplified(goldName), kind: kind, matching: matching)
        }
        // The gold writes names as written (在京召开 → 京, 廣東省): an entity is found under its
        // canonical name and under each form a mention of it writes.
        var forms: [EntityRef: [String]] = [:]
        for mention in extraction.mentions where mention.surface != mention.entity.name {
            forms[mention.entity, default: []].append(mention.surface)
        }
        for (entity, written) in forms { forms[entity] = Set(written).sorted() }
        func names(_ entity: EntityRef) -> [String] { [entity.name] + (forms[entity] ?? []) }
        func matches(_ triple: Triple, _ fact: Gold.Fact) -> Bool {
            guard triple.predicate == fact.predicate, names(triple.subject).contains(where: { same($0, fact.subject, kind: triple.subject.kind) }) else {
                return false
            }
            guard let object = triple.object.entity else { return same(triple.object.name, fact.object, kind: .date) }
            return names(object).contains { same($0, fact.object, kind: object.kind) }
        }
        let scored = gold.scoredPredicates
        var unmatched = extraction.triples.filter { scored.contains($0.predicate) }
        let required = gold.facts.filter { !$0.optional }
        for fact in required {
            if let index = unmatched.firstIndex(where: { matches($0, fact) }) {
                unmatched.remove(at: index)
                result.byPredicate[fact.predicate, default: Score()].truePositives += 1
            } else {
                result.byPredicate[fact.predicate, default: Score()].falseNegatives += 1
                result.misses.append(Miss(document: document, subject: fact.subject, predicate: fact.predicate.rawValue, object: fact.object))
            }
        }
        for triple in unmatched {
            // A fact stated twice, or marked optional in the gold, is not false.
            let optional = gold.facts.contains { $0.optional && matches(triple, $0) }
            let duplicate = required.contains { matches(triple, $0) }
            guard !optional, !duplicate else { continue }
            result.byPredicate[triple.predicate, default: Score()].falsePositives += 1
            result.falseFacts.append(Miss(document: document, subject: triple.subject.name, predicate: triple.predicate.rawValue, object: triple.object.name))
        }
        if !gold.entities.isEmpty {
            func kinds(_ entity: EntityRef) -> [EntityKind] { [entity.kind] + (gold.otherKinds[entity] ?? []) }
            let scoredKinds = Set((gold.entities + gold.optionalEntities).flatMap(kinds))
            // Dates are named as written in the gold (12月6日, 24日上午): they match the date expressions.
            var predicted = extraction.entities.filter { scoredKinds.contains($0.kind) && $0.kind != .date }
            if scoredKinds.contains(.date) {
                var seenDates = Set<String>()
                predicted += extraction.dates.filter { seenDates.insert($0.surface).inserted }.map { EntityRef(.date, $0.surface) }
            }
            // The gold lists names as written (廣東省 and 廣東 both): each form matches once.
            let candidates = predicted.map { entity in (entity: entity, names: names(entity)) }
            var usedForms = Set<[String]>()
            var matched = Set<Int>()
            for entity in gold.entities {
                let accepted = kinds(entity)
                var found = false
                search: for (index, candidate) in candidates.enumerated() where accepted.contains(candidate.entity.kind) {
                    for name in candidate.names where same(name, entity.name, kind: candidate.entity.kind) {
                        let form = [String(index), simplifier.simplified(Self.stripMarks(name))]
                        guard !usedForms.contains(form) else { continue }
                        usedForms.insert(form)
                        matched.insert(index)
                        found = true
                        break search
                    }
                }
                if found {
                    result.byEntityKind[entity.kind, default: Score()].truePositives += 1
                } else {
                    result.byEntityKind[entity.kind, default: Score()].falseNegatives += 1
                    result.entityMisses.append(Miss(document: document, subject: entity.name, predicate: "kind", object: entity.kind.rawValue))
                }
            }
            let known = gold.entities + gold.optionalEntities
            for (index, candidate) in candidates.enumerated() where !matched.contains(index) {
                let entity = candidate.entity
                guard !known.contains(where: { gold in kinds(gold).contains(entity.kind) && candidate.names.contains { same($0, gold.name, kind: entity.kind) } }) else { continue }
                result.byEntityKind[entity.kind, default: Score()].falsePositives += 1
                result.falseEntities.append(Miss(document: document, subject: entity.name, predicate: "kind", object: entity.kind.rawValue))
            }
        }
        return result
    }

    static func namesMatch(_ extracted: String, _ gold: String, kind: EntityKind, matching: Matching = .lenient) -> Bool {
        let a = stripMarks(extracted), b = stripMarks(gold)
        if a == b { return true }
        guard matching == .lenient else { return false }
        switch kind {
        case .event, .organization, .initiative, .document:
            let (short, long) = a.count <= b.count ? (a, b) : (b, a)
            return short.count >= 3 && short.count * 2 >= long.count && isSubsequence(short, of: long)
        default:
            return false
        }
    }

    static func stripMarks(_ name: String) -> String {
        name.filter { !"《》“”\"".contains($0) }
    }

    static func isSubsequence(_ short: String, of long: String) -> Bool {
        var iterator = long.makeIterator()
        for character in short {
            var found = false
            while let next = iterator.next() {
                if next == character {
                    found = true
                    break
                }
            }
            if !found { return false }
        }
        return true
    }
}

