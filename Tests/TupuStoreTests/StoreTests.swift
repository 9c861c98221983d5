import Foundation
import GRDB
import Synchronization
import Testing
import TupuModel
import TupuQuery
@testable import TupuIngest
@testable import TupuStore

// MARK: - Fixtures

private let liXi = EntityRef(.person, "李希")
private let wangWei = EntityRef(.person, "王伟")
private let meeting = EntityRef(.event, "会议")
private let secretary = EntityRef(.role, "省委书记")

private struct ExtractFailed: Error, Equatable {}

/// The folder of this test process that holds every folder a test makes; removed when the
/// process exits, so a run leaves nothing behind in the temporary directory.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-store-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: testScratchRoot) }
    return url
}()

func temporaryFolder() throws -> URL {
    let url = testScratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The code point span of the first occurrence of `needle` in `text`.
private func span(of needle: String, in text: String) -> Span {
    let haystack = Array(text.unicodeScalars)
    let target = Array(needle.unicodeScalars)
    for start in 0...(haystack.count - target.count) where Array(haystack[start..<start + target.count]) == target {
        return Span(start: start, end: start + target.count)
    }
    Issue.record("\(needle) not in \(text)")
    return Span(start: 0, end: 0)
}

private func mention(_ entity: EntityRef, _ text: String) -> Mention {
    Mention(entity: entity, span: span(of: entity.name, in: text), surface: entity.name, rule: "test.mention")
}

private func fact(_ triple: Triple, _ text: String, spanning surface: String, rule: String = "test.rule", confidence: Double = 0.9) -> Fact {
    Fact(triple, evidence: Evidence(
        sentence: Span(start: 0, end: text.unicodeScalars.count),
        span: span(of: surface, in: text), rule: rule, confidence: confidence))
}

/// Document A: 李希 holds 省委书记, 李希 attended 会议 (alias 李书记).
private let textA = "省委书记李希出席会议。"
private let documentA = SourceDocument(path: "seeds/a.txt", text: textA)
private func extractA(_ text: String) -> Extraction {
    Extraction(
        title: "标题甲", publicationDate: "2024-09-27",
        mentions: [mention(secretary, text), mention(liXi, text), mention(meeting, text)],
        aliases: [Alias(entity: liXi, alias: "李书记", rule: "test.alias")],
        facts: [
            fact(Triple(liXi, .holdsRole, secretary), text, spanning: "省委书记李希"),
            fact(Triple(liXi, .attended, meeting), text, spanning: "李希出席会议"),
        ])
}

/// Document B: 李希 attended 会议 again (the triple is shared with A).
private let textB = "李希出席会议。"
private let documentB = SourceDocument(path: "seeds/b.txt", text: textB)
private func extractB(_ text: String) -> Extraction {
    Extraction(
        title: "标题乙",
        mentions: [mention(liXi, text), mention(meeting, text)],
        facts: [fact(Triple(liXi, .attended, meeting), text, spanning: "李希出席会议", confidence: 0.8)])
}

/// Document B changed: 王伟 presided over 会议.
private let textB2 = "王伟主持会议。"
private func extractB2(_ text: String) -> Extraction {
    Extraction(
        title: "标题乙二",
        mentions: [mention(wangWei, text), mention(meeting, text)],
        facts: [fact(Triple(wangWei, .presided, meeting), text, spanning: "王伟主持会议")])
}

private func openTwoDocuments(_ store: Store) throws {
    #expect(try store.ingest(documentA, extract: extractA) == .added)
    #expect(try store.ingest(documentB, extract: extractB) == .added)
}

// MARK: - Opening

@Test func fileStoreUsesWALAndAppliesEveryMigration() throws {
    let folder = try temporaryFolder()
    // A missing folder is reported, not created (it was created before).
    let nested = folder.appendingPathComponent("nested/deeper/tupu.sqlite").path
    #expect(throws: StoreError.cannotCreateDatabase(
        path: nested, reason: "the folder \(folder.path)/nested/deeper does not exist; create it first (mkdir -p)")) { try Store(path: nested) }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nested").path))
    let path = folder.appendingPathComponent("tupu.sqlite").path
    let store = try Store(path: path)
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(try store.journalMode() == "wal")
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16"])
    #expect(try !store.sqliteVersion().isEmpty)
    let foreignKeys = try store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
    #expect(foreignKeys == 1)
    let tables = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }
    let expected: Set<String> = [
        "alias", "document", "entity", "entity_document", "evidence", "grdb_migrations", "mention", "rule", "source", "triple",
        "triple_kind", "entity_search", "alias_search", "deferred_index", "document_triple", "id_counter",
    ]
    #expect(expected.isSubset(of: Set(tables)))
    // Everything else is FTS5's own shadow tables of the two search tables.
    #expect(Set(tables).subtracting(expected).allSatisfy { $0.hasPrefix("entity_search_") || $0.hasPrefix("alias_search_") })
}

