import TupuModel

/// Finding persons and their roles: titled names, names before titles, lists, surnames with a title, the model's names.
extension ExtractionRun {
    mutating func findPersons() {
        tagContentLines()
        for sentence in layout.sentences {
            let elected = findElectedPersons(in: sentence)
            findTitledPersons(in: sentence, skipping: elected)
            findListedPersons(in: sentence)
            findPersonsBeforeTitles(in: sentence)
        }
        findBylinePersons()
        var personCount = 0
        for index in candidates.indices where candidates[index].entity.kind == .person { personCount += 1 }
        var known = PhraseTable<Void>(capacity: personCount)
        // Candidates read in place (a copy of each costs four retains and releases).
        for index in candidates.indices where candidates[index].entity.kind == .person {
            known.insert(scalars: candidates[index].entity.name.unicodeScalars, ())
        }
        // The model's names come after the rules', which they must not contradict.
        let ruleNames = known
        findModelNames(notOverlapping: ruleNames)
        findListMates()
        for index in candidates.indices where candidates[index].entity.kind == .person && candidates[index].rule == Rule.modelName.name {
            // 湛江海 of 湛江海纳科技有限公司: a model name that is the head of a company's name
            // names no person elsewhere.
            guard !startsSuffixedName(candidates[index].range) else { continue }
            known.insert(scalars: candidates[index].entity.name.unicodeScalars, ())
        }
        guard known.count > 0 else { return }
        findSurnameTitles()
        var claimed = Set<Int>()
        for index in candidates.indices where candidates[index].entity.kind == .person { claimed.insert(candidates[index].range.lowerBound) }
        for line in layout.contentLines {
            for (range, _) in matches(of: known, in: line) where !claimed.contains(range.lowerBound) && !namesDoctrine(range) {
                add(range, .person, Rule.knownName.name, Priority.knownPerson)
            }
        }
        nameForeignPersonsInFull()
    }

    /// 安娜·韦伯 … 韦伯表示: a foreign name written in full with a middle dot is then written by
    /// its last part alone; that part names the same person, when one full name of the article
    /// ends with it.
    private mutating func nameForeignPersonsInFull() {
        // The full names that end with each last part.
        var fullNames: [String: Set<String>] = [:]
        // (A name without a middle dot is passed over without copying it.)
        for index in candidates.indices
        where candidates[index].entity.kind == .person && candidates[index].entity.name.unicodeScalars.contains(where: Self.isNameDot) {
            let candidate = candidates[index]
            let name = Array(candidate.entity.name.unicodeScalars)
            guard let dot = name.lastIndex(where: Self.isNameDot), name.count - dot - 1 >= 2 else { continue }
            fullNames[TextLayout.makeString(name[(dot + 1)...]), default: []].insert(candidate.entity.name)
        }
        guard !fullNames.isEmpty else { return }
        for index in candidates.indices where candidates[index].entity.kind == .person {
            if let names = fullNames[candidates[index].entity.name], names.count == 1, let full = names.first {
                candidates[index].entity = EntityRef(.person, full)
            }
        }
    }

