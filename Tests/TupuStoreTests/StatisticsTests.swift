import Foundation
import GRDB
import Testing
import TupuModel
import TupuQuery

@testable import TupuStore

/// Since v15 the triples are keyed by their newer end (`triple_unique`) and the planner reads
/// measured statistics (Store+Statistics.swift).
@Suite struct StatisticsTests {
    static let places = ["广州", "深圳", "珠海"]
    static let roles = ["省长", "副省长", "秘书长", "厅长", "主任"]

    /// The facts of meeting `n`: it is held in one of three places, four of forty officials
    /// attend it, and each of them holds one of five roles (the shape of the genre: few
    /// predicates and places, many subjects with a few triples each).
    static func document(_ n: Int, prefix: String = "") -> ExtractedDocument {
        let meeting = EntityRef(.event, "\(prefix)第\(n)次工作会议")
        let evidence = Evidence(sentence: Span(start: 0, end: 10), span: Span(start: 0, end: 4), rule: "test.rule", confidence: 0.9)
        var facts = [Fact(Triple(meeting, .heldIn, .entity(EntityRef(.place, places[n % places.count]))), evidence: evidence)]
        for k in 0..<4 {
            let official = EntityRef(.person, "官员\((n * 7 + k * 11) % 40)")
            facts.append(Fact(Triple(official, .attended, .entity(meeting)), evidence: evidence))
            facts.append(Fact(Triple(official, .holdsRole, .entity(EntityRef(.role, roles[(n + k) % roles.count]))), evidence: evidence))
        }
        return ExtractedDocument(
            document: SourceDocument(path: "\(prefix)\(n).txt", text: "\(prefix)第\(n)次工作会议在广州召开"),
            extraction: Extraction(facts: facts))
    }

    static func tripleCount(_ store: Store) throws -> Int64 {
        try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM triple") ?? -1 }
    }

    static func measured(_ store: Store) throws -> Int64? {
        try store.writer.read { db in try Store.measuredTriples(db) }
    }

    /// The first step of SQLite's plan for `query`.
    static func firstStep(_ store: Store, _ query: String) throws -> String {
        try store.explain(try QueryParser.parse(query)).plan.first ?? ""
    }

    /// A bulk load measures the tables at its end, and the planner then starts a path and a
    /// pattern from the bound subject, by subject and predicate, not from every triple of the
    /// predicate. Without the statistics it did not: the same store, its statistics deleted,
    /// starts from the predicate (this is what the statistics are for).
    @Test func aBulkLoadMeasuresTheTablesAndPathsStartFromTheBoundSubject() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("s.sqlite").path)
        // A new store is not measured: its statistics would call every table empty.
        #expect(try Self.measured(store) == nil)
        #expect(try store.beginBulkLoadIfEmpty())
        _ = try store.store((0..<300).map { Self.document($0) })
        #expect(try store.completeBulkLoad())
        #expect(try Self.measured(store) == Self.tripleCount(store))
        // FTS5's tables are left unmeasured (their statements are planned for no statistics).
        let measuredTables = try store.writer.read { db in try Set(String.fetchAll(db, sql: "SELECT tbl FROM sqlite_stat1")) }
        #expect(measuredTables.isSubset(of: Store.measuredTables) && measuredTables.contains("triple"), "\(measuredTables)")

        let path = "官员3 attended/held_in ?place"
        let optional = "?p attended \"第7次工作会议\" OPTIONAL { ?p holds_role ?r }"
        #expect(try Self.firstStep(store, path).contains("triple_subject (subjectId=? AND predicateId=?)"))
        let optionalPlan = try store.explain(try QueryParser.parse(optional)).plan
        #expect(!optionalPlan.joined().contains("triple_predicate_object (predicateId=?)"), "\(optionalPlan)")
        let places = Set(try store.run(try QueryParser.parse(path)).rows.compactMap { $0.first ?? nil })
        #expect(places == Set(Self.places))

        try store.writer.write { db in try db.execute(sql: "DROP TABLE sqlite_stat1") }
        let unmeasured = try Store(path: store.path).explain(try QueryParser.parse(path)).plan
        #expect(unmeasured.first?.contains("triple_predicate_object (predicateId=?)") == true, "\(unmeasured)")
    }

    /// After a bulk load, an ingest measures again only once the triples have more than doubled
    /// since the last measure.
    @Test func anIngestMeasuresAgainOnlyWhenTheTriplesHaveDoubled() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("s.sqlite").path)
        #expect(try store.beginBulkLoadIfEmpty())
        _ = try store.store((0..<20).map { Self.document($0) })
        #expect(try store.completeBulkLoad())
        let first = try #require(try Self.measured(store))
        #expect(first == (try Self.tripleCount(store)))

        _ = try store.store((20..<30).map { Self.document($0, prefix: "乙") })
        #expect(try !store.completeBulkLoad())
        #expect(try Self.measured(store) == first)

        _ = try store.store((30..<80).map { Self.document($0, prefix: "丙") })
        #expect(try !store.completeBulkLoad())
        let second = try #require(try Self.measured(store))
        #expect(second == (try Self.tripleCount(store)))
        #expect(second > 2 * first)
    }

    /// The writer finds a triple by the whole key of `triple_unique`, the larger end's id first;
    /// the key still refuses a second copy of a link or a literal.
    @Test func theWriterFindsTriplesByTheirNewerEnd() throws {
        let store = try Store(path: try temporaryFolder().appendingPathComponent("s.sqlite").path)
        _ = try store.store([Self.document(1)])
        try store.writer.write { db in
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + BatchWriter.findTripleSQL(), arguments: [1, 2, 3, nil])
                .map { $0["detail"] as String }
            #expect(plan.joined().contains("USING INDEX triple_unique (<expr>=? AND subjectId=? AND predicateId=?"), "\(plan)")
            let (subject, predicate, object) = try #require(try Row.fetchOne(db, sql: "SELECT subjectId, predicateId, objectId FROM triple WHERE objectId IS NOT NULL LIMIT 1")
                .map { ($0[0] as Int64, $0[1] as Int64, $0[2] as Int64) })
            #expect(try Int64.fetchOne(db, sql: BatchWriter.findTripleSQL(), arguments: [subject, predicate, object, nil]) != nil)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectId) VALUES (?, ?, ?)", arguments: [subject, predicate, object])
            }
            try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectLiteral) VALUES (?, ?, '会议')", arguments: [subject, predicate])
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectLiteral) VALUES (?, ?, '会议')", arguments: [subject, predicate])
            }
        }
    }
}