@Test func version3MigrationKeepsEvidenceAndMentions() throws {
    let path = try temporaryFolder().appendingPathComponent("v2.sqlite").path
    do {
        let pool = try DatabasePool(path: path)
        try Store.migrator.migrate(pool, upTo: "v2")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO document (id, path, contentHash, text, ingestedAt) VALUES (1, 'a.txt', 'h', '李希出席会议。', 'now');
                INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希'), (2, 'event', '会议');
                INSERT INTO triple (id, subjectId, predicate, objectId) VALUES (1, 1, 'attended', 2);
                INSERT INTO evidence (tripleId, documentId, sentenceStart, sentenceEnd, start, "end", rule, confidence)
                    VALUES (1, 1, 0, 7, 0, 6, 'participation.cue', 0.85), (1, 1, 0, 7, 0, 4, 'other.rule', 0.5);
                INSERT INTO mention (entityId, documentId, start, "end", rule)
                    VALUES (1, 1, 0, 2, 'person.surname'), (2, 1, 4, 6, NULL), (1, 1, 0, 2, 'person.surname');
                """)
        }
        try pool.close()
    }
    let store = try Store(path: path)
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16"])
    // v5 named the event as an instance (会议（文档 h）): the attended triple is a new row.
    let attended = try #require(try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM triple WHERE predicate = 'attended'") })
    let evidence = try #require(try store.evidence(forTriples: [attended])[attended])
    #expect(evidence.map(\.rule) == ["other.rule", "participation.cue"])
    #expect(evidence.map(\.confidence) == [0.5, 0.85])
    #expect(evidence.map(\.surface) == ["李希出席", "李希出席会议"])
    let stats = try store.stats()
    // The repeated mention (same document, span and entity) is kept once.
    #expect(stats.mentions == 2)
    // And v5 added the event's series and the document that reports it.
    #expect(stats.evidence == 4)
    let violations = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
    #expect(violations.isEmpty)
}

@Test func version4MigrationMergesTheSameContentAndKeepsEveryPathAsASource() throws {
    let path = try temporaryFolder().appendingPathComponent("v3.sqlite").path
    let text = "李希出席会议。", other = "王伟主持会议。"
    do {
        let pool = try DatabasePool(path: path)
        try Store.migrator.migrate(pool, upTo: "v3")
        try pool.write { db in
            // a.txt and b/a.txt hold the same text (a v3 store kept it twice); c.txt another.
            for (id, documentPath, hash, body) in [(1, "a.txt", "h1", text), (2, "b/a.txt", "h1", text), (3, "c.txt", "h2", other)] {
                try db.execute(
                    sql: "INSERT INTO document (id, path, contentHash, ingestedAt, compressedText) VALUES (?, ?, ?, 'now', ?)",
                    arguments: [id, documentPath, hash, Data(TextCompression.compress(body))])
            }
            try db.execute(sql: """
                INSERT INTO rule (id, name) VALUES (1, 'participation.cue');
                INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希'), (2, 'event', '会议'), (3, 'person', '王伟');
                INSERT INTO triple (id, subjectId, predicate, objectId) VALUES (1, 1, 'attended', 2), (2, 3, 'presided', 2);
                INSERT INTO evidence (tripleId, documentId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths)
                    VALUES (1, 1, 0, 6, 1, 0, 7, 900), (1, 2, 0, 6, 1, 0, 7, 900), (2, 3, 0, 6, 1, 0, 7, 900);
                INSERT INTO entity_document (entityId, documentId) VALUES (1, 1), (2, 1), (1, 2), (2, 2), (3, 3), (2, 3);
                INSERT INTO alias (entityId, alias, documentId, rule) VALUES (1, '李书记', 1, 'r'), (1, '李书记', 2, 'r');
                """)
            for document in [1, 2, 3] {
                let list = MentionList([MentionList.Item(start: 0, end: 2, entityId: document == 3 ? 3 : 1, ruleId: 1)])
                try db.execute(
                    sql: "INSERT INTO mention (documentId, count, spans) VALUES (?, 1, ?)", arguments: [document, Data(list.encoded)])
            }
        }
        try pool.close()
    }
    let store = try Store(path: path)
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16"])
    let stats = try store.stats()
    #expect(stats.documents == 2)
    // v5 then gave each document's undated 会议 its own instance, with its series (an alias and
    // an instance_of fact) and the document that reports it.
    #expect(stats.evidence == 2 + 4, "the copy's evidence is counted once")
    #expect(stats.mentions == 2)
    #expect(stats.aliases == 1 + 2)
    #expect(stats.triples == 2 + 4)
    #expect(try store.documents().map(\.path) == ["a.txt", "c.txt"])
    #expect(try store.documents(limit: 1).map(\.path) == ["a.txt"])
    #expect(try store.documents(limit: 0).isEmpty)
    #expect(try store.sources().map { [$0.key, $0.documentPath] } == [["a.txt", "a.txt"], ["b/a.txt", "a.txt"], ["c.txt", "c.txt"]])
    let violations = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
    #expect(violations.isEmpty)
    // The migrated keys are the v3 paths: the same key with the same content is unchanged,
    // and a new key for stored content becomes another source without new evidence.
    #expect(try store.ingest(SourceDocument(path: "b/a.txt", text: text, contentHash: "h1")) { _ in Extraction() } == .unchanged)
    #expect(try store.ingest(SourceDocument(path: "d.txt", text: text, contentHash: "h1")) { _ in Extraction() } == .linked)
    #expect(try store.stats() == stats)
    // Removing the first two sources of the merged document keeps it; the last takes it out.
    #expect(try store.remove(path: "a.txt"))
    #expect(try store.remove(path: "b/a.txt"))
    #expect(try store.stats().documents == 2)
    #expect(try store.remove(path: "d.txt"))
    #expect(try store.stats().documents == 1)
    #expect(try store.triples().map(\.predicate).sorted() == [.presided, .instanceOf, .reportedBy])
}

@Test func aNewDocumentWithStoredContentIsLinkedNotExtracted() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let before = try store.stats()
    var called = false
    let outcome = try store.ingest(SourceDocument(path: "elsewhere/a.txt", text: textA)) { text in
        called = true
        return extractA(text)
    }
    #expect(outcome == .linked)
    #expect(!called)
    #expect(try store.stats() == before)
    #expect(try store.sources().map(\.key) == ["elsewhere/a.txt", "seeds/a.txt", "seeds/b.txt"])
    // Without replacing, a key stored with other content is left alone.
    #expect(try store.ingest(SourceDocument(path: "seeds/a.txt", text: textB2), replacing: false, extract: extractB2) == .refused)
    #expect(try store.stats() == before)
}

@Test func readOnlyOpenUpgradesAnOlderDatabaseFirst() throws {
    let path = try temporaryFolder().appendingPathComponent("old.sqlite").path
    do {
        let pool = try DatabasePool(path: path)
        try Store.migrator.migrate(pool, upTo: "v1")
        try pool.write { db in
            try db.execute(sql: "INSERT INTO entity (kind, name) VALUES ('person', '李希')")
        }
        try pool.close()
    }
    let store = try Store(path: path, readOnly: true)
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16"])
    // The v2 search index holds the rows written before it existed.
    #expect(try store.search("李希").map(\.name) == ["李希"])
}

@Test func reopeningKeepsData() throws {
    let path = try temporaryFolder().appendingPathComponent("tupu.sqlite").path
    do {
        let store = try Store(path: path)
        try openTwoDocuments(store)
    }
    let reopened = try Store(path: path, readOnly: true)
    #expect(try reopened.stats().documents == 2)
    #expect(try reopened.documents().map(\.path) == ["seeds/a.txt", "seeds/b.txt"])
}

@Test func readOnlyOpenOfMissingDatabaseFails() throws {
    let path = try temporaryFolder().appendingPathComponent("missing/tupu.sqlite").path
    #expect(throws: StoreError.missingDatabase(path)) { try Store(path: path, readOnly: true) }
    #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent))
}

@Test func refusesAFileThatIsNotADatabase() throws {
    let path = try temporaryFolder().appendingPathComponent("notes.sqlite").path
    let bytes = Data(("这不是数据库\n" + String(repeating: "x", count: 300)).utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: StoreError.self) { try Store(path: path) }
    #expect(error == .notADatabase(path))
    #expect(error?.description.contains("is not a Tupu database") == true)
    #expect(error?.description.contains(path) == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
}

@Test func refusesADatabaseWithANewerSchema() throws {
    let path = try temporaryFolder().appendingPathComponent("tupu.sqlite").path
    do {
        let store = try Store(path: path)
        try openTwoDocuments(store)
    }
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-the-future')") }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))

    let error = #expect(throws: StoreError.self) { try Store(path: path) }
    #expect(error == .newerSchema(path: path, unknownMigrations: ["v2-from-the-future"]))
    #expect(throws: StoreError.self) { try Store(path: path, readOnly: true) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
}

@Test func refusesAForeignSQLiteDatabase() throws {
    let path = try temporaryFolder().appendingPathComponent("other.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: "CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT)") }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: StoreError.foreignDatabase(path)) { try Store(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
}

// MARK: - Ingesting

@Test func ingestCountsSharedTriples() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let stats = try store.stats()
    #expect(stats == StoreStats(
        documents: 2, entities: 3, entitiesByKind: [.person: 1, .event: 1, .role: 1],
        triples: 2, triplesByPredicate: [.attended: 1, .holdsRole: 1],
        evidence: 3, mentions: 5, aliases: 1))
    let attended = try #require(try store.snapshot().edges.first { $0.predicate == .attended })
    #expect(attended.evidence.map(\.document) == ["seeds/a.txt", "seeds/b.txt"])
    #expect(try store.documents().map(\.title) == ["标题甲", "标题乙"])
    #expect(try store.documents().first?.published == "2024-09-27")
    #expect(try store.documentText(path: "seeds/b.txt") == textB)
    #expect(try store.documentText(path: "seeds/none.txt") == nil)
}

@Test func evidenceOfTriplesComesInPathOrderWithNamesTitlesAndSentences() throws {
    let store = try Store.inMemory()
    // B first, so the document ids are not in path order.
    #expect(try store.ingest(documentB, extract: extractB) == .added)
    #expect(try store.ingest(documentA, extract: extractA) == .added)
    let liXiID = try #require(try store.match("李希").entityIDs.first)
    let ids = try store.tripleIDs(touching: liXiID)
    // An id repeated or unknown changes nothing.
    let evidence = try store.evidence(forTriples: ids + ids + [999_999])
    #expect(Set(evidence.keys) == Set(ids))
    let attended = try #require(evidence.values.first { $0.first?.triple.predicate == .attended })
    #expect(attended.map(\.document) == ["seeds/a.txt", "seeds/b.txt"])
    #expect(attended.map(\.documentTitle) == ["标题甲", "标题乙"])
    #expect(attended.map(\.sentence) == [textA, textB])
    #expect(attended.map(\.surface) == ["李希出席会议", "李希出席会议"])
    #expect(attended.map(\.confidence) == [0.9, 0.8])
    #expect(attended.allSatisfy { $0.triple == Triple(liXi, .attended, .entity(meeting)) })
    let role = try #require(evidence.values.first { $0.first?.triple.predicate == .holdsRole })
    #expect(role.map(\.triple) == [Triple(liXi, .holdsRole, .entity(secretary))])
    #expect(role.map(\.sentenceOffset) == [0])
}

/// `show` reads an entity's facts through the indexes by subject and by object; it gives what
/// the evidence of the same triples read by id gives, literals and links to the entity included,
/// each triple's evidence in path order.
@Test func anEntitysFactsAreTheEvidenceOfItsTriples() throws {
    let store = try Store.inMemory()
    #expect(try store.ingest(documentB, extract: extractB) == .added)
    #expect(try store.ingest(documentA, extract: extractA) == .added)
    _ = try store.ingest(SourceDocument(path: "x/1.txt", text: "会议9月27日召开。")) { text in
        Extraction(facts: [fact(Triple(meeting, .heldOn, .literal("2024-09-27")), text, spanning: "会议9月27日")])
    }
    for name in ["李希", "会议", "省委书记"] {
        let id = try #require(try store.match(name).entityIDs.first)
        let facts = try store.facts(of: id)
        #expect(!facts.evidence.isEmpty, "\(name)")
        #expect(facts.evidence == (try store.evidence(forTriples: facts.tripleIDs)), "\(name)")
    }
    let meetingID = try #require(try store.match("会议").entityIDs.first)
    let evidence = try store.facts(of: meetingID).evidence.values.flatMap { $0 }
    #expect(Set(evidence.map(\.triple)) == [Triple(liXi, .attended, .entity(meeting)), Triple(meeting, .heldOn, .literal("2024-09-27"))])
    #expect(evidence.filter { $0.triple.predicate == .attended }.map(\.document) == ["seeds/a.txt", "seeds/b.txt"])
}

/// `show` of an entity with more facts than ``SentenceCutter/rowsBeforeStarting`` cuts their
/// sentences on a second thread while it reads on: the same evidence as read by triple id (cut
/// on one thread), with documents that state several of its facts, the later ones further into
/// the text than the first; and a damaged text among the later rows is an error, not a hang.
@Test func manyFactsAreCutOnASecondThreadAsOnOne() throws {
    let store = try Store.inMemory()
    let person = EntityRef(.person, "王伟中")
    let rows = SentenceCutter.rowsBeforeStarting * 3
    for index in 0..<rows {
        let place = EntityRef(.place, "第\(index)区")
        let event = EntityRef(.event, "第\(index)次会议")
        // Every fifth document also states a visit, in a second sentence the first row does not reach.
        let first = "王伟中出席第\(index)次会议。"
        let second = index % 5 == 0 ? "会后王伟中考察第\(index)区。" : ""
        let text = first + "其他内容" + second
        var facts = [fact(Triple(person, .attended, .entity(event)), first, spanning: "王伟中出席第\(index)次会议")]
        if !second.isEmpty {
            facts.append(Fact(Triple(person, .visited, .entity(place)), evidence: Evidence(
                sentence: span(of: second, in: text), span: span(of: "考察第\(index)区", in: text), rule: "test.rule", confidence: 0.8)))
        }
        #expect(try store.ingest(SourceDocument(path: "many/\(index).txt", text: text)) { _ in Extraction(facts: facts) } == .added)
    }
    let id = try #require(try store.match("王伟中").entityIDs.first)
    let startedBefore = SentenceCutter.started.load(ordering: .relaxed)
    let facts = try store.facts(of: id)
    // On more than one processor the rows went through a cutter (on one, both sides are cut on one thread).
    #expect(!SentenceCutter.worthStarting || SentenceCutter.started.load(ordering: .relaxed) > startedBefore)
    #expect(facts.tripleIDs.count == rows + rows / 5 + 1)
    #expect(facts.evidence == (try store.evidence(forTriples: facts.tripleIDs)))
    let visits = facts.evidence.values.flatMap { $0 }.filter { $0.triple.predicate == .visited }
    #expect(visits.count == rows / 5 + 1)
    #expect(visits.allSatisfy { $0.sentence.hasPrefix("会后王伟中考察第") && $0.surface.hasPrefix("考察第") })
    #expect(facts.evidence.values.flatMap { $0 }.filter { $0.sentence.hasPrefix("王伟中出席第") }.count == rows)

    // The last document's text, damaged (stored raw, and not UTF-8).
    try store.writer.write { db in
        try db.execute(sql: "UPDATE document SET compressedText = X'FFFFFFFFC328' WHERE path = ?", arguments: ["many/\(rows - 1).txt"])
    }
    #expect {
        _ = try store.facts(of: id)
    } throws: { error in
        guard case StoreError.invalidData(_, let detail) = error else { return false }
        return detail.contains("many/\(rows - 1).txt")
    }
}

@Test func sameDocumentAgainIsUnchangedWithoutExtracting() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let before = try store.stats()
    let snapshotBefore = try store.snapshot()
    let documentsBefore = try store.documents()
    var called = false
    let outcome = try store.ingest(documentA) { text in
        called = true
        return extractA(text)
    }
    #expect(outcome == .unchanged)
    #expect(!called)
    #expect(try store.stats() == before)
    #expect(try store.snapshot() == snapshotBefore)
    #expect(try store.documents() == documentsBefore)  // ingestedAt untouched
}

@Test func changedDocumentReplacesOnlyItsFacts() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let changed = SourceDocument(path: "seeds/b.txt", text: textB2)
    #expect(try store.ingest(changed, extract: extractB2) == .replaced)

    let stats = try store.stats()
    #expect(stats.documents == 2)
    #expect(stats.entities == 4)  // 李希, 王伟, 会议, 省委书记
    #expect(stats.triplesByPredicate == [.attended: 1, .holdsRole: 1, .presided: 1])
    #expect(stats.evidence == 3)
    #expect(stats.mentions == 5)

    let snapshot = try store.snapshot()
    let attended = try #require(snapshot.edges.first { $0.predicate == .attended })
    #expect(attended.evidence.map(\.document) == ["seeds/a.txt"])
    #expect(try store.documents().map(\.title) == ["标题甲", "标题乙二"])
    #expect(try store.documents().last?.contentHash == changed.contentHash)
    #expect(try store.documentText(path: "seeds/b.txt") == textB2)
}

@Test func removeDeletesOrphans() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    #expect(try store.ingest(SourceDocument(path: "seeds/b.txt", text: textB2), extract: extractB2) == .replaced)
    #expect(try store.remove(path: "seeds/a.txt"))
    #expect(try !store.remove(path: "seeds/a.txt"))

    let stats = try store.stats()
    #expect(stats == StoreStats(
        documents: 1, entities: 2, entitiesByKind: [.person: 1, .event: 1],
        triples: 1, triplesByPredicate: [.presided: 1], evidence: 1, mentions: 2, aliases: 0))
    #expect(try store.snapshot().nodes.map(\.ref) == [wangWei, meeting])
    #expect(try store.triples() == [Triple(wangWei, .presided, meeting)])
}

/// `entity_document` lists an entity only for a document that mentions it without a fact or an
/// alias, and a removal still keeps an entity that any remaining document mentions: by that
/// row, or by the triple of a fact or the alias row of the remaining document.
@Test func anEntityMentionedOnlyIsKeptByItsRowAndOneWithAFactByTheFact() throws {
    let store = try Store.inMemory()
    let zhang = EntityRef(.person, "张三")
    let withFact = "张三出席会议。"
    let mentionOnly = "张三在场。"
    let withAlias = "张三，即张先生。"
    func rows() throws -> [[Int64]] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT entityId, documentId FROM entity_document ORDER BY 1, 2").map { [$0[0], $0[1]] }
        }
    }
    func entityIDs() throws -> [Int64] { try store.match("张三").entityIDs }
    #expect(try store.ingest(SourceDocument(path: "fact.txt", text: withFact)) { text in
        Extraction(mentions: [mention(zhang, text), mention(meeting, text)], facts: [fact(Triple(zhang, .attended, meeting), text, spanning: "张三出席会议")])
    } == .added)
    #expect(try store.ingest(SourceDocument(path: "mention.txt", text: mentionOnly)) { text in
        Extraction(mentions: [mention(zhang, text)])
    } == .added)
    #expect(try store.ingest(SourceDocument(path: "alias.txt", text: withAlias)) { text in
        Extraction(mentions: [mention(zhang, text)], aliases: [Alias(entity: zhang, alias: "张先生", rule: "test.alias")])
    } == .added)
    let id = try #require(try entityIDs().first)
    // Documents 1 (a fact) and 3 (an alias) hold 张三 otherwise: only document 2 has a row.
    #expect(try rows() == [[id, 2]])

    #expect(try store.remove(path: "mention.txt"))
    #expect(try entityIDs() == [id], "kept by the fact's triple and by the alias")
    #expect(try store.remove(path: "fact.txt"))
    #expect(try entityIDs() == [id], "kept by the alias")
    #expect(try store.triples().isEmpty)
    #expect(try store.remove(path: "alias.txt"))
    #expect(try entityIDs().isEmpty)

    // The other way round: the mentioning document stays, the one with the fact goes.
    #expect(try store.ingest(SourceDocument(path: "mention.txt", text: mentionOnly)) { text in
        Extraction(mentions: [mention(zhang, text)])
    } == .added)
    #expect(try store.ingest(SourceDocument(path: "fact.txt", text: withFact)) { text in
        Extraction(mentions: [mention(zhang, text), mention(meeting, text)], facts: [fact(Triple(zhang, .attended, meeting), text, spanning: "张三出席会议")])
    } == .added)
    #expect(try store.remove(path: "fact.txt"))
    #expect(try entityIDs().count == 1, "kept by the mentioning document's row")
    #expect(try store.match("会议").entityIDs.isEmpty, "the meeting only the removed document named goes")
    #expect(try store.remove(path: "mention.txt"))
    #expect(try entityIDs().isEmpty)
    #expect(try rows().isEmpty)
}

@Test func extractErrorRollsBackTheTransaction() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let before = try store.stats()
    let documentsBefore = try store.documents()

    // A new document: no row is left behind.
    #expect(throws: ExtractFailed()) {
        try store.ingest(SourceDocument(path: "seeds/c.txt", text: "新文件。")) { _ in throw ExtractFailed() }
    }
    // A changed document: its old rows were deleted before extract ran; the delete is undone.
    #expect(throws: ExtractFailed()) {
        try store.ingest(SourceDocument(path: "seeds/a.txt", text: "改过的文本。")) { _ in throw ExtractFailed() }
    }
    #expect(try store.stats() == before)
    #expect(try store.documents() == documentsBefore)
    #expect(try store.documentText(path: "seeds/c.txt") == nil)
    #expect(try store.documentText(path: "seeds/a.txt") == textA)
}

@Test func evidenceOffsetsAreCodePoints() throws {
    // U+20000 and 😀 are outside the BMP (2 UTF-16 units each); the family emoji is one
    // grapheme of 5 code points; CRLF is one grapheme of 2 code points.
    let prefix = "𠀀😀👨‍👩‍👧 "
    let text = prefix + "李希\r\n出席会议。"
    #expect(prefix.unicodeScalars.count == 8)
    let store = try Store.inMemory()
    let document = SourceDocument(path: "emoji.txt", text: text)
    let evidence = Evidence(sentence: Span(start: 8, end: 17), span: Span(start: 8, end: 16), rule: "test.crlf", confidence: 1)
    _ = try store.ingest(document) { _ in
        Extraction(
            mentions: [Mention(entity: liXi, span: Span(start: 8, end: 10), surface: "李希", rule: "m")],
            facts: [Fact(Triple(liXi, .attended, meeting), evidence: evidence)])
    }
    let row = try #require(try store.snapshot().edges.first?.evidence.first)
    #expect(row.surface == "李希\r\n出席会议")
    #expect(row.sentence == "李希\r\n出席会议。")
    #expect(row.start == 8)
    #expect(row.end == 16)
    #expect(row.document == "emoji.txt")
    #expect(row.rule == "test.crlf")
    #expect(row.confidence == 1)
}

@Test func snapshotIsSorted() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    let snapshot = try store.snapshot()
    #expect(snapshot.nodes.map(\.ref) == [liXi, secretary, meeting])
    #expect(snapshot.nodes.first?.aliases == ["李书记"])
    #expect(snapshot.edges.map(\.predicate) == [.holdsRole, .attended])
    #expect(snapshot.documentTitles == ["标题甲", "标题乙"])
    for edge in snapshot.edges {
        #expect(snapshot.node(edge.subject)?.ref == liXi)
    }
}

@Test func literalObjectsAreStoredAndShared() throws {
    let store = try Store.inMemory()
    // Two different texts: the same text under two paths is one document since v4.
    for (path, text) in [("x/1.txt", "会议9月27日召开。"), ("x/2.txt", "会议9月27日召开了。")] {
        _ = try store.ingest(SourceDocument(path: path, text: text)) { text in
            Extraction(facts: [fact(Triple(meeting, .heldOn, .literal("2024-09-27")), text, spanning: "会议9月27日")])
        }
    }
    #expect(try store.stats().triples == 1)
    #expect(try store.stats().evidence == 2)
    #expect(try store.triples(object: "2024-09-27") == [Triple(meeting, .heldOn, .literal("2024-09-27"))])
    let edge = try #require(try store.snapshot().edges.first)
    #expect(edge.object == nil)
    #expect(edge.literal == "2024-09-27")
}

@Test func hostileNamesRoundTripThroughLookups() throws {
    let names = ["李\"希\"", "a;b", "x -- y", "' OR 1=1", "'); DROP TABLE triple; --", "%_*"]
    let store = try Store.inMemory()
    _ = try store.ingest(SourceDocument(path: "hostile.txt", text: "会议")) { _ in
        Extraction(facts: names.map { name in
            Fact(Triple(EntityRef(.person, name), .attended, meeting),
                 evidence: Evidence(sentence: Span(start: 0, end: 2), span: Span(start: 0, end: 2), rule: name, confidence: 0.5))
        })
    }
    #expect(try store.stats().triples == names.count)
    for name in names {
        #expect(try store.triples(subject: name) == [Triple(EntityRef(.person, name), .attended, meeting)])
    }
    #expect(try store.triples(subject: "' OR '1'='1").isEmpty)
    #expect(try store.triples(predicate: .attended).count == names.count)
    #expect(try store.triples(predicate: .presided).isEmpty)
    #expect(try store.stats().triples == names.count)
}

@Test func lookupsAcceptAliases() throws {
    let store = try Store.inMemory()
    try openTwoDocuments(store)
    #expect(try store.triples(subject: "李书记", predicate: .attended) == [Triple(liXi, .attended, meeting)])
    #expect(try store.triples(object: "会议") == [Triple(liXi, .attended, meeting)])
    #expect(try store.triples(subject: "李希") == [Triple(liXi, .holdsRole, secretary), Triple(liXi, .attended, meeting)])
}

// MARK: - Source documents

@Test func readKeepsBOMAndHashesBytes() throws {
    let folder = try temporaryFolder()
    let url = folder.appendingPathComponent("bom.txt")
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("李希\r\n".utf8)
    try Data(bytes).write(to: url)
    let document = try SourceDocument.read(path: url.path)
    #expect(document.text.unicodeScalars.first == "\u{FEFF}")
    #expect(document.text.unicodeScalars.count == 5)
    #expect(document.contentHash.count == 64)
    #expect(document.contentHash == SourceDocument.sha256Hex(bytes))
    // SHA-256("abc")
    #expect(SourceDocument.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func readRejectsInvalidUTF8WithTheOffset() throws {
    let url = try temporaryFolder().appendingPathComponent("gbk.txt")
    try Data(Array("ab李".utf8) + [0xC0, 0x80, 0x41]).write(to: url)
    #expect(throws: DocumentError.invalidUTF8(path: url.path, byteOffset: 5)) { try SourceDocument.read(path: url.path) }
    let missing = url.deletingLastPathComponent().appendingPathComponent("none.txt").path
    #expect(throws: DocumentError.missingPath(missing)) { try SourceDocument.read(path: missing) }
}

@Test func discoverWalksFoldersAndNormalisesPaths() throws {
    let folder = try temporaryFolder()
    let seeds = folder.appendingPathComponent("seeds")
    try FileManager.default.createDirectory(at: seeds.appendingPathComponent("sub"), withIntermediateDirectories: true)
    for name in ["010_b.txt", "000_a.txt", "sub/001_c.txt", "notes.md"] {
        try Data("x".utf8).write(to: seeds.appendingPathComponent(name))
    }
    let root = folder.path
    #expect(try SourceDocument.discover([root + "/./seeds/"]) == [
        root + "/seeds/000_a.txt", root + "/seeds/010_b.txt", root + "/seeds/sub/001_c.txt",
    ])
    #expect(SourceDocument.normalize("./seeds/") == "seeds")
    #expect(SourceDocument.normalize("seeds//000_x.txt") == "seeds/000_x.txt")
    #expect(SourceDocument.normalize("a/b/../c.txt") == "a/c.txt")
    #expect(SourceDocument.normalize("../x.txt") == "../x.txt")
    #expect(throws: DocumentError.missingPath(root + "/nope")) { try SourceDocument.discover([root + "/nope"]) }
    let empty = folder.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    #expect(throws: DocumentError.noTextFiles(empty.path)) { try SourceDocument.discover([empty.path]) }
}


// MARK: - Multi-file ingest

/// When the writer fails midway (here the file may not grow: SQLITE_FULL), the ingest stops with
/// the error, without waiting forever for its writer; what it reported before is exactly what was
/// committed, and it is whole.
@Test func aWriterThatFailsMidwayStopsTheIngestWithWhatItCommitted() throws {
    let folder = try temporaryFolder()
    let paths = try (0..<40).map { index in
        let path = folder.appendingPathComponent(String(format: "doc%02d.txt", index)).path
        // Text that does not compress: each document takes about a page of its own.
        var state = UInt32(index + 1)
        let noise = String((0..<1500).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return Character(Unicode.Scalar(0x4E00 + (state >> 16) % 20000) ?? "字")
        })
        try ("第\(index)篇。张三出席会议。" + noise).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    let extract: @Sendable (String) -> Extraction = { text in
        let fact = Fact(
            Triple(EntityRef(.person, "张三"), .attended, .entity(EntityRef(.event, String(text.prefix(4)) + "会议"))),
            evidence: Evidence(sentence: Span(start: 4, end: 11), span: Span(start: 4, end: 6), rule: "test.rule", confidence: 0.75))
        return Extraction(facts: [fact])
    }
    let store = try Store(path: folder.appendingPathComponent("db.sqlite").path)
    // A first document, so the ingest is not a bulk load; then room for only a few more pages.
    _ = try store.ingest(files: [paths[0]], extract: extract)
    let perDocument = try store.stats().evidence
    try store.writer.writeWithoutTransaction { db in
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        try db.execute(sql: "PRAGMA max_page_count = \(pages + 6)")
    }
    var reported: [String] = []
    // One document a transaction, so some commit before the store is full.
    let options = IngestOptions(batchSize: 1, threads: 2, grouping: .none)
    #expect(throws: StoreError.self) {
        _ = try store.ingest(files: paths, options: options, extract: extract) { result in
            if case .stored(let path, _, _) = result { reported.append(URL(fileURLWithPath: path).lastPathComponent) }
        }
    }
    try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
    let stored = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT path FROM document ORDER BY id") }
        .map { URL(fileURLWithPath: $0).lastPathComponent }
    #expect(reported.count < paths.count - 1, "the store did not fill up: \(reported.count) reported")
    #expect(reported.count >= 3, "nothing was committed before the store was full")
    #expect(stored == ["doc00.txt"] + reported.filter { $0 != "doc00.txt" })
    #expect(try store.stats().evidence == stored.count * perDocument)
    let check = try store.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    #expect(check == ["ok"])
}

/// The progress of an ingest moves with every batch written, also while a grouped transaction
/// holds the batches' results back until it commits; a batch is always counted as written
/// before its files are reported; a bulk load says last that it builds its indexes.
@Test(arguments: [true, false])
func everyWrittenBatchIsCountedBeforeItsFilesAreReported(grouped: Bool) throws {
    let folder = try temporaryFolder()
    let paths = try (0..<7).map { index in
        let path = folder.appendingPathComponent("doc\(index).txt").path
        try "第\(index)篇。张三出席会议。".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    let extract: @Sendable (String) -> Extraction = { text in
        let fact = Fact(
            Triple(EntityRef(.person, "张三"), .attended, .entity(EntityRef(.event, String(text.prefix(3))))),
            evidence: Evidence(sentence: Span(start: 4, end: 11), span: Span(start: 4, end: 6), rule: "test.rule", confidence: 0.75))
        return Extraction(facts: [fact])
    }
    let store = try Store(path: folder.appendingPathComponent("db.sqlite").path)
    // Grouped: a transaction that takes every batch (the writer waits up to a minute for each).
    let grouping = grouped ? Store.Grouping(documents: 1_000, seconds: 60) : .none
    var events: [String] = []
    var facts = 0
    _ = try store.ingest(
        files: paths, options: IngestOptions(batchSize: 3, threads: 2, grouping: grouping), extract: extract,
        report: { result in
            if case .stored(let path, _, _) = result { events.append("stored " + URL(fileURLWithPath: path).lastPathComponent) }
        },
        progress: { written in
            if written.buildingIndexes {
                events.append("building indexes")
                return
            }
            events.append("written " + written.names.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " "))
            facts += written.facts
        })
    // A new store: a bulk load, whose indexes are built last, after every file is reported.
    #expect(events.last == "building indexes")
    events.removeLast()
    let batches: [[Int]] = [[0, 1, 2], [3, 4, 5], [6]]
    let written: [[String]] = batches.map { batch in ["written " + batch.map { "doc\($0).txt" }.joined(separator: " ")] }
    let stored: [[String]] = batches.map { batch in batch.map { "stored doc\($0).txt" } }
    if grouped {
        // One transaction: every batch is counted as it is written, long before the commit.
        #expect(events == written.flatMap { $0 } + stored.flatMap { $0 })
    } else {
        // When the reading thread looks again, the writer may have committed one batch or two:
        // in any case each batch is counted as written, in order, before its files are reported.
        #expect(events.filter { $0.hasPrefix("written") } == written.flatMap { $0 })
        #expect(events.filter { $0.hasPrefix("stored") } == stored.flatMap { $0 })
        for (batch, files) in zip(written, stored) {
            let announced = events.firstIndex(of: batch[0]) ?? events.count
            for file in files { #expect(announced < events.firstIndex(of: file) ?? -1, "\(file) before \(batch[0])") }
        }
    }
    // Three facts a document: the extraction's, and its event's series and report (see above).
    #expect(facts == 21)
}

@Test func fileIngestStreamsBatchesInOrderAndSkipsBadFiles() throws {
    let folder = try temporaryFolder()
    var paths: [String] = []
    for index in 0..<7 {
        let path = folder.appendingPathComponent("doc\(index).txt").path
        try "第\(index)篇。张三出席会议。".write(toFile: path, atomically: true, encoding: .utf8)
        paths.append(path)
    }
    let empty = folder.appendingPathComponent("empty.txt").path
    try Data().write(to: URL(fileURLWithPath: empty))
    paths.insert(empty, at: 3)
    // One fact per document: its own event, attended by the same person.
    let extract: @Sendable (String) -> Extraction = { text in
        let event = EntityRef(.event, String(text.prefix(3)))
        let fact = Fact(
            Triple(EntityRef(.person, "张三"), .attended, .entity(event)),
            evidence: Evidence(sentence: Span(start: 4, end: 11), span: Span(start: 4, end: 6), rule: "test.rule", confidence: 0.75))
        return Extraction(mentions: [Mention(entity: EntityRef(.person, "张三"), span: Span(start: 4, end: 6), surface: "张三", rule: "test.mention")], facts: [fact])
    }
    let store = try Store(path: folder.appendingPathComponent("db.sqlite").path)
    var reported: [String] = []
    let options = IngestOptions(batchSize: 3, threads: 2)
    let summary = try store.ingest(files: paths, options: options, extract: extract) { result in
        switch result {
        case .stored(let path, let outcome, _): reported.append("\(outcome) \(URL(fileURLWithPath: path).lastPathComponent)")
        case .skipped(let path, let error):
            #expect(error == .emptyDocument(path))
            reported.append("skipped \(URL(fileURLWithPath: path).lastPathComponent)")
        }
    }
    #expect(reported == [
        "added doc0.txt", "added doc1.txt", "added doc2.txt", "skipped empty.txt",
        "added doc3.txt", "added doc4.txt", "added doc5.txt", "added doc6.txt",
    ])
    // A file ingest stores each event as an instance with its series and the document that
    // reports it: three facts a document, and per document an event and a document entity.
    #expect((summary.added, summary.skipped, summary.unchanged, summary.facts) == (7, 1, 0, 21))
    var stats = try store.stats()
    #expect((stats.documents, stats.triples, stats.evidence, stats.mentions, stats.entities) == (7, 21, 21, 7, 15))

    // Again, with one file changed: it alone is extracted and replaced; its old event goes.
    try "第九篇。张三出席会议。".write(toFile: paths[1], atomically: true, encoding: .utf8)
    let again = try store.ingest(files: paths, options: options, extract: extract)
    #expect((again.added, again.replaced, again.unchanged, again.skipped) == (0, 1, 6, 1))
    stats = try store.stats()
    #expect((stats.documents, stats.triples, stats.evidence, stats.entities) == (7, 21, 21, 15))
    #expect(try store.match("第1篇").entityIDs.isEmpty)
    #expect(try !store.match("第九篇").entityIDs.isEmpty)
    let evidence = try store.evidence(forTriples: try store.tripleIDs(touching: try #require(store.match("张三").entityIDs.first)))
    #expect(evidence.values.joined().allSatisfy { $0.rule == "test.rule" && $0.confidence == 0.75 && $0.surface == "张三" })
    let violations = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
    #expect(violations.isEmpty)
    let foreignKeys = try store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
    #expect(foreignKeys == 1)
}

// MARK: - Stored text

@Test func storedTextRoundTripsAndDamageIsDetected() throws {
    let samples = ["", "a", "\u{FEFF}省委书记李希出席会议并讲话。", String(repeating: "深港国际金融城，", count: 500), "𠀀𠀁 emoji 🎉 and NUL \u{0}"]
    for text in samples {
        let stored = TextCompression.compress(text)
        #expect(TextCompression.decompress(stored) == text)
    }
    let long = TextCompression.compress(samples[3])
    #expect(long.count < samples[3].utf8.count / 10, "repetitive text compresses")
    var damaged = long
    damaged[damaged.count / 2] ^= 0xFF
    #expect(TextCompression.decompress(damaged) == nil)
    #expect(TextCompression.decompress([1, 2]) == nil)
}

/// Since v14 a text is stored as an LZ4 block with the preset dictionary and its Adler-32 sum: a
/// short article of the genre takes far less than plain zlib gave it; texts stored before (a zlib
/// stream; raw deflate with the dictionary, v11 to v13) are still read, by both decoders, and a
/// damaged value of any kind is refused.
@Test func storedTextUsesTheDictionaryAndOlderTextsAreStillRead() throws {
    // The dictionary's bytes never change (stored texts are decoded with them).
    #expect(TextDictionary.bytes.count == 8038)
    let (low, high) = TextDictionary.bytes.reduce((UInt32(1), UInt32(0))) { sums, byte in
        let low = (sums.0 + UInt32(byte)) % 65521
        return (low, (sums.1 + low) % 65521)
    }
    #expect(high << 16 | low == 3_318_071_660, "the Adler-32 sum of the dictionary")
    let text = "省委书记李希主持召开省委常委会会议，研究部署有关工作。"
    let stored = TextCompression.compress(text)
    #expect(TextCompression.header(of: stored) == .lz4(length: text.utf8.count))
    #expect(Array(stored.prefix(4)) == [0xFE, 0xFF, 0xFF, 0xFF])
    #expect(TextCompression.decompress(stored) == text)
    #expect(TextCompression.Inflater().utf8(Data(stored)) == Array(text.utf8))
    let deflated = TextCompression.deflated(text)
    #expect(TextCompression.header(of: deflated) == .withDictionary(length: text.utf8.count))
    // The same text as v10 stored it (length, then `compress2` at level 6): 91 bytes.
    let older: [UInt8] = [
        81, 0, 0, 0, 120, 156, 123, 62, 167, 241, 233, 242, 41, 79, 118, 46, 123, 177, 110, 195, 179, 185, 125, 79, 119, 244,
        60, 217, 177, 251, 89, 79, 227, 211, 254, 53, 79, 247, 52, 60, 7, 203, 62, 221, 177, 3, 164, 102, 207, 44, 32, 122, 177,
        110, 221, 251, 61, 61, 207, 23, 76, 121, 190, 114, 219, 203, 230, 21, 207, 247, 110, 122, 54, 167, 243, 105, 235, 230,
        167, 219, 151, 62, 217, 59, 231, 113, 67, 19, 0, 94, 10, 58, 81,
    ]
    #expect(stored.count < older.count * 2 / 3, "\(stored.count) bytes with the dictionary")
    #expect(TextCompression.decompress(older) == text)
    let inflater = TextCompression.Inflater()
    for value in [older, stored, deflated, older, stored] { #expect(inflater.utf8(Data(value)) == Array(text.utf8)) }
    for value in [older, deflated, stored] {
        for index in [value.count / 2, value.count - 1] {
            var damaged = value
            damaged[index] ^= 0x5A
            #expect(TextCompression.decompress(damaged) == nil)
            #expect(inflater.utf8(Data(damaged)) == nil)
        }
    }
    // A header cut short, and an LZ4 value whose length says more than its block holds.
    #expect(TextCompression.decompress([0xFE, 0xFF, 0xFF, 0xFF, 1]) == nil)
    var longer = stored
    longer[4] &+= 1
    #expect(inflater.utf8(Data(longer)) == nil)
}

/// `show` asks for a text only as far as its cuts reach: an LZ4 text is then decoded as far as
/// it must be to hold that many code points (at most four bytes each), cut at a code point's
/// end; a text of any other kind, or one asked for whole, comes whole and checked.
@Test func storedTextIsDecodedOnlyAsFarAsAsked() throws {
    let text = "会议指出，" + String(repeating: "深港国际金融城abc，𠀀", count: 40) + "。"
    let utf8 = Array(text.utf8)
    let stored = TextCompression.compress(text)
    let inflater = TextCompression.Inflater()
    for codePoints in [0, 1, 2, 5, 17, 100, 333] {
        let prefix = try #require(inflater.utf8(Data(stored), codePoints: codePoints))
        #expect(prefix.count <= 4 * codePoints, "\(codePoints) code points")
        #expect(Array(utf8.prefix(prefix.count)) == prefix, "a prefix of the text")
        let decoded = try #require(String(validating: prefix, as: UTF8.self), "cut at a code point's end")
        #expect(decoded.unicodeScalars.count >= codePoints)
    }
    #expect(inflater.utf8(Data(stored), codePoints: utf8.count) == utf8, "four bytes a code point reach past the end: whole")
    #expect(inflater.utf8(Data(stored), codePoints: .max) == utf8)
    #expect(inflater.utf8(Data(TextCompression.deflated(text)), codePoints: 3) == utf8, "deflate: whole")
    // A prefix is not checked against the sum, which covers the whole text.
    var damagedSum = stored
    damagedSum[damagedSum.count - 1] ^= 0x5A
    #expect(inflater.utf8(Data(damagedSum), codePoints: 5) == inflater.utf8(Data(stored), codePoints: 5))
    #expect(inflater.utf8(Data(damagedSum)) == nil)
}

/// A text's stored bytes are the same whatever was compressed before it with the same reused
/// coder, on one thread or several; the v11 form has deflate's fixed codes, and a text stored
/// with dynamic codes, as before, is still read; and texts of every length around the room the
/// deflate decoder is given past a text's end.
@Test func storedTextUsesFixedCodesAndDynamicCodesAreStillRead() throws {
    let texts = (0..<40).map { index in
        String(repeating: "省委书记李希主持召开会议，研究部署第\(index)项工作。", count: index % 7 + 1) + String(repeating: "甲", count: index)
    }
    for compress in [TextCompression.compress, TextCompression.deflated] {
        let first = texts.map(compress)
        #expect(texts.reversed().map(compress) == Array(first.reversed()))
        let concurrent = Mutex([[UInt8]](repeating: [], count: texts.count))
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            let stored = compress(texts[index])
            concurrent.withLock { $0[index] = stored }
        }
        #expect(concurrent.withLock { $0 } == first)
        for (text, stored) in zip(texts, first) {
            #expect(TextCompression.decompress(stored) == text)
        }
    }
    for stored in texts.map(TextCompression.deflated) {
        #expect(stored[4] & 0b110 == 0b010, "the first block has fixed codes")
    }
    // Lengths on either side of the decoder's 258 bytes of room, and far past it.
    let inflater = TextCompression.Inflater()
    for length in [0, 1, 2, 85, 86, 87, 250, 2_000] {
        let text = String(repeating: "会", count: length)
        for stored in [TextCompression.compress(text), TextCompression.deflated(text)] {
            #expect(inflater.utf8(Data(stored)) == Array(text.utf8), "\(length * 3) bytes")
            #expect(TextCompression.decompress(stored) == text)
        }
    }
    // 710 bytes as the store wrote them before, with dynamic codes.
    let words = ["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥", "金木水火土", "东南西北中", "春夏秋冬", "梅兰竹菊",
                 "琴棋书画", "诗词歌赋", "江河湖海", "山川草木", "日月星辰", "风雨雷电"]
    let dynamicText = (words + words).enumerated().map { "第\($0.offset)项：\($0.element)。" }.joined()
    let dynamic: [UInt8] = [
        198, 2, 0, 128, 149, 153, 237, 106, 194, 48, 20, 134, 111, 201, 164, 126, 94, 158, 63, 186, 169, 181, 56, 161,
        172, 58, 43, 133, 213, 162, 204, 140, 90, 107, 105, 203, 192, 221, 76, 115, 146, 222, 197, 18, 78, 126, 46, 130,
        144, 127, 79, 18, 242, 62, 4, 242, 113, 4, 99, 61, 117, 83, 213, 253, 131, 107, 219, 108, 219, 90, 181, 41,
        204, 22, 92, 215, 14, 63, 228, 125, 199, 19, 38, 182, 181, 222, 64, 140, 17, 236, 170, 222, 204, 109, 189, 230,
        153, 203, 253, 76, 222, 213, 77, 166, 208, 31, 131, 209, 151, 8, 138, 206, 157, 195, 76, 61, 101, 83, 28, 64,
        113, 64, 247, 186, 134, 232, 4, 151, 155, 152, 158, 121, 20, 35, 115, 144, 233, 218, 170, 31, 202, 244, 151, 47,
        67, 243, 63, 192, 88, 31, 25, 108, 82, 126, 88, 137, 163, 199, 95, 24, 130, 129, 1, 159, 46, 119, 47, 226,
        220, 200, 213, 2, 193, 208, 164, 120, 187, 65, 226, 169, 200, 34, 248, 65, 48, 66, 32, 179, 80, 102, 62, 124,
        47, 101, 233, 33, 24, 155, 169, 242, 24, 174, 5, 52, 239, 80, 86, 8, 38, 38, 101, 158, 243, 106, 47, 253,
        185, 90, 186, 137, 111, 84, 97, 225, 14, 54, 177, 10, 111, 136, 49, 211, 37, 234, 116, 56, 117, 187, 74, 4,
        165, 33, 244, 9, 189, 206, 179, 126, 73, 255, 129, 96, 50, 120, 96, 152, 12, 109, 138, 201, 200, 230, 152, 140,
        109, 146, 201, 196, 102, 153, 246, 108, 154, 41, 177, 121, 166, 212, 230, 153, 58, 255, 122, 254, 3, 221, 128, 236,
        88,
    ]
    #expect(dynamic[4] & 0b110 == 0b100, "the first block has dynamic codes")
    #expect(TextCompression.decompress(dynamic) == dynamicText)
    #expect(inflater.utf8(Data(dynamic)) == Array(dynamicText.utf8))
    var damaged = dynamic
    damaged[damaged.count - 6] ^= 0x5A
    #expect(inflater.utf8(Data(damaged)) == nil)
    #expect(TextCompression.decompress(damaged) == nil)
}

@Test func mentionListsRoundTripSortedAndWithoutRepeats() throws {
    let items = [
        MentionList.Item(start: 300, end: 302, entityId: 70_000, ruleId: 3),
        MentionList.Item(start: 4, end: 6, entityId: 1, ruleId: nil),
        MentionList.Item(start: 300, end: 302, entityId: 70_000, ruleId: 9),  // same span and entity: kept once
        MentionList.Item(start: 300, end: 305, entityId: 2, ruleId: 1),
    ]
    let list = MentionList(items)
    #expect(list.items.map(\.start) == [4, 300, 300])
    #expect(list.entityIds == [1, 2, 70_000])
    let decoded = try #require(MentionList(encoded: list.encoded))
    #expect(decoded == list)
    #expect(list.encoded.count <= 3 * 7)
    #expect(MentionList(encoded: [0x80]) == nil, "a varint cut short")
    #expect(MentionList(encoded: [1, 2, 3]) == nil, "a mention cut short")
    #expect(MentionList(encoded: [])?.items.isEmpty == true)
}

@Test func fileWalkListsInPathOrderOnceAndLazily() throws {
    let folder = try temporaryFolder()
    let root = folder.path
    // `b.txt` sorts before the files of folder `b` (as full paths do: "." < "/").
    for name in ["c/b.txt", "c/b/z.txt", "c/a.txt", "c/b/a/x.txt", "c/skip.md", "d/only.txt"] {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: url)
    }
    let walk = try FileWalk([root + "/c/b", root + "/c", root + "/d/only.txt", root + "/c/a.txt", root + "/d"])
    #expect(Array(walk) == [
        root + "/c/b/a/x.txt", root + "/c/b/z.txt",  // the first root
        root + "/c/a.txt", root + "/c/b.txt",  // then the rest of c, without c/b again
        root + "/d/only.txt",  // c/a.txt again and d/only.txt again are left out
    ])
    #expect(walk.problems.isEmpty)
    #expect(walk.next() == nil, "an exhausted walk stays exhausted")
    // discover lists the same, sorted the same way as whole paths.
    let all = try SourceDocument.discover([root + "/c"])
    #expect(all == all.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    #expect(throws: DocumentError.noTextFiles(root + "/c/b/a/empty")) {
        try FileManager.default.createDirectory(atPath: root + "/c/b/a/empty", withIntermediateDirectories: true)
        return try FileWalk([root + "/c/b/a/empty"])
    }
}

@Test func idCacheIsDroppedWhenAnotherConnectionWrites() throws {
    let path = try temporaryFolder().appendingPathComponent("db.sqlite").path
    let writer = try Store(path: path)
    let other = try Store(path: path)
    func document(_ name: String, person: String) -> ExtractedDocument {
        let fact = Fact(
            Triple(EntityRef(.person, person), .attended, .entity(EntityRef(.event, name + "会议"))),
            evidence: Evidence(sentence: Span(start: 0, end: 4), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5))
        return ExtractedDocument(document: SourceDocument(path: name + ".txt", text: name + "出席会议"), extraction: Extraction(facts: [fact]))
    }
    let cache = IdCache()
    #expect(try writer.store([document("一", person: "张三")], cache: cache) == [.added])
    // Another connection deletes 张三 (its only document goes) behind the cache's back.
    #expect(try other.remove(path: "一.txt"))
    #expect(try other.match("张三").entityIDs.isEmpty)
    #expect(try writer.store([document("二", person: "张三")], cache: cache) == [.added])
    let id = try #require(try writer.match("张三").entityIDs.first)
    #expect(try writer.tripleIDs(touching: id).count == 1)
    let violations = try writer.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
    #expect(violations.isEmpty, "a stale id was written")
    // Without other writers, the ids carry over: a third batch finds 张三 without a lookup
    // and still stores the right id.
    #expect(try writer.store([document("三", person: "张三")], cache: cache) == [.added])
    #expect(try writer.match("张三").entityIDs == [id])
    #expect(try writer.tripleIDs(touching: id).count == 2)
}

/// The ids kept from one batch to the next are bounded: a document entity and the triples that
/// name one are kept for their batch only (they never come back), and the entities are forgotten
/// past their limit, as the triples are.
@Test func idCacheKeepsBoundedIds() throws {
    let store = try Store.inMemory()
    try store.writer.read { db in
        let cache = IdCache()
        var ids = try cache.take(db)
        let person = EntityKey(EntityRef(.person, "张三"))
        ids.entities[person] = 1
        ids.batchEntities[EntityKey(EntityRef(.document, "标题（文档 12345678）"))] = 2
        ids.batchTriples[TripleKey(subject: 2, predicate: .publishedOn, object: -1, literal: "2024-01-01")] = 3
        cache.keep(ids)
        var kept = try cache.take(db)
        #expect(kept.entities.count == 1 && kept.entities[person] == 1)
        #expect(kept.batchEntities.count == 0 && kept.batchTriples.count == 0)
        for n in 0..<(IdCache.entityLimit - 1) { kept.entities[EntityKey(EntityRef(.person, "人\(n)"))] = Int64(n + 2) }
        cache.keep(kept)
        kept = try cache.take(db)
        #expect(kept.entities.count == IdCache.entityLimit)
        kept.entities[EntityKey(EntityRef(.person, "李四"))] = 0
        cache.keep(kept)
        #expect(try cache.take(db).entities.count == 0)
    }
}

/// The writer's maps compare names by their bytes, as the store's unique keys do: two names that
/// are canonically equal but written differently (é precomposed, and e with a combining accent) are
/// two entities within one batch, as they are across batches, each with its own triple.
@Test func namesWrittenDifferentlyAreTwoEntitiesInABatchAsInTheStore() throws {
    let composed = EntityRef(.person, "Ren\u{E9}")
    let decomposed = EntityRef(.person, "Rene\u{301}")
    #expect(composed == decomposed, "Swift compares the two names as equal")
    let evidence = Evidence(sentence: Span(start: 0, end: 4), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5)
    func document(_ name: String) -> ExtractedDocument {
        ExtractedDocument(
            document: SourceDocument(path: name + ".txt", text: name + "出席会议"),
            extraction: Extraction(facts: [
                Fact(Triple(composed, .attended, meeting), evidence: evidence),
                Fact(Triple(decomposed, .attended, meeting), evidence: evidence),
            ]))
    }
    let store = try Store.inMemory()
    let cache = IdCache()
    #expect(try store.store([document("一")], cache: cache) == [.added])
    var stats = try store.stats()
    #expect((stats.entities, stats.triples, stats.evidence) == (3, 2, 2))
    // The next batch, with the ids kept, finds both again.
    #expect(try store.store([document("二")], cache: cache) == [.added])
    stats = try store.stats()
    #expect((stats.entities, stats.triples, stats.evidence) == (3, 2, 4))
}

/// A new store file migrated up to `version` (an older schema), holding 李希 and 王伟中, who
/// attended 会议 (entities 1 to 3, triples 1 and 2).
private func storeMigrated(upTo version: String) throws -> String {
    let path = try temporaryFolder().appendingPathComponent("\(version).sqlite").path
    let pool = try DatabasePool(path: path)
    try Store.migrator.migrate(pool, upTo: version)
    try pool.write { db in
        try db.execute(sql: """
            INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希'), (2, 'event', '会议'), (3, 'person', '王伟中');
            INSERT INTO triple (id, subjectId, predicate, objectId) VALUES (1, 1, 'attended', 2), (2, 3, 'attended', 2);
            """)
    }
    try pool.close()
    return path
}

/// A store made before v6 gains the covering indexes, keeps its triples, and a path's expansion
/// reads links from the indexes alone (no lookup in the table for each row).
@Test func version6LinksAreReadFromIndexesAlone() throws {
    let path = try storeMigrated(upTo: "v5")
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    #expect(try store.shortestPath(from: 1, to: 3)?.count == 2)
    let plans = try store.writer.read { db in
        try ["subjectId", "objectId"].map { column in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id, subjectId, objectId FROM triple WHERE \(column) IN (1, 2)")
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
    }
    for plan in plans { #expect(plan.contains("COVERING INDEX"), "\(plan)") }
}

/// A v9 store loses the trigger that kept `triple_kind` and keeps its rows; from then on the
/// writer adds a row for each new combination of a predicate and kinds (and none twice), so the
/// table stays what the triples say.
@Test func version10TheWriterKeepsTheKindsOfTriples() throws {
    let path = try storeMigrated(upTo: "v9")
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    let triggers = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'triple'")
    }
    #expect(triggers.isEmpty)
    #expect(try store.linkedKinds() == [["attended", "person", "event"]])
    let person = EntityRef(.person, "王伟中")
    let evidence = Evidence(sentence: Span(start: 0, end: 9), span: Span(start: 0, end: 9), rule: "test.rule", confidence: 0.5)
    let extraction = Extraction(facts: [
        Fact(Triple(person, .attended, .entity(EntityRef(.event, "全国会议"))), evidence: evidence),
        Fact(Triple(person, .holdsRole, .entity(EntityRef(.role, "书记"))), evidence: evidence),
        Fact(Triple(EntityRef(.event, "全国会议"), .instanceOf, .literal("会议")), evidence: evidence),
    ])
    #expect(try store.ingest(SourceDocument(path: "b.txt", text: "王伟中同志出席全国会议")) { _ in extraction } == .added)
    let expected = [["attended", "person", "event"], ["holds_role", "person", "role"], ["instance_of", "event", ""]]
    #expect(try store.linkedKinds() == expected)
    let recomputed = try store.writer.read { db in
        try Row.fetchAll(db, sql: """
            SELECT DISTINCT t.predicate, s.kind, ifnull(o.kind, '') FROM triple t
            JOIN entity s ON s.id = t.subjectId LEFT JOIN entity o ON o.id = t.objectId ORDER BY 1, 2, 3
            """).map { [$0[0], $0[1], $0[2]] as [String] }
    }
    #expect(recomputed == expected)
}

/// A v10 store with one document's rows: two links to a meeting and a literal, their evidence.
/// With `pendingBulkLoad`, `triple_subject_object` and `alias_on_entityId` are left out and
/// recorded in `deferred_index`, as a bulk load killed before its end leaves them.
private func version10Store(pendingBulkLoad: Bool) throws -> String {
    let path = try temporaryFolder().appendingPathComponent("v10.sqlite").path
    let pool = try DatabasePool(path: path)
    try Store.migrator.migrate(pool, upTo: "v10")
    try pool.write { db in
        try db.execute(sql: """
            INSERT INTO document (id, path, contentHash, ingestedAt, compressedText) VALUES (1, 'a.txt', 'h', 'now', ?);
            INSERT INTO source (key, documentId, path) VALUES ('a.txt', 1, 'a.txt');
            INSERT INTO rule (id, name) VALUES (1, 'test.rule');
            INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希'), (2, 'event', '全国会议'), (3, 'person', '王伟中');
            INSERT INTO triple (id, subjectId, predicate, objectId, objectLiteral) VALUES
                (1, 1, 'attended', 2, NULL), (2, 3, 'attended', 2, NULL), (3, 2, 'instance_of', NULL, '会议');
            INSERT INTO triple_kind (predicate, subjectKind, objectKind) VALUES ('attended', 'person', 'event'), ('instance_of', 'event', '');
            INSERT INTO evidence (documentId, tripleId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths)
                VALUES (1, 1, 0, 2, 1, 0, 13, 900), (1, 2, 3, 6, 1, 0, 13, 900), (1, 3, 8, 12, 1, 0, 13, 500);
            """, arguments: [Data(TextCompression.deflated("李希、王伟中出席全国会议。"))])
        if pendingBulkLoad { try deferIndexes(["triple_subject_object", "alias_on_entityId"], in: db) }
    }
    try pool.close()
    return path
}

/// A v10 store loses `alias(entityId)` (the unique key of `alias` starts with that column) and
/// keeps its triple indexes: its triples, evidence and paths are as before, the links by subject
/// are read from `triple_subject` alone (since v15), a duplicate link or literal is refused,
/// and a document that states stored triples again gives them evidence without new rows.
@Test func version11DropsTheAliasIndexByEntity() throws {
    let store = try Store(path: try version10Store(pendingBulkLoad: false))
    #expect(try store.appliedMigrations().last == "v16")
    let indexes = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('triple', 'alias') ORDER BY name")
    }
    #expect(indexes == [
        "alias_alias", "alias_on_documentId", "sqlite_autoindex_alias_1",
        "triple_literal", "triple_object", "triple_predicate_object", "triple_subject", "triple_unique",
    ])
    let aliasPlan = try store.writer.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT DISTINCT alias FROM alias WHERE entityId = 1").map { $0["detail"] as String }
    }
    #expect(aliasPlan.joined().contains("COVERING INDEX sqlite_autoindex_alias_1"), "\(aliasPlan)")
    #expect(try store.shortestPath(from: 1, to: 3) != nil)
    let plan = try store.writer.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + LinkReader.statements[0], arguments: [1]).map { $0["detail"] as String }
    }
    #expect(plan.joined().contains("COVERING INDEX triple_subject "), "\(plan)")
    try store.writer.write { db in
        #expect(throws: DatabaseError.self) {
            try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectId) VALUES (1, \(PredicateCode.code(.attended)), 2)")
        }
        #expect(throws: DatabaseError.self) {
            try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectLiteral) VALUES (2, \(PredicateCode.code(.instanceOf)), '会议')")
        }
        // Another literal is another triple.
        try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectLiteral) VALUES (2, \(PredicateCode.code(.instanceOf)), '大会')")
        try db.execute(sql: "DELETE FROM triple WHERE objectLiteral = '大会'")
    }
    let evidence = Evidence(sentence: Span(start: 0, end: 11), span: Span(start: 0, end: 3), rule: "test.rule", confidence: 0.5)
    let extraction = Extraction(facts: [
        Fact(Triple(EntityRef(.person, "王伟中"), .attended, .entity(EntityRef(.event, "全国会议"))), evidence: evidence),
        Fact(Triple(EntityRef(.event, "全国会议"), .instanceOf, .literal("会议")), evidence: evidence),
        Fact(Triple(EntityRef(.event, "全国会议"), .instanceOf, .literal("大会")), evidence: evidence),
    ])
    #expect(try store.ingest(SourceDocument(path: "b.txt", text: "王伟中同志出席全国会议")) { _ in extraction } == .added)
    let rows = try store.writer.read { db in
        try Row.fetchAll(db, sql: """
            SELECT t.id, ifnull(t.objectLiteral, ''), (SELECT count(*) FROM evidence e WHERE e.tripleId = t.id) FROM triple t ORDER BY t.id
            """).map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as Int)" }
    }
    // Id 4 again: the probe above inserted and deleted its row by SQL, outside the writer,
    // whose counter (since v16) only counts the ids it gave.
    #expect(rows == ["1  1", "2  2", "3 会议 2", "4 大会 1"])
}

/// A v10 store whose bulk load was killed before its end no longer waits for
/// `alias_on_entityId`: the migration forgets it, and the next ingest builds the rest.
@Test func version11ForgetsAPendingAliasIndexByEntity() throws {
    let store = try Store(path: try version10Store(pendingBulkLoad: true))
    #expect(try store.appliedMigrations().last == "v16")
    let pending = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM deferred_index") }
    #expect(pending == ["triple_subject"])
    #expect(try store.completeBulkLoad())
    let indexes = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('triple', 'alias') ORDER BY name")
    }
    #expect(indexes == [
        "alias_alias", "alias_on_documentId", "sqlite_autoindex_alias_1",
        "triple_literal", "triple_object", "triple_predicate_object", "triple_subject", "triple_unique",
    ])
}

/// A store made before v7 gains search indexes that read names and aliases from their tables:
/// what was stored before is found, what is stored and removed after is found and then not, the
/// indexes pass FTS5's integrity check, and no copy of the names is kept.
@Test func version7SearchReadsNamesFromTheirTables() throws {
    let path = try temporaryFolder().appendingPathComponent("v6.sqlite").path
    do {
        let pool = try DatabasePool(path: path)
        try Store.migrator.migrate(pool, upTo: "v6")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO document (id, path, contentHash, ingestedAt) VALUES (1, 'a.txt', 'h', 'now');
                INSERT INTO source (key, documentId, path) VALUES ('a.txt', 1, 'a.txt');
                INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希同志'), (2, 'event', '全国会议');
                INSERT INTO alias (entityId, alias, documentId) VALUES (1, '李书记', 1);
                """)
        }
        try pool.close()
    }
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    #expect(try store.search("李希同").map(\.name) == ["李希同志"])
    #expect(try store.search("李书记").map(\.alias) == ["李书记"])
    let person = EntityRef(.person, "王伟中同志")
    let document = SourceDocument(path: "b.txt", text: "王伟中同志出席全国会议")
    let extraction = Extraction(
        aliases: [Alias(entity: person, alias: "王书记", rule: "test.alias")],
        facts: [Fact(
            Triple(person, .attended, .entity(EntityRef(.event, "全国会议"))),
            evidence: Evidence(sentence: Span(start: 0, end: 11), span: Span(start: 0, end: 5), rule: "test.rule", confidence: 0.5))])
    #expect(try store.ingest(document) { _ in extraction } == .added)
    #expect(try store.search("伟中同").map(\.name) == ["王伟中同志"])
    #expect(try store.search("王书记").map(\.alias) == ["王书记"])
    #expect(try store.remove(path: "b.txt"))
    #expect(try store.search("伟中同").isEmpty)
    #expect(try store.search("王书记").isEmpty)
    // The event went with its last fact; 李希同志 stays (its alias holds it).
    #expect(try store.search("全国会").isEmpty)
    #expect(try store.search("李希同").map(\.name) == ["李希同志"])
    try store.writer.write { db in
        try db.execute(sql: """
            INSERT INTO entity_search(entity_search, rank) VALUES ('integrity-check', 1);
            INSERT INTO alias_search(alias_search, rank) VALUES ('integrity-check', 1);
            """)
    }
    let copies = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name IN ('entity_search_content', 'alias_search_content', 'entity_search_docsize', 'alias_search_docsize')")
    }
    #expect(copies.isEmpty)
}

