import Foundation
import Testing
@testable import TupuTagger

private func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

private func names(_ spans: [NameSpan], in text: String) -> [String] {
    let all = scalars(text)
    return spans.map { "\($0.kind):" + String(String.UnicodeScalarView(all[$0.start..<$0.end])) }
}

/// A tiny hand-made corpus: a few names in a few frames, every name in several.
private let tinyCorpus: [TaggedSentence] = {
    let people = ["王明", "李华", "张伟国", "欧阳春"]
    let places = ["上海", "广州", "杭州市"]
    let organizations = ["外交部", "科技局"]
    var sentences: [TaggedSentence] = []
    func add(_ parts: [(String, NameKind?)]) {
        var text: [Unicode.Scalar] = []
        var spans: [NameSpan] = []
        for (part, kind) in parts {
            let start = text.count
            text.append(contentsOf: part.unicodeScalars)
            if let kind { spans.append(NameSpan(start: start, end: text.count, kind: kind)) }
        }
        sentences.append(TaggedSentence(text: text, names: spans))
    }
    for (i, person) in people.enumerated() {
        let place = places[i % places.count]
        let organization = organizations[i % organizations.count]
        add([(person, .person), ("说，今天天气很好。", nil)])
        add([("昨天", nil), (person, .person), ("到", nil), (place, .place), ("参观。", nil)])
        add([(organization, .organization), ("的", nil), (person, .person), ("在", nil), (place, .place), ("开会。", nil)])
    }
    return sentences
}()

private let tinyLexicon = TaggerLexicon(surnames: ["王", "李", "张", "欧阳"])

private func tinyOptions() -> TrainingOptions {
    var options = TrainingOptions()
    options.epochs = 20
    options.minimumTrigramCount = 1
    return options
}

@Suite("People's Daily lines")
struct CorpusLineTests {
    @Test func wordsTagsAndNames() throws {
        let sentence = try #require(PeoplesDaily.sentence(fromLine: "张/nr  三/nr  在/p  东海/ns  会见/v  了/u  [东海/ns  水产/n  协会/n]nt  代表/n  。/w"))
        #expect(String(String.UnicodeScalarView(sentence.text)) == "张三在东海会见了东海水产协会代表。")
        #expect(names(sentence.names, in: "张三在东海会见了东海水产协会代表。") == ["person:张三", "place:东海", "organization:东海水产协会"])
    }

    @Test func documentIDIsSkippedAndBlankLinesAreNothing() throws {
        let sentence = try #require(PeoplesDaily.sentence(fromLine: "19980105-02-003-004/m  王/nr  五/nr  说/v"))
        #expect(String(String.UnicodeScalarView(sentence.text)) == "王五说")
        #expect(sentence.names == [NameSpan(start: 0, end: 2, kind: .person)])
        #expect(PeoplesDaily.sentence(fromLine: "   ") == nil)
    }

    @Test func aRunOfNameTokensIsAListOfNames() throws {
        let sentence = try #require(PeoplesDaily.sentence(fromLine: "李/nr  小四/nr  赵/nr  六/nr  卡尔森/nr  到/v"))
        #expect(names(sentence.names, in: "李小四赵六卡尔森到") == ["person:李小四", "person:赵六", "person:卡尔森"])
    }

    @Test func compoundOfAnotherTagKeepsItsInnerNames() throws {
        let sentence = try #require(PeoplesDaily.sentence(fromLine: "[南湖/ns  风味/n]nz  好/a  ，/w  南湖/ns  宾馆/n"))
        #expect(names(sentence.names, in: "南湖风味好，南湖宾馆") == ["place:南湖", "place:南湖"])
    }

    @Test func splitIsNinetyTen() {
        let (train, test) = PeoplesDaily.split(Array(0..<25))
        #expect(Array(train) == Array(0..<22))
        #expect(Array(test) == Array(22..<25))
    }
}

