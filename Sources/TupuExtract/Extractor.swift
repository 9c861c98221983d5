import TupuModel
import TupuTagger

/// Turns the text of one news article into entities, mentions and facts with evidence.
///
/// Extraction is pure: the same text and rules give the same ``Extraction``, with no I/O.
///
/// ```swift
/// let extractor = Extractor(rules: try RuleSet.load())
/// let result = extractor.extract("9月27日,省委书记李希出席会议并讲话。")
/// ```
public struct Extractor: Sendable {
    public var rules: RuleSet { shared.rules }
    /// The rules behind one reference, so that each extraction holds them without copying every
    /// lexicon table (a copy of the struct retains and releases each of their buffers).
    let shared: SharedRules

    /// The learned name recognizer used beside the rules, if any.
    public var tagger: NameTagger? { shared.tagger }

    /// An extractor with the rules and the bundled name model (``NameTagger/bundled``); pass
    /// `tagger: nil` for the rules alone.
    public init(rules: RuleSet, tagger: NameTagger? = NameTagger.bundled) {
        shared = SharedRules(rules, tagger: tagger)
    }

    /// A text of more than ``partLength`` code points is extracted in parts (see
    /// ``extractInParts(_:partLength:)``); a shorter one whole.
    public func extract(_ text: String) -> Extraction {
        extract(text, partLength: Self.partLength)
    }

    /// ``extract(_:)`` with ``ExtractionRun/work``: for tests of how the work grows with the text.
    func extractCountingWork(_ text: String) -> (extraction: Extraction, work: Int) {
        var run = ExtractionRun(shared: shared, text: text)
        let extraction = run.run()
        return (extraction, run.work)
    }
}

/// A rule set shared by reference between an extractor and its extractions.
final class SharedRules: Sendable {
    let rules: RuleSet
    let tagger: NameTagger?
    /// The rule set's relative day words, for the date resolvers of every extraction.
    let relativeDays: DateResolver.RelativeDays

    init(_ rules: RuleSet, tagger: NameTagger?) {
        self.rules = rules
        self.tagger = tagger
        relativeDays = DateResolver.RelativeDays(rules.relativeDays)
    }
}

/// A rule of the extractor: the name its facts and mentions record (`tupu why` shows it, and a
/// query can filter on it) and the confidence its facts carry.
struct Rule: Sendable, Equatable {
    let name: String
    let confidence: Double

    init(_ name: String, _ confidence: Double) {
        self.name = name
        self.confidence = confidence
    }

    static let roleBeforeName = Rule("role.title-before-name", 0.95)
    static let roleAfterName = Rule("role.title-after-name", 0.85)
    static let electedTo = Rule("role.elected-to", 0.85)
    static let surnameTitle = Rule("person.surname-title", 0.8)
    static let pronoun = Rule("person.pronoun-carry-over", 0.75)
    static let shortTitle = Rule("document.short-form", 0.9)
    static let groupList = Rule("person.group-list", 0.9)
    static let sharedTitle = Rule("role.shared-by-list", 0.85)
    static let siteListItem = Rule("site.list-item", 0.75)
    static let organizationLexicon = Rule("organization.known-name", 0.9)
    static let knownName = Rule("person.known-name", 0.9)
    static let bookTitle = Rule("document.book-title-marks", 0.95)
    static let namedEvent = Rule("event.named-before-held-cue", 0.9)
    static let referredEvent = Rule("event.referred", 0.8)
    static let eventAfterCue = Rule("event.named-after-participation-cue", 0.85)
    static let eventReference = Rule("event.reference", 0.8)
    static let placeLexicon = Rule("place.administrative-division", 0.9)
    static let nameSuffix = Rule("name.suffix", 0.8)
    static let dateExpression = Rule("date.expression", 0.9)
    static let participation = Rule("participation.cue", 0.9)
    static let participationCarried = Rule("participation.cue-after-list", 0.85)
    static let guestList = Rule("participation.guest-list", 0.8)
    static let participationDefaultEvent = Rule("participation.cue-document-event", 0.6)
    static let reportedSpeech = Rule("participation.reported-speech", 0.7)
    static let visit = Rule("visit.cue-objects", 0.85)
    static let presence = Rule("visit.presence", 0.75)
    static let meeting = Rule("meeting.cue", 0.85)
    static let heldIn = Rule("event.held-in-place", 0.9)
    static let heldOn = Rule("event.held-on-date", 0.85)
    static let locatedIn = Rule("located-in.stated", 0.85)
    static let modelName = Rule("name.model", 0.8)
    static let listMate = Rule("person.list-mate", 0.8)
    static let quotedInitiative = Rule("initiative.quoted", 0.8)
    static let collectiveInitiative = Rule("initiative.collective-list", 0.8)
    static let promotedInSpeech = Rule("promotes.speech", 0.75)
    static let promotedInitiative = Rule("promotes.stated", 0.85)
    static let inspectedInitiative = Rule("promotes.inspected", 0.8)
    static let discussedAt = Rule("discussed-at.speech", 0.75)
    static let partOf = Rule("part-of.stated", 0.85)
    static let coordinatedPlace = Rule("place.coordinated", 0.7)
    static let byline = Rule("role.byline", 0.9)
    static let bylinePerson = Rule("person.byline", 0.85)
    static let congress = Rule("event.numbered-congress", 0.9)
}

