import Dispatch
import Foundation
import Synchronization
import TupuExtract
import TupuModel
import TupuQuery
import TupuRender
import TupuIngest
import TupuStore

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

    /// Times each kind of `tupu render` view end to end, as the command builds it: read from the
    /// store, summarised (a centre), written as DOT and laid out by Graphviz as SVG.
    func measureViews(store: Store, busiest: String, add: (String, String, Double, String) -> Void) throws {
        let topEvent = try store.run(try QueryParser.parse(
            "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e GROUP BY ?e ORDER BY DESC(?n) LIMIT 1")).rows.first?.first ?? nil
        let document = try store.documents().first?.path
        let renderer = GraphvizRenderer()
        func measure(_ label: String, _ view: GraphView, window: DateWindow = DateWindow()) throws {
            log("view: \(label)")
            let ((nodes, bytes), elapsed) = try Self.time { () throws -> (Int, Int) in
                let built = try store.view(view, window: window)
                var drawing = Drawing(graph: built.result.graph)
                if let center = view.center {
                    let centers = Set(try built.result.graph.nodes(named: center).map(\.id))
                    drawing = BusyCentre.summarise(
                        built.result.graph, centers: centers,
                        events: built.events.mapValues { BusyCentre.Event(date: $0.date, weight: $0.weight) })
                    if let maxNodes = view.maxNodes { drawing.graph = drawing.graph.limited(maxNodes: maxNodes, pinned: centers).graph }
                }
                let engine = LayoutEngine.automatic(nodeCount: drawing.graph.nodes.count)
                let dot = DOTWriter(options: DOTWriter.Options(title: label, layout: engine)).write(drawing)
                return (drawing.graph.nodes.count, try renderer.render(dot: dot, layout: engine, format: .svg).count)
            }
            add("views", "\(label): \(nodes) nodes, \(bytes / 1024) KB SVG, end to end", elapsed * 1000, "ms")
        }
        let limit = 120
        if let topEvent { try measure("event view of the busiest event", GraphView(event: topEvent, maxNodes: limit)) }
        try measure("centre view of \(busiest), summarised", GraphView(center: busiest, depth: 1))
        try measure("centre view of \(busiest), depth 2, limited", GraphView(center: busiest, depth: 2, maxNodes: limit))
        if let document { try measure("document view", GraphView(document: document, maxNodes: limit)) }
        try measure("predicate view (holds_role)", GraphView(predicates: [.holdsRole], maxNodes: limit))
        try measure("kind view (place)", GraphView(kinds: [.place], maxNodes: limit))
        try measure("whole store, limited", GraphView(maxNodes: limit))
        try measure("one year (2023), limited", GraphView(maxNodes: limit), window: DateWindow(since: "2023", until: "2023"))
        log("view: co-attendance network of \(busiest)")
        let (network, networkTime) = try Self.time { () throws -> Int in
            let network = try store.coAttendance(of: busiest, limit: 30)
            let dot = CoAttendanceWriter().write(network)
            return try renderer.render(dot: dot, layout: .neato, format: .svg).count
        }
        add("views", "co-attendance network of \(busiest): \(network / 1024) KB SVG, end to end", networkTime * 1000, "ms")
    }

    /// The highest resident set size of this process so far (VmHWM), in bytes; 0 when unknown.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kilobytes = digits.first { return kilobytes * 1024 }
        }
        return 0
    }

    /// Resets the high-water mark of resident memory (Linux: `echo 5 > /proc/self/clear_refs`),
    /// so the next ``peakResidentBytes()`` is that of the stage since; does nothing elsewhere.
    static func resetPeakResident() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// `1 KB`, `16 MB`: a size that is a whole number of KB or MB.
    static func sizeLabel(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes.isMultiple(of: 1 << 20) ? "\(bytes >> 20) MB"
            : bytes >= 1 << 10 && bytes.isMultiple(of: 1 << 10) ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, (clock.now - start).seconds)
    }

    /// CPU time used by the calling thread, in seconds: unlike wall time, it does not count the
    /// time other processes of a shared machine take from it.
    static func threadSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Extraction alone, on the first `extractionSample` articles held in memory: one thread with
    /// the name model, one thread with the rules alone, then every core. Returns the texts.
    @discardableResult
    func measureExtraction(
        paths: [String], extractor: Extractor, cores: Int,
        add: (String, String, Double, String) -> Void, peak: (String) -> Void
    ) throws -> [String] {
        let sample = Array(paths.prefix(extractionSample))
        let texts = try sample.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let megabytes = Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1_048_576
        let characters = Double(texts.reduce(0) { $0 + $1.unicodeScalars.count })
        log("extracting \(texts.count) articles (\(String(format: "%.1f", megabytes)) MB) on one thread")
        Self.resetPeakResident()
        var cpuStart = Self.threadSeconds()
        let (factCount, oneThread) = Self.time { texts.reduce(0) { $0 + extractor.extract($1).facts.count } }
        let oneThreadCPU = Self.threadSeconds() - cpuStart
        add("extract, 1 thread", "throughput", megabytes / oneThread, "MB/s")
        add("extract, 1 thread", "throughput by the thread's CPU time", megabytes / oneThreadCPU, "MB/s")
        add("extract, 1 thread", "characters/s", characters / oneThread, "chars/s")
        add("extract, 1 thread", "articles/s", Double(texts.count) / oneThread, "articles/s")
        add("extract, 1 thread", "facts/s", Double(factCount) / oneThread, "facts/s")
        // The same articles with the rules alone, so that the learned name model's cost shows.
        let rulesAlone = Extractor(rules: extractor.rules, tagger: nil)
        cpuStart = Self.threadSeconds()
        let (_, withoutModel) = Self.time { texts.reduce(0) { $0 + rulesAlone.extract($1).facts.count } }
        let withoutModelCPU = Self.threadSeconds() - cpuStart
        add("extract, 1 thread", "throughput with the rules alone (no name model)", megabytes / withoutModel, "MB/s")
        add("extract, 1 thread", "throughput with the rules alone, by the thread's CPU time", megabytes / withoutModelCPU, "MB/s")
        peak("extract, 1 thread")
        log("extracting on \(cores) cores")
        let counter = Atomic<Int>(0)
        let (_, allCores) = Self.time {
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                counter.add(extractor.extract(texts[index]).facts.count, ordering: .relaxed)
            }
        }
        add("extract, \(cores) cores", "throughput", megabytes / allCores, "MB/s")
        add("extract, \(cores) cores", "characters/s", characters / allCores, "chars/s")
        add("extract, \(cores) cores", "articles/s", Double(texts.count) / allCores, "articles/s")
        add("extract, \(cores) cores", "speed-up", oneThread / allCores, "x")
        peak("extract, \(cores) cores")
        return texts
    }

    public func run() throws -> BenchmarkReport {
        let fileManager = FileManager.default
        let base = folder ?? fileManager.temporaryDirectory.appendingPathComponent("tupu-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1000))")
        let removeAfter = folder == nil
        defer { if removeAfter { try? fileManager.removeItem(at: base) } }
        let corpusFolder = base.appendingPathComponent("corpus")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var measurements: [Measurement] = []
        func add(_ stage: String, _ metric: String, _ value: Double, _ unit: String) {
            measurements.append(Measurement(stage: stage, metric: metric, value: value, unit: unit))
            log("  \(stage) | \(metric) | \(BenchmarkReport.format(value)) \(unit)")
        }
        func peak(_ stage: String) {
            add(stage, "peak RSS during stage", Double(Self.peakResidentBytes()) / 1_048_576, "MB")
        }

        // Generate.
        log("generating \(articles) articles (seed \(seed)) in \(corpusFolder.path)")
        let generator = CorpusGenerator(seed: seed, articles: articles)
        let (_, generateTime) = try Self.time { try generator.write(to: corpusFolder) }
        let paths = (0..<articles).map { corpusFolder.appendingPathComponent(String(format: "a%07d", $0) + ".txt").path }
        add("generate", "articles/s", Double(articles) / generateTime, "articles/s")
        peak("generate")

        // Ingest end to end, first, so its peak memory is its own: files are read, extracted
        // and stored in batches as `tupu ingest` does.
        let extractor = Extractor(rules: try RuleSet.load())
        let corpusBytes = paths.reduce(0) { total, path in
            total + ((try? fileManager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        if extractionOnly {
            try measureExtraction(paths: paths, extractor: extractor, cores: cores, add: add, peak: peak)
            return BenchmarkReport(articles: articles, seed: seed, cores: cores, corpusBytes: corpusBytes, measurements: measurements)
        }
        log("ingesting into a fresh database (batches of \(IngestOptions().batchSize), \(cores) extraction threads)")
        let databasePath = base.appendingPathComponent("bench.sqlite").path
        for suffix in ["", "-wal", "-shm"] {  // a kept folder's database from an earlier run
            try? fileManager.removeItem(atPath: databasePath + suffix)
        }
        Self.resetPeakResident()
        let summary: IngestSummary
        let stats: StoreStats
        do {
            let store = try Store(path: databasePath)
            summary = try store.ingest(files: paths, extract: { extractor.extract($0) })
            stats = try store.stats()
        }
        peak("ingest")
        let ingestTime = summary.seconds
        // The store is closed: the write-ahead log is checkpointed into the file and removed.
        let databaseBytes = ["", "-wal", "-shm"].reduce(0) { total, suffix in
            let size = (try? fileManager.attributesOfItem(atPath: databasePath + suffix)[.size] as? Int) ?? nil
            return total + (size ?? 0)
        }
        add("ingest", "articles/s", Double(articles) / ingestTime, "articles/s")
        add("ingest", "MB/s of text", Double(corpusBytes) / 1_048_576 / ingestTime, "MB/s")
        add("ingest", "triples/s (distinct, final)", Double(stats.triples) / ingestTime, "triples/s")
        add("ingest", "evidence rows/s", Double(stats.evidence) / ingestTime, "rows/s")
        add("ingest", "writer alone: triples/s", Double(stats.triples) / max(summary.writeSeconds, 1e-9), "triples/s")
        add("ingest", "writer alone: evidence rows/s", Double(stats.evidence) / max(summary.writeSeconds, 1e-9), "rows/s")
        add("ingest", "triples", Double(stats.triples), "triples")
        add("ingest", "evidence rows", Double(stats.evidence), "rows")
        add("ingest", "mentions", Double(stats.mentions), "rows")
        add("ingest", "entities", Double(stats.entities), "entities")
        add("ingest", "database size", Double(databaseBytes) / 1_048_576, "MB")
        add("ingest", "database bytes per triple", Double(databaseBytes) / Double(max(stats.triples, 1)), "B/triple")
        add("ingest", "database size per million triples", Double(databaseBytes) / Double(max(stats.triples, 1)), "MB")
        add("ingest", "corpus bytes per triple", Double(corpusBytes) / Double(max(stats.triples, 1)), "B/triple")

        let texts = try measureExtraction(paths: paths, extractor: extractor, cores: cores, add: add, peak: peak)

        // One file of each size, extracted alone: throughput should not fall as files grow.
        let joined = texts.prefix(2000).joined(separator: "\n")
        for (label, unit) in [("one sentence", "会议在广州召开。\n"), ("articles", joined + "\n")] {
            var perMegabyteAtOne: Double?
            for size in fileSizes {
                let unitBytes = max(unit.utf8.count, 1)
                var text = String(repeating: unit, count: max(1, size / unitBytes))
                if text.utf8.count < size { text += String(unit.unicodeScalars.prefix(size - text.utf8.count)) }
                let bytes = Double(text.utf8.count) / 1_048_576
                let name = "extract one file, \(label), \(Self.sizeLabel(size))"
                log(name)
                Self.resetPeakResident()
                let (_, seconds) = Self.time { extractor.extract(text).facts.count }
                add(name, "throughput", bytes / seconds, "MB/s")
                peak(name)
                if size == 1 << 20 { perMegabyteAtOne = seconds / bytes }
                if size > 1 << 20, let perMegabyteAtOne {
                    add(name, "time per MB / at 1 MB", seconds / bytes / perMegabyteAtOne, "x")
                }
            }
        }

        let store = try Store(path: databasePath, readOnly: true)
        Self.resetPeakResident()

        // The people the queries and pictures are about: the busiest attendee, the one whose
        // attendance is nearest the ego-graph size of the issue (about 200 nodes), and a
        // provincial secretary for paths.
        let attendance = try store.run(try QueryParser.parse(
            "SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e GROUP BY ?p ORDER BY DESC(?n) LIMIT 2000"))
        let counts = attendance.rows.compactMap { row -> (name: String, count: Int)? in
            guard row.count == 2, let name = row[0], let count = row[1].flatMap({ Int($0) }) else { return nil }
            return (name, count)
        }
        guard let busiest = counts.first else { throw BenchmarkError.missing("no person attended anything") }
        let egoPerson = counts.min { abs($0.count - egoNodes) < abs($1.count - egoNodes) } ?? busiest
        let busiestID = try store.match(busiest.name).entityIDs.first ?? 0
        let secondName = generator.secretaries.joined().first { name in
            name != busiest.name && (try? store.match(name).entityIDs.isEmpty) == false
        } ?? counts.dropFirst().first?.name
        let secondID = try secondName.flatMap { try store.match($0).entityIDs.first } ?? busiestID
        let event = (0..<articles).lazy.compactMap { generator.article($0).event }.first ?? ""
        let city = CorpusGenerator.cities[0]
        if stats.triples <= wholeSnapshotLimit {
            log("loading the whole graph snapshot")
            let (_, snapshotTime) = try Self.time { try store.snapshot() }
            add("snapshot", "load whole graph (\(stats.triples) triples)", snapshotTime * 1000, "ms")
            peak("snapshot")
            Self.resetPeakResident()
        }

        let coAttendanceQuery = "\(egoPerson.name) attended ?e . ?e held_in \(city) . ?p attended ?e"
        let coAttendance = try store.run(try QueryParser.parse(coAttendanceQuery)).rows.count
        let cityJoinQuery = "?p attended ?e . ?e held_in \(city) . ?p holds_role ?r"
        let cityJoinRows = try store.run(try QueryParser.parse(cityJoinQuery)).rows.count
        let pathLength = try store.shortestPath(from: busiestID, to: secondID)?.count ?? -1
        let egoPersonID = try store.match(egoPerson.name).entityIDs.first ?? 0
        let eventID = try store.match(event).entityIDs.first ?? 0
        let eventPathLength = try store.shortestPath(from: egoPersonID, to: eventID)?.count ?? -1
        log("queries, \(queryRepetitions) runs each")
        var queries: [(String, () throws -> Void)] = [
            ("who attended X: ?p attended \"\(event)\"", { _ = try store.run(try QueryParser.parse("?p attended \"\(event)\"")) }),
            ("bound pattern: \(busiest.name) holds_role ?r", { _ = try store.run(try QueryParser.parse("\(busiest.name) holds_role ?r")) }),
            ("bound pattern: \(egoPerson.name) attended ?e", { _ = try store.run(try QueryParser.parse("\(egoPerson.name) attended ?e")) }),
            ("3-pattern join, who met \(egoPerson.name) in \(city) (\(coAttendance) rows)", {
                _ = try store.run(try QueryParser.parse(coAttendanceQuery))
            }),
            ("3-pattern join over \(city), first 100 in order (\(cityJoinRows) rows sorted)", {
                _ = try store.run(try QueryParser.parse(cityJoinQuery + " LIMIT 100"))
            }),
            ("show \(egoPerson.name): triples + evidence", {
                for id in try store.match(egoPerson.name).entityIDs {
                    _ = try store.evidence(forTriples: try store.tripleIDs(touching: id))
                }
            }),
            ("shortestPath \(busiest.name) → \(secondName ?? busiest.name) (\(pathLength) steps)", {
                _ = try store.shortestPath(from: busiestID, to: secondID)
            }),
            ("shortestPath \(egoPerson.name) → \(event) (\(eventPathLength) steps)", {
                _ = try store.shortestPath(from: egoPersonID, to: eventID)
            }),
            ("search 科技有限", { _ = try store.search("科技有限") }),
        ]
        // One query per construct of the language (issue: each under 50 ms on a large store).
        let constructs: [(String, String)] = [
            ("OPTIONAL", "?p attended \"\(event)\" OPTIONAL { ?p holds_role ?r }"),
            ("UNION", "{ ?p presided \"\(event)\" } UNION { ?p spoke_at \"\(event)\" }"),
            ("MINUS", "SELECT ?p WHERE ?p attended \"\(event)\" MINUS { ?p holds_role ?r }"),
            ("FILTER NOT EXISTS", "?p attended \"\(event)\" FILTER NOT EXISTS { ?p presided ?e }"),
            ("dates, year(), IN, &&", "\(egoPerson.name) attended ?e . ?e held_on ?d FILTER(year(?d) >= 2022 && month(?d) IN (1, 2, 3))"),
            ("regex()", "\(egoPerson.name) attended ?e FILTER regex(?e, \"工作会议\")"),
            ("COUNT GROUP BY HAVING", "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e . ?e held_in \(city) GROUP BY ?e HAVING ?n > 10 LIMIT 20"),
            ("ORDER BY OFFSET", "\(egoPerson.name) attended ?e . ?e held_on ?d ORDER BY ?d LIMIT 10 OFFSET 5"),
            ("path attended/held_in", "\(egoPerson.name) attended/held_in ?place"),
            ("path ^attended", "\"\(event)\" ^attended ?p"),
            ("path met_with+", "\(egoPerson.name) met_with+ ?q"),
            ("evidence scope IN ?doc", "\(egoPerson.name) attended ?e IN ?doc . ?e held_in ?place IN ?doc"),
        ]
        for (construct, text) in constructs {
            let parsed = try QueryParser.parse(text)
            queries.append(("construct \(construct): \(text)", { _ = try store.run(parsed) }))
        }
        for (label, body) in queries {
            var samples: [Double] = []
            samples.reserveCapacity(queryRepetitions)
            // At most `queryRepetitions` runs, and no more than `querySeconds` in all (a join
            // that returns a large share of the graph takes seconds a run).
            var spent = 0.0
            for _ in 0..<max(queryRepetitions, 1) where spent < querySeconds {
                let (_, elapsed) = try Self.time(body)
                samples.append(elapsed * 1000)
                spent += elapsed
            }
            samples.sort()
            add("query", "\(label) p50", Self.percentile(samples, 0.5), "ms")
            add("query", "\(label) p99", Self.percentile(samples, 0.99), "ms")
            if samples.count < queryRepetitions { add("query", "\(label) runs", Double(samples.count), "runs") }
        }
        peak("query")

        // Rendering.
        let renderer = GraphvizRenderer()
        func render(_ graph: GraphSnapshot, _ label: String) throws {
            let engine = LayoutEngine.automatic(nodeCount: graph.nodes.count)
            let options = DOTWriter.Options(legend: engine.drawsClusters, layout: engine)
            var svgBytes = 0
            var samples: [Double] = []
            for _ in 0..<max(renderRepetitions, 1) {
                let (svg, elapsed) = try Self.time { try renderer.render(graph, options: options, layout: engine, format: .svg) }
                svgBytes = svg.count
                samples.append(elapsed * 1000)
            }
            add("render", "\(label): \(graph.nodes.count) nodes, \(graph.edges.count) edges, \(engine.rawValue)", samples.sorted()[samples.count / 2], "ms")
            add("render", "\(label): SVG size", Double(svgBytes) / 1024, "KB")
        }
        log("rendering the ego graph of \(egoPerson.name) (\(egoPerson.count) meetings)")
        let (ego, egoTime) = try Self.time { try store.snapshot(around: egoPerson.name, depth: 1, evidenceText: false).ego(center: egoPerson.name, depth: 1) }
        add("render", "ego view of \(egoPerson.name) (depth 1) from the store", egoTime * 1000, "ms")
        try render(ego, "ego SVG")
        log("rendering \(renderNodes) nodes around \(egoPerson.name)")
        let (limited, limitTime) = try Self.time {
            let around = try store.snapshot(around: egoPerson.name, depth: 2, evidenceText: false)
            let pinned = Set(try around.nodes(named: egoPerson.name).map(\.id))
            return around.limited(maxNodes: renderNodes, pinned: pinned).graph
        }
        add("render", "\(renderNodes) nodes within 2 steps of \(egoPerson.name), from the store", limitTime * 1000, "ms")
        try render(limited, "\(renderNodes)-node SVG")
        peak("render")
        Self.resetPeakResident()
        try measureViews(store: store, busiest: busiest.name, add: add)
        peak("views")

        return BenchmarkReport(articles: articles, seed: seed, cores: cores, corpusBytes: corpusBytes, measurements: measurements)
    }
}
