import TupuModel

/// How to train a tagger.
public struct TrainingOptions: Sendable, Hashable {
    /// Passes over the training sentences.
    public var epochs: Int = 10
    /// Seeds the order of the sentences in each pass.
    public var seed: UInt64 = 1998
    /// Bigrams and trigrams seen fewer times than this in training get no feature.
    public var minimumBigramCount: Int = 2
    public var minimumTrigramCount: Int = 2
    /// Learned weights smaller than this (perceptron units, or the CRF's log-potentials) are
    /// dropped from the model.
    public var pruneBelow: Double = 0
    /// Known-word features (only when the lexicon has words).
    public var useWords: Bool = true
    /// Where bigrams, trigrams and known-word matches are read, relative to the tagged
    /// character (the first character of a bigram or trigram), each in -2...2.
    /// The defaults are the compact set: more offsets (bigrams at -2...1, trigrams at -2...0,
    /// words at -1...1) changed F1 by less than 0.005 on the People's Daily test and cost a
    /// third of the speed.
    public var bigramOffsets: [Int8] = [-1, 0]
    public var trigramOffsets: [Int8] = [-1]
    public var wordOffsets: [Int8] = [0]
    /// Offsets of the name-statistics features (given-name and transliteration characters of
    /// the known person words); empty: none.
    public var statisticsOffsets: [Int8] = []
    /// Offsets of the common-word features (only when the lexicon has common words); empty: none.
    public var commonWordOffsets: [Int8] = [-1, 0, 1]
    /// Adds the names of the training sentences to the known words. To train on features that
    /// behave as they will on new text, the sentences are cut into this many folds and each
    /// fold sees only the names of the other folds (0: no training names).
    public var nameFolds: Int = 0
    /// Weights above this quantile of the nonzero magnitudes are clipped to it when quantized.
    public var clipQuantile: Double = 1
    /// The learner: an averaged structured perceptron, or a linear-chain CRF (conditional
    /// random field) trained by stochastic gradient descent with an L2 penalty.
    public var learner: Learner = .perceptron
    /// CRF: the L2 penalty `c2 · ‖w‖²` on the summed log-likelihood of the training sentences.
    public var l2: Double = 1
    /// CRF: the first learning rate; it falls as `1 / (λ · (t0 + t))` over the steps t.
    public var learningRate: Double = 0.1
    /// CRF: the model's weights are the average of the weights after every update from this
    /// pass on (1: all; 0 or more than `epochs`: no averaging, the last weights).
    public var averageFrom: Int = 0
    /// Offsets of the document features of a second-stage (stacked) model, read only when the
    /// trainer is given the first stage's ``DocumentNames`` of each sentence.
    public var documentOffsets: [Int8] = [0]
    /// Surname-context features (the character before a surname character, at offsets 0 and 1;
    /// the one after it, at -1 and 0): forms of address such as 老何, 小赵, 赵家.
    public var surnameContext: Bool = false
    /// Whether a second-stage model reads the first stage's person candidates (``DocumentNames``).
    public var documentCandidates: Bool = false
    /// Whether the model reads the strings repeated in the document (``DocumentNames``, counted).
    public var documentRepeats: Bool = false
    /// Whether the model reads the names a first stage found in the document.
    public var documentNames: Bool = true
    /// Offsets of the character-cluster features (only when the lexicon has clusters): the
    /// coarse and the fine cluster of the character there, and the coarse clusters of it and
    /// the next one; all empty: no cluster features, and the model stores no clusters.
    public var clusterCoarseOffsets: [Int8] = []
    public var clusterFineOffsets: [Int8] = []
    public var clusterPairOffsets: [Int8] = []

    /// Offsets of the maximum-matching segmentation features (forward, backward) over the known
    /// and common words (only when the lexicon has words); empty: none.
    public var segmentForwardOffsets: [Int8] = []
    public var segmentBackwardOffsets: [Int8] = []

