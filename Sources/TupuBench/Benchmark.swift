import Foundation
import TupuExtract
import TupuModel
import TupuQuery
import TupuRender
import TupuIngest
import TupuStore

/// Generates a corpus and measures extraction, ingest, queries and rendering on it.
public struct Benchmark: Sendable {
    public var articles: Int
    public var seed: UInt64
    /// Runs of each query (p50/p99 are taken over them).
    public var queryRepetitions: Int
    /// Runs of each rendering.
    public var renderRepetitions: Int
    /// Seconds each query may take in all (its runs stop there, at one run at least).
    public var querySeconds = 20.0
    /// Nodes wanted in the ego graph: the person whose meetings are nearest this number is drawn.
    public var egoNodes = 200
    /// The whole graph is loaded (and timed) only up to this many triples.
    public var wholeSnapshotLimit = 300_000
    /// Articles held in memory for the extraction-alone stages (the first ones of the corpus).
    public var extractionSample: Int
    /// Nodes of the large rendering (the busiest ones, `GraphSnapshot.limited(maxNodes:)`).
    public var renderNodes: Int
    /// Sizes in bytes of the single files extracted alone (one sentence repeated, and the
    /// corpus's articles joined), to show that extraction time grows in proportion to a file's size.
    public var fileSizes = [1 << 10, 1 << 20, 8 << 20, 16 << 20]
    /// Where the corpus and the database go; a fresh temporary folder when nil (removed after).
    public var folder: URL?
    /// Measure extraction alone (one thread with and without the name model, then every core)
    /// and stop: no ingest, single files, queries or rendering.
    public var extractionOnly = false
    /// Only the queries whose label contains this text are measured (all of them when nil).
    public var queryFilter: String?
    /// Called with a line of progress.
    public var log: @Sendable (String) -> Void

    public init(
        articles: Int = 2000, seed: UInt64 = 1, queryRepetitions: Int = 200, renderRepetitions: Int = 1,
        renderNodes: Int = 1000, extractionSample: Int = 20_000, folder: URL? = nil, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.articles = articles
        self.seed = seed
        self.queryRepetitions = queryRepetitions
        self.renderRepetitions = renderRepetitions
        self.renderNodes = renderNodes
        self.extractionSample = max(1, extractionSample)
        self.folder = folder
        self.log = log
    }

    public func run() throws -> BenchmarkReport {
        let fileManager = FileManager.default
        let base = folder ?? fileManager.temporaryDirectory.appendingPathComponent("tupu-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1000))")
        let removeAfter = folder == nil
        defer { if removeAfter { try? fileManager.removeItem(at: base) } }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let recorder = Recorder(log: log)

        let corpus = try generateCorpus(in: base.appendingPathComponent("corpus"), recorder)
        func report() -> BenchmarkReport {
            BenchmarkReport(articles: articles, seed: seed, cores: cores, corpusBytes: corpus.bytes, measurements: recorder.measurements)
        }
        let extractor = Extractor(rules: try RuleSet.load())
        if extractionOnly {
            try measureExtraction(paths: corpus.paths, extractor: extractor, cores: cores, recorder)
            return report()
        }
        // Ingest end to end first, so its peak memory is its own.
        let databasePath = base.appendingPathComponent("bench.sqlite").path
        let stats = try measureIngest(corpus: corpus, extractor: extractor, cores: cores, databasePath: databasePath, recorder)
        let texts = try measureExtraction(paths: corpus.paths, extractor: extractor, cores: cores, recorder)
        measureSingleFiles(texts: texts, extractor: extractor, recorder)

        let store = try Store(path: databasePath, readOnly: true)
        Self.resetPeakResident()
        let subjects = try Subjects(store: store, generator: corpus.generator, articles: articles, egoNodes: egoNodes)
        if stats.triples <= wholeSnapshotLimit {
            log("loading the whole graph snapshot")
            let (_, snapshotTime) = try Self.time { try store.snapshot() }
            recorder.add("snapshot", "load whole graph (\(stats.triples) triples)", snapshotTime * 1000, "ms", key: "load whole graph")
            recorder.peak("snapshot")
            Self.resetPeakResident()
        }
        try measureQueries(store: store, subjects: subjects, recorder)
        recorder.peak("query")
        try measureRendering(store: store, ego: subjects.egoPerson, recorder)
        recorder.peak("render")
        Self.resetPeakResident()
        try measureViews(store: store, busiest: subjects.busiest.name, recorder)
        recorder.peak("views")
        Self.resetPeakResident()
        try measureExport(store: store, recorder)
        recorder.peak("export")
        return report()
    }

    /// Writes the generated corpus, unless `folder` holds the corpus of this size and seed,
    /// written whole by an earlier run (``CorpusGenerator/completeMarker`` says so): a kept
    /// folder's corpus of 1,000,000 articles took 10 minutes to write on 2 cores.
    func generateCorpus(in folder: URL, _ recorder: Recorder) throws -> GeneratedCorpus {
        let generator = CorpusGenerator(seed: seed, articles: articles)
        let marker = folder.appendingPathComponent(CorpusGenerator.completeMarker)
        let paths = CorpusPaths(folder: folder.path, count: articles)
        let markerText = generator.markerText
        if (try? String(contentsOf: marker, encoding: .utf8)) == markerText {
            log("the corpus of \(articles) articles (seed \(seed)) in \(folder.path) is there already: not written again")
        } else {
            log("generating \(articles) articles (seed \(seed)) in \(folder.path)")
            try? FileManager.default.removeItem(at: marker)
            let (_, generateTime) = try Self.time { try generator.write(to: folder) }
            try Data(markerText.utf8).write(to: marker)
            recorder.add("generate", "articles/s", Double(articles) / generateTime, "articles/s")
            recorder.peak("generate")
        }
        let bytes = paths.reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        return GeneratedCorpus(generator: generator, paths: paths, bytes: bytes)
    }
}

/// The corpus a run generated: its generator, its files in order, their size in bytes.
struct GeneratedCorpus {
    var generator: CorpusGenerator
    var paths: CorpusPaths
    var bytes: Int
}

/// The paths of a generated corpus's articles in order, each made when read: held as a list,
/// the paths of 1,000,000 articles took about 64 MB, which the ingest stage's peak memory
/// counted though `tupu ingest` reads a folder's paths as it goes.
struct CorpusPaths: RandomAccessCollection, Sendable {
    let folder: String
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> String {
        folder + "/" + CorpusGenerator.fileName(position) + ".txt"
    }
}

/// Collects the figures of a run, logging each as it comes.
final class Recorder {
    private(set) var measurements: [Measurement] = []
    private let log: @Sendable (String) -> Void

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    func add(_ stage: String, _ metric: String, _ value: Double, _ unit: String, key: String? = nil) {
        measurements.append(Measurement(stage: stage, metric: metric, value: value, unit: unit, key: key))
        log("  \(stage) | \(metric) | \(BenchmarkReport.format(value)) \(unit)")
    }

    /// The peak resident memory since the last ``Benchmark/resetPeakResident()``, as a figure of `stage`.
    func peak(_ stage: String) {
        add(stage, "peak RSS during stage", Double(Benchmark.peakResidentBytes()) / 1_048_576, "MB")
    }
}
