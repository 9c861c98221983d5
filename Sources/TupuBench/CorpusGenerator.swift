import Foundation
import TupuModel

/// One generated article: its file name (without extension), its text and the facts it plants.
public struct GeneratedArticle: Sendable, Equatable {
    /// `a0000042`: the text goes to `a0000042.txt`, the gold to `a0000042.gold.tsv`.
    public var name: String
    public var text: String
    /// `subject<TAB>predicate<TAB>object` lines, simplified names, in the order they are stated.
    public var facts: [String]
    /// Whether the text was converted to traditional characters.
    public var traditional: Bool
    /// The event the article reports, when it reports one.
    public var event: String?

    /// The gold file as `tupu eval` reads it.
    public var goldTSV: String {
        var seen = Set<String>()
        let lines = facts.filter { seen.insert($0).inserted }
        return "# planted by tupu-bench for \(name).txt: subject<TAB>predicate<TAB>object\n"
            + lines.map { $0 + "\n" }.joined()
    }
}

/// Deterministic articles of the genre (provincial news of meetings, site visits and foreign
/// guests), with the facts each plants. Every article is drawn from its own SplitMix64 stream
/// (seed and index), so articles can be made in any order, or in parallel, with the same bytes.
///
/// Only forms the extractor documents are used: title chains before a name, group lists after
/// 省领导, 出席/主持/讲话/汇报 cues, `前往A、B、C实地考察`, `会见` a guest after a title starting with a
/// country, `M月D日` with a `发布时间:` line, and 10% of articles in traditional characters.
public struct CorpusGenerator: Sendable {
    public let seed: UInt64
    public let articleCount: Int

    /// Per city: party secretaries, mayors and vice mayors; and provincial leaders for group lists.
    /// Their sizes grow slowly with the corpus, so the same officials recur across articles.
    let secretaries: [[String]]
    let mayors: [[String]]
    let viceMayors: [[String]]
    let provincialLeaders: [String]
    let provincialSecretaries: [String]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程魏苏吕沈姚卢姜崔谭陆汪廖贾夏邹孟熊秦邱尹薛侯史陶贺顾毛郝龚邵钱严戴孔汤").map(String.init)
    /// Without 国 and 思: 韩国林 reads as the country 韩国, and 沈思林 is missed in traditional text
    /// (extractor gaps, see the report of the benchmark issue).
    static let givenFirst = Array("建志海晓立卫春永德振学伟宏清新光正俊明文家庆宇嘉承").map(String.init)
    static let givenSecond = Array("强涛辉东华平军民栋林峰斌杰勇磊鹏刚亮波宁超浩鸣岩江锋").map(String.init)
    static let cities = ["广州", "深圳", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名", "惠州", "东莞", "中山"]
    static let districts: [String: [String]] = [
        "广州": ["天河区", "海珠区", "黄埔区", "番禺区", "南沙区", "白云区"],
        "深圳": ["南山区", "福田区", "宝安区", "龙岗区", "罗湖区", "龙华区"],
    ]
    static let topics = [
        "安全生产", "农业农村", "教育", "科技创新", "生态环境保护", "民政", "统战", "组织",
        "宣传思想", "政法", "卫生健康", "交通运输", "水利", "商务", "审计",
    ]
    static let aspects = ["", "改革", "督查", "专项", "考核", "培训", "信访", "法治", "统计", "应急"]
    static let meetingKinds = ["工作会议", "工作推进会", "工作座谈会", "工作现场会"]
    static let companyCores = ["华芯", "海纳", "恒达", "智源", "联创", "远景", "瑞丰", "天成", "宏图", "博远", "新锐"]
    static let industries = ["科技", "新材料", "生物医药", "智能装备", "数据服务", "新能源"]
    static let institutes = ["先进制造", "人工智能", "海洋科学", "生物技术", "新材料", "智能网联汽车"]
    static let countries = ["新加坡", "泰国", "越南", "马来西亚", "老挝", "柬埔寨", "法国", "德国", "挪威", "巴西", "日本"]
    static let guestTitles = ["副总理", "外交部长", "驻华大使"]
    static let foreignSyllables = Array("卡里莫娃安德森马丁尼克斯塔琳达拉伊万诺维奇").map(String.init)
    static let traditional = StringTransform("Hans-Hant")

    public init(seed: UInt64, articles: Int) {
        self.seed = seed
        self.articleCount = articles
        var random = SplitMix64(seed: seed ^ 0x7475_7075_6265_6E63)
        var taken = Set<String>()
        func person() -> String {
            while true {
                let name = random.pick(Self.surnames) + random.pick(Self.givenFirst) + random.pick(Self.givenSecond)
                if taken.insert(name).inserted { return name }
            }
        }
        let perCity = min(max(2, articles / 2000), 150)
        secretaries = Self.cities.map { _ in (0..<perCity).map { _ in person() } }
        mayors = Self.cities.map { _ in (0..<perCity).map { _ in person() } }
        viceMayors = Self.cities.map { _ in (0..<perCity * 2).map { _ in person() } }
        provincialSecretaries = (0..<min(max(3, articles / 5000), 50)).map { _ in person() }
        provincialLeaders = (0..<min(40 + articles / 50, 8000)).map { _ in person() }
    }

    /// The file a benchmark run writes among a corpus's articles once it has written them all (not
    /// a `.txt` file, so `tupu ingest` of the folder leaves it out), holding
    /// ``markerText``: a later run with the same size and seed reads the corpus as it is.
    public static let completeMarker = ".tupu-bench-corpus"

    /// What ``completeMarker`` holds for this generator's corpus: its size, its seed, and a
    /// sum of its first article (another version of the generator writes other articles).
    public var markerText: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in article(0).text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return "tupu-bench corpus: \(articleCount) articles, seed \(seed), first article \(String(hash, radix: 16))\n"
    }

