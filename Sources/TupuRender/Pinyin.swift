import Foundation
import Synchronization
import TupuModel

/// Names written in pinyin without tone marks, for labels people who do not read Chinese
/// can still tell apart.
///
/// Syllables come from Foundation's `Han-Latin` transform (ICU, also on Linux) with the tone
/// marks stripped, corrected by a short table of readings the transform gets wrong in names
/// (长沙 is Changsha, the surname 曾 is Zeng). How syllables are grouped depends on the kind:
///
/// - persons: surname, a space, the given name: 李希 → `Li Xi`, 王伟中 → `Wang Weizhong`,
///   欧阳娜娜 → `Ouyang Nana` (compound surnames from ``compoundSurnames``);
/// - places of up to four characters: one word, 深圳 → `Shenzhen`, 西安 → `Xi'an`;
/// - everything else: words of about two syllables, guided by a small word list, each
///   capitalised: 省委书记 → `Shengwei Shuji`.
///
/// Characters that are not Chinese are kept; Chinese punctuation becomes ASCII.
public enum Pinyin {
    /// Two-character surnames; a person whose name starts with one has a two-syllable surname.
    /// They come from the one list of surnames the extractor reads too (``TupuModel/Surnames``).
    public static var compoundSurnames: Set<String> { Surnames.compound }

    /// Readings of surnames (first character of a person's name) that differ from the
    /// transform's usual reading.
    static let surnameReadings: [String: [String]] = [
        "单": ["shan"], "曾": ["zeng"], "解": ["xie"], "仇": ["qiu"], "区": ["ou"],
        "朴": ["piao"], "查": ["zha"], "翟": ["zhai"], "覃": ["qin"], "乐": ["yue"],
        "盖": ["ge"], "缪": ["miao"], "种": ["chong"], "尉迟": ["yu", "chi"],
        "万俟": ["mo", "qi"], "单于": ["chan", "yu"], "长孙": ["zhang", "sun"],
    ]

    /// Readings of words the transform reads wrongly character by character.
    static let wordReadings: [String: [String]] = [
        "长沙": ["chang", "sha"], "长春": ["chang", "chun"], "长江": ["chang", "jiang"],
        "长城": ["chang", "cheng"], "长安": ["chang", "an"], "长治": ["chang", "zhi"],
        "银行": ["yin", "hang"], "行长": ["hang", "zhang"], "厦门": ["xia", "men"],
        "成都": ["cheng", "du"], "首都": ["shou", "du"], "都市": ["du", "shi"],
        "重庆": ["chong", "qing"], "蚌埠": ["beng", "bu"], "六安": ["lu", "an"],
        "丽水": ["li", "shui"], "番禺": ["pan", "yu"], "大厦": ["da", "sha"],
        "会议": ["hui", "yi"], "朝阳": ["chao", "yang"], "调研": ["diao", "yan"],
    ]

    /// Words that mark where a word ends in long names (suffixes of organizations, places,
    /// titles and events, and common words of government news).
    static let words: Set<String> = [
        "有限", "公司", "集团", "中心", "公园", "大学", "学院", "医院", "研究院", "研究所",
        "委员会", "常委会", "人大", "政协", "政府", "办公厅", "办公室", "检察院", "法院", "仲裁院",
        "示范区", "先行示范区", "合作区", "经济特区", "特区", "自贸区", "新区", "开发区", "高新区",
        "书记", "副书记", "省长", "副省长", "市长", "副市长", "区长", "县长", "院长", "检察长",
        "主任", "副主任", "主席", "部长", "厅长", "局长", "常委", "秘书长", "行长",
        "现场会", "会议", "大会", "座谈会", "论坛", "博览会", "发布会", "推进会",
        "改革", "开放", "方案", "服务业", "国际", "信息", "科技", "现代", "深化", "推进", "全面",
        "中国", "特色", "社会主义", "全省", "全市", "深入", "合作", "发展", "建设",
    ]

    /// The pinyin of a name of the given kind.
    public static func label(_ name: String, kind: EntityKind) -> String {
        switch kind {
        case .person: personName(name)
        case .place: placeName(name)
        case .date: name
        default: phrase(name)
        }
    }