/// A v11 store with two documents: a.txt states two links to a meeting and a literal, b.txt one
/// of those links again and a link of its own; with `pendingBulkLoad`, `evidence_triple` is
/// left out and recorded in `deferred_index`, as a bulk load killed before its end leaves it.
private func version11Store(pendingBulkLoad: Bool) throws -> String {
    let path = try temporaryFolder().appendingPathComponent("v11.sqlite").path
    let pool = try DatabasePool(path: path)
    try Store.migrator.migrate(pool, upTo: "v11")
    try pool.write { db in
        try db.execute(sql: """
            INSERT INTO document (id, path, contentHash, ingestedAt, compressedText) VALUES (1, 'a.txt', 'h', 'now', ?), (2, 'b.txt', 'i', 'now', ?);
            INSERT INTO source (key, documentId, path) VALUES ('a.txt', 1, 'a.txt'), ('b.txt', 2, 'b.txt');
            INSERT INTO rule (id, name) VALUES (1, 'test.rule'), (2, 'other.rule');
            INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希'), (2, 'event', '全国会议'), (3, 'person', '王伟中'), (4, 'role', '书记');
            INSERT INTO triple (id, subjectId, predicate, objectId, objectLiteral) VALUES
                (1, 1, 'attended', 2, NULL), (2, 3, 'attended', 2, NULL), (3, 2, 'instance_of', NULL, '会议'), (4, 3, 'holds_role', 4, NULL);
            INSERT INTO triple_kind (predicate, subjectKind, objectKind) VALUES
                ('attended', 'person', 'event'), ('instance_of', 'event', ''), ('holds_role', 'person', 'role');
            INSERT INTO evidence (documentId, tripleId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths) VALUES
                (1, 1, 0, 2, 1, 0, 13, 900), (1, 2, 3, 6, 1, 0, 13, 900), (1, 2, 3, 6, 2, 0, 13, 700), (1, 3, 8, 12, 1, 0, 13, 500),
                (2, 2, 0, 3, 1, 0, 10, 800), (2, 4, 3, 5, 2, 0, 10, 600);
            INSERT INTO alias (id, entityId, alias, documentId, rule) VALUES
                (1, 3, '王书记', 2, 'alias.surname-title'), (2, 1, '李希同志', 1, NULL), (3, 3, '王伟中同志', 1, '');
            """, arguments: [Data(TextCompression.deflated("李希、王伟中出席全国会议。")), Data(TextCompression.deflated("王伟中书记出席会议。"))])
        if pendingBulkLoad { try deferIndexes(["evidence_triple", "triple_object"], in: db) }
    }
    try pool.close()
    return path
}

