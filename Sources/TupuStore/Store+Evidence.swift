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
    /// triples reads the evidence rows with their triples, then one statement each the entities
    /// and the documents they name; the names of each entity and document are decoded once
    /// however many rows name them, and each document's text is decompressed once, however many
    /// facts it states, and only as far as their sentences reach.
    public func evidence(forTriples ids: [Int64]) throws(StoreError) -> [Int64: [FactEvidence]] {
        guard !ids.isEmpty else { return [:] }
        let path = self.path
        return try read { db in
            var reader = EvidenceReader(db: db, path: path)
            return try reader.evidence(forTriples: ids)
        }
    }
}

/// Reads evidence rows with the names and sentences they refer to, caching each entity,
/// document and rule it has read (one reader lives for one read transaction).
///
/// The evidence rows are read with their triples alone (since v12 from the evidence table's key,
/// by triple); the entities and documents they name are then read once each, with one
/// statement over their ids, the rules by id, and the rows are sorted in Swift. Joining the names in the same statement cost a
/// B-tree descent for each of them on every row, and SQLite's sort then copied every row with
/// its document's compressed text.
struct EvidenceReader {
    let db: Database
    let path: String
    /// Each entity read, nil for one that is missing or of an unknown kind.
    private var entities: [Int64: EntityRef?] = [:]
    private var documents: [Int64: StoredDocument] = [:]
    private var rules: [Int64: (name: String, bytes: [UInt8])] = [:]
    private let inflater = TextCompression.Inflater()

    /// A document as evidence shows it, its text decompressed on first use.
    final class StoredDocument {
        let path: String
        /// The path's bytes, made when two rows of a triple from two documents are first sorted
        /// (most rows are the only evidence of their triple from their document).
        lazy var pathBytes: [UInt8] = Array(path.utf8)
        let title: String?
        var compressed: Data?
        var text: DocumentText?
        /// How far into the text the cuts of the rows being resolved reach, in code points.
        var reach = 0
        /// The code points `text` is known to hold from the start (`Int.max`: all of them).
        var decodedCodePoints = 0

        init(path: String, title: String?, compressed: Data?) {
            self.path = path
            self.title = title
            self.compressed = compressed
        }
    }

    /// One evidence row with its triple, as read before the names it refers to.
    struct Pending {
        var tripleID: Int64, documentID: Int64, sentenceStart: Int, sentenceEnd: Int, start: Int, end: Int
        var ruleID: Int64, confidence: Int, subjectID: Int64, predicate: Predicate?, objectID: Int64?, literal: String?
    }

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// The columns every evidence statement reads: the evidence row and its triple.
    private static let columns = """
        v.tripleId, v.documentId, v.sentenceStart, v.sentenceEnd, v.start, v."end", v.ruleId, v.confidenceThousandths,
        t.subjectId, t.predicateId, t.objectId, t.objectLiteral
        """

    /// The evidence of the triples with these ids.
    mutating func evidence(forTriples ids: [Int64]) throws -> [Int64: [FactEvidence]] {
        var rows: [Pending] = []
        for chunk in Store.chunks(Array(Set(ids)).sorted()) {
            let statement = try PreparedStatement(db, sql: """
                SELECT \(Self.columns) FROM evidence v JOIN triple t ON t.id = v.tripleId
                WHERE v.tripleId IN (\(Store.placeholders(chunk.count)))
                """)
            for (index, id) in chunk.enumerated() { statement.bind(Int32(index + 1), id) }
            try Self.read(statement, into: &rows)
        }
        return try resolve(rows)
    }

