import ArgumentParser
import Foundation
import TupuModel
import TupuStore

enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    case table, tsv, jsonl
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the graph with one triple pattern: SUBJECT PREDICATE OBJECT.",
        discussion: """
            Each term is a name (as stored, or an alias), or a variable such as ?p that matches \
            anything. The predicate is an id (attended, presided, spoke_at, reported_at, visited, \
            met_with, holds_role, held_in, held_on, located_in) or its Chinese label (出席, 主持, \
            讲话, 汇报, 考察, 会见, 担任, 举办地, 日期, 位于). Quote a name that contains spaces.

            Examples:
              tupu query '?p attended ?e'      # who attended what
              tupu query '王伟中 担任 ?role'     # the roles of one person
              tupu query '?p visited 深圳国际仲裁院'
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "Output: an aligned table, tsv or jsonl.")
    var format: RowFormat = .table

    @Argument(help: ArgumentHelp("The pattern, e.g. '?p attended ?e'.", valueName: "pattern"))
    var pattern: String

    func run() throws {
        let terms: [QueryTerm]
        do {
            terms = try QueryTerm.parse(pattern)
        } catch let error as QueryTerm.SyntaxError {
            printError("tupu: \(error)")
            throw ExitCode(64)
        }
        try report {
            let subject = terms[0], object = terms[2]
            guard case .name(let predicateName) = terms[1], let predicate = Predicate(label: predicateName) else {
                printError(
                    "tupu: the predicate must be one of: "
                        + Predicate.allCases.map { "\($0.rawValue) (\($0.chineseLabel))" }.joined(separator: ", "))
                throw ExitCode(64)
            }
            let store = try database.open(readOnly: true)
            let triples = try storeCall { try store.triples(subject: subject.name, predicate: predicate, object: object.name) }
            var header: [String] = []
            var pick: [(Triple) -> String] = []
            for (term, getter) in [(subject, { (t: Triple) in t.subject.name }), (object, { (t: Triple) in t.object.name })] {
                if case .variable(let name) = term {
                    header.append(name)
                    pick.append(getter)
                }
            }
            if header.isEmpty {
                header = ["subject", "predicate", "object"]
                pick = [{ $0.subject.name }, { $0.predicate.rawValue }, { $0.object.name }]
            }
            let rows = triples.map { triple in pick.map { $0(triple) } }
            switch format {
            case .table:
                print(alignedTable(header: header, rows: rows))
            case .tsv:
                print(header.joined(separator: "\t"))
                for row in rows { print(row.map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t")) }
            case .jsonl:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for row in rows {
                    let object = Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first })
                    let data = try encoder.encode(object)
                    print(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }
}

/// A term of a triple pattern: a variable (`?p`) or a name.
enum QueryTerm: Equatable {
    case variable(String)
    case name(String)

    var name: String? {
        if case .name(let name) = self { name } else { nil }
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var pattern: String
        var offset: Int
        var expected: String

        var description: String {
            let caretLine = String(repeating: " ", count: displayWidth(String(pattern.prefix(offset)))) + "^"
            return "query syntax error at character \(offset + 1): expected \(expected)\n  \(pattern)\n  \(caretLine)"
        }
    }

    /// Splits `S P O` into three terms; names may be quoted with "…" (\" inside quotes).
    static func parse(_ pattern: String) throws -> [QueryTerm] {
        let characters = Array(pattern)
        var terms: [QueryTerm] = []
        var index = 0
        while index < characters.count {
            if characters[index].isWhitespace {
                index += 1
                continue
            }
            let start = index
            var text = ""
            if characters[index] == "\"" {
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "\\", index + 1 < characters.count {
                        text.append(characters[index + 1])
                        index += 2
                        continue
                    }
                    if characters[index] == "\"" {
                        closed = true
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                guard closed else { throw SyntaxError(pattern: pattern, offset: start, expected: "a closing \" for this quoted name") }
                terms.append(.name(text))
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    text.append(characters[index])
                    index += 1
                }
                if text.hasPrefix("?") {
                    let name = String(text.dropFirst())
                    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                        throw SyntaxError(pattern: pattern, offset: start, expected: "a variable name after ? (letters, digits, _)")
                    }
                    terms.append(.variable(name))
                } else {
                    terms.append(.name(text))
                }
            }
            if terms.count > 3 {
                throw SyntaxError(pattern: pattern, offset: start, expected: "the end of the pattern after SUBJECT PREDICATE OBJECT")
            }
        }
        guard terms.count == 3 else {
            throw SyntaxError(pattern: pattern, offset: characters.count, expected: ["a subject", "a predicate", "an object"][terms.count])
        }
        return terms
    }
}
