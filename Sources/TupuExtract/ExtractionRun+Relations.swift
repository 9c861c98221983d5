import TupuModel

/// Facts between the mentions of each sentence, driven by the cue words of `cues.txt`.
extension ExtractionRun {
    struct CueHit {
        var range: Range<Int>
        var kind: CueKind
    }

    /// Longest gap (in characters) allowed between a subject and its verb cue.
    static let maximumSubjectGap = 12
    /// Longest subject phrase before a cue that takes the persons listed in earlier clauses.
    static let maximumCarriedSubjectPhrase = 24

    mutating func findRelations() {
        factsBySpan.reserveCapacity(mentions.count)
        earlierFactWithSpan.reserveCapacity(mentions.count)
        addRoleFacts()
        addLocatedInFacts()
        // A part of a long document takes the event an earlier part named first, as the whole would.
        let documentEvent = part?.documentEvent
            ?? mentions.first { $0.entity.kind == .event && !$0.isEventReference && !$0.isReferredEvent }?.entity
        self.documentEvent = documentEvent
        for number in layout.sentences.indices {
            relate(inSentence: number, documentEvent: documentEvent)
        }
        addReportedSpeechFacts()
        addInitiativeFacts(documentEvent: documentEvent)
    }

    /// 李克强表示…, 他指出…: a person whose words the article reports (a verb of speech right
    /// after the name) after telling that they attended or presided over an event spoke at the
    /// last such event told before the words. Words reported before any (during a visit, at a
    /// meeting with someone) are not taken. The first such sentence is the evidence.
    private mutating func addReportedSpeechFacts() {
        // Only a person's name followed by a verb of speech can give a fact: without one, the
        // tables below are not needed.
        // (By index, the mention's fields read in place: handing a mention over copies it.)
        guard mentions.indices.contains(where: { speechVerb(afterMentionAt: $0) != nil }) else { return }
        var taken: [EntityRef: [(start: Int, event: EntityRef)]] = [:]
        for fact in facts where fact.triple.predicate == .attended || fact.triple.predicate == .presided {
            guard let event = fact.triple.object.entity else { continue }
            taken[fact.triple.subject, default: []].append((fact.evidence.sentence.start, event))
        }
        guard !taken.isEmpty else { return }
        var done = Set<EntityRef>()
        for fact in facts where fact.triple.predicate == .spokeAt { done.insert(fact.triple.subject) }
        // A name, not a pronoun: the evidence names the speaker.
        for index in mentions.indices {
            // The verb first: it is a bit test for most names, the tables are hashes of names.
            // (The mention is copied only then.)
            guard let verb = speechVerb(afterMentionAt: index) else { continue }
            let mention = mentions[index]
            guard !done.contains(mention.entity) else { continue }
            let start = span(mention.range).start
            guard let event = taken[mention.entity]?.filter({ $0.start <= start }).max(by: { $0.start < $1.start })?.event else { continue }
            done.insert(mention.entity)
            addFact(
                mention.entity, .spokeAt, event, sentence: sentence(containing: mention.range),
                ranges: mention.range, verb, rule: Rule.reportedSpeech)
        }
    }

    /// The verb of speech right after a person's name (not a pronoun's), within 4 characters:
    /// the name of `mentions[index]`.
    private func speechVerb(afterMentionAt index: Int) -> Range<Int>? {
        guard mentions[index].entity.kind == .person, !mentions[index].isPronoun else { return nil }
        let end = mentions[index].range.upperBound
        return rules.speechVerbs.longestMatch(in: scalars, at: end, limit: min(scalars.count, end + 4)).map { end..<(end + $0.length) }
    }

    /// Adds a fact whose evidence covers the ranges given (up to three, passed one by one: an
    /// array of them was allocated at each call).
    mutating func addFact(
        _ subject: EntityRef, _ predicate: Predicate, _ object: EntityRef, sentence: Range<Int>,
        ranges first: Range<Int>, _ second: Range<Int>? = nil, _ third: Range<Int>? = nil, rule: Rule
    ) {
        guard subject != object else { return }
        var covering = first
        if let second { covering = min(covering.lowerBound, second.lowerBound)..<max(covering.upperBound, second.upperBound) }
        if let third { covering = min(covering.lowerBound, third.lowerBound)..<max(covering.upperBound, third.upperBound) }
        let evidence = Evidence(sentence: span(sentence), span: span(covering), rule: rule.name, confidence: rule.confidence)
        let fact = Fact(Triple(subject, predicate, object), evidence: evidence)
        // Comparing the spans first spares comparing the names of most facts.
        work += 1
        // Facts with the same evidence span are few: hashing two integers and comparing those few
        // is cheaper than hashing every fact's names.
        // The facts of a span are chained from the last (no list is allocated for a span).
        let slot = factsBySpan.index(forKey: evidence.span)
        let last = slot.map { factsBySpan.values[$0] } ?? -1
        var link = last
        while link >= 0 {
            if facts[link] == fact { return }
            link = earlierFactWithSpan[link]
        }
        earlierFactWithSpan.append(last)
        if let slot {
            factsBySpan.values[slot] = facts.count
        } else {
            factsBySpan[evidence.span] = facts.count
        }
        facts.append(fact)
    }