    /// Whether the text at `range` runs on, with no break, cue, stop word or word that follows
    /// names, into a strong organization or initiative suffix (湛江海 in 湛江海纳科技有限公司; not
    /// 王伟中 in 王伟中出席深圳国际仲裁院…, where 出席 is a cue).
    func startsSuffixedName(_ range: Range<Int>) -> Bool {
        var end = range.upperBound
        let limit = min(scalars.count, range.lowerBound + 28)
        while end < limit, !layout.isBreak(at: end) {
            if rules.cues.longestMatch(in: scalars, at: end, limit: limit) != nil
                || rules.stopWords.longestMatch(in: scalars, at: end, limit: limit) != nil
                || rules.nameFollowers.longestMatch(in: scalars, at: end, limit: limit) != nil
            {
                return false
            }
            end += 1
            if let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: range.upperBound),
                !suffix.value.weak, suffix.value.kind != .place
            {
                return true
            }
        }
        return false
    }

    /// 编辑:邓超, （记者 冯春梅）, 记者 田为 摄, 记者于青报道: the name that signs a report after a
    /// byline word, a colon or spaces between them. Its end is the first character that is no
    /// Han, or a word that closes the byline (`byline-end`: 摄, 报道).
    private mutating func findBylinePersons() {
        for line in layout.contentLines {
            for (word, _) in matches(of: rules.bylineWords, in: line) {
                var start = word.upperBound
                while start < line.upperBound, isBylineGap(scalars[start]) { start += 1 }
                var limit = start
                while limit < line.upperBound, layout.isHan(at: limit), limit - start < 4,
                    limit - start < 2 || rules.bylineEnds.longestMatch(in: scalars, at: limit, limit: line.upperBound) == nil
                {
                    limit += 1
                }
                guard limit >= line.upperBound || !layout.isHan(at: limit) || rules.bylineEnds.longestMatch(in: scalars, at: limit, limit: line.upperBound) != nil,
                    let name = matchName(at: start, limit: limit).flatMap({ $0.upperBound == limit ? $0 : nil }) ?? modelName(at: start, limit: limit),
                    !candidates.contains(where: { $0.entity.kind == .person && $0.range.overlaps(name) })
                else { continue }
                knownNames.insert(scalars: layout.string(name).unicodeScalars, ())
                add(name, .person, Rule.bylinePerson.name, Priority.person)
            }
        }
    }

    /// Runs the learned model over the content lines once: its names, and where its persons start.
    private mutating func tagContentLines() {
        guard let tagger = shared.tagger else { return }
        for line in layout.contentLines {
            modelSpans += tagger.spans(in: scalars, range: line, margins: false)
        }
        modelPersonEnds = PositionMap(count: scalars.count + 1)
        modelPersonFinishes = PositionSet(count: scalars.count + 1)
        modelPlaceStarts = PositionSet(count: scalars.count + 1)
        modelPlaceInteriors = PositionMap(count: scalars.count + 1)
        for span in modelSpans {
            switch span.kind {
            case .person:
                modelPersonEnds[span.start] = span.end
                modelPersonFinishes.insert(span.end)
            case .place:
                modelPlaceStarts.insert(span.start)
                for position in (span.start + 1)..<max(span.start + 1, span.end) { modelPlaceInteriors[position] = span.end }
            case .organization: break
            }
        }
    }

    /// Persons, places and organizations the learned model finds in the content lines (李鹏说,
    /// names in lists, places and companies no lexicon holds), as candidates below every rule.
    /// Model persons then also name their later mentions, like persons found by the rules.
    private mutating func findModelNames(notOverlapping ruleNames: PhraseTable<Void>) {
        guard !modelSpans.isEmpty else { return }
        // Positions covered by the rules' persons, so that each model name is checked in its length.
        var rulePerson = [Bool](repeating: false, count: scalars.count + 1)
        for index in candidates.indices where candidates[index].entity.kind == .person {
            for position in candidates[index].range { rulePerson[position] = true }
        }
        // The starts of the rules' persons' names (2 characters up to one short of the name),
        // made when a model person first gets as far as needing them.
        // Only the candidates found before this loop (the model's own are added behind them).
        let ruleCandidates = candidates.count
        var prefixesOfRulePersons: Set<String>?
        func rulePersonPrefixes() -> Set<String> {
            if let prefixesOfRulePersons { return prefixesOfRulePersons }
            var prefixes = Set<String>()
            for candidate in candidates[..<ruleCandidates] where candidate.entity.kind == .person {
                let name = Array(candidate.entity.name.unicodeScalars)
                guard name.count > 2 else { continue }
                for length in 2..<name.count { prefixes.insert(TextLayout.makeString(name[0..<length])) }
            }
            prefixesOfRulePersons = prefixes
            return prefixes
        }
        var lines = layout.contentLines.makeIterator()
        var line = lines.next()
        for span in modelSpans {
            while let current = line, current.upperBound <= span.start { line = lines.next() }
            guard let line, line.contains(span.start) else { continue }
            var range = span.range
            // 王浩登上衡山: a person's name read into a cue or a word that follows names (登上,
            // 表示) ends where that word starts.
            if span.kind == .person, range.count > 2, let cut = (range.lowerBound + 2..<range.upperBound).first(where: { position in
                let word = max(rules.cues.longestMatch(in: scalars, at: position, limit: line.upperBound)?.length ?? 0,
                               rules.nameFollowers.longestMatch(in: scalars, at: position, limit: line.upperBound)?.length ?? 0)
                return word >= 2 && position + word > range.upperBound
            }) {
                range = range.lowerBound..<cut
            }
            // 会见安娜·韦伯和彼得·韦伯: a foreign name read into the conjunction after it ends before it.
            if span.kind == .person, range.count > 3, isConjunction(scalars[range.upperBound - 1]),
                range.contains(where: { Self.isNameDot(scalars[$0]) })
            {
                range = range.lowerBound..<(range.upperBound - 1)
            }
            guard range.count >= 2, range.allSatisfy({ layout.isHan(at: $0) || Self.isNameDot(scalars[$0]) }) else { continue }
            switch span.kind {
            case .person:
                // A name the rules found, read with other bounds (韩正在 for 韩正, 王伟 for 王伟中), is
                // the rules' name; a word of the lexicons is no person (全国, 国务院, 中心).
                let from = max(line.lowerBound, range.lowerBound - 3)
                guard !range.contains(where: { rulePerson[$0] }),
                    !(from..<range.upperBound).contains(where: { position in
                        ruleNames.longestMatch(in: scalars, at: position, limit: line.upperBound).map { position + $0.length > range.lowerBound } ?? false
                    }),
                    range.count <= 12, !startsLongerName(at: range.lowerBound, end: range.upperBound, limit: line.upperBound),
                    // 会前,马兴 at the end of an excerpt: the start of a name the rules found (马兴瑞) is that name cut short.
                    !rulePersonPrefixes().contains(layout.string(range)),
                    // 中德合作: two countries, no person.
                    rules.countryPairs.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound)?.length != range.count,
                    rules.stopWords.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound) == nil
                        || opensWithSurnamedStopWord(range, line: line),
                    rules.offices.longestMatch(in: scalars, endingAt: range.upperBound, floor: range.lowerBound) == nil,
                    rules.nameSuffixes.longestMatch(in: scalars, endingAt: range.upperBound, floor: range.lowerBound) == nil
                else { continue }
                guard !namesDoctrine(range) else { continue }
                // A headline names persons in shorthand: a name there counts when the body names it too.
                if let titleLine, layout.contentLines.count > 1, titleLine.contains(range.lowerBound), !bodyNames(scalars[range], outside: titleLine) { continue }
                add(range, .person, Rule.modelName.name, Priority.modelPerson)
            case .place:
                let known = rules.places.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound)
                let name = known.flatMap { $0.length == range.count ? $0.value.canonical : nil }
                add(range, .place, Rule.modelName.name, Priority.modelPlace, name: name)
            case .organization:
                add(range, .organization, Rule.modelName.name, Priority.modelOrganization)
            }
        }
    }

    /// 于永波等…, ，向贤彪说: a model's three-character person that opens a clause with a
    /// one-character function word that is a surname too (于, 向), the rest no common word.
    private func opensWithSurnamedStopWord(_ range: Range<Int>, line: Range<Int>) -> Bool {
        guard range.count == 3, range.lowerBound == line.lowerBound || layout.isBreak(at: range.lowerBound - 1),
            rules.stopWords.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound)?.length == 1,
            rules.surnames.longestMatch(in: scalars, at: range.lowerBound, limit: range.lowerBound + 1) != nil
        else { return false }
        return !isCommonWord((range.lowerBound + 1)..<range.upperBound)
    }

    /// 张伟明、刘晓红、殳海涛等: an item of a list that is a whole name (a surname and a one- or
    /// two-character given name) is a person when the item before it is one, so that a rare
    /// surname the model does not know keeps its place in a list of attendees.
    private mutating func findListMates() {
        // Where persons end and start, a flag a position.
        var personEnds = [Bool](repeating: false, count: scalars.count + 1)
        var personStarts = [Bool](repeating: false, count: scalars.count + 1)
        var anyPerson = false
        for index in candidates.indices where candidates[index].entity.kind == .person {
            personEnds[candidates[index].range.upperBound] = true
            personStarts[candidates[index].range.lowerBound] = true
            anyPerson = true
        }
        guard anyPerson else { return }
        for sentence in layout.sentences {
            for separator in sentence where scalars[separator] == "、" && personEnds[separator] {
                let start = separator + 1
                var end = start
                while end < sentence.upperBound, end - start <= 4, !layout.isBreak(at: end), scalars[end] != "等" { end += 1 }
                guard end - start >= 2, end - start <= 4, end == sentence.upperBound || layout.isBreak(at: end) || scalars[end] == "等",
                    !personStarts[start],
                    let name = matchName(at: start, limit: end), name.upperBound == end
                else { continue }
                add(name, .person, Rule.listMate.name, Priority.listedPerson)
                personEnds[end] = true
                personStarts[start] = true
            }
        }
    }

    /// Whether `name` is written in a content line other than `title`.
    func bodyNames(_ name: ArraySlice<Unicode.Scalar>, outside title: Range<Int>) -> Bool {
        guard let first = name.first else { return false }
        for line in layout.contentLines where line != title && line.count >= name.count {
            for start in line.lowerBound...(line.upperBound - name.count) where scalars[start] == first {
                if scalars[start..<(start + name.count)].elementsEqual(name) { return true }
            }
        }
        return false
    }

    /// 朱森林当选广东省人大常委会主任, 王浩出任青山集团总经理: a name the model reads, a verb of
    /// taking an office (`elected-to`) and a title ending with an office word, at a break, at the end
    /// of the sentence or right before another name the model reads (a headline's 朱森林当选…主任卢瑞华当选…):
    /// the title is the first person's. Returns where those titles end, so that the title is not
    /// also read as one before the next name.
    private mutating func findElectedPersons(in sentence: Range<Int>) -> Set<Int> {
        guard rules.electedTo.count > 0 else { return [] }
        var ends = Set<Int>()
        for position in sentence {
            guard let verb = rules.electedTo.longestMatch(in: scalars, at: position, limit: sentence.upperBound) else { continue }
            // 刘春明曾经担任…: clause adverbs may stand between the name and the verb.
            var nameEnd = position
            while let adverb = rules.clauseAdverbs.longestMatch(in: scalars, endingAt: nameEnd, floor: sentence.lowerBound) { nameEnd -= adverb.length }
            // A name found before (陈方安生 of 政务司司长陈方安生) comes before the model's reading.
            guard let person = knownNames.longestMatch(in: scalars, endingAt: nameEnd, floor: sentence.lowerBound).map({ nameEnd - $0.length })
                    ?? modelPerson(endingAt: nameEnd, floor: sentence.lowerBound),
                // A clean start: the sentence's, a break, an office word (司长陈方安生), a function word
                // or a cue before it; not inside a longer name (安生 of 陈方安生).
                opensAfterBoundary(person, floor: sentence.lowerBound) || !layout.isHan(at: person - 1)
                    || rules.offices.longestMatch(in: scalars, endingAt: person, floor: sentence.lowerBound) != nil
            else { continue }
            let titleStart = position + verb.length
            var titleEnd: Int?
            var end = titleStart + 2
            while end <= min(sentence.upperBound, titleStart + 30), !layout.isBreak(at: end - 1) {
                if rules.offices.longestMatch(in: scalars, endingAt: end, floor: titleStart) != nil,
                    end == sentence.upperBound || layout.isBreak(at: end) || modelPersonEnds[end] != nil
                {
                    titleEnd = end
                    break
                }
                end += 1
            }
            guard let titleEnd else { continue }
            let chain = roleChain(endingAt: titleEnd, floor: titleStart)
            guard !chain.isEmpty else { continue }
            var candidate = Candidate(
                range: person..<nameEnd, entity: EntityRef(.person, layout.string(person..<nameEnd)),
                rule: Rule.electedTo.name, priority: Priority.person)
            candidate.roles = chain
            knownNames.insert(scalars: candidate.entity.name.unicodeScalars, ())
            candidates.append(candidate)
            for role in chain { add(role, .role, Rule.electedTo.name, Priority.role) }
            ends.insert(titleEnd)
        }
        return ends
    }

    /// 省委副书记、省长王伟中: a title chain, then a name. Titles that end at `skipping` are
    /// another person's (``findElectedPersons(in:)``).
    private mutating func findTitledPersons(in sentence: Range<Int>, skipping elected: Set<Int> = []) {
        for end in (sentence.lowerBound + 1)..<sentence.upperBound {
            guard !elected.contains(end), rules.offices.longestMatch(in: scalars, endingAt: end, floor: sentence.lowerBound) != nil,
                // 轮值主席国时: the office runs on into a longer word (主席国); no name follows it.
                !(2...3).contains(where: { end - $0 >= sentence.lowerBound && end < sentence.upperBound && isCommonWord((end - $0)..<(end + 1)) }),
                // 湖南省长沙市: a known place runs across the office's end (省长 | 长沙), and the model
                // reads no person after it (市长江涛 is a mayor and a name).
                modelPersonEnds[end] != nil || !((end - 2)..<end).contains(where: { start in
                    start >= sentence.lowerBound && (rules.places.longestMatch(in: scalars, at: start, limit: sentence.upperBound).map { start + $0.length > end } ?? false)
                })
            else { continue }
            // 江泽民总书记曾讲到, 受江泽民总书记李鹏总理委托: an office right after a name the model
            // reads is that person's title, not one before the next name.
            if let office = rules.offices.longestMatch(in: scalars, endingAt: end, floor: sentence.lowerBound),
                modelPersonFinishes.contains(end - office.length)
            {
                continue
            }
            let chain = roleChain(endingAt: end, floor: sentence.lowerBound)
            guard let first = chain.first, let last = chain.last, !isAddress(last),
                let name = matchName(at: end, limit: sentence.upperBound)
                    ?? (rules.countries.longestMatch(in: scalars, at: first.lowerBound, limit: end) != nil
                        ? matchForeignName(at: end, limit: sentence.upperBound) : nil)
                    ?? modelName(at: end, limit: sentence.upperBound)
            else { continue }
            var candidate = Candidate(
                range: name, entity: EntityRef(.person, layout.string(name)),
                rule: Rule.roleBeforeName.name, priority: Priority.person)
            candidate.roles = chain
            knownNames.insert(scalars: candidate.entity.name.unicodeScalars, ())
            candidates.append(candidate)
            for role in chain {
                add(role, .role, Rule.roleBeforeName.name, Priority.role)
            }
            // 省政协副主席罗晓岚、钟毓秀: names listed right after the first share its titles.
            var next = name.upperBound
            while next < sentence.upperBound, scalars[next] == "、" {
                var itemEnd = next + 1
                while itemEnd < sentence.upperBound, !layout.isBreak(at: itemEnd), scalars[itemEnd] != "等" { itemEnd += 1 }
                // An item the name grammar refuses (a given name that is also a word: 刚刚) is
                // still a listed name when the model reads a person there, or when it is a whole
                // item of a surname and one or two characters more.
                guard let shared = matchName(at: next + 1, limit: itemEnd) ?? modelName(at: next + 1, limit: itemEnd)
                        ?? surnamedItem(next + 1..<itemEnd),
                    shared.upperBound == itemEnd || rules.cues.longestMatch(in: scalars, at: shared.upperBound, limit: itemEnd) != nil
                else { break }
                var sharing = Candidate(range: shared, entity: EntityRef(.person, layout.string(shared)), rule: Rule.sharedTitle.name, priority: Priority.listedPerson)
                sharing.roles = chain
                knownNames.insert(scalars: sharing.entity.name.unicodeScalars, ())
                candidates.append(sharing)
                guard shared.upperBound == itemEnd else { break }
                next = itemEnd
            }
        }
    }

    /// Whether a title is a surname and an office (陈书记 of 陈书记来了, 江主席): the way a known
    /// person is addressed, not a title before a name. A title that is an office word as a whole
    /// (常委) is none.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func isAddress(_ title: Range<Int>) -> Bool {
        guard let surname = rules.surnames.longestMatch(in: scalars, at: title.lowerBound, limit: title.upperBound),
            rules.offices.longestMatch(in: scalars, at: title.lowerBound + surname.length, limit: title.upperBound)?.length == title.count - surname.length
        else { return false }
        return rules.offices.longestMatch(in: scalars, at: title.lowerBound, limit: title.upperBound)?.length != title.count
    }

    /// Whether `position` opens a word after a boundary: the start (`floor`), a break, a function
    /// word (stop word) or a cue right before it.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func opensAfterBoundary(_ position: Int, floor: Int) -> Bool {
        position == floor || layout.isBreak(at: position - 1)
            || rules.stopWords.longestMatch(in: scalars, endingAt: position, floor: floor) != nil
            || rules.cues.longestMatch(in: scalars, endingAt: position, floor: floor) != nil
    }

    /// Whether a news agency's dateline (…日电, …日讯) ends at `position`, both its characters at
    /// `floor` or after.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func endsDateline(at position: Int, floor: Int) -> Bool {
        position - 2 >= floor && scalars[position - 2] == "日" && rules.datelineMarks.contains(scalars[position - 1])
    }

    /// Where a person the model reads (two to four characters, starting at `floor` or later) that
    /// ends at `end` starts.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func modelPerson(endingAt end: Int, floor: Int) -> Int? {
        guard modelPersonFinishes.contains(end) else { return nil }
        let low = max(floor, end - 4)
        guard low < end - 1 else { return nil }
        return (low..<(end - 1)).first { modelPersonEnds[$0] == end }
    }

    /// Whether `given` cannot be a given name: one with a particle, a pronoun or a mark of a list or
    /// plural (`not-in-name`: 卫队等, 经理们, 包括了, 和他的), one of two characters ending with a
    /// one-character function word (张茅为),
    /// a common word of three or four characters starting in it and running past it (都一以贯之),
    /// or the start of an office, organization or posting that runs past it (任中央书记处…, 任驻华大使).
    func isImplausibleGivenName(_ given: Range<Int>, limit: Int) -> Bool {
        if given.contains(where: { rules.notInNames.contains(scalars[$0]) }) { return true }
        // 任驻华大使: nor does one start with a word of posting (驻).
        if rules.postedTo.longestMatch(in: scalars, at: given.lowerBound, limit: given.upperBound) != nil { return true }
        // 张茅为副市长: a two-character given name ending with a one-character function word.
        if given.count == 2, rules.stopWords.longestMatch(in: scalars, at: given.upperBound - 1, limit: given.upperBound) != nil { return true }
        if given.contains(where: { start in (3...4).contains { start + $0 <= limit && start + $0 > given.upperBound && isCommonWord(start..<(start + $0)) } }) {
            return true
        }
        let longest = max(
            rules.offices.longestMatch(in: scalars, at: given.lowerBound, limit: limit)?.length ?? 0,
            rules.organizations.longestMatch(in: scalars, at: given.lowerBound, limit: limit)?.length ?? 0,
            rules.postedTo.longestMatch(in: scalars, at: given.lowerBound, limit: limit)?.length ?? 0)
        return longest > given.count
    }

    /// Middle dots that join the parts of a transliterated name.
    @inline(__always)
    static func isNameDot(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "·", "•", "・", "‧": true
        default: false
        }
    }

    /// Words that join phrases (function-words.txt, conjunction); a list item starting with one
    /// is no name (省领导和与会代表).
    @inline(__always)
    func isConjunction(_ scalar: Unicode.Scalar) -> Bool {
        rules.conjunctions.contains(scalar)
    }

    /// 习近平总书记, 王伟中省长: a name right before an office word, after a delimiter, verb or
    /// function word (学习贯彻习近平总书记…). The office is the role.
    private mutating func findPersonsBeforeTitles(in sentence: Range<Int>) {
        for start in sentence {
            // Most positions start no surname: nothing below is found there.
            guard rules.surnames.mayStart(with: scalars[start]) else { continue }
            let openedHere = opensAfterBoundary(start, floor: sentence.lowerBound)
            // 受江泽民总书记李鹏总理委托: or where the model reads the person (checked with its length below).
            guard openedHere || modelPersonEnds[start] != nil else { continue }
            // Every surname at `start`, longest first (欧阳, then 欧).
            var surnameLimit = sentence.upperBound
            while let surname = rules.surnames.longestMatch(in: scalars, at: start, limit: surnameLimit) {
                surnameLimit = start + surname.length - 1
                var found = false
                for given in [2, 1] {
                    let end = start + surname.length + given
                    // The office after the name first: most positions have none (every check is
                    // a lookup without effects, so their order changes nothing found).
                    guard end < sentence.upperBound,
                        let office = rules.offices.longestMatch(in: scalars, at: end, limit: sentence.upperBound),
                        (start..<end).allSatisfy({ layout.isHan(at: $0) }),
                        (rules.places.longestMatch(in: scalars, at: start, limit: end)?.length ?? 0) < 2,
                        !startsLongerName(at: start, end: end, limit: sentence.upperBound),
                        // 党委书记, 党支部书记: an office word runs through the name; no name.
                        (rules.offices.longestMatch(in: scalars, at: start, limit: sentence.upperBound)?.length ?? 0) <= end - start,
                        rules.stopWords.longestMatch(in: scalars, at: start + surname.length, limit: end) == nil,
                        (rules.offices.longestMatch(in: scalars, at: end - 1, limit: sentence.upperBound)?.length ?? 0) <= office.length,
                        // 居民委员会: the office word begins a longer name suffix, so it names no office here.
                        (rules.nameSuffixes.longestMatch(in: scalars, at: end, limit: sentence.upperBound)?.length ?? 0) <= office.length,
                        end == sentence.lowerBound || !Self.isNameDot(scalars[start > 0 ? start - 1 : start]),
                        openedHere || modelPersonEnds[start] == end,
                        // 向李鹏总理: the model reads the person one character on.
                        modelPersonEnds[start] == end || modelPerson(endingAt: end, floor: start + 1) == nil,
                        // 公司副总经理: a common word is no name unless the model reads a person there.
                        !isCommonWord(start..<end) && !(given == 2 && isCommonWord(start..<(start + surname.length + 1)))
                            && !isImplausibleGivenName((start + surname.length)..<end, limit: sentence.upperBound)
                            || modelPersonEnds[start] == end
                    else { continue }
                    let role = end..<(end + office.length)
                    var candidate = Candidate(
                        range: start..<end, entity: EntityRef(.person, layout.string(start..<end)),
                        rule: Rule.roleAfterName.name, priority: Priority.listedPerson)
                    candidate.roles = [role]
                    candidates.append(candidate)
                    add(role, .role, Rule.roleAfterName.name, Priority.role)
                    found = true
                    break
                }
                if found { break }
            }
        }
    }

    /// 李书记, 王省长: a known person's surname and the office of one of their roles, when only one
    /// person of the article fits. The surface becomes an alias of the person.
    private mutating func findSurnameTitles() {
        var bySurname: [String: [(person: EntityRef, roles: [String])]] = [:]
        for index in candidates.indices where candidates[index].entity.kind == .person && !candidates[index].roles.isEmpty {
            let candidate = candidates[index]
            guard let surname = rules.surnames.longestMatch(in: scalars, at: candidate.range.lowerBound, limit: candidate.range.upperBound),
                candidate.range.count > surname.length
            else { continue }
            let key = layout.string(candidate.range.lowerBound..<(candidate.range.lowerBound + surname.length))
            let roles = candidate.roles.map { layout.string($0) }
            if let index = bySurname[key]?.firstIndex(where: { $0.person == candidate.entity }) {
                bySurname[key]?[index].roles += roles
            } else {
                bySurname[key, default: []].append((candidate.entity, roles))
            }
        }
        guard !bySurname.isEmpty else { return }
        let surnames = PhraseTable(bySurname.keys.map { ($0, ()) })
        for line in layout.contentLines {
            for start in line {
                guard let surname = surnames.longestMatch(in: scalars, at: start, limit: line.upperBound),
                    let office = rules.offices.longestMatch(in: scalars, at: start + surname.length, limit: line.upperBound)
                else { continue }
                let end = start + surname.length + office.length
                let officeText = layout.string((start + surname.length)..<end)
                let key = layout.string(start..<(start + surname.length))
                let fitting = (bySurname[key] ?? []).filter { $0.roles.contains { $0.hasSuffix(officeText) } }
                guard fitting.count == 1, canFollowName(at: end, limit: line.upperBound) else { continue }
                add(start..<end, .person, Rule.surnameTitle.name, Priority.knownPerson, name: fitting[0].person.name)
            }
        }
    }

    /// 省领导林克庆、宋福龙、陈建文: a group word, then names separated by 、.
    private mutating func findListedPersons(in sentence: Range<Int>) {
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            guard let group = rules.groupWords.longestMatch(in: scalars, at: index, limit: sentence.upperBound) else {
                index += 1
                continue
            }
            var itemStart = index + group.length
            while itemStart < sentence.upperBound {
                var itemEnd = itemStart
                while itemEnd < sentence.upperBound, !layout.isBreak(at: itemEnd), scalars[itemEnd] != "等" {
                    itemEnd += 1
                }
                // An item is a whole name, or (for the last one) a name running straight into a verb cue.
                guard !isConjunction(scalars[itemStart]),
                    let name = matchName(at: itemStart, limit: itemEnd),
                    name.upperBound == itemEnd || rules.cues.longestMatch(in: scalars, at: name.upperBound, limit: itemEnd) != nil
                else { break }
                add(name, .person, Rule.groupList.name, Priority.listedPerson)
                knownNames.insert(scalars: scalars[name], ())
                // The last name may run straight into its verb (…、蒋文华出席会议): the list ends there.
                guard name.upperBound == itemEnd, itemEnd < sentence.upperBound, scalars[itemEnd] == "、" else { break }
                itemStart = itemEnd + 1
            }
            index = max(index + 1, itemStart)
        }
    }

    /// A Chinese personal name at `start`: a surname from the lexicon and a one- or two-character
    /// given name, followed by something that can follow a name (punctuation, a verb cue, 等, 同志 …).
    func matchName(at start: Int, limit: Int) -> Range<Int>? {
        // 责任编辑 at the very end: no character is left for a name.
        guard start < limit, start < scalars.count else { return nil }
        // 武汉市 is a city, not 武 + 汉市.
        if let place = rules.places.longestMatch(in: scalars, at: start, limit: limit), place.length >= 2 { return nil }
        // 强调, 表示, 同志: words that follow names are not names themselves.
        if let word = rules.nameFollowers.longestMatch(in: scalars, at: start, limit: limit), word.length >= 2 { return nil }
        if let word = rules.cues.longestMatch(in: scalars, at: start, limit: limit), word.length >= 2 { return nil }
        // 特派员公署愿…: an organization's suffix right after an office word makes the office part of
        // the organization's name (外交部驻澳门特派员公署), not a title before a name.
        if let suffix = rules.nameSuffixes.longestMatch(in: scalars, at: start, limit: limit), suffix.length >= 2,
            suffix.value.kind == .organization, !suffix.value.weak
        {
            return nil
        }
        // 总理和市长, 国王和王后, 由意外长: a conjunction or preposition (和, 由 are surnames too)
        // before an office or a common word starts no name unless the model reads one there
        // (副省长和晓雯 is a name).
        if isConjunction(scalars[start]) || rules.stopWords.longestMatch(in: scalars, at: start, limit: start + 1) != nil,
            modelPersonEnds[start] == nil, start + 1 < limit,
            rules.offices.longestMatch(in: scalars, at: start + 1, limit: limit) != nil
                || (2...4).contains(where: { start + 1 + $0 <= limit && isCommonWord((start + 1)..<(start + 1 + $0)) })
        {
            return nil
        }
        // 阿不来提·阿不都热西提: Han characters up to a name dot are the first part of a
        // transliterated name, not a surname and a given name.
        if start + 2 < limit, let dot = ((start + 2)..<min(limit, start + 8)).first(where: { !layout.isHan(at: $0) }), Self.isNameDot(scalars[dot]) {
            return nil
        }
        // Every surname at `start`, longest first (欧阳, then 欧).
        var surnameLimit = limit
        while let surname = rules.surnames.longestMatch(in: scalars, at: start, limit: surnameLimit) {
            surnameLimit = start + surname.length - 1
            for given in [2, 1] {
                let end = start + surname.length + given
                guard end <= limit, (start..<end).allSatisfy({ layout.isHan(at: $0) }), !startsLongerName(at: start, end: end, limit: limit) else { continue }
                // 委员宣讲团: a group's name is no person's.
                if rules.groupSuffixes.contains(scalars[end - 1]) { continue }
                // 公司副总经理: a common word is no name unless the model reads a person there, nor
                // is a surname and an office or byline word (向记者介绍).
                // Nor is a surname and a given name no name has (``isImplausibleGivenName(_:limit:)``).
                // Nor, unless the model reads it, a one-character given name that is the start of a
                // common word running on (都反对: 反对).
                if modelPersonEnds[start] != end, isCommonWord(start..<end)
                    || isImplausibleGivenName((start + surname.length)..<end, limit: limit)
                    || given == 1 && end < limit && isCommonWord((end - 1)..<(end + 1))
                    || rules.offices.longestMatch(in: scalars, at: start + surname.length, limit: end)?.length == given
                    || rules.bylineWords.longestMatch(in: scalars, at: start + surname.length, limit: end)?.length == given
                {
                    continue
                }
                // 负责人时强调: a two-character given name that is a word following names (强调, 表示)
                // or a cue is no given name.
                if given == 2, max(rules.nameFollowers.longestMatch(in: scalars, at: end - 2, limit: limit)?.length ?? 0,
                                   rules.cues.longestMatch(in: scalars, at: end - 2, limit: limit)?.length ?? 0) == 2 { continue }
                // 刘捷一同参加: a two-character word that can follow a name (一同) starts at the given
                // name's last character, so the name is the shorter one.
                // So does a one-character adverb before a verb (王浩又参观).
                if given == 2, let adverb = rules.clauseAdverbs.longestMatch(in: scalars, at: end - 1, limit: limit),
                    adverb.length >= 2 || canFollowName(at: end - 1, limit: limit)
                {
                    continue
                }
                // 副总经理武军说: where the model reads the shorter name and the character after it
                // is a word that follows names (说, not the conjunction of 孟庆和), the shorter one it is.
                // So does one where such a word of two characters starts at the given name's last
                // character (朱训关于: 关于; not 王伟中共同, where 中共 follows no name).
                // So does a one-character function word there (廖晖将会见: 将), or the start of a
                // common word when no word of two characters that follows names comes after the longer
                // name (李鹏发来; not 王伟中共同, where 共同 follows the name).
                if given == 2, modelPersonEnds[start] == end - 1, !isConjunction(scalars[end - 1]),
                    (1...2).contains(rules.nameFollowers.longestMatch(in: scalars, at: end - 1, limit: limit)?.length ?? 0)
                        || rules.stopWords.longestMatch(in: scalars, at: end - 1, limit: end) != nil
                        || end < limit && isCommonWord((end - 1)..<(end + 1))
                            && max(rules.clauseAdverbs.longestMatch(in: scalars, at: end, limit: limit)?.length ?? 0,
                                   rules.nameFollowers.longestMatch(in: scalars, at: end, limit: limit)?.length ?? 0,
                                   rules.cues.longestMatch(in: scalars, at: end, limit: limit)?.length ?? 0) < 2
                {
                    continue
                }
                // 周恩来依照: a name the model reads whole stands whatever follows it.
                if canFollowName(at: end, limit: limit) || (given == 2 && modelPersonEnds[start] == end) { return start..<end }
            }
            // 林郑月娥, 陈方安生: a married name, the husband's surname before the woman's own
            // surname and given name, where no shorter reading can end.
            let married = start + surname.length
            // 关于祖国 is none: neither the two surnames nor the given name may be a common word.
            if let own = rules.surnames.longestMatch(in: scalars, at: married, limit: limit), own.length == 1,
                !isCommonWord(start..<(married + 1)), married + 3 > limit || !isCommonWord((married + 1)..<(married + 3))
            {
                let end = married + 1 + 2
                // 安南将于: nor may the given name hold a function word.
                if end <= limit, (start..<end).allSatisfy({ layout.isHan(at: $0) }), canFollowName(at: end, limit: limit),
                    !((married + 1)..<end).contains(where: { rules.stopWords.longestMatch(in: scalars, at: $0, limit: $0 + 1) != nil }),
                    !isImplausibleGivenName((married + 1)..<end, limit: limit)
                {
                    return start..<end
                }
            }
        }
        return nil
    }

    /// Whether the name at `range` is part of a doctrine's name (邓小平理论, 毛泽东思想): no mention
    /// of the person.
    func namesDoctrine(_ range: Range<Int>) -> Bool {
        rules.doctrineSuffixes.longestMatch(in: scalars, at: range.upperBound, limit: min(scalars.count, range.upperBound + 4)) != nil
    }

    /// Whether the text at `range` is one of the model's common words (none without a model).
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func isCommonWord(_ range: Range<Int>) -> Bool {
        shared.tagger?.isCommonWord(scalars, range) ?? false
    }

    /// Whether a word that can go on into a title ends at `index`: an office, a name suffix, an
    /// organization, a place or 驻 (中国驻法国大使, 新华社澳门分社社长).
    func endsTitleWord(at index: Int, floor: Int) -> Bool {
        rules.offices.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
            || rules.nameSuffixes.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
            || rules.organizations.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
            || rules.places.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
            || rules.postedTo.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
    }

    /// Whether the character at `index` is part of a word that goes on into a title, and so is no
    /// function word there: it lies inside a place or country that starts before it (及 of
    /// 阿尔及利亚), a place, country or organization starts with it (以 of 以色列总理, 应 of
    /// 应急管理部部长), or a common word of two to four characters starts with it and ends by
    /// `limit` with no place starting inside it running past it (和平 of 和平统一促进会; not 同德 of
    /// 同德国总理, which is 同 and 德国).
    func beginsTitleWord(at index: Int, limit: Int) -> Bool {
        if ((max(0, index - 6))..<index).contains(where: { start in
            max(rules.places.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0,
                rules.countries.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0) > index - start
        }) {
            return true
        }
        if (rules.places.longestMatch(in: scalars, at: index, limit: limit)?.length ?? 0) >= 2
            || (rules.countries.longestMatch(in: scalars, at: index, limit: limit)?.length ?? 0) >= 2
            || (rules.organizations.longestMatch(in: scalars, at: index, limit: limit)?.length ?? 0) >= 2
        {
            return true
        }
        guard let word = (2...4).last(where: { index + $0 <= limit && isCommonWord(index..<(index + $0)) }) else { return false }
        return !(index + 1..<index + word).contains { start in
            (rules.places.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0) > index + word - start
                || (rules.countries.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0) > index + word - start
        }
    }

    /// Whether an organization of the lexicons starts at `start` and runs to `end` or past it, or
    /// a place runs past it: 全国 of 全国政协 and 欧盟 are no names.
    func startsLongerName(at start: Int, end: Int, limit: Int) -> Bool {
        let length = end - start
        return (rules.organizations.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0) >= length
            || (rules.places.longestMatch(in: scalars, at: start, limit: limit)?.length ?? 0) > length
    }

    /// 卡里莫娃, 安德森: a run of transliteration characters (2 to 8, · allowed) after a foreign
    /// title, followed by something that can follow a name.
    func matchForeignName(at start: Int, limit: Int) -> Range<Int>? {
        var end = start
        while end < limit, end - start < 12, rules.transliteration.contains(scalars[end]) || (end > start && Self.isNameDot(scalars[end])) {
            end += 1
        }
        // Give back characters until what follows can follow a name (卡里莫娃举行会谈).
        while end - start >= 2 {
            if canFollowName(at: end, limit: limit) { return start..<end }
            end -= 1
        }
        return nil
    }

    /// 张明、通刚刚、李华强: a list item of two to four Han characters that starts with a surname
    /// and holds no stop word, office or name suffix; a name whatever its given name.
    func surnamedItem(_ item: Range<Int>) -> Range<Int>? {
        guard (2...4).contains(item.count), item.allSatisfy({ layout.isHan(at: $0) }),
            let surname = rules.surnames.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound),
            item.count - surname.length >= 1, item.count - surname.length <= 2,
            !item.contains(where: { rules.stopWords.longestMatch(in: scalars, at: $0, limit: item.upperBound) != nil }),
            rules.offices.longestMatch(in: scalars, endingAt: item.upperBound, floor: item.lowerBound) == nil,
            rules.nameSuffixes.longestMatch(in: scalars, endingAt: item.upperBound, floor: item.lowerBound) == nil
        else { return nil }
        return item
    }

    /// 老挝总理宋赛·西潘敦, 总领事赛塔肯诺夫全程…: a name the learned model reads starting right
    /// where a title ends, when the surname and follower rules find none (rare surnames,
    /// transliterated names, a word after the name that no list holds).
    func modelName(at start: Int, limit: Int) -> Range<Int>? {
        guard let end = modelPersonEnds[start], end <= limit, end - start >= 2, end - start <= 12,
            (start..<end).allSatisfy({ layout.isHan(at: $0) || Self.isNameDot(scalars[$0]) }),
            !startsLongerName(at: start, end: end, limit: limit),
            rules.stopWords.longestMatch(in: scalars, at: start, limit: end) == nil,
            rules.offices.longestMatch(in: scalars, endingAt: end, floor: start) == nil,
            rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) == nil,
            end >= limit || !Self.isNameDot(scalars[end])
        else { return nil }
        return start..<end
    }

    func canFollowName(at index: Int, limit: Int) -> Bool {
        // 安娜·韦伯: the middle dot joins the parts of a foreign name.
        if index < limit, Self.isNameDot(scalars[index]) { return false }
        if index >= limit || !layout.isHan(at: index)
            || rules.nameFollowers.longestMatch(in: scalars, at: index, limit: limit) != nil
            || rules.cues.longestMatch(in: scalars, at: index, limit: limit) != nil
        {
            return true
        }
        // 王浩又参观, 李明还表示: an adverb, then a word that follows names.
        guard let adverb = rules.clauseAdverbs.longestMatch(in: scalars, at: index, limit: limit), index + adverb.length < limit else { return false }
        let next = index + adverb.length
        return rules.nameFollowers.longestMatch(in: scalars, at: next, limit: limit) != nil
            || rules.cues.longestMatch(in: scalars, at: next, limit: limit) != nil
    }

    /// The roles written before a name: the part before `end` back to the previous delimiter, and
    /// the parts before it joined by 、 as long as each ends with an office word.
    func roleChain(endingAt end: Int, floor: Int) -> [Range<Int>] {
        var chain: [Range<Int>] = []
        var segmentEnd = end
        while segmentEnd > floor {
            var start = segmentEnd
            // A company's name with its place in brackets (川奇光电科技(扬州)有限公司总经理) goes on
            // past the brackets.
            var bracketed: Range<Int>?
            while start > floor {
                if !layout.isBreak(at: start - 1) {
                    start -= 1
                } else if bracketed == nil, let open = parenthesizedPlace(endingAt: start, floor: floor),
                    layout.isHan(at: open - 1)
                {
                    bracketed = open..<start
                    start = open
                } else {
                    break
                }
            }
            // An empty segment (、 right after another break: ，、省长王伟中) holds no role.
            guard start < segmentEnd else { break }
            var roleStart = start
            for position in (start + 1)..<segmentEnd {
                // Function words (在, 由, 同 …) and verb cues start the title after them; words that
                // also occur inside organization names (促进, 联合) and conjunctions inside titles
                // (发展和改革委员会主任) do not. A person named inside the segment ends it (副省长邵文杰和
                // 东风汽车集团有限公司总经理梁启航).
                // Nor does one that begins a word running on into the title (和平 of 和平统一促进会,
                // 同胞 of 同胞联谊会, 同盟 of 民主同盟).
                // A conjunction that opens the segment (和贝宁外交部长) joins nothing inside it.
                if let stop = rules.stopWords.longestMatch(in: scalars, endingAt: position, floor: start),
                    stop.length == 1, !beginsTitleWord(at: position - 1, limit: segmentEnd),
                    !isConjunction(scalars[position - 1]) || position - 1 == start
                        || joinsNames(conjunctionAt: position - 1, floor: start, titleEnd: segmentEnd)
                {
                    roleStart = position
                } else if rules.cues.longestMatch(in: scalars, endingAt: position, floor: start) != nil
                    || rules.roleOpeners.longestMatch(in: scalars, endingAt: position, floor: start)
                        .map({ $0.length > 1 || !beginsTitleWord(at: position - 1, limit: segmentEnd) }) == true
                {
                    roleStart = position
                } else if endsDateline(at: position, floor: start) {
                    // 新华社北京一月二十三日电国务院副总理: a dateline ends before the title.
                    roleStart = position
                } else if knownNames.longestMatch(in: scalars, endingAt: position, floor: start) != nil {
                    roleStart = position
                    while roleStart < segmentEnd,
                        let word = rules.nameFollowers.longestMatch(in: scalars, at: roleStart, limit: segmentEnd)
                            ?? rules.stopWords.longestMatch(in: scalars, at: roleStart, limit: segmentEnd)
                    {
                        roleStart += word.length
                    }
                }
            }
            // 他批评以色列总理, 密切注视俄罗斯外长: words before a country that end in no title word
            // (an office, a name suffix, an organization, a place, 驻) and hold a common word or
            // end with a conjunction are no part of the title; one character (前美国总统) may be.
            if roleStart + 2 < segmentEnd, let country = ((roleStart + 2)..<segmentEnd).first(where: { rules.countries.longestMatch(in: scalars, at: $0, limit: segmentEnd) != nil }),
                !endsTitleWord(at: country, floor: roleStart),
                isConjunction(scalars[country - 1]) || (roleStart..<(country - 1)).contains(where: { start in (2...4).contains { start + $0 <= country && isCommonWord(start..<(start + $0)) } })
            {
                roleStart = country
            }
            let role = roleStart..<segmentEnd
            guard role.count >= 2, role.count <= 24,
                rules.offices.longestMatch(in: scalars, endingAt: segmentEnd, floor: roleStart) != nil
            else { break }
            // Han characters but for the brackets (a loop: a closure here would copy the run).
            var han = true
            for position in role where !layout.isHan(at: position) {
                guard let bracketed, position == bracketed.lowerBound || position == bracketed.upperBound - 1 else {
                    han = false
                    break
                }
            }
            guard han else { break }
            chain.insert(role, at: 0)
            guard roleStart == start, start > floor, scalars[start - 1] == "、" else { break }
            segmentEnd = start - 1
        }
        return chain
    }

    /// Whether the conjunction at `index` joins a name to what follows rather than two parts of
    /// one title: 与 and 同 always do (在前海紫荆园与市委书记王伟中); 和 and 及 do after a place or
    /// a name ending with a name suffix (深圳市和省委书记…), or before a whole office after a word
    /// that is none (职工和市长谢玉堂), not inside a title (发展和改革委员会主任) nor between two
    /// offices (董事长和总经理).
    func joinsNames(conjunctionAt index: Int, floor: Int, titleEnd: Int) -> Bool {
        if rules.nameJoiners.contains(scalars[index]) { return true }
        guard index > floor else { return false }
        if rules.places.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
            || rules.nameSuffixes.longestMatch(in: scalars, endingAt: index, floor: floor)?.value.weak == false
        {
            return true
        }
        return rules.offices.longestMatch(in: scalars, at: index + 1, limit: titleEnd)?.length == titleEnd - index - 1
            && rules.offices.longestMatch(in: scalars, endingAt: index, floor: floor) == nil
    }
}
