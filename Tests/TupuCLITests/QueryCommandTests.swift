import Foundation
import Testing
import TupuModel

typealias Predicate = TupuModel.Predicate

/// The seed article ingested once, by its relative path, into a database shared by these tests.
enum SeedDatabase {
    static let document = "seeds/000_74a9a881fb5bd59e.txt"
    /// The meeting as extraction names it (its series), and as the store names it (dated).
    static let series = "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会"
    static let meeting = series + "（2022-09-27）"
    static let attendees = [
        "孙志洋", "孟凡利", "宋福龙", "张新", "张晓强", "李希", "林克庆", "林贻影", "王伟中", "王志忠", "王曦", "王瑞军", "袁古洁", "覃伟中",
        "陈建文", "龚稼立",
    ]
    static let sites = ["前海嘉里中心", "前海石公园", "深圳国际仲裁院", "深圳思谋信息科技有限公司"]

    static let path: String = {
        do {
            let db = try temporaryFolder().appendingPathComponent("seed.sqlite").path
            let ingest = try TupuProcess.run(["ingest", "--db", db, document], in: TupuProcess.repository)
            precondition(ingest.status == 0, ingest.stderr)
            return db
        } catch {
            preconditionFailure("cannot ingest the seed: \(error)")
        }
    }()

    static func tupu(_ arguments: [String]) throws -> TupuProcess.Result {
        try TupuProcess.run(arguments, environment: ["TUPU_DB": path])
    }

    static var text: [Unicode.Scalar] {
        get throws {
            Array(String(decoding: try Data(contentsOf: TupuProcess.repository.appendingPathComponent(document)), as: UTF8.self).unicodeScalars)
        }
    }
}

