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
            """,
        subcommands: [Generate.self, Run.self]
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

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a corpus in a temporary folder, then measure extraction, ingest, queries and rendering.")

    @Option(help: "Number of articles.") var articles = 2000
    @Option(help: "Seed of the corpus.") var seed: UInt64 = 1
    @Option(help: "Runs of each query (p50/p99 over them).") var queryRuns = 200
    @Option(help: "Nodes of the large rendering (the best-connected ones).") var renderNodes = 1000
    @Option(help: "Also write the figures as JSON to this file.") var json: String?
    @Option(help: "Keep the corpus and the database in this folder (else a temporary folder, removed after).")
    var keep: String?
    @Flag(help: "Print no progress lines on standard error.") var quiet = false
    @Flag(help: "Measure extraction alone (one thread with and without the name model, every core) and stop.")
    var extractionOnly = false
    @Option(help: ArgumentHelp(
        "Measure the queries alone on this store, kept by a run with the same --articles and --seed (DIR/bench.sqlite).",
        valueName: "path"))
    var queriesOnly: String?
    @Option(help: ArgumentHelp(
        "Measure only the queries whose label contains this text (as printed, e.g. 'show' or 'in order'); with --queries-only, 'export' measures the whole-graph export alone.",
        valueName: "text"))
    var queries: String?

    func validate() throws {
        guard articles > 0 else { throw ValidationError("--articles must be positive") }
        guard queryRuns > 0 else { throw ValidationError("--query-runs must be positive") }
        guard renderNodes > 0 else { throw ValidationError("--render-nodes must be positive") }
    }

    func run() throws {
        let quiet = self.quiet
        let folder = keep.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let benchmark = Benchmark(
            articles: articles, seed: seed, queryRepetitions: queryRuns, renderNodes: renderNodes, folder: folder
        ) { line in
            if !quiet { FileHandle.standardError.write(Data(("· " + line + "\n").utf8)) }
        }
        var configured = benchmark
        configured.extractionOnly = extractionOnly
        configured.queryFilter = queries
        let report = try queriesOnly.map { try configured.runQueries(storePath: $0) } ?? configured.run()
        print(report.table(), terminator: "")
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
        }
    }
}