/// A v11 store gets evidence keyed by triple, with no index beside it, and a list of each
/// document's triples: every evidence row is kept, the evidence of a triple is read from the
/// table's key, a query scoped to one document finds its facts, `show` gives the same evidence,
/// and removing a document takes its evidence and the triples only it stated, and nothing else.
@Test func version12KeysEvidenceByTripleAndListsADocumentsTriples() throws {
    let path = try version11Store(pendingBulkLoad: false)
    let evidenceSQL = """
        SELECT tripleId || ' ' || documentId || ' ' || start || '-' || "end" || ' ' || ruleId || ' ' || sentenceStart || '-'
               || sentenceEnd || ' ' || confidenceThousandths FROM evidence ORDER BY documentId, tripleId, start, "end", ruleId
        """
    let before = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: evidenceSQL) }
    #expect(before.count == 6)
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    /// The evidence rows, the lists of triples, and the triples' ids.
    func contents() throws -> (evidence: [String], lists: [String], triples: [Int64]) {
        try store.writer.read { db in
            (try String.fetchAll(db, sql: evidenceSQL),
             try Row.fetchAll(db, sql: "SELECT documentId, tupu_triple_ids(tripleIds) FROM document_triple ORDER BY 1")
                .map { "\($0[0] as Int64) \($0[1] as String)" },
             try Int64.fetchAll(db, sql: "SELECT id FROM triple ORDER BY id"))
        }
    }
    let migrated = try contents()
    #expect(migrated.evidence == before)
    #expect(migrated.lists == ["1 [1,2,3]", "2 [2,4]"])
    let (indexes, plan) = try store.writer.read { db in
        (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'evidence'"),
         try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM evidence WHERE tripleId = 2").map { $0["detail"] as String })
    }
    #expect(indexes.isEmpty)
    #expect(plan.joined().contains("USING PRIMARY KEY (tripleId=?)"), "\(plan)")
    // Aliases name their rule by id; the search index still finds them by their rows' ids.
    let aliases = try store.writer.read { db in
        try Row.fetchAll(db, sql: "SELECT a.id, a.alias, ifnull(r.name, '-') FROM alias a LEFT JOIN rule r ON r.id = a.ruleId ORDER BY a.id")
            .map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as String)" }
    }
    #expect(aliases == ["1 王书记 alias.surname-title", "2 李希同志 -", "3 王伟中同志 -"])
    #expect(try store.search("王书记").map(\.alias) == ["王书记"])
    let inB = try store.run(try QueryParser.parse("?p ?r ?o IN \"b.txt\""))
    #expect(Set(inB.tripleIDs.flatMap { $0 }) == [2, 4])
    let facts = try store.facts(of: 3)
    #expect(facts.tripleIDs.sorted() == [2, 4])
    #expect(facts.evidence[2]?.map(\.document) == ["a.txt", "a.txt", "b.txt"])
    #expect(facts.evidence[2]?.map(\.rule) == ["other.rule", "test.rule", "test.rule"])
    #expect(facts.evidence[4]?.first?.sentence == "王伟中书记出席会议。")

    #expect(try store.remove(path: "a.txt"))
    let removed = try contents()
    #expect(removed.evidence == ["2 2 0-3 1 0-10 800", "4 2 3-5 2 0-10 600"])
    #expect(removed.lists == ["2 [2,4]"])
    #expect(removed.triples == [2, 4])
    // A new document is listed with its triples; removed, it leaves the store as it was.
    let evidence = Evidence(sentence: Span(start: 0, end: 9), span: Span(start: 0, end: 3), rule: "test.rule", confidence: 0.5)
    let extraction = Extraction(facts: [
        Fact(Triple(EntityRef(.person, "王伟中"), .attended, .entity(EntityRef(.event, "全国会议"))), evidence: evidence),
        Fact(Triple(EntityRef(.person, "王伟中"), .holdsRole, .entity(EntityRef(.role, "主任"))), evidence: evidence),
    ])
    #expect(try store.ingest(SourceDocument(path: "c.txt", text: "王伟中主任出席全国会议")) { _ in extraction } == .added)
    #expect(try contents().lists == ["2 [2,4]", "3 [2,5]"])
    #expect(try store.remove(path: "c.txt"))
    let again = try contents()
    #expect(again.evidence == removed.evidence)
    #expect(again.lists == removed.lists)
    #expect(again.triples == [2, 4])
}

