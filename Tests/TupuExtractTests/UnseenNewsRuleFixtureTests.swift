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
}
