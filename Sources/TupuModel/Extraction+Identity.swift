/// How the store names events and documents, so that one happening is one node.
///
/// Extraction names an event as the text does (`省委常委会会议`). The same name recurs: a
/// standing committee meets every week. So the store keeps each *instance* under its name
/// followed by what pins it down, in full-width parentheses:
///
/// - its date, when the document dates it (a full `yyyy-mm-dd` `held_on`): `省委常委会会议（2023-05-12）`.
///   Two articles about the same meeting on the same day give one event, with evidence from both;
///   the same name on another day is another event.
/// - else the document that reports it: `植树活动（文档 3f2a9c1b）` (the first eight hex digits of
///   the document's content hash). An undated event is never merged with another article's: two
///   articles that name an undated 座谈会 may well report two meetings.
///
/// A numbered event (党的二十大, 省第十三次党代会, 第三十届…展览会) names itself and keeps its
/// name (``EventInstance/namesItself(_:)``).
///
/// The place is not part of the identity: an article often dates a meeting without naming the
/// hall, and another names the hall; keyed by place, one meeting would become two.
///
/// Every instance keeps the bare name as an alias, and an `instance_of` fact whose object is
/// the bare name (the *series*): `?e instance_of 省委常委会会议 . ?e held_on ?d` asks for every
/// meeting of the series.
///
/// The article itself becomes an entity of kind `document` named by its headline and hash
/// (`…现场会召开（文档 74a9a881）`), with `published_on` its publication date and each event it
/// reports `reported_by` it.
///
/// ## Topics
/// - ``identified(contentHash:)``
/// - ``EventInstance``
extension Extraction {
    /// This extraction as the store keeps it: events named as instances, the document an entity.
    ///
    /// ```swift
    /// let stored = extraction.identified(contentHash: "74a9a881fb5bd59e…")
    /// // 全省…现场会 → 全省…现场会（2022-09-27）, plus instance_of, reported_by, published_on
    /// ```
    public func identified(contentHash: String) -> Extraction {
        let documentTag = EventInstance.documentTag(contentHash)
        var dates: [EntityRef: String] = [:]
        for fact in facts where fact.triple.predicate == .heldOn && fact.triple.subject.kind == .event {
            let date = fact.triple.object.name
            guard EventInstance.isFullDate(date) else { continue }
            if let known = dates[fact.triple.subject], known <= date { continue }
            dates[fact.triple.subject] = date
        }
        var renamed: [EntityRef: EntityRef] = [:]
        // The events that keep their name, each looked at once, however often it is named.
        var keepTheirName: Set<EntityRef> = []
        func instance(_ ref: EntityRef) -> EntityRef {
            guard ref.kind == .event else { return ref }
            if let known = renamed[ref] { return known }
            if keepTheirName.contains(ref) { return ref }
            if EventInstance.namesItself(ref.name) {
                keepTheirName.insert(ref)
                return ref
            }
            let named = EntityRef(.event, EventInstance.name(series: ref.name, qualifier: dates[ref] ?? documentTag))
            renamed[ref] = named
            return named
        }
        var result = self
        result.facts = facts.map { fact in
            var triple = fact.triple
            triple.subject = instance(triple.subject)
            if case .entity(let object) = triple.object { triple.object = .entity(instance(object)) }
            return Fact(triple, evidence: fact.evidence)
        }
        result.mentions = mentions.map { Mention(entity: instance($0.entity), span: $0.span, surface: $0.surface, rule: $0.rule) }
        result.aliases = aliases.map { Alias(entity: instance($0.entity), alias: $0.alias, rule: $0.rule) }

        let document = EntityRef(.document, EventInstance.name(series: title ?? "无标题", qualifier: documentTag))
        if let date = publicationDate, let span = publicationSpan {
            result.facts.append(Fact(
                Triple(document, .publishedOn, .entity(EntityRef(.date, date))),
                evidence: Evidence(sentence: span, span: span, rule: "document.published", confidence: 1)))
        }
        if let span = titleSpan {
            result.mentions.append(Mention(entity: document, span: span, surface: title ?? "", rule: "document.headline"))
        }
        // Each event: its series and the document, both evidenced where the event is first
        // stated as a fact.
        var firstEvidence: [EntityRef: Evidence] = [:]
        for fact in facts {
            for ref in [fact.triple.subject, fact.triple.object.entity].compactMap({ $0 }) where ref.kind == .event {
                if firstEvidence[ref] == nil { firstEvidence[ref] = fact.evidence }
            }
        }
        for (event, named) in renamed.sorted(by: { $0.value < $1.value }) {
            result.aliases.append(Alias(entity: named, alias: event.name, rule: "event.series"))
            guard let evidence = firstEvidence[event] else { continue }
            let stated = Evidence(sentence: evidence.sentence, span: evidence.span, rule: "event.series", confidence: 1)
            result.facts.append(Fact(Triple(named, .instanceOf, .literal(event.name)), evidence: stated))
            let reported = Evidence(sentence: evidence.sentence, span: evidence.span, rule: "event.reported", confidence: 1)
            result.facts.append(Fact(Triple(named, .reportedBy, .entity(document)), evidence: reported))
        }
        return result
    }
}

