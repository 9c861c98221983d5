import Foundation
import GRDB
import Testing
import TupuExtract
import TupuModel
import TupuQuery

@testable import TupuIngest
@testable import TupuStore

/// Events are happenings: the same meeting twice is two events, one meeting reported twice is one.
@Suite struct EventIdentityTests {
    /// Three reports (texts written for this test): the standing committee meets in 广州 on 5月12日
    /// (reported by a and c) and in 江门 on 6月9日 (b).
    static let reports = [
        ("a.txt", "省委常委会会议召开\n\n发布时间:2023-05-13\n\n5月12日，省委常委会会议在广州召开。省委书记李明出席会议并讲话。\n"),
        ("b.txt", "省委常委会会议召开\n\n发布时间:2023-06-10\n\n6月9日，省委常委会会议在江门召开。省委书记李明出席会议并讲话。\n"),
        ("c.txt", "省委常委会会议研究部署下半年工作\n\n发布时间:2023-05-14\n\n5月12日，省委常委会会议在广州召开。省长王强主持会议。\n"),
    ]
    static let series = "省委常委会会议"

    static func ingested() throws -> Store {
        let folder = try temporaryFolder()
        let paths = try reports.map { name, text in
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let store = try Store.inMemory()
        let extractor = Extractor(rules: try RuleSet.load())
        _ = try store.ingest(files: paths, extract: { extractor.extract($0) })
        return store
    }

    @Test func twoSameNamedMeetingsAreTwoEventsEachWithItsPlaceAndDate() throws {
        let store = try Self.ingested()
        let guangzhou = "\(Self.series)（2023-05-12）", jiangmen = "\(Self.series)（2023-06-09）"
        #expect(try store.triples(subject: guangzhou, predicate: .heldIn).map(\.object.name) == ["广州"])
        #expect(try store.triples(subject: guangzhou, predicate: .heldOn).map(\.object.name) == ["2023-05-12"])
        #expect(try store.triples(subject: jiangmen, predicate: .heldIn).map(\.object.name) == ["江门"])
        #expect(try store.triples(subject: jiangmen, predicate: .heldOn).map(\.object.name) == ["2023-06-09"])
        // The series name reaches every instance (an alias of each, and instance_of).
        #expect(try Set(store.triples(subject: Self.series, predicate: .heldOn).map(\.object.name)) == ["2023-05-12", "2023-06-09"])
        #expect(try Set(store.triples(predicate: .instanceOf, object: Self.series).map(\.subject.name)) == [guangzhou, jiangmen])
        // No event has two dates or two places.
        let spread = try store.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT subjectId FROM triple WHERE predicate IN ('held_on', 'held_in')
                GROUP BY subjectId, predicate HAVING count(*) > 1)
                """)
        }
        #expect(spread == 0)
    }

    @Test func oneMeetingReportedByTwoArticlesIsOneEventWithEvidenceFromBoth() throws {
        let store = try Self.ingested()
        let meeting = "\(Self.series)（2023-05-12）"
        let event = try #require(try store.match(meeting).entityIDs.first)
        #expect(try store.match(meeting).entityIDs.count == 1)
        let evidence = try store.evidence(forTriples: try store.tripleIDs(touching: event)).values.joined()
        #expect(Set(evidence.map { URL(fileURLWithPath: $0.document).lastPathComponent }) == ["a.txt", "c.txt"])
        #expect(try Set(store.triples(object: meeting).map(\.subject.name)) == ["李明", "王强"])
        // Each article is a document entity with its date, and reports the meeting.
        let reporters = try store.triples(subject: meeting, predicate: .reportedBy).map(\.object.name).sorted()
        #expect(reporters.count == 2 && reporters.allSatisfy { $0.contains("（文档 ") })
        #expect(try store.triples(predicate: .publishedOn).map(\.object.name).sorted() == ["2023-05-13", "2023-05-14", "2023-06-10"])
    }

    /// The series name in a query reaches every meeting, as the literal of instance_of and as
    /// the alias of each meeting.
    @Test func aSeriesNameInAQueryReachesEveryMeeting() throws {
        let store = try Self.ingested()
        let dated = try store.run(try QueryParser.parse("?e instance_of \(Self.series) . ?e held_on ?d"))
        #expect(Set(dated.rows.compactMap { $0.last ?? nil }) == ["2023-05-12", "2023-06-09"])
        let attended = try store.run(try QueryParser.parse("?p attended \(Self.series)"))
        #expect(attended.rows.count == 2, "李明 attended both meetings: \(attended.rows)")
    }

    @Test func namesAndQualifiers() {
        #expect(EventInstance.namesItself("党的二十大"))
        #expect(EventInstance.namesItself("省第十三次党代会"))
        #expect(EventInstance.namesItself("十九届六中全会"))
        #expect(EventInstance.namesItself("第三十届澳门国际贸易投资展览会"))
        #expect(!EventInstance.namesItself("省委常委会会议"))
        #expect(!EventInstance.namesItself("2025年全省民政培训工作会议"))
        #expect(!EventInstance.namesItself("第一季度经济形势分析会"))
        let dated = EventInstance(name: "省委常委会会议（2023-05-12）")
        #expect(dated?.series == "省委常委会会议" && dated?.date == "2023-05-12")
        let undated = EventInstance(name: "植树活动（文档 3f2a9c1b）")
        #expect(undated?.series == "植树活动" && undated?.date == nil)
        #expect(EventInstance(name: "展览（深圳站）") == nil)
    }

    @Test func anUndatedEventIsItsDocumentsAlone() {
        let attended = Fact(
            Triple(EntityRef(.person, "李明"), .attended, EntityRef(.event, "座谈会")),
            evidence: Evidence(sentence: Span(start: 0, end: 8), span: Span(start: 0, end: 7), rule: "test", confidence: 1))
        let extraction = Extraction(facts: [attended])
        let one = extraction.identified(contentHash: "3f2a9c1b00000000").facts.map(\.triple)
        let other = extraction.identified(contentHash: "0000aaaa00000000").facts.map(\.triple)
        #expect(one.contains(Triple(EntityRef(.person, "李明"), .attended, EntityRef(.event, "座谈会（文档 3f2a9c1b）"))))
        #expect(other.contains(Triple(EntityRef(.person, "李明"), .attended, EntityRef(.event, "座谈会（文档 0000aaaa）"))))
        #expect(one.contains(Triple(EntityRef(.event, "座谈会（文档 3f2a9c1b）"), .instanceOf, .literal("座谈会"))))
    }

    /// A v4 store named both meetings 省委常委会会议, one node with two dates and two places;
    /// v5 splits it by the dates each document states.
    @Test func version5MigrationSplitsAnEventByItsDates() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("v4.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try Store.migrator.migrate(pool, upTo: "v4")
            try pool.write { db in
                for (id, text) in [(1, Self.reports[0].1), (2, Self.reports[1].1)] {
                    try db.execute(
                        sql: "INSERT INTO document (id, path, contentHash, title, published, ingestedAt, compressedText) VALUES (?, ?, ?, ?, ?, 'now', ?)",
                        arguments: [id, "d\(id).txt", "\(id)\(id)\(id)\(id)aaaa", "省委常委会会议召开", id == 1 ? "2023-05-13" : "2023-06-10",
                                    Data(TextCompression.compress(text))])
                    try db.execute(sql: "INSERT INTO source (key, documentId, path) VALUES (?, ?, ?)", arguments: ["d\(id).txt", id, "d\(id).txt"])
                }
                try db.execute(sql: """
                    INSERT INTO rule (id, name) VALUES (1, 'event.held-in-place'), (2, 'event.held-on-date');
                    INSERT INTO entity (id, kind, name) VALUES (1, 'event', '省委常委会会议'), (2, 'place', '广州'), (3, 'place', '江门'),
                        (4, 'date', '2023-05-12'), (5, 'date', '2023-06-09');
                    INSERT INTO triple (id, subjectId, predicate, objectId) VALUES (1, 1, 'held_in', 2), (2, 1, 'held_in', 3),
                        (3, 1, 'held_on', 4), (4, 1, 'held_on', 5);
                    INSERT INTO evidence (tripleId, documentId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths)
                        VALUES (1, 1, 34, 46, 1, 28, 46, 900), (3, 1, 28, 41, 2, 28, 46, 850),
                               (2, 2, 33, 45, 1, 28, 45, 900), (4, 2, 28, 40, 2, 28, 45, 850);
                    INSERT INTO entity_document (entityId, documentId) VALUES (1, 1), (1, 2);
                    """)
                for document in [1, 2] {
                    let list = MentionList([MentionList.Item(start: 34, end: 41, entityId: 1, ruleId: 1)])
                    try db.execute(sql: "INSERT INTO mention (documentId, count, spans) VALUES (?, 1, ?)", arguments: [document, Data(list.encoded)])
                }
            }
            try pool.close()
        }
        let store = try Store(path: path)
        #expect(try store.appliedMigrations().last == "v16")
        #expect(try store.triples(subject: "\(Self.series)（2023-05-12）", predicate: .heldIn).map(\.object.name) == ["广州"])
        #expect(try store.triples(subject: "\(Self.series)（2023-06-09）", predicate: .heldIn).map(\.object.name) == ["江门"])
        // The old node is gone, its name is the series of both.
        #expect(try store.match(Self.series).entityIDs.count == 2)
        #expect(try store.triples(predicate: .publishedOn).count == 2)
        let violations = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(violations.isEmpty)
    }
}