@Suite("Training and the model file")
struct TrainingTests {
    /// Trains on the tiny corpus, expects every name found exactly and a second training to give
    /// the same bytes; returns the model and its bytes.
    private func trainFindingEveryName(lexicon: TaggerLexicon, options: TrainingOptions) -> (NameTagger, Data) {
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        var scores = NameScores()
        for sentence in tinyCorpus { scores.add(found: tagger.spans(in: sentence.text), gold: sentence.names) }
        #expect(scores.overall.f1 == 1)
        let data = tagger.serialized()
        #expect(NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options).serialized() == data)
        return (tagger, data)
    }

    @Test func learnsATinyCorpus() {
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions())
        var scores = NameScores()
        for sentence in tinyCorpus { scores.add(found: tagger.spans(in: sentence.text), gold: sentence.names) }
        // Every name is found; a perceptron that never erred on a context may leave it tied, so a
        // stray extra name is tolerated.
        #expect(scores.overall.recall == 1)
        #expect(scores.overall.precision >= 0.9)
        let margins = tinyCorpus.flatMap { tagger.spans(in: $0.text) }.map(\.margin)
        #expect(margins.allSatisfy { $0 >= 0 })
        #expect(margins.reduce(0, +) > 0)
    }

    @Test func roundTripAndDeterminism() throws {
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions())
        let data = tagger.serialized()
        let loaded = try NameTagger(data: data)
        #expect(loaded.serialized() == data)
        for sentence in tinyCorpus { #expect(loaded.spans(in: sentence.text) == tagger.spans(in: sentence.text)) }
        let again = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions())
        #expect(again.serialized() == data)
    }

    @Test func crfLearnsATinyCorpusDeterministically() throws {
        var options = tinyOptions()
        options.learner = .crf
        options.statisticsOffsets = [-1, 0, 1]
        var lexicon = tinyLexicon
        lexicon.words = [TaggerLexicon.Word("王明", .person), TaggerLexicon.Word("苏州", .place)]
        let (tagger, data) = trainFindingEveryName(lexicon: lexicon, options: options)
        let loaded = try NameTagger(data: data)
        for sentence in tinyCorpus { #expect(loaded.spans(in: sentence.text) == tagger.spans(in: sentence.text)) }
        // Pruning levels from one training: the same model at the level the options name.
        let levels = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options, pruneLevels: [0, 0.5])
        #expect(levels[0].serialized() == data)
        #expect(levels[1].serialized().count <= data.count)
    }

    @Test func averagedCRFLearnsATinyCorpusDeterministically() {
        var options = tinyOptions()
        options.learner = .crf
        options.averageFrom = 2
        let (_, data) = trainFindingEveryName(lexicon: tinyLexicon, options: options)
        options.averageFrom = 0
        #expect(NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options).serialized() != data)
    }

    @Test func knownWordsAndTrainingNamesGoIntoTheModel() throws {
        var lexicon = tinyLexicon
        lexicon.words = [TaggerLexicon.Word("苏州", .place)]
        var options = tinyOptions()
        options.nameFolds = 3
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        let loaded = try NameTagger(data: tagger.serialized())
        #expect(loaded.lexicon.words.contains(TaggerLexicon.Word("苏州", .place)))
        #expect(loaded.lexicon.words.contains(TaggerLexicon.Word("王明", .person)))
        #expect(loaded.lexicon.surnames == ["王", "李", "张", "欧阳"])
    }

    @Test func commonWordsGoIntoTheModelAndMarkWordBounds() throws {
        var lexicon = tinyLexicon
        lexicon.commonWords = ["开会", "天气", "参观"]
        var options = tinyOptions()
        options.learner = .crf
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        #expect(tagger.space.blocks.contains { $0.template == .commonWords && $0.offsets == options.commonWordOffsets })
        let data = tagger.serialized()
        let loaded = try NameTagger(data: data)
        #expect(loaded.lexicon.commonWords == ["开会", "天气", "参观"])
        #expect(loaded.serialized() == data)
        for sentence in tinyCorpus { #expect(loaded.spans(in: sentence.text) == tagger.spans(in: sentence.text)) }
        // 开会 starts at 7 and ends at 8 (length class 1: begin entry 1, end entry 5); no other common word.
        let text = scalars("外交部的王明在开会。")
        let row = text.withUnsafeBufferPointer { text in
            var codes = [UInt32](repeating: 0, count: text.count + 4)
            var entries = [Int32](repeating: 0, count: tagger.space.blocks.count * (text.count + 4))
            codes.withUnsafeMutableBufferPointer { codes in
                entries.withUnsafeMutableBufferPointer { entries in
                    if let c = codes.baseAddress, let e = entries.baseAddress { tagger.space.fillEntries(text, codes: c, entries: e) }
                }
            }
            let block = tagger.space.blocks.firstIndex { $0.template == .commonWords } ?? 0
            return Array(entries[(block * (text.count + 4) + 2)..<(block * (text.count + 4) + 2 + text.count)])
        }
        #expect(row == [0, 0, 0, 0, 0, 0, 0, 1, 5, 0])
        // Without offsets, no block and no words kept.
        options.commonWordOffsets = []
        let without = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        #expect(!without.space.blocks.contains { $0.template == .commonWords })
        #expect(without.lexicon.commonWords.isEmpty)
    }

    @Test func versionOneModelsAreStillRead() throws {
        // Version 1 is version 2 without the common words' count (0 here) after the known words.
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions())
        let good = [UInt8](tagger.serialized())
        var lexiconEnd = 16
        func u32(_ at: Int) -> Int { Int(good[at]) | Int(good[at + 1]) << 8 | Int(good[at + 2]) << 16 | Int(good[at + 3]) << 24 }
        let surnames = u32(lexiconEnd)
        lexiconEnd += 4
        for _ in 0..<(surnames + 2) { lexiconEnd += 4 + u32(lexiconEnd) }
        #expect(u32(lexiconEnd) == 0)  // no known words
        lexiconEnd += 4
        #expect(u32(lexiconEnd) == 0)  // no common words
        var old = Array(good[0..<lexiconEnd]) + Array(good[(lexiconEnd + 4)..<(good.count - 4)])
        old[8] = 1
        let checksum = fnv1a(old)
        for shift in stride(from: 0, to: 32, by: 8) { old.append(UInt8((checksum >> UInt32(shift)) & 0xFF)) }
        let loaded = try NameTagger(data: Data(old))
        for sentence in tinyCorpus { #expect(loaded.spans(in: sentence.text) == tagger.spans(in: sentence.text)) }
        #expect(loaded.serialized() == Data(good))
    }

    @Test func badDataIsATypedError() throws {
        #expect(throws: NameTaggerError.notATaggerModel) { try NameTagger(data: Data()) }
        #expect(throws: NameTaggerError.notATaggerModel) { try NameTagger(data: Data("not a model at all".utf8)) }

        let good = [UInt8](NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions()).serialized())
        var newer = good
        newer[8] = 99
        #expect(throws: NameTaggerError.unsupportedVersion(found: 99, supported: NameTagger.formatVersion)) { try NameTagger(data: Data(newer)) }

        var flipped = good
        flipped[good.count / 2] ^= 0x40
        #expect {
            try NameTagger(data: Data(flipped))
        } throws: { error in
            if case NameTaggerError.checksumMismatch = error { return true }
            return false
        }

        // Cut short, with a checksum that fits the shorter contents: the reader says where it ran out.
        var short = Array(good.prefix(40))
        let checksum = fnv1a(short)
        for shift in stride(from: 0, to: 32, by: 8) { short.append(UInt8((checksum >> UInt32(shift)) & 0xFF)) }
        #expect(throws: NameTaggerError.truncated(section: "lexicon")) { try NameTagger(data: Data(short)) }
        let message = String(describing: NameTaggerError.truncated(section: "lexicon"))
        #expect(message.contains("truncated") && message.contains("lexicon"))
    }

    @Test func linesAreTaggedApartAndOffsetsAreIntoTheWholeText() {
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: tinyOptions())
        let text = scalars("外交部的王明在上海开会。\n\n科技局的李华在广州开会。")
        let spans = tagger.spans(in: text)
        #expect(names(spans, in: String(String.UnicodeScalarView(text))) == [
            "organization:外交部", "person:王明", "place:上海", "organization:科技局", "person:李华", "place:广州",
        ])
        let second = tagger.spans(in: text, range: 14..<text.count, margins: false)
        #expect(second.map(\.start) == [14, 18, 21])
        #expect(second.allSatisfy { $0.margin == 0 })
        #expect(tagger.spans(in: []).isEmpty)
    }
}

