import Testing
import TupuExtract
import TupuModel

/// Fixtures for the forms published news uses that the first rules missed: events only referred
/// to, place abbreviations, married names, plural subjects, bylines, stated locations, quoted
/// programmes, newspapers, date expressions, and names found by the learned model. Every text
/// here is written for the test.
@Suite struct RealNewsRuleFixtureTests {
    @Test("event.named-after-participation-cue: an event only referred to (…精神, …以来) is not attended")
    func referredEventIsNotAttended() {
        assertExtraction(
            "省长⟦person:韩立新⟧出席⟦event:全省科技工作会议⟧并讲话。他强调，要认真贯彻全国科技大会精神。副省长⟦person:邵文杰⟧通报了全国科技大会以来全省工作情况。",
            facts: ["韩立新\tattended\t全省科技工作会议", "韩立新\tspoke_at\t全省科技工作会议"],
            absent: ["邵文杰\treported_at\t全国科技大会", "韩立新\tattended\t全国科技大会"])
    }

    @Test("place abbreviations: 在京召开 is held in 北京; an unresolved day before 在 is still a date")
    func placeAbbreviationAndUnresolvedDay() {
        let (_, extraction) = assertExtraction(
            "⟦event:全国科技工作会议⟧6日在京召开。",
            facts: ["全国科技工作会议\theld_in\t北京"])
        #expect(extraction.mentions.first { $0.entity.kind == .place }?.entity.name == "北京")
        // 京 alone, not after 在/赴/抵…, is no place.
        #expect(Shared.extractor.extract("京剧团演出受到好评。").mentions.allSatisfy { $0.entity.kind != .place })
    }

    @Test("names: a married name (husband's surname, own surname, given name) after a title")
    func marriedName() {
        assertExtraction("⟦role:行政长官⟧⟦person:陈方慧玲⟧出席典礼。", facts: ["陈方慧玲\tholds_role\t行政长官"])
    }

    @Test("names: a word that starts an organization of the lexicon (全国 of 全国政协) is no name")
    func organizationPrefixIsNoName() {
        let extraction = Shared.extractor.extract("副省长邵文杰通报了会议以来全国政协主要工作情况。")
        #expect(!extraction.entities.contains { $0.kind == .person && $0.name == "全国" })
    }

    @Test("plural subjects: 两人 and a clause that opens with its verb take the persons named together before")
    func pluralSubject() {
        assertExtraction(
            "省长⟦person:韩立新⟧在西溪湿地与⟦role:市委书记⟧⟦person:刘捷⟧一同参加⟦event:植树活动⟧。两人其后到之江实验室，共同主持⟦event:青年创新大赛⟧。",
            facts: [
                "韩立新\tattended\t植树活动", "刘捷\tattended\t植树活动",
                "韩立新\tpresided\t青年创新大赛", "刘捷\tpresided\t青年创新大赛",
                "刘捷\tholds_role\t市委书记",
            ],
            absent: ["刘捷\tholds_role\t西溪湿地与市委书记"])
    }

    @Test("bylines: the reporter is a person but takes part in nothing")
    func bylineIsNoParticipant() {
        let (_, extraction) = assertExtraction(
            "新华社杭州5月6日电（记者 ⟦person:王晓明⟧）省长⟦person:韩立新⟧5日在⟦place:宁波⟧调研。",
            facts: ["韩立新\tvisited\t宁波"],
            absent: ["王晓明\tvisited\t宁波"])
        #expect(!extraction.triples.contains { $0.subject.name == "王晓明" })
    }

    @Test("quoted programmes, newspapers in title marks, organizations before 等企业")
    func programmesNewspapersAndCompanies() {
        let extraction = Shared.extractor.extract(
            "据《浙江日报》报道，省长韩立新强调要共建“一带一路”，加快建设“数字浙江”。韩立新走进恒远集团、明达微电子科技、华信资通等企业。")
        let entities = Set(extraction.entities)
        #expect(entities.contains(EntityRef(.organization, "浙江日报")))
        #expect(entities.contains(EntityRef(.initiative, "一带一路")))
        #expect(entities.contains(EntityRef(.initiative, "数字浙江")))
        #expect(entities.contains(EntityRef(.organization, "明达微电子科技")))
        #expect(entities.contains(EntityRef(.organization, "华信资通")))
        #expect(extraction.triples.contains(Triple(EntityRef(.person, "韩立新"), .visited, EntityRef(.organization, "华信资通"))))
    }

    @Test("活动 refers to the article's event; 我市 is no part of its name")
    func activityRefersToTheEvent() {
        assertExtraction(
            "12月27日，我市⟦event:投资说明会暨项目签约仪式⟧在⟦place:宁波⟧举行。副市长⟦person:邵文杰⟧主持活动。",
            facts: ["邵文杰\tpresided\t投资说明会暨项目签约仪式", "投资说明会暨项目签约仪式\theld_in\t宁波"])
    }

