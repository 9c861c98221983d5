import Testing
import TupuExtract
import TupuModel

/// One fixture per rule of the engine, in newly written sentences of the genre.
@Suite("Rule fixtures")
struct RuleFixtureTests {
    // MARK: Persons and roles

    @Test("role.title-before-name: one role before a name")
    func roleBeforeName() {
        let (fixture, extraction) = assertExtraction(
            "10月8日,⟦role:省委书记⟧⟦person:郑海涛⟧出席会议。",
            facts: ["郑海涛\tholds_role\t省委书记"], .exactly([.holdsRole]))
        for mention in fixture.expected {
            #expect(extraction.mention(at: mention.span)?.rule == "role.title-before-name")
        }
        let evidence = extraction.facts("郑海涛\tholds_role\t省委书记").first?.evidence
        #expect(evidence?.rule == "role.title-before-name")
        #expect(evidence?.span == Span(start: 6, end: 13))
    }

    @Test("role.title-before-name: a two-role chain split on 、")
    func roleChain() {
        assertExtraction(
            "会议由⟦role:省委副书记⟧、⟦role:省长⟧⟦person:韩立新⟧主持。",
            facts: ["韩立新\tholds_role\t省委副书记", "韩立新\tholds_role\t省长"], .exactly([.holdsRole]))
    }

    @Test("role.title-before-name: several titled persons in one sentence")
    func severalTitledPersons() {
        assertExtraction(
            "⟦role:省委书记⟧⟦person:郑海涛⟧,⟦role:省委常委⟧、⟦role:常务副省长⟧⟦person:钱永明⟧,⟦role:成都市市长⟧⟦person:范志远⟧参加调研。",
            facts: [
                "郑海涛\tholds_role\t省委书记",
                "钱永明\tholds_role\t省委常委",
                "钱永明\tholds_role\t常务副省长",
                "范志远\tholds_role\t成都市市长",
            ], .exactly([.holdsRole]))
    }

    @Test("person.group-list: names after 省领导 up to a comma")
    func groupList() {
        let (fixture, extraction) = assertExtraction(
            "省领导⟦person:钱永明⟧、⟦person:魏志强⟧、⟦person:蒋文华⟧,省有关部门负责同志参加调研。")
        for mention in fixture.expected {
            #expect(extraction.mention(at: mention.span)?.rule == "person.group-list")
        }
        #expect(extraction.mentions.filter { $0.entity.kind == .person }.count == 3)
    }

    @Test("person.group-list: the last name of a list followed directly by the verb")
    func groupListEndingInVerb() {
        // 省领导张三、李四、王五出席会议: the most common form of the list in the genre.
        let fixture = Fixture("省领导⟦person:钱永明⟧、⟦person:魏志强⟧、⟦person:蒋文华⟧出席会议。")
        let extraction = Shared.extractor.extract(fixture.text)
        #expect(extraction.mention(at: fixture.expected[0].span)?.entity == EntityRef(.person, "钱永明"))
        #expect(extraction.mention(at: fixture.expected[1].span)?.entity == EntityRef(.person, "魏志强"))
        #expect(extraction.mention(at: fixture.expected[2].span)?.entity == EntityRef(.person, "蒋文华"))
    }

    @Test("person.known-name: a name found once is found again without a title")
    func knownName() {
        let (fixture, extraction) = assertExtraction(
            "⟦role:省委书记⟧⟦person:郑海涛⟧出席会议并讲话。⟦person:郑海涛⟧强调,要抓好各项任务落实。")
        #expect(extraction.mention(at: fixture.expected[1].span)?.rule == "role.title-before-name")
        #expect(extraction.mention(at: fixture.expected[2].span)?.rule == "person.known-name")
    }

