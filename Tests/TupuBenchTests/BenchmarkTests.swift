import Foundation
import Testing
import TupuBench

@Suite struct BenchmarkTests {
    /// A kept folder's corpus is written once: a second run of the same size and seed reads it
    /// as it is (no generate stage), one of another seed writes it again.
    @Test func aKeptCorpusIsNotWrittenAgain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-bench-keep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(seed: UInt64) throws -> BenchmarkReport {
            var benchmark = Benchmark(articles: 12, seed: seed, queryRepetitions: 1, renderNodes: 10, folder: folder)
            benchmark.extractionOnly = true
            return try benchmark.run()
        }
        let first = try run(seed: 5)
        #expect(first.stages.contains("generate"))
        let article = folder.appendingPathComponent("corpus/a0000003.txt")
        let written = try Data(contentsOf: article)
        let second = try run(seed: 5)
        #expect(!second.stages.contains("generate"))
        #expect(second.corpusBytes == first.corpusBytes)
        #expect(second.stages.contains("extract, 1 thread"))
        let third = try run(seed: 6)
        #expect(third.stages.contains("generate"))
        #expect(try Data(contentsOf: article) != written)
    }

    /// `run --queries-only STORE --queries views` measures the views alone on a kept store, as
    /// the whole run measures them.
    @Test func theViewsAloneOnAKeptStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-bench-views-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var run = Benchmark(articles: 40, seed: 4, queryRepetitions: 1, renderNodes: 10, folder: folder)
        run.fileSizes = [1 << 10]
        let whole = try run.run()
        var alone = Benchmark(articles: 40, seed: 4, queryRepetitions: 1, renderNodes: 10)
        alone.queryFilter = "views"
        let views = try alone.runQueries(storePath: folder.appendingPathComponent("bench.sqlite").path)
        #expect(views.stages == ["views"])
        #expect(views.stage("views").map(\.metric) == whole.stage("views").map(\.metric))
        #expect(views.stage("views").allSatisfy { $0.value > 0 })
    }

    @Test func smallRunReportsEveryStage() throws {
        var benchmark = Benchmark(articles: 30, seed: 3, queryRepetitions: 5, renderNodes: 60)
        benchmark.fileSizes = [1 << 10, 8 << 10]
        let report = try benchmark.run()
        let stages = report.stages
        for prefix in ["generate", "extract, 1 thread", "extract, ", "ingest", "snapshot", "query", "render"] {
            #expect(stages.contains { $0.hasPrefix(prefix) }, "no stage \(prefix) in \(stages)")
        }
        #expect(stages.filter { $0.hasPrefix("extract, ") }.count == 2)
        #expect(stages.filter { $0.hasPrefix("extract one file, ") } == [
            "extract one file, one sentence, 1 KB", "extract one file, one sentence, 8 KB",
            "extract one file, articles, 1 KB", "extract one file, articles, 8 KB",
        ])
        for measurement in report.measurements {
            #expect(measurement.value > 0, "\(measurement.stage) / \(measurement.metric) is \(measurement.value)")
        }
        // Ten queries and one per construct of the language (12), p50, p99 and p50 of CPU time
        // each, and the peak.
        #expect(report.stage("query").count == 67)
        for construct in ["OPTIONAL", "UNION", "MINUS", "FILTER NOT EXISTS", "regex()", "COUNT GROUP BY HAVING", "path met_with+", "evidence scope IN ?doc"] {
            #expect(report.stage("query").contains { $0.metric.hasPrefix("construct \(construct): ") && $0.metric.hasSuffix(" p50") }, "\(construct)")
        }
        #expect(report.stage("ingest").contains { $0.metric == "database bytes per triple" })
        #expect(report.stage("render").contains { $0.metric.hasPrefix("60-node SVG") })
        for stage in stages {
            #expect(report.stage(stage).contains { $0.metric == "peak RSS during stage" }, "\(stage) has no peak memory")
        }
        #expect(report.table().contains("database bytes per triple"))
        // Every target of the store's speed work finds its figure in a whole run, by a key that
        // does not hold the corpus's names.
        for verdict in report.verdicts() {
            #expect(verdict.measurement != nil, "no figure for the target \(verdict.target.name)")
        }
        let keyed = report.measurements.filter { $0.key != nil }
        #expect(keyed.count > 60)
        for measurement in keyed where !measurement.name.hasPrefix("search 科技有限") {
            // No Chinese character: no person, meeting or city of the corpus.
            #expect(!measurement.name.unicodeScalars.contains { (0x4E00..<0xA000).contains($0.value) }, "\(measurement.name)")
        }
        let decoded = try JSONDecoder().decode(BenchmarkReport.self, from: try report.json())
        #expect(decoded.measurements == report.measurements)
    }
}
