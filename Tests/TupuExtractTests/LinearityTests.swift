import Testing
@testable import TupuExtract

/// Extraction work grows in proportion to the text: twice the text, about twice the steps
/// (counted by the extractor, not timed).
@Suite struct LinearityTests {
    static let extractor = Extractor(rules: try! RuleSet.load())

    @Test(arguments: [
        "会议在广州召开。\n",
        "省委书记李希出席会议并讲话，省长王伟中主持会议。他强调，要抓好落实。\n",
        "9月27日，全省推进大会在广州召开。李希出席。\n",
    ])
    func doublingTheTextAboutDoublesTheWork(_ sentence: String) {
        let small = Self.extractor.extractCountingWork(String(repeating: sentence, count: 500))
        let large = Self.extractor.extractCountingWork(String(repeating: sentence, count: 1000))
        #expect(small.work > 500)
        let ratio = Double(large.work) / Double(small.work)
        #expect(ratio > 1.8 && ratio < 2.2, "work \(small.work) → \(large.work) (×\(ratio))")
        // The facts of a repeated sentence are each sentence's facts.
        #expect(large.extraction.facts.count == 2 * small.extraction.facts.count)
    }
}
