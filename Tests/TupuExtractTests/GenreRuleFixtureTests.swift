import Testing
import TupuExtract
import TupuModel

/// Fixtures for the rules added for forms common in the genre: site lists, national
/// institutions, foreign names, long titles, datelines and bylines.
@Suite struct GenreRuleFixtureTests {
    @Test("site.list-item: every item after a movement verb is a site, kind by suffix")
    func siteListItems() {
        let (fixture, extraction) = assertExtraction(
            "省长⟦person:韩立新⟧前往⟦place:良渚古城遗址⟧、⟦place:西溪湿地⟧和⟦organization:之江实验室⟧，了解情况。",
            facts: ["韩立新\tvisited\t良渚古城遗址", "韩立新\tvisited\t西溪湿地", "韩立新\tvisited\t之江实验室"])
        #expect(extraction.mention(at: fixture.expected[1].span)?.rule == "site.list-item")
        // Topics after 考察 are no sites: 考察了解前海开发开放 names nothing.
        let topics = Shared.extractor.extract("省长韩立新考察了解数字经济、科技创新等方面的情况。")
        #expect(!topics.triples.contains { $0.predicate == .visited })
    }

    @Test("site.list-item: an item starting with a determiner (各展区) is no site")
    func determinerIsNoSite() {
        let extraction = Shared.extractor.extract("省长韩立新来到各展区，了解情况。")
        #expect(!extraction.entities.contains { $0.name == "各展区" })
    }

    @Test("organization.known-name: a national institution named inside a title")
    func nationalInstitutionInsideTitle() {
        assertExtraction(
            "⟦role:⟦organization:商务部⟧副部长⟧⟦person:程海鸥⟧出席并致辞。",
            facts: ["程海鸥\tholds_role\t商务部副部长"])
    }

    @Test("weak suffixes: 市委 inside 市委书记 stays part of the title")
    func partyCommitteeStaysInTitle() {
        let extraction = Shared.extractor.extract("省委常委、杭州市委书记刘捷出席会议。")
        #expect(!extraction.entities.contains(EntityRef(.organization, "杭州市委")))
        #expect(extraction.triples.contains(Triple(EntityRef(.person, "刘捷"), .holdsRole, EntityRef(.role, "杭州市委书记"))))
    }

    @Test("role.title-before-name: a transliterated name after a country's title")
    func foreignName() {
        assertExtraction(
            "国务院副总理⟦person:韩立衡⟧会见⟦role:哈萨克斯坦副总理⟧⟦person:卡里莫娃⟧。",
            facts: ["卡里莫娃\tholds_role\t哈萨克斯坦副总理", "韩立衡\tmet_with\t卡里莫娃"])
    }

    @Test("role openers: a title does not reach back past 嘉宾还有")
    func roleOpener() {
        assertExtraction(
            "出席开幕典礼的嘉宾还有⟦role:中央人民政府驻澳门特别行政区联络办公室主任⟧⟦person:唐立勤⟧。",
            facts: ["唐立勤\tholds_role\t中央人民政府驻澳门特别行政区联络办公室主任"])
    }

    @Test("a title stops at a name written inside it (副省长A和公司总经理B)")
    func titleStopsAtName() {
        assertExtraction(
            "副省长⟦person:邵文杰⟧和⟦role:东风汽车集团有限公司总经理⟧⟦person:梁启航⟧出席签约仪式。",
            facts: ["邵文杰\tholds_role\t副省长", "梁启航\tholds_role\t东风汽车集团有限公司总经理"],
            absent: ["梁启航\tholds_role\t副省长邵文杰和东风汽车集团有限公司总经理"])
    }

    @Test("event.named-before-held-cue: a dateline, a byline and a date before 在…召开")
    func datelineAndByline() {
        let (_, extraction) = assertExtraction(
            "发布时间:2025-03-05\n新华社广州3月5日电（记者 陈思远）⟦event:全省科技创新工作会议⟧4日在⟦place:广州⟧召开。",
            facts: ["全省科技创新工作会议\theld_in\t广州", "全省科技创新工作会议\theld_on\t2025-03-04"])
        #expect(!extraction.entities.contains { $0.kind == .event && $0.name.contains("陈思远") })
    }

    @Test("event.named-before-held-cue: 举办 inside a noun phrase names no event")
    func heldCueInsideNounPhrase() {
        let extraction = Shared.extractor.extract("要抢抓亚洲冬季运动会举办机遇，推动冰雪经济发展。")
        #expect(!extraction.entities.contains { $0.kind == .event })
    }

    @Test("event.reference: a bare event word refers to the named event ending with it")
    func bareEventWord() {
        assertExtraction(
            "7月22日，⟦event:河南省人民政府与中国中车集团有限公司战略合作协议签约仪式⟧在⟦place:郑州⟧举行。省长⟦person:范立平⟧会见了客人。副省长⟦person:葛云涛⟧参加会见和签约仪式。",
            facts: ["葛云涛\tattended\t河南省人民政府与中国中车集团有限公司战略合作协议签约仪式"],
            absent: ["葛云涛\tattended\t会见和签约仪式"])
    }
}