    /// The evidence of every triple an entity is the subject or the object of (what
    /// ``evidence(forTriples:)`` gives for ``Store/tripleIDs(touching:)``), read through the
    /// indexes by subject and by object rather than by a list of triple ids.
    ///
    /// The same statement reads each row's other entity and its document, through their
    /// primary keys, as it goes: one B-tree descent each, as the lists of ids read after would
    /// cost, without writing, parsing and joining those lists. Their names and texts are taken
    /// only from the first row that names them. The triple's literal is asked for only when it
    /// has no object entity, so SQLite reads the triple's row only then (its index by subject
    /// or by object holds the rest).
    mutating func evidence(touching entityID: Int64) throws -> [Int64: [FactEvidence]] {
        try readEntities([entityID])
        var rows: [Pending] = []
        let statement = try PreparedStatement.cached(db, sql: """
            SELECT \(Self.touchingColumns) FROM triple t JOIN evidence v ON v.tripleId = t.id
                LEFT JOIN entity e ON e.id = t.objectId JOIN document d ON d.id = v.documentId
                WHERE t.subjectId = ?1
            UNION ALL
            SELECT \(Self.touchingColumns) FROM triple t JOIN evidence v ON v.tripleId = t.id
                JOIN entity e ON e.id = t.subjectId JOIN document d ON d.id = v.documentId
                WHERE t.objectId = ?1 AND t.subjectId <> ?1
            """)
        statement.bind(1, entityID)
        // The rows' sentences are cut on a second thread while this one reads on (a show of
        // many facts; see ``SentenceCutter``).
        var cutter: SentenceCutter?
        defer { cutter?.finish(discarding: true) }
        // The rows read before the cutter starts, with their documents.
        var firstRows: [(Pending, StoredDocument)] = []
        try Self.read(statement, into: &rows) { row in
            let other = row.subjectID == entityID ? row.objectID : row.subjectID
            if let other, entities[other] == nil {
                entities[other] = statement.entityKind(12).flatMap { kind in
                    statement.text(13).map { EntityRef(kind, $0) }
                }
            }
            let document: StoredDocument
            if let known = documents[row.documentID] {
                document = known
            } else {
                document = StoredDocument(path: statement.text(14) ?? "", title: statement.text(15), compressed: statement.data(16))
                documents[row.documentID] = document
            }
            if let cutter {
                cutter.add(row, of: document)
            } else if SentenceCutter.worthStarting {
                firstRows.append((row, document))
                if firstRows.count == SentenceCutter.rowsBeforeStarting {
                    let started = SentenceCutter(path: path)
                    for (row, document) in firstRows { started.add(row, of: document) }
                    firstRows = []
                    cutter = started
                }
            }
        }
        guard let cutter else { return try resolve(rows) }
        return try resolve(rows, cuts: cutter.cuts(count: rows.count))
    }

    /// The columns of ``evidence(touching:)``: ``columns``, save the literal read only for a
    /// triple without an object entity, then the other entity's kind and name and the document's
    /// path, title and text.
    private static let touchingColumns = """
        v.tripleId, v.documentId, v.sentenceStart, v.sentenceEnd, v.start, v."end", v.ruleId, v.confidenceThousandths,
        t.subjectId, t.predicateId, t.objectId, CASE WHEN t.objectId IS NULL THEN t.objectLiteral END,
        e.kind, e.name, d.path, d.title, d.compressedText
        """

    /// Runs one statement of ``columns`` and adds its rows (read through SQLite's C API: GRDB's
    /// rows, made and decoded one by one, were a tenth of a `show`); `each` sees each row while
    /// the statement stands on it.
    private static func read(
        _ statement: PreparedStatement, into rows: inout [Pending], each: (Pending) -> Void = { _ in }
    ) throws {
        try statement.forEachRow {
            let row = Pending(
                tripleID: statement.column(0), documentID: statement.column(1), sentenceStart: Int(statement.column(2)),
                sentenceEnd: Int(statement.column(3)), start: Int(statement.column(4)), end: Int(statement.column(5)),
                ruleID: statement.column(6), confidence: Int(statement.column(7)), subjectID: statement.column(8),
                predicate: PredicateCode.predicate(code: statement.column(9)), objectID: statement.optionalColumn(10), literal: statement.text(11))
            each(row)
            rows.append(row)
        }
    }

