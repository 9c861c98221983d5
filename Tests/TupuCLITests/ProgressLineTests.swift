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
}
