import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A user who may read a database but not write its folder can query, export and render it.
@Suite(.serialized) struct ReadOnlyUseTests {
    /// Runs tupu as an unprivileged user (nobody, through setpriv) when the tests run as root.
    private func runAsReader(_ arguments: [String]) throws -> TupuProcess.Result {
        guard getuid() == 0 else { return try TupuProcess.run(arguments) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", TupuProcess.executable.path] + arguments
        return try TupuProcess.collect(process)
    }

    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func readersWithoutWriteAccessToTheFolderCanQueryExportAndRender() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("seed.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", db, TupuProcess.seeds]).status == 0)
        #expect(chmod(folder.path, 0o555) == 0)
        defer { chmod(folder.path, 0o755) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db))

        let query = try runAsReader(["query", "--db", db, "--format", "tsv", "?p 主持 ?e"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("王伟中"))
        let export = try runAsReader(["export", "--db", db, "--format", "tsv"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("王伟中\tholds_role\t省长"))
        let render = try runAsReader(["render", "--db", db, "--format", "dot"])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdout.hasPrefix("digraph"))
        let stats = try runAsReader(["stats", "--db", db])
        #expect(stats.status == 0, "\(stats.stderr)")

        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
        // A write command is still refused, with the reason.
        let ingest = try runAsReader(["ingest", "--db", db, TupuProcess.seeds])
        #expect(ingest.status == 77, "\(ingest.stderr)")
    }
}