    /// The rows with their names and sentences, by triple; each triple's evidence by document
    /// path, span start and end, rule (text in code unit order, as SQLite's BINARY collation
    /// sorts), then document id.
    ///
    /// `cuts`, when given, holds each row's sentence and surface, cut already (by index), or the
    /// error cutting it threw, thrown here only for a row that is shown.
    private mutating func resolve(
        _ rows: [Pending], cuts: [Result<SentenceCutter.Cut, any Error>]? = nil
    ) throws -> [Int64: [FactEvidence]] {
        guard !rows.isEmpty else { return [:] }
        var entityIDs: [Int64] = [], documentIDs: [Int64] = [], ruleIDs: [Int64] = []
        entityIDs.reserveCapacity(2 * rows.count)
        documentIDs.reserveCapacity(rows.count)
        for row in rows {
            entityIDs.append(row.subjectID)
            if let objectID = row.objectID { entityIDs.append(objectID) }
            documentIDs.append(row.documentID)
            ruleIDs.append(row.ruleID)
        }
        try readEntities(Self.distinct(entityIDs))
        try readDocuments(Self.distinct(documentIDs))
        try readRules(Self.distinct(ruleIDs))
        // Each row's document, looked up once; and how far into each document its cuts reach.
        let rowDocuments = rows.map { documents[$0.documentID] }
        if cuts == nil {
            for document in rowDocuments { document?.reach = 0 }
            for (row, document) in zip(rows, rowDocuments) {
                if let document { document.reach = max(document.reach, row.sentenceEnd, row.end) }
            }
        }
        // The rows' order, sorted as indices: a row is too large to move cheaply.
        let order = rows.indices.sorted { i, j in
            let (a, b) = (rows[i], rows[j])
            if a.tripleID != b.tripleID { return a.tripleID < b.tripleID }
            if a.documentID != b.documentID {
                let (pathA, pathB) = (rowDocuments[i]?.pathBytes ?? [], rowDocuments[j]?.pathBytes ?? [])
                if pathA != pathB { return pathA.lexicographicallyPrecedes(pathB) }
            }
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            if a.ruleID != b.ruleID {
                let (ruleA, ruleB) = (rules[a.ruleID]?.bytes ?? [], rules[b.ruleID]?.bytes ?? [])
                if ruleA != ruleB { return ruleA.lexicographicallyPrecedes(ruleB) }
            }
            return a.documentID < b.documentID
        }
        var found: [Int64: [FactEvidence]] = [:]
        var current: (id: Int64, list: [FactEvidence])?
        for index in order {
            let row = rows[index]
            guard let predicate = row.predicate, let subject = entities[row.subjectID] ?? nil,
                  let document = rowDocuments[index], let rule = rules[row.ruleID]
            else { continue }
            let object: TripleObject
            if let objectID = row.objectID {
                guard let entity = entities[objectID] ?? nil else { continue }
                object = .entity(entity)
            } else {
                object = .literal(row.literal ?? "")
            }
            let cut: SentenceCutter.Cut
            if let cuts {
                cut = try cuts[index].get()
            } else {
                let text = try Self.text(of: document, codePoints: document.reach, inflater: inflater, path: path)
                cut = SentenceCutter.Cut(text, sentenceStart: row.sentenceStart, sentenceEnd: row.sentenceEnd, start: row.start, end: row.end)
            }
            let evidence = FactEvidence(
                triple: Triple(subject, predicate, object), document: document.path, documentTitle: document.title,
                sentence: cut.sentence, sentenceOffset: row.start - row.sentenceStart,
                start: row.start, end: row.end, surface: cut.surface, rule: rule.name,
                confidence: StoredConfidence.confidence(row.confidence))
            if current?.id != row.tripleID {
                if let current { found[current.id] = current.list }
                current = (row.tripleID, [])
            }
            current?.list.append(evidence)
        }
        if let current { found[current.id] = current.list }
        return found
    }

