import Testing
import TupuExtract
import TupuModel

/// Fixtures for forms found missing on real articles the rules had not seen: adverbs between a
/// name and its verb, diplomatic offices, offices that are part of an organization's name. Every
/// text here is written for the test.
@Suite struct UnseenNewsRuleFixtureTests {
    @Test("names: an adverb (全程, 亲自, 再次) may follow a name before its verb")
    func adverbAfterName() {
        assertExtraction(
            "⟦role:乌兹别克斯坦驻沪总领事⟧⟦person:卡里莫娃⟧全程参加⟦event:投资推介会⟧。",
            facts: ["卡里莫娃\tholds_role\t乌兹别克斯坦驻沪总领事", "卡里莫娃\tattended\t投资推介会"])
        assertExtraction(
            "⟦role:市委书记⟧⟦person:郑栋梁⟧亲自主持⟦event:全市招商工作会议⟧。",
            facts: ["郑栋梁\tpresided\t全市招商工作会议"])
    }

    @Test("roles: 特派员 is a diplomatic office; an office followed by an organization suffix (公署) is part of that organization")
    func envoyAndEnvoyOffice() {
        let (_, extraction) = assertExtraction(
            "⟦role:外交部驻香港特派员公署副特派员⟧⟦person:岑立峰⟧出席⟦event:投资推介会⟧。特派员公署愿与各方加强交流。",
            facts: ["岑立峰\tholds_role\t外交部驻香港特派员公署副特派员", "岑立峰\tattended\t投资推介会"])
        #expect(!extraction.entities.contains { $0.kind == .person && $0.name.hasPrefix("公署") })
        #expect(!extraction.triples.contains { $0.predicate == .holdsRole && $0.object.name.hasSuffix("驻香港特派员") })
    }

    @Test("bylines: the name after 编辑:, 记者 and spaces, or before 摄 or 报道, is a person, and no participant")
    func bylinePersons() {
        let (_, extraction) = assertExtraction(
            "标题\n2025-03-01 | ⟦role:编辑⟧:⟦person:须一鸣⟧ | 来源:网站\n⟦place:本溪⟧日报讯 ⟦role:记者⟧ ⟦person:仰晓东⟧报道：⟦role:市长⟧⟦person:王浩⟧出席⟦event:全市招商大会⟧。\n⟦role:记者⟧ ⟦person:殳佳宁⟧ 摄",
            facts: ["王浩\tattended\t全市招商大会"])
        #expect(!extraction.triples.contains { $0.predicate == .attended && $0.subject.name != "王浩" }, "\(extraction.triples)")
    }

    @Test("events: two names joined by 和 after a cue are two events; 会议 refers to the meeting someone took part in, not one a speech plans")
    func joinedEventsAndTheMeetingAttended() {
        assertExtraction(
            "标题\n⟦role:总理⟧⟦person:李克强⟧出席⟦event:第三次领导人视频会议⟧并讲话。他表示，要定期举办⟦event:水资源合作部长级会议⟧和⟦event:水资源合作论坛⟧。⟦person:何立峰⟧等出席会议。",
            facts: ["何立峰\tattended\t第三次领导人视频会议"],
            absent: ["何立峰\tattended\t水资源合作论坛", "何立峰\tattended\t水资源合作部长级会议"])
    }

    @Test("roles: a named organization that opens a title is an organization too; an organ (市委, 党工委) stays part of the title")
    func organizationOpeningATitle() {
        let extraction = Shared.extractor.extract(
            "标题\n香港贸发局主席罗康瑞、澳门特区政府经济财政司司长李伟农、成都高新区党工委书记张伟明、深圳市委书记王伟中出席签约仪式。")
        let organizations = Set(extraction.mentions.filter { $0.entity.kind == .organization }.map(\.entity.name))
        #expect(organizations.isSuperset(of: ["香港贸发局", "澳门特区政府"]), "\(organizations)")
        #expect(!organizations.contains { $0.hasSuffix("党工委") || $0.hasSuffix("市委") }, "\(organizations)")
        let roles = Set(extraction.triples.filter { $0.predicate == .holdsRole }.map(\.object.name))
        #expect(roles.isSuperset(of: ["香港贸发局主席", "澳门特区政府经济财政司司长", "成都高新区党工委书记", "深圳市委书记"]), "\(roles)")
    }

    @Test("names: a group's name after a title word (委员宣讲团, 专家考察组) is no person")
    func groupNameIsNoPerson() {
        let extraction = Shared.extractor.extract("标题\n要完善委员讲堂、委员宣讲团、委员会客厅等形式，组织专家考察组、宣传队深入基层。")
        #expect(!extraction.mentions.contains { $0.entity.kind == .person }, "\(extraction.mentions)")
        #expect(!extraction.triples.contains { $0.predicate == .holdsRole }, "\(extraction.triples)")
    }

    @Test("places: county-level divisions are known by their full names (上杭县, 沛县, 昆山市), not by short forms that are words")
    func countyLevelPlaces() {
        assertExtraction(
            "标题\n⟦role:省长⟧⟦person:王浩⟧先后到⟦place:上杭县⟧、⟦place:沛县⟧和⟦place:昆山市⟧调研。",
            facts: ["王浩\tvisited\t上杭县", "王浩\tvisited\t沛县", "王浩\tvisited\t昆山市"])
        // Known as divisions in running text too, not only as items of a list of sites.
        let running = Shared.extractor.extract("标题\n会上，来自上杭县、沛县和昆山市的代表作了发言。")
        #expect(running.mentions.filter { $0.rule == "place.administrative-division" }.map(\.entity.name) == ["上杭县", "沛县", "昆山市"], "\(running.mentions)")
        let words = Shared.extractor.extract("标题\n和平发展的道路上，张云龙说。")
        #expect(!words.mentions.contains { $0.entity.kind == .place }, "\(words.mentions)")
    }

    @Test("organizations: a name that runs back to a number in digits is a quantity (３次放弃上大学), a numeral in Han characters may be part of it")
    func noOrganizationAcrossDigits() {
        let extraction = Shared.extractor.extract("标题\n４年里，王国栋３次放弃上大学的机会，后来考入武汉第一中学。")
        let organizations = extraction.mentions.filter { $0.entity.kind == .organization }.map(\.entity.name)
        #expect(!organizations.contains { $0.hasSuffix("上大学") }, "\(organizations)")
        #expect(organizations.contains("武汉第一中学"), "\(organizations)")
    }

    @Test("names: a name the model reads right after a title is the titled person (a transliterated name with no middle-dot rule)")
    func modelNameAfterTitle() {
        assertExtraction(
            "⟦role:老挝总理⟧⟦person:宋赛·西潘敦⟧会见⟦role:省长⟧⟦person:王浩⟧。",
            facts: ["宋赛·西潘敦\tholds_role\t老挝总理", "宋赛·西潘敦\tmet_with\t王浩"])
    }

    @Test("names: an item of a list of persons that is a surname and a given name is a person (rare surnames)")
    func listMateWithRareSurname() {
        let (_, extraction) = assertExtraction(
            "⟦role:省长⟧⟦person:王浩⟧出席⟦event:全省经济工作会议⟧。出席会议的还有⟦person:张伟明⟧、⟦person:刘晓红⟧、⟦person:殳海涛⟧等。")
        // Whichever finds it (the model, or the list rule where the model does not), it is one person.
        #expect(extraction.mentions.filter { $0.entity.name == "殳海涛" }.map(\.entity.kind) == [.person])
    }

