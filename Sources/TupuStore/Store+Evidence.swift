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
                evidence: ids.isEmpty ? [:] : try reader.evidence(touching: entityID))
        }
    }

    /// The evidence of stored triples, by triple id, with sentences cut from the documents' text;
    /// each triple's evidence sorted by document path, span and rule.
    ///
    /// Every read of evidence rows goes through ``EvidenceReader``: one statement per 500
    /// triples reads the evidence rows with their triples, entities, rules and documents; the
    /// names of each entity and document are decoded once however many rows name them, and each
    /// document's text is decompressed once, however many facts it states.
    public func evidence(forTriples ids: [Int64]) throws(StoreError) -> [Int64: [FactEvidence]] {
        guard !ids.isEmpty else { return [:] }
        let path = self.path
        return try read { db in
            var reader = EvidenceReader(db: db, path: path)
            return try reader.evidence(forTriples: ids)
        }
    }
}

/// Reads evidence rows with the names and sentences they refer to, caching each entity and
/// document it has read (one reader lives for one read transaction).
struct EvidenceReader {
    let db: Database
    let path: String
    private var entities: [Int64: EntityRef] = [:]
    private var documents: [Int64: (path: String, title: String?, text: DocumentText)] = [:]
    private let inflater = TextCompression.Inflater()
    /// Each triple's evidence, in the order of ``order``.
    private var found: [Int64: [FactEvidence]] = [:]

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// The columns every evidence statement reads, in the order ``add(_:)`` takes them: the
    /// evidence row, its triple, the triple's subject and object, the document (its text read
    /// only for a document not read before) and the rule's name.
    private static let columns = """
        v.tripleId, v.documentId, v.sentenceStart, v.sentenceEnd, v.start, v."end", v.ruleId, v.confidenceThousandths,
        t.subjectId, t.predicate, t.objectId, t.objectLiteral, s.kind, s.name, o.kind, o.name,
        d.path, d.title, d.compressedText, r.name
        """
    private static let joins = """
        JOIN entity s ON s.id = t.subjectId LEFT JOIN entity o ON o.id = t.objectId JOIN document d ON d.id = v.documentId
        JOIN rule r ON r.id = v.ruleId
        """
    /// A triple's evidence in the order it is given: by document path, span start and end, rule
    /// (text in code unit order: SQLite's BINARY collation), then document id.
    private static let order = "ORDER BY 1, 17, 5, 6, 20, 2"

    /// The evidence of the triples with these ids.
    mutating func evidence(forTriples ids: [Int64]) throws -> [Int64: [FactEvidence]] {
        for chunk in Store.chunks(Array(Set(ids)).sorted()) {
            try read(sql: """
                SELECT \(Self.columns) FROM evidence v JOIN triple t ON t.id = v.tripleId \(Self.joins)
                WHERE v.tripleId IN (\(Store.placeholders(chunk.count))) \(Self.order)
                """, arguments: StatementArguments(chunk))
        }
        return taken()
    }

    /// The evidence of every triple an entity is the subject or the object of (what
    /// ``evidence(forTriples:)`` gives for ``Store/tripleIDs(touching:)``), read through the
    /// indexes by subject and by object rather than by a list of triple ids.
    mutating func evidence(touching entityID: Int64) throws -> [Int64: [FactEvidence]] {
        try read(sql: """
            SELECT \(Self.columns) FROM triple t JOIN evidence v ON v.tripleId = t.id \(Self.joins) WHERE t.subjectId = ?1
            UNION ALL
            SELECT \(Self.columns) FROM triple t JOIN evidence v ON v.tripleId = t.id \(Self.joins)
            WHERE t.objectId = ?1 AND t.subjectId <> ?1 \(Self.order)
            """, arguments: [entityID], cached: true)
        return taken()
    }

    /// Runs one statement and adds its rows; `cached` keeps the statement prepared on the
    /// connection for the next read (for a text that does not change with the ids asked).
    private mutating func read(sql: String, arguments: StatementArguments, cached: Bool = false) throws {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { try add(row) }
    }

