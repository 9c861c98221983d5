import Foundation
import Testing

/// Runs the `tupu` executable built next to the test bundle.
struct TupuProcess {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repository.appendingPathComponent("seeds").path

    static var executable: URL {
        // The test bundle lives in the build products folder, next to the tupu binary.
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("tupu").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("tupu")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TUPU_DB")
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        return try collect(process)
    }

    /// Runs a configured process to its end and returns its status and output.
    static func collect(_ process: Process) throws -> Result {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The folder of this test process that holds every folder a test makes; removed when the
/// process exits, so a run leaves nothing behind in the temporary directory.
let testScratchRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-cli-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: testScratchRoot) }
    return url
}()

func temporaryFolder() throws -> URL {
    let url = testScratchRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite(.serialized) struct CLITests {
    @Test func ingestThenQueryStatsAndExportThroughTheDatabaseOption() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("seed.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("1 added"))
        let again = try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds])
        #expect(again.stdout.contains("1 unchanged"))

        let query = try TupuProcess.run(["query", "--db", db, "--format", "tsv", "?p 主持 ?e"])
        #expect(query.status == 0)
        #expect(query.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").first.map(String.init) } == ["王伟中"])

        let tsv = try TupuProcess.run(["export", "--db", db, "--format", "tsv"])
        let lines = tsv.stdout.split(separator: "\n")
        #expect(lines.contains("王伟中\tholds_role\t省长"))
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 3 })

        let stats = try TupuProcess.run(["stats", "--db", db])
        #expect(stats.stdout.contains("triples"))
        #expect(stats.stdout.contains(String(lines.count)))
    }

    @Test func documentsKeepTheRelativePathTheUserGave() throws {
        let folder = try temporaryFolder()
        let seeds = folder.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TupuProcess.seeds + "/000_74a9a881fb5bd59e.txt", toPath: seeds.appendingPathComponent("000_74a9a881fb5bd59e.txt").path)
        for given in ["seeds", "./seeds/"] {
            let db = folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
            #expect(try TupuProcess.run(["ingest", "--db", db, given], in: folder).status == 0)
            let jsonl = try TupuProcess.run(["export", "--db", db, "--format", "jsonl"], in: folder)
            #expect(jsonl.stdout.contains("\"document\":\"seeds/000_74a9a881fb5bd59e.txt\""))
        }
    }

    @Test func databasePathComesFromTheEnvironmentThenTheDefault() throws {
        let folder = try temporaryFolder()
        let fromEnvironment = folder.appendingPathComponent("env.sqlite").path
        let result = try TupuProcess.run(["ingest", TupuProcess.seeds], environment: ["TUPU_DB": fromEnvironment], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("tupu.sqlite").path))

        let byDefault = try TupuProcess.run(["ingest", TupuProcess.seeds], in: folder)
        #expect(byDefault.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tupu.sqlite").path))
    }

    @Test func renderWritesSVGWithChineseNamesAndDOTByExtension() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("seed.sqlite").path
        _ = try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds])
        let svg = folder.appendingPathComponent("g.svg").path
        let render = try TupuProcess.run(["render", "--db", db, "-o", svg])
        #expect(render.status == 0, "\(render.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<svg"))
        #expect(text.contains(">李希<"))
        let dot = try TupuProcess.run(["render", "--db", db])
        #expect(dot.stdout.hasPrefix("digraph"))
        let unknown = try TupuProcess.run(["render", "--db", db, "-o", folder.appendingPathComponent("g.txt").path])
        #expect(unknown.status == 64)
    }

    @Test func badInputGetsAOneLineMessageAndANonZeroExit() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("x.sqlite").path

        let missing = try TupuProcess.run(["ingest", "--db", db, folder.appendingPathComponent("nope").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("does not exist"))

        let syntax = try TupuProcess.run(["query", "--db", db, "?p attended"])
        #expect(syntax.status == 64)
        #expect(syntax.stderr.contains("expected an object"))

        let predicate = try TupuProcess.run(["query", "--db", db, "?p befriended ?q"])
        #expect(predicate.status == 64)
        #expect(predicate.stderr.contains("attended"))

        let notADatabase = folder.appendingPathComponent("text.sqlite")
        try Data("这不是数据库\n".utf8).write(to: notADatabase)
        let refused = try TupuProcess.run(["stats", "--db", notADatabase.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not a Tupu database"))
        #expect(try Data(contentsOf: notADatabase) == Data("这不是数据库\n".utf8))

        let noDatabase = try TupuProcess.run(["stats", "--db", folder.appendingPathComponent("absent.sqlite").path])
        #expect(noDatabase.status != 0)
    }
}

/// The committed gallery is what the current code draws: a byte-exact golden test of the DOT
/// files in Graphs/ (rerun scripts/make-graphs.sh after changing rules or rendering).
@Suite(.serialized) struct GalleryTests {
    @Test func committedSeedGraphsMatchWhatTupuDraws() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("seeds.sqlite").path
        // Ingest with the same relative path as the main job, from the repository root.
        #expect(try TupuProcess.run(["ingest", "--db", db, "seeds"], in: TupuProcess.repository).status == 0)
        let graphs = TupuProcess.repository.appendingPathComponent("Graphs")
        let meeting = try TupuProcess.run(["query", "--db", db, "--format", "tsv", "?person presided ?event"])
            .stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t").last.map(String.init)
        let views: [(String, [String])] = [
            ("seeds.dot", []),
            ("seeds-meeting.dot", ["--event", meeting ?? "?"]),
            ("seeds-ego-lixi.dot", ["--center", "李希", "--depth", "1"]),
        ]
        for (file, options) in views {
            let drawn = try TupuProcess.run(["render", "--db", db, "--format", "dot"] + options)
            #expect(drawn.status == 0, "\(drawn.stderr)")
            let committed = try String(contentsOf: graphs.appendingPathComponent(file), encoding: .utf8)
            #expect(drawn.stdout == committed, "Graphs/\(file) is stale: run scripts/make-graphs.sh")
        }
    }
}