/// A v11 store whose bulk load was killed before its end no longer waits for `evidence_triple`
/// (the migration forgets it); the rest is built by the next ingest or removal.
@Test func version12ForgetsAPendingEvidenceIndexByTriple() throws {
    let store = try Store(path: try version11Store(pendingBulkLoad: true))
    #expect(try store.appliedMigrations().last == "v16")
    let pending = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM deferred_index") }
    #expect(pending == ["triple_object"])
    #expect(try store.completeBulkLoad())
    let indexes = try store.writer.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('triple', 'evidence') ORDER BY name")
    }
    #expect(indexes == ["triple_literal", "triple_object", "triple_predicate_object", "triple_subject", "triple_unique"])
}

/// A v11 store that cannot be written is read as it is (not migrated): what one document
/// states is found through a temporary view in place of v12's lists.
@Test func aVersion11StoreThatCannotBeWrittenIsReadByDocumentAsItIs() throws {
    let path = try version11Store(pendingBulkLoad: false)
    #expect(chmod(path, 0o444) == 0)
    defer { chmod(path, 0o644) }
    let store = try Store(path: path, readOnly: true)
    #expect(try store.appliedMigrations().last == "v11")
    let inB = try store.run(try QueryParser.parse("?p ?r ?o IN \"b.txt\""))
    #expect(Set(inB.tripleIDs.flatMap { $0 }) == [2, 4])
    #expect(try store.facts(of: 3).evidence[2]?.map(\.document) == ["a.txt", "a.txt", "b.txt"])
}

