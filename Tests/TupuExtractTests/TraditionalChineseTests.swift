import Testing
@testable import TupuExtract

/// The table of single characters (with ICU on the runs holding a phrase its rules convert
/// otherwise) gives what ICU's transform gives on the whole text.
@Suite struct TraditionalChineseTests {
    static let texts = [
        "5月1日，澳門特別行政區行政長官賀一誠出席澳門國際貿易投資展覽會開幕典禮並致辭。",
        // Phrases the rules keep or convert otherwise than character by character.
        "著名學者出席會議，國內各界人士參加。他們計畫沈默以對，扭轉乾坤，甚麼都說了。",
        "考察團先後到訪兩地，巡察組通報情況，與會者對此印象深刻。",
        "會議強調，要推進粵港澳大灣區建設，發揮香港、澳門的獨特優勢。",
    ]

    @Test(arguments: texts)
    func tableGivesTheWholeTextTransform(_ text: String) throws {
        let original = Array(text.unicodeScalars)
        let table = try #require(TraditionalChinese.single)
        #expect(TraditionalChinese.simplified(original, table: table) == TraditionalChinese.transformedWhole(text, scalars: original))
        #expect(TraditionalChinese.simplified(text, scalars: original) == TraditionalChinese.transformedWhole(text, scalars: original))
    }

    @Test func phrasesAreConvertedAsTheTransformDoes() throws {
        let text = "著名的國內學者"
        let simplified = try #require(TraditionalChinese.simplified(text + "們會發個", scalars: Array((text + "們會發個").unicodeScalars)))
        // 著 of 著名 stays 著 (alone it becomes 着).
        #expect(simplified.first == "著")
        #expect(String(String.UnicodeScalarView(simplified)).hasPrefix("著名的国内学者"))
    }
}