@Suite("The bundled model")
struct BundledModelTests {
    @Test func loadsAndFindsSimpleNames() throws {
        let tagger = try #require(NameTagger.bundled)
        func found(_ text: String) -> [String] { names(tagger.spans(in: scalars(text)), in: text) }
        #expect(found("李鹏说，今年的工作很重要。") == ["person:李鹏"])
        #expect(found("江泽民、李鹏、朱镕基出席了会议。") == ["person:江泽民", "person:李鹏", "person:朱镕基"])
        #expect(found("代表团昨天到达北京。").contains("place:北京"))
        #expect(found("外交部发言人今天说。").contains("organization:外交部"))
    }

    @Test func commonWordsAreTheModelsOwn() throws {
        let tagger = try #require(NameTagger.bundled)
        let text = scalars("公司副总经理王浩在花坛旁")
        #expect(tagger.isCommonWord(text, 0..<2))  // 公司
        #expect(tagger.isCommonWord(text, 9..<11))  // 花坛
        #expect(!tagger.isCommonWord(text, 6..<8))  // 王浩, a name
        #expect(!tagger.isCommonWord(text, 0..<1))  // one character is no word of the list
        #expect(!tagger.isCommonWord(text, 10..<13))  // past the end
    }

    @Test func longLinesAreTaggedInPieces() throws {
        let tagger = try #require(NameTagger.bundled)
        let text = scalars(String(repeating: "李鹏说，今年的工作很重要。", count: 800))
        let spans = tagger.spans(in: text, range: 0..<text.count, margins: false)
        #expect(spans.filter { $0.kind == .person }.count == 800)
        #expect(spans.allSatisfy { String(String.UnicodeScalarView(text[$0.start..<$0.end])) == "李鹏" })
    }