    @Test("plural subjects: 两人 stands for two persons, and for none after a sentence that names four")
    func pairWordNeedsTwoPersons() {
        assertExtraction(
            "⟦person:张伟明⟧与⟦person:刘晓红⟧一同出席⟦event:开工仪式⟧。两人随后共同主持⟦event:签约仪式⟧。",
            facts: ["张伟明\tpresided\t签约仪式", "刘晓红\tpresided\t签约仪式"])
        let four = Shared.extractor.extract(
            "省领导张伟明、刘晓红、仰志强、殳海涛出席开工仪式。两人随后共同主持签约仪式。")
        #expect(!four.triples.contains { $0.predicate == .presided }, "\(four.triples)")
    }

    @Test("visit.presence: a person, 在, a site and a verb of being there in one clause; a clause opening with 在 takes the subject before")
    func presenceInOneClause() {
        assertExtraction(
            "⟦role:省长⟧⟦person:陈建华⟧在⟦place:株洲⟧了解产业发展情况，在⟦place:燕子矶⟧察看水质。",
            facts: ["陈建华\tvisited\t株洲", "陈建华\tvisited\t燕子矶"])
        // With a visit cue, names that fill the gap stand, each visited.
        assertExtraction(
            "标题\n⟦role:副省长⟧⟦person:张三⟧在⟦place:浏阳市⟧⟦place:沙市镇⟧⟦place:赤马村⟧调研。",
            facts: ["张三\tvisited\t浏阳市", "张三\tvisited\t沙市镇", "张三\tvisited\t赤马村"])
        // A verb of speech after the site is no visit.
        let speech = Shared.extractor.extract("省长陈建华在株洲强调，要加快发展。")
        #expect(!speech.triples.contains { $0.predicate == .visited }, "\(speech.triples)")
    }