    @Test("person.known-name: a headline name counts only when the body names the person")
    func headlineNameKnownFromBody() {
        let (_, extraction) = assertExtraction(
            """
            ⟦person:郑海涛⟧韩立新出席⟦event:全省数字经济大会⟧
            发布时间:2023-05-12 分享到:
            ⟦role:省委书记⟧⟦person:郑海涛⟧出席会议。
            """)
        #expect(extraction.title == "郑海涛韩立新出席全省数字经济大会")
        #expect(!extraction.entities.contains(EntityRef(.person, "韩立新")))
        #expect(!extraction.mentions.contains { $0.surface.contains("韩立新") })
    }

    // MARK: Documents and events

    @Test("document.book-title-marks: a document named in 《》")
    func bookTitle() {
        let (fixture, extraction) = assertExtraction("会议传达学习了《⟦document:浙江省数字经济促进条例⟧》。")
        #expect(extraction.mention(at: fixture.expected[0].span)?.rule == "document.book-title-marks")
    }

    @Test("event.named-before-held-cue: an event named before 在…召开, holding a document in 《》")
    func namedEventBeforeHeldCue() {
        let (fixture, extraction) = assertExtraction(
            "⟦event:全省学习贯彻《⟦document:浙江省数据安全条例⟧》推进会⟧在⟦place:杭州⟧召开。",
            facts: ["全省学习贯彻《浙江省数据安全条例》推进会\theld_in\t杭州"], .exactly([.heldIn]))
        let event = fixture.expected.first { $0.kind == .event }
        #expect(event.flatMap { extraction.mention(at: $0.span)?.rule } == "event.named-before-held-cue")
    }

    @Test("event.named-after-participation-cue: 出席 followed by the event name")
    func namedEventAfterCue() {
        let (fixture, extraction) = assertExtraction(
            "⟦role:省长⟧⟦person:韩立新⟧出席⟦event:全省数字经济工作会议⟧。",
            facts: ["韩立新\tattended\t全省数字经济工作会议"], .exactly([.attended]))
        #expect(extraction.mention(at: fixture.expected[2].span)?.rule == "event.named-after-participation-cue")
    }

    @Test("event.reference: 会议 and 会上 resolve to the named event")
    func eventReference() throws {
        let (fixture, extraction) = assertExtraction(
            "⟦event:全省乡村振兴现场会⟧在⟦place:成都⟧召开。⟦role:省委书记⟧⟦person:郑海涛⟧出席会议。会上,⟦role:市长⟧⟦person:范志远⟧作汇报。",
            facts: [
                "郑海涛\tattended\t全省乡村振兴现场会",
                "范志远\treported_at\t全省乡村振兴现场会",
            ], .exactly([.attended, .reportedAt]))
        // The references themselves are not mentions, but their spans are the facts' evidence.
        #expect(!extraction.mentions.contains { $0.surface == "会议" || $0.surface == "会上" })
        let meeting = try #require(fixture.offset(of: "会议"))
        let atMeeting = try #require(fixture.offset(of: "会上"))
        let attended = try #require(extraction.facts("郑海涛\tattended\t全省乡村振兴现场会").first)
        #expect(attended.evidence.span.contains(Span(start: meeting, end: meeting + 2)))
        let reported = try #require(extraction.facts("范志远\treported_at\t全省乡村振兴现场会").first)
        #expect(reported.evidence.span.contains(Span(start: atMeeting, end: atMeeting + 2)))
    }

    // MARK: Places and suffix names

    @Test("place.administrative-division: short and full names share the short canonical name")
    func administrativeDivisions() {
        let (fixture, extraction) = assertExtraction(
            "⟦place:浙江省|浙江⟧与⟦place:四川⟧签署合作协议,⟦place:杭州⟧、⟦place:成都市|成都⟧有关部门负责同志参加。")
        for mention in fixture.expected {
            #expect(extraction.mention(at: mention.span)?.rule == "place.administrative-division")
        }
        let aliases = Set(extraction.aliases.map { "\($0.entity):\($0.alias)" })
        #expect(aliases == ["place:浙江:浙江省", "place:成都:成都市"])
    }

