import Foundation
import TupuModel

/// A figure the benchmark is held to, and where a report holds it.
///
/// ``standard`` lists the targets of the store's speed work (issue 17): each names the stage
/// and the ``Measurement/name`` of the figure it reads, the limit, and whether the figure must
/// reach it from below (a rate) or stay under it (a time, a size). A report judges each with
/// ``BenchmarkReport/verdicts(_:)``; `tupu-bench run` prints them under its figures and
/// `tupu-bench compare` beside the same figures of a run of another size.
///
/// ```swift
/// let report = try Benchmark(articles: 100_000).run()
/// print(BenchmarkReport.targetTable([report]))
/// ```
///
/// ## Topics
/// - ``standard``
/// - ``BenchmarkReport/verdicts(_:)``
/// - ``BenchmarkReport/targetTable(_:targets:)``
public struct BenchmarkTarget: Sendable, Equatable {
    /// What is measured, as the table prints it.
    public var name: String
    /// The stage of the measurement.
    public var stage: String
    /// The measurement's ``Measurement/name``.
    public var metric: String
    /// The limit, in `unit`.
    public var limit: Double
    /// True when the figure must be at least `limit`, false when at most.
    public var atLeast: Bool
    public var unit: String

    public init(_ name: String, stage: String, metric: String, limit: Double, atLeast: Bool, unit: String) {
        self.name = name
        self.stage = stage
        self.metric = metric
        self.limit = limit
        self.atLeast = atLeast
        self.unit = unit
    }

    /// Whether `measurement` is the figure this target reads.
    public func reads(_ measurement: Measurement) -> Bool {
        measurement.stage == stage && measurement.name == metric && measurement.unit == unit
    }

    /// Whether `value` meets the target.
    public func isMet(by value: Double) -> Bool {
        atLeast ? value >= limit : value <= limit
    }

    /// The limit as the table prints it: `≥ 100000 triples/s`, `≤ 20.0 ms`.
    public var limitText: String {
        (atLeast ? "≥ " : "≤ ") + BenchmarkReport.format(limit) + " " + unit
    }

    /// The targets of the store's speed work, in the order of its table. Times are the p50 of
    /// the wall clock over the query's runs.
    public static let standard: [BenchmarkTarget] = [
        BenchmarkTarget(
            "ingest end to end, with evidence", stage: "ingest", metric: "triples/s (distinct, final)", limit: 100_000,
            atLeast: true, unit: "triples/s"),
        BenchmarkTarget(
            "ingest, the writer alone by its thread's CPU time", stage: "ingest",
            metric: "writer alone, by its thread's CPU time: triples/s", limit: 100_000, atLeast: true, unit: "triples/s"),
        BenchmarkTarget(
            "3-pattern join, first 100 rows in order", stage: "query", metric: "3-pattern join over a city, first 100 in order p50",
            limit: 20, atLeast: false, unit: "ms"),
        BenchmarkTarget(
            "3-step path (a person to a meeting he did not attend)", stage: "query",
            metric: "shortestPath the ego person → an event p50", limit: 10, atLeast: false, unit: "ms"),
        BenchmarkTarget(
            "show the busiest person", stage: "query", metric: "show the busiest person: aliases, triples + evidence p50",
            limit: 5, atLeast: false, unit: "ms"),
        BenchmarkTarget(
            "database bytes per triple", stage: "ingest", metric: "database bytes per triple", limit: 300, atLeast: false,
            unit: "B/triple"),
        BenchmarkTarget("ingest peak memory", stage: "ingest", metric: "peak RSS during stage", limit: 300, atLeast: false, unit: "MB"),
        BenchmarkTarget(
            "whole-graph export streamed, peak memory", stage: "export", metric: "peak RSS during stage", limit: 300,
            atLeast: false, unit: "MB"),
    ]
}

/// A target and the figure one report gives for it.
public struct TargetVerdict: Sendable, Equatable {
    public var target: BenchmarkTarget
    /// The measurement read, nil when the report has none (a run of queries alone has no ingest).
    public var measurement: Measurement?

    /// Whether the figure meets the target; nil when there is no figure.
    public var isMet: Bool? {
        measurement.map { target.isMet(by: $0.value) }
    }
}

extension BenchmarkReport {
    /// Each target with the figure this report gives for it (the first measurement it reads).
    public func verdicts(_ targets: [BenchmarkTarget] = BenchmarkTarget.standard) -> [TargetVerdict] {
        targets.map { target in TargetVerdict(target: target, measurement: measurements.first(where: target.reads)) }
    }

    /// A table of each target with the figures of these reports (one column a report, in the
    /// order given, say 100,000 then 1,000,000 articles), whether each meets it, and, for two
    /// reports or more, how the figure grew from the first report to the last against the
    /// growth of the corpus.
    public static func targetTable(_ reports: [BenchmarkReport], targets: [BenchmarkTarget] = BenchmarkTarget.standard) -> String {
        guard let first = reports.first, let last = reports.last else { return "" }
        let verdicts = reports.map { $0.verdicts(targets) }
        var header = ["target", "limit"]
        header += reports.map { "\($0.articles) articles" }
        if reports.count > 1 { header.append("growth") }
        var rows: [[String]] = []
        for (index, target) in targets.enumerated() {
            var row = [target.name, target.limitText]
            for verdict in verdicts.map({ $0[index] }) {
                guard let measurement = verdict.measurement, let met = verdict.isMet else {
                    row.append("not measured")
                    continue
                }
                row.append(format(measurement.value) + " " + measurement.unit + (met ? ": met" : ": missed"))
            }
            if reports.count > 1 {
                row.append(growthText(verdicts[0][index].measurement, verdicts[verdicts.count - 1][index].measurement))
            }
            rows.append(row)
        }
        var text = "Targets"
        if reports.count > 1 {
            text += " (growth: the last figure over the first, for \(format(Double(last.articles) / Double(first.articles)))× the articles)"
        }
        return text + "\n" + alignedTable(header: header, rows: rows, rightAligned: [])
    }

    /// Every figure two reports both give (same stage and ``Measurement/name``, in the first
    /// report's order), each report's value and how it grew from the first to the second.
    public static func growthTable(_ small: BenchmarkReport, _ large: BenchmarkReport) -> String {
        var larger: [String: Measurement] = [:]
        for measurement in large.measurements { larger[measurement.stage + "\u{1F}" + measurement.name] = measurement }
        var rows: [[String]] = []
        for measurement in small.measurements {
            guard let other = larger[measurement.stage + "\u{1F}" + measurement.name], other.unit == measurement.unit else {
                continue
            }
            rows.append([
                measurement.stage, measurement.name, format(measurement.value), format(other.value), measurement.unit,
                growthText(measurement, other),
            ])
        }
        let header = ["stage", "metric", "\(small.articles) articles", "\(large.articles) articles", "unit", "growth"]
        return "Figures of both runs (growth: the second over the first, for "
            + "\(format(Double(large.articles) / Double(small.articles)))× the articles)\n"
            + alignedTable(header: header, rows: rows, rightAligned: [2, 3, 5])
    }

    /// `×2.35`, or `-` when a figure is missing or the first is 0.
    static func growthText(_ first: Measurement?, _ last: Measurement?) -> String {
        guard let first, let last, first.value != 0 else { return "-" }
        return "×" + format(last.value / first.value)
    }

    /// Rows under a header, each column as wide as its widest cell (by display width).
    static func alignedTable(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].displayWidth }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.displayWidth)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
