import Foundation
import TupuQuery
import TupuStore

/// The people and things the queries and pictures are about: the busiest attendee, the one whose
/// attendance is nearest the ego-graph size wanted, a provincial secretary for paths, an event
/// and a city of the generated corpus. Among people with as many meetings, the first by name: the
/// same people whatever order SQLite's plan gives rows of equal count in.
struct Subjects {
    var busiest: (name: String, count: Int)
    var busiestID: Int64
    var egoPerson: (name: String, count: Int)
    var egoPersonID: Int64
    var secondName: String?
    var secondID: Int64
    var event: String
    var eventID: Int64
    var city: String

    init(store: Store, generator: CorpusGenerator, articles: Int, egoNodes: Int) throws {
        let attendance = try store.run(try QueryParser.parse(
            "SELECT ?p COUNT(?e) AS ?n WHERE ?p attended ?e GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 2000"))
        let counts = attendance.rows.compactMap { row -> (name: String, count: Int)? in
            guard row.count == 2, let name = row[0], let count = row[1].flatMap({ Int($0) }) else { return nil }
            return (name, count)
        }
        guard let busiest = counts.first else { throw BenchmarkError.missing("no person attended anything") }
        self.busiest = busiest
        egoPerson = counts.min { abs($0.count - egoNodes) < abs($1.count - egoNodes) } ?? busiest
        busiestID = try store.match(busiest.name).entityIDs.first ?? 0
        secondName = generator.secretaries.joined().first { name in
            name != busiest.name && (try? store.match(name).entityIDs.isEmpty) == false
        } ?? counts.dropFirst().first?.name
        secondID = try secondName.flatMap { try store.match($0).entityIDs.first } ?? busiestID
        event = (0..<articles).lazy.compactMap { generator.article($0).event }.first ?? ""
        city = CorpusGenerator.cities[0]
        egoPersonID = try store.match(egoPerson.name).entityIDs.first ?? 0
        eventID = try store.match(event).entityIDs.first ?? 0
    }
}

extension Benchmark {
    /// Measures the queries alone on an existing store, the one a run with the same `articles`
    /// and `seed` kept (`run --keep DIR`, then `run --queries-only DIR/bench.sqlite`): the corpus
    /// is generated in memory only, to find the same subjects. Nothing is written; a store of
    /// an older schema must have been opened once for writing (it is migrated then).
    public func runQueries(storePath: String) throws -> BenchmarkReport {
        let recorder = Recorder(log: log)
        let generator = CorpusGenerator(seed: seed, articles: articles)
        let store = try Store(path: storePath, readOnly: true)
        Self.resetPeakResident()
        // `--queries export`, `--queries views`: the whole-graph export alone, the views alone
        // (neither is one of the queries).
        if queryFilter == "export" {
            try measureExport(store: store, recorder)
            recorder.peak("export")
        } else {
            let subjects = try Subjects(store: store, generator: generator, articles: articles, egoNodes: egoNodes)
            if queryFilter == "views" {
                try measureViews(store: store, busiest: subjects.busiest.name, recorder)
                recorder.peak("views")
            } else {
                try measureQueries(store: store, subjects: subjects, recorder)
                recorder.peak("query")
            }
        }
        return BenchmarkReport(
            articles: articles, seed: seed, cores: ProcessInfo.processInfo.activeProcessorCount, corpusBytes: 0,
            measurements: recorder.measurements)
    }