    /// A person's name: surname first, then the given name, each capitalised:
    /// 李希 → `Li Xi`, 欧阳娜娜 → `Ouyang Nana`. A name that is not two to four Chinese
    /// characters (a transliterated foreign name such as 约翰·史密斯) is written part by part.
    public static func personName(_ name: String) -> String {
        let characters = Array(name)
        guard (2...4).contains(characters.count), characters.allSatisfy(isHan) else {
            return pieces(of: name).map { piece in
                switch piece {
                case .han(let run): capitalised(joined(syllables(of: run)))
                case .other(let text): punctuation(text)
                }
            }.joined()
        }
        let surnameLength = characters.count >= 3 && compoundSurnames.contains(String(characters.prefix(2))) ? 2 : 1
        let surname = String(characters.prefix(surnameLength))
        let given = Array(characters.dropFirst(surnameLength))
        let surnameSyllables = surnameReadings[surname] ?? syllables(of: Array(surname))
        return capitalised(joined(surnameSyllables)) + " " + capitalised(joined(syllables(of: given)))
    }

    /// A place name: one word when it has at most four Chinese characters (深圳 → `Shenzhen`),
    /// else like ``phrase(_:)``.
    public static func placeName(_ name: String) -> String {
        let characters = Array(name)
        guard characters.count <= 4, characters.allSatisfy(isHan) else { return phrase(name) }
        return capitalised(joined(syllables(of: characters)))
    }

    /// Any other name: words of two or more syllables, each capitalised, separated by spaces.
    /// 省委书记 → `Shengwei Shuji`, 深圳思谋信息科技有限公司 → `Shenzhen Simou Xinxi Keji Youxian Gongsi`.
    public static func phrase(_ name: String) -> String {
        var out = ""
        for piece in pieces(of: name) {
            switch piece {
            case .han(let run):
                let syllables = syllables(of: run)
                let words = segment(run).flatMap(pairs).map { range in capitalised(joined(Array(syllables[range]))) }
                if let last = out.last, !last.isWhitespace, !"([\u{201C}\u{2018}".contains(last) { out += " " }
                out += words.joined(separator: " ")
            case .other(let text):
                let text = punctuation(text)
                if let first = text.first, first.isLetter || first.isNumber || "\u{201C}\u{2018}".contains(first),
                    let last = out.last, last.isLetter || last.isNumber || "\u{201D}\u{2019}".contains(last)
                {
                    out += " "
                }
                out += text
            }
        }
        return collapsedSpaces(out)
    }

    // MARK: - Syllables

    /// One toneless lowercase syllable per character of a run of Chinese characters, with
    /// ``wordReadings`` applied.
    static func syllables(of run: [Character]) -> [String] {
        guard !run.isEmpty else { return [] }
        var result: [String]
        let whole = transliterated(String(run)).split(separator: " ").map(String.init)
        if whole.count == run.count {
            result = whole
        } else {
            result = run.map { transliterated(String($0)).replacingOccurrences(of: " ", with: "") }
        }
        var index = 0
        while index + 1 < run.count {
            if let reading = wordReadings[String(run[index...(index + 1)])] {
                result[index] = reading[0]
                result[index + 1] = reading[1]
                index += 2
            } else {
                index += 1
            }
        }
        return result
    }

    private static func transliterated(_ text: String) -> String {
        if let known = transliterations.withLock({ $0[text] }) { return known }
        return transliteratedAlone(text)
    }

    /// `text` through the transform by itself.
    static func transliteratedAlone(_ text: String) -> String {
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased()
    }

    /// Starts building Foundation's transforms on another thread, so that a page's pinyin
    /// labels do not wait for them: the first use of the Han-Latin transform builds an ICU
    /// transliterator from thousands of rules (about 0.1 s of CPU), later ones reuse its data.
    /// Meanwhile the caller reads the store and lays the graph out.
    public static func warmUp() {
        Thread.detachNewThread {
            _ = transliteratedAlone("中")
        }
    }

    /// Transliterations made by ``prepare(_:)``, by text.
    static let transliterations = Mutex<[String: String]>([:])

    /// Transliterates at once every run of Chinese characters of `names` (and each of their
    /// characters, which ``syllables(of:)`` may need), so that labelling them afterwards calls
    /// no transform: each call of Foundation's transform builds an ICU transliterator, which
    /// costs far more than transliterating a name (the labels of a 200-node page took 0.1 s).
    /// One transform of all the runs, a line each, gives each run what it alone gives: the
    /// transform's rules never reach across a line break.
    public static func prepare(_ names: some Sequence<String>) {
        var texts = Set<String>()
        for name in names {
            for case .han(let run) in pieces(of: name) {
                texts.insert(String(run))
                for character in run { texts.insert(String(character)) }
            }
        }
        let missing = transliterations.withLock { known in texts.filter { known[$0] == nil } }.sorted()
        guard !missing.isEmpty else { return }
        let joined = missing.joined(separator: "\n")
        let latin = joined.applyingTransform(.mandarinToLatin, reverse: false) ?? joined
        let plain = (latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin).lowercased()
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count == missing.count else { return }  // not one line per text: transform them one by one
        transliterations.withLock { known in
            if known.count > 100_000 { known.removeAll() }  // a long-lived server stays bounded
            for (text, line) in zip(missing, lines) { known[text] = line }
        }
    }