    /// The sentence that holds the start of `range` (sentences are sorted and disjoint: a binary search).
    func sentence(containing range: Range<Int>) -> Range<Int> {
        let sentences = layout.sentences
        var low = 0, high = sentences.count
        while low < high {
            let middle = (low + high) / 2
            if sentences[middle].upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < sentences.count && sentences[low].contains(range.lowerBound) ? sentences[low] : range
    }

    /// 省委副书记、省长王伟中 → 王伟中 holds_role 省委副书记, 王伟中 holds_role 省长.
    private mutating func addRoleFacts() {
        for person in mentions where !person.roles.isEmpty {
            let rule = [Rule.roleAfterName, Rule.sharedTitle, Rule.electedTo].first { $0.name == person.rule } ?? Rule.roleBeforeName
            for role in person.roles {
                addFact(
                    person.entity, .holdsRole, EntityRef(.role, layout.string(role)),
                    sentence: sentence(containing: person.range), ranges: role, person.range, rule: rule)
            }
        }
    }

    /// 位于武汉的东风汽车集团有限公司, 长江存储科技有限责任公司位于武汉东湖新技术开发区 → located_in,
    /// where the text states the place (a place in front of a name alone is not a statement).
    private mutating func addLocatedInFacts() {
        for sentence in layout.sentences {
            // The sentence's mentions outside names, taken when the sentence has a word of location.
            var outsideNames: [Candidate]?
            var index = sentence.lowerBound
            while index < sentence.upperBound {
                guard let word = rules.locatedWords.longestMatch(in: scalars, at: index, limit: sentence.upperBound) else {
                    index += 1
                    continue
                }
                let inSentence = outsideNames ?? Self.starting(in: sentence, mentions[...]).filter { !$0.insideName }
                outsideNames = inSentence
                let wordRange = index..<(index + word.length)
                index += word.length
                guard let place = inSentence.first(where: { $0.range.lowerBound == wordRange.upperBound && Self.isSiteKind($0.entity.kind) }) else { continue }
                let end = place.range.upperBound
                let subject: Candidate?
                if end < sentence.upperBound, scalars[end] == "的" {
                    subject = inSentence.first { $0.range.lowerBound == end + 1 && Self.isSiteKind($0.entity.kind) }
                } else {
                    subject = inSentence.last { $0.range.upperBound <= wordRange.lowerBound && wordRange.lowerBound - $0.range.upperBound <= 1 && Self.isSiteKind($0.entity.kind) }
                }
                guard let subject else { continue }
                addFact(subject.entity, .locatedIn, place.entity, sentence: sentence, ranges: subject.range, wordRange, place.range, rule: Rule.locatedIn)
            }
        }
    }

    /// The cues of a clause, outside the mentions `taken` (but a person's) and outside `referred`,
    /// what its referring verbs refer to (``referredPhrases(in:)``, looked up when not given).
    private func cueHits(in clause: Range<Int>, outside taken: ArraySlice<Candidate>, referred: [Range<Int>]? = nil) -> [CueHit] {
        var hits: [CueHit] = []
        // Named-sites cues (深入), by where they start: looked for before each site of a list
        // rather than at every position.
        var namedSiteCues: [Int: Int] = [:]
        // (The mentions are read in place, not copied one by one.)
        for index in taken.indices where taken[index].rule == Rule.siteListItem.name {
            let start = taken[index].range.lowerBound
            if let cue = rules.siteCues.longestMatch(in: scalars, endingAt: start, floor: clause.lowerBound), cue.value {
                namedSiteCues[start - cue.length] = cue.length
            }
        }
        // Positions covered by a mention other than a person's, or by what a referring verb
        // refers to: no cue starts there.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: clause.count) { covered in
            covered.initialize(repeating: false)
            for index in taken.indices where taken[index].entity.kind != .person {
                for position in taken[index].range.clamped(to: clause) { covered[position - clause.lowerBound] = true }
            }
            for phrase in referred ?? referredPhrases(in: clause) {
                for position in phrase { covered[position - clause.lowerBound] = true }
            }
            var index = clause.lowerBound
            while index < clause.upperBound {
                if !covered[index - clause.lowerBound],
                    let cue = rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound)
                {
                    // 会见到访的…: a verb of visiting before 的 describes who is met; it is no visit.
                    let attributive = index + cue.length < clause.upperBound && scalars[index + cue.length] == "的"
                    if cue.value != .visited || !isNominalVerb(at: index, in: clause) && !attributive {
                        hits.append(CueHit(range: index..<(index + cue.length), kind: cue.value))
                    }
                    index += cue.length
                } else if !covered[index - clause.lowerBound], let length = namedSiteCues[index] {
                    // 深入兰考县…合作社: a named-sites cue right before the site it names.
                    hits.append(CueHit(range: index..<(index + length), kind: .visited))
                    index += length
                } else if !covered[index - clause.lowerBound],
                    let opener = rules.reportOpeners.longestMatch(in: scalars, at: index, limit: clause.upperBound),
                    rules.reportNouns.longestMatch(in: scalars, endingAt: clause.upperBound, floor: index + opener.length) != nil
                {
                    // 作了关于《…条例》的说明: a report given at the meeting.
                    hits.append(CueHit(range: index..<(index + opener.length), kind: .reportedAt))
                    index += opener.length
                } else {
                    index += 1
                }
            }
        }
        return hits
    }

    /// What a referring verb refers to in a clause: from the verb to the end of the last
    /// `referred-event` word after it (学习贯彻习近平总书记视察广东重要讲话重要指示精神). A visit or a speech named there
    /// happened before and elsewhere; it is no cue of this article's facts.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    private func referredPhrases(in clause: Range<Int>) -> [Range<Int>] {
        var phrases: [Range<Int>] = []
        var index = clause.lowerBound
        while index < clause.upperBound {
            guard let verb = rules.referringVerbs.longestMatch(in: scalars, at: index, limit: clause.upperBound) else {
                index += 1
                continue
            }
            // Up to the end of the last marker of the clause: 重要讲话 and 精神 of 视察广东重要讲话重要指示精神.
            var end: Int?
            var position = index + verb.length
            while position < clause.upperBound {
                if let marker = rules.referredEventMarkers.longestMatch(in: scalars, at: position, limit: clause.upperBound) {
                    position += marker.length
                    end = position
                } else {
                    position += 1
                }
            }
            guard let end else { break }
            phrases.append(index..<end)
            index = end
        }
        return phrases
    }

    /// A gap between a subject and its cue that a verb phrase allows: short, without 的 or 对,
    /// not counting the earlier cues and event names in it (出席…开幕典礼并致辞).
    private func isVerbGap(_ gap: Range<Int>, limit: Int, skipping: [Range<Int>] = []) -> Bool {
        var counted = 0
        for position in gap where !skipping.contains(where: { $0.contains(position) }) {
            if rules.gapStops.contains(scalars[position]) { return false }
            counted += 1
        }
        return counted <= limit
    }

    private mutating func relate(inSentence sentenceNumber: Int, documentEvent: EntityRef?) {
        let sentence = layout.sentences[sentenceNumber]
        let inSentence = Self.starting(in: sentence, mentions[...])
        var carried: [Candidate] = []
        var previousSubjects: [Candidate] = []
        var sentenceHasEventCue = false
        // (The layout's slice of clauses, indexed from its start: no array is made per sentence.)
        let clauses = layout.clauses(ofSentence: sentenceNumber)
        for (clauseNumber, clause) in clauses.enumerated() {
            let inClause = Self.starting(in: clause, inSentence)
            if !presenceClauses.isEmpty, presenceClauses.contains(clause) {
                // The site and the verb in one clause (陈建华在株洲了解…), or the verb in the next.
                let next = clauseNumber + 1 < clauses.count ? clauses[clauses.startIndex + clauseNumber + 1] : clause
                relatePresence(in: clause, next: next, sentence: sentence, mentions: inSentence, previous: previousSubjects)
            }
            // 在戴子轩等陪同下: companions are not the subject, nor a person named in what a
            // referring verb refers to (学习贯彻习近平总书记…重要讲话精神).
            let accompanied = companionSpan(in: clause)
            let referred = referredPhrases(in: clause)
            let persons = inClause.kept { index in
                inClause[index].entity.kind == .person && !(accompanied?.contains(inClause[index].range.lowerBound) ?? false)
                    && !isByline(inClause[index].range) && !referred.contains { $0.contains(inClause[index].range.lowerBound) }
            }
            let hits = cueHits(in: clause, outside: inClause, referred: referred)
            guard !hits.isEmpty else {
                carried += persons
                continue
            }
            var skippable = hits.map(\.range)
            var chainedSubjects: (subjects: [Candidate], rule: Rule)?
            for index in inClause.indices where inClause[index].entity.kind == .event { skippable.append(inClause[index].range) }
            for (number, hit) in hits.enumerated() {
                let nextCue = number + 1 < hits.count ? hits[number + 1].range.lowerBound : clause.upperBound
                let context = CueContext(
                    hit: hit, clause: clause, sentence: sentence, sentenceNumber: sentenceNumber, inSentence: inSentence,
                    inClause: inClause, after: Self.starting(in: hit.range.upperBound..<nextCue, inClause), nextCue: nextCue,
                    isLastCue: number + 1 == hits.count)
                // 甲，乙共同主持会议并讲话: a verb chained to the cue before it, with no person
                // between them, has the same subjects.
                let chained = number > 0 ? chainedSubjects : nil
                let between = number > 0 ? hits[number - 1].range.upperBound..<hit.range.lowerBound : hit.range.lowerBound..<hit.range.lowerBound
                guard let (subjects, rule) = chained.flatMap({ chain in persons.contains { between.contains($0.range.lowerBound) } ? nil : chain })
                    ?? subjects(of: context, persons: persons, carried: carried, previous: previousSubjects, skippable: skippable)
                else {
                    chainedSubjects = nil
                    continue
                }
                chainedSubjects = subjects.isEmpty ? nil : (subjects, rule)
                if !subjects.isEmpty { previousSubjects = subjects }
                switch hit.kind {
                case .held:
                    sentenceHasEventCue = true
                    relateHeld(hit, clause: clause, sentence: sentence, mentions: inSentence)
                case .attended, .presided, .spokeAt, .reportedAt:
                    sentenceHasEventCue = true
                    // A cue whose facts cannot be stated leaves the carried subjects for the next one.
                    guard relateParticipation(context, subjects: subjects, rule: rule, documentEvent: documentEvent) else { continue }
                case .visited:
                    relateVisit(context, subjects: subjects)
                case .metWith:
                    relateMeeting(context, subjects: subjects)
                }
                if !subjects.isEmpty, rule == Rule.participationCarried { carried = [] }
            }
        }
        if sentenceHasEventCue { relateDates(in: sentence, mentions: inSentence) }
    }

    /// A cue found in a clause, with the mentions around it.
    struct CueContext {
        var hit: CueHit
        var clause: Range<Int>
        var sentence: Range<Int>
        var sentenceNumber: Int
        var inSentence: ArraySlice<Candidate>
        var inClause: ArraySlice<Candidate>
        /// The mentions between the cue and the next cue of the clause (or its end).
        var after: ArraySlice<Candidate>
        var nextCue: Int
        var isLastCue: Bool
    }

    /// Who does what a cue says, and the rule that says so: the persons before it in the clause,
    /// else those carried from clauses without a verb of their own, a plural subject (两人), a
    /// guest list after the cue, or the subject of the clause before. Nil when the cue is too far
    /// from the person before it to be their verb.
    private func subjects(
        of context: CueContext, persons: [Candidate], carried: [Candidate], previous previousSubjects: [Candidate], skippable: [Range<Int>]
    ) -> (subjects: [Candidate], rule: Rule)? {
        let hit = context.hit, clause = context.clause, sentence = context.sentence
        var subjects = persons.filter { $0.range.upperBound <= hit.range.lowerBound }
        var rule = Rule.participation
        if let last = subjects.last {
            guard isVerbGap(last.range.upperBound..<hit.range.lowerBound, limit: Self.maximumSubjectGap, skipping: skippable) else { return nil }
            // 省委常委、苏州市委书记刘维舟，市委副书记、市长钱一澄深入…调研: titled names in the
            // clauses before, with no verb of their own, share the verb.
            if !carried.isEmpty,
                subjects.first.map({ $0.range.lowerBound - clause.lowerBound <= 12 || ($0.roles.first?.lowerBound ?? Int.max) <= clause.lowerBound + 1 }) == true
            {
                subjects = carried + subjects
                rule = Rule.participationCarried
            }
        } else if !carried.isEmpty, isVerbGap(clause.lowerBound..<hit.range.lowerBound, limit: Self.maximumCarriedSubjectPhrase) {
            subjects = carried
            rule = Rule.participationCarried
        } else if let group = pluralSubject(
            in: (hit.range.lowerBound - clause.lowerBound <= 4 ? sentence.lowerBound : clause.lowerBound)..<hit.range.lowerBound)
        {
            // 两人其后到…, 双方共同…: the persons named together just before.
            subjects = group
            rule = Rule.participationCarried
        } else if hit.kind.isParticipation, let listed = guestList(after: hit, in: sentence, mentions: context.inSentence) {
            subjects = listed
            rule = Rule.guestList
        } else if !previousSubjects.isEmpty, hit.range.lowerBound - clause.lowerBound <= 4 {
            // …参观了各展区，先后来到A、B: a clause that opens with its verb shares the
            // subject of the verb before.
            subjects = previousSubjects
            rule = Rule.participationCarried
        }
        return (subjects, rule)
    }

    /// 出席/主持/在…上讲话 + an event: each subject took part in the event named after the cue (else
    /// the nearest in the sentence, else the article's own event when the clause names no other).
    /// False when there is no subject or no event.
    private mutating func relateParticipation(_ context: CueContext, subjects: [Candidate], rule: Rule, documentEvent: EntityRef?) -> Bool {
        let hit = context.hit, sentence = context.sentence, nextCue = context.nextCue
        // 在苏州工业园区主持召开…座谈会: presiding over a meeting also says where it was held.
        if rules.convokingCues.contains(scalars: scalars[hit.range]) {
            relateHeld(hit, clause: context.clause, sentence: sentence, mentions: context.inSentence)
        }
        guard let predicate = hit.kind.predicate, !subjects.isEmpty else { return false }
        var eventRule = rule
        var event = context.after.first { $0.entity.kind == .event && !isReferredHere($0) }
            ?? context.inSentence.lazy.filter { $0.entity.kind == .event && !$0.isReferredEvent }.min { abs($0.range.lowerBound - hit.range.lowerBound) < abs($1.range.lowerBound - hit.range.lowerBound) }
        var eventEntity = event?.entity
        // Only a clause that names no other kind of event falls back on the article's event; an
        // event it only refers to (通报了…会议以来的工作) is none.
        var referred: [Range<Int>] = []
        for index in context.after.indices where context.after[index].entity.kind == .event
            && isReferredHere(rule: context.after[index].rule, range: context.after[index].range)
        {
            referred.append(context.after[index].range)
        }
        let namesOtherEvent = (hit.range.upperBound..<nextCue).contains { position in
            !referred.contains { $0.contains(position) } && rules.eventSuffixes.longestMatch(in: scalars, at: position, limit: nextCue) != nil
        }
        // 参加会见, 参加调研: taking part in a meeting with someone or a visit, no event.
        let activity = rules.cues.longestMatch(in: scalars, at: hit.range.upperBound, limit: context.clause.upperBound).map { $0.value == .metWith || $0.value == .visited } ?? false
        if eventEntity == nil, !namesOtherEvent, !activity, let documentEvent {
            eventEntity = documentEvent
            eventRule = Rule.participationDefaultEvent
            event = nil
        }
        guard let eventEntity else { return false }
        for subject in subjects {
            addFact(subject.entity, predicate, eventEntity, sentence: sentence,
                    ranges: subject.range, hit.range, event?.range, rule: eventRule)
        }
        return true
    }

    /// 考察/参观/来到 + sites: each subject visited each site named after the cue (or, with none
    /// there, between the subject and the cue: 到A调研).
    private mutating func relateVisit(_ context: CueContext, subjects: [Candidate]) {
        let hit = context.hit
        // 参观位于南山的…基地: the place after 位于 locates the site and is not visited.
        let after = context.after, inClause = context.inClause
        var sites = after.kept { index in
            [.place, .organization, .initiative].contains(after[index].entity.kind) && !after[index].insideName
                && rules.locatedWords.longestMatch(in: scalars, endingAt: after[index].range.lowerBound, floor: hit.range.upperBound) == nil
        }
        if sites.isEmpty, let lastSubject = subjects.last {
            sites = inClause.kept { index in
                [.place, .organization, .initiative].contains(inClause[index].entity.kind) && !inClause[index].insideName
                    && inClause[index].range.lowerBound >= lastSubject.range.upperBound && inClause[index].range.upperBound <= hit.range.lowerBound
            }
        }
        for subject in subjects {
            for site in sites {
                addFact(subject.entity, .visited, site.entity, sentence: context.sentence,
                        ranges: subject.range, hit.range, site.range, rule: Rule.visit)
            }
        }
    }

    /// 会见 + persons: each subject met each guest.
    private mutating func relateMeeting(_ context: CueContext, subjects: [Candidate]) {
        let hit = context.hit
        // 会见了A公司董事长甲，B公司董事长乙一行: the guests run on into the next clauses
        // as long as those have no verb of their own.
        let after = context.after, inSentence = context.inSentence
        var guests = after.kept { after[$0].entity.kind == .person }
        // 在会见…代表时强调，全军要…: a clause that goes on to a verb of speech has said whom it
        // met; the next clauses are what was said.
        let speaks = (hit.range.upperBound..<context.clause.upperBound).contains {
            rules.speechVerbs.longestMatch(in: scalars, at: $0, limit: context.clause.upperBound) != nil
        }
        if context.isLastCue, !speaks {
            for next in layout.clauses(ofSentence: context.sentenceNumber) where next.lowerBound >= context.clause.upperBound {
                guard cueHits(in: next, outside: context.inSentence).isEmpty else { break }
                guests += inSentence.kept { inSentence[$0].entity.kind == .person && next.contains(inSentence[$0].range.lowerBound) }
            }
        }
        // 李明与新加坡驻华大使吴家鸿举行会谈: with nobody after the cue, the first of subjects
        // joined by 与, 同 or 和 met the others.
        var subjects = subjects
        if guests.isEmpty, subjects.count >= 2 {
            let ordered = subjects.sorted { $0.range.lowerBound < $1.range.lowerBound }
            let joint = ordered[0].range.upperBound
            if joint < scalars.count, rules.nameJoiners.contains(scalars[joint]) || isConjunction(scalars[joint]) {
                subjects = [ordered[0]]
                guests = Array(ordered.dropFirst())
            }
        }
        for subject in subjects {
            for guest in guests {
                addFact(subject.entity, .metWith, guest.entity, sentence: context.sentence,
                        ranges: subject.range, hit.range, guest.range, rule: Rule.meeting)
            }
        }
    }


    /// How many sentences back a plural subject (两人) looks for the persons it stands for.
    static let pluralLookback = 10

    /// 韩正在南瑞公司、华虹基地，了解…; 在旭创科技等企业，韩正强调…: the person before 在, else the
    /// one opening the next clause, else the subject of the clause before, visited the sites listed.
    private mutating func relatePresence(
        in clause: Range<Int>, next: Range<Int>, sentence: Range<Int>, mentions inSentence: ArraySlice<Candidate>, previous: [Candidate]
    ) {
        let persons = inSentence.filter { $0.entity.kind == .person && !$0.entity.name.isEmpty }
        let subjects: [Candidate]
        // The person opening the clause, or the one right before its 在 (省长陈建华在株洲了解…, 王浩还在…),
        // or those a plural word opening it stands for (二人还在…).
        func opensPresence(_ person: Candidate) -> Bool {
            guard clause.contains(person.range.lowerBound) else { return false }
            let index = afterClauseAdverbs(from: person.range.upperBound, limit: clause.upperBound)
            return index < clause.upperBound && scalars[index] == "在"
        }
        if let before = persons.first(where: { $0.range.lowerBound == clause.lowerBound }) ?? persons.first(where: opensPresence) {
            subjects = [before]
        } else if rules.pluralSubjects.longestMatch(in: scalars, at: clause.lowerBound, limit: clause.upperBound) != nil,
            let plural = pluralSubject(in: clause)
        {
            subjects = plural
        } else if let after = persons.first(where: { $0.range.lowerBound == next.lowerBound }) {
            subjects = [after]
        } else {
            subjects = previous
        }
        let sites = Self.starting(in: clause, inSentence).filter {
            [.place, .organization, .initiative].contains($0.entity.kind) && !$0.insideName && $0.rule == Rule.siteListItem.name
        }
        for subject in subjects {
            for site in sites {
                addFact(subject.entity, .visited, site.entity, sentence: sentence, ranges: subject.range, site.range, rule: Rule.presence)
            }
        }
    }

    /// Whether the person at `range` signs the report (（记者赵超）, 新华社记者 饶爱民摄): a byline
    /// word right before the name, or a word that closes a byline (摄, 报道) right after it. Such a person is no participant.
    func isByline(_ range: Range<Int>) -> Bool {
        var after = range.upperBound
        while after < scalars.count, layout.isSpace(scalars[after]) { after += 1 }
        return bylineWord(before: range.lowerBound) != nil || rules.bylineEnds.longestMatch(in: scalars, at: after, limit: scalars.count) != nil
    }

    /// The persons a plural word near the start of `span` (两人, 双方) stands for: those of the
    /// last sentence before it that names two or more persons, each standing at the plural word
    /// (the evidence of their facts is this sentence). A word that says how many (两人, 双方) stands
    /// for none when that sentence names another number of persons.
    private func pluralSubject(in span: Range<Int>) -> [Candidate]? {
        guard let start = span.prefix(4).first(where: { rules.pluralSubjects.longestMatch(in: scalars, at: $0, limit: span.upperBound) != nil }),
            let word = rules.pluralSubjects.longestMatch(in: scalars, at: start, limit: span.upperBound)
        else { return nil }
        // The few sentences before (a plural word refers to what was just said).
        let sentences = layout.sentences
        var low = 0, high = sentences.count
        while low < high {
            let middle = (low + high) / 2
            if sentences[middle].upperBound <= start { low = middle + 1 } else { high = middle }
        }
        for sentence in sentences[max(0, low - Self.pluralLookback)..<low].reversed() {
            var seen = Set<EntityRef>()
            let persons = Self.starting(in: sentence, mentions[...]).filter { $0.entity.kind == .person && !$0.entity.name.isEmpty && seen.insert($0.entity).inserted }
            guard persons.count >= 2 else { continue }
            // 两人 after a sentence naming four persons: which two is not said.
            if word.value > 0, persons.count != word.value { return nil }
            return persons.map { person in
                var standing = person
                standing.range = start..<(start + word.length)
                return standing
            }
        }
        return nil
    }

    /// The elements (candidates, placed names) of a list sorted by start that start inside
    /// `range`: what filtering the list by start would keep, without copying it.
    static func starting<Element: StartSorted>(in range: Range<Int>, _ sorted: ArraySlice<Element>) -> ArraySlice<Element> {
        func firstIndex(from bound: Int) -> Int {
            var low = sorted.startIndex
            var high = sorted.endIndex
            while low < high {
                let middle = low + (high - low) / 2
                if sorted[middle].range.lowerBound < bound { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return sorted[firstIndex(from: range.lowerBound)..<firstIndex(from: range.upperBound)]
    }

    /// The part of a clause between 在 and 陪同 (在戴子轩等陪同下), whose persons accompany the subject.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    private func companionSpan(in clause: Range<Int>) -> Range<Int>? {
        guard let end = clause.first(where: { rules.companionWords.longestMatch(in: scalars, at: $0, limit: clause.upperBound) != nil }),
            let start = (clause.lowerBound..<end).last(where: { scalars[$0] == "在" })
        else { return nil }
        return start..<end
    }

    /// 出席典礼的嘉宾还包括A、B, 出席会议的还有A、B: the persons listed after 的, a group word if
    /// any, and 包括/有 are the subjects of the cue before them.
    private func guestList(after hit: CueHit, in sentence: Range<Int>, mentions inSentence: ArraySlice<Candidate>) -> [Candidate]? {
        let horizon = min(sentence.upperBound, hit.range.upperBound + 40)
        for position in hit.range.upperBound..<horizon where scalars[position] == "的" {
            // 出席典礼的嘉宾还有…, and without the group word: 出席会议的还有…
            var index = position + 1
            if let group = rules.groupWords.longestMatch(in: scalars, at: index, limit: sentence.upperBound) { index += group.length }
            if index < sentence.upperBound, scalars[index] == "还" { index += 1 }
            guard let verb = rules.inclusionVerbs.longestMatch(in: scalars, at: index, limit: sentence.upperBound) else { return nil }
            let persons = inSentence.filter { $0.entity.kind == .person && $0.range.lowerBound >= index + verb.length }
            return persons.isEmpty ? nil : persons
        }
        return nil
    }

    /// …现场会在深圳召开 → the event held_in 深圳; 扬州举行…签约仪式, a place opening the clause as the
    /// host, too.
    private mutating func relateHeld(_ hit: CueHit, clause: Range<Int>, sentence: Range<Int>, mentions inSentence: ArraySlice<Candidate>) {
        let venue = inSentence.last(where: {
            $0.entity.kind == .place && !$0.insideName && $0.range.upperBound <= hit.range.lowerBound && hit.range.lowerBound - $0.range.upperBound <= 2
                && $0.range.lowerBound > sentence.lowerBound && rules.locatives.contains(scalars[$0.range.lowerBound - 1])
        })
        let host = inSentence.first(where: {
            $0.entity.kind == .place && !$0.insideName && $0.range.upperBound == hit.range.lowerBound && opensClause($0.range.lowerBound, clause: clause)
                && isCityOrBelow($0.range)
        })
        guard let place = venue ?? host else { return }
        // The event is named before the place (…现场会在深圳召开) or right after the verb (在郑州举行…签约仪式).
        let before = venue == nil ? nil : inSentence.last(where: { $0.entity.kind == .event && !isReferredHere($0) && $0.range.upperBound <= place.range.lowerBound })
        guard let event = before
            ?? inSentence.first(where: {
                $0.entity.kind == .event && !isReferredHere($0) && $0.range.lowerBound >= hit.range.upperBound && clause.contains($0.range.lowerBound)
            })
        else { return }
        addFact(event.entity, .heldIn, place.entity, sentence: sentence, ranges: event.range, place.range, hit.range, rule: Rule.heldIn)
    }

    /// Whether this mention of an event only refers to it (贯彻党的二十大精神, 中央政协工作会议以来,
    /// 学习贯彻党的二十大和…):
    /// nobody takes part in it and it is not held here.
    func isReferredHere(_ event: Candidate) -> Bool {
        isReferredHere(rule: event.rule, range: event.range)
    }

    /// ``isReferredHere(_:)`` of an event candidate given by its rule and range.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func isReferredHere(rule: String, range: Range<Int>) -> Bool {
        rule == Rule.referredEvent.name
            || rules.referredEventMarkers.longestMatch(in: scalars, at: range.upperBound, limit: scalars.count) != nil
            || rules.referringVerbs.longestMatch(in: scalars, endingAt: range.lowerBound) != nil
    }

    /// Whether the place at `range` is a city, a district, a county or a place no lexicon holds: a province
    /// or country that "holds" a meeting (广东召开…) says who convenes it, not where.
    func isCityOrBelow(_ range: Range<Int>) -> Bool {
        guard let known = rules.places.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound), known.length == range.count else { return true }
        return known.value.level == "prefecture" || known.value.level == "district" || known.value.level == "county"
    }

    /// Whether only a date, a time of day and function words stand between the clause's start and
    /// `position` (昨天上午，扬州举行…).
    func opensClause(_ position: Int, clause: Range<Int>) -> Bool {
        var index = clause.lowerBound
        let resolver = dateResolver()
        while index < position {
            if let date = resolver.expression(in: scalars, at: index, limit: position) {
                index = date.upperBound
            } else if let word = rules.timesOfDay.longestMatch(in: scalars, at: index, limit: position)
                ?? rules.stopWords.longestMatch(in: scalars, at: index, limit: position)
            {
                index += word.length
            } else {
                return false
            }
        }
        return index == position
    }

    /// 9月27日,…现场会在深圳召开 → the event held_on 2022-09-27.
    private mutating func relateDates(in sentence: Range<Int>, mentions inSentence: ArraySlice<Candidate>) {
        // A dateline's date (3月5日电) is when the report was filed, not when the event was held.
        var dates = dateResolver().scan(scalars, range: sentence)
        var first: DateResolver.Found?
        while first == nil, let date = dates.next() {
            if date.range.upperBound >= scalars.count || !rules.datelineMarks.contains(scalars[date.range.upperBound]) { first = date }
        }
        guard let date = first else { return }
        // The distinct events in name order (a sentence names few: sorting and dropping repeats
        // spares hashing their names).
        var events = inSentence.filter { $0.entity.kind == .event && !isReferredHere($0) }.map(\.entity).sorted()
        events.removeAdjacentDuplicates()
        for event in events {
            guard let mention = inSentence.first(where: { $0.entity == event }) else { continue }
            addFact(event, .heldOn, EntityRef(.date, date.iso), sentence: sentence, ranges: date.range, mention.range, rule: Rule.heldOn)
        }
    }
}

extension Array where Element: Equatable {
    /// Keeps the first of each run of equal neighbours: on a sorted array, each value once.
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            if index != kept { swapAt(index, kept) }
            kept += 1
        }
        removeSubrange(kept...)
    }
}