    /// Adds this many copies of each training line that holds a person name of a one-character
    /// surname and a given name of one or two Han characters, each such name replaced by a
    /// surname and a given name drawn (seeded) from different names of the training part, so
    /// that the model sees names it cannot have memorized; 0: none. The copies add no bigram,
    /// trigram or character features.
    public var nameSwaps: Int = 0
    /// With `nameSwaps`, also swap lone surnames, surnames after another character (老何) and
    /// other persons of two to four Han characters (transliterations, nicknames).
    public var swapAllPersons: Bool = false
    /// With `nameSwaps`, each pass learns from one of a line and its copies (in turn), rather
    /// than from all of them: as many lines a pass as without copies, the same share of names.
    public var alternateSwaps: Bool = false

    public var usesClusters: Bool { !(clusterCoarseOffsets.isEmpty && clusterFineOffsets.isEmpty && clusterPairOffsets.isEmpty) }

    public enum Learner: String, Sendable, Hashable, CaseIterable {
        case perceptron, crf
    }

    public init() {}
}

/// Trains a `NameTagger` with the averaged structured perceptron or a CRF
/// (`TrainingOptions.learner`). Deterministic: the same sentences, lexicon and options give the
/// same model, byte for byte.
public enum NameTaggerTrainer {
    static func blocks(words: Bool, commonWords: Bool, clusters: Bool, documents: Bool, options: TrainingOptions) -> [BlockSpec] {
        var blocks = [
            BlockSpec(template: .unigram, offsets: [-2, -1, 0, 1, 2]),
            BlockSpec(template: .bigram, offsets: options.bigramOffsets),
            BlockSpec(template: .trigram, offsets: options.trigramOffsets),
            BlockSpec(template: .classes, offsets: [0]),
            BlockSpec(template: .flags, offsets: [-2, -1, 0, 1, 2]),
        ]
        if words {
            for template in [Template.personWords, .placeWords, .organizationWords] {
                blocks.append(BlockSpec(template: template, offsets: options.wordOffsets))
            }
            if !options.statisticsOffsets.isEmpty {
                blocks.append(BlockSpec(template: .nameStatistics, offsets: options.statisticsOffsets))
            }
        }
        if commonWords && !options.commonWordOffsets.isEmpty {
            blocks.append(BlockSpec(template: .commonWords, offsets: options.commonWordOffsets))
        }
        if words || commonWords {
            for (template, offsets) in [(Template.segmentForward, options.segmentForwardOffsets), (.segmentBackward, options.segmentBackwardOffsets)]
            where !offsets.isEmpty {
                blocks.append(BlockSpec(template: template, offsets: offsets))
            }
        }
        if clusters {
            for (template, offsets) in [
                (Template.clusterCoarse, options.clusterCoarseOffsets), (.clusterFine, options.clusterFineOffsets),
                (.clusterPair, options.clusterPairOffsets),
            ] where !offsets.isEmpty {
                blocks.append(BlockSpec(template: template, offsets: offsets))
            }
        }
        if options.surnameContext {
            blocks.append(BlockSpec(template: .surnameBefore, offsets: [0, 1]))
            blocks.append(BlockSpec(template: .surnameAfter, offsets: [-1, 0]))
        }
        if documents && !options.documentOffsets.isEmpty {
            var templates: [Template] = options.documentNames ? [.documentPersons, .documentPlaces, .documentOrganizations] : []
            if options.documentCandidates { templates.append(.documentCandidates) }
            if options.documentRepeats { templates.append(.documentRepeats) }
            for template in templates {
                blocks.append(BlockSpec(template: template, offsets: options.documentOffsets))
            }
        }
        return blocks
    }

