import Foundation
import Testing
import TupuBench
import TupuEval
import TupuExtract

@Suite struct GeneratorTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = CorpusGenerator(seed: 42, articles: 20).articles()
        let b = CorpusGenerator(seed: 42, articles: 20).articles()
        #expect(a.count == 20)
        #expect(a.map { Array($0.text.utf8) } == b.map { Array($0.text.utf8) })
        #expect(a.map { Array($0.goldTSV.utf8) } == b.map { Array($0.goldTSV.utf8) })
        let c = CorpusGenerator(seed: 43, articles: 20).articles()
        #expect(a.map(\.text) != c.map(\.text))

        // The files written are the same bytes too.
        let folders = (0..<2).map { FileManager.default.temporaryDirectory.appendingPathComponent("tupu-bench-det-\(UUID().uuidString)-\($0)") }
        defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
        for folder in folders { try CorpusGenerator(seed: 42, articles: 20).write(to: folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: folders[0].path).sorted()
        #expect(names.count == 40)
        for name in names {
            let first = try Data(contentsOf: folders[0].appendingPathComponent(name))
            let second = try Data(contentsOf: folders[1].appendingPathComponent(name))
            #expect(first == second, "\(name) differs between two runs with the same seed")
        }
    }

    @Test func articlesCoverTheGenre() {
        let articles = CorpusGenerator(seed: 7, articles: 200).articles()
        let traditional = articles.filter(\.traditional).count
        #expect((8...40).contains(traditional), "about 10% traditional, found \(traditional)")
        let text = articles.map(\.text).joined()
        for cue in ["省领导", "出席", "主持", "讲话", "汇报", "实地考察", "有限公司", "研究院", "会见", "发布时间:"] {
            #expect(text.contains(cue), "no article uses \(cue)")
        }
        // Officials recur: some names appear in several articles.
        let holders = articles.flatMap { $0.facts.filter { $0.contains("\tholds_role\t") }.map { String($0.split(separator: "\t")[0]) } }
        #expect(Set(holders).count < holders.count)
    }

    @Test func extractorRecoversThePlantedFacts() throws {
        let extractor = Extractor(rules: try RuleSet.load())
        var total = Evaluation()
        for article in CorpusGenerator(seed: 2024, articles: 200).articles() {
            let gold = try Gold.parse(article.goldTSV, file: article.name + ".gold.tsv")
            total.merge(Evaluation.score(extractor.extract(article.text), against: gold, document: article.name))
        }
        let recall = total.overall.recall
        #expect(total.overall.truePositives > 2000)
        #expect(recall >= 0.99, "recall \(recall); missed: \(total.misses.prefix(20).map { "\($0.document) \($0.subject) \($0.predicate) \($0.object)" })")
    }
}
