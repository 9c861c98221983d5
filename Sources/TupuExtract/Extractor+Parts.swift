import TupuModel

/// What a part of a long document takes from the whole document: its script, its publication
/// date (or the year dates default to), its headline, and the event an earlier part named first.
struct PartContext: Sendable {
    /// Whether the document looks traditional, so that every part is converted as the whole is.
    var traditional: Bool
    var publicationDate: DateResolver.YMD?
    var yearHint: Int?
    /// The document's headline in the part's own offsets, when the part holds it.
    var titleLine: Range<Int>?
    /// The first event an earlier part named (participation without a named event defaults to it).
    var documentEvent: EntityRef?
}

extension Extractor {
    /// Texts of more code points than this are extracted in parts of at most this many (far above
    /// any real article), so that what extraction holds at once stays that of one part.
    public static let partLength = 1 << 18

    /// ``extract(_:)`` with parts of at most `partLength` code points (a text no longer is
    /// extracted whole).
    func extract(_ text: String, partLength: Int) -> Extraction {
        // A text of no more UTF-8 bytes than the limit has no more code points either.
        guard text.utf8.count > partLength, text.unicodeScalars.count > partLength else {
            var run = ExtractionRun(shared: shared, text: text)
            return run.run()
        }
        return extractInParts(text, partLength: partLength)
    }

    /// Extracts a long text part by part: parts end at a blank line, else at a line break, else
    /// after a sentence, else at `partLength`. The document's metadata (title, publication
    /// date, the year of dates without one, its script) is read from the whole text first; each
    /// part is extracted with it, its offsets shifted to the whole text, and the parts' findings
    /// are joined in order. Facts are kept once per evidence span as within one text; the parts'
    /// spans never meet, so no fact of one part repeats another's.
    func extractInParts(_ text: String, partLength: Int) -> Extraction {
        let partLength = max(1, partLength)
        // The whole text's scalars and lines are held only while its metadata and parts are read.
        let (metadata, context, ends, header) = {
            var whole = ExtractionRun(shared: shared, text: text)
            let metadata = whole.readMetadata()
            let layout = whole.layout
            let context = PartContext(
                traditional: TraditionalChinese.looksTraditional(layout.original), publicationDate: whole.publicationDate,
                yearHint: whole.yearHint, titleLine: nil, documentEvent: nil)
            let result = Extraction(
                title: metadata.title.map { layout.surface($0) },
                publicationDate: whole.publicationDate?.iso,
                titleSpan: metadata.title.map { Span(start: $0.lowerBound, end: $0.upperBound) },
                publicationSpan: metadata.published.map { Span(start: $0.line.lowerBound, end: $0.line.upperBound) })
            return (metadata, context, Self.partEnds(of: layout.original, partLength: partLength), result)
        }()
        var result = header
        var aliases = Set<Alias>()
        var documentEvent: EntityRef?
        var start = 0
        var startIndex = text.unicodeScalars.startIndex
        for end in ends {
            let endIndex = text.unicodeScalars.index(startIndex, offsetBy: end - start)
            let partText = String(text.unicodeScalars[startIndex..<endIndex])
            let titleLine = metadata.headline.flatMap { line in
                line.lowerBound >= start && line.upperBound <= end ? (line.lowerBound - start)..<(line.upperBound - start) : nil
            }
            var partContext = context
            partContext.titleLine = titleLine
            partContext.documentEvent = documentEvent
            var run = ExtractionRun(shared: shared, text: partText, part: partContext)
            let found = run.run()
            documentEvent = documentEvent ?? run.documentEvent
            let offset = start
            func shifted(_ span: Span) -> Span { Span(start: span.start + offset, end: span.end + offset) }
            result.mentions += found.mentions.map { mention in
                var moved = mention
                moved.span = shifted(mention.span)
                return moved
            }
            result.dates += found.dates.map { date in
                var moved = date
                moved.span = shifted(date.span)
                return moved
            }
            result.facts += found.facts.map { fact in
                var moved = fact
                moved.evidence.sentence = shifted(fact.evidence.sentence)
                moved.evidence.span = shifted(fact.evidence.span)
                return moved
            }
            aliases.formUnion(found.aliases)
            start = end
            startIndex = endIndex
        }
        result.aliases = aliases.sorted()
        return result
    }

    /// Where each part of `scalars` ends (the last at `scalars.count`): each part holds at most
    /// `partLength` scalars and ends after a blank line in its second half, else after its last
    /// line break, else after its last sentence, else at `partLength`.
    static func partEnds(of scalars: [Unicode.Scalar], partLength: Int) -> [Int] {
        var ends: [Int] = []
        var start = 0
        while scalars.count - start > partLength {
            let limit = start + partLength
            var lineEnd: Int?
            var paragraphEnd: Int?
            // The line break after the one being looked at, and whether only spaces lie between.
            var nextBreak: Int?
            var blankSinceNextBreak = true
            var position = limit - 1
            while position >= start + partLength / 2 {
                let scalar = scalars[position]
                if scalar == "\n" {
                    if lineEnd == nil { lineEnd = position + 1 }
                    if let nextBreak, blankSinceNextBreak {
                        paragraphEnd = nextBreak + 1
                        break
                    }
                    nextBreak = position
                    blankSinceNextBreak = true
                } else if !scalar.properties.isWhitespace {
                    blankSinceNextBreak = false
                }
                position -= 1
            }
            var end = paragraphEnd ?? lineEnd
            if end == nil {
                end = (start..<limit).last { scalars[$0] == "\n" }.map { $0 + 1 }
                    ?? (start..<limit).last { TextLayout.isSentenceEnder(scalars[$0]) }.map { $0 + 1 }
            }
            let cut = end ?? limit
            ends.append(cut)
            start = cut
        }
        ends.append(scalars.count)
        return ends
    }
}