    @Test func anyTextGivesWellFormedSpans() throws {
        let tagger = try #require(NameTagger.bundled)
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pools: [ClosedRange<UInt32>] = [
            0x4E00...0x9FFF, 0x20...0x7E, 0x3000...0x303F, 0xFF01...0xFF5E, 0x0A...0x0D, 0x1F600...0x1F64F, 0x0...0xD7FF, 0xE000...0x10FFFF,
        ]
        for _ in 0..<200 {
            var text: [Unicode.Scalar] = []
            for _ in 0..<Int(next() % 400) {
                let pool = pools[Int(next() % UInt64(pools.count))]
                let value = pool.lowerBound + UInt32(next() % UInt64(pool.count))
                text.append(Unicode.Scalar(value) ?? "?")
            }
            let spans = tagger.spans(in: text)
            var end = 0
            for span in spans {
                #expect(span.start >= end && span.start < span.end && span.end <= text.count)
                #expect(!text[span.start..<span.end].contains { NameTagger.isLineBreak($0.value) })
                #expect(span.margin >= 0)
                end = span.end
            }
        }
    }
}

/// The entries of the first block with `template` at each character of `text` (padding left out).
private func entries(_ space: FeatureSpace, _ template: Template, _ text: String, document: DocumentNames? = nil) -> [Int32] {
    let text = scalars(text)
    let padded = text.count + 4
    return text.withUnsafeBufferPointer { text in
        var codes = [UInt32](repeating: 0, count: padded)
        var entries = [Int32](repeating: 0, count: space.blocks.count * padded)
        codes.withUnsafeMutableBufferPointer { codes in
            entries.withUnsafeMutableBufferPointer { entries in
                if let c = codes.baseAddress, let e = entries.baseAddress { space.fillEntries(text, codes: c, entries: e, document: document) }
            }
        }
        let block = space.blocks.firstIndex { $0.template == template } ?? 0
        return Array(entries[(block * padded + 2)..<(block * padded + 2 + text.count)])
    }
}