    /// - Parameter progress: called after each pass with the pass number (from 1) and the number
    ///   of training sentences the current weights tagged wrongly during that pass.
    /// - Parameter documents: for a second-stage (stacked) model, the names the first stage found
    ///   in the document of each sentence (one for each sentence); nil for an ordinary model.
    public static func train(
        _ sentences: some Collection<TaggedSentence>,
        documents: [DocumentNames]? = nil,
        lexicon: TaggerLexicon,
        options: TrainingOptions = TrainingOptions(),
        progress: ((Int, Int) -> Void)? = nil
    ) -> NameTagger {
        train(sentences, documents: documents, lexicon: lexicon, options: options, pruneLevels: [options.pruneBelow], progress: progress)[0]
    }

    /// Trains once and returns one model for each pruning level (`TrainingOptions.pruneBelow`
    /// is ignored), for choosing the level.
    public static func train(
        _ sentences: some Collection<TaggedSentence>,
        documents: [DocumentNames]? = nil,
        lexicon: TaggerLexicon,
        options: TrainingOptions = TrainingOptions(),
        pruneLevels: [Double],
        progress: ((Int, Int) -> Void)? = nil
    ) -> [NameTagger] {
        let all = Array(sentences)
        let kept = all.indices.filter { !all[$0].text.isEmpty }
        var sentences = kept.map { all[$0] }
        let documents = documents.map { documents in kept.map { documents[$0] } }
        var lexicon = lexicon
        if !options.useWords { lexicon.words = [] }
        if options.commonWordOffsets.isEmpty { lexicon.commonWords = [] }
        if !options.usesClusters { lexicon.clusters = [:] }
        let blocks = blocks(
            words: !lexicon.words.isEmpty, commonWords: !lexicon.commonWords.isEmpty, clusters: !lexicon.clusters.isEmpty,
            documents: documents != nil, options: options)

        // The characters seen in training, and the bigrams and trigrams seen often enough.
        // Characters by falling frequency, so that the weights of common ones lie close together.
        var characterCounts: [UInt32: Int] = [:]
        for sentence in sentences { for scalar in sentence.text { characterCounts[normalizedScalar(scalar.value), default: 0] += 1 } }
        let characters = characterCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        let bare = FeatureSpace(lexicon: TaggerLexicon(surnames: []), characters: characters, blocks: [], bigrams: [], trigrams: [])
        var bigramCounts: [UInt64: Int] = [:]
        var trigramCounts: [UInt64: Int] = [:]
        for sentence in sentences {
            let codes = sentence.text.withUnsafeBufferPointer { bare.codes($0) }.map { $0 & 0xFFFF }
            for p in 0..<(codes.count - 1) {
                bigramCounts[FeatureSpace.bigramKey(codes[p], codes[p + 1]), default: 0] += 1
                if p + 2 < codes.count {
                    trigramCounts[FeatureSpace.trigramKey(codes[p], codes[p + 1], codes[p + 2]), default: 0] += 1
                }
            }
        }
        let bigrams = bigramCounts.filter { $0.value >= options.minimumBigramCount }.keys.sorted()
        let trigrams = trigramCounts.filter { $0.value >= options.minimumTrigramCount }.keys.sorted()
        bigramCounts = [:]
        trigramCounts = [:]
        var space = FeatureSpace(lexicon: lexicon, characters: characters, blocks: blocks, bigrams: bigrams, trigrams: trigrams)

        // Lines with swapped names (``TrainingOptions/nameSwaps``), after the original lines.
        // `variants[i]`: line i and its copies; with `alternateSwaps` each pass learns from one of them.
        let original = sentences.count
        var variants = (0..<original).map { [$0] }
        if documents == nil && options.nameFolds <= 1 && options.nameSwaps > 0 {
            let copies = swappedNames(
                sentences, surnames: lexicon.surnames, copies: options.nameSwaps, wide: options.swapAllPersons, seed: options.seed)
            for (origin, copy) in copies {
                variants[origin].append(sentences.count)
                sentences.append(copy)
            }
        }
        let alternate = options.alternateSwaps && sentences.count > original
        let learned = alternate ? original : sentences.count
        @inline(__always) func line(_ index: Int, pass: Int) -> Int {
            guard alternate else { return index }
            let lines = variants[index]
            return lines[(pass + index) % lines.count]
        }

        // Each sentence's active slots and gold tags, computed once.
        var slots = sentences.indices.map { index in
            sentences[index].text.withUnsafeBufferPointer { space.slots($0, document: documents?[index]) }
        }
        if options.nameFolds > 1 && options.useWords {
            let folds = options.nameFolds
            var names = [Set<TaggerLexicon.Word>](repeating: [], count: folds)
            for (index, sentence) in sentences.enumerated() {
                for name in sentence.names where name.end - name.start >= 2 {
                    let text = String(String.UnicodeScalarView(sentence.text[name.start..<name.end]))
                    names[index % folds].insert(TaggerLexicon.Word(text, name.kind))
                }
            }
            func sorted(_ words: Set<TaggerLexicon.Word>) -> [TaggerLexicon.Word] {
                words.sorted { ($0.text, $0.kind.rawValue) < ($1.text, $1.kind.rawValue) }
            }
            let known = Set(lexicon.words)
            for fold in 0..<folds {
                var others = Set<TaggerLexicon.Word>()
                for other in 0..<folds where other != fold { others.formUnion(names[other]) }
                var foldLexicon = lexicon
                foldLexicon.words = lexicon.words + sorted(others.subtracting(known))
                let foldSpace = FeatureSpace(lexicon: foldLexicon, characters: characters, blocks: blocks, bigrams: bigrams, trigrams: trigrams)
                for index in stride(from: fold, to: sentences.count, by: folds) {
                    slots[index] = sentences[index].text.withUnsafeBufferPointer { foldSpace.slots($0, document: documents?[index]) }
                }
            }
            var all = Set<TaggerLexicon.Word>()
            for fold in names { all.formUnion(fold) }
            lexicon.words += sorted(all.subtracting(known))
            space = FeatureSpace(lexicon: lexicon, characters: characters, blocks: blocks, bigrams: bigrams, trigrams: trigrams)
        }
        let gold = sentences.map { $0.tags() }
        var uses = [Int](repeating: 0, count: space.slotCount)
        for sentenceSlots in slots { for slot in sentenceSlots where slot >= 0 { uses[Int(slot)] += 1 } }
        if options.learner == .crf {
            var crf = CRFLearner(slotCount: space.slotCount, stride: space.stride, sentences: learned, options: options)
            forEachPass(options, count: learned) { epoch, order in
                if options.averageFrom >= 1 && epoch >= options.averageFrom { crf.startAveraging() }
                var loss = 0.0
                for index in order {
                    let chosen = line(index, pass: epoch)
                    loss += crf.learn(slots: slots[chosen], gold: gold[chosen])
                }
                progress?(epoch, Int(loss.rounded()))
            }
            return pruneLevels.map { crf.model(space: space, uses: uses, pruneBelow: $0, clipQuantile: options.clipQuantile) }
        }

        var perceptron = Perceptron(slotCount: space.slotCount, stride: space.stride)
        forEachPass(options, count: learned) { epoch, order in
            var mistakes = 0
            for index in order {
                let chosen = line(index, pass: epoch)
                if perceptron.learn(slots: slots[chosen], gold: gold[chosen]) { mistakes += 1 }
            }
            progress?(epoch, mistakes)
        }
        return pruneLevels.map { perceptron.model(space: space, uses: uses, pruneBelow: $0, clipQuantile: options.clipQuantile) }
    }