    /// The name of the article at `index` (0-based), without extension: `a0000042`.
    public static func fileName(_ index: Int) -> String {
        String(format: "a%07d", index)
    }

    /// The article at `index` (0-based).
    public func article(_ index: Int) -> GeneratedArticle {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let name = Self.fileName(index)
        let cityIndex = random.below(Self.cities.count)
        let year = 2020 + random.below(6)
        let month = 1 + random.below(12)
        let day = 1 + random.below(27)
        let published = String(format: "%04d-%02d-%02d", year, month, day + 1)
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        let kind = random.below(100)
        var article: GeneratedArticle
        if kind < 60 {
            article = meeting(&random, name: name, month: month, day: day, date: date, published: published)
        } else if kind < 85 {
            article = visit(&random, name: name, city: cityIndex, month: month, day: day, published: published)
        } else {
            article = foreignGuest(&random, name: name, city: cityIndex, month: month, day: day, published: published)
        }
        if random.chance(10), let converted = article.text.applyingTransform(Self.traditional, reverse: false) {
            article.text = converted
            article.traditional = true
        }
        return article
    }

    /// Every article, in order.
    public func articles() -> [GeneratedArticle] {
        (0..<articleCount).map(article)
    }

    /// Writes `NAME.txt` and `NAME.gold.tsv` for every article into `folder` (created if needed).
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 0..<articleCount {
            let article = article(index)
            try Data(article.text.utf8).write(to: folder.appendingPathComponent(article.name + ".txt"))
            try Data(article.goldTSV.utf8).write(to: folder.appendingPathComponent(article.name + ".gold.tsv"))
        }
    }

    // MARK: - Templates

    private func header(_ title: String, published: String, source: String) -> String {
        "\(title)\n\n发布时间:\(published)     来源:\(source)\n\n"
    }

    /// The title chain of a city party secretary; every other one also sits on the standing committee.
    private func secretaryChain(_ person: String, city cityIndex: Int) -> [String] {
        let city = Self.cities[cityIndex]
        let index = secretaries[cityIndex].firstIndex(of: person) ?? 0
        return index % 2 == 0 ? ["省委常委", "\(city)市委书记"] : ["\(city)市委书记"]
    }

    private func group(_ random: inout SplitMix64, count: Int, excluding: Set<String>) -> [String] {
        var chosen: [String] = []
        var seen = excluding
        while chosen.count < count {
            let person = random.pick(provincialLeaders)
            if seen.insert(person).inserted { chosen.append(person) }
        }
        return chosen
    }

    /// Sites as written in the text, and as named in the gold.
    private func siteTargets(_ random: inout SplitMix64, city: String) -> [(written: String, gold: String)] {
        var targets: [(written: String, gold: String)] = []
        let count = 2 + random.below(3)
        while targets.count < count {
            let target: String
            switch random.below(3) {
            case 0 where Self.districts[city] != nil:
                target = random.pick(Self.districts[city] ?? [])
            case 1:
                target = city + random.pick(Self.institutes) + "研究院"
            default:
                target = city + random.pick(Self.companyCores) + random.pick(Self.industries) + "有限公司"
            }
            guard !targets.contains(where: { $0.written == target }) else { continue }
            targets.append((target, target))
        }
        // A district written last, right before 实地考察, loses its 区 (宝安区实地考察 → 宝安): an
        // extractor gap, so districts come first and an organization ends the list.
        let districts = targets.filter { !$0.written.hasPrefix(city) }
        var ordered = districts + targets.filter { $0.written.hasPrefix(city) }
        if ordered.count == districts.count {
            let closing = city + random.pick(Self.institutes) + "研究院"
            ordered.append((closing, closing))
        }
        return ordered
    }

    private func meeting(
        _ random: inout SplitMix64, name: String, month: Int, day: Int, date: String, published: String
    ) -> GeneratedArticle {
        // The year makes a yearly meeting a new event each year, as news names them
        // (2024年全省安全生产工作会议); without it a corpus of 100,000 articles had 600 events.
        // A quarter are standing meetings named without the year (全省安全生产工作会议), which recur on
        // other dates in other cities: one name, many events.
        let recurring = random.chance(25)
        let event = (recurring ? "" : date.prefix(4) + "年") + "全省" + random.pick(Self.topics) + random.pick(Self.aspects) + random.pick(Self.meetingKinds)
        // One provincial meeting on one day is held in one city: two articles that draw the same
        // name and date report the same meeting.
        let cityIndex = Self.stableIndex(event + date, count: Self.cities.count)
        let city = Self.cities[cityIndex]
        let secretary = random.pick(secretaries[cityIndex])
        let mayor = random.pick(mayors[cityIndex])
        let viceMayor = random.pick(viceMayors[cityIndex])
        let chain = secretaryChain(secretary, city: cityIndex)
        let leaders = group(&random, count: 3 + random.below(18), excluding: [secretary, mayor, viceMayor])
        var text = header("\(event)在\(city)召开", published: published, source: "南方日报")
        text += "\(month)月\(day)日，\(event)在\(city)召开。\(chain.joined(separator: "、"))\(secretary)出席会议并讲话，"
        text += "\(city)市委副书记、市长\(mayor)主持会议。省领导\(leaders.joined(separator: "、"))参加会议。"
        text += "\(city)市副市长\(viceMayor)汇报有关工作情况。\n\n"
        var facts = [
            "\(event)\theld_in\t\(city)",
            "\(event)\theld_on\t\(date)",
        ]
        facts += chain.map { "\(secretary)\tholds_role\t\($0)" }
        facts += [
            "\(secretary)\tattended\t\(event)",
            "\(secretary)\tspoke_at\t\(event)",
            "\(mayor)\tholds_role\t\(city)市委副书记",
            "\(mayor)\tholds_role\t市长",
            "\(mayor)\tpresided\t\(event)",
        ]
        facts += leaders.map { "\($0)\tattended\t\(event)" }
        facts += [
            "\(viceMayor)\tholds_role\t\(city)市副市长",
            "\(viceMayor)\treported_at\t\(event)",
        ]
        text += "会议强调，要坚持稳中求进工作总基调，压实各方责任，推动各项工作落地见效。\n\n"
        if random.chance(40) {
            let targets = siteTargets(&random, city: city)
            text += "会前，\(secretary)、\(mayor)前往\(Self.list(targets.map(\.written)))实地考察。\n\n"
            facts += targets.flatMap { ["\(secretary)\tvisited\t\($0.gold)", "\(mayor)\tvisited\t\($0.gold)"] }
            facts += Self.located(targets, city: city)
        }
        text += "责任编辑:\(random.pick(Self.surnames))小\(random.pick(Self.givenSecond))\n"
        return GeneratedArticle(name: name, text: text, facts: facts, traditional: false, event: event)
    }

    /// An index from a string's bytes (FNV-1a), the same in every process.
    static func stableIndex(_ text: String, count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count))
    }

    private func visit(
        _ random: inout SplitMix64, name: String, city cityIndex: Int, month: Int, day: Int, published: String
    ) -> GeneratedArticle {
        let city = Self.cities[cityIndex]
        let secretary = random.pick(secretaries[cityIndex])
        let chain = secretaryChain(secretary, city: cityIndex)
        let targets = siteTargets(&random, city: city)
        var text = header("\(city)：推动科技创新和产业创新深度融合", published: published, source: "\(city)日报")
        text += "\(month)月\(day)日，\(chain.joined(separator: "、"))\(secretary)前往\(Self.list(targets.map(\.written)))实地考察。"
        text += "他强调，要坚持把创新作为引领发展的第一动力，加快构建现代化产业体系。\n\n"
        text += "责任编辑:\(random.pick(Self.surnames))小\(random.pick(Self.givenSecond))\n"
        var facts = chain.map { "\(secretary)\tholds_role\t\($0)" }
        facts += targets.map { "\(secretary)\tvisited\t\($0.gold)" }
        facts += Self.located(targets, city: city)
        return GeneratedArticle(name: name, text: text, facts: facts, traditional: false, event: nil)
    }

    private func foreignGuest(
        _ random: inout SplitMix64, name: String, city cityIndex: Int, month: Int, day: Int, published: String
    ) -> GeneratedArticle {
        let city = Self.cities[cityIndex]
        let host = random.pick(provincialSecretaries)
        let country = random.pick(Self.countries)
        let title = country + random.pick(Self.guestTitles)
        var guest = ""
        for _ in 0..<(3 + random.below(2)) { guest += random.pick(Self.foreignSyllables) }
        var text = header("\(host)会见\(country)客人", published: published, source: "南方日报")
        text += "\(month)月\(day)日，省委书记\(host)在\(city)会见\(title)\(guest)。\n\n"
        text += "\(host)表示，广东愿同\(country)深化经贸、科技、人文等领域务实合作。\n\n"
        text += "责任编辑:\(random.pick(Self.surnames))小\(random.pick(Self.givenSecond))\n"
        let facts = [
            "\(host)\tholds_role\t省委书记",
            "\(host)\tmet_with\t\(guest)",
            "\(guest)\tholds_role\t\(title)",
        ]
        return GeneratedArticle(name: name, text: text, facts: facts, traditional: false, event: nil)
    }

    /// Organizations named after their city are located there: not planted on purpose, so marked
    /// optional (`?`, counted neither way).
    private static func located(_ targets: [(written: String, gold: String)], city: String) -> [String] {
        targets.filter { $0.written.hasPrefix(city) }.map { "\($0.gold)\tlocated_in\t\(city)\t?" }
    }

    /// `A、B和C`-free list: `A、B、C`.
    private static func list(_ items: [String]) -> String {
        items.joined(separator: "、")
    }
}