/// A mention candidate before overlaps are resolved.
/// Something found in the text with a range, kept in lists sorted by where it starts.
protocol StartSorted {
    var range: Range<Int> { get }
}

struct Candidate: Sendable, StartSorted {
    var range: Range<Int>
    var entity: EntityRef
    var rule: String
    /// Higher wins an overlap; equal priorities prefer the longer span.
    var priority: Int
    /// What the candidate is: a name, a name nested in a book title, or a reference.
    var form: Form = .name(strong: false)
    /// For role-before-name persons: the role chain that precedes the name.
    var roles: [Range<Int>] = []
    /// For events: named where someone takes part in it (出席X, 主持X) or where it is held
    /// (X在Y召开), not only where a plan or a speech names it (定期举办X).
    var takenPart = false

    /// What a candidate is.
    enum Form: Sendable, Equatable {
        /// A name written out. `strong`: an organization known by name or by a strong suffix,
        /// which may be named inside a title (商务部副部长), where weak ones (市委 of 市委书记)
        /// are left to the title.
        case name(strong: Bool)
        /// A name in 《》 inside an event name: it never blocks others nor is blocked.
        case nested
        /// A generic event reference (会议, 会上) resolved to a named event later; `suffix`, for a
        /// bare event word (签约仪式, 座谈会): the named event it refers to ends with it.
        case eventReference(suffix: String?)
        /// 他, 她 before a verb: resolved to the last person named before.
        case pronoun
    }

    // (Matched, not compared: a comparison copies the form out of the candidate first.)
    var nests: Bool {
        if case .nested = form { return true }
        return false
    }
    var strongName: Bool {
        if case .name(strong: true) = form { return true }
        return false
    }
    var isPronoun: Bool {
        if case .pronoun = form { return true }
        return false
    }
    /// A numbered congress (党的二十大) or an event named only as referred to (贯彻…会议精神): no
    /// reference resolves to it and the article's own event is another.
    var isReferredEvent: Bool { rule == Rule.congress.name || rule == Rule.referredEvent.name }
    var isEventReference: Bool {
        if case .eventReference = form { return true }
        return false
    }
    var referenceSuffix: String? {
        if case .eventReference(let suffix) = form { return suffix }
        return nil
    }
    /// Named inside another mention (老挝 of 老挝总理, 日本 of 日本政府): a mention of its own, but no
    /// site or venue of a fact.
    var insideName = false

    /// References that stand for an entity named elsewhere; they take part in facts but are not
    /// mentions of their own.
    var isReference: Bool { isEventReference || isPronoun }
}

extension ArraySlice where Element == Candidate {
    /// The candidates for which `isKept` holds, in order. The test is given an index and reads the
    /// candidate there in place (`filter` hands it a copy of every candidate); only the kept ones
    /// are copied.
    func kept(where isKept: (Int) -> Bool) -> [Candidate] {
        var result: [Candidate] = []
        for index in indices where isKept(index) { result.append(self[index]) }
        return result
    }
}