    /// Copies of the lines that hold a person of a one-character surname and a given name of one
    /// or two Han characters, each such name (the same string the same way within a line)
    /// replaced by a surname and a given name drawn from those of the lines' names. `wide`: also
    /// the lines with other persons of Han characters: a lone surname (江 of 江主席) by another
    /// surname, a surname after another character (老何, 小赵) by another surname, and other
    /// persons of two to four characters (transliterations, nicknames) by another such person.
    static func swappedNames(
        _ sentences: [TaggedSentence], surnames: [String], copies: Int, wide: Bool, seed: UInt64
    ) -> [(origin: Int, copy: TaggedSentence)] {
        var single = Set<UInt32>()
        for surname in surnames where surname.unicodeScalars.count == 1 {
            if let scalar = surname.unicodeScalars.first { single.insert(scalar.value) }
        }
        enum Form { case full, lone, address, other }
        func form(_ text: [Unicode.Scalar], _ name: NameSpan) -> Form? {
            let length = name.end - name.start
            guard name.kind == .person, (1...4).contains(length),
                text[name.start..<name.end].allSatisfy({ CharacterClass.of(normalizedScalar($0.value)) == CharacterClass.chinese })
            else { return nil }
            let surname = single.contains(text[name.start].value)
            if surname && (2...3).contains(length) { return .full }
            guard wide else { return nil }
            if surname && length == 1 { return .lone }
            if length == 2 && single.contains(text[name.start + 1].value) { return .address }
            return length >= 2 ? .other : nil
        }
        var family: [Unicode.Scalar] = []
        var given: [[Unicode.Scalar]] = []
        var others: [[Unicode.Scalar]] = []
        for sentence in sentences {
            for name in sentence.names {
                switch form(sentence.text, name) {
                case .full:
                    family.append(sentence.text[name.start])
                    given.append(Array(sentence.text[(name.start + 1)..<name.end]))
                case .other: others.append(Array(sentence.text[name.start..<name.end]))
                default: break
                }
            }
        }
        guard !family.isEmpty else { return [] }
        var random = SplitMix64(seed: seed ^ 0x5357_4150)
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        var result: [(origin: Int, copy: TaggedSentence)] = []
        for _ in 0..<copies {
            for (origin, sentence) in sentences.enumerated() where sentence.names.contains(where: { form(sentence.text, $0) != nil }) {
                var replacements: [[Unicode.Scalar]: [Unicode.Scalar]] = [:]
                var text: [Unicode.Scalar] = []
                var names: [NameSpan] = []
                var position = 0
                for name in sentence.names.sorted(by: { $0.start < $1.start }) where name.start >= position {
                    text.append(contentsOf: sentence.text[position..<name.start])
                    var piece = Array(sentence.text[name.start..<name.end])
                    if let form = form(sentence.text, name) {
                        if let known = replacements[piece] {
                            piece = known
                        } else {
                            let new: [Unicode.Scalar]
                            switch form {
                            case .full: new = [pick(family)] + pick(given)
                            case .lone: new = [pick(family)]
                            case .address: new = [piece[0], pick(family)]
                            case .other: new = others.isEmpty ? piece : pick(others)
                            }
                            replacements[piece] = new
                            piece = new
                        }
                    }
                    names.append(NameSpan(start: text.count, end: text.count + piece.count, kind: name.kind))
                    text.append(contentsOf: piece)
                    position = name.end
                }
                text.append(contentsOf: sentence.text[position...])
                result.append((origin, TaggedSentence(text: text, names: names)))
            }
        }
        return result
    }

