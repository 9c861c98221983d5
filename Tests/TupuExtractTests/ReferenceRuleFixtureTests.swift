import Testing
import TupuExtract
import TupuModel

/// Fixtures for the rules that resolve references: titles after names, surname + title,
/// pronouns, document short forms, and traditional characters.
@Suite struct ReferenceRuleFixtureTests {
    @Test("role.title-after-name: 习近平总书记 after a verb, with the title as the role")
    func titleAfterName() {
        let (fixture, extraction) = assertExtraction(
            "会议学习贯彻⟦person:习近平⟧⟦role:总书记⟧重要讲话精神。",
            facts: ["习近平\tholds_role\t总书记"])
        #expect(extraction.mention(at: fixture.expected[0].span)?.rule == "role.title-after-name")
        // A source of instructions is no participant.
        #expect(!extraction.triples.contains { $0.subject.name == "习近平" && Predicate.participation.contains($0.predicate) })
    }

    @Test("role.title-after-name: 王强省长主持会议")
    func titleAfterNameBeforeVerb() {
        assertExtraction(
            "5月1日，全省防汛工作会议在长沙召开。⟦person:周海鹏⟧⟦role:省长⟧主持会议。",
            facts: ["周海鹏\tholds_role\t省长", "周海鹏\tpresided\t全省防汛工作会议"])
    }

    @Test("a speech verb after a title is no name (李书记强调 gives no person 强调)")
    func speechVerbIsNoName() {
        let extraction = Shared.extractor.extract("省委书记郑海涛出席会议。郑书记强调，要抓好落实。")
        #expect(!extraction.entities.contains(EntityRef(.person, "强调")))
    }

    @Test("no person before a title where the name is an organization, runs into an office word, is a verb, or the title begins a name suffix (委员会)")
    func noPersonFromWordsBeforeTitles() {
        let extraction = Shared.extractor.extract("欧盟委员会负责人表示欢迎。党委书记说明了情况。党支部书记也发了言。负责人时强调，要抓好落实。企业事业组织、居民委员会要积极参与。")
        let persons = Set(extraction.entities.filter { $0.kind == .person }.map(\.name))
        #expect(!persons.contains("欧盟"))
        #expect(!persons.contains("党委"))
        #expect(!persons.contains("党支部"))
        #expect(!persons.contains("时强调"))
        #expect(!persons.contains("居民"))
        #expect(persons.isEmpty)
    }

    @Test("person.surname-title: 郑书记 is the one 郑 whose role ends in 书记, and becomes an alias")
    func surnameTitle() {
        let (fixture, extraction) = assertExtraction(
            "⟦role:省委书记⟧⟦person:郑海涛⟧、⟦role:省长⟧⟦person:郑立新⟧出席会议。⟦person:郑书记|郑海涛⟧强调，要抓好落实。")
        #expect(extraction.mention(at: fixture.expected[4].span)?.rule == "person.surname-title")
        #expect(extraction.aliases.contains(Alias(entity: EntityRef(.person, "郑海涛"), alias: "郑书记", rule: "person.surname-title")))
    }

    @Test("person.surname-title: no guess when two people of that surname hold such a title")
    func surnameTitleAmbiguous() {
        let extraction = Shared.extractor.extract("省委书记郑海涛、市委书记郑立新出席会议。郑书记强调，要抓好落实。")
        #expect(!extraction.aliases.contains { $0.alias == "郑书记" })
    }

    @Test("person.pronoun-carry-over: 他 before a verb is the last person named")
    func pronounCarryOver() {
        let (_, extraction) = assertExtraction(
            "发布时间:2023-06-02\n6月1日，全省营商环境大会在成都召开。省委书记⟦person:王建国⟧出席。他主持会议并讲话。",
            facts: ["王建国\tpresided\t全省营商环境大会", "王建国\tspoke_at\t全省营商环境大会"])
        // The pronoun is no mention of its own.
        #expect(!extraction.mentions.contains { $0.surface == "他" })
    }

    @Test("document.short-form: （以下简称《意见》） names the same document")
    func documentShortForm() {
        let (fixture, extraction) = assertExtraction(
            "会议审议《⟦document:关于深化营商环境改革的若干意见⟧》（以下简称《⟦document:意见|关于深化营商环境改革的若干意见⟧》），要求落实《⟦document:意见|关于深化营商环境改革的若干意见⟧》。")
        #expect(extraction.mention(at: fixture.expected[2].span)?.rule == "document.short-form")
        #expect(extraction.entities.filter { $0.kind == .document } == [EntityRef(.document, "关于深化营商环境改革的若干意见")])
    }

    @Test("traditional characters: matched in simplified form, surfaces and spans as written")
    func traditionalCharacters() {
        let (fixture, extraction) = assertExtraction(
            "發布時間:2023-05-02\n5月1日，⟦role:澳門特別行政區行政長官|澳门特别行政区行政长官⟧⟦person:賀一誠|贺一诚⟧出席⟦event:澳門國際貿易投資展覽會開幕典禮|澳门国际贸易投资展览会开幕典礼⟧並致辭。",
            facts: ["贺一诚\tholds_role\t澳门特别行政区行政长官", "贺一诚\tattended\t澳门国际贸易投资展览会开幕典礼", "贺一诚\tspoke_at\t澳门国际贸易投资展览会开幕典礼"])
        #expect(extraction.publicationDate == "2023-05-02")
        #expect(extraction.mention(at: fixture.expected[1].span)?.surface == "賀一誠")
        #expect(extraction.aliases.contains { $0.alias == "賀一誠" && $0.entity.name == "贺一诚" })
    }
}
