import Foundation
import Testing
import TupuExtract
import TupuModel

@Suite("RuleSet")
struct RuleSetTests {
    @Test func missingTabFieldIsReportedWithFileAndLine() throws {
        let text = "# cue<TAB>predicate\n\n出席\tattended\n主持 presided\n"
        let error = try #require(throws: RuleFileError.self) {
            try RuleSet.parse(name: "cues.txt", text: text)
        }
        #expect(error.file == "cues.txt")
        #expect(error.line == 4)
        #expect(error.message.contains("TAB"))
    }

    @Test func unknownKindValueIsReportedWithFileAndLine() throws {
        let text = "# places\n杭州市\tprefecture\t浙江省\t杭州\n\n# a typo below\n成都市\tcity\t四川省\t成都\n"
        let error = try #require(throws: RuleFileError.self) {
            try RuleSet.parse(name: "places.txt", text: text)
        }
        #expect(error.file == "places.txt")
        #expect(error.line == 5)
        #expect(error.message.contains("city"))
    }

    @Test func unknownCueKindIsReported() throws {
        let error = try #require(throws: RuleFileError.self) {
            try RuleSet.parse(name: "cues.txt", text: "出席\tattended\n陪同\tescorted\n")
        }
        #expect(error.file == "cues.txt")
        #expect(error.line == 2)
    }

    @Test func commentAndBlankLinesAreIgnored() throws {
        let text = "\u{FEFF}# surnames\n\n   \n禤\tsingle\n# 欧阳\tcompound\n司徒\tcompound\n"
        let file = try RuleSet.parse(name: "surnames.txt", text: text)
        #expect(file.keys == ["禤", "司徒"])
        #expect(file.entries.map(\.line) == [4, 6])
    }

    @Test func windowsLineEndingsAreRead() throws {
        // "\r\n" is a single Character in Swift: the parser must split on scalars.
        let text = "# surnames\r\n禤\tsingle\r\n司徒\tcompound\r\n"
        let file = try RuleSet.parse(name: "surnames.txt", text: text)
        #expect(file.keys == ["禤", "司徒"])
        #expect(file.entries.map(\.line) == [2, 3])
    }

    @Test func unknownFileNameIsRejected() {
        #expect(throws: RuleFileError.self) {
            try RuleSet.parse(name: "titles.txt", text: "书记\n")
        }
    }

    @Test func bundledLexiconsLoad() {
        let counts = Shared.rules.entryCounts
        #expect(counts["surnames.txt", default: 0] > 400)
        #expect(counts["places.txt", default: 0] > 700)
        #expect(counts["counties.txt", default: 0] > 2500)
        #expect(counts["cues.txt", default: 0] > 40)
    }

    private func temporaryFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tupu-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func malformedLineInAnExtraFolderNamesTheFile() throws {
        let folder = try temporaryFolder(["offices.txt": "# extra offices\n首席数据官\tbusiness\n", "cues.txt": "# extra cues\n\n陪同调研\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: RuleFileError.self) {
            try RuleSet.load(extraDirectories: [folder])
        }
        #expect(error.file.hasSuffix("cues.txt"))
        #expect(error.file.hasPrefix(folder.path))
        #expect(error.line == 3)
    }

    @Test func extraFolderAddsASurnameAndAnOffice() throws {
        let sentence = "首席数据官禤志明出席会议。"
        // The rules alone do not know the surname (the learned model may still find the name, but
        // not its title).
        let before = Extractor(rules: Shared.rules, tagger: nil).extract(sentence)
        #expect(!before.entities.contains(EntityRef(.person, "禤志明")))
        #expect(!Shared.extractor.extract(sentence).triples.map(\.description).contains("禤志明\tholds_role\t首席数据官"))

        let folder = try temporaryFolder([
            "surnames.txt": "# rare surnames\n禤\tsingle\n",
            "offices.txt": "# new offices\n\n首席数据官\tbusiness\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try RuleSet.load(extraDirectories: [folder])
        #expect(rules.entryCounts["surnames.txt"] == Shared.rules.entryCounts["surnames.txt"].map { $0 + 1 })
        let after = Extractor(rules: rules).extract(sentence)
        #expect(after.mentions.contains {
            $0.entity == EntityRef(.person, "禤志明") && $0.span == Span(start: 5, end: 8) && $0.rule == "role.title-before-name"
        })
        #expect(after.triples.map(\.description).contains("禤志明\tholds_role\t首席数据官"))
    }

    @Test func extraPathThatIsNotAFolderIsRejected() throws {
        let folder = try temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: RuleFileError.self) {
            try RuleSet.load(extraDirectories: [folder.appendingPathComponent("missing")])
        }
        #expect(error.line == 0)
        let empty = try #require(throws: RuleFileError.self) {
            try RuleSet.load(extraDirectories: [folder])
        }
        #expect(empty.file == folder.path)
    }
}
