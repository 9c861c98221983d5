import TupuModel

/// The facts a human reader says an article states, read from a gold file.
///
/// One fact a line, tab-separated: `subject<TAB>predicate<TAB>object`, with an optional fourth
/// column `?` for a fact that is neither required nor counted false. Entity lines use the
/// pseudo-predicate `kind`: `李希<TAB>kind<TAB>person`. Lines starting with `#` are comments,
/// except `#! scored: promotes discussed_at`, which says the file annotates those predicates too.
///
/// A gold file is scored on the predicates it annotates: the ten of the annotation conventions
/// (``conventionPredicates``), those any of its facts uses, and those a `#! scored:` line names.
/// An extracted fact of another predicate (one added after the file was written) counts
/// neither way.
public struct Gold: Sendable, Equatable {
    public struct Fact: Sendable, Hashable {
        public var subject: String
        public var predicate: Predicate
        public var object: String
        public var optional: Bool
        public var line: Int
    }

    public var facts: [Fact]
    /// Entities the extractor must find.
    public var entities: [EntityRef]
    /// Entities that count neither way (lines marked `?`).
    public var optionalEntities: [EntityRef] = []
    /// Further kinds accepted for a gold entity written `name<TAB>a|b` in an entities file: the
    /// entity is listed under its first kind, and a prediction of any of these kinds matches it.
    public var otherKinds: [EntityRef: [EntityKind]] = [:]

    public struct FormatError: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Predicates scored besides those the facts use (from `#! scored:` lines).
    public var declaredPredicates: Set<Predicate> = []

    /// The predicates every gold file annotates (those of the annotation conventions).
    public static let conventionPredicates: Set<Predicate> = [
        .holdsRole, .attended, .presided, .spokeAt, .reportedAt, .visited, .metWith, .heldIn, .heldOn, .locatedIn,
    ]

    /// The predicates this gold annotates.
    public var scoredPredicates: Set<Predicate> {
        Self.conventionPredicates.union(declaredPredicates).union(facts.map(\.predicate))
    }

    public init(facts: [Fact], entities: [EntityRef]) {
        self.facts = facts
        self.entities = entities
    }

    /// A gold file of facts: `subject<TAB>predicate<TAB>object[<TAB>?]`, and entities as
    /// `name<TAB>kind<TAB>KIND` where `KIND` may be `a|b` when either kind is right.
    public static func parse(_ text: String, file: String) throws(FormatError) -> Gold {
        var facts: [Fact] = []
        var entities: [EntityRef] = []
        var optionalEntities: [EntityRef] = []
        var otherKinds: [EntityRef: [EntityKind]] = [:]
        for (number, fields) in dataLines(text) {
            guard fields.count == 3 || fields.count == 4 else {
                throw FormatError(file: file, line: number, message: "expected 3 or 4 tab-separated fields (subject, predicate, object[, ?]), found \(fields.count)")
            }
            guard !fields[0].isEmpty, !fields[2].isEmpty else {
                throw FormatError(file: file, line: number, message: "empty subject or object")
            }
            let optional: Bool
            if fields.count == 4 {
                guard fields[3] == "?" || fields[3].isEmpty else {
                    throw FormatError(file: file, line: number, message: "the fourth field may only be ? (an optional fact), found \"\(fields[3])\"")
                }
                optional = fields[3] == "?"
            } else {
                optional = false
            }
            if fields[1] == "kind" {
                let kinds = try Self.kinds(fields[2], file: file, line: number)
                let entity = EntityRef(kinds[0], fields[0])
                if optional {
                    optionalEntities.append(entity)
                } else {
                    entities.append(entity)
                }
                if kinds.count > 1 { otherKinds[entity] = Array(kinds.dropFirst()) }
                continue
            }
            guard let predicate = Predicate(label: fields[1]) else {
                throw FormatError(file: file, line: number, message: "unknown predicate \"\(fields[1])\"; expected kind or one of \(Predicate.catalogue)")
            }
            facts.append(Fact(subject: fields[0], predicate: predicate, object: fields[2], optional: optional, line: number))
        }
        var gold = Gold(facts: facts, entities: entities)
        gold.optionalEntities = optionalEntities
        gold.otherKinds = otherKinds
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasPrefix("#! scored:") {
            for label in line.dropFirst("#! scored:".count).split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\r" }) {
                guard let predicate = Predicate(label: String(label)) else {
                    throw FormatError(file: file, line: number + 1, message: "unknown predicate \"\(label)\" in #! scored:; expected one of \(Predicate.catalogue)")
                }
                gold.declaredPredicates.insert(predicate)
            }
        }
        return gold
    }

    /// Adds the entities of an entities file: `name<TAB>kind[<TAB>?]`, where `kind` may be
    /// `a|b` when either kind is right. Lines starting with `#` are comments. An initiative written
    /// in title marks (《…》) may also be found as a document.
    ///
    /// ```
    /// 马兴瑞	person
    /// 横琴粤澳深度合作区	initiative|place
    /// 记者	role	?
    /// ```
    public mutating func addEntities(_ text: String, file: String) throws(FormatError) {
        for (number, fields) in dataLines(text) {
            guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty else {
                throw FormatError(file: file, line: number, message: "expected 2 or 3 tab-separated fields (name, kind[, ?]), found \(fields.count)")
            }
            var kinds = try Self.kinds(fields[1], file: file, line: number)
            let kind = kinds[0]
            // An annotation scheme without the kind document marks a work named in title marks
            // (《…方案》) an initiative; this project's kind for it is document, so either is right.
            if kinds.contains(.initiative), !kinds.contains(.document), fields[0].hasPrefix("《"), fields[0].hasSuffix("》") {
                kinds.append(.document)
            }
            let optional = fields.count == 3 && fields[2] == "?"
            guard fields.count == 2 || optional || fields[2].isEmpty else {
                throw FormatError(file: file, line: number, message: "the third field may only be ? (an optional entity), found \"\(fields[2])\"")
            }
            let entity = EntityRef(kind, fields[0])
            if optional { optionalEntities.append(entity) } else { entities.append(entity) }
            if kinds.count > 1 { otherKinds[entity] = Array(kinds.dropFirst()) }
        }
    }
}

extension Gold {
    /// The kinds of a kind field: one kind, or `a|b` when either is right (the first is the
    /// entity's, the others are also accepted); never empty.
    static func kinds(_ field: String, file: String, line: Int) throws(FormatError) -> [EntityKind] {
        var kinds: [EntityKind] = []
        for name in field.split(separator: "|") {
            guard let kind = EntityKind(rawValue: String(name).trimmingWhitespace) else {
                throw FormatError(file: file, line: line, message: "unknown kind \"\(name)\"; expected one of \(EntityKind.allCases.map(\.rawValue).joined(separator: ", ")) (or a|b)")
            }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else { throw FormatError(file: file, line: line, message: "empty kind") }
        return kinds
    }
}

/// The lines of a TSV file that hold data (not blank, not `#` comments), numbered from 1, each
/// split at tabs with its fields trimmed; a byte order mark and CR line ends are dropped.
func dataLines(_ text: String) -> [(number: Int, fields: [String])] {
    var result: [(Int, [String])] = []
    var number = 0
    for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
        number += 1
        var line = String(String.UnicodeScalarView(rawLine))
        if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
        if number == 1, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }
        let trimmed = line.trimmingWhitespace
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        result.append((number, line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }))
    }
    return result
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
