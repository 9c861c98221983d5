import ArgumentParser
import Foundation
import TupuBench

@main
struct TupuBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tupu-bench",
        abstract: "Generates a deterministic corpus of the genre and measures every stage of Tupu on it.",
        discussion: """
            tupu-bench generate --articles 1000 --seed 7 --out corpus/   # NAME.txt + NAME.gold.tsv
            tupu-bench run --articles 2000 --json bench.json              # build in release first
            tupu-bench run --articles 100000,1000000 --json both.json     # two sizes, then how each figure grows
            tupu-bench compare small.json large.json                      # the same, from two saved runs
            """,
        subcommands: [Generate.self, Run.self, Compare.self]
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write articles and their gold files (the facts each plants) to a folder.")

    @Option(help: "Number of articles.") var articles = 1000
    @Option(help: "Seed of the SplitMix64 generator: the same seed gives the same bytes.") var seed: UInt64 = 1
    @Option(help: "Output folder (created if missing).") var out: String

    func validate() throws {
        guard articles > 0 else { throw ValidationError("--articles must be positive") }
    }

    func run() throws {
        let generator = CorpusGenerator(seed: seed, articles: articles)
        try generator.write(to: URL(fileURLWithPath: out, isDirectory: true))
        print("wrote \(articles) articles and gold files to \(out)")
    }
}

/// One or more article counts, written `100000` or `100000,1000000`.
struct ArticleCounts: ExpressibleByArgument, Sendable {
    var values: [Int]

    init(_ values: [Int]) {
        self.values = values
    }

