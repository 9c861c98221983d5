import Foundation
import Testing
import TupuExtract
import TupuModel

/// The seed article: 全省深入推进《前海方案》现场会 (2022-09-27, 深圳).
@Suite("Seed article")
struct SeedTests {
    static let meeting = "全省深入推进《全面深化前海深港现代服务业合作区改革开放方案》现场会"
    static let participants = [
        "李希", "王伟中", "孟凡利", "张虎", "林克庆", "宋福龙", "陈建文", "王曦", "袁古洁",
        "张晓强", "王瑞军", "张新", "孙志洋", "王志忠", "龚稼立", "林贻影", "覃伟中",
    ]
    static let sites = ["前海石公园", "前海嘉里中心", "深圳思谋信息科技有限公司", "深圳国际仲裁院"]

    static func seedText() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("../../seeds/000_74a9a881fb5bd59e.txt")
            .standardizedFileURL
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func participants(of extraction: Extraction, event: String) -> Set<String> {
        Set(extraction.triples.filter {
            TupuModel.Predicate.participation.contains($0.predicate) && $0.object == .entity(EntityRef(.event, event))
        }.map(\.subject.name))
    }

    @Test func participantsOfTheMeeting() throws {
        let extraction = Shared.extractor.extract(try Self.seedText())
        #expect(Self.participants(of: extraction, event: Self.meeting) == Set(Self.participants))
        let attended = Set(extraction.triples.filter {
            $0.predicate == .attended && $0.object.name == Self.meeting
        }.map(\.subject.name))
        #expect(attended.count >= 16)
        #expect(attended.isSuperset(of: Set(Self.participants).subtracting(["张虎"])))
        #expect(!extraction.triples.contains { $0.subject.name == "习近平" && TupuModel.Predicate.participation.contains($0.predicate) })
        // 李希 alone spoke (讲话); 王伟中强调… after presiding is a speech the article reports.
        #expect(!extraction.facts.contains { $0.triple.predicate == .spokeAt && $0.triple.subject.name != "李希" && $0.evidence.rule != "participation.reported-speech" })
        #expect(extraction.facts.filter { $0.evidence.rule == "participation.reported-speech" }.map(\.triple.subject.name) == ["王伟中"])
    }

    @Test func rolesVisitsPlaceAndDate() throws {
        let extraction = Shared.extractor.extract(try Self.seedText())
        let triples = Set(extraction.triples.map(\.description))
        #expect(extraction.publicationDate == "2022-09-28")
        #expect(triples.contains("王伟中\tholds_role\t省委副书记"))
        #expect(triples.contains("王伟中\tholds_role\t省长"))
        for person in ["李希", "王伟中"] {
            for site in Self.sites {
                #expect(triples.contains("\(person)\tvisited\t\(site)"))
            }
        }
        #expect(triples.contains("\(Self.meeting)\theld_in\t深圳"))
        #expect(triples.contains("\(Self.meeting)\theld_on\t2022-09-27"))
        #expect(extraction.triples.filter { $0.predicate == .heldOn }.map(\.object.name) == ["2022-09-27"])
        #expect(extraction.aliases.contains { $0.entity == EntityRef(.place, "深圳") && $0.alias == "深圳市" })
    }