    /// The ids, sorted, each once (entities and documents are then read in id order, the order of
    /// their rows in their tables).
    private static func distinct(_ ids: [Int64]) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(ids.count)
        for id in ids.sorted() where result.last != id { result.append(id) }
        return result
    }

    /// Reads the entities not read before, with one statement over the list of their ids (as
    /// JSON): one execution instead of one per id, whose start and end (a cursor opened and
    /// closed, the schema checked) cost about as much as the look-up.
    private mutating func readEntities(_ ids: [Int64]) throws {
        let wanted = ids.filter { entities[$0] == nil }
        guard !wanted.isEmpty else { return }
        for id in wanted { entities[id] = .some(nil) }
        let statement = try PreparedStatement.cached(
            db, sql: "SELECT e.id, e.kind, e.name FROM json_each(?) j JOIN entity e ON e.id = j.value")
        statement.bind(1, Store.jsonList(wanted))
        try statement.forEachRow {
            if let kind = statement.entityKind(1), let name = statement.text(2) {
                entities[statement.column(0)] = EntityRef(kind, name)
            }
        }
    }

    /// Reads the documents not read before, with one statement (see ``readEntities(_:)``);
    /// their texts are decompressed when first cut.
    private mutating func readDocuments(_ ids: [Int64]) throws {
        let wanted = ids.filter { documents[$0] == nil }
        guard !wanted.isEmpty else { return }
        let statement = try PreparedStatement.cached(
            db, sql: "SELECT d.id, d.path, d.title, d.compressedText FROM json_each(?) j JOIN document d ON d.id = j.value")
        statement.bind(1, Store.jsonList(wanted))
        try statement.forEachRow {
            documents[statement.column(0)] = StoredDocument(
                path: statement.text(1) ?? "", title: statement.text(2), compressed: statement.data(3))
        }
    }

    /// Reads the rules not read before.
    private mutating func readRules(_ ids: [Int64]) throws {
        let statement = try PreparedStatement.cached(db, sql: "SELECT name FROM rule WHERE id = ?")
        for id in ids where rules[id] == nil {
            statement.bind(1, id)
            var found: String?
            try statement.forEachRow { found = statement.text(0) }
            if let found { rules[id] = (found, Array(found.utf8)) }
        }
    }

    /// The document's text, decompressed when first cut, at least as far as its first
    /// `codePoints` code points (again, further, when a later cut needs more).
    static func text(
        of document: StoredDocument, codePoints: Int, inflater: TextCompression.Inflater, path: String
    ) throws -> DocumentText {
        if let text = document.text, document.decodedCodePoints >= codePoints { return text }
        var text = DocumentText([])
        document.decodedCodePoints = .max
        if let stored = document.compressed {
            guard let utf8 = inflater.utf8(stored, codePoints: codePoints) else {
                throw StoreError.invalidData(
                    path: path, detail: "the stored text of \(document.path) is damaged; ingest the file again")
            }
            text = DocumentText(utf8)
            // A prefix holds at least the code points asked for; the whole text, all of them.
            if utf8.count < TextCompression.length(of: stored) ?? 0 { document.decodedCodePoints = codePoints }
        }
        document.text = text
        if document.decodedCodePoints == .max { document.compressed = nil }
        return text
    }
}

/// A document's text as UTF-8, cut by code point offsets (as `[Unicode.Scalar].text(_:_:)`)
/// without an array of scalars or an offset per code point: the byte offset of every 16th code
/// point is kept, found the first time a cut needs it, and a cut walks at most 15 code points
/// from the one before it. A text is walked only as far as its cuts reach, once. (Every 64th
/// made each of the four cuts of a fact walk twice as far: `show` of 985 facts, 3.67 M
/// instructions in this type instead of 3.23 M; the offsets kept take a sixth of the text's size.)
final class DocumentText {
    let utf8: [UInt8]
    /// The byte offsets of code points 0, 16, 32 … found so far. Only this object's methods
    /// touch it, one at a time (a text is cut by one reader), so its accesses go unchecked.
    @exclusivity(unchecked) private var checkpoints: [Int]
    private static let stride = 16

    convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// A text given as valid UTF-8.
    init(_ utf8: [UInt8]) {
        self.utf8 = utf8
        checkpoints = [0]
        // A code point has at least one byte: room for every checkpoint the text can have.
        checkpoints.reserveCapacity(utf8.count / Self.stride + 1)
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

    /// The bytes of the UTF-8 code point that starts with `lead`.
    static func scalarLength(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
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
                offset += Self.scalarLength(lead: lead)
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