    @Test("place.administrative-division: 深圳市 is an alias of 深圳")
    func shenzhenAlias() {
        let (_, extraction) = assertExtraction("⟦place:深圳市|深圳⟧和⟦place:深圳⟧的有关负责同志参加。")
        #expect(extraction.aliases.contains { $0.entity == EntityRef(.place, "深圳") && $0.alias == "深圳市" })
        #expect(!extraction.entities.contains(EntityRef(.place, "深圳市")))
    }

    @Test("name.suffix: organizations, initiatives and places by their suffix")
    func nameSuffix() {
        let (fixture, extraction) = assertExtraction(
            "⟦role:省委书记⟧⟦person:郑海涛⟧考察了⟦organization:杭州云栖科技有限公司⟧、⟦organization:之江数据研究院⟧、⟦place:西溪湿地公园⟧和⟦initiative:钱塘数字贸易合作区⟧。",
            facts: [
                "郑海涛\tvisited\t杭州云栖科技有限公司",
                "郑海涛\tvisited\t之江数据研究院",
                "郑海涛\tvisited\t西溪湿地公园",
                "郑海涛\tvisited\t钱塘数字贸易合作区",
            ], .exactly([.visited]))
        for mention in fixture.expected where mention.kind != .person && mention.kind != .role {
            #expect(extraction.mention(at: mention.span)?.rule == "name.suffix")
        }
    }

    @Test("name.suffix: a weak suffix (中心) names a site in a list after 前往")
    func weakSuffixAfterVisitCue() {
        assertExtraction(
            "⟦role:省长⟧⟦person:韩立新⟧前往⟦place:西湖文化广场⟧、⟦organization:之江数据服务中心⟧、⟦organization:杭州城市大脑研究院⟧。",
            facts: [
                "韩立新\tvisited\t西湖文化广场",
                "韩立新\tvisited\t之江数据服务中心",
                "韩立新\tvisited\t杭州城市大脑研究院",
            ], .exactly([.visited]))
    }

    @Test("name.suffix: a weak suffix (中心) in ordinary prose names nothing")
    func weakSuffixInProse() {
        let extraction = Shared.extractor.extract("要加快打造城市新中心,推动成都东部新城建设。优化提升城市发展功能,加快打造现代化国际化城市新中心。")
        #expect(!extraction.mentions.contains { $0.entity.kind == .organization })
        #expect(!extraction.entities.contains { $0.name.hasSuffix("中心") })
    }

    // MARK: Participation

    @Test("participation.cue: 出席, 主持, 讲话 and 汇报")
    func participationCues() {
        let (_, extraction) = assertExtraction(
            "⟦event:全省数字经济发展推进会⟧在⟦place:杭州⟧召开。⟦role:省委书记⟧⟦person:郑海涛⟧出席会议并讲话,⟦role:省长⟧⟦person:韩立新⟧主持会议,⟦role:副省长⟧⟦person:钱永明⟧汇报全省数字经济发展情况。",
            facts: [
                "郑海涛\tattended\t全省数字经济发展推进会",
                "郑海涛\tspoke_at\t全省数字经济发展推进会",
                "韩立新\tpresided\t全省数字经济发展推进会",
                "钱永明\treported_at\t全省数字经济发展推进会",
            ], .exactly([.attended, .presided, .spokeAt, .reportedAt]))
        for fact in extraction.facts where Predicate.participation.contains(fact.triple.predicate) {
            #expect(fact.evidence.rule == "participation.cue")
        }
    }

    @Test("participation.cue: 习近平总书记对…重要讲话 makes nobody spoke_at")
    func speechReferenceIsNotASpeech() {
        assertExtraction(
            "⟦event:全省营商环境大会⟧在⟦place:成都⟧召开。会议深入学习贯彻习近平总书记对⟦place:四川⟧工作系列重要讲话精神,认真落实省委部署。⟦role:省委书记⟧⟦person:郑海涛⟧出席会议并讲话。",
            facts: ["郑海涛\tspoke_at\t全省营商环境大会", "郑海涛\tattended\t全省营商环境大会"],
            .exactly([.attended, .presided, .spokeAt, .reportedAt]))
    }

