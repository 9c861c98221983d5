import Foundation
import TupuModel
import TupuStore

/// One line of `tupu extract --format jsonl`: a document and everything a file ingest stores of
/// it, so that another machine (or a later run) stores it without extracting again.
///
/// The document is given as `ingest` reads it: its path as given, its source key (the canonical
/// path, or a `--source` name), the SHA-256 of its bytes, its text as decoded, its title and
/// publication date. Then, as the store keeps them (events named as instances, the document an
/// entity, see ``TupuModel/Extraction/identified(contentHash:)``): the entities named, the
/// mentions, the aliases, and each fact with its evidence. Offsets are Unicode code point
/// offsets into `text`, end exclusive. Mentions and facts keep the order extraction gave them
/// (the store keeps the first of two facts with the same evidence key); aliases (which
/// extraction may list in another order in another process) and entities are sorted, and so
/// are keys, so the same file gives the same line, byte for byte:
///
///     {"aliases":[…],"document":{"contentHash":"74a9…","path":"seeds/000.txt","published":"2022-09-28","source":"/…/seeds/000.txt","text":"…","title":"…"},
///      "entities":[{"kind":"person","name":"李希"},…],
///      "facts":[{"confidence":0.9,"end":40,"object":{"kind":"event","name":"…（2022-09-27）"},"predicate":"attended","rule":"participation.cue",
///                "sentenceEnd":60,"sentenceStart":0,"start":30,"subject":{"kind":"person","name":"李希"}},…],
///      "mentions":[{"end":6,"entity":{"kind":"person","name":"李希"},"rule":"person.title-chain","start":4},…],"version":1}
///
/// (one line in the file). A fact's object is an entity (`object`) or a literal (`literal`).
public struct DocumentRecord: Codable, Sendable, Equatable {
    /// The version of the format this type writes and reads.
    public static let currentVersion = 1

    public var version: Int
    public var document: Document
    /// Every entity a mention, an alias or a fact names, sorted by kind and name.
    public var entities: [Entity]
    public var mentions: [MentionLine]
    public var aliases: [AliasLine]
    public var facts: [FactLine]

    /// The document as `ingest` read it.
    public struct Document: Codable, Sendable, Equatable {
        public var path: String
        public var source: String
        public var contentHash: String
        public var title: String?
        public var published: String?
        public var text: String
    }

    /// A node of the graph: its kind and canonical name.
    public struct Entity: Codable, Sendable, Hashable {
        public var kind: EntityKind
        public var name: String

        init(_ ref: EntityRef) {
            kind = ref.kind
            name = ref.name
        }

        var ref: EntityRef { EntityRef(kind, name) }
    }

    public struct MentionLine: Codable, Sendable, Equatable {
        public var entity: Entity
        public var start: Int
        public var end: Int
        public var rule: String
    }

    public struct AliasLine: Codable, Sendable, Equatable {
        public var entity: Entity
        public var alias: String
        public var rule: String
    }

    /// A fact and its evidence in this document.
    public struct FactLine: Codable, Sendable, Equatable {
        public var subject: Entity
        public var predicate: TupuModel.Predicate
        /// The object when it is an entity; else nil and ``literal`` holds it.
        public var object: Entity?
        public var literal: String?
        public var start: Int
        public var end: Int
        public var sentenceStart: Int
        public var sentenceEnd: Int
        public var rule: String
        public var confidence: Double
    }

    init(version: Int, document: Document, entities: [Entity], mentions: [MentionLine], aliases: [AliasLine], facts: [FactLine]) {
        self.version = version
        self.document = document
        self.entities = entities
        self.mentions = mentions
        self.aliases = aliases
        self.facts = facts
    }

    /// The record of a document and the extraction the store keeps of it (a file ingest stores
    /// `extractor.extract(document.text).identified(contentHash: document.contentHash)`).
    public init(document: SourceDocument, stored extraction: Extraction) {
        version = Self.currentVersion
        self.document = Document(
            path: document.path, source: document.sourceKey, contentHash: document.contentHash, title: extraction.title,
            published: extraction.publicationDate, text: document.text)
        var named = Set<EntityRef>()
        mentions = extraction.mentions.map { mention in
            named.insert(mention.entity)
            return MentionLine(entity: Entity(mention.entity), start: mention.span.start, end: mention.span.end, rule: mention.rule)
        }
        aliases = extraction.aliases.sorted { ($0.entity, $0.alias, $0.rule) < ($1.entity, $1.alias, $1.rule) }.map { alias in
            named.insert(alias.entity)
            return AliasLine(entity: Entity(alias.entity), alias: alias.alias, rule: alias.rule)
        }
        facts = extraction.facts.map { fact in
            named.insert(fact.triple.subject)
            var object: Entity?
            var literal: String?
            switch fact.triple.object {
            case .entity(let ref):
                named.insert(ref)
                object = Entity(ref)
            case .literal(let value): literal = value
            }
            let evidence = fact.evidence
            return FactLine(
                subject: Entity(fact.triple.subject), predicate: fact.triple.predicate, object: object, literal: literal,
                start: evidence.span.start, end: evidence.span.end, sentenceStart: evidence.sentence.start,
                sentenceEnd: evidence.sentence.end, rule: evidence.rule, confidence: evidence.confidence)
        }
        entities = named.sorted().map(Entity.init)
    }