    @Test("held_in: a city opening the clause hosts the event it holds; a province that holds one only convenes it")
    func hostCity() {
        assertExtraction(
            "昨天上午，⟦place:宁波⟧举行⟦event:2024年春季产业项目签约仪式⟧。",
            facts: ["2024年春季产业项目签约仪式\theld_in\t宁波"])
        assertExtraction("⟦place:浙江⟧召开⟦event:全省科技工作会议⟧。", facts: [], .exactly([.heldIn]))
    }

    @Test("events: a name in quotes after 举办; 会议 refers to the meeting, not a ceremony named since")
    func quotedEventAndMeetingReference() {
        assertExtraction(
            "浙江在⟦place:宁波⟧举办“⟦event:青瓷艺术展⟧”。",
            facts: ["青瓷艺术展\theld_in\t宁波"])
        assertExtraction(
            "总理⟦person:韩立衡⟧出席⟦event:第三次领导人视频会议⟧。会后举行了⟦event:共同主席国交接仪式⟧。⟦person:邵文杰⟧等出席会议。",
            facts: ["邵文杰\tattended\t第三次领导人视频会议"],
            absent: ["邵文杰\tattended\t共同主席国交接仪式"])
    }

    @Test("visit.presence: 在 and a list of named sites, then a verb of looking or speaking")
    func presenceVisits() {
        let (_, extraction) = assertExtraction(
            "⟦person:韩立新⟧在⟦organization:恒远电气公司⟧、⟦place:明达集成电路研发和制造基地⟧，了解企业复工情况。在⟦organization:华信科技⟧、⟦organization:远景生物制药⟧等企业，⟦person:韩立新⟧强调要加大研发投入。",
            facts: [
                "韩立新\tvisited\t恒远电气公司", "韩立新\tvisited\t明达集成电路研发和制造基地",
                "韩立新\tvisited\t华信科技", "韩立新\tvisited\t远景生物制药",
            ], .exactly([.visited]))
        #expect(extraction.facts("韩立新\tvisited\t华信科技").first?.evidence.rule == "visit.presence")
        // A clause with 在 and no named site is no visit: 在会上强调 names nothing.
        let plain = Shared.extractor.extract("韩立新在驿站与青年企业家交流，了解创业情况。")
        #expect(!plain.triples.contains { $0.predicate == .visited })
    }

    @Test("visit.cue-objects: the place after 位于 locates the site and is not visited")
    func locatedPlaceIsNotVisited() {
        assertExtraction(
            "⟦person:韩立新⟧最后参观位于⟦place:宁波⟧的⟦place:青年创新创业基地⟧。",
            facts: ["韩立新\tvisited\t青年创新创业基地", "青年创新创业基地\tlocated_in\t宁波"],
            absent: ["韩立新\tvisited\t宁波"])
    }

    @Test("date expressions: ranges, parts of a day or year, timestamps, resolved where the year is known")
    func dateExpressions() {
        let extraction = Shared.extractor.extract(
            "发布时间:2024-11-18 09:57:29\n8月21日至23日，省长韩立新在宁波调研。24日上午，他出席全省工作会议。项目于2014年底建成。")
        #expect(extraction.dates.map(\.surface) == ["2024-11-18 09:57:29", "8月21日至23日", "24日上午", "2014年底"])
        #expect(extraction.dates.map(\.entity.name) == ["2024-11-18", "2024-08-21", "2024-10-24", "2014年底"])  // a day after the 18th is last month's
        // A print edition's closing line gives the publication date, so a dateline without a year resolves.
        let print = Shared.extractor.extract("本报北京8月24日电 全国工作会议24日在京召开。\n（2020年08月25日 04 版）")
        #expect(print.publicationDate == "2020-08-25")
        #expect(print.triples.contains(Triple(EntityRef(.event, "全国工作会议"), .heldOn, EntityRef(.date, "2020-08-24"))))
    }

    @Test("name.model: the bundled model finds a bare name in running text and in a list")
    func modelFindsBareNames() {
        #expect(Shared.extractor.tagger != nil, "the bundled name model does not load")
        let extraction = Shared.extractor.extract("王建国说，今年全省经济稳中向好。出席会议的有周丽华、孙志远等。")
        let persons = Set(extraction.entities.filter { $0.kind == .person }.map(\.name))
        #expect(persons.isSuperset(of: ["王建国", "周丽华", "孙志远"]), "\(persons)")
        // The rules override the model: a rule's name is never re-read with other bounds.
        let rules = Shared.extractor.extract("省委书记韩正先后到实验室和体验中心考察。")
        #expect(rules.entities.contains(EntityRef(.person, "韩正")))
        #expect(!rules.entities.contains(EntityRef(.person, "韩正先")))
    }

    @Test("name.model: the head of a company's name (湛江海 of 湛江海纳科技有限公司) names no person further on")
    func companyHeadIsNoKnownName() {
        let text = "钱永宁、薛振波前往湛江宏图科技有限公司、湛江海纳智能装备有限公司、湛江海纳科技有限公司实地考察。"
        let extraction = Shared.extractor.extract(text)
        let visited = Set(extraction.triples.filter { $0.predicate == .visited && $0.subject.name == "钱永宁" }.map(\.object.name))
        #expect(visited == ["湛江宏图科技有限公司", "湛江海纳智能装备有限公司", "湛江海纳科技有限公司"])
        #expect(!extraction.entities.contains { $0.kind == .person && $0.name.hasPrefix("湛江") })
    }

