import Foundation

/// One figure of the benchmark.
public struct Measurement: Codable, Sendable, Equatable {
    public var stage: String
    /// What was measured, as printed: it may name the people and meetings of the corpus.
    public var metric: String
    public var value: Double
    public var unit: String
    /// The metric without the names a corpus gives it (`show the busiest person p50`), where
    /// ``metric`` has such names; the same for runs of any size or seed. Nil otherwise (and in
    /// reports written before keys were recorded).
    public var key: String?

    public init(stage: String, metric: String, value: Double, unit: String, key: String? = nil) {
        self.stage = stage
        self.metric = metric
        self.value = value
        self.unit = unit
        self.key = key
    }

    /// ``key``, else ``metric``: what the same figure of another run is found by.
    public var name: String {
        key ?? metric
    }
}

/// Everything one `tupu-bench run` measured.
public struct BenchmarkReport: Codable, Sendable {
    public var articles: Int
    public var seed: UInt64
    public var cores: Int
    public var corpusBytes: Int
    public var measurements: [Measurement]

    public init(articles: Int, seed: UInt64, cores: Int, corpusBytes: Int, measurements: [Measurement]) {
        self.articles = articles
        self.seed = seed
        self.cores = cores
        self.corpusBytes = corpusBytes
        self.measurements = measurements
    }

    /// The figures of a stage.
    public func stage(_ name: String) -> [Measurement] {
        measurements.filter { $0.stage == name }
    }

    public var stages: [String] {
        var seen = Set<String>()
        return measurements.map(\.stage).filter { seen.insert($0).inserted }
    }

    /// An aligned text table.
    public func table() -> String {
        let rows = measurements.map { [$0.stage, $0.metric, Self.format($0.value), $0.unit] }
        return "tupu-bench: \(articles) articles (\(String(format: "%.1f", Double(corpusBytes) / 1_048_576)) MB), seed \(seed), \(cores) cores\n"
            + Self.alignedTable(header: ["stage", "metric", "value", "unit"], rows: rows, rightAligned: [2])
    }

    static func format(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        if value >= 0.1 { return String(format: "%.3f", value) }
        return String(format: "%.4f", value)
    }

    public func json() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Several reports as one JSON list (what `run` writes for several sizes).
    public static func json(_ reports: [BenchmarkReport]) throws -> Data {
        try encoder.encode(reports)
    }

    /// The reports of a file written by ``json()`` (one report) or ``json(_:)`` (a list).
    public static func reports(from data: Data) throws -> [BenchmarkReport] {
        let decoder = JSONDecoder()
        if let list = try? decoder.decode([BenchmarkReport].self, from: data) { return list }
        return [try decoder.decode(BenchmarkReport.self, from: data)]
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}

public enum BenchmarkError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let what): "benchmark: \(what)"
        }
    }
}