/// `tupu eval --peoples-daily` on a small file in the corpus's format, written for the test.
@Suite struct PeoplesDailyEvalTests {
    @Test func scoresTheTestPartOfACorpusFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Ten lines: the first nine train, the last one is the test part.
        var lines = (1...9).map { "1998011\($0 % 10)-01-001-00\($0)/m  今天/t  天气/n  很/d  好/a  。/w" }
        lines.append("19980110-01-001-010/m  王/nr  建国/nr  在/p  北京/ns  会见/v  了/u  客人/n  。/w")
        let corpus = folder.appendingPathComponent("199801.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: corpus, atomically: true, encoding: .utf8)
        let result = try TupuProcess.run(["eval", "--peoples-daily", corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("test part: 1 lines, 12 characters"), "\(result.stdout)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        // spans kind gold found correct precision recall f1
        let place = try #require(rows.first { $0.starts(with: ["extractor", "place"]) })
        #expect(Array(place[2...4]) == ["1", "1", "1"])
        let person = try #require(rows.first { $0.starts(with: ["extractor", "person"]) })
        #expect(person[2] == "1")
        #expect(rows.contains { $0.starts(with: ["model", "alone", "person"]) })

        // Not quiet: each span the extractor missed or found wrongly, with its line and context.
        #expect(!result.stdout.contains("missed by the extractor"), "\(result.stdout)")
        let train = try TupuProcess.run(["eval", "--peoples-daily", corpus.path, "--part", "train"])
        #expect(train.status == 0 && train.stdout.contains("train part: 9 lines"), "\(train.stdout)\(train.stderr)")
        let noPart = try TupuProcess.run(["eval", "--part", "train", "seeds"])
        #expect(noPart.status == 64 && noPart.stderr.contains("--peoples-daily"), "\(noPart.stderr)")
        // A gold name no extractor finds (客人 tagged as a person) is listed with its context.
        lines[9] = "19980110-01-001-010/m  王/nr  建国/nr  在/p  北京/ns  会见/v  了/u  客人/nr  。/w"
        try (lines.joined(separator: "\n") + "\n").write(to: corpus, atomically: true, encoding: .utf8)
        let listed = try TupuProcess.run(["eval", "--peoples-daily", corpus.path])
        #expect(listed.status == 0 && listed.stdout.contains("missed by the extractor (1):\n  person\t客人\tline 1: 王建国在北京会见了[客人]。"), "\(listed.stdout)")
        let quiet = try TupuProcess.run(["eval", "--quiet", "--peoples-daily", corpus.path])
        #expect(quiet.status == 0 && !quiet.stdout.contains("客人"), "\(quiet.stdout)")

        let mixed = try TupuProcess.run(["eval", "--peoples-daily", corpus.path, "seeds"])
        #expect(mixed.status == 64)
        let empty = folder.appendingPathComponent("empty.txt")
        try "no tags here\n".write(to: empty, atomically: true, encoding: .utf8)
        let none = try TupuProcess.run(["eval", "--peoples-daily", empty.path])
        #expect(none.status != 0 && none.stderr.contains("People's Daily format"), "\(none.stderr)")
    }
}