    @Test("participation.cue-after-list: names in earlier clauses, 参加 in the last clause")
    func participationAfterList() {
        let (_, extraction) = assertExtraction(
            """
            ⟦event:浙江省数字经济发展推进会⟧在⟦place:杭州⟧召开。
            省领导⟦person:钱永明⟧、⟦person:魏志强⟧,⟦role:省法院院长⟧⟦person:蒋文华⟧,⟦role:杭州市市长⟧⟦person:范志远⟧,省有关部门负责同志参加会议和有关活动。
            """,
            facts: [
                "钱永明\tattended\t浙江省数字经济发展推进会",
                "魏志强\tattended\t浙江省数字经济发展推进会",
                "蒋文华\tattended\t浙江省数字经济发展推进会",
                "范志远\tattended\t浙江省数字经济发展推进会",
            ], .exactly([.attended]))
        for fact in extraction.facts where fact.triple.predicate == .attended {
            #expect(fact.evidence.rule == "participation.cue-after-list")
        }
    }

    @Test("participation.cue-document-event: a cue without an event in its sentence takes the article's event")
    func participationDocumentEvent() {
        let (_, extraction) = assertExtraction(
            "⟦event:全省科技创新大会⟧在⟦place:杭州⟧召开。⟦role:省长⟧⟦person:韩立新⟧出席并讲话。",
            facts: ["韩立新\tattended\t全省科技创新大会", "韩立新\tspoke_at\t全省科技创新大会"],
            .exactly([.attended, .spokeAt]))
        for fact in extraction.facts where fact.triple.subject.name == "韩立新" && fact.triple.predicate != .holdsRole {
            #expect(fact.evidence.rule == "participation.cue-document-event")
        }
    }

    // MARK: Visits and meetings

    @Test("visit.cue-objects: two persons × three sites = six visits")
    func distributiveVisits() {
        let (_, extraction) = assertExtraction(
            """
            ⟦event:浙江省数字经济发展推进会⟧在⟦place:杭州⟧召开。⟦role:省委书记⟧⟦person:郑海涛⟧出席会议并讲话,⟦role:省长⟧⟦person:韩立新⟧主持会议。
            会前,⟦person:郑海涛⟧、⟦person:韩立新⟧等省领导前往⟦place:西湖文化广场⟧、⟦organization:之江数据服务中心⟧、⟦organization:杭州城市大脑研究院⟧,实地了解数字经济发展情况。
            """,
            facts: [
                "郑海涛\tvisited\t西湖文化广场",
                "郑海涛\tvisited\t之江数据服务中心",
                "郑海涛\tvisited\t杭州城市大脑研究院",
                "韩立新\tvisited\t西湖文化广场",
                "韩立新\tvisited\t之江数据服务中心",
                "韩立新\tvisited\t杭州城市大脑研究院",
            ], .exactly([.visited]))
        #expect(extraction.triples.filter { $0.predicate == .visited }.count == 6)
        for fact in extraction.facts where fact.triple.predicate == .visited {
            #expect(fact.evidence.rule == "visit.cue-objects")
        }
    }

    @Test("meeting.cue: 会见 links the host and the guest")
    func meetingCue() {
        let (_, extraction) = assertExtraction(
            "⟦role:省委书记⟧⟦person:郑海涛⟧在⟦place:杭州⟧会见了⟦role:新加坡贸工部部长⟧⟦person:黄文辉⟧一行。",
            facts: ["郑海涛\tmet_with\t黄文辉", "黄文辉\tholds_role\t新加坡贸工部部长"], .exactly([.metWith]))
        #expect(extraction.facts("郑海涛\tmet_with\t黄文辉").first?.evidence.rule == "meeting.cue")
    }

    // MARK: Where and when

