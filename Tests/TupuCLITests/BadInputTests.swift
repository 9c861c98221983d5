import Foundation
import Testing

/// Every kind of bad input gets one line on stderr that names it, and its own exit code;
/// databases that are refused are left byte-identical. Also `tupu remove`.
@Suite(.serialized) struct BadInputTests {
    static let seed = TupuProcess.seeds + "/000_74a9a881fb5bd59e.txt"
    static let article = TupuProcess.repository.appendingPathComponent("Tests/Fixtures/articles/03_hubei_wuhan_signing.txt").path

    /// The stderr lines, checking there is exactly `count` of them.
    private func lines(_ result: TupuProcess.Result, count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == count, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        return lines
    }

    private func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A database holding the seed.
    private func seededDatabase(in folder: URL, name: String = "seed.sqlite") throws -> String {
        let db = folder.appendingPathComponent(name).path
        let result = try TupuProcess.run(["ingest", "--db", db, Self.seed])
        try #require(result.status == 0, "\(result.stderr)")
        return db
    }

    private func python(_ script: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    private func stats(_ db: String) throws -> String {
        let result = try TupuProcess.run(["stats", "--db", db, "--format", "tsv"])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    // MARK: - Documents

    @Test func missingPathAndFolderWithoutTextFiles() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("x.sqlite").path
        let missing = folder.appendingPathComponent("nope").path
        let result = try TupuProcess.run(["ingest", "--db", db, missing])
        #expect(result.status == 66)
        #expect(lines(result) == ["tupu: \(missing) does not exist; check the path"])

        let notes = folder.appendingPathComponent("notes")
        _ = try write(Array("# 笔记\n".utf8), "notes/readme.md", in: folder)
        let empty = try TupuProcess.run(["ingest", "--db", db, notes.path])
        #expect(empty.status == 66)
        #expect(lines(empty).first?.hasPrefix("tupu: \(notes.path) contains no .txt files") == true)
        #expect(!FileManager.default.fileExists(atPath: db), "no database is created for a batch that cannot start")
    }

    @Test func batchSizeAndJobsMustBePositive() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("x.sqlite").path
        for (option, message) in [("--batch-size", "--batch-size must be at least 1."), ("--jobs", "--jobs must be at least 1.")] {
            let result = try TupuProcess.run(["ingest", "--db", db, option, "0", Self.seed])
            #expect(result.status == 64, "\(option)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func emptyBinaryAndTooLargeFilesAreSkippedWithExitThree() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("x.sqlite").path
        let empty = try write(Array(" \n\n".utf8), "empty.txt", in: folder)
        let result = try TupuProcess.run(["ingest", "--db", db, empty])
        #expect(result.status == 3)
        #expect(lines(result) == ["tupu: skipped: \(empty) is empty (no text); nothing to ingest"])

        let binary = try write([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "program.txt", in: folder)
        let binaryResult = try TupuProcess.run(["ingest", "--db", db, binary])
        #expect(binaryResult.status == 3)
        #expect(lines(binaryResult) == [
            "tupu: skipped: \(binary) is a binary file, not text (NUL byte at offset 7); pass UTF-8, UTF-16 or GB18030 text files",
        ])

        let huge = folder.appendingPathComponent("huge.txt")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 200 * 1024 * 1024)
        try handle.close()
        let hugeResult = try TupuProcess.run(["ingest", "--db", db, huge.path])
        #expect(hugeResult.status == 3)
        #expect(lines(hugeResult) == [
            "tupu: skipped: \(huge.path) is too large: 209715200 bytes (200.0 MB), over the limit of 67108864 bytes (64.0 MB); it was not read; split it or raise --max-file-size",
        ])
        let smallLimit = try TupuProcess.run(["ingest", "--db", db, "--max-file-size", "1K", Self.seed])
        #expect(smallLimit.status == 3)
        #expect(lines(smallLimit).first?.contains("over the limit of 1024 bytes") == true)
        let badLimit = try TupuProcess.run(["ingest", "--db", db, "--max-file-size", "lots", Self.seed])
        #expect(badLimit.status == 64)
    }

    @Test func aMixedBatchIngestsTheGoodFilesAndExitsThree() throws {
        let folder = try temporaryFolder()
        let batch = folder.appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.seed, toPath: batch.appendingPathComponent("1_seed.txt").path)
        let seedText = try String(contentsOfFile: Self.seed, encoding: .utf8)
        // The seed again, as GB18030 (by Python's codecs): decoded, it is the same article.
        try python(
            "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode('gb18030'))",
            [Self.seed, batch.appendingPathComponent("2_gb18030.txt").path])
        _ = try write([], "batch/3_empty.txt", in: folder)
        _ = try write(Array("ab".utf8) + [0xFF, 0xFE, 0xFD] + Array("cd".utf8), "batch/4_garbage.txt", in: folder)
        _ = try write([0x00, 0x01, 0x02], "batch/5_binary.txt", in: folder)
        #expect(!seedText.isEmpty)

        let db = folder.appendingPathComponent("x.sqlite").path
        let result = try TupuProcess.run(["ingest", "--db", db, "batch", "-v"], in: folder)
        #expect(result.status == 3)
        #expect(result.stdout.contains("added\tbatch/1_seed.txt"))
        #expect(result.stdout.contains("added\tbatch/2_gb18030.txt"))
        #expect(result.stdout.contains("5 file(s): 2 added, 0 replaced, 0 unchanged, 3 skipped."))
        #expect(lines(result, count: 3) == [
            "tupu: skipped: batch/3_empty.txt is empty (no text); nothing to ingest",
            "tupu: skipped: batch/4_garbage.txt is not valid UTF-8 (first bad byte at offset 2); convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8) or pass --encoding utf16|gb18030",
            "tupu: skipped: batch/5_binary.txt is a binary file, not text (NUL byte at offset 0); pass UTF-8, UTF-16 or GB18030 text files",
        ])
        // The GB18030 copy holds the same text (other bytes: another document), so it adds
        // evidence and a document entity that reports the same dated meeting, but no other fact.
        let single = try seededDatabase(in: folder)
        let both = try stats(db), one = try stats(single)
        #expect(both.contains("documents\t\t2"))
        let aboutDocuments = ["documents", "evidence", "mentions", "aliases", "entities", "triples", "\tdocument\t", "\treported_by\t", "\tpublished_on\t"]
        let factLines = { (stats: String) in stats.split(separator: "\n").filter { line in !aboutDocuments.contains { line.hasPrefix($0) } } }
        #expect(factLines(both) == factLines(one))
        let count = { (stats: String, key: String) in stats.split(separator: "\n").first { $0.hasPrefix(key) }?.split(separator: "\t").last.map(String.init) }
        #expect(count(both, "\treported_by\t") == "2" && count(one, "\treported_by\t") == "1")

        let explicit = try TupuProcess.run(["ingest", "--db", db, "--encoding", "utf16", "batch/4_garbage.txt"], in: folder)
        #expect(explicit.status == 3)
        #expect(lines(explicit).first?.contains("is not valid UTF-16 (first bad byte at offset 6)") == true)
        let unknownEncoding = try TupuProcess.run(["ingest", "--db", db, "--encoding", "latin1", "batch"], in: folder)
        #expect(unknownEncoding.status == 64)
    }

    // MARK: - Databases

    @Test func aFileThatIsNotADatabaseIsRefusedUntouched() throws {
        let folder = try temporaryFolder()
        let notADatabase = try write(Array(("这不是数据库\n" + String(repeating: "x", count: 200)).utf8), "text.sqlite", in: folder)
        try expectRefusedUntouched(
            notADatabase, [["ingest", Self.seed], ["stats"], ["remove", "seeds/x.txt"]],
            message: "tupu: \(notADatabase) is not a Tupu database (file is not a database); it was left untouched; pass another --db path")
    }

    @Test func aDatabaseOfANewerSchemaIsRefusedByteIdentical() throws {
        let folder = try temporaryFolder()
        let original = try seededDatabase(in: folder)
        let newer = folder.appendingPathComponent("newer.sqlite").path
        try FileManager.default.copyItem(atPath: original, toPath: newer)
        try python(
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v99')\"); c.commit(); c.close()",
            [newer])
        try expectRefusedUntouched(
            newer, [["ingest", Self.article], ["stats"], ["remove", "seeds/000_74a9a881fb5bd59e.txt"]],
            message: "tupu: \(newer) was written by a newer version of Tupu (unknown migrations: v99); it was left untouched; upgrade tupu or pass another --db path")
    }

    /// Runs each command (name, then its arguments) on `db`: each exits 66 with exactly
    /// `message`, and the file is byte-identical afterwards.
    private func expectRefusedUntouched(_ db: String, _ commands: [[String]], message: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for arguments in commands {
            let result = try TupuProcess.run([arguments[0], "--db", db] + arguments.dropFirst())
            #expect(result.status == 66, "\(arguments)")
            #expect(lines(result) == [message])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test func aReadOnlyDatabaseIsRefusedForWritesBeforeAnythingIsWritten() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let message = "tupu: \(db) is read-only; it was left untouched; make it writable (chmod u+w) or pass another --db path"

        let ingest = try TupuProcess.run(["ingest", "--db", db, Self.article])
        #expect(ingest.status == 77)
        #expect(lines(ingest) == [message])
        let remove = try TupuProcess.run(["remove", "--db", db, "seeds/000_74a9a881fb5bd59e.txt"])
        #expect(remove.status == 77)
        #expect(lines(remove) == [message])
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"), "the refused write did not even open the database")

        // Reading is fine.
        let stats = try TupuProcess.run(["stats", "--db", db])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test func aFolderAsTheDatabaseAndPlacesWhereNoDatabaseCanBeCreated() throws {
        let folder = try temporaryFolder()
        for command in [["ingest", Self.seed], ["stats"]] {
            let result = try TupuProcess.run([command[0], "--db", folder.path] + command.dropFirst())
            #expect(result.status == 66)
            #expect(lines(result) == ["tupu: \(folder.path) is a folder, not a database file; pass a file path such as \(folder.path)/tupu.sqlite"])
        }

        let file = try write(Array("text\n".utf8), "file.txt", in: folder)
        for db in [file + "/x.sqlite", file + "/sub/x.sqlite"] {
            let result = try TupuProcess.run(["ingest", "--db", db, Self.seed])
            #expect(result.status == 73)
            #expect(lines(result) == ["tupu: cannot create the database \(db) (\(file) is a file, not a folder); pass a --db path in a writable folder"])
        }
        if FileManager.default.fileExists(atPath: "/proc/self") {
            let result = try TupuProcess.run(["ingest", "--db", "/proc/tupu.sqlite", Self.seed])
            #expect(result.status == 73)
            #expect(lines(result).first?.hasPrefix("tupu: cannot create the database /proc/tupu.sqlite (cannot create a file in the folder /proc: ") == true)
        }
    }

    // MARK: - Rule, gold and query files

    @Test func malformedRuleAndGoldFilesNameTheFileAndLine() throws {
        let folder = try temporaryFolder()
        let rules = try write(Array("# cues\n出席\tattended\n召见\tbefriended\n".utf8), "rules/cues.txt", in: folder)
        let ruleResult = try TupuProcess.run(["ingest", "--db", folder.appendingPathComponent("x.sqlite").path, "--rules", folder.appendingPathComponent("rules").path, Self.seed])
        #expect(ruleResult.status == 65)
        let ruleLine = lines(ruleResult).first ?? ""
        #expect(ruleLine.hasPrefix("tupu: bad rule file: \(rules):3: "), "\(ruleLine)")
        #expect(ruleLine.contains("befriended"))

        let gold = try write(Array("李希\tattended\t会议\n李希\tattended\n".utf8), "gold/a.gold.tsv", in: folder)
        try FileManager.default.copyItem(atPath: Self.seed, toPath: folder.appendingPathComponent("gold/a.txt").path)
        for arguments in [[gold, folder.appendingPathComponent("gold/a.txt").path], [folder.appendingPathComponent("gold").path]] {
            let result = try TupuProcess.run(["eval"] + arguments)
            #expect(result.status == 65)
            #expect(lines(result) == ["tupu: bad gold file: \(gold):2: expected 3 or 4 tab-separated fields (subject, predicate, object[, ?]), found 2"])
        }
    }

    @Test func aQuerySyntaxErrorPointsAtTheProblem() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(in: folder)
        let result = try TupuProcess.run(["query", "--db", db, "?p attended"])
        #expect(result.status == 64)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("tupu: query syntax error at character 12: expected an object") == true)
        #expect(lines.count >= 3)
        if lines.count >= 3 {
            #expect(lines[1] == "  ?p attended")
            #expect(lines[2] == "             ^")
        }
    }

    // MARK: - remove

    @Test func removeTakesADocumentAndItsOrphanEntitiesOut() throws {
        let folder = try temporaryFolder()
        let articles = folder.appendingPathComponent("articles")
        try FileManager.default.createDirectory(at: articles, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.seed, toPath: articles.appendingPathComponent("seed.txt").path)
        try FileManager.default.copyItem(atPath: Self.article, toPath: articles.appendingPathComponent("wuhan.txt").path)
        let db = folder.appendingPathComponent("both.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", db, "articles"], in: folder).status == 0)
        let seedOnly = folder.appendingPathComponent("seed-only.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", seedOnly, "articles/seed.txt"], in: folder).status == 0)
        let before = try stats(db)
        #expect(before.contains("documents\t\t2"))
        #expect(try TupuProcess.run(["show", "--db", db, "武汉"]).status == 0)

        let result = try TupuProcess.run(["remove", "--db", db, "./articles/wuhan.txt"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("removed\tarticles/wuhan.txt\n1 document(s) removed: "))
        #expect(result.stdout.contains("Database \(db): 1 documents"))
        // What is left is exactly what the seed alone gives: no orphan entity or fact remains.
        #expect(try stats(db) == (try stats(seedOnly)))
        #expect(try stats(db) != before)
        #expect(try TupuProcess.run(["show", "--db", db, "武汉"]).status == 1)
        #expect(try TupuProcess.run(["show", "--db", db, "李希"]).status == 0)

        let unknown = try TupuProcess.run(["remove", "--db", db, "articles/wuhan.txt", "articles/seed.tx"])
        #expect(unknown.status == 1)
        #expect(lines(unknown, count: 2) == [
            "tupu: articles/wuhan.txt is not a stored document; close stored paths: articles/seed.txt; nothing was removed",
            "tupu: articles/seed.tx is not a stored document; close stored paths: articles/seed.txt; nothing was removed",
        ])
        #expect(try stats(db) == (try stats(seedOnly)), "nothing was removed")

        let absent = folder.appendingPathComponent("absent.sqlite").path
        let noDatabase = try TupuProcess.run(["remove", "--db", absent, "articles/seed.txt"])
        #expect(noDatabase.status == 66)
        #expect(!FileManager.default.fileExists(atPath: absent), "remove does not create a database")
    }
}
