import Foundation
import Testing
@testable import tupu

@Suite struct ProgressLineTests {
    @Test func theIngestLineSaysWhatIsDoneTheRateTheTimeLeftAndTheFacts() {
        let line = ProgressLine.ingestText(files: 1_024, totalFiles: 5_000, bytes: 12 * 1_048_576, facts: 15_321, seconds: 4)
        #expect(line == "ingest: 1,024/5,000 files, 12.0 MB, 3.0 MB/s, 256 files/s, 0:16 left, 15,321 facts")
        let slow = ProgressLine.ingestText(files: 3, totalFiles: nil, bytes: 6_144, facts: 40, seconds: 2)
        #expect(slow == "ingest: 3 files, 0.0 MB, 3 KB/s, 2 files/s, 40 facts")
    }

    @Test func numbersAndTimesAreWrittenForReading() {
        #expect(ProgressLine.grouped(0) == "0")
        #expect(ProgressLine.grouped(999) == "999")
        #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
        #expect(ProgressLine.clockTime(59.6) == "1:00")
        #expect(ProgressLine.clockTime(3_725) == "1:02:05")
        #expect(ProgressLine.megabytes(1_572_864) == "1.5 MB")
    }

    @Test func nothingIsDrawnWhenStandardErrorIsNotATerminal() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let result = try TupuProcess.run(["ingest", "--db", database, TupuProcess.seeds])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    /// Runs `tupu` with `arguments` under a pseudo-terminal (util-linux `script` gives the
    /// command one) in `folder`; returns what the terminal received.
    private func onATerminal(_ arguments: [String], in folder: URL? = nil) throws -> String {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux script is needed to give tupu a terminal")
        let command = ([TupuProcess.executable.path] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = script
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// `tupu ingest` on a terminal: the progress line is drawn on standard error and erased at
    /// the end; `--quiet` draws none.
    @Test func theLineIsDrawnOnATerminalAndNotWithQuiet() throws {
        func ingestOnATerminal(_ extra: [String]) throws -> String {
            let database = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
            return try onATerminal(["ingest", "--db", database] + extra + [TupuProcess.seeds])
        }
        let shown = try ingestOnATerminal([])
        #expect(shown.contains("\r\u{1B}[Kingest: "), "\(shown.debugDescription)")
        #expect(shown.contains(" facts"))
        // A new store is a bulk load: after the last batch, its indexes are built, with the time.
        #expect(shown.contains("\r\u{1B}[Kingest: 1 files stored; building the indexes and the name search · 0:0"), "\(shown.debugDescription)")
        // Erased at the end: the last erase comes after the last drawing.
        let lastDrawing = try #require(shown.range(of: "\r\u{1B}[Kingest: ", options: .backwards))
        #expect(shown[lastDrawing.upperBound...].contains("\r\u{1B}[K"))
        let quiet = try ingestOnATerminal(["--quiet"])
        #expect(!quiet.contains("ingest: "), "\(quiet.debugDescription)")
        #expect(quiet.contains("documents") || quiet.contains("document"), "the summary is still printed: \(quiet.debugDescription)")
    }

    /// `tupu render -o` and `tupu export -o` on a terminal name each stage that reports nothing
    /// while it runs (reading the store, the layout) with its time, and erase the line at the end;
    /// to standard output, or with standard error not a terminal, they draw none.
    @Test func renderAndExportNameTheirStagesOnATerminal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("seeds.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--quiet", "--db", database, TupuProcess.seeds]).status == 0)
        let render = try onATerminal(["render", "--db", database, "-o", "graph.svg"], in: folder)
        #expect(render.contains("\r\u{1B}[Krender: reading the view from the store · 0:0"), "\(render.debugDescription)")
        #expect(render.contains("\r\u{1B}[Krender: laying out with dot and drawing SVG · 0:0"), "\(render.debugDescription)")
        #expect(render.hasSuffix("\r\u{1B}[K"), "erased at the end: \(render.debugDescription)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("graph.svg").path))
        // jsonl is read from the store's cursors as it is written: it counts the triples.
        let export = try onATerminal(["export", "--db", database, "--format", "jsonl", "-o", "graph.jsonl"], in: folder)
        #expect(export.contains("\r\u{1B}[Kexport: 1/"), "\(export.debugDescription)")
        #expect(!export.contains("reading the graph from the store"), "\(export.debugDescription)")
        #expect(export.hasSuffix("\r\u{1B}[K"), "erased at the end: \(export.debugDescription)")
        // Turtle is read from the cursors too: it counts its nodes with their facts first.
        let turtle = try onATerminal(["export", "--db", database, "--format", "turtle", "-o", "graph.ttl"], in: folder)
        #expect(turtle.contains("\r\u{1B}[Kexport: 1 nodes"), "\(turtle.debugDescription)")
        #expect(!turtle.contains("reading the graph from the store"), "\(turtle.debugDescription)")
        #expect(turtle.hasSuffix("\r\u{1B}[K"), "erased at the end: \(turtle.debugDescription)")
        let toStandardOutput = try onATerminal(["render", "--db", database], in: folder)
        #expect(!toStandardOutput.contains("render: "), "\(toStandardOutput.prefix(200).debugDescription)")
        #expect(toStandardOutput.contains("digraph"))
        let piped = try TupuProcess.run(["render", "--db", database, "-o", folder.appendingPathComponent("piped.svg").path])
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
    }
}
