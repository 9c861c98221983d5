import TupuModel

/// Initiatives (platforms, zones, programmes) as the text names them, and who advances them,
/// where they are raised and what they are part of.
extension ExtractionRun {
    /// How far back (in characters, within the clause) a promoting verb may stand from the
    /// initiative it governs: 推进深港国际金融城、深港国际法务区、前海国际人才港 reaches the third item.
    static let promoteVerbReach = 40

    /// 高标准推进深港国际金融城、深港国际法务区、前海国际人才港等平台建设: the items of a list closed by
    /// 等 and a word for platforms (平台, 园区, 载体 — `initiative-collective`) are initiatives,
    /// whatever their last characters. The first item starts after a verb, a stop word or the
    /// clause's start; items are separated by 、 or a one-character conjunction.
    mutating func findCollectiveLists(in clause: Range<Int>) {
        for position in clause where scalars[position] == "等" {
            guard position + 1 < clause.upperBound,
                rules.initiativeCollectives.longestMatch(in: scalars, at: position + 1, limit: clause.upperBound) != nil
            else { continue }
            var end = position
            var items: [Range<Int>] = []
            while end > clause.lowerBound {
                var start = end
                while start > clause.lowerBound, !isListSeparator(at: start - 1), !endsVerbOrStopWord(at: start, floor: clause.lowerBound) {
                    start -= 1
                }
                items.append(start..<end)
                guard start > clause.lowerBound, isListSeparator(at: start - 1) else { break }
                end = start - 1
            }
            for item in items {
                let inner = (item.lowerBound + 1)..<max(item.lowerBound + 1, item.upperBound)
                guard item.count >= 3, item.count <= 20, layout.isHan(at: item.lowerBound),
                    rules.stopWords.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound) == nil,
                    !inner.contains(where: { rules.cues.longestMatch(in: scalars, at: $0, limit: item.upperBound) != nil })
                else { continue }
                add(item, .initiative, Rule.collectiveInitiative.name, Priority.siteItem)
            }
        }
    }

    private func isListSeparator(at position: Int) -> Bool {
        scalars[position] == "、" || isConjunction(scalars[position])
    }

    private func endsVerbOrStopWord(at position: Int, floor: Int) -> Bool {
        advancingVerb(endingAt: position, floor: floor) != nil
            || rules.stopWords.longestMatch(in: scalars, endingAt: position, floor: floor) != nil
            || rules.cues.longestMatch(in: scalars, endingAt: position, floor: floor) != nil
    }

    /// The facts about initiatives, once the participation facts are known:
    ///
    /// - `promotes`: a person who calls for an initiative in a speech (王伟中强调，…二是要…高标准推进
    ///   深港国际金融城…等平台建设), who advances it (推动X建设) or who inspects it (调研X, a visit).
    ///   A speech runs from its verb (强调, 指出) to the end of the paragraph and on through the
    ///   paragraphs that continue it (二是, 同时, 要 …); a pronoun (他指出) speaks for the person it
    ///   stands for. The initiative counts when a promoting verb (推进, 打造, 办好 …) governs it in
    ///   its clause, or 建设 follows it.
    /// - `discussed_at`: an initiative raised in a speech at the article's own event, by someone who
    ///   takes part in it, or in what the meeting itself says (会议强调…).
    /// - `part_of`: X是Y的重要组成部分, X作为Y的核心区 (where stated).
    mutating func addInitiativeFacts(documentEvent: EntityRef?) {
        addPartOfFacts()
        // The facts found before (by index, read in place: the loop adds facts after them).
        for index in 0..<facts.count where facts[index].triple.predicate == .visited {
            guard let initiative = facts[index].triple.object.entity, initiative.kind == .initiative else { continue }
            let fact = facts[index]
            let evidence = fact.evidence
            addFact(fact.triple.subject, .promotes, initiative,
                    sentence: evidence.sentence.start..<evidence.sentence.end, ranges: evidence.span.start..<evidence.span.end, rule: Rule.inspectedInitiative)
        }
        guard mentions.contains(where: actsAsInitiative) else { return }
        // Who takes part in the article's event: looked for once, when a speech needs it.
        var participants: Set<EntityRef>?
        func takesPart(_ entity: EntityRef) -> Bool {
            let found = participants ?? Set(facts.lazy.filter { Predicate.participation.contains($0.triple.predicate) && $0.triple.object.entity == documentEvent }
                .map(\.triple.subject))
            participants = found
            return found.contains(entity)
        }
        var speaker: Candidate?
        let lines = layout.contentLines
        var lineIndex = 0
        var currentLine: Range<Int>?
        for number in layout.sentences.indices {
            let sentence = layout.sentences[number]
            while lineIndex < lines.count, lines[lineIndex].upperBound <= sentence.lowerBound { lineIndex += 1 }
            if lineIndex < lines.count, lines[lineIndex] != currentLine, lines[lineIndex].contains(sentence.lowerBound) {
                currentLine = lines[lineIndex]
                if !opensSpeechContinuation(lines[lineIndex]) { speaker = nil }
            }
            do {
                let inSentence = Self.starting(in: sentence, mentions[...])
                for clause in layout.clauses(ofSentence: number) {
                    let inClause = Self.starting(in: clause, inSentence)
                    var speechStart = clause.lowerBound
                    if let opened = speechOpening(in: clause, mentions: inClause) {
                        speaker = opened.speaker
                        speechStart = opened.verbEnd
                    }
                    for initiative in inClause where actsAsInitiative(initiative) && !initiative.insideName
                        && initiative.range.lowerBound >= speechStart
                    {
                        guard let verb = promotingVerb(for: initiative.range, clause: clause) else { continue }
                        // 李希推动X建设: a person right before the verb advances it, speech or not.
                        let direct = inClause.last { $0.entity.kind == .person && !$0.entity.name.isEmpty && $0.range.upperBound <= verb.lowerBound
                            && verb.lowerBound - $0.range.upperBound <= 4 }
                        if let person = direct ?? speaker.flatMap({ $0.entity.kind == .person ? $0 : nil }) {
                            addFact(person.entity, .promotes, initiative.entity, sentence: sentence, ranges: verb, initiative.range,
                                    rule: direct == nil ? Rule.promotedInSpeech : Rule.promotedInitiative)
                        }
                        guard let documentEvent, let speaker, direct == nil,
                            speaker.entity.kind == .event ? speaker.entity == documentEvent : takesPart(speaker.entity)
                        else { continue }
                        addFact(initiative.entity, .discussedAt, documentEvent, sentence: sentence, ranges: verb, initiative.range, rule: Rule.discussedAt)
                    }
                }
            }
        }
    }

    /// An initiative, or a region of cities (`region-suffix`, 粤港澳大湾区): what a speech promotes and
    /// what a platform is part of.
    /// A place is read where it is written (its suffix ends the mention), with no copy of its name.
    private func actsAsInitiative(_ mention: Candidate) -> Bool {
        switch mention.entity.kind {
        case .initiative: true
        case .place: rules.regionSuffixes.longestMatch(in: scalars, endingAt: mention.range.upperBound, floor: mention.range.lowerBound) != nil
        default: false
        }
    }

    /// Whether the line opens with a word that goes on with the speech before (二是, 同时, 要),
    /// after any numbering (01, 1.).
    private func opensSpeechContinuation(_ line: Range<Int>) -> Bool {
        var start = line.lowerBound
        while start < line.upperBound, scalars[start].properties.isWhitespace { start += 1 }
        return rules.speechContinuations.longestMatch(in: scalars, at: start, limit: line.upperBound) != nil
            || (line.count <= 4 && (start..<line.upperBound).allSatisfy { Self.isNumeral(scalars[$0]) || scalars[$0].properties.isWhitespace })
    }

    /// A person, a pronoun standing for one, or a mention of the article's event (会议强调)
    /// right before a speech verb in the clause: the speaker, and where the speech starts.
    private func speechOpening(in clause: Range<Int>, mentions inClause: ArraySlice<Candidate>) -> (speaker: Candidate, verbEnd: Int)? {
        for mention in inClause where mention.entity.kind == .person || mention.entity.kind == .event {
            guard !mention.entity.name.isEmpty else { continue }
            var index = mention.range.upperBound
            if index < clause.upperBound, let adverb = rules.clauseAdverbs.longestMatch(in: scalars, at: index, limit: clause.upperBound) {
                index += adverb.length
            }
            if let verb = rules.speechVerbs.longestMatch(in: scalars, at: index, limit: clause.upperBound) {
                return (mention, index + verb.length)
            }
        }
        return nil
    }

    /// The promoting verb that governs an initiative: one in its clause before it, at most
    /// ``promoteVerbReach`` characters back, or a `promote-tail` word after it (X建设, X等平台建设).
    private func promotingVerb(for range: Range<Int>, clause: Range<Int>) -> Range<Int>? {
        let floor = max(clause.lowerBound, range.lowerBound - Self.promoteVerbReach)
        var index = range.lowerBound
        while index > floor {
            if let verb = rules.promoteVerbs.longestMatch(in: scalars, endingAt: index, floor: floor) {
                return (index - verb.length)..<index
            }
            index -= 1
        }
        var after = range.upperBound
        if after < clause.upperBound, scalars[after] == "等",
            let collective = rules.initiativeCollectives.longestMatch(in: scalars, at: after + 1, limit: clause.upperBound)
        {
            after += 1 + collective.length
        }
        return rules.promoteTails.longestMatch(in: scalars, at: after, limit: clause.upperBound).map { after..<(after + $0.length) }
    }

    /// X是Y的重要组成部分, X作为Y的核心区: X (an initiative or place) is part of Y (an initiative or
    /// a region of cities).
    private mutating func addPartOfFacts() {
        for sentence in layout.sentences {
            let inSentence = Self.starting(in: sentence, mentions[...])
            // Mentions read in place: one is copied only when a copula follows it.
            for index in inSentence.indices
            where !inSentence[index].insideName && (inSentence[index].entity.kind == .initiative || inSentence[index].entity.kind == .place) {
                guard let copula = rules.copulas.longestMatch(in: scalars, at: inSentence[index].range.upperBound, limit: sentence.upperBound) else { continue }
                let part = inSentence[index]
                let wholeStart = part.range.upperBound + copula.length
                guard let whole = inSentence.first(where: { !$0.insideName && $0.range.lowerBound == wholeStart && actsAsInitiative($0) }),
                    whole.range.upperBound < sentence.upperBound, scalars[whole.range.upperBound] == "的",
                    let noun = rules.partNouns.longestMatch(in: scalars, at: whole.range.upperBound + 1, limit: sentence.upperBound)
                else { continue }
                let nounRange = (whole.range.upperBound + 1)..<(whole.range.upperBound + 1 + noun.length)
                addFact(part.entity, .partOf, whole.entity, sentence: sentence, ranges: part.range, whole.range, nounRange, rule: Rule.partOf)
            }
        }
    }
}