    /// Runs each query up to `queryRepetitions` times and records its p50 and p99.
    func measureQueries(store: Store, subjects: Subjects, _ recorder: Recorder) throws {
        let (busiest, egoPerson, event, city) = (subjects.busiest, subjects.egoPerson, subjects.event, subjects.city)
        let (busiestID, secondID, egoPersonID, eventID) = (subjects.busiestID, subjects.secondID, subjects.egoPersonID, subjects.eventID)
        let coAttendanceQuery = "\(egoPerson.name) attended ?e . ?e held_in \(city) . ?p attended ?e"
        let coAttendance = try store.run(try QueryParser.parse(coAttendanceQuery)).rows.count
        let cityJoinQuery = "?p attended ?e . ?e held_in \(city) . ?p holds_role ?r"
        let cityJoinRows = try store.run(try QueryParser.parse(cityJoinQuery)).rows.count
        let pathLength = try store.shortestPath(from: busiestID, to: secondID)?.count ?? -1
        let eventPathLength = try store.shortestPath(from: egoPersonID, to: eventID)?.count ?? -1
        log("queries, \(queryRepetitions) runs each")
        // (key, label, query): the key names the query without the corpus's names.
        var queries: [(String, String, () throws -> Void)] = [
            ("who attended an event", "who attended X: ?p attended \"\(event)\"", { _ = try store.run(try QueryParser.parse("?p attended \"\(event)\"")) }),
            ("bound pattern: the busiest person holds_role ?r", "bound pattern: \(busiest.name) holds_role ?r", { _ = try store.run(try QueryParser.parse("\(busiest.name) holds_role ?r")) }),
            ("bound pattern: the ego person attended ?e", "bound pattern: \(egoPerson.name) attended ?e", { _ = try store.run(try QueryParser.parse("\(egoPerson.name) attended ?e")) }),
            ("3-pattern join, who met the ego person in a city", "3-pattern join, who met \(egoPerson.name) in \(city) (\(coAttendance) rows)", {
                _ = try store.run(try QueryParser.parse(coAttendanceQuery))
            }),
            ("3-pattern join over a city, first 100 in order", "3-pattern join over \(city), first 100 in order (\(cityJoinRows) rows sorted)", {
                _ = try store.run(try QueryParser.parse(cityJoinQuery + " LIMIT 100"))
            }),
            // What `tupu show` reads: the entity, then its aliases, triples and evidence.
            ("show the ego person: triples + evidence", "show \(egoPerson.name): triples + evidence", {
                for id in try store.match(egoPerson.name).entityIDs {
                    _ = try store.entity(id)
                    _ = try store.facts(of: id)
                }
            }),
            ("show the busiest person: aliases, triples + evidence", "show \(busiest.name), the busiest (\(busiest.count) meetings): aliases, triples + evidence", {
                for id in try store.match(busiest.name).entityIDs {
                    _ = try store.entity(id)
                    _ = try store.facts(of: id)
                }
            }),
            ("shortestPath the busiest person → a provincial secretary", "shortestPath \(busiest.name) → \(subjects.secondName ?? busiest.name) (\(pathLength) steps)", {
                _ = try store.shortestPath(from: busiestID, to: secondID)
            }),
            ("shortestPath the ego person → an event", "shortestPath \(egoPerson.name) → \(event) (\(eventPathLength) steps)", {
                _ = try store.shortestPath(from: egoPersonID, to: eventID)
            }),
            ("search 科技有限", "search 科技有限", { _ = try store.search("科技有限") }),
        ]
        // One query per construct of the language (issue: each under 50 ms on a large store).
        let constructs: [(String, String)] = [
            ("OPTIONAL", "?p attended \"\(event)\" OPTIONAL { ?p holds_role ?r }"),
            ("UNION", "{ ?p presided \"\(event)\" } UNION { ?p spoke_at \"\(event)\" }"),
            ("MINUS", "SELECT ?p WHERE ?p attended \"\(event)\" MINUS { ?p holds_role ?r }"),
            ("FILTER NOT EXISTS", "?p attended \"\(event)\" FILTER NOT EXISTS { ?p presided ?e }"),
            ("dates, year(), IN, &&", "\(egoPerson.name) attended ?e . ?e held_on ?d FILTER(year(?d) >= 2022 && month(?d) IN (1, 2, 3))"),
            ("regex()", "\(egoPerson.name) attended ?e FILTER regex(?e, \"工作会议\")"),
            ("COUNT GROUP BY HAVING", "SELECT ?e COUNT(?p) AS ?n WHERE ?p attended ?e . ?e held_in \(city) GROUP BY ?e HAVING ?n > 10 LIMIT 20"),
            ("ORDER BY OFFSET", "\(egoPerson.name) attended ?e . ?e held_on ?d ORDER BY ?d LIMIT 10 OFFSET 5"),
            ("path attended/held_in", "\(egoPerson.name) attended/held_in ?place"),
            ("path ^attended", "\"\(event)\" ^attended ?p"),
            ("path met_with+", "\(egoPerson.name) met_with+ ?q"),
            ("evidence scope IN ?doc", "\(egoPerson.name) attended ?e IN ?doc . ?e held_in ?place IN ?doc"),
        ]
        for (construct, text) in constructs {
            let parsed = try QueryParser.parse(text)
            queries.append(("construct \(construct)", "construct \(construct): \(text)", { _ = try store.run(parsed) }))
        }
        for (key, label, body) in queries where queryFilter.map({ label.contains($0) }) ?? true {
            var samples: [Double] = []
            var cpuSamples: [Double] = []
            samples.reserveCapacity(queryRepetitions)
            // At most `queryRepetitions` runs, and no more than `querySeconds` in all (a join
            // that returns a large share of the graph takes seconds a run).
            var spent = 0.0
            for _ in 0..<max(queryRepetitions, 1) where spent < querySeconds {
                let cpuStart = Self.processSeconds()
                let (_, elapsed) = try Self.time(body)
                cpuSamples.append((Self.processSeconds() - cpuStart) * 1000)
                samples.append(elapsed * 1000)
                spent += elapsed
            }
            samples.sort()
            cpuSamples.sort()
            recorder.add("query", "\(label) p50", Self.percentile(samples, 0.5), "ms", key: "\(key) p50")
            recorder.add("query", "\(label) p99", Self.percentile(samples, 0.99), "ms", key: "\(key) p99")
            // The process's CPU time: what a loaded machine's other processes do not inflate.
            recorder.add("query", "\(label) p50 CPU", Self.percentile(cpuSamples, 0.5), "ms", key: "\(key) p50 CPU")
            if samples.count < queryRepetitions {
                recorder.add("query", "\(label) runs", Double(samples.count), "runs", key: "\(key) runs")
            }
        }
    }
}
