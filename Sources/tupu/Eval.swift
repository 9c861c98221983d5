import ArgumentParser
import Foundation
import TupuEval
import TupuIngest
import TupuStore
import TupuModel
import TupuTagger

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extraction against gold files: precision, recall and F1 per predicate and overall.",
        discussion: """
            Give a gold file and its article (tupu eval GOLD.tsv ARTICLE.txt), or folders in which each \
            NAME.txt is paired with NAME.gold.tsv (tupu eval Tests/Fixtures/articles). A gold file has one fact \
            a line: subject<TAB>predicate<TAB>object, with an optional fourth column ? for a fact that is \
            neither required nor counted false, and entity lines NAME<TAB>kind<TAB>person; a NAME.entities.tsv \
            beside it adds entities as NAME<TAB>KIND[<TAB>?] (KIND may be a|b). Names are compared in simplified \
            characters. Persons, roles, places and dates match exactly; events, organizations, initiatives and \
            documents also match a clear short form (lenient: its characters in order, at least three and half \
            of the longer name); the rows named strict count exact names only. With --min-f1, the exit code is 1 when the overall triple F1 is lower.
            """)

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: "Exit with 1 when the overall triple F1 is below this value (0 to 1).")
    var minF1: Double?

    @Flag(name: .long, help: "Do not list the misses and false facts.")
    var quiet = false

    @Option(
        name: .customLong("peoples-daily"),
        help: ArgumentHelp(
            "Score person, place and organization spans (exact span and kind) on the test part (the last 10% of the non-blank lines) of the People's Daily January 1998 corpus file (199801.txt).",
            valueName: "corpus"))
    var peoplesDaily: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --peoples-daily: the part to score, test (the default) or train (the first 90%, which the model learned from: shows what the rules lose from names the model knows).",
            valueName: "part"))
    var part: CorpusPart?

    @Argument(help: ArgumentHelp("GOLD.tsv ARTICLE.txt, or folders of NAME.txt + NAME.gold.tsv.", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if peoplesDaily == nil, paths.isEmpty {
            throw ValidationError("Give GOLD.tsv ARTICLE.txt, folders of NAME.txt + NAME.gold.tsv, or --peoples-daily CORPUS.")
        }
        if peoplesDaily != nil, !paths.isEmpty {
            throw ValidationError("--peoples-daily scores the corpus alone; give no other paths with it.")
        }
        if part != nil, peoplesDaily == nil {
            throw ValidationError("--part chooses a part of the --peoples-daily corpus; give --peoples-daily CORPUS with it.")
        }
    }

    func run() throws {
        if let peoplesDaily {
            try report { try scorePeoplesDaily(peoplesDaily) }
            return
        }
        try report {
            let extractor = try ruleOptions.extractor()
            var total = Evaluation()
            var documents = 0
            for (gold, article) in try pairs() {
                let goldText = try readText(gold)
                var parsed: Gold
                do {
                    parsed = try Gold.parse(goldText, file: gold)
                    let entities = String(gold.dropLast(".gold.tsv".count)) + ".entities.tsv"
                    if gold.hasSuffix(".gold.tsv"), FileManager.default.fileExists(atPath: entities) {
                        try parsed.addEntities(try readText(entities), file: entities)
                    }
                } catch let error as Gold.FormatError {
                    throw CLIError.badData("bad gold file: \(error)")
                }
                total.merge(Evaluation.score(extractor.extract(try readText(article)), against: parsed, document: article))
                documents += 1
            }
            printReport(total, documents: documents)
            if let minF1, total.overall.f1 < minF1 {
                throw CLIError.notFound(["overall F1 \(format(total.overall.f1)) is below --min-f1 \(minF1)"])
            }
        }
    }

    /// Spans of the extractor (rules and model) and of the model alone on the corpus's test part.
    private func scorePeoplesDaily(_ path: String) throws {
        let extractor = try ruleOptions.extractor()
        let corpus = try readText(path)
        // Words are written word/tag: a file without one slash is not in this format.
        let sentences = corpus.contains("/") ? PeoplesDaily.sentences(fromCorpus: corpus) : []
        guard !sentences.isEmpty else { throw CLIError.badData("\(path): holds no line of the People's Daily format (word/tag …)") }
        let split = PeoplesDaily.split(sentences)
        let test = part == .train ? split.train : split.test
        var withRules = NameScores()
        var modelAlone = NameScores()
        var missed: [String] = []
        var falseSpans: [String] = []
        for (number, sentence) in test.enumerated() {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: sentence.text)
            let extraction = extractor.extract(String(view))
            let found = extraction.mentions.compactMap { mention -> NameSpan? in
                let kind: NameKind
                switch mention.entity.kind {
                case .person: kind = .person
                case .place: kind = .place
                case .organization: kind = .organization
                default: return nil
                }
                return NameSpan(start: mention.span.start, end: mention.span.end, kind: kind)
            }
            let distinct = Set(found)
            withRules.add(found: Array(distinct), gold: sentence.names)
            if !quiet {
                let gold = Set(sentence.names)
                for span in sentence.names where !distinct.contains(span) {
                    missed.append(Self.describe(span, in: sentence.text, line: number + 1))
                }
                for span in distinct.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) where !gold.contains(span) {
                    falseSpans.append(Self.describe(span, in: sentence.text, line: number + 1))
                }
            }
            if let tagger = extractor.tagger {
                modelAlone.add(found: tagger.spans(in: sentence.text, range: 0..<sentence.text.count, margins: false), gold: sentence.names)
            }
        }
        print("People's Daily 1998-01, \(part ?? .test) part: \(test.count) lines, \(test.reduce(0) { $0 + $1.text.count }) characters\n")
        var rows: [[String]] = []
        for (name, scores) in [("extractor", withRules), ("model alone", modelAlone)] where name == "extractor" || extractor.tagger != nil {
            for kind in NameKind.allCases {
                let counts = scores[kind]
                rows.append([name, kind.description, String(counts.gold), String(counts.found), String(counts.correct), format(counts.precision), format(counts.recall), format(counts.f1)])
            }
        }
        print(alignedTable(header: ["spans", "kind", "gold", "found", "correct", "precision", "recall", "f1"], rows: rows))
        for (title, list) in [("missed by the extractor", missed), ("false spans of the extractor", falseSpans)] where !list.isEmpty {
            print("\n\(title) (\(list.count)):")
            for line in list { print("  " + line) }
        }
    }

    /// `kind<TAB>name<TAB>line N: context`, the name bracketed in up to 12 characters each side.
    private static func describe(_ span: NameSpan, in text: [Unicode.Scalar], line: Int) -> String {
        func string(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text[range])
            return String(view)
        }
        let start = max(0, min(span.start, text.count)), end = max(start, min(span.end, text.count))
        let before = string(max(0, start - 12)..<start)
        let after = string(end..<min(text.count, end + 12))
        return "\(span.kind)\t\(string(start..<end))\tline \(line): \(before)[\(string(start..<end))]\(after)"
    }

    /// A file's text, read as ingest reads it (UTF-8, UTF-16 with a byte order mark or
    /// GB18030); no size limit, since a corpus file may be large.
    /// A part of the People's Daily corpus.
    enum CorpusPart: String, ExpressibleByArgument, CustomStringConvertible {
        case test, train
        var description: String { rawValue }
    }

    private func readText(_ path: String) throws -> String {
        try SourceDocument.read(path: path, maxFileSize: Int.max).text
    }

    /// (gold, article) pairs from the arguments.
    private func pairs() throws -> [(String, String)] {
        if paths.count == 2, paths[0].hasSuffix(".tsv"), !isFolder(paths[0]) {
            return [(paths[0], paths[1])]
        }
        var result: [(String, String)] = []
        for folder in paths {
            guard isFolder(folder) else {
                throw CLIError.input("\(folder): expected a folder of NAME.txt and NAME.gold.tsv files, or GOLD.tsv ARTICLE.txt")
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".gold.tsv") {
                let stem = String(name.dropLast(".gold.tsv".count))
                let article = folder + "/" + stem + ".txt"
                guard FileManager.default.fileExists(atPath: article) else {
                    throw CLIError.input("\(folder)/\(name): has no article \(stem).txt beside it")
                }
                result.append((folder + "/" + name, article))
            }
            if result.isEmpty { throw CLIError.input("\(folder): holds no NAME.gold.tsv files") }
        }
        return result
    }

    private func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    private func printReport(_ evaluation: Evaluation, documents: Int) {
        var rows: [[String]] = []
        for predicate in Predicate.allCases {
            guard let score = evaluation.byPredicate[predicate] else { continue }
            rows.append(scoreRow(predicate.rawValue, score))
        }
        rows.append(scoreRow("overall", evaluation.overall))
        rows.append(scoreRow("strict", evaluation.strictOverall))
        print("\(documents) document(s)\n")
        print(alignedTable(header: ["triples", "tp", "fp", "fn", "precision", "recall", "f1"], rows: rows))
        if !evaluation.byEntityKind.isEmpty {
            let entityRows = EntityKind.allCases.compactMap { kind in evaluation.byEntityKind[kind].map { scoreRow(kind.rawValue, $0) } }
                + [scoreRow("overall", evaluation.entities), scoreRow("strict", evaluation.strictEntities)]
            print("")
            print(alignedTable(header: ["entities", "tp", "fp", "fn", "precision", "recall", "f1"], rows: entityRows))
        }
        guard !quiet else { return }
        for (title, list) in [("missed", evaluation.misses), ("false", evaluation.falseFacts), ("missed entities", evaluation.entityMisses), ("false entities", evaluation.falseEntities)] where !list.isEmpty {
            print("\n\(title) (\(list.count)):")
            for item in list {
                print("  \(item.subject)\t\(item.predicate)\t\(item.object)\t\(item.document)")
            }
        }
    }

    private func scoreRow(_ name: String, _ score: Evaluation.Score) -> [String] {
        [name, String(score.truePositives), String(score.falsePositives), String(score.falseNegatives), format(score.precision), format(score.recall), format(score.f1)]
    }
}