/// The state of one extraction: the text, its layout and everything found so far.
struct ExtractionRun {
    let shared: SharedRules
    /// The lexicons, read in place from the shared rule set.
    var rules: RuleSet { shared.rules }
    let text: String
    let layout: TextLayout
    var publicationDate: DateResolver.YMD?
    /// The first year the text names, for month-day dates when there is no publication date.
    var yearHint: Int?
    /// The headline's line, when the text has one.
    var titleLine: Range<Int>?
    /// Clauses that are 在 and a list of sites, whose subject was there (在X、Y等企业，P强调).
    var presenceClauses = Set<Range<Int>>()
    var candidates: [Candidate] = []
    /// The learned model's names in the content lines, in text order (empty without a model).
    var modelSpans: [NameSpan] = []
    /// Where the model's person names start, and where each ends.
    var modelPersonEnds = PositionMap()
    /// Where the model's person names end.
    var modelPersonFinishes = PositionSet()
    /// Where the model's place names start.
    var modelPlaceStarts = PositionSet()
    /// For each position strictly inside one of the model's place names, where that name ends.
    var modelPlaceInteriors = PositionMap()
    /// Person names found so far, so that a title chain stops at a name written inside it.
    var knownNames = PhraseTable<Void>(capacity: 16)
    var mentions: [Candidate] = []
    var facts: [Fact] = []
    /// The index of the last fact of each evidence span, for ``addFact`` to keep each fact once.
    var factsBySpan: [Span: Int] = [:]
    /// For each fact, the fact before it with the same evidence span (-1: none).
    var earlierFactWithSpan: [Int] = []
    /// What this text takes from its document when it is a part of a long one (nil: the whole text).
    let part: PartContext?
    /// The event facts of participation default to (the first one named), once the facts are found.
    var documentEvent: EntityRef?
    /// Steps taken where the work used to grow with the square of the text: candidates checked
    /// against the positions already taken (one step per position) and facts kept.
    var work = 0

    init(shared: SharedRules, text: String, part: PartContext? = nil) {
        self.shared = shared
        self.text = text
        self.part = part
        self.layout = TextLayout(text, part: part) { scalars, line in
            // 编辑李仁臣、著名经济学家…出席。: a long line of sentences is content, whatever word opens it.
            shared.rules.chromePrefixes.longestMatch(in: scalars, at: line.lowerBound, limit: line.upperBound) != nil
                && (line.count <= 40 || !line.contains { scalars[$0] == "。" || scalars[$0] == "！" || scalars[$0] == "？" })
        }
    }

    var scalars: [Unicode.Scalar] { layout.scalars }

    mutating func run() -> Extraction {
        let metadata: DocumentMetadata
        if let part {
            // A part's document metadata is the whole document's (its spans are the part's own
            // title and publication lines, left unused).
            metadata = DocumentMetadata(published: nil, headline: part.titleLine, title: nil)
            publicationDate = part.publicationDate
            yearHint = part.yearHint
        } else {
            metadata = readMetadata()
        }
        let published = metadata.published
        let title = metadata.title
        titleLine = metadata.headline
        findPersons()
        findOtherEntities()
        resolveMentions()
        // The candidates are mentions now: free them (and the model's spans) before the facts,
        // so that a large text does not hold both at once.
        candidates = []
        modelSpans = []
        modelPersonEnds = PositionMap()
        modelPersonFinishes = PositionSet()
        modelPlaceStarts = PositionSet()
        modelPlaceInteriors = PositionMap()
        findRelations()
        factsBySpan = [:]
        earlierFactWithSpan = []
        // Sorted in place: a large text's mentions are not held twice. Each surface is made once,
        // for its mention and for the aliases.
        var surfaces = [String?](repeating: nil, count: mentions.count)
        var named: [Mention] = []
        named.reserveCapacity(mentions.count)
        for index in mentions.indices where !mentions[index].isReference {
            let surface = layout.surface(mentions[index].range)
            surfaces[index] = surface
            named.append(Mention(entity: mentions[index].entity, span: span(mentions[index].range), surface: surface, rule: mentions[index].rule))
        }
        // The order of `named.sort()`: by span, then kind, then name.
        named = Self.sortedByIndex(named) { a, b in
            if a.span != b.span { return a.span < b.span }
            if a.entity.kind != b.entity.kind { return a.entity.kind < b.entity.kind }
            return a.entity.name < b.entity.name
        }
        return Extraction(
            title: title.map { layout.surface($0) },
            publicationDate: publicationDate?.iso,
            mentions: named,
            aliases: aliases(surfaces: surfaces),
            facts: facts,
            dates: findDateExpressions(),
            titleSpan: title.map(span),
            publicationSpan: published.map { span($0.line) })
    }