    /// Calls `pass` for each of the `options.epochs` passes (at least one) with the pass number
    /// (from 1) and the order of the sentence indices `0..<count` in it: each pass shuffles the
    /// previous order (Fisher–Yates with the fixed generator seeded by `options.seed`).
    static func forEachPass(_ options: TrainingOptions, count: Int, _ pass: (Int, [Int]) -> Void) {
        var random = SplitMix64(seed: options.seed)
        var order = Array(0..<count)
        for epoch in 1...max(options.epochs, 1) {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(random.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
            pass(epoch, order)
        }
    }
}

/// The weights being learned: integer weights and the sums for averaging (Daumé's trick:
/// average = w − u / c, where each update d at step c adds c·d to u).
struct Perceptron {
    let stride: Int
    var weights: [Int32]
    var sums: [Int64]
    var transitions = [Int32](repeating: 0, count: Tags.count * Tags.count)
    var transitionSums = [Int64](repeating: 0, count: Tags.count * Tags.count)
    var start = [Int32](repeating: 0, count: Tags.count)
    var startSums = [Int64](repeating: 0, count: Tags.count)
    var end = [Int32](repeating: 0, count: Tags.count)
    var endSums = [Int64](repeating: 0, count: Tags.count)
    var step: Int64 = 1

    init(slotCount: Int, stride: Int) {
        self.stride = stride
        weights = [Int32](repeating: 0, count: slotCount * Tags.count)
        sums = [Int64](repeating: 0, count: slotCount * Tags.count)
    }