    @Test("initiatives: the items of a list closed by 等平台 are initiatives whatever their last characters; a speech promotes them")
    func collectiveListAndSpeech() {
        let text = "省长⟦person:郑国华⟧出席⟦event:全省开放平台建设推进会⟧并讲话。郑国华强调，一是要抓好规划落实。\n二是要加快推进⟦initiative:珠江国际航运城⟧、⟦initiative:湾区数据港⟧和⟦initiative:科创走廊核心园⟧等平台建设。\n会后，郑国华前往企业调研。"
        let (_, extraction) = assertExtraction(
            text,
            facts: [
                "郑国华\tpromotes\t珠江国际航运城", "郑国华\tpromotes\t湾区数据港", "郑国华\tpromotes\t科创走廊核心园",
                "珠江国际航运城\tdiscussed_at\t全省开放平台建设推进会",
            ])
        // The speech ends with its paragraphs: 会后 opens a new one.
        #expect(extraction.facts.filter { $0.triple.predicate == .promotes }.count == 3)
    }

    @Test("part_of: X是Y的重要组成部分 (stated), not a mere neighbour")
    func partOfStated() {
        assertExtraction(
            "⟦initiative:南沙新区⟧是⟦place:粤港澳大湾区⟧的重要组成部分。",
            facts: ["南沙新区\tpart_of\t粤港澳大湾区"])
        let neighbours = Shared.extractor.extract("南沙新区和粤港澳大湾区建设取得新进展。")
        #expect(!neighbours.triples.contains { $0.predicate == .partOf })
    }

    @Test("place.coordinated: a short item listed with a place is a place; a verb before a programme's name is not part of it")
    func coordinatedPlacesAndVerbBeforeProgramme() {
        let extraction = Shared.extractor.extract("要抓深圳先行示范区和横琴、前海、南沙三大平台建设。")
        let places = Set(extraction.entities.filter { $0.kind == .place }.map(\.name))
        #expect(places.isSuperset(of: ["横琴", "前海", "南沙"]), "\(places)")
        #expect(!places.contains("三大") && !places.contains("南沙三"))
        #expect(extraction.entities.contains(EntityRef(.initiative, "深圳先行示范区")))
        // Without a place in the list, nothing is guessed.
        let plain = Shared.extractor.extract("要抓好规划、建设、管理三个环节。")
        #expect(!plain.entities.contains { $0.kind == .place })
    }

    @Test("organizations: a company named at the head of a title is an organization; an organ (区委) stays in the title")
    func companyHeadingATitle() {
        let extraction = Shared.extractor.extract("市长会见了宏远集团董事长周立新、江海公司总经理孙佳明。吴中区委书记丁立新出席。")
        let organizations = Set(extraction.entities.filter { $0.kind == .organization }.map(\.name))
        #expect(organizations.isSuperset(of: ["宏远集团", "江海公司"]), "\(organizations)")
        #expect(!organizations.contains("吴中区委"))
        #expect(extraction.triples.contains(Triple(EntityRef(.person, "周立新"), .holdsRole, EntityRef(.role, "宏远集团董事长"))))
    }

    @Test("initiatives: a programme named by a weak suffix after the verb that opens its clause part (共建…平台, 加快落实…行动计划)")
    func programmeAfterItsVerb() {
        let extraction = Shared.extractor.extract("共建澜湄水资源合作信息共享平台，更好应对洪涝灾害。加快落实农业合作三年行动计划，实施一批重点攻关项目。")
        let initiatives = Set(extraction.entities.filter { $0.kind == .initiative }.map(\.name))
        #expect(initiatives == ["澜湄水资源合作信息共享平台", "农业合作三年行动计划"], "\(initiatives)")
        // A verb inside a name (服务 of 现代服务业合作区) does not cut it.
        #expect(Shared.extractor.extract("前海深港现代服务业合作区是重要举措。").entities.contains(EntityRef(.initiative, "前海深港现代服务业合作区")))
    }

    @Test("front matter: a leading ---/key: value/--- block gives the title and publication date and is no text")
    func frontMatterGivesTitleAndDate() {
        let text = "---\ntitle: 全省工作会议召开\npublished: 2023-05-13\nurl: https://example.org/a\n---\n\n5月12日，全省安全生产工作会议在广州召开。\n"
        let extraction = Shared.extractor.extract(text)
        #expect(extraction.title == "全省工作会议召开")
        #expect(extraction.publicationDate == "2023-05-13")
        #expect(extraction.triples.contains(Triple(EntityRef(.event, "全省安全生产工作会议"), .heldOn, EntityRef(.date, "2023-05-12"))))
        #expect(!extraction.mentions.contains { $0.span.start < 60 && $0.surface.contains("example") })
        // A block that does not close, or holds a line without a colon, is text.
        #expect(Shared.extractor.extract("---\n省长王强出席会议。\n---\n").entities.contains(EntityRef(.person, "王强")))
    }
}