@Suite("Documents, stacked models and other options off by default")
struct DocumentTests {
    @Test func documentsBeginAtHeadlines() throws {
        let lines = ["北京举行音乐会", "（新华社记者王明摄）", "王明说：音乐会很好。", "他说：好。", "李华访问上海", "同胞们：", "李华说了话。"]
        let sentences = lines.map { TaggedSentence(text: scalars($0), names: []) }
        #expect(PeoplesDaily.documents(sentences) == [0..<4, 4..<7])
        #expect(PeoplesDaily.documents([TaggedSentence]()) == [])
    }

    @Test func documentNamesMarkEveryMentionOfAName() {
        let space = FeatureSpace(
            lexicon: tinyLexicon, characters: [], blocks: [BlockSpec(template: .documentPersons, offsets: [0]), BlockSpec(template: .documentPlaces, offsets: [0])],
            bigrams: [], trigrams: [])
        // 王小明 found twice as a person, 上海 once as a place, 王 alone (one character) left out.
        let document = DocumentNames(
            texts: [scalars("王小明来了"), scalars("王小明和王在上海")],
            spans: [[NameSpan(start: 0, end: 3, kind: .person)],
                    [NameSpan(start: 0, end: 3, kind: .person), NameSpan(start: 4, end: 5, kind: .person), NameSpan(start: 6, end: 8, kind: .place)]])
        // 见王小明: begins at 1 (length class 2), inside at 2 (25), ends at 3 (5 · 2); found twice (50).
        #expect(entries(space, .documentPersons, "见王小明", document: document) == [0, 52, 75, 60])
        #expect(entries(space, .documentPlaces, "到上海去", document: document) == [0, 1, 5, 0])
        #expect(entries(space, .documentPersons, "到上海去", document: document) == [0, 0, 0, 0])
        #expect(entries(space, .documentPersons, "见王小明") == [0, 0, 0, 0])
    }

    @Test func repeatedStringsThatAreNoCommonWords() {
        var lexicon = tinyLexicon
        lexicon.commonWords = ["开会"]
        let space = FeatureSpace(lexicon: lexicon, characters: [], blocks: [BlockSpec(template: .documentRepeats, offsets: [0])], bigrams: [], trigrams: [])
        let document = DocumentNames(texts: [scalars("红嫂开会"), scalars("红嫂开会，红嫂"), scalars("A红嫂")], spans: [], countRepeats: true)
        // 红嫂 four times (class 2: 2 where it begins, 32 where it ends); 嫂开, 红嫂开 and 嫂开会 twice
        // (class 1: 1 and 16 for two characters, 4 and 64 for three); 开会 is a common word.
        let expected: [Int32] = [2 + 4, 32 + 1 + 4, 16 + 64, 64]
        #expect(entries(space, .documentRepeats, "红嫂开会", document: document) == expected)
        #expect(entries(space, .documentRepeats, "红嫂开会") == [0, 0, 0, 0])
    }

    @Test func surnameContext() {
        let space = FeatureSpace(
            lexicon: tinyLexicon, characters: Array("老小王家".unicodeScalars.map(\.value)),
            blocks: [BlockSpec(template: .surnameBefore, offsets: [0]), BlockSpec(template: .surnameAfter, offsets: [0])], bigrams: [], trigrams: [])
        // Ids: 老 3, 小 4, 王 5, 家 6; an unknown character is 0, the padding before the text 1.
        #expect(entries(space, .surnameBefore, "老王家") == [0, 3, 0])
        #expect(entries(space, .surnameAfter, "老王家") == [0, 6, 0])
        #expect(entries(space, .surnameBefore, "王小") == [1, 0])
    }

