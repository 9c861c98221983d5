import struct Foundation.Data
import GRDB
import TupuModel

/// What `tupu show` prints of an entity (see ``Store/facts(of:)``).
public struct EntityFacts: Sendable, Equatable {
    /// The entity's distinct aliases, sorted (``Store/aliases(of:)``).
    public var aliases: [String]
    /// The triples it is the subject or object of, by id (``Store/tripleIDs(touching:)``).
    public var tripleIDs: [Int64]
    /// Their evidence (``Store/evidence(forTriples:)``).
    public var evidence: [Int64: [FactEvidence]]
}

extension Store {
    /// An entity's aliases, triples and their evidence, read in one transaction (what
    /// ``aliases(of:)``, ``tripleIDs(touching:)`` and ``evidence(forTriples:)`` give one by one).
    public func facts(of entityID: Int64) throws(StoreError) -> EntityFacts {
        let path = self.path
        return try read { db in
            let ids = try Self.tripleIDs(db, touching: entityID)
            var reader = EvidenceReader(db: db, path: path)
            return EntityFacts(
                aliases: try Self.aliases(db, of: entityID), tripleIDs: ids,
                evidence: ids.isEmpty ? [:] : try reader.evidence(forTriples: ids))
        }
    }

    /// The evidence of stored triples, by triple id, with sentences cut from the documents' text;
    /// each triple's evidence sorted by document path, span and rule.
    ///
    /// Every read of evidence rows goes through here (see ``EvidenceReader``): one statement per
    /// 500 triples reads the evidence rows and their triples, then the names of the entities,
    /// rules and documents they use are read once each (not once per row), and each document's
    /// text is decompressed once, however many facts it states.
    public func evidence(forTriples ids: [Int64]) throws(StoreError) -> [Int64: [FactEvidence]] {
        guard !ids.isEmpty else { return [:] }
        let path = self.path
        return try read { db in
            var reader = EvidenceReader(db: db, path: path)
            return try reader.evidence(forTriples: ids)
        }
    }
}

/// Reads evidence rows with the names and sentences they refer to, caching each entity, rule
/// and document it has read (one reader lives for one read transaction).
struct EvidenceReader {
    let db: Database
    let path: String
    private var entities: [Int64: EntityRef] = [:]
    private var rules: [Int64: String] = [:]
    private var documents: [Int64: (path: String, title: String?, text: DocumentText)] = [:]

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// One evidence row as stored, before its names are looked up.
    private struct Stored {
        var tripleID: Int64
        var documentID: Int64
        var sentenceStart: Int
        var sentenceEnd: Int
        var start: Int
        var end: Int
        var ruleID: Int64
        var confidenceThousandths: Int
        var subjectID: Int64
        var predicate: String
        var objectID: Int64?
        var objectLiteral: String?
    }

