import Testing
import TupuModel
import TupuExtract
import TupuFuzzSupport

/// Builds article texts from pieces of real ones, then breaks them.
struct ArticleGenerator {
    var random: SplitMix64
    /// Sentences and lines of the seed articles, each with its ending punctuation.
    let pieces: [String]

    init(seed: UInt64, articles: [String]) {
        random = SplitMix64(seed: seed)
        var pieces: [String] = []
        for article in articles {
            var current = String.UnicodeScalarView()
            for scalar in article.unicodeScalars {
                current.append(scalar)
                if "。！？\n".unicodeScalars.contains(scalar) {
                    pieces.append(String(current))
                    current = String.UnicodeScalarView()
                }
            }
            if !current.isEmpty { pieces.append(String(current)) }
        }
        self.pieces = pieces.isEmpty ? ["省委书记李希出席会议并讲话。"] : pieces
    }

    static let punctuation = [
        "，", "。", "、", "：", "；", "！", "？", ",", ".", ";", ":", "(", ")", "（", "）", "“", "”", "\"", "【", "】", "「", "」", "‘", "’",
        "《", "》", "《》", "《《", "》》", " ", "\u{3000}", "\u{A0}", "\n", "\n\n", "-", "—", "·",
    ]
    static let digits = ["0", "1", "9", "27", "2022", "12", "31", "99", "00", "１２", "二十七", "〇"]
    static let dates = [
        "2022年9月27日", "9月27日", "27日", "4日上午", "昨天", "今天", "前天", "上午", "发布时间:2022-09-28", "发布时间：", "2022-02-30",
        "13月45日", "0月0日", "99999999999999999999年1月1日", "2022年", "9月", "日", "年月日", "新华社北京6月28日电", "2022-09-28 10:00",
    ]
    static let cues = [
        "出席", "参加", "列席", "主持", "共同主持", "讲话", "致辞", "汇报", "通报", "考察", "调研", "前往", "来到", "参观", "走访",
        "会见", "会谈", "召开", "举行", "在", "他", "她", "会议", "会上", "省领导", "等", "和", "及", "书记", "省长", "总书记",
        "李书记", "省委书记李希", "副省长", "市委", "深圳", "前海", "习近平", "签约仪式", "座谈会", "现场会",
    ]
    static let traditional = [
        "們", "會", "發", "個", "這", "來", "為", "國", "說", "時", "總書記", "會議", "習近平", "長", "區", "灣", "華", "與", "經", "聯",
        "行政長官李家超出席會議並致辭。", "發布時間：2023年11月3日",
    ]
    static let oddities = [
        "\u{0}", "\u{1}", "\u{7}", "\u{1B}", "\u{7F}", "\r", "\r\n", "\t", "\u{FEFF}", "\u{200B}", "\u{200D}", "\u{301}", "\u{FFFD}",
        "\u{2028}", "\u{85}", "😀", "👨‍👩‍👧", "𠀀", "a", "Z", "é", "e\u{301}", "ﬁ", "\u{E000}", "\u{10FFFF}",
    ]

    /// A run of one piece repeated many times.
    mutating func longRun() -> String {
        let unit = random.pick(["李", "《", "》", "、", "1", "省委书记", " ", "\n", "。", "会议", "王", "，", "日", "出席"])
        return String(repeating: unit, count: random.int(200..<1_500) / unit.count)
    }

    mutating func next() -> String {
        var scalars: [Unicode.Scalar] = []
        // Spliced pieces, some cut at a random place.
        for _ in 0..<random.int(1..<10) {
            var piece = Array(random.pick(pieces).unicodeScalars)
            if random.chance(30), !piece.isEmpty {
                let cut = random.int(0..<piece.count)
                piece = random.chance(50) ? Array(piece[..<cut]) : Array(piece[cut...])
            }
            scalars += piece
        }
        for _ in 0..<random.int(0..<12) {
            let piece: String
            switch random.int(0..<20) {
            case 0..<5: piece = random.pick(Self.punctuation)
            case 5, 6: piece = random.pick(Self.digits)
            case 7, 8, 9: piece = random.pick(Self.dates)
            case 10, 11, 12: piece = random.pick(Self.cues)
            case 13, 14: piece = random.pick(Self.traditional)
            case 15, 16: piece = random.pick(Self.oddities)
            case 17: piece = random.lossyText(maxBytes: 12)
            case 18: piece = random.chance(30) ? longRun() : random.pick(Self.cues)
            default: piece = "《" + random.pick(Self.cues) + random.pick(Self.cues) + (random.chance(70) ? "》" : "")
            }
            random.insert(piece, into: &scalars)
        }
        if random.chance(5) { scalars.removeAll { _ in random.chance(20) } }
        return String(scalars: scalars)
    }
}

@Suite("Fuzzing the extractor")
struct ExtractFuzzTests {
    static let extractor: Extractor = {
        do {
            return Extractor(rules: try RuleSet.load())
        } catch {
            fatalError("the bundled lexicons do not load: \(error)")
        }
    }()

    /// Inputs that broke a property once (found by `scripts/fuzz.sh extract`), kept as regressions.
    static let regressions: [String] = [
        // roleChain: 、 right after another break left an empty segment, and `(start + 1)..<segmentEnd`
        // trapped (Range requires lowerBound <= upperBound).
        "省委书记、、省长王伟中出席会议。",
        "，、省长王伟中出席会议。",
        // DateResolver.monthDay: a long run of digits before 日 overflowed Int (arithmetic overflow trap).
        "会议于" + String(repeating: "9", count: 30) + "日召开。",
        "发布时间:2022-09-28\n" + String(repeating: "1", count: 25) + "月27日，省委书记李希出席会议。",
        // matchName: a byline word (责任编辑) at the very end left no character for the name, and
        // reading the character at the end of the text trapped (index out of range).
        "4责任编辑",
        "会议召开。记者",
        // findSiteBeforeVerb: a clause ending one character after 在 (在座。) made an empty range.
        "会见时大使李明在座。",
    ]

    @Test("the seed corpus extracts facts and keeps every property")
    func seedCorpus() throws {
        let seeds = Corpus.texts("extract")
        #expect(seeds.count >= 5)
        for seed in seeds {
            let extraction = try ExtractFuzzing.check(seed, extractor: Self.extractor)
            #expect(!extraction.facts.isEmpty, "\(seed)")
        }
    }

    @Test("regressions found by fuzzing", arguments: regressions)
    func regression(_ input: String) throws {
        try ExtractFuzzing.check(input, extractor: Self.extractor)
    }

    @Test("300 mutated articles keep every property")
    func randomArticles() throws {
        var generator = ArticleGenerator(seed: 0x7475_7075_6578, articles: Corpus.texts("extract"))
        var facts = 0
        for _ in 0..<300 {
            let text = generator.next()
            do {
                facts += try ExtractFuzzing.check(text, extractor: Self.extractor).facts.count
            } catch {
                Issue.record("\(error)")
            }
        }
        // The mutations must leave enough of the articles for rules to fire.
        #expect(facts >= 300)
    }
}