/// What a bulk load interrupted before its end leaves: `indexes` recorded in `deferred_index`
/// and dropped, to be built when the store is next opened for writing.
private func deferIndexes(_ indexes: [String], in db: Database) throws {
    for index in indexes {
        try db.execute(sql: "INSERT INTO deferred_index (name, type, sql) SELECT name, type, sql FROM sqlite_master WHERE name = ?", arguments: [index])
        try db.execute(sql: "DROP INDEX \(index)")
    }
}

/// Every predicate has a code, the codes are 1, 2, … in the order of ``PredicateCode/names``
/// (append-only: these are the codes stores hold), and each code gives its predicate back.
@Test func everyPredicateHasItsOwnStableCode() {
    #expect(Set(PredicateCode.names) == Set(Predicate.allCases.map(\.rawValue)))
    #expect(PredicateCode.names.count == Set(PredicateCode.names).count)
    #expect(PredicateCode.code(.holdsRole) == 1)
    #expect(PredicateCode.code(.attended) == 2)
    #expect(PredicateCode.code(.publishedOn) == 16)
    for predicate in Predicate.allCases {
        #expect(PredicateCode.predicate(code: PredicateCode.code(predicate)) == predicate)
    }
    #expect(PredicateCode.predicate(code: 0) == nil)
    #expect(PredicateCode.predicate(code: Int64(PredicateCode.names.count) + 1) == nil)
}

