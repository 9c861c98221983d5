import Foundation
import TupuModel
import Testing
import TupuBench

// "Never lose a fact, never let bad input through": every document is stored whole or not at
// all, whatever happens to the process (SIGKILL at any moment), whoever else uses the database
// (readers, a second writer), and ingesting again changes only what changed.
//
// The corpus is generated here from one meeting template, so the facts of every article are
// known in advance; the database is checked from outside, with Python's sqlite3 module.

// MARK: - A deterministic corpus of meeting reports

/// One generated article: its file name, text, and the triples the template states.
struct MeetingArticle: Sendable {
    var file: String
    var text: String
    /// `subject<TAB>predicate<TAB>object` once per statement in the text, as `tupu extract`
    /// prints them: one evidence row each (the title states where the meeting was held too).
    var statements: [String]
    /// The meeting's name as extraction gives it, and its date.
    var event: String
    var date: String
    /// The meeting as the store names it (see `Extraction.identified(contentHash:)`).
    var instance: String { "\(event)（\(date)）" }
    /// The evidence rows an ingest stores: one per statement, plus the meeting's series, the
    /// document that reports it and the document's publication date.
    var storedEvidence: Int { statements.count + 3 }
    /// The distinct triples, as `tupu export --format tsv` prints them, without those about
    /// the document (named by its content hash).
    var facts: Set<String> {
        Set(statements.map { $0.replacingOccurrences(of: event, with: instance) } + ["\(instance)\tinstance_of\t\(event)"])
    }
}

enum MeetingCorpus {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程魏苏吕沈姚卢姜崔钟谭陆汪范廖贾夏邹孟熊秦邱尹薛侯史陶贺顾毛郝龚邵钱严戴孔汤").map(String.init)
    static let givenFirst = Array("建志海晓立卫春永德振学伟宏清新光正俊").map(String.init)
    static let givenSecond = Array("强涛辉东华平军民栋林峰斌杰勇磊鹏刚亮").map(String.init)
    static let cities = ["广州", "深圳", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名"]
    static let topics = [
        "安全生产", "农业农村", "教育", "科技创新", "生态环境保护", "民政", "统战", "组织",
        "宣传思想", "政法", "卫生健康", "交通运输", "水利", "商务", "审计",
    ]
    /// With the topic, names one meeting per article.
    static let aspects = ["", "改革", "督查", "专项", "考核", "培训", "信访", "法治", "统计", "应急"]

    /// `count` articles (at most topics × aspects: one meeting each), named `m000.txt` …
    ///
    /// The secretary and the governor come from a few people, so many triples
    /// (`X holds_role 省委书记`) are shared by several documents.
    static func articles(count: Int = 150, seed: UInt64 = 0x7475_7075) -> [MeetingArticle] {
        var random = SplitMix64(seed: seed)
        func person(_ taken: inout Set<String>) -> String {
            while true {
                let name = surnames.randomElement(using: &random)! + givenFirst.randomElement(using: &random)!
                    + givenSecond.randomElement(using: &random)!
                if taken.insert(name).inserted { return name }
            }
        }
        var leaders = Set<String>()
        let secretaries = (0..<4).map { _ in person(&leaders) }
        let governors = (0..<4).map { _ in person(&leaders) }
        return (0..<count).map { index in
            var taken = leaders
            let secretary = secretaries.randomElement(using: &random)!
            let governor = governors.randomElement(using: &random)!
            let others = (0..<3).map { _ in person(&taken) }
            return article(
                index: index, city: cities[(index * 7 + index / 10) % cities.count],
                secretary: secretary, governor: governor, others: others)
        }
    }

    /// The article of the template with these names.
    static func article(index: Int, city: String, secretary: String, governor: String, others: [String]) -> MeetingArticle {
        let month = 1 + index % 12
        let day = 1 + index / 12 % 27
        let topic = topics[index % topics.count] + aspects[index / topics.count % aspects.count]
        let event = "全省\(topic)工作会议"
        let published = String(format: "2023-%02d-%02d", month, day + 1)
        let text = """
            全省\(topic)工作会议在\(city)召开

            发布时间:\(published)     来源:南方日报

            \(month)月\(day)日，\(event)在\(city)召开。省委书记\(secretary)出席会议并讲话，省长\(governor)主持会议。\
            省领导\(others.joined(separator: "、"))参加会议。

            """
        var statements = [
            "\(event)\theld_in\t\(city)",
            "\(secretary)\tholds_role\t省委书记",
            "\(secretary)\tattended\t\(event)",
            "\(secretary)\tspoke_at\t\(event)",
            "\(governor)\tholds_role\t省长",
            "\(governor)\tpresided\t\(event)",
            "\(event)\theld_in\t\(city)",
            "\(event)\theld_on\t" + String(format: "2023-%02d-%02d", month, day),
        ]
        statements += others.map { "\($0)\tattended\t\(event)" }
        return MeetingArticle(
            file: String(format: "m%03d.txt", index), text: text, statements: statements, event: event,
            date: String(format: "2023-%02d-%02d", month, day))
    }

    static func write(_ articles: [MeetingArticle], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for article in articles {
            try Data(article.text.utf8).write(to: folder.appendingPathComponent(article.file))
        }
    }
}

// MARK: - Looking at the database from outside

/// What Python's sqlite3 module sees in a database file, read in one transaction.
struct DatabaseCheck: Decodable, Equatable, Sendable {
    /// Per document: evidence, mention and alias rows, and a digest of its evidence rows (ids included).
    struct Document: Decodable, Equatable, Sendable {
        var evidence: Int
        var mentions: Int
        var aliases: Int
        var digest: String
    }
    /// False when the file is missing or empty (every other field is then empty).
    var exists: Bool
    var integrity: [String]
    var foreignKeyViolations: Int
    var migrations: [String]
    var documents: [String: Document]
    var orphanTriples: Int
    var orphanEntities: Int
    /// Rows of the FTS5 tables and of the tables they index (kept equal by triggers).
    var entities: Int
    var entitySearch: Int
    var aliases: Int
    var aliasSearch: Int

