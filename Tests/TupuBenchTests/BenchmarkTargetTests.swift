import Foundation
import Testing
import TupuBench

/// The targets a report is judged by, and the tables of two sizes.
@Suite struct BenchmarkTargetTests {
    /// A report of `articles` articles with the figures given as (stage, name, value, unit).
    private func report(_ articles: Int, _ figures: [(String, String, Double, String)]) -> BenchmarkReport {
        BenchmarkReport(
            articles: articles, seed: 1, cores: 2, corpusBytes: articles * 500,
            measurements: figures.map { stage, name, value, unit in
                // Query figures carry the corpus's names in their metric and a key without them.
                stage == "query"
                    ? Measurement(stage: stage, metric: "\(name) [张三 \(articles)]", value: value, unit: unit, key: name)
                    : Measurement(stage: stage, metric: name, value: value, unit: unit)
            })
    }

    private func figures(writer: Double, show: Double, bytes: Double) -> [(String, String, Double, String)] {
        [
            ("ingest", "peak RSS during stage", 210, "MB"),
            ("ingest", "triples/s (distinct, final)", 42_000, "triples/s"),
            ("ingest", "writer alone, by its thread's CPU time: triples/s", writer, "triples/s"),
            ("ingest", "database bytes per triple", bytes, "B/triple"),
            ("query", "3-pattern join over a city, first 100 in order p50", 6.4, "ms"),
            ("query", "shortestPath the ego person → an event p50", 2.8, "ms"),
            ("query", "show the busiest person: aliases, triples + evidence p50", show, "ms"),
            ("query", "show the busiest person: aliases, triples + evidence p99", 9.0, "ms"),
            ("export", "peak RSS during stage", 104, "MB"),
        ]
    }

    @Test func eachTargetReadsItsFigureAndJudgesItsDirection() throws {
        let verdicts = report(100_000, figures(writer: 120_000, show: 5.5, bytes: 300)).verdicts()
        #expect(verdicts.count == BenchmarkTarget.standard.count)
        func verdict(_ name: String) -> TargetVerdict? { verdicts.first { $0.target.name == name } }
        // A rate must reach its limit, a time or a size stay at or under it.
        #expect(verdict("ingest end to end, with evidence")?.isMet == false)
        #expect(verdict("ingest, the writer alone by its thread's CPU time")?.isMet == true)
        #expect(verdict("show the busiest person")?.measurement?.value == 5.5)  // the p50, not the p99
        #expect(verdict("show the busiest person")?.isMet == false)
        #expect(verdict("database bytes per triple")?.isMet == true)
        #expect(verdict("3-step path (a person to a meeting he did not attend)")?.isMet == true)
        #expect(verdict("whole-graph export streamed, peak memory")?.measurement?.value == 104)
        #expect(verdict("ingest peak memory")?.measurement?.value == 210)
        #expect(verdicts.allSatisfy { $0.measurement != nil })
        // A run of the queries alone has no ingest or export figure: not measured, not met.
        let queriesOnly = report(100_000, figures(writer: 1, show: 1, bytes: 1).filter { $0.0 == "query" }).verdicts()
        #expect(queriesOnly.filter { $0.isMet == nil }.map(\.target.stage) == ["ingest", "ingest", "ingest", "ingest", "export"])
    }

    @Test func targetTableShowsBothSizesAndTheGrowth() throws {
        let small = report(100_000, figures(writer: 50_000, show: 4.0, bytes: 275))
        let large = report(1_000_000, figures(writer: 30_000, show: 12.0, bytes: 285))
        let table = BenchmarkReport.targetTable([small, large])
        #expect(table.hasPrefix("Targets (growth: the last figure over the first, for 10.0× the articles)\n"))
        let show = try #require(table.split(separator: "\n").first { $0.hasPrefix("show the busiest person") })
        #expect(show.contains("4.000 ms: met"))
        #expect(show.contains("12.0 ms: missed"))
        #expect(show.hasSuffix("×3.000"))
        let writer = try #require(table.split(separator: "\n").first { $0.hasPrefix("ingest, the writer alone") })
        #expect(writer.contains("≥ 100000 triples/s"))
        #expect(writer.contains("50000 triples/s: missed"))
        #expect(writer.hasSuffix("×0.600"))
        // One report: no growth column.
        #expect(!BenchmarkReport.targetTable([small]).contains("growth"))
    }

    @Test func growthTableMatchesFiguresByKeyAcrossCorpora() throws {
        let small = report(100_000, figures(writer: 50_000, show: 4.0, bytes: 275))
        var large = report(1_000_000, figures(writer: 30_000, show: 12.0, bytes: 285))
        large.measurements.append(Measurement(stage: "query", metric: "only in the large run", value: 1, unit: "ms"))
        let table = BenchmarkReport.growthTable(small, large)
        let lines = table.split(separator: "\n").map(String.init)
        // The title, the header, its rule, and one row for each figure of both runs (their
        // metrics name other people, their keys are the same).
        #expect(lines.first?.hasPrefix("Figures of both runs (growth: the second over the first, for 10.0× the articles)") == true)
        #expect(lines.count == 3 + figures(writer: 0, show: 0, bytes: 0).count)
        let show = try #require(lines.first { $0.contains("show the busiest person: aliases, triples + evidence p50") })
        #expect(show.contains("4.000") && show.contains("12.0") && show.hasSuffix("×3.000"))
        #expect(!table.contains("only in the large run"))
        #expect(!table.contains("张三"))
        // Reports without keys (written before them) are matched by metric: the query figures,
        // whose metrics differ, are left out rather than paired wrongly.
        func withoutKeys(_ report: BenchmarkReport) -> BenchmarkReport {
            var report = report
            report.measurements = report.measurements.map { measurement in
                var measurement = measurement
                measurement.key = nil
                return measurement
            }
            return report
        }
        let unkeyed = BenchmarkReport.growthTable(withoutKeys(small), withoutKeys(large))
        #expect(!unkeyed.contains("show the busiest"))
        #expect(unkeyed.contains("database bytes per triple"))
    }

    @Test func aFileHoldsOneReportOrAList() throws {
        let small = report(10, figures(writer: 1, show: 1, bytes: 1))
        let large = report(20, figures(writer: 2, show: 2, bytes: 2))
        #expect(try BenchmarkReport.reports(from: small.json()).map(\.articles) == [10])
        #expect(try BenchmarkReport.reports(from: BenchmarkReport.json([small, large])).map(\.articles) == [10, 20])
        #expect(try BenchmarkReport.reports(from: small.json()).first?.measurements == small.measurements)
        #expect(throws: (any Error).self) { try BenchmarkReport.reports(from: Data("{}".utf8)) }
    }
}
