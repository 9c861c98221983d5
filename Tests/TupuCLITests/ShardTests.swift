import Foundation
import Testing
import TupuBench

// Past one machine (issue 19): extraction as a map step (`extract --format jsonl`), its records
// stored without extracting again (`ingest --from-jsonl`), and shard stores merged (`merge`).
// Each path must give the store one plain `tupu ingest` gives, compared by the sorted
// `export --format jsonl` (every entity with its aliases, every fact with its evidence).

@Suite(.serialized) struct ShardTests {
    /// A generated corpus, the fixture articles (two in traditional characters) and the seed,
    /// plus a copy of one article under another name (one document, two sources), in `corpus/`.
    static func corpus(in folder: URL) throws -> [String] {
        let corpus = folder.appendingPathComponent("corpus")
        try CorpusGenerator(seed: 7, articles: 150).write(to: corpus)
        let fixtures = TupuProcess.repository.appendingPathComponent("Tests/Fixtures/articles")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) where name.hasSuffix(".txt") {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: corpus.appendingPathComponent("f_" + name))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: TupuProcess.seeds) where name.hasSuffix(".txt") {
            try FileManager.default.copyItem(atPath: TupuProcess.seeds + "/" + name, toPath: corpus.appendingPathComponent("s_" + name).path)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }.sorted()
        let first = try #require(names.first)
        try FileManager.default.copyItem(at: corpus.appendingPathComponent(first), to: corpus.appendingPathComponent("zz_copy.txt"))
        return (names + ["zz_copy.txt"]).map { "corpus/" + $0 }
    }

    static func tupu(_ arguments: [String], in folder: URL) throws -> TupuProcess.Result {
        try TupuProcess.run(arguments, in: folder)
    }

    /// The sorted lines of `export --format jsonl`.
    static func export(_ db: String, in folder: URL) throws -> [String] {
        let result = try tupu(["export", "--db", db, "--format", "jsonl"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func extractedRecordsStoreWhatAPlainIngestStores() throws {
        let folder = try temporaryFolder()
        let files = try Self.corpus(in: folder)
        let plain = try Self.tupu(["ingest", "--db", "plain.sqlite", "corpus"], in: folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        let expected = try Self.export("plain.sqlite", in: folder)
        #expect(expected.count > 1000)

        let extracted = try Self.tupu(["extract", "--format", "jsonl", "corpus", "-o", "records.jsonl"], in: folder)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let records = try String(contentsOf: folder.appendingPathComponent("records.jsonl"), encoding: .utf8)
        #expect(records.split(separator: "\n").count == files.count)
        // Deterministic: one thread or several, another process, the same bytes.
        let again = try Self.tupu(["extract", "--format", "jsonl", "--jobs", "1", "corpus"], in: folder)
        let same = again.stdout == records
        #expect(same, "extract --format jsonl gave other bytes with --jobs 1")
        let firstRecord = try #require(records.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(firstRecord.utf8)) as? [String: Any])
        let document = try #require(object["document"] as? [String: Any])
        #expect(document["path"] as? String == files[0])
        #expect(document["source"] as? String == folder.resolvingSymlinksInPath().appendingPathComponent(files[0]).path)

        let stored = try Self.tupu(["ingest", "--db", "records.sqlite", "--from-jsonl", "records.jsonl"], in: folder)
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout.hasPrefix("\(files.count) record(s): \(files.count - 1) added, 0 replaced, 0 unchanged, 0 skipped. 1 with the content"), "\(stored.stdout)")
        #expect(try Self.export("records.sqlite", in: folder) == expected)
        // Idempotent: storing the records again (as a rerun after a kill does) changes nothing.
        let rerun = try Self.tupu(["ingest", "--db", "records.sqlite", "--from-jsonl", "."], in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("0 added, 0 replaced, \(files.count) unchanged"), "\(rerun.stdout)")
        #expect(try Self.export("records.sqlite", in: folder) == expected)
    }

    @Test func shardStoresMergeIntoWhatOneIngestGivesAndMergingAgainChangesNothing() throws {
        let folder = try temporaryFolder()
        let files = try Self.corpus(in: folder)
        #expect(try Self.tupu(["ingest", "--db", "plain.sqlite", "corpus"], in: folder).status == 0)
        let expected = try Self.export("plain.sqlite", in: folder)

        // Three shards of consecutive files; the copy of the first article lands in the last.
        let third = files.count / 3
        let parts = [files[..<third], files[third..<(2 * third)], files[(2 * third)...]]
        var shards: [String] = []
        for (index, part) in parts.enumerated() {
            let shard = "shard-\(index).sqlite"
            let result = try Self.tupu(["ingest", "--db", shard] + part, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            shards.append(shard)
        }
        // Shards differ from the whole (the copy is a document of its own in the last shard).
        #expect(try Self.export(shards[2], in: folder) != expected)

        let merged = try Self.tupu(["merge", "merged.sqlite"] + shards, in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("1 kept as another source"), "\(merged.stdout)")
        #expect(try Self.export("merged.sqlite", in: folder) == expected)

        let again = try Self.tupu(["merge", "merged.sqlite"] + shards, in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains(" 1 added") && again.stdout.contains("0 added, 0 replaced"), "\(again.stdout)")
        #expect(try Self.export("merged.sqlite", in: folder) == expected)

        // A store cannot be merged into itself; a missing shard changes nothing.
        #expect(try Self.tupu(["merge", "merged.sqlite", "./merged.sqlite"], in: folder).status == 64)
        let missing = try Self.tupu(["merge", "other.sqlite", "missing.sqlite"], in: folder)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.sqlite").path))
    }

    @Test func aLineThatIsNotARecordIsRefusedWithItsLineAndNothingIsStored() throws {
        let folder = try temporaryFolder()
        try CorpusGenerator(seed: 3, articles: 6).write(to: folder.appendingPathComponent("corpus"))
        let extracted = try Self.tupu(["extract", "--format", "jsonl", "corpus"], in: folder)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let lines = extracted.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 6)
        // The first three stored; the others come in a file with one bad line.
        try (lines[..<3].joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("good.jsonl"), atomically: true, encoding: .utf8)
        #expect(try Self.tupu(["ingest", "--db", "db.sqlite", "--from-jsonl", "good.jsonl"], in: folder).status == 0)
        let before = try Self.export("db.sqlite", in: folder)

        let broken = [
            ("{\"version\":1,", "line 2: not a Tupu record: not JSON"),
            (lines[4].replacingOccurrences(of: "\"kind\":\"person\"", with: "\"kind\":\"persona\""), "line 2: not a Tupu record: entities[0].kind"),
            (lines[4].replacingOccurrences(of: "\"start\":", with: "\"start\":-"), "line 2: not a Tupu record: "),
            (lines[4].replacingOccurrences(of: "\"contentHash\":\"", with: "\"contentHash\":\"x"), "document.contentHash must be 64"),
        ]
        for (bad, message) in broken {
            try ([lines[3], bad, lines[5]].joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("bad.jsonl"), atomically: true, encoding: .utf8)
            let result = try Self.tupu(["ingest", "--db", "db.sqlite", "--from-jsonl", "bad.jsonl"], in: folder)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("tupu: bad.jsonl, line 2: not a Tupu record: "), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains("nothing was stored; write the file again with `tupu extract --format jsonl`"))
            // Line 1 of the file was fine, and was not stored either.
            #expect(try Self.export("db.sqlite", in: folder) == before)
        }
    }
}
