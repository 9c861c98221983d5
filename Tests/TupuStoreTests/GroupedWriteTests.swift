import Foundation
import Testing
import TupuModel

@testable import TupuStore

/// The writer of a multi-document ingest (`Store.store(batches:…)`) puts the batches that come
/// within its grouping in one transaction, and commits what it holds as soon as it would have to
/// wait longer, or holds enough.
@Suite struct GroupedWriteTests {
    /// A document stating that `person` attended a meeting named after the document.
    static func item(_ name: String, person: String = "张三") -> Store.BatchItem {
        let fact = Fact(
            Triple(EntityRef(.person, person), .attended, .entity(EntityRef(.event, name + "会议"))),
            evidence: Evidence(sentence: Span(start: 0, end: 4), span: Span(start: 0, end: 2), rule: "test.rule", confidence: 0.5))
        let document = SourceDocument(path: name + ".txt", text: name + "出席会议")
        return Store.BatchItem(document: document, extracted: ExtractedDocument(document: document, extraction: Extraction(facts: [fact])))
    }

    /// What one run of the writer did: the batches of each commit (their sizes), the waits it
    /// asked for, and how many documents another connection saw each time a batch was asked for.
    struct Run {
        var commits: [[Int]] = []
        var waits: [Double?] = []
        var visible: [Int] = []
    }

    /// Runs the writer over `script` (a batch, `nil` for "not ready"), then finished.
    static func run(_ script: [[Store.BatchItem]?], grouping: Store.Grouping) throws -> (Run, Store) {
        let path = try temporaryFolder().appendingPathComponent("db.sqlite").path
        let store = try Store(path: path)
        let other = try Store(path: path)
        var run = Run()
        var remaining = script[...]
        try store.store(
            batches: { seconds in
                run.waits.append(seconds)
                run.visible.append((try? other.stats().documents) ?? -1)
                guard let next = remaining.popFirst() else { return .finished }
                return next.map { .batch($0) } ?? .notReady
            },
            cache: IdCache(), replacing: true, grouping: grouping, extract: { _ in Extraction() }
        ) { outcomes, _, _ in
            run.commits.append(outcomes.map(\.count))
            #expect(outcomes.allSatisfy { $0.allSatisfy { $0 == .added } })
        }
        return (run, store)
    }

    @Test func batchesThatComeInTimeShareOneTransaction() throws {
        let (run, store) = try Self.run([[Self.item("一"), Self.item("二")], [Self.item("三")]], grouping: Store.Grouping(documents: 100, seconds: 60))
        #expect(run.commits == [[2, 1]])
        // The second batch was asked for with a wait under the grouping's time, while the first was
        // not yet visible to another connection; the end was asked for after the commit.
        #expect(run.waits.count == 4)
        #expect(run.waits[0] == nil)
        #expect(run.waits[1].map { $0 > 0 && $0 <= 60 } == true)
        #expect(run.visible == [0, 0, 0, 3])
        #expect(try store.stats().documents == 3)
        #expect(try store.stats().triples == 3)
    }

    @Test func withoutGroupingEachBatchIsCommittedBeforeTheNextIsAskedFor() throws {
        let (run, _) = try Self.run([[Self.item("一")], [Self.item("二")]], grouping: .none)
        #expect(run.commits == [[1], [1]])
        #expect(run.waits == [nil, nil, nil])
        #expect(run.visible == [0, 1, 2])
    }

    @Test func aBatchThatIsNotReadyInTimeEndsTheTransaction() throws {
        let (run, _) = try Self.run([[Self.item("一")], nil, [Self.item("二")]], grouping: Store.Grouping(documents: 100, seconds: 60))
        // The writer committed the first batch when the second did not come, then waited for it.
        #expect(run.commits == [[1], [1]])
        #expect(run.visible == [0, 0, 1, 1, 2])
        #expect(run.waits[2] == nil)
    }

    @Test func aTransactionEndsWhenItHoldsEnoughDocuments() throws {
        let batches = (0..<5).map { [Self.item("第\($0)")] }
        let (run, store) = try Self.run(batches, grouping: Store.Grouping(documents: 2, seconds: 60))
        #expect(run.commits == [[1, 1], [1, 1], [1]])
        #expect(try store.stats().documents == 5)
        // The person's id was kept from one transaction to the next: one entity, five triples.
        #expect(try store.match("张三").entityIDs.count == 1)
        #expect(try store.stats().triples == 5)
    }
}