/// A v12 store gets its predicates as codes: every triple keeps its id, ends and predicate
/// (read by name as before), the id counter goes on where it was, the indexes hold the codes
/// (one a killed bulk load left out is recorded with the new SQL and built later), queries
/// read them, and the next ingest stores codes.
@Test(arguments: [false, true])
func version13StoresEachTriplesPredicateAsItsCode(pendingBulkLoad: Bool) throws {
    let path = try version11Store(pendingBulkLoad: false)
    let tripleSQL = "SELECT id || ' ' || subjectId || ' ' || predicate || ' ' || ifnull(objectId, '-') || ' ' || ifnull(objectLiteral, '-') FROM triple ORDER BY id"
    let pool = try DatabasePool(path: path)
    try Store.migrator.migrate(pool, upTo: "v12")
    let before = try pool.write { db in
        // Triples 5 to 9 were stored and removed: their ids are not given again.
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = 9 WHERE name = 'triple'")
        if pendingBulkLoad { try deferIndexes(["triple_predicate_object"], in: db) }
        return try String.fetchAll(db, sql: tripleSQL)
    }
    try pool.close()
    #expect(before == ["1 1 attended 2 -", "2 3 attended 2 -", "3 2 instance_of - 会议", "4 3 holds_role 4 -"])
    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    let (after, codes, indexes, pending, check) = try store.writer.read { db in
        (try String.fetchAll(db, sql: tripleSQL),
         try Int64.fetchAll(db, sql: "SELECT predicateId FROM triple ORDER BY id"),
         try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'triple' AND sql LIKE '%predicate%'"),
         try String.fetchAll(db, sql: "SELECT sql FROM deferred_index"),
         try String.fetchAll(db, sql: "PRAGMA integrity_check"))
    }
    #expect(after == before)
    #expect(codes == [Predicate.attended, .attended, .instanceOf, .holdsRole].map(PredicateCode.code))
    #expect(check == ["ok"])
    #expect(!indexes.isEmpty && indexes.allSatisfy { $0.contains("predicateId") }, "\(indexes)")
    if pendingBulkLoad {
        #expect(pending == ["CREATE INDEX triple_predicate_object ON triple(predicateId, objectId)"])
        #expect(try store.completeBulkLoad())
    } else {
        #expect(pending.isEmpty)
    }
    let built = try store.writer.read { db in
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'triple_predicate_object'")
    }
    #expect(built == "CREATE INDEX triple_predicate_object ON triple(predicateId, objectId)")
    let attended = try store.run(try QueryParser.parse("?p attended 全国会议"))
    #expect(attended.rows == [["李希"], ["王伟中"]])
    #expect(try store.stats().triplesByPredicate[.holdsRole] == 1)

    let evidence = Evidence(sentence: Span(start: 0, end: 6), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5)
    let extraction = Extraction(facts: [Fact(Triple(EntityRef(.person, "李希"), .visited, .entity(EntityRef(.place, "深圳"))), evidence: evidence)])
    _ = try store.ingest(SourceDocument(path: "c.txt", text: "李希考察深圳。")) { _ in extraction }
    let stored = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT id || ' ' || predicateId || ' ' || predicate FROM triple WHERE predicate = 'visited'") }
    #expect(stored == "10 \(PredicateCode.code(.visited)) visited")
}