    private static let script = #"""
        import hashlib, json, os, sqlite3, sys, urllib.parse
        path = sys.argv[1]
        out = {"exists": False, "integrity": [], "foreignKeyViolations": 0, "migrations": [], "documents": {},
               "orphanTriples": 0, "orphanEntities": 0, "entities": 0, "entitySearch": 0, "aliases": 0, "aliasSearch": 0}
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            print(json.dumps(out)); sys.exit(0)
        con = sqlite3.connect("file:" + urllib.parse.quote(path) + "?mode=ro", uri=True, isolation_level=None)
        con.execute("BEGIN")
        one = lambda sql: con.execute(sql).fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out["exists"] = True
        out["integrity"] = [r[0] for r in con.execute("PRAGMA integrity_check")]
        out["foreignKeyViolations"] = len(con.execute("PRAGMA foreign_key_check").fetchall())
        if "grdb_migrations" in tables:
            out["migrations"] = sorted(r[0] for r in con.execute("SELECT identifier FROM grdb_migrations"))
        if "document" in tables:
            docs = {}
            for doc_id, doc_path in con.execute("SELECT id, path FROM document").fetchall():
                rows = con.execute('SELECT e.tripleId, e.sentenceStart, e.sentenceEnd, e.start, e."end", r.name, '
                                   "e.confidenceThousandths FROM evidence e JOIN rule r ON r.id = e.ruleId "
                                   'WHERE e.documentId = ? ORDER BY e.tripleId, e.start, e."end", r.name', (doc_id,)).fetchall()
                docs[doc_path] = {
                    "evidence": len(rows),
                    "mentions": con.execute("SELECT ifnull(sum(count), 0) FROM mention WHERE documentId = ?", (doc_id,)).fetchone()[0],
                    "aliases": con.execute("SELECT count(*) FROM alias WHERE documentId = ?", (doc_id,)).fetchone()[0],
                    "digest": hashlib.sha256(repr(rows).encode()).hexdigest()}
            out["documents"] = docs
            out["orphanTriples"] = one("SELECT count(*) FROM triple t WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.tripleId = t.id)")
            out["orphanEntities"] = one("SELECT count(*) FROM entity n WHERE NOT EXISTS (SELECT 1 FROM triple t WHERE n.id IN (t.subjectId, t.objectId)) "
                                        + ("AND NOT EXISTS (SELECT 1 FROM entity_document m WHERE m.entityId = n.id) " if "entity_document" in tables else "") +
                                        "AND NOT EXISTS (SELECT 1 FROM alias a WHERE a.entityId = n.id)")
            out["entities"] = one("SELECT count(*) FROM entity")
            out["aliases"] = one("SELECT count(*) FROM alias")
        if "entity_search" in tables:
            out["entitySearch"] = one("SELECT count(*) FROM entity_search")
            out["aliasSearch"] = one("SELECT count(*) FROM alias_search")
        con.execute("COMMIT")
        print(json.dumps(out))
        """#

    /// `python3` as `/usr/bin/env` finds it, resolved once (a version-manager shim costs
    /// a few hundred milliseconds a call).
    private static let python: (path: String, arguments: [String]) = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return ("/usr/bin/env", ["python3"]) }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && path.hasPrefix("/") ? (path, []) : ("/usr/bin/env", ["python3"])
    }()

    /// What a missing file looks like.
    static let missing = DatabaseCheck(
        exists: false, integrity: [], foreignKeyViolations: 0, migrations: [], documents: [:], orphanTriples: 0,
        orphanEntities: 0, entities: 0, entitySearch: 0, aliases: 0, aliasSearch: 0)

    static func of(_ database: String) throws -> DatabaseCheck {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python.path)
        process.arguments = python.arguments + ["-c", script, database]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckFailure("python3 could not read \(database): \(String(decoding: errors, as: UTF8.self))")
        }
        return try JSONDecoder().decode(DatabaseCheck.self, from: data)
    }

    /// The invariants every state of the database must satisfy, crash or not: the file is
    /// sound, nothing dangles, and each stored document has exactly the rows of a complete
    /// ingest (`reference`, by path).
    func expectWhole(comparedWith reference: [String: Document], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard exists else { return }
        #expect(integrity == ["ok"], "\(label): integrity_check \(integrity)", sourceLocation: sourceLocation)
        #expect(foreignKeyViolations == 0, "\(label): foreign key violations", sourceLocation: sourceLocation)
        #expect(orphanTriples == 0, "\(label): triples without evidence", sourceLocation: sourceLocation)
        #expect(orphanEntities == 0, "\(label): entities without facts, mentions or aliases", sourceLocation: sourceLocation)
        if migrations.contains("v2") {
            #expect(entitySearch == entities && aliasSearch == aliases, "\(label): search index out of step", sourceLocation: sourceLocation)
        }
        for (path, stored) in documents {
            guard let expected = reference[path] else {
                Issue.record("\(label): unexpected document \(path)", sourceLocation: sourceLocation)
                continue
            }
            #expect(
                (stored.evidence, stored.mentions, stored.aliases) == (expected.evidence, expected.mentions, expected.aliases),
                "\(label): \(path) is half-stored: \(stored) instead of \(expected)", sourceLocation: sourceLocation)
        }
    }
}

struct CheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Running tupu on the corpus

/// One of the totals `tupu stats` prints (`documents`, `triples`, `evidence`, …).
func statsCount(_ stats: String, _ what: String) -> Int? {
    for line in stats.split(separator: "\n") {
        let fields = line.split(separator: " ")
        if fields.first.map(String.init) == what, let last = fields.last { return Int(last) }
    }
    return nil
}

/// A folder holding the generated corpus (`corpus/`), the databases of a test, and the state
/// of one uninterrupted ingest of the corpus. Every command runs in the folder, so documents
/// are stored as `corpus/m000.txt` …
struct IngestedCorpus: Sendable {
    var folder: URL
    var articles: [MeetingArticle]
    /// Paths as tupu stores them, in ingest order.
    var paths: [String]
    var check: DatabaseCheck
    var stats: String
    var tsv: String
    /// Wall-clock time of the ingest, and of an ingest with nothing to do (start-up), in seconds.
    var seconds: Double
    var idleSeconds: Double

    /// Built once and shared by the tests that only read it.
    static let shared = Result { try IngestedCorpus.make() }

    static func make() throws -> IngestedCorpus {
        let folder = try temporaryFolder()
        let articles = MeetingCorpus.articles()
        try MeetingCorpus.write(articles, to: folder.appendingPathComponent("corpus"))
        var corpus = IngestedCorpus(
            folder: folder, articles: articles, paths: articles.map { "corpus/\($0.file)" },
            check: .missing, stats: "", tsv: "", seconds: 0, idleSeconds: 0)
        let database = corpus.database("reference")
        var started = Date()
        let ingest = try corpus.tupu(["ingest", "--batch-size", "5", "--db", database, "corpus"])
        corpus.seconds = Date().timeIntervalSince(started)
        guard ingest.status == 0 else { throw CheckFailure("reference ingest failed: \(ingest.stderr)") }
        started = Date()
        let idle = try corpus.tupu(["ingest", "--db", database, "corpus"])
        corpus.idleSeconds = Date().timeIntervalSince(started)
        guard idle.stdout.contains("150 unchanged") else { throw CheckFailure("second ingest: \(idle.stdout)") }
        // An ingest that extracts also loads the name model (timed here as a one-file extract,
        // process start included) after it has read and hashed every file.
        started = Date()
        _ = try corpus.tupu(["extract", "corpus/" + articles[0].file])
        corpus.idleSeconds += Date().timeIntervalSince(started)
        corpus.check = try DatabaseCheck.of(database)
        corpus.stats = try corpus.tupu(["stats", "--db", database]).stdout
        corpus.tsv = try corpus.tupu(["export", "--db", database, "--format", "tsv"]).stdout
        return corpus
    }

    /// A copy of the corpus and of its reference database in a new folder, for a test that changes them.
    func copy() throws -> IngestedCorpus {
        let target = try temporaryFolder()
        try FileManager.default.copyItem(at: folder.appendingPathComponent("corpus"), to: target.appendingPathComponent("corpus"))
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database("reference") + suffix) {
            try FileManager.default.copyItem(atPath: database("reference") + suffix, toPath: target.appendingPathComponent("reference.sqlite" + suffix).path)
        }
        var copy = self
        copy.folder = target
        return copy
    }

    func database(_ name: String) -> String { folder.appendingPathComponent("\(name).sqlite").path }

    func tupu(_ arguments: [String]) throws -> TupuProcess.Result {
        try TupuProcess.run(arguments, in: folder)
    }

    /// Starts `tupu` in the folder without waiting; its output goes to `name.out` and
    /// `name.err` there (no pipe to fill up).
    func start(_ arguments: [String], name: String) throws -> Process {
        let process = Process()
        process.executableURL = TupuProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TUPU_DB")
        process.environment = environment
        let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return process
    }

    func output(of name: String) -> (stdout: String, stderr: String) {
        func read(_ suffix: String) -> String {
            (try? String(contentsOf: folder.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)) ?? ""
        }
        return (read("out"), read("err"))
    }

    /// The database holds exactly what the reference run stored: same stats, same export.
    func expectSameAsReference(_ database: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stats = try tupu(["stats", "--db", database])
        #expect(stats.status == 0 && stats.stdout == self.stats, "\(label): stats differ\n\(stats.stdout)\(stats.stderr)", sourceLocation: sourceLocation)
        let tsv = try tupu(["export", "--db", database, "--format", "tsv"])
        #expect(tsv.status == 0 && tsv.stdout == self.tsv, "\(label): export differs", sourceLocation: sourceLocation)
    }
}

// MARK: - Tests

@Suite(.serialized) struct DurabilityTests {
    /// The generated corpus is what the tests think it is: each article yields exactly its
    /// template's statements, and an ingest stores one evidence row per statement.
    @Test func generatedCorpusYieldsTheTemplateFacts() throws {
        let reference = try IngestedCorpus.shared.get()
        #expect(reference.articles.count == 150)
        #expect(Set(reference.articles.map(\.text)).count == 150)
        let meetings = Set(reference.articles.compactMap { $0.statements.first?.split(separator: "\t").first })
        #expect(meetings.count == 150, "one meeting per article")

        let extracted = try reference.tupu(["extract"] + reference.paths)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        var byFile: [String: [String]] = [:]
        var current = ""
        for line in extracted.stdout.split(separator: "\n") {
            if line.hasPrefix("# ") {
                current = String(line.dropFirst(2).split(separator: "\t")[0])
            } else {
                byFile[current, default: []].append(line.split(separator: "\t").prefix(3).joined(separator: "\t"))
            }
        }
        for (article, path) in zip(reference.articles, reference.paths) {
            let facts = byFile[path] ?? []
            #expect(facts.sorted() == article.statements.sorted(), "\(article.file): \(facts) ≠ \(article.statements)")
            #expect(reference.check.documents[path]?.evidence == article.storedEvidence, "\(article.file): evidence rows")
        }
        #expect(reference.check.documents.count == 150)
        reference.check.expectWhole(comparedWith: reference.check.documents, "reference")

        let exported = reference.tsv.split(separator: "\n").map(String.init).filter { !$0.contains("\treported_by\t") && !$0.contains("\tpublished_on\t") }
        let union = reference.articles.reduce(into: Set<String>()) { $0.formUnion($1.facts) }
        #expect(exported.count == union.count && Set(exported) == union)
        #expect(statsCount(reference.stats, "documents") == 150)
        #expect(statsCount(reference.stats, "evidence") == reference.articles.reduce(0) { $0 + $1.storedEvidence })
        // Besides: one reported_by and one published_on per document.
        #expect(statsCount(reference.stats, "triples") == union.count + 2 * 150)
    }

    /// SIGKILL at a random moment of an ingest. Each chain ingests the corpus into a new
    /// database, kills the ingest after a seeded random delay between 3 ms and the time a
    /// whole run of what is left takes, checks the file, and starts again, up to seven
    /// times; then an ingest runs to the end (at least 20 kills in all). After every kill the file is sound, what is
    /// stored is a prefix of the batch and every stored document is whole; the last run adds
    /// exactly the rest and the database equals the uninterrupted reference.
    @Test func sigkillNeverLeavesAHalfStoredDocument() throws {
        let reference = try IngestedCorpus.shared.get()
        var random = SplitMix64(seed: 0x6B69_6C6C)
        let perDocument = max(0, reference.seconds - reference.idleSeconds) / 150
        var kills = 0, midway = 0, chains = 0
        let started = Date()
        while kills < 20 {
            let database = reference.database("killed-\(chains)")
            var stored = 0
            var finished = false
            for attempt in 0..<7 where !finished {
                let name = "killed-\(chains)-\(attempt)"
                let wholeRun = reference.idleSeconds + perDocument * Double(150 - stored)
                // One kill in six anywhere from the start; the others after the start-up (the
                // process and the name model loading), where the batch is being stored.
                let earliest = attempt % 6 == 0 ? 0.003 : min(reference.idleSeconds, wholeRun * 0.5)
                let delay = Double.random(in: earliest...max(earliest + 0.001, wholeRun * 0.9), using: &random)
                let process = try reference.start(["ingest", "--batch-size", "5", "--db", database, "corpus"], name: name)
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let label = "chain \(chains) kill \(attempt) (after \(Int(delay * 1000)) ms, \(stored) stored before)"
                if process.terminationReason == .exit {
                    // It finished before the signal: that run must have been a clean one.
                    #expect(process.terminationStatus == 0, "\(label): \(reference.output(of: name).stderr)")
                    finished = true
                } else {
                    kills += 1
                }

                let check = try DatabaseCheck.of(database)
                check.expectWhole(comparedWith: reference.check.documents, label)
                let now = check.documents.count
                #expect(now >= stored, "\(label): documents went from \(stored) to \(now)")
                #expect(Set(check.documents.keys) == Set(reference.paths.prefix(now)), "\(label): stored documents are not a prefix of the batch")
                if !finished && now > stored && now < 150 { midway += 1 }
                if check.migrations.contains("v2") {
                    let stats = try reference.tupu(["stats", "--db", database])
                    #expect(stats.status == 0 && statsCount(stats.stdout, "documents") == now, "\(label): tupu stats: \(stats.stdout)\(stats.stderr)")
                }
                stored = now
            }
            let rerun = try reference.tupu(["ingest", "--db", database, "corpus"])
            #expect(rerun.status == 0, "chain \(chains) rerun: \(rerun.stderr)")
            #expect(
                rerun.stdout.contains("150 file(s): \(150 - stored) added, 0 replaced, \(stored) unchanged, 0 skipped."),
                "chain \(chains) rerun: \(rerun.stdout)")
            try reference.expectSameAsReference(database, "chain \(chains) rerun")
            let final = try DatabaseCheck.of(database)
            final.expectWhole(comparedWith: reference.check.documents, "chain \(chains) rerun")
            #expect(final.documents.count == 150)
            chains += 1
        }
        // The delays must catch ingests in the middle of the batch, not only at start-up.
        #expect(midway >= kills / 4, "only \(midway) of \(kills) kills interrupted the batch midway")
        print("SIGKILL: \(kills) kills in \(chains) chains, \(midway) in the middle of the batch, in \(Date().timeIntervalSince(started)) s (whole ingest \(reference.seconds) s)")
    }

    /// Readers during an ingest always succeed and see whole documents: the document count
    /// never goes down, evidence and mentions are those of the first N documents, and every
    /// meeting has all four of its attendees.
    @Test func readersDuringAnIngestSeeWholeDocuments() throws {
        let reference = try IngestedCorpus.shared.get()
        let database = reference.database("read-while-writing")
        // The database exists before the readers start (a read-only open never creates it).
        let first = try reference.tupu(["ingest", "--db", database, reference.paths[0]])
        #expect(first.status == 0, "\(first.stderr)")

        let prefixEvidence = reference.paths.reduce(into: [0]) { $0.append($0.last! + reference.check.documents[$1]!.evidence) }
        let prefixMentions = reference.paths.reduce(into: [0]) { $0.append($0.last! + reference.check.documents[$1]!.mentions) }

        let writer = try reference.start(["ingest", "--batch-size", "1", "--db", database, "corpus"], name: "writer")
        var lastDocuments = 1
        var reads = 0
        var sawMidway = false
        let attendedQuery = "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e GROUP BY ?e"
        while writer.isRunning || reads == 0 {
            let stats = try reference.tupu(["stats", "--db", database])
            #expect(stats.status == 0, "stats: \(stats.stderr)")
            let documents = statsCount(stats.stdout, "documents") ?? -1
            #expect(documents >= lastDocuments, "documents went from \(lastDocuments) down to \(documents)")
            if (1...150).contains(documents) {
                #expect(statsCount(stats.stdout, "evidence") == prefixEvidence[documents], "evidence of \(documents) documents")
                #expect(statsCount(stats.stdout, "mentions") == prefixMentions[documents], "mentions of \(documents) documents")
            }
            if documents > 1 && documents < 150 { sawMidway = true }
            lastDocuments = max(lastDocuments, documents)

            // One meeting per stored document, each with all four attendees.
            let query = try reference.tupu(["query", "--db", database, "--format", "tsv", attendedQuery])
            #expect(query.status == 0, "query: \(query.stderr)")
            let rows = query.stdout.split(separator: "\n").dropFirst()
            #expect(rows.allSatisfy { $0.hasSuffix("\t4") }, "a meeting without all its attendees: \(rows.filter { !$0.hasSuffix("\t4") })")
            #expect(rows.count >= lastDocuments, "\(rows.count) meetings for \(lastDocuments) documents")
            lastDocuments = max(lastDocuments, min(rows.count, 150))

            let render = try reference.tupu(["render", "--db", database, "--format", "dot"])
            #expect(render.status == 0 && render.stdout.hasPrefix("digraph"), "render: \(render.stderr)")
            reads += 1
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0, "\(reference.output(of: "writer").stderr)")
        #expect(sawMidway, "no read happened while the ingest was half done (\(reads) reads)")
        print("readers: \(reads) rounds of stats, query and render during one ingest")
        let final = try DatabaseCheck.of(database)
        final.expectWhole(comparedWith: reference.check.documents, "after the readers")
        #expect(final.documents.count == 150)
        try reference.expectSameAsReference(database, "after the readers")
    }

    /// Two ingests of the two halves started together, three times on a new database and once
    /// on an existing one: both finish, or one says the database is locked/busy (and its half
    /// is ingested again); the file is never corrupt and ends with every document.
    @Test func twoIngestsAtOnceBothLand() throws {
        let reference = try IngestedCorpus.shared.get()
        let halves = [Array(reference.paths.prefix(75)), Array(reference.paths.dropFirst(75))]
        for round in 0..<4 {
            let started = Date()
            let database = reference.database("two-writers-\(round)")
            if round == 3 {
                // An existing database, already holding a document of each half.
                let seed = try reference.tupu(["ingest", "--db", database, halves[0][0], halves[1][0]])
                #expect(seed.status == 0, "\(seed.stderr)")
            }
            let writers = try halves.indices.map { index in
                try reference.start(["ingest", "--db", database] + halves[index], name: "writer-\(round)-\(index)")
            }
            for (index, writer) in writers.enumerated() {
                writer.waitUntilExit()
                let output = reference.output(of: "writer-\(round)-\(index)")
                if writer.terminationStatus != 0 {
                    let message = output.stderr.lowercased()
                    #expect(
                        message.contains("locked") || message.contains("busy"),
                        "round \(round), writer \(index): exit \(writer.terminationStatus): \(output.stderr)")
                    let again = try reference.tupu(["ingest", "--db", database] + halves[index])
                    #expect(again.status == 0, "round \(round), writer \(index) again: \(again.stderr)")
                }
            }
            let check = try DatabaseCheck.of(database)
            check.expectWhole(comparedWith: reference.check.documents, "round \(round)")
            #expect(check.documents.count == 150, "round \(round): \(check.documents.count) documents")
            let stats = try reference.tupu(["stats", "--db", database])
            #expect(stats.stdout == reference.stats, "round \(round): stats differ\n\(stats.stdout)")
            // Entity and triple ids depend on who wrote first, so compare the export as a set.
            let tsv = try reference.tupu(["export", "--db", database, "--format", "tsv"])
            let lines = tsv.stdout.split(separator: "\n")
            #expect(lines.count == Set(lines).count && Set(lines) == Set(reference.tsv.split(separator: "\n")), "round \(round): export differs")
            print("two writers, round \(round): exits \(writers.map(\.terminationStatus)), \(Date().timeIntervalSince(started)) s")
        }
    }

    /// Ingesting the same corpus again changes nothing; changing one article replaces only its
    /// facts: the evidence rows of every other document stay the same rows.
    @Test func reingestIsIdempotentAndAChangedArticleReplacesOnlyItsFacts() throws {
        let reference = try IngestedCorpus.shared.get().copy()
        // Documents are identified by their files' canonical paths: the copied database knows
        // the files of the original folder, so the copy is ingested afresh, as the reference was.
        let database = reference.database("fresh")
        #expect(try reference.tupu(["ingest", "--batch-size", "5", "--db", database, "corpus"]).status == 0)
        #expect(try DatabaseCheck.of(database) == reference.check)

        let again = try reference.tupu(["ingest", "--db", database, "corpus"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("150 file(s): 0 added, 0 replaced, 150 unchanged, 0 skipped."), "\(again.stdout)")
        try reference.expectSameAsReference(database, "second ingest")
        #expect(try DatabaseCheck.of(database) == reference.check, "a second ingest of the same files changed rows")

        // Article 37 now meets in another city, chaired by another governor, with other leaders.
        let index = 37
        let old = reference.articles[index]
        let secretary = old.statements.first { $0.hasSuffix("\tholds_role\t省委书记") }!.components(separatedBy: "\t")[0]
        let changed = MeetingCorpus.article(
            index: index, city: "惠州", secretary: secretary, governor: "钱振鹏", others: ["顾清东", "邵俊杰", "汤新华"])
        try Data(changed.text.utf8).write(to: reference.folder.appendingPathComponent(reference.paths[index]))
        let path = reference.paths[index]

        let replaced = try reference.tupu(["ingest", "--db", database, "corpus"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("150 file(s): 0 added, 1 replaced, 149 unchanged, 0 skipped."), "\(replaced.stdout)")

        let check = try DatabaseCheck.of(database)
        var expected = reference.check.documents
        expected[path] = check.documents[path]
        check.expectWhole(comparedWith: expected, "after the change")
        #expect(check.documents.count == 150)
        for other in reference.paths where other != path {
            #expect(check.documents[other] == reference.check.documents[other], "\(other) changed with \(path)")
        }
        #expect(check.documents[path]?.evidence == changed.storedEvidence)
        #expect(check.documents[path]?.digest != reference.check.documents[path]?.digest)

        // The export is the union of the articles' facts as they now read: the facts only the
        // old article stated are gone, the shared ones (the secretary's role) stay.
        var articles = reference.articles
        articles[index] = changed
        let union = articles.reduce(into: Set<String>()) { $0.formUnion($1.facts) }
        let tsv = try reference.tupu(["export", "--db", database, "--format", "tsv"]).stdout.split(separator: "\n").map(String.init)
            .filter { !$0.contains("\treported_by\t") && !$0.contains("\tpublished_on\t") }
        #expect(tsv.count == union.count && Set(tsv) == union)
        #expect(old.facts.subtracting(union).count == 5, "the old meeting's place, chair and three leaders should be gone")
        #expect(union.contains("\(secretary)\tholds_role\t省委书记"))

        let idle = try reference.tupu(["ingest", "--db", database, "corpus"])
        #expect(idle.stdout.contains("0 added, 0 replaced, 150 unchanged"), "\(idle.stdout)")
        #expect(try DatabaseCheck.of(database) == check)
    }
}