    /// Syllables written as one word, with an apostrophe before a syllable that starts with
    /// a, o or e (西安 → `xi'an`), as pinyin orthography requires.
    static func joined(_ syllables: [String]) -> String {
        var word = ""
        for syllable in syllables {
            if !word.isEmpty, let first = syllable.first, "aoe".contains(first) {
                word += "'"
            }
            word += syllable
        }
        return word
    }

    private static func capitalised(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    // MARK: - Segmentation

    /// Splits a run of Chinese characters into word ranges: the longest word of ``words``
    /// starting at each position, else two characters; a single character left before a
    /// known word joins the word before it (服务业 in 服务业合作区 stays together).
    static func segment(_ run: [Character]) -> [Range<Int>] {
        let longest = (words.map(\.count).max() ?? 1)
        func knownWord(at index: Int) -> Int? {
            guard index < run.count else { return nil }
            for length in stride(from: min(longest, run.count - index), through: 2, by: -1)
            where words.contains(String(run[index..<(index + length)])) {
                return length
            }
            return nil
        }
        var ranges: [Range<Int>] = []
        var lastWasKnown = false
        var index = 0
        while index < run.count {
            if let length = knownWord(at: index) {
                ranges.append(index..<(index + length))
                index += length
                lastWasKnown = true
            } else if index + 1 < run.count, knownWord(at: index + 1) == nil {
                ranges.append(index..<(index + 2))
                index += 2
                lastWasKnown = false
            } else {
                // A lone character: joins the previous word unless that was a known word.
                if let previous = ranges.last, !lastWasKnown {
                    ranges[ranges.count - 1] = previous.lowerBound..<(index + 1)
                } else {
                    ranges.append(index..<(index + 1))
                }
                index += 1
                lastWasKnown = false
            }
        }
        return ranges
    }

    /// A word of four or more characters as words of two (the last of three when odd):
    /// 社会主义 → 社会 主义, 先行示范区 → 先行 示范区.
    static func pairs(_ range: Range<Int>) -> [Range<Int>] {
        guard range.count >= 4 else { return [range] }
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        while range.upperBound - start > 3 {
            parts.append(start..<(start + 2))
            start += 2
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    // MARK: - Pieces

    enum Piece: Equatable {
        case han([Character])
        case other(String)
    }

    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        for character in text {
            if isHan(character) {
                if case .han(let run)? = pieces.last {
                    pieces[pieces.count - 1] = .han(run + [character])
                } else {
                    pieces.append(.han([character]))
                }
            } else if case .other(let run)? = pieces.last {
                pieces[pieces.count - 1] = .other(run + String(character))
            } else {
                pieces.append(.other(String(character)))
            }
        }
        return pieces
    }

    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
            default: false
            }
        }
    }

    private static let punctuationMap: [Character: String] = [
        "《": "\u{201C}", "》": "\u{201D}", "〈": "\u{2018}", "〉": "\u{2019}",
        "“": "\u{201C}", "”": "\u{201D}", "‘": "\u{2018}", "’": "\u{2019}",
        "「": "\u{201C}", "」": "\u{201D}", "『": "\u{2018}", "』": "\u{2019}",
        "，": ", ", "、": ", ", "。": ". ", "；": "; ", "：": ": ", "！": "! ", "？": "? ",
        "（": " (", "）": ") ", "【": " [", "】": "] ", "·": " ", "•": " ", "—": "-", "－": "-",
        "\u{3000}": " ",
    ]

    private static func punctuation(_ text: String) -> String {
        var out = ""
        for character in text {
            if let mapped = punctuationMap[character] {
                out += mapped
            } else if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
            {
                out.unicodeScalars.append(ascii)  // full-width ASCII forms
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func collapsedSpaces(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == " ", out.isEmpty || out.last == " " { continue }
            out.append(character)
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}