    @Test func personBiasFindsMorePersons() {
        var options = tinyOptions()
        options.learner = .crf
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options)
        for sentence in tinyCorpus {
            let plain = tagger.spans(in: sentence.text, range: 0..<sentence.text.count, margins: false)
            let unbiased = tagger.spans(in: sentence.text, range: 0..<sentence.text.count, personBias: 0)
            #expect(unbiased.names == plain && unbiased.candidates == plain)
        }
        let text = scalars("刘大海说，今天天气很好。")
        let biased = tagger.spans(in: text, range: 0..<text.count, personBias: 50)
        #expect(biased.candidates.filter { $0.kind == .person }.count > biased.names.filter { $0.kind == .person }.count)
    }

    @Test func stackedTrainingIsDeterministicAndReadsTheDocument() throws {
        var options = tinyOptions()
        options.learner = .crf
        options.documentCandidates = true
        options.documentRepeats = true
        let first = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options)
        let lines = tinyCorpus.map(\.text)
        let found = lines.map { first.spans(in: $0, range: 0..<$0.count, personBias: 1) }
        let document = DocumentNames(texts: lines, spans: found.map(\.names), candidates: found.map(\.candidates), countRepeats: true)
        let documents = [DocumentNames](repeating: document, count: lines.count)
        let second = NameTaggerTrainer.train(tinyCorpus, documents: documents, lexicon: tinyLexicon, options: options)
        #expect(!first.readsDocuments && second.readsDocuments)
        let templates = Set(second.space.blocks.map(\.template))
        #expect(templates.isSuperset(of: [.documentPersons, .documentPlaces, .documentOrganizations, .documentCandidates, .documentRepeats]))
        let data = second.serialized()
        #expect(NameTaggerTrainer.train(tinyCorpus, documents: documents, lexicon: tinyLexicon, options: options).serialized() == data)
        let loaded = try NameTagger(data: data)
        #expect(loaded.serialized() == data)
        var scores = NameScores()
        let both = StackedNameTagger(first: first, second: loaded, candidateBias: 1)
        #expect(both.documentNames(lines) == document)
        for (sentence, found) in zip(tinyCorpus, both.spans(inDocument: lines)) { scores.add(found: found, gold: sentence.names) }
        #expect(scores.overall.f1 == 1)
        // Without a first stage: the repeated strings only.
        options.documentNames = false
        options.documentCandidates = false
        let alone = NameTaggerTrainer.train(
            tinyCorpus, documents: [DocumentNames](repeating: DocumentNames(texts: lines, spans: [], countRepeats: true), count: lines.count),
            lexicon: tinyLexicon, options: options)
        #expect(alone.space.blocks.filter { $0.template.documentKind != nil || $0.template == .documentRepeats }.map(\.template) == [.documentRepeats])
        #expect(StackedNameTagger(first: nil, second: alone).spans(inDocument: lines).count == lines.count)
    }
}

@Suite("Character clusters, segmentation features and swapped names (off by default)")
struct ClusterSegmentSwapTests {
    @Test func clustersAreLearnedDeterministicallyAndRead() {
        var parameters = CharacterClusters.Parameters()
        parameters.sizes = [2, 3]
        parameters.minimumCount = 1
        let texts = tinyCorpus.map(\.text)
        let clusters = CharacterClusters.learn(texts, parameters: parameters)
        #expect(clusters == CharacterClusters.learn(texts, parameters: parameters))
        #expect(clusters.count == Set(texts.joined().map(\.value)).count)
        #expect(clusters.values.allSatisfy { $0.count == 2 && $0[0] < 2 && $0[1] < 3 })
        let read = TaggerLexicon.clusters(fromListText: "# a comment\n王\t0\t1\n李\t0\t2\nnot a line\n张\t1\n")
        #expect(read == [UInt32(0x738B): [0, 1], UInt32(0x674E): [0, 2]])
    }

