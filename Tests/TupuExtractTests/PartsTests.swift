import Foundation
import Testing
@testable import TupuExtract
import TupuModel

/// A text longer than the part length is extracted in parts: what each part finds, its offsets
/// moved to the whole text.
@Suite struct PartsTests {
    static func article(_ path: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("../../" + path)
            .standardizedFileURL
        // Without blank lines, so that the only blank lines of the long text lie between copies.
        var text = try String(contentsOf: url, encoding: .utf8)
        while text.contains("\n\n") { text = text.replacingOccurrences(of: "\n\n", with: "\n") }
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    static func moved(_ span: Span, by offset: Int) -> Span {
        Span(start: span.start + offset, end: span.end + offset)
    }

    @Test(arguments: ["seeds/000_74a9a881fb5bd59e.txt", "Tests/Fixtures/articles/09_hongkong_sciencepark_trad.txt"])
    func aLongTextFindsWhatEachPartFindsAtItsOffsets(_ path: String) throws {
        let copy = try Self.article(path)
        let copies = 5
        // The copies are separated by blank lines; a part may hold one and a half copies, so each
        // part ends at the blank line after one copy.
        let unit = copy + "\n"
        let length = unit.unicodeScalars.count
        let text = String(repeating: unit, count: copies)
        let partLength = length + length / 2
        let scalars = Array(text.unicodeScalars)
        let ends = Extractor.partEnds(of: scalars, partLength: partLength)
        #expect(ends == (1...copies).map { $0 * length })

        let alone = Shared.extractor.extract(unit)
        let parts = Shared.extractor.extract(text, partLength: partLength)
        #expect(!alone.facts.isEmpty && !alone.mentions.isEmpty)
        #expect(parts.title == alone.title)
        #expect(parts.publicationDate == alone.publicationDate)
        #expect(parts.titleSpan == alone.titleSpan)
        #expect(parts.publicationSpan == alone.publicationSpan)
        #expect(parts.aliases == alone.aliases)
        let offsets = (0..<copies).map { $0 * length }
        #expect(parts.facts == offsets.flatMap { offset in
            alone.facts.map { fact in
                var moved = fact
                moved.evidence.sentence = Self.moved(fact.evidence.sentence, by: offset)
                moved.evidence.span = Self.moved(fact.evidence.span, by: offset)
                return moved
            }
        })
        #expect(parts.mentions == offsets.flatMap { offset in
            alone.mentions.map { Mention(entity: $0.entity, span: Self.moved($0.span, by: offset), surface: $0.surface, rule: $0.rule) }
        })
        #expect(parts.dates == offsets.flatMap { offset in
            alone.dates.map { Mention(entity: $0.entity, span: Self.moved($0.span, by: offset), surface: $0.surface, rule: $0.rule) }
        })
        // Every span points at its text in the whole document.
        func written(_ span: Span) -> String { String(String.UnicodeScalarView(scalars[span.start..<span.end])) }
        for mention in parts.mentions + parts.dates {
            #expect(written(mention.span) == mention.surface, "\(mention)")
        }
        for fact in parts.facts {
            #expect(fact.evidence.sentence.contains(fact.evidence.span))
            #expect(fact.evidence.sentence.end <= scalars.count)
        }
    }

    @Test func aTextNoLongerThanAPartIsExtractedWhole() throws {
        let text = try Self.article("seeds/000_74a9a881fb5bd59e.txt")
        let length = text.unicodeScalars.count
        #expect(Shared.extractor.extract(text, partLength: length) == Shared.extractor.extract(text))
    }

    @Test func partsEndAtABlankLineElseALineElseASentence() {
        func ends(_ text: String, _ partLength: Int) -> [Int] {
            Extractor.partEnds(of: Array(text.unicodeScalars), partLength: partLength)
        }
        // A blank line (spaces allowed on it) in the part's second half wins over a later line break.
        #expect(ends("一二三四五六\n 　\n七八\n九十甲乙丙丁戊", 12) == [10, 20])
        // Without one, the last line break.
        #expect(ends("一二三四五六七\n八九\n十甲乙丙丁戊", 12) == [11, 17])
        // A line longer than a part: after its last sentence, else at the length.
        #expect(ends("一二三四五。六七八九十甲乙丙", 8) == [6, 14])
        #expect(ends("一二三四五六七八九十甲乙丙", 5) == [5, 10, 13])
        #expect(ends("一二三", 3) == [3])
        // No part is longer than the length, and the parts cover the text.
        let long = String(repeating: "会议在广州召开。\n\n李希出席。\n", count: 400)
        let cut = ends(long, 1000)
        #expect(cut.last == long.unicodeScalars.count)
        #expect(zip([0] + cut, cut).allSatisfy { $1 > $0 && $1 - $0 <= 1000 })
    }
}
