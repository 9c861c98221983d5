import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `-o` never clobbers what is not a regular file nor leaves a half-written one, and every
/// write error is one line with exit code 74.
@Suite(.serialized) struct OutputSafetyTests {
    private func seededDatabase(_ folder: URL) throws -> String {
        let db = folder.appendingPathComponent("seed.sqlite").path
        let ingest = try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return db
    }

    /// Runs tupu through `sh -c`, for redirections a `Process` cannot set up.
    private func shell(_ script: String, _ arguments: [String], in folder: URL) throws -> TupuProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, TupuProcess.executable.path] + arguments
        process.currentDirectoryURL = folder
        return try TupuProcess.collect(process)
    }

    private func fileType(_ path: String) -> mode_t {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        return status.st_mode & S_IFMT
    }

    /// The files of a folder, but the database's own (its -wal and -shm come and go).
    private func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.contains(".sqlite") }.sorted()
    }

    @Test func writeErrorsOnStdoutExit74WithOneLine() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(folder)
        for command in [["query", "--db", db, "?p attended ?e"], ["export", "--db", db], ["stats", "--db", db]] {
            let full = try shell(#"exec "$0" "$@" >/dev/full"#, command, in: folder)
            #expect(full.status == 74, "\(command[0]) >/dev/full: \(full.stderr)")
            #expect(full.stderr.split(separator: "\n").count == 1, "\(command[0]): \(full.stderr)")
            #expect(full.stderr.hasPrefix("tupu: stdout: cannot write"), "\(full.stderr)")
            let closed = try shell(#"exec "$0" "$@" >&-"#, command, in: folder)
            #expect(closed.status == 74, "\(command[0]) >&-: \(closed.stderr)")
            #expect(closed.stderr.split(separator: "\n").count == 1, "\(command[0]): \(closed.stderr)")
        }
        let device = try TupuProcess.run(["export", "--db", db, "-o", "/dev/full"])
        #expect(device.status == 74)
        #expect(device.stderr == "tupu: /dev/full: cannot write (No space left on device); nothing was written there\n")
    }

    @Test func aWriteErrorLeavesTheTargetAsItWasAndNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        // The seed and the fixture articles: an export of a few hundred KB.
        let db = folder.appendingPathComponent("articles.sqlite").path
        let articles = TupuProcess.repository.appendingPathComponent("Tests/Fixtures/articles").path
        #expect(try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds, articles]).status == 0)
        let out = folder.appendingPathComponent("out.jsonl")
        try Data("before\n".utf8).write(to: out)
        let before = try entries(folder)
        // A file size limit of 200 blocks (100 or 200 KB), above the database's shared memory
        // file, below the export: a write fails (EFBIG).
        let limited = try shell(#"trap '' XFSZ; ulimit -f 200; exec "$0" "$@""#, ["export", "--db", db, "--format", "jsonl", "-o", "out.jsonl"], in: folder)
        #expect(limited.status == 74, "\(limited.stderr)")
        #expect(limited.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOf: out, encoding: .utf8) == "before\n")
        #expect(try entries(folder) == before, "no temporary file is left")
        let fresh = try shell(
            #"trap '' XFSZ; ulimit -f 200; exec "$0" "$@""#, ["export", "--db", db, "--format", "jsonl", "-o", "new.jsonl"], in: folder)
        #expect(fresh.status == 74, "\(fresh.stderr)")
        #expect(try entries(folder) == before, "no partial new file is left")
    }

    @Test func devicesAndFIFOsAreWrittenIntoNotReplaced() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(folder)
        // A character device of our own (the null device's numbers) when the system allows it, else /dev/null.
        var device = folder.appendingPathComponent("null").path
        if mknod(device, S_IFCHR | 0o666, dev_t(0x103)) != 0 { device = "/dev/null" }
        var before = stat()
        #expect(stat(device, &before) == 0)
        let toDevice = try TupuProcess.run(["export", "--db", db, "-o", device])
        #expect(toDevice.status == 0, "\(toDevice.stderr)")
        var after = stat()
        #expect(stat(device, &after) == 0)
        #expect(fileType(device) == S_IFCHR)
        #expect(after.st_ino == before.st_ino && after.st_rdev == before.st_rdev && after.st_mode == before.st_mode)

        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Both ends held open here (non-blocking), so tupu's open never waits and its output
        // (a few KB) waits in the pipe's buffer; a FIFO replaced by a file would stay empty.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        let keeper = open(fifo, O_WRONLY | O_NONBLOCK)
        #expect(reader >= 0 && keeper >= 0)
        let toFIFO = try TupuProcess.run(["export", "--db", db, "--format", "tsv", "-o", fifo])
        #expect(toFIFO.status == 0, "\(toFIFO.stderr)")
        close(keeper)
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while reader >= 0 {
            let count = read(reader, &chunk, chunk.count)
            if count <= 0 { break }
            received.append(contentsOf: chunk[0..<count])
        }
        if reader >= 0 { close(reader) }
        #expect(String(decoding: received, as: UTF8.self).contains("王伟中\tholds_role\t省长"))
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test func linksAreRefusedUnlessForcedAndARegularFileKeepsItsMode() throws {
        let folder = try temporaryFolder()
        let db = try seededDatabase(folder)
        let target = folder.appendingPathComponent("target.tsv")
        try Data("keep\n".utf8).write(to: target)
        let symlink = folder.appendingPathComponent("link.tsv").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: target.path)

        let refused = try TupuProcess.run(["export", "--db", db, "-o", symlink])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("is a symbolic link; it was left alone; pass --force"), "\(refused.stderr)")
        #expect(fileType(symlink) == S_IFLNK)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        let forced = try TupuProcess.run(["export", "--db", db, "--force", "-o", symlink])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(fileType(symlink) == S_IFLNK, "the link stays a link")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("王伟中\tholds_role\t省长"))

        let hard = folder.appendingPathComponent("hard.tsv").path
        #expect(Glibc.link(target.path, hard) == 0)
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: hard), options: [])
        let refusedHard = try TupuProcess.run(["render", "--db", db, "--format", "dot", "-o", hard])
        #expect(refusedHard.status == 74)
        #expect(refusedHard.stderr.contains("has 2 hard links; it was left alone"), "\(refusedHard.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        let forcedHard = try TupuProcess.run(["render", "--db", db, "--format", "dot", "--force", "-o", hard])
        #expect(forcedHard.status == 0, "\(forcedHard.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("digraph"), "written in place: both names see it")

        let secret = folder.appendingPathComponent("secret.tsv").path
        #expect(FileManager.default.createFile(atPath: secret, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o600]))
        let overwrite = try TupuProcess.run(["export", "--db", db, "-o", secret])
        #expect(overwrite.status == 0, "\(overwrite.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: secret)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: secret, encoding: .utf8).contains("王伟中\tholds_role\t省长"))
    }
}
