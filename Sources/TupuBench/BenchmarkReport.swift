import Foundation

/// One figure of the benchmark.
public struct Measurement: Codable, Sendable, Equatable {
    public var stage: String
    public var metric: String
    public var value: Double
    public var unit: String

    public init(stage: String, metric: String, value: Double, unit: String) {
        self.stage = stage
        self.metric = metric
        self.value = value
        self.unit = unit
    }
}

/// Everything one `tupu-bench run` measured.
public struct BenchmarkReport: Codable, Sendable {
    public var articles: Int
    public var seed: UInt64
    public var cores: Int
    public var corpusBytes: Int
    public var measurements: [Measurement]

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
        let header = ["stage", "metric", "value", "unit"]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].displayWidth }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.displayWidth)
                return index == 2 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var text = "tupu-bench: \(articles) articles (\(String(format: "%.1f", Double(corpusBytes) / 1_048_576)) MB), seed \(seed), \(cores) cores\n"
        text += line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        text += rows.map(line).joined(separator: "\n") + "\n"
        return text
    }

    static func format(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        if value >= 0.1 { return String(format: "%.3f", value) }
        return String(format: "%.4f", value)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
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