    /// The record as one line of JSON (no line break in it, none at the end): sorted keys,
    /// slashes and non-ASCII characters unescaped, U+0085, U+2028 and U+2029 escaped.
    public func line() throws(DocumentError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self).escapingLineSeparatorsInJSON
        } catch {
            // Only a confidence that is not finite cannot be encoded.
            throw .unreadable(path: document.path, reason: "its record cannot be written as JSON: \(error)")
        }
    }

    /// Reads and checks one line of a record file: `path` and `line` (counted from 1) are for
    /// the message when it is not a record this version can store.
    public static func decode(_ bytes: some Collection<UInt8>, path: String, line: Int) throws(DocumentError) -> DocumentRecord {
        let record: DocumentRecord
        do {
            if let fast = bytes.withContiguousStorageIfAvailable(fastDecode) ?? nil {
                record = fast
            } else {
                record = try JSONDecoder().decode(DocumentRecord.self, from: Data(bytes))
            }
        } catch let error as DecodingError {
            throw .badRecord(path: path, line: line, reason: Self.describe(error))
        } catch {
            throw .badRecord(path: path, line: line, reason: "not JSON: \(error)")
        }
        if let problem = record.problem {
            throw .badRecord(path: path, line: line, reason: problem)
        }
        return record
    }

    /// What makes a decoded record unfit to store, or nil.
    var problem: String? {
        guard version == Self.currentVersion else {
            return "version \(version), where this tupu reads version \(Self.currentVersion)"
        }
        guard !document.path.isEmpty, !document.source.isEmpty else { return "document.path and document.source must not be empty" }
        guard document.contentHash.count == 64, document.contentHash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return "document.contentHash must be 64 lower-case hexadecimal digits (a SHA-256), not \"\(document.contentHash)\"" }
        let length = document.text.unicodeScalars.count
        func check(_ start: Int, _ end: Int, _ what: String) -> String? {
            guard 0 <= start, start <= end, end <= length else {
                return "\(what): the span \(start)..<\(end) is not within the text (\(length) code points)"
            }
            return nil
        }
        let listed = Set(entities)
        func unlisted(_ entity: Entity, _ what: String) -> String? {
            listed.contains(entity) ? nil : "\(what): \(entity.kind.rawValue) \"\(entity.name)\" is not in entities"
        }
        for (index, mention) in mentions.enumerated() {
            if let problem = check(mention.start, mention.end, "mentions[\(index)]") ?? unlisted(mention.entity, "mentions[\(index)]") {
                return problem
            }
        }
        for (index, alias) in aliases.enumerated() {
            if let problem = unlisted(alias.entity, "aliases[\(index)]") { return problem }
        }
        for (index, fact) in facts.enumerated() {
            let what = "facts[\(index)]"
            guard (fact.object == nil) != (fact.literal == nil) else { return "\(what): give either object or literal" }
            if let problem = check(fact.start, fact.end, what) ?? check(fact.sentenceStart, fact.sentenceEnd, what + " sentence")
                ?? unlisted(fact.subject, what) ?? fact.object.flatMap({ unlisted($0, what) })
            {
                return problem
            }
            guard fact.confidence.isFinite, (0...1).contains(fact.confidence) else {
                return "\(what): confidence \(fact.confidence) is not between 0 and 1"
            }
        }
        return nil
    }

    /// The document and the extraction to store, as ``Store/store(_:)`` takes them.
    public var extracted: ExtractedDocument {
        let scalars = Array(document.text.unicodeScalars)
        let extraction = Extraction(
            title: document.title, publicationDate: document.published,
            mentions: mentions.map {
                Mention(entity: $0.entity.ref, span: Span(start: $0.start, end: $0.end), surface: scalars.text($0.start, $0.end), rule: $0.rule)
            },
            aliases: aliases.map { Alias(entity: $0.entity.ref, alias: $0.alias, rule: $0.rule) },
            facts: facts.map { fact in
                let object: TripleObject = fact.object.map { .entity($0.ref) } ?? .literal(fact.literal ?? "")
                return Fact(
                    Triple(fact.subject.ref, fact.predicate, object),
                    evidence: Evidence(
                        sentence: Span(start: fact.sentenceStart, end: fact.sentenceEnd), span: Span(start: fact.start, end: fact.end),
                        rule: fact.rule, confidence: fact.confidence))
            })
        return ExtractedDocument(
            document: SourceDocument(path: document.path, text: document.text, contentHash: document.contentHash, sourceKey: document.source),
            extraction: extraction)
    }

    /// A decoding error in words: where in the record, and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the line" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)) is not \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)) is null where \(Self.typeName(type)) is expected"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return context.codingPath.isEmpty ? "not JSON\(underlying)" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is [Any].Type: "an array"
        default: "a \(type)"
        }
    }
}