/// The parts of an instance name: `省委常委会会议（2023-05-12）` is the series `省委常委会会议`
/// qualified by `2023-05-12`; `植树活动（文档 3f2a9c1b）` by its document.
public struct EventInstance: Hashable, Sendable {
    public var series: String
    public var qualifier: String

    /// Splits an instance name; nil when `name` does not end in a qualifier this type writes.
    public init?(name: String) {
        guard name.hasSuffix("）"), let open = name.lastIndex(of: "（") else { return nil }
        let inner = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        guard Self.isFullDate(inner) || Self.isDocumentTag(inner) else { return nil }
        series = String(name[..<open])
        qualifier = inner
    }

    /// The qualifier's date, when the instance is dated.
    public var date: String? { Self.isFullDate(qualifier) ? qualifier : nil }

    /// The eight hex digits of the qualifier (the first of a document's content hash), when it
    /// is a document's tag (``documentTag(_:)``).
    public var documentHashPrefix: String? { Self.isDocumentTag(qualifier) ? String(qualifier.dropFirst(3)) : nil }

    /// Whether an event's name pins it down by itself, being numbered: 党的二十大,
    /// 省第十三次党代会, 十九届六中全会, 第三十届澳门国际贸易投资展览会. Such an event keeps its name.
    public static func namesItself(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case "0"..."9", "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千": true
            default: false
            }
        }
        for (index, scalar) in scalars.enumerated() where isNumeral(scalar) {
            let previous = index > 0 ? scalars[index - 1] : " "
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            if isNumeral(next) { continue }
            // 第十三次, 第三十届: an ordinal; 十九届, 二十大 (at the end): a numbered congress.
            var start = index
            while start > 0, isNumeral(scalars[start - 1]) { start -= 1 }
            let opensOrdinal = start > 0 && scalars[start - 1] == "第"
            if opensOrdinal, "次届期".unicodeScalars.contains(next) { return true }
            if next == "届" { return true }
            if next == "大", index + 2 == scalars.count, previous != "第" { return true }
        }
        return false
    }

    /// `series（qualifier）`.
    public static func name(series: String, qualifier: String) -> String {
        "\(series)（\(qualifier)）"
    }

    /// `文档 ` and the first eight hex digits of a content hash.
    public static func documentTag(_ contentHash: String) -> String {
        "文档 " + contentHash.prefix(8)
    }

    static func isDocumentTag(_ text: String) -> Bool {
        guard text.hasPrefix("文档 ") else { return false }
        let hex = text.dropFirst(3)
        return hex.count == 8 && hex.allSatisfy(\.isHexDigit)
    }

    /// `yyyy-mm-dd` with digits only (the form `held_on` takes once a date is resolved).
    public static func isFullDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
