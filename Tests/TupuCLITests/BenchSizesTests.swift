import Foundation
import Testing
import TupuBench

/// `tupu-bench run` with several sizes runs each in a process of its own and prints the
/// targets and figures side by side; `tupu-bench compare` prints the same from saved runs.
@Suite(.serialized) struct BenchSizesTests {
    static var executable: URL {
        TupuProcess.executable.deletingLastPathComponent().appendingPathComponent("tupu-bench")
    }

    static func bench(_ arguments: [String]) throws -> TupuProcess.Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        return try TupuProcess.collect(process)
    }

    @Test func twoSizesThenCompare() throws {
        let folder = try temporaryFolder()
        let json = folder.appendingPathComponent("both.json").path
        // Extraction alone keeps the runs short; the tables are the same for every stage.
        let run = try Self.bench(["run", "--articles", "20,30", "--extraction-only", "--quiet", "--json", json, "--keep", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("tupu-bench: 20 articles"))
        #expect(run.stdout.contains("tupu-bench: 30 articles"))
        #expect(run.stdout.contains("Targets (growth: the last figure over the first, for 1.500× the articles)"))
        #expect(run.stdout.contains("Figures of both runs"))
        // Each size kept in its own folder.
        for size in ["20", "30"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(size)/corpus/a0000000.txt").path))
        }
        let reports = try BenchmarkReport.reports(from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(reports.map(\.articles) == [20, 30])
        // The figures side by side come last, each with its growth.
        let sideBySide = try #require(run.stdout.components(separatedBy: "Figures of both runs").last)
        let throughput = try #require(sideBySide.split(separator: "\n").first {
            $0.hasPrefix("extract, 1 thread") && $0.contains(" throughput ")
        })
        #expect(throughput.contains(" MB/s ") && throughput.contains("×"))

        let compare = try Self.bench(["compare", json])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.hasPrefix("Targets (growth:"))
        #expect(compare.stdout.contains(String(throughput)))

        let missing = try Self.bench(["compare", folder.appendingPathComponent("none.json").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read"))
        let single = folder.appendingPathComponent("one.json")
        try reports[0].json().write(to: single)
        let one = try Self.bench(["compare", single.path])
        #expect(one.status == 1)
        #expect(one.stderr.contains("compare needs two or more"))
        let twice = try Self.bench(["run", "--articles", "20,20"])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("lists a size twice"))
    }
}
