import Foundation
import Testing
import TupuExtract
import TupuModel

/// The bundled rules, loaded once for the whole test target (loading parses every lexicon).
enum Shared {
    static let rules: RuleSet = {
        do {
            return try RuleSet.load()
        } catch {
            fatalError("the bundled lexicons do not load: \(error)")
        }
    }()

    static let extractor = Extractor(rules: rules)
}

/// A mention a fixture expects, at the code-point span of the stripped text.
struct ExpectedMention: Hashable, CustomStringConvertible {
    var kind: EntityKind
    /// The canonical name of the entity.
    var name: String
    /// The text as written (differs from `name` for 杭州市 → 杭州).
    var surface: String
    var span: Span

    var description: String { "\(kind.rawValue):\(name) '\(surface)' [\(span.start),\(span.end))" }
}

/// Chinese text with inline markers that state the mentions expected at their exact positions.
///
/// `⟦kind:text⟧` marks `text` as a mention of kind `kind` whose name is `text`;
/// `⟦kind:text|name⟧` gives a canonical name different from the surface (`⟦place:杭州市|杭州⟧`).
/// Markers nest (an event name that holds a document name in 《》).
struct Fixture {
    /// The text without markers, as handed to the extractor.
    let text: String
    let expected: [ExpectedMention]

    init(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var stripped = String.UnicodeScalarView()
        var offset = 0
        var open: [(kind: String, start: Int, surface: String.UnicodeScalarView, name: String?)] = []
        var expected: [ExpectedMention] = []
        var scalars = Array(marked.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "⟦":
                var kind = ""
                while let next = scalars.popFirst(), next != ":" { kind.unicodeScalars.append(next) }
                open.append((kind, offset, String.UnicodeScalarView(), nil))
            case "|" where !open.isEmpty:
                var name = ""
                while let next = scalars.first, next != "⟧" {
                    name.unicodeScalars.append(next)
                    scalars.removeFirst()
                }
                open[open.count - 1].name = name
            case "⟧" where !open.isEmpty:
                let marker = open.removeLast()
                let surface = String(marker.surface)
                guard let kind = EntityKind(rawValue: marker.kind) else {
                    Issue.record("unknown entity kind '\(marker.kind)' in a fixture marker", sourceLocation: sourceLocation)
                    continue
                }
                expected.append(
                    ExpectedMention(
                        kind: kind, name: marker.name ?? surface, surface: surface,
                        span: Span(start: marker.start, end: offset)))
            default:
                stripped.append(scalar)
                offset += 1
                for index in open.indices { open[index].surface.append(scalar) }
            }
        }
        if !open.isEmpty {
            Issue.record("a fixture marker is not closed", sourceLocation: sourceLocation)
        }
        self.text = String(stripped)
        self.expected = expected.sorted { $0.span < $1.span }
    }

    /// The code-point offset of the `occurrence`-th (0-based) appearance of `needle` in the stripped text.
    func offset(of needle: String, occurrence: Int = 0) -> Int? {
        scalarOffsets(of: needle, in: text).dropFirst(occurrence).first
    }
}

/// Every code-point offset at which `needle` starts in `text`.
func scalarOffsets(of needle: String, in text: String) -> [Int] {
    let haystack = Array(text.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    guard !pattern.isEmpty, pattern.count <= haystack.count else { return [] }
    return (0...(haystack.count - pattern.count)).filter { haystack[$0..<($0 + pattern.count)].elementsEqual(pattern) }
}

/// How the expected facts of a fixture are compared with the extracted triples.
enum FactCheck {
    /// Every expected fact must be extracted; others may be too.
    case atLeast
    /// For these predicates the extracted triples must be exactly the expected ones
    /// (facts of other predicates must be present but others may be extracted as well).
    case exactly([TupuModel.Predicate])
}

/// Runs the extractor on a marked fixture and checks its mentions and facts.
///
/// - Parameters:
///   - marked: the text with `⟦kind:text⟧` markers; every marked mention must be extracted
///     with that kind, name and span.
///   - facts: expected triples as `"subject\tpredicate\tobject"` (``Triple/description``).
///   - check: `.atLeast` or `.exactly([predicates])`.
///   - absent: triples that must not be extracted.
@discardableResult
func assertExtraction(
    _ marked: String,
    facts: [String] = [],
    _ check: FactCheck = .atLeast,
    absent: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) -> (fixture: Fixture, extraction: Extraction) {
    let fixture = Fixture(marked, sourceLocation: sourceLocation)
    let extraction = Shared.extractor.extract(fixture.text)
    let found = Set(extraction.mentions.map {
        ExpectedMention(kind: $0.entity.kind, name: $0.entity.name, surface: $0.surface, span: $0.span)
    })
    for mention in fixture.expected where !found.contains(mention) {
        let near = extraction.mentions.filter { $0.span.start < mention.span.end && mention.span.start < $0.span.end }
            .map { "\($0.entity) '\($0.surface)' [\($0.span.start),\($0.span.end)) \($0.rule)" }
        Issue.record(
            "missing mention \(mention) in \(fixture.text); overlapping mentions: \(near)",
            sourceLocation: sourceLocation)
    }
    let triples = Set(extraction.triples.map(\.description))
    for fact in facts where !triples.contains(fact) {
        Issue.record("missing fact \(fact.debugDescription)", sourceLocation: sourceLocation)
    }
    for fact in absent where triples.contains(fact) {
        Issue.record("unexpected fact \(fact.debugDescription)", sourceLocation: sourceLocation)
    }
    if case .exactly(let predicates) = check {
        for predicate in predicates {
            let expected = Set(facts.filter { predicateName(of: $0) == predicate.rawValue })
            let actual = Set(extraction.triples.filter { $0.predicate == predicate }.map(\.description))
            for extra in actual.subtracting(expected).sorted() {
                Issue.record("unexpected \(predicate.rawValue) fact \(extra.debugDescription)", sourceLocation: sourceLocation)
            }
        }
    }
    return (fixture, extraction)
}

private func predicateName(of fact: String) -> String {
    let fields = fact.split(separator: "\t", omittingEmptySubsequences: false)
    return fields.count == 3 ? String(fields[1]) : ""
}

extension Extraction {
    /// The facts whose triple prints as `description`.
    func facts(_ description: String) -> [Fact] {
        facts.filter { $0.triple.description == description }
    }

    /// The triples of one predicate as `subject→object`, in the extraction's order.
    func pairs(_ predicate: TupuModel.Predicate) -> [String] {
        triples.filter { $0.predicate == predicate }.map { "\($0.subject.name)→\($0.object.name)" }
    }

    /// The names of the entities of one kind.
    func names(_ kind: EntityKind) -> Set<String> {
        Set(entities.filter { $0.kind == kind }.map(\.name))
    }

    /// The triples of one predicate, each as `subject<TAB>predicate<TAB>object`.
    func triples(_ predicate: TupuModel.Predicate) -> Set<String> {
        Set(triples.filter { $0.predicate == predicate }.map(\.description))
    }

    /// The mention at exactly `span`, if any.
    func mention(at span: Span) -> Mention? {
        mentions.first { $0.span == span }
    }
}