    @Test("names: a name the model reads into a cue (王浩登 of 王浩登上衡山) ends where the cue starts")
    func modelNameEndsAtCue() {
        let extraction = Shared.extractor.extract("标题\n王浩出席会议。王浩登上衡山，了解生态保护情况。")
        #expect(!extraction.entities.contains { $0.kind == .person && $0.name == "王浩登" })
        #expect(extraction.triples.contains { $0.subject.name == "王浩" && $0.predicate == .visited && $0.object.name == "衡山" },
                "\(extraction.triples)")
    }

    @Test("roles: a company's name with its place in brackets goes on past the brackets into the title")
    func bracketedPlaceInTitle() {
        assertExtraction(
            "⟦role:台湾川奇光电科技(扬州)有限公司总经理⟧⟦person:许明哲⟧表示，将扩大投资。",
            facts: ["许明哲\tholds_role\t台湾川奇光电科技(扬州)有限公司总经理"],
            absent: ["许明哲\tholds_role\t有限公司总经理"])
    }

    @Test("visits: a site named by its suffix ends before an adverb or a verb (登上拖山岛实地察看)")
    func siteEndsBeforeAdverb() {
        assertExtraction(
            "⟦role:副省长⟧⟦person:张三⟧登上⟦place:拖山岛⟧实地察看清淤工程建设情况。",
            facts: ["张三\tvisited\t拖山岛"])
    }

    @Test("names: a common word (公司), a surname and an office (向记者), a surname and an office as an address (王书记来了) or a conjunction before an office (和市长) is no name; 正在 ends a given name")
    func wordsThatAreNoNames() {
        let extraction = Shared.extractor.extract(
            "标题\n在一家机械企业，公司副总经理向记者介绍，公司今年扩大了生产。“王书记来了。”村民们围了上来。州长和市长等出席开幕式。主席关于祖国统一的主张深入人心。")
        #expect(!extraction.mentions.contains { $0.entity.kind == .person }, "\(extraction.mentions)")
        // A name with the surname 和 after a title stands; 正在 after a name is no part of it.
        assertExtraction(
            "⟦role:副省长⟧⟦person:和晓雯⟧主持会议。厂里的职工和⟦role:市长⟧⟦person:张海⟧正在参加联欢会。",
            facts: ["和晓雯\tholds_role\t副省长", "张海\tholds_role\t市长"],
            absent: ["张海正\tholds_role\t市长", "张海\tholds_role\t职工和市长"])
    }

    @Test("names: a person's name before 理论, 思想 or 主义 is part of a doctrine's name and no mention of the person")
    func doctrineNames() {
        let extraction = Shared.extractor.extract("标题\n市长王浩出席会议并讲话。会议强调，要以王浩思想为指导。王浩指出，要加快发展。")
        let persons = extraction.mentions.filter { $0.entity.kind == .person && $0.entity.name == "王浩" }
        #expect(persons.count == 2, "\(persons)")
        #expect(!persons.contains { $0.span.start == 22 }, "\(persons)")
    }

    @Test("visits: a site ends before a word of speech (参观X集团时强调), the list stops at 与 (前往X与会), a known place runs over 及, a name joined by 与 to a suffixed part is one, a demonstrative is no site")
    func siteItemEnds() {
        assertExtraction(
            "⟦role:市长⟧⟦person:王浩⟧在⟦place:长沙⟧参观⟦organization:星河集团⟧时强调加快发展信息产业。",
            facts: ["王浩\tvisited\t星河集团"])
        assertExtraction(
            "⟦role:总理⟧⟦person:王浩⟧前往⟦place:阿尔及利亚⟧。⟦person:王浩⟧前往⟦place:里加⟧与会。",
            facts: ["王浩\tvisited\t阿尔及利亚", "王浩\tvisited\t里加"],
            absent: ["王浩\tvisited\t阿尔", "王浩\tvisited\t里加与会"])
        assertExtraction(
            "⟦role:副省长⟧⟦person:王浩⟧先后到⟦organization:网络通信与安全紫金山实验室⟧和⟦organization:星河工业云体验中心⟧，考察技术研发。",
            facts: ["王浩\tvisited\t网络通信与安全紫金山实验室", "王浩\tvisited\t星河工业云体验中心"])
        // A demonstrative (这里, 当地) is no site and no part of one.
        let extraction = Shared.extractor.extract("标题\n剧组来到这里与老将军一起度过春节。市长王浩又参观当地创科产业，领略合作成果。")
        #expect(!extraction.mentions.contains { $0.entity.kind != .person && $0.entity.kind != .role }, "\(extraction.mentions)")
        // A one-character adverb before a verb is no part of the name before it (王浩又参观).
        #expect(extraction.mentions.filter { $0.entity.kind == .person }.map(\.entity.name) == ["王浩"], "\(extraction.mentions)")
    }

    @Test("dates: a month (and day) after 今年, 去年 or 明年 is a date, resolved from the publication date when a day is written")
    func relativeYearDates() {
        let extraction = Shared.extractor.extract("标题\n2024-05-20 10:00:00\n横琴今年3月封关运行。去年12月5日，王浩出席会议。今年是关键一年。")
        #expect(extraction.dates.map(\.surface) == ["2024-05-20 10:00:00", "今年3月", "去年12月5日"])
        #expect(extraction.dates.map(\.entity.name) == ["2024-05-20", "今年3月", "2023-12-05"])
    }

    @Test("places: a known name that starts inside a place the model reads and runs past it (海地 of 波罗的海地区) is none")
    func knownPlaceStraddlingAModelPlace() {
        let extraction = Shared.extractor.extract("标题\n俄方近日在波罗的海地区举行演习。海地总统出席会议。")
        let places = extraction.mentions.filter { $0.entity.kind == .place }.map { "\($0.entity.name)@\($0.span.start)" }
        #expect(places == ["波罗的海@8", "海地@19"], "\(places)")
    }

    @Test("places: an item listed after a place ends where the place the model reads there ends (渤海、黄海有5级大风)")
    func listedPlaceEndsWithTheModel() {
        let extraction = Shared.extractor.extract("标题\n明天渤海、黄海有5级大风。")
        let places = extraction.mentions.filter { $0.entity.kind == .place }.map(\.entity.name)
        #expect(places == ["渤海", "黄海"], "\(places)")
    }

    @Test("names: a name found by its suffix reaches back no further than a verb of policy (审议, 带动, 赋予, 紧扣)")
    func suffixNamesStopAtPolicyVerbs() {
        let extraction = Shared.extractor.extract("标题\n会议审议横琴粤澳深度合作区建设方案。要紧扣中央赋予合作区的战略定位，牵引带动合作区建设。")
        let names = Set(extraction.mentions.filter { $0.entity.kind == .initiative }.map(\.entity.name))
        #expect(names == ["横琴粤澳深度合作区"], "\(names)")
    }

    @Test("names: the start of a name the rules found (王浩 of 王浩中, where an excerpt is cut) is that name cut short, no other person")
    func cutNameIsNoOtherPerson() {
        let extraction = Shared.extractor.extract("标题\n市长王浩中出席会议并讲话。会前，王浩")
        #expect(extraction.names(.person) == ["王浩中"], "\(extraction.entities)")
    }

    @Test("names: a short name in title marks ending in 报 or 杂志 is a publication (《明报》), a report (《全会公报》) a document unless the whole name is a word of its own (《文汇报》)")
    func publicationsInTitleMarks() {
        let extraction = Shared.extractor.extract("标题\n《明报》、《新京报》、《文汇报》和《南方周刊》记者到场。会议通过了《全会公报》和《合作区建设方案》，印发《公报》。")
        let kinds = extraction.mentions.filter { $0.rule == "document.book-title-marks" }.map { "\($0.entity.name):\($0.entity.kind.rawValue)" }
        #expect(kinds == ["明报:organization", "新京报:organization", "文汇报:organization", "南方周刊:organization", "全会公报:document", "合作区建设方案:document", "公报:document"], "\(kinds)")
    }

    @Test("names: 共同体, 发展带 and 专项基金 end programmes; 青联 and 妇联 end organizations after a place; 中央政府 is a known organization")
    func programmeAndPeoplesOrganizationSuffixes() {
        let extraction = Shared.extractor.extract(
            "标题\n双方愿助力湄南共同体建设，深化湄南流域经济发展带合作，在湄南合作专项基金框架下设立项目。成都青联和成都妇联发起成立中心。在中央政府支持下，两地合作加快。")
        let names = Set(extraction.mentions.filter { [.initiative, .organization].contains($0.entity.kind) }.map { "\($0.entity.name):\($0.entity.kind.rawValue)" })
        #expect(names.isSuperset(of: ["湄南共同体:initiative", "湄南流域经济发展带:initiative", "湄南合作专项基金:initiative", "成都青联:organization", "成都妇联:organization", "中央政府:organization"]), "\(names)")
    }

    @Test("roles: an organization followed by 驻 in a title is the start of its office's name (外交部驻香港特派员公署), no organization of its own")
    func organizationPostedToAPlace() {
        let extraction = Shared.extractor.extract("标题\n外交部驻香港特派员公署特派员岑立峰、商务部副部长王浩出席会议。")
        let organizations = extraction.names(.organization)
        #expect(organizations.contains("商务部") && !organizations.contains("外交部"), "\(organizations)")
    }

    @Test("participation: a verb chained to the cue before it (共同主持会议并讲话) has the same subjects, titled names in the clause before too")
    func chainedVerbSharesItsSubjects() {
        let extraction = Shared.extractor.extract(
            "标题\n合作区管理委员会第二次会议在广州召开。省长、合作区管委会主任王浩，行政长官、合作区管委会主任须一鸣共同主持会议并讲话。")
        let speakers = Set(extraction.triples.filter { $0.predicate == .spokeAt }.map(\.subject.name))
        let presiders = Set(extraction.triples.filter { $0.predicate == .presided }.map(\.subject.name))
        #expect(presiders == ["王浩", "须一鸣"], "\(extraction.triples)")
        #expect(speakers == ["王浩", "须一鸣"], "\(extraction.triples)")
    }

    @Test("participation: whose words are reported (王浩表示) after taking part in an event spoke at the last event told before the words")
    func reportedSpeechIsSpeakingAtTheEvent() {
        let extraction = Shared.extractor.extract(
            "标题\n须一鸣指出，要优化营商服务。\n市长王浩出席全市招商大会。副市长须一鸣主持会议。\n王浩表示，要加快项目建设。\n记者李明了解到，项目进展顺利。王浩还出席了项目签约仪式。")
        let speakers = extraction.pairs(.spokeAt)
        #expect(speakers == ["王浩→全市招商大会"], "\(extraction.triples)")
        let evidence = extraction.facts.first { $0.triple.predicate == .spokeAt }?.evidence.rule
        #expect(evidence == "participation.reported-speech")
    }

    @Test("events: an event a cue names only as referred to (通报了…会议以来) is an event nobody reports at; the cue falls back on the article's event")
    func referredEventAfterACue() {
        let extraction = Shared.extractor.extract(
            "标题\n全省政协工作交流会在长沙召开。副主席王浩通报了中央政协工作会议以来全省政协主要工作情况。")
        let events = extraction.names(.event)
        #expect(events == ["全省政协工作交流会", "中央政协工作会议"], "\(events)")
        let reported = extraction.pairs(.reportedAt)
        #expect(reported == ["王浩→全省政协工作交流会"], "\(extraction.triples)")
    }

    @Test("events: an event after 贯彻 or 传达 (学习贯彻党的二十大…精神) is not held on the date of the sentence; 协商会 ends a meeting's name")
    func eventAfterAReferringVerbIsNotHeldThere() {
        let extraction = Shared.extractor.extract(
            "标题\n发布时间：2023-05-09\n5月8日上午，省政协在南昌召开专题协商会，深入学习贯彻党的二十大和总书记重要讲话精神。")
        let heldOn = extraction.pairs(.heldOn)
        #expect(heldOn == ["专题协商会→2023-05-08"], "\(extraction.triples)")
    }

    @Test("names: China and a partner country written together (中德合作, 中美) are no person; 参加会见 takes part in no event")
    func countryPairsAndTakingPartInAMeeting() {
        let extraction = Shared.extractor.extract(
            "标题\n9日上午，市长王浩会见了德国驻沈阳总领事安娜·韦伯一行。中德产业园已成为中德合作的重要平台。秘书长须一鸣参加会见。\n当天下午，中德企业合作座谈会在沈阳召开。安娜·韦伯出席并致辞。")
        let persons = extraction.names(.person)
        #expect(persons == ["王浩", "安娜·韦伯", "须一鸣"], "\(persons)")
        let attended = Set(extraction.triples.filter { $0.predicate == .attended }.map(\.subject.name))
        #expect(attended == ["安娜·韦伯"], "\(extraction.triples)")
        #expect(extraction.entities.contains(EntityRef(.event, "中德企业合作座谈会")))
    }

    @Test("participation: 作了关于…的说明 (or 报告) at the end of a clause is a report given at the meeting; 作了关于…的指示 is none")
    func reportGivenAtTheMeeting() {
        let extraction = Shared.extractor.extract(
            "标题\n省人大常委会第十六次会议在长沙开幕。副省长王浩作了关于《乡村振兴促进条例》的说明；厅长须一鸣受省政府委托，作了关于全省环境状况的报告。总书记作了关于生态保护的重要指示。")
        let reported = Set(extraction.pairs(.reportedAt))
        #expect(reported == ["王浩→省人大常委会第十六次会议", "须一鸣→省人大常委会第十六次会议"], "\(extraction.triples)")
    }

    @Test("roles: a listed name the name grammar refuses (a given name that is also a word) keeps the shared title when the model reads a person there or it is a whole item of a surname and one or two characters, and so do the names after it")
    func listedNameTheModelReadsKeepsTheSharedTitle() {
        let extraction = Shared.extractor.extract("标题\n全国政协副主席张明、通刚刚、李华强、卞宏勇出席会议。")
        let holders = Set(extraction.triples.filter { $0.predicate == .holdsRole && $0.object.name == "全国政协副主席" }.map(\.subject.name))
        #expect(holders == ["张明", "通刚刚", "李华强", "卞宏勇"], "\(extraction.triples)")
    }

    @Test("sites: a museum, memorial hall or exhibition hall is a place; a list item that is one common word (大棚, 车间) is no site, unless a name in the text begins with it")
    func venuesArePlacesAndGenericItemsAreNoSites() {
        let extraction = Shared.extractor.extract(
            "标题\n王浩一行参观了瑞金革命纪念馆、南湖区规划展厅，走进大棚、车间。横琴粤澳深度合作区成立三年。市长须一鸣来到横琴、车间。")
        let places = extraction.names(.place)
        #expect(places.isSuperset(of: ["瑞金革命纪念馆", "南湖区规划展厅", "横琴"]), "\(places)")
        let visited = Set(extraction.triples.filter { $0.predicate == .visited }.map(\.object.name))
        #expect(visited.isDisjoint(with: ["大棚", "车间"]), "\(extraction.triples)")
        #expect(visited == ["瑞金革命纪念馆", "南湖区规划展厅", "横琴"], "\(extraction.triples)")
        #expect(!extraction.entities.contains { $0.kind == .organization && $0.name.hasSuffix("纪念馆") })
    }

    @Test("visits: 深入 before sites it names (深入X合作社、Y村) is a visit; 深入学习, 深入实施…, 深入农村 are none")
    func goingDeepIntoNamedSitesIsAVisit() {
        let extraction = Shared.extractor.extract(
            "标题\n市长王浩一行先后深入青山县星河蜜瓜种植专业合作社、南湖镇红旗村，走进大棚。会议要求深入学习贯彻会议精神，深入实施乡村振兴战略，深入农村。")
        let visited = Set(extraction.triples.filter { $0.predicate == .visited }.map(\.object.name))
        #expect(visited == ["青山县星河蜜瓜种植专业合作社", "南湖镇红旗村"], "\(extraction.triples)")
    }

    @Test("places: one-character short forms of countries and provinces listed alone (同日、韩、欧盟等, 京、津、冀三地) or after a place opener (访日期间) are places; 同日， and 老、中、青 are none")
    func shortFormListsArePlaces() {
        let extraction = Shared.extractor.extract(
            "标题\n王浩表示，积极探讨同日、韩、欧盟等开展第三方合作。同日，须一鸣访日期间会见了友人。京、津、冀三地加强协作。老、中、青三代人。")
        let places = extraction.mentions.filter { $0.entity.kind == .place }.map { "\($0.entity.name)@\($0.span.start)" }
        #expect(places == ["日本@13", "韩国@15", "日本@35", "北京@44", "天津@46", "河北@48"], "\(places)")
    }

    @Test("places: a county's short form right after a place above it is one place (福建上杭, 江苏昆山); 福建上杭县 names the county, 广东惠州 two places")
    func countyShortFormAfterItsProvince() {
        let extraction = Shared.extractor.extract("标题\n王浩，男，汉族，1956年11月生，福建上杭人。须一鸣到江苏昆山、福建上杭县调研。广东惠州。")
        let places = extraction.mentions.filter { $0.entity.kind == .place }.map(\.entity.name)
        #expect(places == ["福建上杭", "江苏昆山", "福建", "上杭县", "广东", "惠州"], "\(places)")
    }

    @Test("places: a river the model reads, a place and 段 are one place, the stretch (长江南京段)")
    func stretchOfARiverIsOnePlace() {
        let extraction = Shared.extractor.extract("标题\n王浩了解长江南京段水污染治理情况，考察黄河兰州段。")
        let places = extraction.mentions.filter { $0.entity.kind == .place }.map(\.entity.name)
        #expect(places == ["长江南京段", "黄河兰州段"], "\(places)")
    }

    @Test("places: a region of cities (…大湾区) is a place, which a speech still promotes (推进X大湾区建设); an initiative stays one")
    func regionOfCitiesIsAPlaceThatASpeechPromotes() {
        let extraction = Shared.extractor.extract(
            "标题\n省长王浩出席会议并讲话。王浩强调，要推进环渤海大湾区建设，加快建设青山自由贸易试验区。")
        #expect(extraction.entities.contains(EntityRef(.place, "环渤海大湾区")), "\(extraction.entities)")
        #expect(!extraction.entities.contains(EntityRef(.initiative, "环渤海大湾区")))
        let promoted = Set(extraction.triples.filter { $0.predicate == .promotes }.map(\.object.name))
        #expect(promoted == ["环渤海大湾区", "青山自由贸易试验区"], "\(extraction.triples)")
    }

    @Test("referred phrases: a visit or speech named between a referring verb and 精神 (学习贯彻…视察广东重要讲话精神) is no fact, and its person no subject of the next cue")
    func referredVisitsAndSpeechesAreNoFacts() {
        let extraction = Shared.extractor.extract(
            "标题\n5月8日，全省改革工作会议在广州召开，深入学习贯彻习近平总书记视察广东重要讲话重要指示精神，听取有关情况汇报。省长王浩主持会议并讲话。")
        let facts = extraction.triples.filter { $0.predicate != .holdsRole }.map { "\($0.subject.name) \($0.predicate.rawValue) \($0.object.name)" }
        #expect(facts.sorted() == [
            "全省改革工作会议 held_in 广州", "王浩 presided 全省改革工作会议", "王浩 spoke_at 全省改革工作会议",
        ], "\(facts)")
    }

    @Test("event references: 相关活动 refers back to an event named before it, never to one named after; 会议 still does")
    func vagueActivitiesReferBackOnly() {
        let before = Shared.extractor.extract(
            "标题\n外交部驻澳门特派员公署特派员刘海等出席相关活动。参访团出席2024青山全球招商推介会。“希望各位发挥桥梁作用。”刘海表示。")
        #expect(before.triples.filter { $0.predicate != .holdsRole }.isEmpty, "\(before.triples)")
        let after = Shared.extractor.extract("标题\n2024青山全球招商推介会在青山举行。省长王浩出席相关活动。")
        #expect(after.triples.contains(Triple(EntityRef(.person, "王浩"), .attended, .entity(EntityRef(.event, "2024青山全球招商推介会")))),
                "\(after.triples)")
        let meeting = Shared.extractor.extract("全省工作会议召开\n省长王浩出席会议。")
        #expect(meeting.triples.contains { $0.predicate == .attended && $0.subject.name == "王浩" }, "\(meeting.triples)")
    }

    @Test("persons: the last part of a foreign name written in full (安娜·韦伯 … 韦伯) names the same person, and 和 after one is no part of it; a visit verb after 的 (的到访) is a noun with no site")
    func foreignNamesShortenedAndNominalVisits() {
        let extraction = Shared.extractor.extract(
            "标题\n市长王浩会见了德国驻青山总领事安娜·韦伯一行。王浩对韦伯总领事一行的到访表示欢迎。韦伯表示，愿加强合作。")
        let persons = extraction.names(.person)
        #expect(persons == ["王浩", "安娜·韦伯"], "\(persons)")
        #expect(!extraction.entities.contains { $0.name == "表示欢迎" }, "\(extraction.entities)")
        #expect(!extraction.triples.contains { $0.predicate == .visited }, "\(extraction.triples)")
        // Two full names that end alike leave the short one alone.
        let two = Shared.extractor.extract("标题\n市长王浩会见了安娜·韦伯、彼得·韦伯。韦伯表示，愿加强合作。")
        #expect(!two.mentions.contains { $0.entity.name.hasSuffix("·韦伯") && $0.surface == "韦伯" }, "\(two.mentions)")
        // A foreign name the model reads into the conjunction after it ends before it.
        let joined = Shared.extractor.extract("标题\n市长王浩会见了安娜·韦伯和彼得·韦伯。")
        let met = Set(joined.triples.filter { $0.predicate == .metWith }.map(\.object.name))
        #expect(met == ["安娜·韦伯", "彼得·韦伯"], "\(joined.triples)")
    }

    @Test("visits: an item or name written with generic-site words alone (企业研发中心, 研发实验室) names no site")
    func genericWordsInARowNameNoSite() {
        let extraction = Shared.extractor.extract("标题\n市长王浩走进企业研发中心、青山生物科技有限公司，仔细察看研发实验室。")
        let visited = Set(extraction.triples.filter { $0.predicate == .visited }.map(\.object.name))
        #expect(visited == ["青山生物科技有限公司"], "\(extraction.triples)")
        #expect(!extraction.entities.contains { $0.name == "研发实验室" || $0.name == "企业研发中心" }, "\(extraction.entities)")
    }

    @Test("persons: the side of a country in talks (哈方愿…, 中方) is no person")
    func sidesOfTalksAreNoPersons() {
        let extraction = Shared.extractor.extract("标题\n哈萨克斯坦驻港总领事赛塔肯诺夫表示，哈方愿积极用好独特优势。中方欢迎各国企业。")
        let persons = extraction.names(.person)
        #expect(persons == ["赛塔肯诺夫"], "\(persons)")
    }

    @Test("roles: a function word that begins a word of the title (和平, 同胞, 同乡) does not cut it; 同 before a country still does")
    func functionWordInsideATitleWord() {
        let extraction = Shared.extractor.extract(
            "标题\n中国和平发展促进会会长张立新、青山县台湾同胞联谊会会长刘春明、东京福建同乡会副会长陈家宁出席座谈会。他曾同德国总理舒尔茨通电话。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.isSuperset(of: [
            "张立新\tholds_role\t中国和平发展促进会会长", "刘春明\tholds_role\t青山县台湾同胞联谊会会长",
            "陈家宁\tholds_role\t东京福建同乡会副会长", "舒尔茨\tholds_role\t德国总理",
        ]), "\(roles)")
    }

    @Test("roles: words before a country that are no title (他批评, 密切注视) do not join it; one character (前) does")
    func wordsBeforeACountryInATitle() {
        let extraction = Shared.extractor.extract(
            "标题\n发言人王浩批评美国国务卿蓬佩奥的言论。他们正密切注视俄罗斯外长拉夫罗夫的访问。前美国总统卡特出席。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.isSuperset(of: [
            "蓬佩奥\tholds_role\t美国国务卿", "拉夫罗夫\tholds_role\t俄罗斯外长", "卡特\tholds_role\t前美国总统",
        ]), "\(roles)")
        #expect(!roles.contains { $0.contains("批评") || $0.contains("注视") }, "\(roles)")
    }

    @Test("names: a given name ending with 等 is none (总统卫队等); Han characters up to a name dot begin a transliterated name")
    func noNameEndingWithDengAndDottedNames() {
        let guards = Shared.extractor.extract("标题\n打击目标包括伊拉克的总统卫队等。")
        #expect(!guards.mentions.contains { $0.entity.kind == .person }, "\(guards.mentions)")
        assertExtraction(
            "标题\n⟦role:新疆维吾尔自治区主席⟧⟦person:努尔兰·阿不都满金⟧出席⟦event:新春团拜会⟧。",
            facts: ["努尔兰·阿不都满金\tholds_role\t新疆维吾尔自治区主席", "努尔兰·阿不都满金\tattended\t新春团拜会"])
    }

    @Test("events: a day and 的 before an event word (今天的座谈会) are no part of its name; a kind of three characters (座谈会) names an event of its own")
    func dayBeforeAnEventWord() {
        let extraction = Shared.extractor.extract("标题\n市长王浩、副市长刘春明出席了今天的座谈会。")
        let attended = extraction.triples(.attended)
        #expect(attended == ["王浩\tattended\t座谈会", "刘春明\tattended\t座谈会"], "\(extraction.triples)")
    }

    @Test("events: what comes before 举行 in a name after a cue (…三周年校友举行座谈会) is no part of it; 纪念 and 重温 refer to a speech given before")
    func heldCueInsideAnEventNameAndCommemoratedSpeeches() {
        let extraction = Shared.extractor.extract(
            "纪念王浩校长重要讲话发表三周年校友举行座谈会\n校友会会长刘春明主持座谈会。大家重温王浩校长重要讲话的精神。")
        let events = extraction.names(.event)
        #expect(!events.contains { $0.contains("举行") }, "\(events)")
        #expect(extraction.triples.map(\.description).contains("刘春明\tpresided\t座谈会"), "\(extraction.triples)")
        #expect(!extraction.triples.contains { $0.predicate == .spokeAt }, "\(extraction.triples)")
    }

    @Test("sites: a clause that ends one character after 在 (大使李明在座。) leaves no room for a site, and extraction goes on")
    func clauseEndingAfterZai() {
        let extraction = Shared.extractor.extract("标题\n会见时大使李明在座。市长王浩出席座谈会。")
        #expect(extraction.triples.map(\.description).contains("王浩\tattended\t座谈会"), "\(extraction.triples)")
        #expect(!extraction.triples.contains { $0.predicate == .visited }, "\(extraction.triples)")
    }

    @Test("roles: 应, 有 and a conjunction that open a title's segment, and a dateline before it, are no part of it; 应 of 应急管理部 is")
    func wordsOpeningATitle() {
        let extraction = Shared.extractor.extract(
            "标题\n新华社北京一月二十三日电国务院副总理王浩今天会见了客人。应泰国总理川·立派的邀请，代表团将访泰。出席的有贝宁外交部长奥绍和埃及外长穆萨。应急管理部部长刘春明出席。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.isSuperset(of: [
            "王浩\tholds_role\t国务院副总理", "川·立派\tholds_role\t泰国总理", "奥绍\tholds_role\t贝宁外交部长",
            "刘春明\tholds_role\t应急管理部部长",
        ]), "\(roles)")
        #expect(!roles.contains { $0.contains("电") || $0.contains("\t应泰") || $0.contains("\t有") }, "\(roles)")
    }

    @Test("names: an office that runs on into a longer word (主席国时) has no name after it")
    func officeInsideALongerWord() {
        let extraction = Shared.extractor.extract("标题\n他谈到中国担任安理会轮值主席国时的工作。")
        #expect(!extraction.mentions.contains { $0.entity.kind == .person }, "\(extraction.mentions)")
    }

    @Test("events: a name after a cue starts after a verb and 的 in it (在京举行的…, 由市政府主办的…); 今晚 counts from the publication date")
    func verbAndDeBeforeAnEventName() {
        let extraction = Shared.extractor.extract(
            "标题\n2025年3月1日\n市长王浩出席了在京举行的全国统计工作会议。副市长刘春明出席了由市政府主办的迎春招待会。市委书记李明出席今晚茶话会。")
        let attended = extraction.triples(.attended)
        #expect(attended == ["王浩\tattended\t全国统计工作会议", "刘春明\tattended\t迎春招待会", "李明\tattended\t茶话会"], "\(extraction.triples)")
    }

    @Test("dates: the date of a dateline that ends with 讯 is when the report was filed, not when the event was held")
    func datelineEndingWithXun() {
        let extraction = Shared.extractor.extract(
            "全市工作会议开幕\n发布时间：2025-05-27\n青山日报青山5月27日讯（记者 王浩）全市工作会议26日上午在青山开幕。")
        let dates = Set(extraction.triples.filter { $0.predicate == .heldOn }.map(\.object.name))
        #expect(dates == ["2025-05-26"], "\(extraction.triples)")
    }

    @Test("names: no given name begins an idiom running past it (都一以贯之), holds a particle or 们 (包括了, 经理们), or begins a posting (首任驻华大使); a name the model reads whole stands before any word")
    func implausibleGivenNames() {
        let extraction = Shared.extractor.extract(
            "标题\n历届法国总统都一以贯之。厂长经理们出席了会议。戴克瑞为首任驻华大使。总理周恩来依照惯例会见了他们。新一届政协委员包括了各界人士。")
        let persons = Set(extraction.mentions.filter { $0.entity.kind == .person }.map(\.entity.name))
        #expect(persons.isDisjoint(with: ["都一", "经理们", "任驻华", "包括了"]), "\(persons)")
        #expect(persons.contains("周恩来") && !persons.contains("周恩"), "\(persons)")
    }

    @Test("roles: a function word inside a country's name (及 of 阿尔及利亚) does not cut the title")
    func functionWordInsideACountry() {
        assertExtraction(
            "标题\n⟦role:阿尔及利亚外长⟧⟦person:阿塔夫⟧出席⟦event:招待会⟧。",
            facts: ["阿塔夫\tholds_role\t阿尔及利亚外长"])
    }

    @Test("organizations: 梦工场, 俱乐部, 联谊会 and 同乡会 end names of organizations")
    func moreOrganizationSuffixes() {
        let extraction = Shared.extractor.extract("标题\n市长王浩随后到青山青年梦工场参观，又走进青山围棋俱乐部。")
        let visited = Set(extraction.triples.filter { $0.predicate == .visited }.map(\.object.name))
        #expect(visited == ["青山青年梦工场", "青山围棋俱乐部"], "\(extraction.triples)")
        let organizations = extraction.names(.organization)
        #expect(organizations.isSuperset(of: ["青山青年梦工场", "青山围棋俱乐部"]), "\(organizations)")
    }

    @Test("events: a stage and an event word after a cue (开幕典礼, 闭幕会议) refer to the named event ending with the word")
    func stageAndEventWordReferBack() {
        let ceremony = Shared.extractor.extract("标题\n第三届青山国际博览会开幕典礼昨日上午举行。出席开幕典礼的嘉宾还有市长王浩。")
        #expect(ceremony.triples.map(\.description).contains("王浩\tattended\t第三届青山国际博览会开幕典礼"), "\(ceremony.triples)")
        let session = Shared.extractor.extract("标题\n青山市第九届人民代表大会第一次会议今天闭幕。市长王浩主持闭幕会议。")
        #expect(session.triples.map(\.description).contains("王浩\tpresided\t青山市第九届人民代表大会第一次会议"), "\(session.triples)")
    }

    @Test("visits: a plural subject or adverbs before 在 and a site with a verb of being there (二人还在…了解, 王浩随后在…察看)")
    func presenceAfterPluralSubjectsAndAdverbs() {
        let extraction = Shared.extractor.extract(
            "标题\n省长王浩和市长李明随后来到青山市。二人还在青山海事法院了解案件审理情况。王浩随后在青山港务集团察看码头。")
        let visits = extraction.triples(.visited)
        #expect(visits.isSuperset(of: [
            "王浩\tvisited\t青山海事法院", "李明\tvisited\t青山海事法院", "王浩\tvisited\t青山港务集团",
        ]), "\(visits)")
        #expect(!visits.contains("李明\tvisited\t青山港务集团"), "\(visits)")
    }

    @Test("participation: 出席会议的还有 and a list of names, with no group word (嘉宾) between 的 and 还有")
    func guestListWithoutGroupWord() {
        let extraction = Shared.extractor.extract("标题\n全省工作会议在长沙召开。出席会议的还有省领导谢卫江、王一鸥、杨浩东。")
        let attended = extraction.triples(.attended)
        #expect(attended == [
            "谢卫江\tattended\t全省工作会议", "王一鸥\tattended\t全省工作会议", "杨浩东\tattended\t全省工作会议",
        ], "\(extraction.triples)")
    }

    @Test("meetings: A与B举行会谈, with nobody after the cue: the first of the joined subjects met the other")
    func talksBetweenJoinedSubjects() {
        let extraction = Shared.extractor.extract("标题\n市委书记李明与新加坡驻华大使吴家鸿举行会谈。")
        let met = extraction.triples(.metWith)
        #expect(met == ["李明\tmet_with\t吴家鸿"], "\(extraction.triples)")
    }

    @Test("events: a headline's short form of an event (粤港合作联席会议) is the event whose name it begins (…第二十三次会议); 王伟中共同 keeps its name")
    func headlineShortFormOfAnEvent() {
        let extraction = Shared.extractor.extract(
            "行政长官出席粤港合作联席会议\n2023-08-10\n行政长官李家超今日在广州与广东省省长王伟中共同主持粤港合作联席会议第二十三次会议。政务司司长陈国基亦有出席。")
        let events = extraction.names(.event)
        #expect(events == ["粤港合作联席会议第二十三次会议"], "\(events)")
        let facts = Set(extraction.triples.map(\.description))
        #expect(facts.isSuperset(of: [
            "王伟中\tpresided\t粤港合作联席会议第二十三次会议", "陈国基\tattended\t粤港合作联席会议第二十三次会议",
        ]), "\(facts)")
        #expect(extraction.aliases.contains { $0.alias == "粤港合作联席会议" }, "\(extraction.aliases)")
    }

    @Test("organizations: 主办 after a name is no suffix 办 (…管理局主办), nor is 数据 a place to cut a name")
    func organizerVerbAfterAName() {
        let extraction = Shared.extractor.extract("标题\n会议由贵州省大数据发展管理局主办。青山大数据集团董事长王浩出席。")
        let organizations = extraction.names(.organization)
        #expect(organizations.isSuperset(of: ["贵州省大数据发展管理局", "青山大数据集团"]), "\(organizations)")
        #expect(!organizations.contains { $0.hasSuffix("主办") }, "\(organizations)")
    }

    @Test("roles: 以 of 以…为团长 opens a title (以政务司司长陈国基为团长), 以 of 以色列 does not")
    func yiOpensATitle() {
        let extraction = Shared.extractor.extract("标题\n副总理何立峰会见以政务司司长陈国基为团长的代表团。以色列总理内塔尼亚胡出席。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.isSuperset(of: ["陈国基\tholds_role\t政务司司长", "内塔尼亚胡\tholds_role\t以色列总理"]), "\(roles)")
    }

    @Test("events: a demonstrative after a cue (出席了这次活动, 这项欢庆活动) refers back to an event named before; a preposition after a cue (出席为…举行的…) is no part of a name")
    func demonstrativesAndPrepositionsAfterACue() {
        let extraction = Shared.extractor.extract(
            "标题\n青山文化节开幕式暨欢庆活动昨日举行。市长王浩出席了这项欢庆活动。副市长刘春明参加了这次活动。")
        let attended = extraction.triples(.attended)
        #expect(attended == ["王浩\tattended\t青山文化节开幕式暨欢庆活动", "刘春明\tattended\t青山文化节开幕式暨欢庆活动"], "\(extraction.triples)")
        let events = extraction.names(.event)
        #expect(!events.contains { $0.hasPrefix("这") }, "\(events)")
    }

    @Test("events: a quoted part an event's name goes on after is part of the name (参加“一带一路”植树活动启动仪式); a name that ends inside the quotes is the quoted name alone")
    func quotedPartOfAnEventName() {
        let extraction = Shared.extractor.extract("标题\n副总理丁薛祥在线参加“一带一路”植树活动启动仪式。市长王浩出席“青山国际博览会”。")
        let attended = extraction.triples(.attended)
        #expect(attended == ["丁薛祥\tattended\t“一带一路”植树活动启动仪式", "王浩\tattended\t青山国际博览会"], "\(extraction.triples)")
    }

    @Test("meetings: a verb of visiting before 的 describes who is met (会见到访的…, 正在这里访问的…); it is no visit")
    func attributiveVisitVerb() {
        let extraction = Shared.extractor.extract(
            "标题\n行政长官岑浩辉昨日在政府总部会见到访的广东省委书记黄坤明一行。国王哈桑会见了正在这里访问的中国国务院副总理钱其琛。")
        let met = extraction.triples(.metWith)
        #expect(met == ["岑浩辉\tmet_with\t黄坤明", "哈桑\tmet_with\t钱其琛"], "\(extraction.triples)")
        #expect(!extraction.triples.contains { $0.predicate == .visited }, "\(extraction.triples)")
    }

    @Test("places: a known place that a longer common word holds or crosses (发展中国家, 情怀 of 情怀化为) is none unless the model reads a place there (湖南省长沙市)")
    func placeReadIntoACommonWord() {
        let extraction = Shared.extractor.extract("标题\n青山市将继续帮助发展中国家。他的高尚情怀化为行动。市长王浩在湖南省长沙市调研。")
        let places = extraction.names(.place)
        #expect(!places.contains("中国") && !places.contains("怀化"), "\(places)")
        #expect(places.contains("长沙"), "\(places)")
    }

    @Test("places: a known place that is a common word too (日照) anchors no list of common words (气候、土壤、日照); a plain one does (横琴、前海、南沙)")
    func ambiguousAnchorOfAList() {
        let extraction = Shared.extractor.extract("标题\n这里气候、土壤、日照等条件适宜。王浩考察横琴、前海、南沙三大平台。")
        let places = extraction.names(.place)
        #expect(!places.contains("气候") && !places.contains("土壤"), "\(places)")
        #expect(places.isSuperset(of: ["横琴", "前海"]), "\(places)")
    }

    @Test("roles: an office whose end a known place runs across (湖南省长沙市) is no title before a name; 副市长江涛, read as a person by the model, is")
    func officeCrossedByAPlace() {
        let extraction = Shared.extractor.extract("标题\n市长王浩在湖南省长沙市调研。副市长江涛出席。")
        let persons = extraction.names(.person)
        #expect(persons == ["王浩", "江涛"], "\(persons)")
    }

    @Test("persons: a function word after a two-character name the model reads (李晖将会见, 将于) is no part of it, nor of a married name")
    func functionWordAfterAName() {
        let extraction = Shared.extractor.extract("标题\n港澳办主任李晖将会见她。联合国秘书长安南将于下月访华。")
        let persons = extraction.names(.person)
        #expect(persons == ["李晖", "安南"], "\(persons)")
    }

    @Test("persons: a model's name that opens a clause with a surname that is a function word too (于建波等, 向明华说) stands")
    func surnameThatIsAFunctionWord() {
        let extraction = Shared.extractor.extract("标题\n于建波等出席了会议。向明华说，工作要抓实。五年里，于春洋先后走访了农户。")
        let persons = extraction.names(.person)
        #expect(persons == ["于建波", "向明华", "于春洋"], "\(persons)")
    }

    @Test("visits: a visit cue followed by 的 (前来参观的国内外游客) describes what follows and names no site")
    func visitCueBeforeDe() {
        let extraction = Shared.extractor.extract("标题\n市长王浩昨日来到花博园。园内围满了前来参观的国内外游客。")
        let places = extraction.names(.place)
        #expect(!places.contains { $0.hasSuffix("游客") }, "\(places)")
        let visited = extraction.triples(.visited)
        #expect(visited == ["王浩\tvisited\t花博园"], "\(extraction.triples)")
    }

    @Test("persons: after an office that follows a name the model reads (李明华总书记曾讲到), a name needs the model's reading too")
    func officeAfterAModelName() {
        let extraction = Shared.extractor.extract("标题\n他说，李明华总书记曾讲到一句古语。")
        let persons = extraction.names(.person)
        #expect(persons == ["李明华"], "\(persons)")
    }

    @Test("persons: a two-character given name ending with a function word (李涛为副省长) and a one-character one that starts a common word (议员都反对) are none; after a name the model reads short, a common word (发来, 接到) is no part of it")
    func givenNamesThatRunIntoWords() {
        let elected = Shared.extractor.extract("标题\n会议选举王明义、陈全国、李涛为副省长。多数议员都反对撤军。")
        let persons = elected.names(.person)
        #expect(persons == ["王明义", "陈全国", "李涛"], "\(persons)")
        let sent = Shared.extractor.extract("标题\n国务院总理李平发来慰问电。所长王才接到报告。")
        let roles = sent.triples(.holdsRole)
        #expect(roles == ["李平\tholds_role\t国务院总理", "王才\tholds_role\t所长"], "\(roles)")
    }

    @Test("visits: an item after a visit cue without a suffix that holds a person the model reads (来到特困职工胡明娜家中) is no site; one with a suffix (周恩来纪念馆) is")
    func siteHoldingAPerson() {
        let extraction = Shared.extractor.extract("标题\n市长王浩来到特困职工胡明娜家中。王浩还走进周恩来纪念馆。")
        let places = extraction.names(.place)
        #expect(!places.contains { $0.contains("胡明娜") }, "\(places)")
        let visited = extraction.triples(.visited)
        #expect(visited.contains("王浩\tvisited\t周恩来纪念馆"), "\(extraction.triples)")
    }

    @Test("layout: a long line of sentences that opens with a chrome word (编辑李仁臣、…出席了…。) is content, not page chrome")
    func longLineOpeningWithAChromeWord() {
        let extraction = Shared.extractor.extract(
            "编辑李仁臣、国家体委宣传司司长何慧娴等出席了今天的座谈会。他们说，这次座谈会开得很好，大家都很受鼓舞，决心把工作做得更好。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.contains("何慧娴\tholds_role\t国家体委宣传司司长"), "\(extraction.triples)")
        let chrome = Shared.extractor.extract("标题\n正文第一句。\n编辑：王浩")
        #expect(!chrome.triples.contains { $0.subject.name == "王浩" && $0.predicate != .holdsRole }, "\(chrome.triples)")
    }

    @Test("names by suffix: a dateline (…日电), 被, and a person the model reads with words before it end the name before its suffix; a person first, after a function word, starts one (由王建国体育用品有限公司赞助)")
    func suffixNamesStopAtDatelinesAndPersons() {
        let extraction = Shared.extractor.extract(
            "标题\n新华社青山一月十九日电青山市人民检察院今天宣布。由王建国体育用品有限公司赞助。打工者王伟林被民航青山机场公安分局扣留。")
        let names = Set(extraction.entities.filter { $0.kind == .organization || $0.kind == .place }.map(\.name))
        #expect(names.isSuperset(of: ["青山市人民检察院", "王建国体育用品有限公司"]), "\(names)")
        #expect(!names.contains { $0.contains("电") || $0.contains("王伟林") || $0.contains("被") }, "\(names)")
        let persons = extraction.names(.person)
        #expect(persons.contains("王伟林"), "\(persons)")
    }

    @Test("roles: names before their titles run on (受王明华总书记李建国总理委托): each office is its own person's, none a title before the next name; 向 before a name the model reads is no surname (向李建国总理发来); 当选 opens a title")
    func namesBeforeTitlesRunOn() {
        let extraction = Shared.extractor.extract("标题\n受王明华总书记李建国总理委托，刘春明看望了灾民。向李建国总理发来贺电的有多国领导人。陈志强当选青山市人大常委会主任。")
        let roles = extraction.triples(.holdsRole)
        #expect(roles.isSuperset(of: ["王明华\tholds_role\t总书记", "李建国\tholds_role\t总理"]), "\(roles)")
        #expect(!roles.contains { $0.hasPrefix("李建国\tholds_role\t") && $0.contains("总书记") }, "\(roles)")
        let persons = extraction.names(.person)
        #expect(!persons.contains("向李建国") && persons.contains("陈志强"), "\(persons)")
        #expect(!extraction.entities.contains { $0.kind == .role && $0.name.contains("当选") }, "\(extraction.entities)")
    }

    @Test("roles: a name, a verb of taking an office (当选, 出任) and a title make the name's role, also where a headline runs on into the next name (…主任刘春明当选…)")
    func electedToATitle() {
        let headline = Shared.extractor.extract("王建国当选青山市人大常委会主任刘春明当选青山市市长\n青山市人大昨日闭幕。")
        let roles = headline.triples(.holdsRole)
        #expect(roles == ["王建国\tholds_role\t青山市人大常委会主任", "刘春明\tholds_role\t青山市市长"], "\(roles)")
        let body = Shared.extractor.extract("标题\n王浩出任青山集团总经理。刘春明曾经担任青山指挥学院副院长。")
        let bodyRoles = body.triples(.holdsRole)
        #expect(bodyRoles == ["王浩\tholds_role\t青山集团总经理", "刘春明\tholds_role\t青山指挥学院副院长"], "\(bodyRoles)")
        // The verb ends the name found by its suffix (not 担任青山指挥学院).
        let organizations = body.names(.organization)
        #expect(!organizations.contains { $0.contains("担任") || $0.contains("出任") }, "\(organizations)")
    }

    @Test("events: a headline that runs on without a break (举行第二十三次常委会议王浩主持…) ends the event's name at the next person or cue; an event before 作准备 is only referred to")
    func headlineRunsOnIntoTheNextClause() {
        let extraction = Shared.extractor.extract("青山市政协举行第二十三次常委会议王浩主持为政协全会作准备\n本报讯青山市政协今天举行第二十三次常委会议，王浩主持会议。刘春明出席了会议。")
        let facts = Set(extraction.triples.filter { $0.predicate == .presided || $0.predicate == .attended }.map(\.description))
        #expect(facts == ["王浩\tpresided\t第二十三次常委会议", "刘春明\tattended\t第二十三次常委会议"], "\(extraction.triples)")
    }

    @Test("meetings: a meeting clause that goes on to a verb of speech (在会见…代表时强调，…) met no person named in what was said")
    func meetingClauseThenSpeech() {
        let extraction = Shared.extractor.extract("标题\n主任王浩日前在会见先进典型代表时强调，全军要认真贯彻落实刘春明主席的重要指示。")
        #expect(!extraction.triples.contains { $0.predicate == .metWith }, "\(extraction.triples)")
    }

    @Test("sites: a word of position ending a site (钟山脚下) and a verb after it (前往机场送行) are no part of it; a given name never starts with 驻 (到任驻华大使)")
    func siteTailsAndPostings() {
        let extraction = Shared.extractor.extract("标题\n市长王浩来到青山钟山脚下。副市长刘春明前往机场送行。总理李明会见了六国离到任驻华大使。")
        let visited = extraction.triples(.visited)
        #expect(visited == ["王浩\tvisited\t青山钟山", "刘春明\tvisited\t机场"], "\(visited)")
        let persons = extraction.names(.person)
        #expect(persons == ["王浩", "刘春明", "李明"], "\(persons)")
    }

    @Test("events: a dateline without a date (本报讯) opens no event's name; a word that describes an event with 的 (隆重的首播仪式) is no part of it")
    func datelineHeadsAndEventAdjectives() {
        let extraction = Shared.extractor.extract("标题\n本报讯青山企业论坛首届年会１月８日在京召开。省政府今天在青山举行了隆重的首播仪式。")
        let events = extraction.names(.event)
        #expect(events.isSuperset(of: ["青山企业论坛首届年会", "首播仪式"]), "\(events)")
        #expect(!events.contains { $0.hasPrefix("本报") || $0.hasPrefix("隆重") }, "\(events)")
    }
}
