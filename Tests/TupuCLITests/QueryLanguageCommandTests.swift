import Foundation
import Testing

/// The query language through the command line: exit codes, carets, warnings, global options.
@Suite struct QueryLanguageCommandTests {
    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    @Test func malformedDatesExit64WithACaret() throws {
        for (query, offset) in [("?e held_on ?d FILTER ?d > 2023-1-1", 26), ("?e held_on ?d FILTER(?d >= 2022-13-45)", 27)] {
            let result = try SeedDatabase.tupu(["query", query])
            #expect(result.status == 64, "\(query)")
            #expect(result.stdout.isEmpty)
            let message = lines(result.stderr)
            #expect(message.first?.hasPrefix("tupu: query syntax error at character \(offset + 1): expected a date written yyyy-mm-dd") == true)
            #expect(message.count == 3)
            #expect(message.last == "  " + String(repeating: " ", count: offset) + "^")
        }
    }

    @Test func aYearIsARangeOfDays() throws {
        let after = try SeedDatabase.tupu(["query", "--format", "tsv", "?e held_on ?d FILTER ?d >= 2022"])
        #expect(after.status == 0)
        #expect(after.stdout == "e\td\n\(SeedDatabase.meeting)\t2022-09-27\n")
        // After 2022 is after 2022-12-31: nothing, and no warning (the pattern can match).
        let later = try SeedDatabase.tupu(["query", "--format", "tsv", "?e held_on ?d FILTER ?d > 2022"])
        #expect(later.status == 0)
        #expect(later.stdout == "e\td\n")
        #expect(later.stderr.isEmpty)
    }

    @Test func impossibleKindsWarnAndExit1() throws {
        let place = try SeedDatabase.tupu(["query", "?p:place attended ?e"])
        #expect(place.status == 1)
        #expect(lines(place.stderr) == [
            "tupu: warning: nothing can match: ?p cannot be both: ?p is declared a place (?p:place), and the subject of attended is a person",
            "  ?p:place attended ?e",
            "  ^",
        ])
        let date = try SeedDatabase.tupu(["query", "?e held_on ?d . ?d holds_role ?r"])
        #expect(date.status == 1)
        #expect(date.stderr.contains("?d cannot be both: the object of held_on is a date, and the subject of holds_role is a person"))
        #expect(lines(date.stderr).last == "  " + String(repeating: " ", count: 16) + "^")
        // A name of the wrong kind.
        let name = try SeedDatabase.tupu(["query", "深圳 attended ?e"])
        #expect(name.status == 1)
        #expect(name.stderr.contains("深圳 is a place and the subject of attended is a person"))
    }

    @Test func groupsPathsAndAggregatesRunFromTheCommandLine() throws {
        let optional = try SeedDatabase.tupu(["query", "--format", "tsv", "SELECT ?p ?r WHERE ?p attended ?e OPTIONAL { ?p holds_role ?r } FILTER regex(?p, \"^王\")"])
        #expect(optional.status == 0)
        #expect(optional.stdout == "p\tr\n王伟中\t省委副书记\n王伟中\t省长\n王志忠\t\n王曦\t\n王瑞军\t\n")
        let union = try SeedDatabase.tupu(["query", "--format", "tsv", "{ ?p presided ?e } UNION { ?p spoke_at ?e } . ?e held_in 深圳"])
        // 王伟中 presided and spoke (his words reported at the meeting): one row from each side, as in SPARQL.
        #expect(union.stdout == "p\te\n李希\t\(SeedDatabase.meeting)\n王伟中\t\(SeedDatabase.meeting)\n王伟中\t\(SeedDatabase.meeting)\n")
        let path = try SeedDatabase.tupu(["query", "--format", "tsv", "SELECT DISTINCT ?x WHERE 李希 attended/held_in ?x"])
        #expect(path.stdout == "x\n深圳\n")
        let having = try SeedDatabase.tupu([
            "query", "--format", "tsv", "SELECT ?p COUNT(?r) AS ?n WHERE ?p holds_role ?r GROUP BY ?p HAVING ?n > 1 ORDER BY ?p LIMIT 2 OFFSET 1",
        ])
        #expect(having.stdout == "p\tn\n张虎\t2\n王伟中\t2\n")
        let evidence = try SeedDatabase.tupu(["query", "--format", "tsv", "SELECT DISTINCT ?doc ?r WHERE 李希 visited ?o IN ?doc RULE ?r"])
        #expect(evidence.stdout == "doc\tr\n\(SeedDatabase.document)\tvisit.cue-objects\n")
    }

    @Test func theDatabaseOptionMayComeBeforeTheCommand() throws {
        let folder = try temporaryFolder()
        let db = folder.appendingPathComponent("global.sqlite").path
        let ingest = try TupuProcess.run(["--db", db, "ingest", SeedDatabase.document], in: TupuProcess.repository)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
        let stats = try TupuProcess.run(["--db=\(db)", "stats"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("documents"))
        let query = try TupuProcess.run(["--db", db, "query", "--format", "tsv", "?p presided ?e"])
        #expect(query.stdout == "p\te\n王伟中\t\(SeedDatabase.meeting)\n")
        // After the command it works as before; help is not confused by it.
        #expect(try TupuProcess.run(["stats", "--db", db]).status == 0)
        #expect(try TupuProcess.run(["--db", db, "help", "query"]).status == 0)
    }
}