    /// Tags one sentence with the current weights and corrects them; true if it was wrong.
    mutating func learn(slots: [Int32], gold: [UInt8]) -> Bool {
        let n = gold.count
        let t = Tags.count
        let emissions = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: n)
        defer { emissions.deallocate() }
        let buffers = Decoder.Buffers(capacity: n)
        defer { buffers.deallocate() }
        let lane = Tags.lane
        weights.withUnsafeBufferPointer { weights in
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<n {
                    var sum = SIMD16<Int32>()
                    for column in 0..<stride {
                        let slot = Int(slots[i * stride + column])
                        if slot < 0 { continue }
                        for tag in 0..<t { sum[lane[tag]] &+= weights[slot * t + tag] }
                    }
                    emissions[i] = sum
                }
            }
        }
        var predicted = [UInt8](repeating: 0, count: n)
        let table = TransitionTable(transitions: transitions, start: start, end: end)
        predicted.withUnsafeMutableBufferPointer { predicted in
            if let tags = predicted.baseAddress {
                Decoder.decode(emissions: emissions, count: n, transitions: table, buffers: buffers, tags: tags, margins: nil)
            }
        }
        let tagOfLane = Tags.tagOfLane
        for i in 0..<n { predicted[i] = UInt8(truncatingIfNeeded: tagOfLane[Int(predicted[i])]) }
        defer { step += 1 }
        if predicted == gold { return false }
        let c = step
        for i in 0..<n {
            let g = Int(gold[i]), p = Int(predicted[i])
            if g != p {
                for column in 0..<stride {
                    let slot = Int(slots[i * stride + column])
                    if slot < 0 { continue }
                    weights[slot * t + g] += 1
                    sums[slot * t + g] += c
                    weights[slot * t + p] -= 1
                    sums[slot * t + p] -= c
                }
            }
            if i == 0 {
                if g != p {
                    start[g] += 1; startSums[g] += c
                    start[p] -= 1; startSums[p] -= c
                }
            } else {
                let gp = Int(gold[i - 1]), pp = Int(predicted[i - 1])
                if gp != pp || g != p {
                    transitions[gp * t + g] += 1; transitionSums[gp * t + g] += c
                    transitions[pp * t + p] -= 1; transitionSums[pp * t + p] -= c
                }
            }
        }
        let g = Int(gold[n - 1]), p = Int(predicted[n - 1])
        if g != p {
            end[g] += 1; endSums[g] += c
            end[p] -= 1; endSums[p] -= c
        }
        return true
    }

    /// The averaged, quantized, pruned model.
    /// - Parameter uses: how often each slot fires in training; the rows of busy slots come first.
    func model(space: FeatureSpace, uses: [Int], pruneBelow: Double, clipQuantile: Double) -> NameTagger {
        let c = Double(step)
        func average(_ w: [Int32], _ u: [Int64]) -> [Double] { w.indices.map { Double(w[$0]) - Double(u[$0]) / c } }
        return quantizedModel(
            space: space, uses: uses,
            weights: average(weights, sums), transitions: average(transitions, transitionSums),
            start: average(start, startSums), end: average(end, endSums),
            pruneBelow: pruneBelow, clipQuantile: clipQuantile
        )
    }
}