    /// One row of ``columns``.
    private mutating func add(_ row: Row) throws {
        let tripleID: Int64 = row[0], documentID: Int64 = row[1]
        let subjectID: Int64 = row[8], objectID: Int64? = row[10]
        guard let predicate = Predicate(rawValue: row[9]), let subject = entity(subjectID, row, kindColumn: 12)
        else { return }
        let object: TripleObject
        if let objectID {
            guard let entity = entity(objectID, row, kindColumn: 14) else { return }
            object = .entity(entity)
        } else {
            object = .literal(row[11] ?? "")
        }
        let document = try document(documentID, row)
        let (sentenceStart, sentenceEnd, start, end): (Int, Int, Int, Int) = (row[2], row[3], row[4], row[5])
        let rule: String = row[19]
        let evidence = FactEvidence(
            triple: Triple(subject, predicate, object), document: document.path, documentTitle: document.title,
            sentence: document.text.text(sentenceStart, sentenceEnd), sentenceOffset: start - sentenceStart,
            start: start, end: end, surface: document.text.text(start, end), rule: rule,
            confidence: StoredConfidence.confidence(row[7]))
        found[tripleID, default: []].append(evidence)
    }

    /// The entity `id`, decoded from the row's kind and name columns the first time it is met.
    private mutating func entity(_ id: Int64, _ row: Row, kindColumn: Int) -> EntityRef? {
        if let known = entities[id] { return known }
        guard let kindName: String = row[kindColumn], let kind = EntityKind(rawValue: kindName),
              let name: String = row[kindColumn + 1]
        else { return nil }
        let entity = EntityRef(kind, name)
        entities[id] = entity
        return entity
    }

    /// The document `id`, its text decompressed the first time it is met.
    private mutating func document(_ id: Int64, _ row: Row) throws -> (path: String, title: String?, text: DocumentText) {
        if let known = documents[id] { return known }
        let documentPath: String = row[16]
        var text = DocumentText([])
        if let stored = row[18] as Data? {
            guard let utf8 = inflater.utf8(stored) else {
                throw StoreError.invalidData(
                    path: path, detail: "the stored text of \(documentPath) is damaged; ingest the file again")
            }
            text = DocumentText(utf8)
        }
        let document = (path: documentPath, title: row[17] as String?, text: text)
        documents[id] = document
        return document
    }

    private mutating func taken() -> [Int64: [FactEvidence]] {
        defer { found = [:] }
        return found
    }
}

/// A document's text as UTF-8, cut by code point offsets (as `[Unicode.Scalar].text(_:_:)`)
/// without an array of scalars or an offset per code point: the byte offset of every 64th code
/// point is kept, found the first time a cut needs it, and a cut walks at most 63 code points
/// from the one before it. A text is walked only as far as its cuts reach, once.
final class DocumentText {
    let utf8: [UInt8]
    /// The byte offsets of code points 0, 64, 128 … found so far.
    private var checkpoints = [0]
    private static let stride = 64

    convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// A text given as valid UTF-8.
    init(_ utf8: [UInt8]) {
        self.utf8 = utf8
    }

    /// The byte offset of code point `index`, clamped to the text (its length past the end).
    private func byteOffset(of index: Int) -> Int {
        guard index > 0 else { return 0 }
        let block = index / Self.stride
        while checkpoints.count <= block {
            guard let next = advance(from: checkpoints[checkpoints.count - 1], by: Self.stride) else { return utf8.count }
            checkpoints.append(next)
        }
        return advance(from: checkpoints[block], by: index % Self.stride) ?? utf8.count
    }

    /// The byte offset `count` code points after the one starting at byte `offset`, or nil when
    /// the text ends before. A code point's length is read from its lead byte.
    private func advance(from offset: Int, by count: Int) -> Int? {
        utf8.withUnsafeBufferPointer { bytes -> Int? in
            var offset = offset, remaining = count
            // Eight bytes at a time while they hold no more code points than are left to pass
            // (a byte starts a code point unless it is a continuation byte, 10xxxxxx).
            while remaining >= 8, offset + 8 <= bytes.count {
                let word = UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let continuations = word & ~(word << 1) & 0x8080_8080_8080_8080
                remaining -= 8 - continuations.nonzeroBitCount
                offset += 8
            }
            // A code point cut by the last word: its continuation bytes were not counted.
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            while remaining > 0 {
                guard offset < bytes.count else { return nil }
                let lead = bytes[offset]
                offset += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                remaining -= 1
            }
            return min(offset, bytes.count)
        }
    }

    /// The text of code points `start..<end`, clamped to the text.
    func text(_ start: Int, _ end: Int) -> String {
        let lower = byteOffset(of: start)
        let upper = max(lower, byteOffset(of: end))
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