    @Test("event.held-in-place: …在成都举行")
    func heldInPlace() {
        let (_, extraction) = assertExtraction(
            "⟦event:全省营商环境优化推进会⟧在⟦place:成都⟧举行。",
            facts: ["全省营商环境优化推进会\theld_in\t成都"], .exactly([.heldIn]))
        #expect(extraction.facts("全省营商环境优化推进会\theld_in\t成都").first?.evidence.rule == "event.held-in-place")
    }

    @Test("event.held-on-date: the year comes from the 发布时间 chrome line")
    func heldOnDateAcrossYear() {
        let (_, extraction) = assertExtraction(
            """
            四川省乡村振兴现场推进会
            发布时间:2023-01-02 分享到:
            12月30日,⟦event:四川省乡村振兴现场推进会⟧在⟦place:成都⟧举行。⟦role:省长⟧⟦person:韩立新⟧出席并讲话。
            """,
            facts: [
                "四川省乡村振兴现场推进会\theld_on\t2022-12-30",
                "四川省乡村振兴现场推进会\theld_in\t成都",
            ], .exactly([.heldOn, .heldIn]))
        #expect(extraction.publicationDate == "2023-01-02")
        #expect(extraction.facts("四川省乡村振兴现场推进会\theld_on\t2022-12-30").first?.evidence.rule == "event.held-on-date")
    }

    @Test("event.held-on-date: a month and day in the publication year")
    func heldOnDateSameYear() {
        assertExtraction(
            """
            发布时间:2023-05-12
            5月11日,⟦event:杭州数字经济发展大会⟧在⟦place:杭州⟧举行。
            """,
            facts: ["杭州数字经济发展大会\theld_on\t2023-05-11"], .exactly([.heldOn]))
    }

    @Test("located-in.stated: 位于 a place, before or after the name")
    func locatedIn() {
        let (_, extraction) = assertExtraction(
            "⟦role:市长⟧⟦person:范志远⟧表示，位于⟦place:成都⟧的⟦organization:成都天府研究院⟧和⟦initiative:天府数字贸易合作区⟧位于⟦place:绵阳⟧，⟦organization:成都蓉城研究院⟧也在其中。",
            facts: [
                "成都天府研究院\tlocated_in\t成都",
                "天府数字贸易合作区\tlocated_in\t绵阳",
            ], .exactly([.locatedIn]))
        for fact in extraction.facts where fact.triple.predicate == .locatedIn {
            #expect(fact.evidence.rule == "located-in.stated")
        }
    }

    @Test("located-in: a place at the front of a name alone states nothing")
    func noLocatedInFromPrefix() {
        assertExtraction(
            "⟦role:市长⟧⟦person:范志远⟧调研⟦organization:成都天府研究院⟧和⟦initiative:成都数字贸易合作区⟧。",
            facts: [], .exactly([.locatedIn]))
    }

    // MARK: Page chrome

    @Test("page chrome lines produce no facts")
    func chromeLines() {
        let extraction = Shared.extractor.extract(
            """
            上一篇:省委书记郑海涛出席全省数字经济大会并讲话
            下一篇:省长韩立新主持召开省政府常务会议
            分享到:省领导钱永明、魏志强出席会议
            发布时间:2023-05-12 分享到:
            """)
        #expect(extraction.facts.isEmpty)
        #expect(extraction.mentions.isEmpty)
        #expect(extraction.publicationDate == "2023-05-12")
    }

    @Test("page chrome lines around an article add nothing to it")
    func chromeAroundArticle() {
        assertExtraction(
            """
            发布时间:2023-05-12 分享到:
            ⟦event:全省科技创新大会⟧在⟦place:杭州⟧召开。⟦role:省长⟧⟦person:韩立新⟧出席会议。
            上一篇:省委书记郑海涛出席全省营商环境大会并讲话
            """,
            facts: ["韩立新\tattended\t全省科技创新大会", "韩立新\tholds_role\t省长"],
            .exactly([.attended, .spokeAt, .holdsRole, .presided]))
    }
}