/// A v15 store gets ids given by the writer (v16): its four tables lose AUTOINCREMENT and keep
/// every row, id, index and trigger (one a killed bulk load left out stays recorded and is built
/// at its end); the counters move from `sqlite_sequence` to `id_counter`, so the next ids follow
/// the last ever given (rows 5 to 9 of each table were stored and removed), not the largest left.
@Test(arguments: [false, true])
func version16GivesIdsFromTheCountersAutoincrementKept(pendingBulkLoad: Bool) throws {
    let path = try version11Store(pendingBulkLoad: false)
    let tables = ["document", "entity", "alias", "triple"]
    let pool = try DatabasePool(path: path)
    try Store.migrator.migrate(pool, upTo: "v15")
    /// Each table's rows, and the SQL of every index and trigger.
    func contents(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id")
            lines += rows.map { "\(table) \($0)" }
        }
        lines += try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name")
        return lines
    }
    let before = try pool.write { db in
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = 9 WHERE name IN ('document', 'entity', 'alias', 'triple')")
        if pendingBulkLoad { try deferIndexes(["entity_name", "alias_alias"], in: db) }
        return try contents(db)
    }
    try pool.close()
    #expect(before.filter { $0.hasPrefix("triple ") }.count == 4)

    let store = try Store(path: path)
    #expect(try store.appliedMigrations().last == "v16")
    let (after, definitions, counters, pending, check) = try store.writer.read { db in
        (try contents(db),
         try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('document', 'entity', 'alias', 'triple')"),
         try String.fetchAll(db, sql: "SELECT name || ' ' || last FROM id_counter ORDER BY name"),
         try String.fetchAll(db, sql: "SELECT name FROM deferred_index ORDER BY name"),
         try String.fetchAll(db, sql: "PRAGMA integrity_check"))
    }
    #expect(after == before)
    #expect(definitions.count == 4 && definitions.allSatisfy { !$0.uppercased().contains("AUTOINCREMENT") }, "\(definitions)")
    #expect(counters == ["alias 9", "document 9", "entity 9", "triple 9"])
    #expect(check == ["ok"])
    #expect(pending == (pendingBulkLoad ? ["alias_alias", "entity_name"] : []))
    if pendingBulkLoad { #expect(try store.completeBulkLoad()) }

    let evidence = Evidence(sentence: Span(start: 0, end: 9), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5)
    let extraction = Extraction(
        aliases: [Alias(entity: EntityRef(.person, "张三"), alias: "张书记", rule: "test.rule")],
        facts: [Fact(Triple(EntityRef(.person, "张三"), .visited, .entity(EntityRef(.place, "深圳"))), evidence: evidence)])
    _ = try store.ingest(SourceDocument(path: "c.txt", text: "张三考察深圳。张书记说。")) { _ in extraction }
    let ids = try store.writer.read { db in
        [try Int64.fetchOne(db, sql: "SELECT id FROM document WHERE path = 'c.txt'"),
         try Int64.fetchOne(db, sql: "SELECT id FROM entity WHERE name = '张三'"),
         try Int64.fetchOne(db, sql: "SELECT id FROM entity WHERE name = '深圳'"),
         try Int64.fetchOne(db, sql: "SELECT id FROM alias WHERE alias = '张书记'"),
         try Int64.fetchOne(db, sql: "SELECT id FROM triple WHERE predicate = 'visited'")]
    }
    #expect(ids == [10, 10, 11, 10, 10])
    #expect(try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name || ' ' || last FROM id_counter ORDER BY name") }
        == ["alias 10", "document 10", "entity 11", "triple 10"])
}

/// Ids are never given twice: the document with the largest ids is removed (with its entities,
/// triples and alias, the largest of their tables), and the next document's rows get new ids, as
/// AUTOINCREMENT gave them. An alias stated twice by one document is one row and uses one id.
@Test func idsOfRemovedRowsAreNotGivenAgain() throws {
    let store = try Store(path: temporaryFolder().appendingPathComponent("ids.sqlite").path)
    let evidence = Evidence(sentence: Span(start: 0, end: 7), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5)
    func extraction(_ person: String, _ place: String) -> Extraction {
        Extraction(
            aliases: [Alias(entity: EntityRef(.person, person), alias: person + "同志", rule: "test.rule"),
                      Alias(entity: EntityRef(.person, person), alias: person + "同志", rule: "test.rule")],
            facts: [Fact(Triple(EntityRef(.person, person), .visited, .entity(EntityRef(.place, place))), evidence: evidence)])
    }
    /// The largest id of each table.
    func largest() throws -> [Int64] {
        try store.writer.read { db in
            try ["document", "entity", "alias", "triple"].map { try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM \($0)") ?? 0 }
        }
    }
    _ = try store.ingest(SourceDocument(path: "a.txt", text: "李希考察广州。")) { _ in extraction("李希", "广州") }
    let first = try largest()
    #expect(first == [1, 2, 1, 1])
    _ = try store.ingest(SourceDocument(path: "b.txt", text: "王五考察佛山。")) { _ in extraction("王五", "佛山") }
    #expect(try largest() == [2, 4, 2, 2])
    #expect(try store.remove(path: "b.txt"))
    #expect(try largest() == first)
    _ = try store.ingest(SourceDocument(path: "c.txt", text: "赵六考察珠海。")) { _ in extraction("赵六", "珠海") }
    #expect(try largest() == [3, 6, 3, 3])
}