    @Test func spansMatchTheText() throws {
        let text = try Self.seedText()
        let scalars = Array(text.unicodeScalars)
        func slice(_ span: Span) -> String? {
            guard span.start >= 0, span.end <= scalars.count else { return nil }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[span.start..<span.end])
            return String(view)
        }
        let extraction = Shared.extractor.extract(text)
        #expect(!extraction.mentions.isEmpty)
        for mention in extraction.mentions {
            #expect(slice(mention.span) == mention.surface, "mention \(mention.entity) at \(mention.span)")
        }
        for fact in extraction.facts {
            #expect(fact.evidence.sentence.contains(fact.evidence.span), "evidence of \(fact.triple) outside its sentence")
            #expect(slice(fact.evidence.sentence) != nil)
            // A speech's facts name the speaker once, where the speech opens (王伟中强调，一是…二是…).
            if fact.triple.subject.kind == .person, fact.evidence.rule != "promotes.speech", let evidence = slice(fact.evidence.span) {
                #expect(evidence.contains(fact.triple.subject.name), "evidence '\(evidence)' of \(fact.triple)")
            }
        }
    }

    /// The seed with every person renamed (same lengths) and 深圳 moved to 珠海.
    static let swaps: [(String, String)] = [
        ("王伟中", "郑国华"), ("孟凡利", "韩立群"), ("林克庆", "吴明远"), ("宋福龙", "何建平"),
        ("陈建文", "罗志刚"), ("袁古洁", "许文静"), ("张晓强", "刘海波"), ("王瑞军", "高振东"),
        ("孙志洋", "马德胜"), ("王志忠", "唐国栋"), ("龚稼立", "谢成林"), ("林贻影", "冯晓梅"),
        ("覃伟中", "曹永刚"), ("李希", "周敏"), ("张虎", "赵峰"), ("王曦", "杨帆"), ("张新", "胡军"),
        ("深圳", "珠海"),
    ]

    static func swapped(_ name: String) -> String {
        var result = name
        for (old, new) in swaps { result = result.replacingOccurrences(of: old, with: new) }
        return result
    }

    static func predicateCounts(_ extraction: Extraction) -> [TupuModel.Predicate: Int] {
        Dictionary(grouping: extraction.triples, by: \.predicate).mapValues(\.count)
    }

    /// Fifty real surnames that are rare in news, each a line of the surname lexicon.
    static let rareSurnames = Array("通终仰殳莘养红须空厍佘暴栾冼邝隗禚眭郜訾佴亓蒯逄揭谯钭嵇庾邴郦阚濮竺卞芮羿靳汲糜宓郗蔺胥扈郏晁勾敖阙")

    /// The seed's persons renamed with rare surnames, given names kept: variant `i` gives person
    /// `j` the surname `rareSurnames[(i + j) % 50]`.
    static func rareSurnameSwaps(variant: Int) -> [(String, String)] {
        swaps.dropLast().enumerated().map { index, swap in
            let surname = rareSurnames[(variant + index) % rareSurnames.count]
            return (swap.0, String(surname) + swap.0.dropFirst())
        }
    }

    @Test func rareSurnamesKeepTheSeedsFacts() throws {
        #expect(Set(Self.rareSurnames).count == 50)
        let seed = try Self.seedText()
        let original = Shared.extractor.extract(seed)
        var failures: [String] = []
        for variant in 0..<Self.rareSurnames.count {
            let swaps = Self.rareSurnameSwaps(variant: variant)
            func renamed(_ text: String) -> String {
                // Longest names first, so that 王伟中 is renamed before 王伟 could be.
                swaps.sorted { $0.0.count > $1.0.count }.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            }
            let extraction = Shared.extractor.extract(renamed(seed))
            let expected = Set(original.triples.map { renamed($0.description) })
            let found = Set(extraction.triples.map(\.description))
            if found != expected {
                failures.append("variant \(variant): missing \(expected.subtracting(found).sorted()), extra \(found.subtracting(expected).sorted())")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 50 variants lose or add facts:\n\(failures.joined(separator: "\n"))")
    }

    @Test func namesSwapped() throws {
        let original = Shared.extractor.extract(try Self.seedText())
        let text = Self.swapped(try Self.seedText())
        for (old, new) in Self.swaps {
            #expect(!text.contains(old))
            #expect(Array(old.unicodeScalars).count == Array(new.unicodeScalars).count)
        }
        let extraction = Shared.extractor.extract(text)
        #expect(Self.predicateCounts(extraction) == Self.predicateCounts(original))
        #expect(Self.participants(of: extraction, event: Self.meeting) == Set(Self.participants.map(Self.swapped)))
        // Every original triple maps to a triple of the renamed article.
        let renamed = Set(original.triples.map { Self.swapped($0.description) })
        #expect(Set(extraction.triples.map(\.description)) == renamed)
        #expect(Set(extraction.triples.map(\.description)).contains("\(Self.meeting)\theld_in\t珠海"))
        // Code-point offsets do not move: every name kept its length.
        #expect(extraction.mentions.map(\.span) == original.mentions.map(\.span))
    }
}
