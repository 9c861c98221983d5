import Foundation
import Testing

/// A document is its content plus the keys of its sources (canonical paths, or `--source`
/// names): the same file from anywhere is stored once, two files with the same relative path
/// are two documents, and the same content under two keys is one document.
@Suite(.serialized) struct DocumentIdentityTests {
    static let seed = TupuProcess.seeds + "/000_74a9a881fb5bd59e.txt"
    static let article = TupuProcess.repository.appendingPathComponent("Tests/Fixtures/articles/03_hubei_wuhan_signing.txt").path

    /// The counts `tupu ingest` prints last: documents, entities, triples, evidence rows.
    private func totals(_ result: TupuProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) -> [Int] {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        guard let range = result.stdout.range(of: #"\d+ documents, \d+ entities, \d+ triples, \d+ evidence rows"#, options: .regularExpression)
        else {
            Issue.record("no totals in \(result.stdout)", sourceLocation: sourceLocation)
            return []
        }
        return result.stdout[range].split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }
    }

    private func copy(_ source: String, to folder: URL, as name: String) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: source, toPath: target.path)
        return target
    }

    @Test func twoNewsFilesFromTwoFoldersAndOneFileFromThreeDirectoriesAreTwoDocuments() throws {
        let folder = try temporaryFolder()
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        _ = try copy(Self.seed, to: a, as: "news.txt")
        _ = try copy(Self.article, to: b, as: "news.txt")
        let db = folder.appendingPathComponent("g.sqlite").path

        // What each article gives alone.
        let seedAlone = totals(try TupuProcess.run(["ingest", "--db", folder.appendingPathComponent("s.sqlite").path, Self.seed]))
        let articleAlone = totals(try TupuProcess.run(["ingest", "--db", folder.appendingPathComponent("w.sqlite").path, Self.article]))
        #expect(seedAlone.count == 4 && articleAlone.count == 4)

        let first = try TupuProcess.run(["ingest", "--db", db, "news.txt"], in: a)
        #expect(first.stdout.contains("1 added"), "\(first.stdout)")
        let second = try TupuProcess.run(["ingest", "--db", db, "news.txt"], in: b)
        #expect(second.stdout.contains("1 file(s): 1 added, 0 replaced"), "\(second.stdout)")
        let both = totals(second)

        // The seed again: from its folder, from the parent, from the other folder, by its absolute path.
        for (given, directory) in [("news.txt", a), ("a/news.txt", folder), ("../a/news.txt", b), (a.appendingPathComponent("news.txt").path, b)] {
            let again = try TupuProcess.run(["ingest", "--db", db, given], in: directory)
            #expect(again.stdout.contains("1 file(s): 0 added, 0 replaced, 1 unchanged, 0 skipped."), "\(given): \(again.stdout)")
            #expect(totals(again) == both, "\(given)")
        }
        // Two documents, each with its evidence once.
        #expect(both.first == 2)
        #expect(both.last == seedAlone[3] + articleAlone[3])
        let jsonl = try TupuProcess.run(["export", "--db", db, "--format", "jsonl"])
        #expect(jsonl.stdout.contains("\"document\":\"news.txt\""))
    }

    @Test func theSameContentUnderTwoKeysIsOneDocumentWithTwoSources() throws {
        let folder = try temporaryFolder()
        let original = try copy(Self.seed, to: folder.appendingPathComponent("a"), as: "news.txt")
        let duplicate = try copy(Self.seed, to: folder.appendingPathComponent("b"), as: "copy.txt")
        let link = folder.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: original.path)
        let db = folder.appendingPathComponent("g.sqlite").path
        let alone = totals(try TupuProcess.run(["ingest", "--db", db, original.path]))

        let copied = try TupuProcess.run(["ingest", "--db", db, duplicate.path])
        #expect(copied.stdout.contains("1 with the content of a stored document, kept as another source of it."), "\(copied.stdout)")
        #expect(totals(copied) == alone, "evidence is stored once")
        let linked = try TupuProcess.run(["ingest", "--db", db, "link.txt"], in: folder)
        #expect(linked.stdout.contains("1 unchanged"), "a symbolic link is the file it points to: \(linked.stdout)")

        // Removing one source keeps the document; removing the last takes it out.
        let removeCopy = try TupuProcess.run(["remove", "--db", db, duplicate.path])
        #expect(removeCopy.status == 0, "\(removeCopy.stderr)")
        #expect(removeCopy.stdout.contains("1 documents"), "\(removeCopy.stdout)")
        let removeOriginal = try TupuProcess.run(["remove", "--db", db, "a/news.txt"], in: folder)
        #expect(removeOriginal.status == 0, "\(removeOriginal.stderr)")
        #expect(removeOriginal.stdout.contains("0 documents"), "\(removeOriginal.stdout)")
    }

    @Test func aChangedFileReplacesItsDocumentAndSourceNamesNeedReplace() throws {
        let folder = try temporaryFolder()
        let file = try copy(Self.seed, to: folder.appendingPathComponent("a"), as: "news.txt")
        let db = folder.appendingPathComponent("g.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", db, "a/news.txt"], in: folder).status == 0)
        try FileManager.default.removeItem(at: file)
        try FileManager.default.copyItem(atPath: Self.article, toPath: file.path)
        let changed = try TupuProcess.run(["ingest", "--db", db, file.path])
        #expect(changed.stdout.contains("0 added, 1 replaced"), "\(changed.stdout)")
        #expect(totals(changed).first == 1)

        // A name chosen with --source: other content under it is refused unless --replace.
        let named = try TupuProcess.run(["ingest", "--db", db, "--source", "corpus/x.txt", Self.seed])
        #expect(named.stdout.contains("1 added"), "\(named.stdout)")
        let other = try copy(Self.article, to: folder.appendingPathComponent("c"), as: "x.txt")
        let refused = try TupuProcess.run(["ingest", "--db", db, "--source", "corpus/x.txt", other.path])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("the source corpus/x.txt is stored with other content"), "\(refused.stderr)")
        let forced = try TupuProcess.run(["ingest", "--db", db, "--source", "corpus/x.txt", "--replace", other.path])
        #expect(forced.stdout.contains("1 file(s): 0 added, 1 replaced"), "\(forced.stdout)")
        #expect(totals(forced).first == 1, "the seed had no other source; the article is stored once")
    }
}
