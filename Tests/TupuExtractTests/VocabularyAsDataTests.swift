import Foundation
import Testing
@testable import TupuExtract

/// The extractor's vocabulary lives in lexicon files the user can read and extend; its sources
/// hold grammar only. These tests fail on a word list written into the Swift sources.
@Suite struct VocabularyAsDataTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TupuExtract")

    /// Files whose Chinese literals are not vocabulary: the table of ICU's traditional-to-simplified
    /// rules (it must be what ICU converts, so it is not the user's to extend).
    static let exempt: Set<String> = ["TraditionalChinese.swift"]

    /// Closed sets of the written language's grammar, not vocabulary: the numerals, the marks of
    /// a date range (8月21日至23日) and the day marks of the date grammar (28日, 28号).
    static let grammar = ["static let chineseNumerals", "static let rangeMarks", #"scalars[position] == "日" || scalars[position] == "号""#]

    /// Lines of code (comments dropped) with two or more string literals holding Chinese
    /// characters: a list of words, whether an array, a `case` or a chain of `==`.
    static func literalWordLists() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        let literal = try Regex(#""[^"\n]*[\x{3400}-\x{9FFF}][^"\n]*""#)
        var found: [String] = []
        for file in files.sorted() where !exempt.contains(file) {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String(line.split(separator: "//", maxSplits: 1).first ?? "")
                let count = code.matches(of: literal).count
                if count >= 2 || (count == 1 && code.contains("static let")), !grammar.contains(where: { code.contains($0) }) {
                    found.append("\(file):\(number + 1): \(code.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found
    }

    @Test func noWordListIsWrittenInTheExtractorSources() throws {
        let lists = try Self.literalWordLists()
        #expect(lists.isEmpty, "word lists belong in Resources/lexicons (function-words.txt with a role):\n\(lists.joined(separator: "\n"))")
    }

    @Test func theScanFindsAListWhereThereIsOne() throws {
        let literal = try Regex(#""[^"\n]*[\x{3400}-\x{9FFF}][^"\n]*""#)
        #expect(#"case "和", "与": true"#.matches(of: literal).count == 2)
        #expect(#"if scalars[i] == "的" { }"#.matches(of: literal).count == 1)
    }

    @Test func everyFunctionWordRoleTheRulesReadIsLoaded() throws {
        let rules = try RuleSet.load()
        #expect(rules.conjunctions.contains("和") && rules.conjunctions.contains("并"))
        #expect(rules.nameJoiners.contains("同") && !rules.nameJoiners.contains("和"))
        #expect(rules.itemJoiners.contains("及") && !rules.itemJoiners.contains("与"))
        #expect(rules.activityJoiners.contains("与"))
        #expect(rules.pronouns.contains("她"))
        #expect(rules.locatives.contains("于"))
        #expect(rules.gapStops.contains("对"))
        #expect(rules.datelineMarks.contains("电"))
        #expect(rules.congressNumbering.contains("届"))
        let words: [(PhraseTable<Void>, String)] = [
            (rules.holdingVerbs, "举行"), (rules.heldTails, "闭幕"), (rules.companionWords, "陪同"), (rules.inclusionVerbs, "包括"),
            (rules.duringWords, "期间"), (rules.shortFormMarkers, "简称"),
        ]
        for (table, word) in words { #expect(table.contains(word), "\(word)") }
        #expect(rules.relativeDays.longestMatch(in: Array("昨日".unicodeScalars), at: 0)?.value == -1)
        #expect(rules.convokingCues.contains("主持召开"))
    }
}