    @Test func clusterEntriesAndTheModelFile() throws {
        var lexicon = tinyLexicon
        lexicon.clusters = [UInt32(0x738B): [0, 1], UInt32(0x674E): [0, 2]]  // 王, 李
        let space = FeatureSpace(
            lexicon: lexicon, characters: [],
            blocks: [BlockSpec(template: .clusterCoarse, offsets: [0]), BlockSpec(template: .clusterFine, offsets: [0]),
                     BlockSpec(template: .clusterPair, offsets: [0])],
            bigrams: [], trigrams: [])
        #expect(space.clusterSizes == [1, 3])
        #expect(entries(space, .clusterCoarse, "王李说") == [1, 1, 0])
        #expect(entries(space, .clusterFine, "王李说") == [2, 3, 0])
        // 1 + coarse here · (coarse clusters + 1) + coarse of the next character.
        #expect(entries(space, .clusterPair, "王李说") == [4, 3, 1])

        var options = tinyOptions()
        options.learner = .crf
        let plain = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        #expect(plain.serialized()[8] == 2 && plain.lexicon.clusters.isEmpty)  // no cluster offsets: stored as before
        options.clusterFineOffsets = [-1, 0, 1]
        options.clusterCoarseOffsets = [0]
        options.clusterPairOffsets = [0]
        let tagger = NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options)
        let data = tagger.serialized()
        #expect(data[8] == 3)
        #expect(NameTaggerTrainer.train(tinyCorpus, lexicon: lexicon, options: options).serialized() == data)
        let loaded = try NameTagger(data: data)
        #expect(loaded.lexicon.clusters == lexicon.clusters)
        #expect(loaded.serialized() == data)
        for sentence in tinyCorpus { #expect(loaded.spans(in: sentence.text) == tagger.spans(in: sentence.text)) }
    }

    @Test func maximumMatchingSegmentation() {
        let lexicon = TaggerLexicon(surnames: ["王"], commonWords: ["研究", "研究生", "生命", "今天", "天气"])
        let space = FeatureSpace(
            lexicon: lexicon, characters: [],
            blocks: [BlockSpec(template: .segmentForward, offsets: [0]), BlockSpec(template: .segmentBackward, offsets: [0])],
            bigrams: [], trigrams: [])
        // 1 + place (single 0, begin 1, middle 2, end 3) · 5 + length class (length − 1, at most 4).
        #expect(entries(space, .segmentForward, "研究生命") == [8, 13, 18, 1])  // 研究生|命
        #expect(entries(space, .segmentBackward, "研究生命") == [7, 17, 7, 17])  // 研究|生命
        #expect(entries(space, .segmentForward, "王说今天天气") == [1, 1, 7, 17, 7, 17])
    }

    @Test func swappedNamesKeepTheOtherNamesAndTheirOffsets() {
        let copies = NameTaggerTrainer.swappedNames(tinyCorpus, surnames: ["王", "李", "张", "欧阳"], copies: 1, wide: false, seed: 1)
        // Every line with 王明, 李华 or 张伟国 (欧阳春 has a compound surname: swapped only when wide).
        #expect(copies.count == 9)
        for (origin, copy) in copies {
            let source = tinyCorpus[origin]
            #expect(copy.names.count == source.names.count)
            for (new, old) in zip(copy.names, source.names) {
                let newText = String(String.UnicodeScalarView(copy.text[new.start..<new.end]))
                let oldText = String(String.UnicodeScalarView(source.text[old.start..<old.end]))
                #expect(new.kind == old.kind)
                if old.kind == .person {
                    #expect((2...3).contains(newText.unicodeScalars.count) && "王李张".contains(newText.prefix(1)))
                } else {
                    #expect(newText == oldText)
                }
            }
        }
        let wide = NameTaggerTrainer.swappedNames(tinyCorpus, surnames: ["王", "李", "张", "欧阳"], copies: 2, wide: true, seed: 1)
        #expect(wide.count == 2 * 12)
        var options = tinyOptions()
        options.learner = .crf
        options.nameSwaps = 1
        options.swapAllPersons = true
        let data = NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options).serialized()
        #expect(NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options).serialized() == data)
        options.alternateSwaps = true
        #expect(NameTaggerTrainer.train(tinyCorpus, lexicon: tinyLexicon, options: options).serialized() != data)
    }
}