/// Fixtures for events named after the verb, guest lists and guests listed after 会见.
@Suite struct EventAndGuestFixtureTests {
    @Test("event.named-after-participation-cue: 在郑州举行…签约仪式 names the event and where it was held")
    func heldCueBeforeName() {
        assertExtraction(
            "发布时间:2025-07-23\n7月22日，双方在⟦place:郑州⟧举行⟦event:河南省人民政府与中原重工集团战略合作协议签约仪式⟧。",
            facts: [
                "河南省人民政府与中原重工集团战略合作协议签约仪式\theld_in\t郑州",
                "河南省人民政府与中原重工集团战略合作协议签约仪式\theld_on\t2025-07-22",
            ])
    }

    @Test("presided: 在…主持召开…座谈会 names the event, who presided and where; a bare 座谈会 refers back to it")
    func presidedAndHeldIn() {
        assertExtraction(
            "市委书记⟦person:刘维舟⟧在⟦place:苏州工业园区⟧主持召开⟦event:全市科技创新座谈会⟧。市领导⟦person:金素琴⟧参加座谈会。",
            facts: [
                "刘维舟\tpresided\t全市科技创新座谈会", "全市科技创新座谈会\theld_in\t苏州工业园区",
                "金素琴\tattended\t全市科技创新座谈会",
            ])
    }

    @Test("participation.guest-list: 出席典礼的嘉宾还包括A、B")
    func guestList() {
        let (_, extraction) = assertExtraction(
            "行政长官⟦person:冯卓谦⟧出席⟦event:香港科学园扩建工程动工典礼⟧并致辞。出席典礼的嘉宾还包括⟦role:创新科技及工业局局长⟧⟦person:岑志远⟧、⟦role:香港科技园公司主席⟧⟦person:黄伟业⟧。",
            facts: ["岑志远\tattended\t香港科学园扩建工程动工典礼", "黄伟业\tattended\t香港科学园扩建工程动工典礼"])
        #expect(extraction.facts.contains { $0.triple.subject.name == "岑志远" && $0.evidence.rule == "participation.guest-list" })
    }

    @Test("meeting.cue: guests listed on after 会见 in the next clauses")
    func guestsAfterMeeting() {
        assertExtraction(
            "副省长⟦person:钟立衡⟧会见了东风汽车集团有限公司董事长⟦person:杨柏川⟧，长江存储科技有限责任公司董事长⟦person:孔德明⟧一行。",
            facts: ["钟立衡\tmet_with\t杨柏川", "钟立衡\tmet_with\t孔德明"])
    }
}

/// Fixtures for who takes part in a visit: companions, verbs that share a subject, and sites
/// written with 的.
@Suite struct VisitSubjectFixtureTests {
    @Test("companions (在A等陪同下) are not visitors; a clause opening with its verb shares the subject")
    func companionsAndSharedSubject() {
        assertExtraction(
            "行政长官⟦person:梁文渊⟧在司长⟦person:戴子轩⟧等陪同下参观了展区，先后来到⟦place:葡语国家馆⟧和⟦place:广东省展馆⟧。",
            facts: ["梁文渊\tvisited\t葡语国家馆", "梁文渊\tvisited\t广东省展馆"],
            absent: ["戴子轩\tvisited\t葡语国家馆", "戴子轩\tvisited\t广东省展馆"])
    }

    @Test("site.list-item: the site after 的 (园内的创新斗室), and a company whose name holds 的")
    func sitesWithDe() {
        assertExtraction(
            "省长⟦person:韩立新⟧参观了科学园内的⟦place:创新斗室⟧。⟦person:韩立新⟧先后来到⟦organization:苏州绿的谐波传动科技股份有限公司⟧和⟦place:湖东社区⟧。",
            facts: ["韩立新\tvisited\t创新斗室", "韩立新\tvisited\t苏州绿的谐波传动科技股份有限公司", "韩立新\tvisited\t湖东社区"])
    }
}

/// Fixtures for titles shared by a list of names and for transliterated names with a middle dot.
@Suite struct SharedTitleFixtureTests {
    @Test("role.shared-by-list: 省政协副主席A、B、C share the title")
    func sharedTitle() {
        let (fixture, extraction) = assertExtraction(
            "⟦role:省政协副主席⟧⟦person:罗晓岚⟧、⟦person:钟毓秀⟧、⟦person:胡启航⟧参加会议。",
            facts: ["罗晓岚\tholds_role\t省政协副主席", "钟毓秀\tholds_role\t省政协副主席", "胡启航\tholds_role\t省政协副主席"])
        #expect(extraction.mention(at: fixture.expected[2].span)?.rule == "role.shared-by-list")
        #expect(extraction.facts.contains { $0.triple.subject.name == "胡启航" && $0.evidence.rule == "role.shared-by-list" })
    }

    @Test("a foreign name with a middle dot is one name, not a Chinese surname and given name")
    func middleDotName() {
        let extraction = Shared.extractor.extract("市长柏松涛会见了德国驻沈阳总领事安娜·韦伯。")
        #expect(extraction.triples.contains(Triple(EntityRef(.person, "安娜·韦伯"), .holdsRole, EntityRef(.role, "德国驻沈阳总领事"))))
        #expect(extraction.triples.contains(Triple(EntityRef(.person, "柏松涛"), .metWith, EntityRef(.person, "安娜·韦伯"))))
        #expect(!extraction.entities.contains(EntityRef(.person, "安娜")))
        #expect(!extraction.entities.contains { $0.name.hasPrefix("韦伯") })
    }
}