    /// The elements in the order a stable `sort(by: precedes)` gives them, found by sorting their
    /// indices: the sort moves integers, not elements and the strings they hold (each move of
    /// a mention or alias copied and released its strings).
    static func sortedByIndex<Element>(_ elements: [Element], by precedes: (Element, Element) -> Bool) -> [Element] {
        var order = Array(elements.indices)
        elements.withUnsafeBufferPointer { elements in
            order.sort { precedes(elements[$0], elements[$1]) }
        }
        return order.map { elements[$0] }
    }

    /// The publication date and its line, the headline, and the title (a front matter block's
    /// `title`, else the headline) of a whole text. Sets ``publicationDate`` and ``yearHint``.
    mutating func readMetadata() -> DocumentMetadata {
        // A front matter block's `published` (or `date`) and `title` win over what the text shows.
        let stated = (layout.frontMatter["published"] ?? layout.frontMatter["date"]).flatMap { range in
            DateResolver.absoluteDate(in: scalars[range]).map { (date: $0, line: range) }
        }
        let published = stated ?? findPublicationDate()
        publicationDate = published?.date
        if publicationDate == nil { yearHint = DateResolver.firstYear(in: scalars) }
        let headline = findTitle()
        let title = layout.frontMatter["title"].flatMap { $0.isEmpty ? nil : $0 } ?? headline
        return DocumentMetadata(published: published, headline: headline, title: title)
    }

    /// What ``readMetadata()`` finds.
    struct DocumentMetadata {
        var published: (date: DateResolver.YMD, line: Range<Int>)?
        var headline: Range<Int>?
        var title: Range<Int>?
    }

    func span(_ range: Range<Int>) -> Span {
        Span(start: range.lowerBound, end: range.upperBound)
    }

    // MARK: Document metadata

    /// The date on a chrome line such as `发布时间:2022-09-28`, else the first full date in the
    /// opening lines, else one in the closing lines (a print edition's `（2020年08月25日 04 版）`).
    /// Returns the date and the line it was read from.
    func findPublicationDate() -> (date: DateResolver.YMD, line: Range<Int>)? {
        for line in layout.chromeLines {
            if let date = DateResolver.absoluteDate(in: scalars[line]) { return (date, line) }
        }
        for line in layout.contentLines.prefix(4) {
            if let date = DateResolver.absoluteDate(in: scalars[line]) { return (date, line) }
        }
        for line in layout.contentLines.suffix(2).reversed() where line.count <= 40 {
            if let date = DateResolver.absoluteDate(in: scalars[line]) { return (date, line) }
        }
        return nil
    }

    /// The headline: the last short line without sentence punctuation before the first chrome line
    /// that follows it (a site banner may precede it), else the first such line.
    func findTitle() -> Range<Int>? {
        let firstSentenceLine = layout.contentLines.first { line in
            line.contains { TextLayout.isSentenceEnder(scalars[$0]) }
        }
        let headerLines = layout.contentLines.filter { line in
            line.count <= 120 && (firstSentenceLine.map { line.upperBound <= $0.lowerBound } ?? true)
        }
        if let firstChrome = layout.chromeLines.first,
            let beforeChrome = headerLines.last(where: { $0.upperBound <= firstChrome.lowerBound })
        {
            return beforeChrome
        }
        return headerLines.first
    }

    /// Whether `word` is written at `position`, ending at or before `limit`.
    @inline(__always)
    func occurs(_ word: [Unicode.Scalar], at position: Int, limit: Int) -> Bool {
        guard let first = word.first, position + word.count <= limit, scalars[position] == first else { return false }
        return scalars[position..<(position + word.count)].elementsEqual(word)
    }

    func dateResolver() -> DateResolver {
        DateResolver(reference: publicationDate, yearHint: yearHint, days: shared.relativeDays)
    }
}
