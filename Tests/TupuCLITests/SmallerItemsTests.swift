import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The smaller findings of the hostile review: query limits and long queries, databases that
/// are not files, and `extract` reading files as `ingest` does.
@Suite(.serialized) struct SmallerItemsTests {
    private func seededDatabase(_ folder: URL) throws -> String {
        let db = folder.appendingPathComponent("seed.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds]).status == 0)
        return db
    }

    /// Runs tupu with standard input from `input`, giving up (and failing) after `seconds`.
    private func run(_ arguments: [String], input: String = "", seconds: Double = 30) throws -> TupuProcess.Result {
        let process = Process()
        process.executableURL = TupuProcess.executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("tupu \(arguments.joined(separator: " ")) was still running after \(seconds) s")
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TupuProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func aQueryOverSQLiteLimitsIsAUsageErrorAndLongQueriesComeFromAFile() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(folder)
        let joins = (0..<70).map { "?p\($0) attended ?e" }.joined(separator: " . ")
        let tooLarge = try run(["query", "--db", db, joins])
        #expect(tooLarge.status == 64, "\(tooLarge.stderr)")
        #expect(tooLarge.stderr.hasPrefix("tupu: the query is too large for SQLite (at most 64 tables in a join)"), "\(tooLarge.stderr)")

        let file = folder.appendingPathComponent("q.txt")
        try Data("?p 主持 ?e\n".utf8).write(to: file)
        let fromFile = try run(["query", "--db", db, "--format", "tsv", "--file", file.path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "p\te\n王伟中\t全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会（2022-09-27）\n")
        let fromStandardInput = try run(["query", "--db", db, "--format", "tsv", "--file", "-"], input: "?p 主持 ?e")
        #expect(fromStandardInput.stdout == fromFile.stdout, "\(fromStandardInput.stderr)")
        #expect(try run(["query", "--db", db, "--file", file.path, "?p 主持 ?e"]).status == 64)
    }

    @Test func aDatabasePathThatIsAFIFOOrADeviceIsRefusedAtOnce() throws {
        let folder = try temporaryFolder()
        let fifo = folder.appendingPathComponent("fifo.sqlite").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for command in [["stats"], ["ingest", TupuProcess.seeds]] {
            let result = try run(command + ["--db", fifo], seconds: 20)
            #expect(result.status == 66, "\(command[0]): \(result.stderr)")
            #expect(result.stderr == "tupu: \(fifo) is not a regular file (a FIFO, device or socket); it was left alone; pass the path of a database file\n")
        }
        let device = folder.appendingPathComponent("null.sqlite").path
        if mknod(device, S_IFCHR | 0o666, dev_t(0x103)) == 0 {
            let result = try run(["ingest", "--db", device, TupuProcess.seeds])
            #expect(result.status == 66, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: device + "-journal"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().allSatisfy { !$0.contains("journal") })
    }

    @Test func aFileNameThatIsNotUTF8IsReportedNotSkippedSilently() throws {
        let folder = try temporaryFolder()
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TupuProcess.seeds + "/000_74a9a881fb5bd59e.txt", toPath: corpus.appendingPathComponent("a.txt").path)
        let name = Array(corpus.path.utf8) + Array("/".utf8) + [0xFF] + Array("news.txt".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let result = try run(["ingest", "--db", folder.appendingPathComponent("g.sqlite").path, corpus.path])
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("its name is not valid UTF-8"), "\(result.stderr)")
        #expect(result.stdout.contains("1 added"))
        // Named directly: the reason, not "does not exist".
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"exec "$0" ingest --db g.sqlite "corpus/$(printf '\377')news.txt""#, TupuProcess.executable.path]
        process.currentDirectoryURL = folder
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        #expect(message.contains("the path is not valid UTF-8, so Tupu cannot open it by this name; rename it"), "\(message)")
    }

    @Test func controlCharactersInANameDoNotReachTheTerminalRaw() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(folder)
        // A name with an escape sequence (as a hostile article could give one).
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1])
            con.execute("UPDATE entity SET name = '王伟中' || char(27) || '[2J' WHERE name = '王伟中'")
            con.commit()
            """, db]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
        let table = try run(["query", "--db", db, "?p 主持 ?e"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!table.stdout.unicodeScalars.contains("\u{1B}"))
        #expect(table.stdout.contains("王伟中\\u{1B}[2J"), "\(table.stdout)")
        // Formats meant for programs keep the name as stored.
        let tsv = try run(["query", "--db", db, "--format", "tsv", "?p 主持 ?e"])
        #expect(tsv.stdout.contains("王伟中\u{1B}[2J"))
    }

    @Test func extractReadsFilesAsIngestDoes() throws {
        let folder = try temporaryFolder()
        // 李希出席会议。 in GB18030: was refused as "not UTF-8" with exit 74.
        let gb = folder.appendingPathComponent("gb.txt")
        try Data([0xC0, 0xEE, 0xCF, 0xA3, 0xB3, 0xF6, 0xCF, 0xAF, 0xBB, 0xE1, 0xD2, 0xE9, 0xA1, 0xA3]).write(to: gb)
        let decoded = try run(["extract", gb.path])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stdout.hasPrefix("# \(gb.path)"))
        // Undecodable bytes: one line with the offset, the other files go on, exit 3.
        let bad = folder.appendingPathComponent("bad.txt")
        try Data([0x41, 0x42, 0xFF, 0xFF, 0xFF]).write(to: bad)
        let mixed = try run(["extract", bad.path, gb.path])
        #expect(mixed.status == 3)
        #expect(mixed.stderr.hasPrefix("tupu: skipped: \(bad.path) is not valid UTF-8 (first bad byte at offset 2)"), "\(mixed.stderr)")
        #expect(mixed.stdout.contains("# \(gb.path)"))
        // The size limit, checked before reading.
        let large = folder.appendingPathComponent("large.txt")
        try Data(String(repeating: "会议在广州召开。\n", count: 200).utf8).write(to: large)
        let limited = try run(["extract", "--max-file-size", "1K", large.path])
        #expect(limited.status == 3)
        #expect(limited.stderr.contains("is too large"), "\(limited.stderr)")
    }
}
