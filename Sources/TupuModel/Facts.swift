/// A half-open range of Unicode code point offsets into a document's text.
///
/// Offsets count Unicode scalars of the text exactly as read from the file, so that
/// `text[start:end]` in any language that indexes strings by code point (Python, for one)
/// yields the span.
public struct Span: Hashable, Sendable, Codable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "a span ends before it starts: \(start)..<\(end)")
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }

    /// The smallest span that covers both spans.
    public func union(_ other: Span) -> Span {
        Span(start: min(start, other.start), end: max(end, other.end))
    }

    public func contains(_ other: Span) -> Bool {
        start <= other.start && other.end <= end
    }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// A node of the graph named by its kind and canonical name.
public struct EntityRef: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var kind: EntityKind
    public var name: String

    public init(_ kind: EntityKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue):\(name)" }

    public static func < (lhs: EntityRef, rhs: EntityRef) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

/// The object of a triple: another entity or a plain literal value.
public enum TripleObject: Hashable, Sendable, Comparable {
    case entity(EntityRef)
    case literal(String)

    /// The name printed for the object: an entity's canonical name or the literal itself.
    public var name: String {
        switch self {
        case .entity(let ref): ref.name
        case .literal(let value): value
        }
    }

    public var entity: EntityRef? {
        if case .entity(let ref) = self { ref } else { nil }
    }
}

/// One statement of the graph: `subject predicate object`.
public struct Triple: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var subject: EntityRef
    public var predicate: Predicate
    public var object: TripleObject

    public init(_ subject: EntityRef, _ predicate: Predicate, _ object: TripleObject) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }

    public init(_ subject: EntityRef, _ predicate: Predicate, _ object: EntityRef) {
        self.init(subject, predicate, .entity(object))
    }

    public var description: String { "\(subject.name)\t\(predicate.rawValue)\t\(object.name)" }

    public static func < (lhs: Triple, rhs: Triple) -> Bool {
        (lhs.subject, lhs.predicate, lhs.object) < (rhs.subject, rhs.predicate, rhs.object)
    }
}

/// Where and how a fact was found in one document.
public struct Evidence: Hashable, Sendable {
    /// The sentence that states the fact.
    public var sentence: Span
    /// The part of the sentence that states the fact (subject, cue and object mentions).
    public var span: Span
    /// The identifier of the rule that produced the fact, e.g. `role.title-before-name`.
    public var rule: String
    /// How much the rule is trusted, from 0 to 1.
    public var confidence: Double

    public init(sentence: Span, span: Span, rule: String, confidence: Double) {
        self.sentence = sentence
        self.span = span
        self.rule = rule
        self.confidence = confidence
    }
}

/// A triple together with the evidence that supports it in one document.
public struct Fact: Hashable, Sendable {
    public var triple: Triple
    public var evidence: Evidence

    public init(_ triple: Triple, evidence: Evidence) {
        self.triple = triple
        self.evidence = evidence
    }
}

/// One place where the text names an entity.
public struct Mention: Hashable, Sendable, Comparable {
    public var entity: EntityRef
    public var span: Span
    /// The text as written at the span (before any normalisation).
    public var surface: String
    public var rule: String

    public init(entity: EntityRef, span: Span, surface: String, rule: String) {
        self.entity = entity
        self.span = span
        self.surface = surface
        self.rule = rule
    }

    public static func < (lhs: Mention, rhs: Mention) -> Bool {
        (lhs.span, lhs.entity) < (rhs.span, rhs.entity)
    }
}

/// An alternative name by which a document refers to an entity (李书记 for 李希).
public struct Alias: Hashable, Sendable, Comparable {
    public var entity: EntityRef
    public var alias: String
    public var rule: String

    public init(entity: EntityRef, alias: String, rule: String) {
        self.entity = entity
        self.alias = alias
        self.rule = rule
    }

    public static func < (lhs: Alias, rhs: Alias) -> Bool {
        (lhs.entity, lhs.alias, lhs.rule) < (rhs.entity, rhs.alias, rhs.rule)
    }
}

/// Everything extraction found in one document's text.
public struct Extraction: Sendable, Equatable {
    /// The headline, when the text has one.
    public var title: String?
    /// The publication date as ISO `yyyy-mm-dd`, from a 发布时间 line or a dateline.
    public var publicationDate: String?
    /// Where the headline is written.
    public var titleSpan: Span?
    /// The line the publication date was read from.
    public var publicationSpan: Span?
    public var mentions: [Mention]
    public var aliases: [Alias]
    public var facts: [Fact]
    /// Date expressions as written (8月21日至23日, 24日上午, 昨天), each with its date as the entity
    /// name when it can be resolved (else the surface). They are not stored: a date is a literal.
    public var dates: [Mention]

    public init(
        title: String? = nil, publicationDate: String? = nil, mentions: [Mention] = [], aliases: [Alias] = [], facts: [Fact] = [],
        dates: [Mention] = [], titleSpan: Span? = nil, publicationSpan: Span? = nil
    ) {
        self.title = title
        self.publicationDate = publicationDate
        self.titleSpan = titleSpan
        self.publicationSpan = publicationSpan
        self.mentions = mentions
        self.aliases = aliases
        self.facts = facts
        self.dates = dates
    }

    /// Every entity named by a mention or a fact, sorted.
    public var entities: [EntityRef] {
        var all = Set(mentions.map(\.entity))
        for fact in facts {
            all.insert(fact.triple.subject)
            if let object = fact.triple.object.entity { all.insert(object) }
        }
        return all.sorted()
    }

    /// The distinct triples, sorted.
    public var triples: [Triple] { Set(facts.map(\.triple)).sorted() }
}