    mutating func evidence(forTriples ids: [Int64]) throws -> [Int64: [FactEvidence]] {
        var stored: [Stored] = []
        for chunk in Store.chunks(Array(Set(ids)).sorted()) {
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT v.tripleId, v.documentId, v.sentenceStart, v.sentenceEnd, v.start, v."end", v.ruleId,
                       v.confidenceThousandths, t.subjectId, t.predicate, t.objectId, t.objectLiteral
                FROM evidence v JOIN triple t ON t.id = v.tripleId
                WHERE v.tripleId IN (\(Store.placeholders(chunk.count)))
                """, arguments: StatementArguments(chunk))
            while let row = try cursor.next() {
                stored.append(Stored(
                    tripleID: row[0], documentID: row[1], sentenceStart: row[2], sentenceEnd: row[3], start: row[4],
                    end: row[5], ruleID: row[6], confidenceThousandths: row[7], subjectID: row[8], predicate: row[9],
                    objectID: row[10], objectLiteral: row[11]))
            }
        }
        guard !stored.isEmpty else { return [:] }
        try loadEntities(stored.flatMap { [$0.subjectID] + ($0.objectID.map { [$0] } ?? []) })
        try loadDocuments(stored.map(\.documentID))
        try loadRules()

        var result: [Int64: [(key: SortKey, evidence: FactEvidence)]] = [:]
        for row in stored {
            guard let subject = entities[row.subjectID], let predicate = Predicate(rawValue: row.predicate),
                  let document = documents[row.documentID]
            else { continue }
            let object: TripleObject
            if let objectID = row.objectID {
                guard let entity = entities[objectID] else { continue }
                object = .entity(entity)
            } else {
                object = .literal(row.objectLiteral ?? "")
            }
            let rule = rules[row.ruleID] ?? ""
            let evidence = FactEvidence(
                triple: Triple(subject, predicate, object), document: document.path, documentTitle: document.title,
                sentence: document.text.text(row.sentenceStart, row.sentenceEnd), sentenceOffset: row.start - row.sentenceStart,
                start: row.start, end: row.end, surface: document.text.text(row.start, row.end), rule: rule,
                confidence: StoredConfidence.confidence(row.confidenceThousandths))
            let key = SortKey(path: document.path, start: row.start, end: row.end, rule: rule, document: row.documentID)
            result[row.tripleID, default: []].append((key, evidence))
        }
        return result.mapValues { items in items.sorted { $0.key < $1.key }.map(\.evidence) }
    }

    /// The order of a triple's evidence: by document path, span start and end, rule (text in
    /// code unit order, as SQLite's BINARY collation), then document id.
    private struct SortKey: Comparable {
        var path: String
        var start: Int
        var end: Int
        var rule: String
        var document: Int64

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            if lhs.path != rhs.path { return lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8) }
            if lhs.start != rhs.start { return lhs.start < rhs.start }
            if lhs.end != rhs.end { return lhs.end < rhs.end }
            if lhs.rule != rhs.rule { return lhs.rule.utf8.lexicographicallyPrecedes(rhs.rule.utf8) }
            return lhs.document < rhs.document
        }
    }

    private mutating func loadEntities(_ ids: [Int64]) throws {
        let missing = Set(ids).filter { entities[$0] == nil }.sorted()
        for chunk in Store.chunks(missing) {
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT id, kind, name FROM entity WHERE id IN (\(Store.placeholders(chunk.count)))",
                arguments: StatementArguments(chunk))
            while let row = try cursor.next() {
                guard let kind = EntityKind(rawValue: row[1]) else { continue }
                entities[row[0]] = EntityRef(kind, row[2])
            }
        }
    }

    private mutating func loadRules() throws {
        guard rules.isEmpty else { return }
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, name FROM rule")
        while let row = try cursor.next() { rules[row[0]] = row[1] }
    }

    /// Reads each document's path, title and text with one statement per 500 documents, each
    /// text decompressed once with one zlib stream for all.
    private mutating func loadDocuments(_ ids: [Int64]) throws {
        let missing = Set(ids).filter { documents[$0] == nil }.sorted()
        let inflater = TextCompression.Inflater()
        for chunk in Store.chunks(missing) {
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT id, path, title, compressedText FROM document WHERE id IN (\(Store.placeholders(chunk.count)))",
                arguments: StatementArguments(chunk))
            while let row = try cursor.next() {
                let documentPath: String = row[1]
                var text = DocumentText([])
                if let stored = row[3] as Data? {
                    guard let utf8 = inflater.utf8(stored) else {
                        throw StoreError.invalidData(
                            path: path, detail: "the stored text of \(documentPath) is damaged; ingest the file again")
                    }
                    text = DocumentText(utf8)
                }
                documents[row[0]] = (documentPath, row[2], text)
            }
        }
    }
}

/// A document's text as UTF-8, cut by code point offsets (as `[Unicode.Scalar].text(_:_:)`)
/// without an array of scalars or an offset per code point: the byte offset of every 64th code
/// point is kept, and a cut walks at most 63 code points from the one before it.
struct DocumentText {
    let utf8: [UInt8]
    /// The byte offset of code point 64 × i, for each i up to the code point count.
    private let checkpoints: [Int]
    /// How many code points the text has.
    let count: Int
    private static let stride = 64

    init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// A text given as valid UTF-8.
    init(_ utf8: [UInt8]) {
        self.utf8 = utf8
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(utf8.count / Self.stride + 1)
        var seen = 0
        // A lead byte starts a code point (continuation bytes are 10xxxxxx).
        for (offset, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 {
            if seen % Self.stride == 0 { checkpoints.append(offset) }
            seen += 1
        }
        self.checkpoints = checkpoints
        count = seen
    }

    /// The byte offset of code point `index`, clamped to `0...count` (the length at `count`).
    private func byteOffset(of index: Int) -> Int {
        let index = max(0, min(index, count))
        if index == count { return utf8.count }
        var offset = checkpoints[index / Self.stride]
        var remaining = index % Self.stride
        while remaining > 0 {
            offset += 1
            if utf8[offset] & 0xC0 != 0x80 { remaining -= 1 }
        }
        return offset
    }

    /// The text of code points `start..<end`, clamped to the text.
    func text(_ start: Int, _ end: Int) -> String {
        let lower = byteOffset(of: start)
        let upper = max(lower, byteOffset(of: end))
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