/// The cells of an aligned table's rows (after the header and the dashes); cells are split at two spaces or more.
private func tableRows(_ output: String) -> [[String]] {
    output.split(separator: "\n").dropFirst(2).map { line in
        line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// An RFC 4180 reader: records end with CRLF; quoted fields may hold commas, quotes (doubled) and line breaks.
private func parseCSV(_ text: String) -> [[String]]? {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if quoted {
            if scalar == "\"" {
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    field.unicodeScalars.append("\"")
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"":
            guard field.isEmpty else { return nil }
            quoted = true
        case ",":
            record.append(field)
            field = ""
        case "\r":
            guard scalars.popFirst() == "\n" else { return nil }
            record.append(field)
            records.append(record)
            record = []
            field = ""
        case "\n":
            return nil  // a bare LF is not a record end
        default:
            field.unicodeScalars.append(scalar)
        }
    }
    guard !quoted, record.isEmpty, field.isEmpty else { return nil }
    return records
}

@Suite struct QueryCommandTests {
    @Test func whoAttendedListsEveryAttendee() throws {
        let result = try SeedDatabase.tupu(["who", "attended"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ") == ["who", "what"])
        #expect(tableRows(result.stdout) == SeedDatabase.attendees.map { [$0, SeedDatabase.meeting] })
        // By Chinese label and through --db, the same.
        let label = try TupuProcess.run(["who", "出席", "--db", SeedDatabase.path])
        #expect(label.stdout == result.stdout)
    }

    /// The seed's platform: who promotes it and where it was raised, each with its sentence, and
    /// when (the meeting's date), by its series name as well as by the meeting's.
    @Test func anInitiativeShowsWhoPromotesItAndWhereItWasRaisedWithATimeline() throws {
        let show = try SeedDatabase.tupu(["show", "深港国际金融城", "--format", "tsv"])
        #expect(show.status == 0, "\(show.stderr)")
        let facts = show.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(Set(facts.map { "\($0[0]) \($0[1]) \($0[2])" }) == [
            "王伟中 promotes 深港国际金融城", "深港国际金融城 discussed_at \(SeedDatabase.meeting)",
        ])
        #expect(facts.allSatisfy { $0[5].contains("高标准推进深港国际金融城、深港国际法务区、前海国际人才港等平台建设") })

        let timeline = try SeedDatabase.tupu(["timeline", "深港国际金融城", "--format", "tsv"])
        #expect(timeline.status == 0, "\(timeline.stderr)")
        let rows = timeline.stdout.split(separator: "\n").map { $0.split(separator: "\t").prefix(5).joined(separator: " ") }
        #expect(rows == [
            "date from subject predicate object",
            "2022-09-27 event 王伟中 promotes 深港国际金融城",
            "2022-09-27 event 深港国际金融城 discussed_at \(SeedDatabase.meeting)",
        ])
        // The series name reaches the meeting: its participants, in date order.
        let series = try SeedDatabase.tupu(["timeline", SeedDatabase.series, "--format", "tsv"])
        #expect(series.stdout.contains("2022-09-27\tevent\t王伟中\tpresided\t\(SeedDatabase.meeting)"))
        let unknown = try SeedDatabase.tupu(["timeline", "不存在的平台"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no entity is named"))
    }

    /// Two meetings of one series (texts written for the test): `who` on the series name says
    /// which meeting each row is about.
    @Test func whoOnASeriesNameNamesEachMeeting() throws {
        let folder = try temporaryFolder()
        for (name, text) in [
            ("a.txt", "省委常委会会议召开\n\n发布时间:2023-05-13\n\n5月12日，省委常委会会议在广州召开。省委书记李明出席会议并讲话。\n"),
            ("b.txt", "省委常委会会议召开\n\n发布时间:2023-06-10\n\n6月9日，省委常委会会议在江门召开。省委书记李明出席会议并讲话。\n"),
        ] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let db = folder.appendingPathComponent("g.sqlite").path
        #expect(try TupuProcess.run(["ingest", "--db", db, "a.txt", "b.txt"], in: folder).status == 0)
        let who = try TupuProcess.run(["who", "--db", db, "attended", "省委常委会会议", "--format", "tsv"])
        #expect(who.stdout == "who\twhat\n李明\t省委常委会会议（2023-05-12）\n李明\t省委常委会会议（2023-06-09）\n", "\(who.stdout)\(who.stderr)")
    }

    @Test func tableColumnsAlignByDisplayWidth() throws {
        for arguments in [["who", "attended"], ["query", "?p 担任 ?r"], ["query", "?p visited ?place"]] {
            let result = try SeedDatabase.tupu(arguments)
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count > 3)
            let columns = lines.map { line -> Int in
                // The display column where the second cell starts.
                let first = line.prefix { $0 != " " }
                let gap = line.dropFirst(first.count).prefix { $0 == " " }
                return String(first).displayWidth + gap.count
            }
            #expect(Set(columns).count == 1, "\(arguments): \(columns)")
            // Two spaces at least between the widest first cell and the second column.
            let widest = lines.dropFirst(2).map { String($0.prefix { $0 != " " }).displayWidth }.max() ?? 0
            #expect(columns.first == widest + 2)
            // Every dash run is as wide as its column's widest cell.
            #expect(lines[1].split(separator: " ").first?.count == widest)
        }
    }

    @Test func whoVisitedOnePlace() throws {
        let result = try SeedDatabase.tupu(["who", "visited", "深圳国际仲裁院"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").first == "who")
        #expect(tableRows(result.stdout) == [["李希"], ["王伟中"]])
        let unknown = try SeedDatabase.tupu(["who", "visited", "深圳国际仲栽院"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean: 深圳国际仲裁院"))
        let predicate = try SeedDatabase.tupu(["who", "befriended"])
        #expect(predicate.status == 64)
        #expect(predicate.stderr.contains("known predicates: holds_role (担任), attended (出席)"))
    }

    @Test func showListsRolesAndVisitsWithTheirDocument() throws {
        let result = try SeedDatabase.tupu(["show", "李希"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "李希  (person 人物)")
        #expect(lines.contains("aliases: -"))
        let facts = tableRows(result.stdout.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n"))
        #expect(facts.allSatisfy { $0.count == 6 })
        guard facts.allSatisfy({ $0.count == 6 }) else { return }
        #expect(facts.contains { $0.prefix(3) == ["李希", "holds_role", "省委书记"] && $0[3] == SeedDatabase.document })
        let visited = facts.filter { $0[1] == "visited" }
        #expect(visited.map { $0[2] }.sorted() == SeedDatabase.sites)
        #expect(visited.allSatisfy { $0[0] == "李希" && $0[3] == SeedDatabase.document })

        let unknown = try SeedDatabase.tupu(["show", "李熙"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean:"))
        #expect(unknown.stderr.contains("李希"))
    }

    @Test func whyMarksTheSpanAndNamesTheRule() throws {
        let result = try SeedDatabase.tupu(["why", "王伟中", "presided", SeedDatabase.meeting])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "1. 王伟中 presided \(SeedDatabase.meeting)")
        #expect(lines.contains("   document:   \(SeedDatabase.document)  (\(SeedDatabase.series)召开 李希王伟中孟凡利出席会议)"))
        #expect(lines.contains("   span:       259-266  「王伟中主持会议」"))
        #expect(lines.contains("   sentence:   省委书记李希出席会议并讲话,省委副书记、省长【王伟中主持会议】,省委副书记、深圳市委书记孟凡利出席会议。"))
        #expect(lines.contains("   rule:       participation.cue   confidence: 0.9"))
        // The span is the code point slice of the file.
        let text = try SeedDatabase.text
        #expect(String(String.UnicodeScalarView(text[259..<266])) == "王伟中主持会议")

        let label = try SeedDatabase.tupu(["why", "王伟中", "主持", SeedDatabase.meeting])
        #expect(label.stdout == result.stdout)
        let absent = try SeedDatabase.tupu(["why", "李希", "presided", SeedDatabase.meeting])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("does not hold"))
        let tsv = try SeedDatabase.tupu(["why", "王伟中", "presided", SeedDatabase.meeting, "--format", "tsv"])
        #expect(tsv.stdout.split(separator: "\n").map(String.init) == [
            "document\tstart\tend\tsurface\tsentence\trule\tconfidence",
            "\(SeedDatabase.document)\t259\t266\t王伟中主持会议\t省委书记李希出席会议并讲话,省委副书记、省长王伟中主持会议,省委副书记、深圳市委书记孟凡利出席会议。\tparticipation.cue\t0.9",
        ])
    }

    @Test func searchFindsNamesBySubstring() throws {
        let short = try SeedDatabase.tupu(["search", "仲裁"])
        #expect(short.status == 0, "\(short.stderr)")
        #expect(tableRows(short.stdout) == [["organization", "深圳国际仲裁院"]])
        let indexed = try SeedDatabase.tupu(["search", "国际仲裁", "--format", "tsv"])
        #expect(indexed.stdout == "kind\tname\talias\norganization\t深圳国际仲裁院\t\n")
        let alias = try SeedDatabase.tupu(["search", "深圳市", "--format", "tsv"])
        #expect(alias.stdout.split(separator: "\n").contains("place\t深圳\t深圳市"))
        let none = try SeedDatabase.tupu(["search", "没有这个"])
        #expect(none.status == 1)
    }

    @Test func pathLinksZhangHuToTheArbitrationCourt() throws {
        let result = try SeedDatabase.tupu(["path", "张虎", "深圳国际仲裁院", "--format", "tsv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["step", "subject", "predicate", "object"])
        #expect(rows.count == 4)
        guard rows.count == 4 else { return }
        #expect(rows[1] == ["1", "张虎", "reported_at", SeedDatabase.meeting])
        #expect(rows[2].count == 4 && rows[2][0] == "2" && rows[2][2] == "attended" && rows[2][3] == SeedDatabase.meeting)
        #expect(rows[3] == ["3", rows[2][1], "visited", "深圳国际仲裁院"])
        #expect(["李希", "王伟中"].contains(rows[2][1]))

        let short = try SeedDatabase.tupu(["path", "张虎", "深圳国际仲裁院", "--max-depth", "2"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("no connection"))
    }

    @Test func csvIsRFC4180() throws {
        let result = try SeedDatabase.tupu(["show", "李希", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("\r\n"))
        let records = try #require(parseCSV(result.stdout))
        #expect(records.first == ["subject", "predicate", "object", "document", "span", "sentence"])
        #expect(records.count >= 8)
        #expect(records.allSatisfy { $0.count == 6 })
        let sentence = "省委书记李希出席会议并讲话,省委副书记、省长王伟中主持会议,省委副书记、深圳市委书记孟凡利出席会议。"
        #expect(records.contains(["李希", "holds_role", "省委书记", SeedDatabase.document, "237-243", sentence]))
        // The field with commas is quoted in the raw output.
        #expect(result.stdout.contains(",\"\(sentence)\"\r\n"))
        #expect(records.dropFirst().map { $0[1] }.filter { $0 == "visited" }.count == 4)

        let query = try SeedDatabase.tupu(["query", "?p 考察 ?o", "--format", "csv"])
        #expect(parseCSV(query.stdout) == [["p", "o"]] + ["李希", "王伟中"].flatMap { person in SeedDatabase.sites.map { [person, $0] } })
    }

    @Test func jsonParses() throws {
        let result = try SeedDatabase.tupu(["who", "attended", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(objects.compactMap { $0["who"] as? String } == SeedDatabase.attendees)
        #expect(objects.allSatisfy { $0["what"] as? String == SeedDatabase.meeting && $0.count == 2 })

        let counts = try SeedDatabase.tupu(["query", "SELECT ?p COUNT(?r) AS ?n WHERE ?p 担任 ?r ORDER BY DESC(?n) ?p LIMIT 3", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(counts.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["p"] as? String } == ["孟凡利", "张虎", "王伟中"])
        #expect(rows.compactMap { $0["n"] as? String } == ["2", "2", "2"])
    }

    @Test func jsonlWithEvidenceCarriesTheSurface() throws {
        let result = try SeedDatabase.tupu(["query", "?p 考察 深圳国际仲裁院", "--format", "jsonl", "--evidence"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try SeedDatabase.text
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        var people: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            people.append(object["p"] as? String ?? "")
            let evidence = try #require(object["evidence"] as? [[String: Any]])
            #expect(!evidence.isEmpty)
            for item in evidence {
                let start = try #require(item["start"] as? Int), end = try #require(item["end"] as? Int)
                let surface = try #require(item["surface"] as? String)
                #expect(String(String.UnicodeScalarView(text[start..<end])) == surface)
                #expect(surface.hasPrefix(object["p"] as? String ?? "?") || surface.contains("深圳国际仲裁院"))
                #expect(item["document"] as? String == SeedDatabase.document)
                #expect(item["object"] as? String == "深圳国际仲裁院")
                #expect(item["rule"] is String)
            }
        }
        #expect(people == ["李希", "王伟中"])

        let presided = try SeedDatabase.tupu(["who", "主持", "--format", "jsonl", "--evidence"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(presided.stdout.utf8)) as? [String: Any])
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["surface"] as? String } == ["王伟中主持会议"])
        #expect(evidence.map { $0["rule"] as? String } == ["participation.cue"])
    }

    @Test func syntaxErrorsExit64WithACaret() throws {
        let result = try SeedDatabase.tupu(["query", "李希 出席"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").map(String.init) == [
            #"tupu: query syntax error at character 6: expected an object (a ?variable, a name, a "quoted name" or a date), found the end of the query"#,
            "  李希 出席",
            String(repeating: " ", count: 2 + 9) + "^",
        ])
        let kind = try SeedDatabase.tupu(["query", "?p:人物 出席 ?e"])
        #expect(kind.status == 64)
        #expect(kind.stderr.hasSuffix("\n     ^\n"))
        let explain = try SeedDatabase.tupu(["query", "--explain", "?p 出席 ?e"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("-- plan: SEARCH t0 USING INDEX"))
        #expect(!explain.stdout.contains("SCAN t0"))
    }

    @Test func unknownNamesExit1WithSuggestions() throws {
        let result = try SeedDatabase.tupu(["query", "?x 位于 深圳国际仲栽院"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("tupu: no entity is named \"深圳国际仲栽院\"; did you mean: 深圳国际仲裁院"))
        let nothing = try SeedDatabase.tupu(["query", "?x 位于 QQQQ"])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("try `tupu search`"))
    }
}
