import Foundation
import Testing
import TupuExport
import TupuExtract
import TupuModel
import TupuIngest
import TupuStore

typealias Predicate = TupuModel.Predicate

/// The seed article through extraction and the store, checked against what the text says.
@Suite struct SeedEndToEndTests {
    static let seedPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds/000_74a9a881fb5bd59e.txt").path
    static let meeting = "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会"
    static let participants: Set<String> = [
        "李希", "王伟中", "孟凡利", "张虎", "林克庆", "宋福龙", "陈建文", "王曦", "袁古洁", "张晓强",
        "王瑞军", "张新", "孙志洋", "王志忠", "龚稼立", "林贻影", "覃伟中",
    ]

    let store: Store
    let document: SourceDocument

    init() throws {
        store = try Store.inMemory()
        document = try SourceDocument.read(path: Self.seedPath)
        let extractor = Extractor(rules: try RuleSet.load())
        #expect(try store.ingest(document) { extractor.extract($0) } == .added)
    }

    func objects(_ subject: String, _ predicate: Predicate) throws -> Set<String> {
        Set(try store.triples(subject: subject, predicate: predicate).map(\.object.name))
    }

    @Test func participantsAreExactlyTheSeventeenNamed() throws {
        var linked = Set<String>()
        for predicate in Predicate.participation {
            linked.formUnion(try store.triples(predicate: predicate, object: Self.meeting).map(\.subject.name))
        }
        #expect(linked == Self.participants)
        #expect(!linked.contains("习近平"))
        let attended = Set(try store.triples(predicate: .attended, object: Self.meeting).map(\.subject.name))
        #expect(attended.count >= 16)
        #expect(attended == Self.participants.subtracting(["张虎"]))
        #expect(try objects("王伟中", .presided) == [Self.meeting])
        #expect(try objects("李希", .spokeAt) == [Self.meeting])
        #expect(Set(try store.triples(predicate: .reportedAt).map(\.subject.name)) == ["孟凡利", "张虎"])
    }

    @Test func rolesAreKeptAsWrittenAndSplitOnEnumerationComma() throws {
        #expect(try objects("王伟中", .holdsRole) == ["省委副书记", "省长"])
        #expect(try objects("孟凡利", .holdsRole) == ["省委副书记", "深圳市委书记"])
        #expect(try objects("李希", .holdsRole) == ["省委书记"])
        #expect(try objects("张虎", .holdsRole) == ["省委常委", "常务副省长"])
        #expect(try objects("覃伟中", .holdsRole) == ["深圳市市长"])
    }

    @Test func bothLeadersVisitedTheFourSites() throws {
        let sites: Set<String> = ["前海石公园", "前海嘉里中心", "深圳思谋信息科技有限公司", "深圳国际仲裁院"]
        #expect(try objects("李希", .visited) == sites)
        #expect(try objects("王伟中", .visited) == sites)
        #expect(try store.triples(predicate: .visited).count == 8)
    }

    @Test func meetingIsHeldInShenzhenOnTheDayBeforePublication() throws {
        #expect(try objects(Self.meeting, .heldIn) == ["深圳"])
        #expect(try objects(Self.meeting, .heldOn) == ["2022-09-27"])
        let stored = try store.documents()
        #expect(stored.map(\.published) == ["2022-09-28"])
        #expect(stored.first?.title?.hasPrefix("全省深入推进") == true)
    }

    @Test func everyEvidenceSpanIsTheCodePointSliceOfTheText() throws {
        let scalars = Array(document.text.unicodeScalars)
        let snapshot = try store.snapshot()
        var checked = 0
        for edge in snapshot.edges {
            #expect(!edge.evidence.isEmpty, "a triple without evidence: \(edge)")
            for evidence in edge.evidence {
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[evidence.start..<evidence.end])
                #expect(String(slice) == evidence.surface)
                #expect(evidence.sentence.contains(evidence.surface))
                #expect(evidence.document == Self.seedPath)
                checked += 1
            }
        }
        #expect(checked >= snapshot.edges.count)
        // The JSON Lines export carries the same surfaces.
        let lines = try JSONLExporter().lines(for: snapshot)
        let surfaces = lines.compactMap { line -> [String]? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let evidence = object["evidence"] as? [[String: Any]]
            else { return nil }
            return evidence.compactMap { $0["surface"] as? String }
        }.flatMap { $0 }
        #expect(surfaces.count == checked)
    }

    @Test func secondIngestOfTheSameFileChangesNothing() throws {
        let before = try store.stats()
        let extractor = Extractor(rules: try RuleSet.load())
        #expect(try store.ingest(document) { extractor.extract($0) } == .unchanged)
        #expect(try store.stats() == before)
        #expect(before.documents == 1)
        #expect(before.triples > 40)
    }
}