    init?(argument: String) {
        let values = argument.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
        }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        self.values = values.compactMap { $0 }
    }

    var defaultValueDescription: String {
        values.map(String.init).joined(separator: ",")
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a corpus in a temporary folder, then measure extraction, ingest, queries and rendering.",
        discussion: """
            Prints every figure, then the targets of the store's speed work (met or missed). With two sizes \
            or more (--articles 100000,1000000) each is run in turn, in its own folder, and the figures of \
            the smallest and the largest are printed side by side with how each grew.
            """)

    @Option(help: ArgumentHelp(
        "Number of articles, or several sizes separated by commas (each run in turn).", valueName: "n[,n…]"))
    var articles = ArticleCounts([2000])
    @Option(help: "Seed of the corpus.") var seed: UInt64 = 1
    @Option(help: "Runs of each query (p50/p99 over them).") var queryRuns = 200
    @Option(help: "Nodes of the large rendering (the best-connected ones).") var renderNodes = 1000
    @Option(help: "Also write the figures as JSON to this file (for several sizes, a list of reports).")
    var json: String?
    @Option(help: "Keep the corpus and the database in this folder (for several sizes, in a folder per size: DIR/100000/…); else a temporary folder, removed after.")
    var keep: String?
    @Flag(help: "Print no progress lines on standard error.") var quiet = false
    @Flag(help: "Measure extraction alone (one thread with and without the name model, every core) and stop.")
    var extractionOnly = false
    @Option(help: ArgumentHelp(
        "Measure the queries alone on this store, kept by a run with the same --articles and --seed (DIR/bench.sqlite).",
        valueName: "path"))
    var queriesOnly: String?
    @Option(help: ArgumentHelp(
        "Measure only the queries whose label contains this text (as printed, e.g. 'show' or 'in order'); with --queries-only, 'export' measures the whole-graph export alone, 'views' the views alone.",
        valueName: "text"))
    var queries: String?

    func validate() throws {
        guard articles.values.allSatisfy({ $0 > 0 }) else { throw ValidationError("--articles must be positive") }
        guard Set(articles.values).count == articles.values.count else {
            throw ValidationError("--articles lists a size twice: \(articles.defaultValueDescription)")
        }
        if queriesOnly != nil, articles.values.count > 1 {
            throw ValidationError("--queries-only measures one store: give one size to --articles")
        }
        guard queryRuns > 0 else { throw ValidationError("--query-runs must be positive") }
        guard renderNodes > 0 else { throw ValidationError("--render-nodes must be positive") }
    }

    func run() throws {
        let sizes = articles.values
        guard sizes.count > 1 else {
            let report = try measure(articles: sizes[0], folder: keep.map { URL(fileURLWithPath: $0, isDirectory: true) })
            print(report.table(), terminator: "")
            print("\n" + BenchmarkReport.targetTable([report]), terminator: "")
            if let json { try report.json().write(to: URL(fileURLWithPath: json)) }
            return
        }
        // Each size in a process of its own, so that its peak memory is its own.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tupu-bench-sizes-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var reports: [BenchmarkReport] = []
        for size in sizes {
            let file = scratch.appendingPathComponent("\(size).json")
            try runChild(articles: size, json: file.path)
            reports += try BenchmarkReport.reports(from: Data(contentsOf: file))
            print("")
        }
        let ordered = reports.sorted { $0.articles < $1.articles }
        print(BenchmarkReport.targetTable(ordered), terminator: "")
        if let small = ordered.first, let large = ordered.last {
            print("\n" + BenchmarkReport.growthTable(small, large), terminator: "")
        }
        if let json { try BenchmarkReport.json(reports).write(to: URL(fileURLWithPath: json)) }
    }

    /// Runs the benchmark of one size in this process.
    private func measure(articles: Int, folder: URL?) throws -> BenchmarkReport {
        let quiet = self.quiet
        var benchmark = Benchmark(
            articles: articles, seed: seed, queryRepetitions: queryRuns, renderNodes: renderNodes, folder: folder
        ) { line in
            if !quiet { FileHandle.standardError.write(Data(("· " + line + "\n").utf8)) }
        }
        benchmark.extractionOnly = extractionOnly
        benchmark.queryFilter = queries
        return try queriesOnly.map { try benchmark.runQueries(storePath: $0) } ?? benchmark.run()
    }

    /// Runs this command for one size in a child process (its output goes where this one's
    /// goes), which writes its figures to `json`.
    private func runChild(articles: Int, json: String) throws {
        var arguments = [
            "run", "--articles", String(articles), "--seed", String(seed), "--query-runs", String(queryRuns),
            "--render-nodes", String(renderNodes), "--json", json,
        ]
        if let keep { arguments += ["--keep", URL(fileURLWithPath: keep).appendingPathComponent(String(articles)).path] }
        if quiet { arguments.append("--quiet") }
        if extractionOnly { arguments.append("--extraction-only") }
        if let queries { arguments += ["--queries", queries] }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = arguments
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else {
            throw Failure("the run of \(articles) articles failed (exit status \(child.terminationStatus))")
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the targets and every figure of saved runs (run --json) side by side, with how each grew.",
        discussion: """
            Each file holds one report or a list of them. The reports are put in order of their article \
            counts; the targets are shown for each, the other figures for the smallest and the largest.
            """)

    @Argument(help: ArgumentHelp("Files written by run --json.", valueName: "json"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give the JSON files of two runs or more") }
    }

    func run() throws {
        var reports: [BenchmarkReport] = []
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw Failure("cannot read \(file): \(error.localizedDescription)")
            }
            do {
                reports += try BenchmarkReport.reports(from: data)
            } catch {
                throw Failure("\(file) is not the JSON of tupu-bench run --json: \(error)")
            }
        }
        guard reports.count > 1 else {
            throw Failure("the files hold one report; compare needs two or more (two sizes)")
        }
        let ordered = reports.sorted { $0.articles < $1.articles }
        print(BenchmarkReport.targetTable(ordered), terminator: "")
        if let small = ordered.first, let large = ordered.last {
            print("\n" + BenchmarkReport.growthTable(small, large), terminator: "")
        }
    }
}

/// A command that could not do its work: printed as `Error: …`, exit status 1.
struct Failure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
