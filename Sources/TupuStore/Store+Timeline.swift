import GRDB
import TupuModel

/// One dated fact about an entity, for ``Store/timeline(_:)``.
public struct TimelineEntry: Sendable, Equatable {
    /// `yyyy-mm-dd` (or as much of it as is known).
    public var date: String
    /// Where the date comes from: `event` (the date of the event the fact is about) or
    /// `published` (the publication date of the document that states it).
    public var dateSource: String
    public var triple: Triple
    /// The document that states the fact, and its headline.
    public var document: String
    public var documentTitle: String?
    public var sentence: String
}

extension Store {
    /// Every fact about the entities named `name` (canonical name or alias, so a series name
    /// covers all of its meetings), each with a date, sorted by date: the date of the event the
    /// fact is about when it has one (深港国际金融城 discussed_at a meeting held on 2022-09-27),
    /// or that of a fact about a dated event in the same sentence (王伟中 promotes 深港国际金融城, in
    /// the speech that raised it at the meeting), else the publication date of the document that
    /// states it. Facts with neither are left
    /// out, as are the facts that name the date itself (held_on, published_on) and the bookkeeping
    /// of a series (instance_of, reported_by).
    ///
    /// ```swift
    /// for entry in try store.timeline("深港国际金融城") { print(entry.date, entry.triple) }
    /// ```
    public func timeline(_ name: String) throws(StoreError) -> [TimelineEntry] {
        let entities = try match(name).entityIDs
        var tripleIDs = Set<Int64>()
        for entity in entities { tripleIDs.formUnion(try self.tripleIDs(touching: entity)) }
        let evidence = try self.evidence(forTriples: tripleIDs.sorted())
        let published = try publicationDates(of: Set(evidence.values.joined().map(\.document)))
        var eventDates: [String: String?] = [:]
        func date(of event: EntityRef) throws(StoreError) -> String? {
            if let known = eventDates[event.name] { return known }
            let found = try triples(subject: event.name, predicate: .heldOn).first { $0.subject == event }?.object.name
            eventDates[event.name] = found
            return found
        }
        let skipped: Set<Predicate> = [.heldOn, .publishedOn, .instanceOf, .reportedBy]
        var entries: [TimelineEntry] = []
        // One row per fact and document (a headline and the body may both state it).
        struct Stated: Hashable {
            var document: String
            var triple: Triple
        }
        var seen = Set<Stated>()
        let items = evidence.values.joined().sorted { ($0.document, $0.start, $0.end) < ($1.document, $1.start, $1.end) }
        for item in items where !skipped.contains(item.triple.predicate) {
            guard seen.insert(Stated(document: item.document, triple: item.triple)).inserted else { continue }
            let event = [item.triple.subject, item.triple.object.entity].compactMap { $0 }.first { $0.kind == .event }
            var when: (String, String)?
            if let event, let dated = try date(of: event) {
                when = (dated, "event")
            } else if let day = published[item.document] {
                when = (day, "published")
            }
            guard let (day, source) = when else { continue }
            entries.append(TimelineEntry(
                date: day, dateSource: source, triple: item.triple, document: item.document, documentTitle: item.documentTitle,
                sentence: item.sentence))
        }
        // A fact stated in the same sentence as one about a dated event happened then too
        // (王伟中 promotes X, in the speech where X is discussed_at the meeting).
        var sentenceDates: [String: String] = [:]
        for entry in entries where entry.dateSource == "event" { sentenceDates[entry.document + "\u{0}" + entry.sentence] = entry.date }
        for index in entries.indices where entries[index].dateSource == "published" {
            if let day = sentenceDates[entries[index].document + "\u{0}" + entries[index].sentence] {
                entries[index].date = day
                entries[index].dateSource = "event"
            }
        }
        return entries.sorted {
            ($0.date, $0.document, $0.triple) < ($1.date, $1.document, $1.triple)
        }
    }

    /// The publication dates of the documents shown by these paths (those that have one).
    private func publicationDates(of paths: Set<String>) throws(StoreError) -> [String: String] {
        var dates: [String: String] = [:]
        for chunk in Self.chunks(paths.sorted()) {
            let rows = try read { db in
                try Row.fetchAll(
                    db, sql: "SELECT path, published FROM document WHERE published IS NOT NULL AND path IN (\(Self.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
            for row in rows { dates[row["path"]] = row["published"] }
        }
        return dates
    }
}
