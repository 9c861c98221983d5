import Testing
@testable import TupuExtract

@Suite("DateResolver")
struct DateResolverTests {
    /// The relative day words of the bundled lexicons.
    private let relativeDays = (try? RuleSet.load().relativeDays) ?? PhraseTable()
    private func resolve(_ text: String, published: String?) -> [String] {
        let reference = published.flatMap { DateResolver.YMD(iso: $0) }
        let scalars = Array(text.unicodeScalars)
        return DateResolver(reference: reference, relativeDays: relativeDays).dates(in: scalars, range: 0..<scalars.count).map(\.iso)
    }

    @Test func monthAndDayInThePublicationYear() {
        #expect(resolve("9月27日,全省现场会在杭州召开。", published: "2022-09-28") == ["2022-09-27"])
    }

    @Test func monthAndDayInThePreviousYear() {
        #expect(resolve("12月30日,全省工作会议在成都召开。", published: "2023-01-02") == ["2022-12-30"])
    }

    @Test func bareDayInTheSameMonth() {
        #expect(resolve("27日,省委召开常委会会议。", published: "2022-09-28") == ["2022-09-27"])
    }

    @Test func yesterdayAcrossAMonthBoundary() {
        #expect(resolve("昨天,省长在成都调研。", published: "2022-10-01") == ["2022-09-30"])
        #expect(resolve("昨日下午,会议召开。", published: "2023-01-01") == ["2022-12-31"])
    }

    @Test func absoluteDate() {
        #expect(resolve("2021年3月5日,十三届全国人大四次会议开幕。", published: "2022-09-28") == ["2021-03-05"])
        #expect(resolve("2021年3月5日,会议开幕。", published: nil) == ["2021-03-05"])
    }

    @Test func invalidDateGivesNothing() {
        #expect(resolve("2月30日,会议召开。", published: "2023-03-01").isEmpty)
        #expect(resolve("2023年2月30日,会议召开。", published: nil).isEmpty)
    }

    @Test func relativeDatesNeedAPublicationDate() {
        #expect(resolve("9月27日,昨天", published: nil).isEmpty)
    }

    @Test func foundRangeIsInCodePoints() {
        let scalars = Array("据报道,9月27日会议召开。".unicodeScalars)
        let found = DateResolver(reference: DateResolver.YMD(iso: "2022-09-28"), relativeDays: relativeDays).dates(in: scalars, range: 0..<scalars.count)
        #expect(found.map(\.range) == [4..<9])
    }

    @Test func absoluteDateOfAChromeLine() {
        let line = Array("发布时间:2022-09-28     分享到:".unicodeScalars)
        #expect(DateResolver.absoluteDate(in: line[...])?.iso == "2022-09-28")
    }
}