/// The model of learned real weights (`weights[slot · 13 + tag]`, transitions `[previous · 13 +
/// current]`), quantized to 16 bits and pruned.
/// - Parameter uses: how often each slot fires in training; the rows of busy slots come first.
func quantizedModel(
    space: FeatureSpace, uses: [Int], weights: [Double], transitions: [Double], start: [Double], end: [Double],
    pruneBelow: Double, clipQuantile: Double
) -> NameTagger {
    let t = Tags.count
    let stride = space.stride
    // One weight per feature column adds up to a character's score: with every weight
    // within 32767 / stride, 16-bit sums cannot overflow.
    // The few largest weights are clipped, so that the step stays fine for the rest.
    var magnitudes: [Double] = []
    for value in weights where value != 0 { magnitudes.append(abs(value)) }
    magnitudes.sort()
    let largest = magnitudes.isEmpty ? 0 : magnitudes[min(magnitudes.count - 1, Int(Double(magnitudes.count) * clipQuantile))]
    let bound = Int(Int16.max) / stride
    let scale = largest > 0 ? Double(bound) / largest : 1
    func quantize(_ value: Double) -> Int32 {
        if abs(value) < pruneBelow { return 0 }
        return Int32((value * scale).rounded())
    }

    // Quantized rows of every slot, busiest first; 0 for all-zero rows.
    var rows: [Int16] = [Int16](repeating: 0, count: t)
    var rowOfOld = [UInt32](repeating: 0, count: space.slotCount)
    var row = [Int16](repeating: 0, count: t)
    let order = (0..<space.slotCount).sorted { (uses[$1], $0) < (uses[$0], $1) }
    for slot in order {
        var nonzero = false
        for tag in 0..<t {
            let q = Int16(clamping: max(-bound, min(bound, Int(quantize(weights[slot * t + tag])))))
            row[tag] = q
            if q != 0 { nonzero = true }
        }
        if nonzero {
            rowOfOld[slot] = UInt32(rows.count / t)
            rows.append(contentsOf: row)
        }
    }

    // Drop bigram and trigram keys whose rows are all zero, and renumber their slots.
    var keptBigrams = space.bigrams.keys
    var keptTrigrams = space.trigrams.keys
    var keptEntries: [[Int]] = []
    for (blockIndex, block) in space.blocks.enumerated() {
        let count = space.entryCount(block.template)
        let width = block.offsets.count
        let base = space.slotBase[blockIndex]
        var entries: [Int] = []
        switch block.template {
        case .bigram, .trigram:
            entries = [0]
            for entry in 1..<count where (0..<width).contains(where: { rowOfOld[base + entry * width + $0] != 0 }) {
                entries.append(entry)
            }
            let keys = entries.dropFirst().map { block.template == .bigram ? space.bigrams.keys[$0 - 1] : space.trigrams.keys[$0 - 1] }
            if block.template == .bigram { keptBigrams = keys } else { keptTrigrams = keys }
        default:
            entries = Array(0..<count)
        }
        keptEntries.append(entries)
    }
    let pruned = FeatureSpace(lexicon: space.lexicon, characters: space.characters, blocks: space.blocks, bigrams: keptBigrams, trigrams: keptTrigrams)
    var rowOf = [UInt32](repeating: 0, count: pruned.slotCount)
    for (blockIndex, block) in space.blocks.enumerated() {
        let width = block.offsets.count
        for (newEntry, oldEntry) in keptEntries[blockIndex].enumerated() {
            for k in 0..<width {
                rowOf[pruned.slotBase[blockIndex] + newEntry * width + k] = rowOfOld[space.slotBase[blockIndex] + oldEntry * width + k]
            }
        }
    }
    return NameTagger(
        space: pruned,
        rowOf: rowOf,
        rows: rows,
        transitions: transitions.map(quantize),
        start: start.map(quantize),
        end: end.map(quantize),
        scale: Float(scale)
    )
}
