import TupuModel

/// Finding the mentions of persons, roles, events, places, organizations, initiatives and documents.
extension ExtractionRun {
    enum Priority {
        static let person = 100
        static let role = 100
        static let listedPerson = 95
        static let knownPerson = 90
        static let event = 80
        static let suffixName = 70
        /// A whole item of a site list has better bounds than a suffix name inside it.
        static let siteItem = 72
        static let place = 60
        /// Names the learned model finds: below every rule, so that the rules override the model.
        static let modelPerson = 65
        static let modelOrganization = 68
        static let modelPlace = 58
        /// A short item listed with a place of the lexicons (横琴、南沙): above the model, below the lexicon.
        static let coordinatedPlace = 59
        static let eventReference = 50
    }

    // MARK: Persons

    mutating func findPersons() {
        for sentence in layout.sentences {
            findTitledPersons(in: sentence)
            findListedPersons(in: sentence)
            findPersonsBeforeTitles(in: sentence)
        }
        var known = PhraseTable<Void>(capacity: candidates.lazy.filter { $0.entity.kind == .person }.count)
        for candidate in candidates where candidate.entity.kind == .person {
            known.insert(scalars: candidate.entity.name.unicodeScalars, ())
        }
        // The model's names come after the rules', which they must not contradict.
        let ruleNames = known
        findModelNames(notOverlapping: ruleNames)
        for candidate in candidates where candidate.entity.kind == .person && candidate.rule == Rule.modelName.0 {
            // 湛江海 of 湛江海纳科技有限公司: a model name that is the head of a company's name
            // names no person elsewhere.
            guard !startsSuffixedName(candidate.range) else { continue }
            known.insert(scalars: candidate.entity.name.unicodeScalars, ())
        }
        guard known.count > 0 else { return }
        findSurnameTitles()
        let claimed = Set(candidates.lazy.filter { $0.entity.kind == .person }.map(\.range.lowerBound))
        for line in layout.contentLines {
            for (range, _) in matches(of: known, in: line) where !claimed.contains(range.lowerBound) {
                add(range, .person, Rule.knownName.0, Priority.knownPerson)
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

    /// Persons, places and organizations the learned model finds in the content lines (李鹏说,
    /// names in lists, places and companies no lexicon holds), as candidates below every rule.
    /// Model persons then also name their later mentions, like persons found by the rules.
    private mutating func findModelNames(notOverlapping ruleNames: PhraseTable<Void>) {
        guard let tagger = shared.tagger else { return }
        // Positions covered by the rules' persons, so that each model name is checked in its length.
        var rulePerson = [Bool](repeating: false, count: scalars.count + 1)
        for candidate in candidates where candidate.entity.kind == .person {
            for position in candidate.range { rulePerson[position] = true }
        }
        for line in layout.contentLines {
            for span in tagger.spans(in: scalars, range: line, margins: false) {
                let range = span.range
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
                        rules.stopWords.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound) == nil,
                        rules.offices.longestMatch(in: scalars, endingAt: range.upperBound, floor: range.lowerBound) == nil,
                        rules.nameSuffixes.longestMatch(in: scalars, endingAt: range.upperBound, floor: range.lowerBound) == nil
                    else { continue }
                    // A headline names persons in shorthand: a name there counts when the body names it too.
                    if let titleLine, layout.contentLines.count > 1, titleLine.contains(range.lowerBound), !bodyNames(scalars[range], outside: titleLine) { continue }
                    add(range, .person, Rule.modelName.0, Priority.modelPerson)
                case .place:
                    let known = rules.places.longestMatch(in: scalars, at: range.lowerBound, limit: range.upperBound)
                    let name = known.flatMap { $0.length == range.count ? $0.value.canonical : nil }
                    add(range, .place, Rule.modelName.0, Priority.modelPlace, name: name)
                case .organization:
                    add(range, .organization, Rule.modelName.0, Priority.modelOrganization)
                }
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

    /// 省委副书记、省长王伟中: a title chain, then a name.
    private mutating func findTitledPersons(in sentence: Range<Int>) {
        for end in (sentence.lowerBound + 1)..<sentence.upperBound {
            guard rules.offices.longestMatch(in: scalars, endingAt: end, floor: sentence.lowerBound) != nil else { continue }
            let chain = roleChain(endingAt: end, floor: sentence.lowerBound)
            guard let first = chain.first,
                let name = matchName(at: end, limit: sentence.upperBound)
                    ?? (rules.countries.longestMatch(in: scalars, at: first.lowerBound, limit: end) != nil
                        ? matchForeignName(at: end, limit: sentence.upperBound) : nil)
            else { continue }
            var candidate = Candidate(
                range: name, entity: EntityRef(.person, layout.string(name)),
                rule: Rule.roleBeforeName.0, priority: Priority.person)
            candidate.roles = chain
            knownNames.insert(scalars: candidate.entity.name.unicodeScalars, ())
            candidates.append(candidate)
            for role in chain {
                add(role, .role, Rule.roleBeforeName.0, Priority.role)
            }
            // 省政协副主席罗晓岚、钟毓秀: names listed right after the first share its titles.
            var next = name.upperBound
            while next < sentence.upperBound, scalars[next] == "、" {
                var itemEnd = next + 1
                while itemEnd < sentence.upperBound, !layout.isBreak(at: itemEnd), scalars[itemEnd] != "等" { itemEnd += 1 }
                guard let shared = matchName(at: next + 1, limit: itemEnd),
                    shared.upperBound == itemEnd || rules.cues.longestMatch(in: scalars, at: shared.upperBound, limit: itemEnd) != nil
                else { break }
                var sharing = Candidate(range: shared, entity: EntityRef(.person, layout.string(shared)), rule: Rule.sharedTitle.0, priority: Priority.listedPerson)
                sharing.roles = chain
                knownNames.insert(scalars: sharing.entity.name.unicodeScalars, ())
                candidates.append(sharing)
                guard shared.upperBound == itemEnd else { break }
                next = itemEnd
            }
        }
    }

    /// Middle dots that join the parts of a transliterated name.
    @inline(__always)
    static func isNameDot(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "·", "•", "・", "‧": true
        default: false
        }
    }

    /// Words that join phrases; a list item starting with one is no name (省领导和与会代表).
    @inline(__always)
    static func isConjunction(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "和", "与", "及", "并": true
        default: false
        }
    }

    /// 习近平总书记, 王伟中省长: a name right before an office word, after a delimiter, verb or
    /// function word (学习贯彻习近平总书记…). The office is the role.
    private mutating func findPersonsBeforeTitles(in sentence: Range<Int>) {
        for start in sentence {
            let openedHere = start == sentence.lowerBound || layout.isBreak(at: start - 1)
                || rules.stopWords.longestMatch(in: scalars, endingAt: start, floor: sentence.lowerBound) != nil
                || rules.cues.longestMatch(in: scalars, endingAt: start, floor: sentence.lowerBound) != nil
            guard openedHere else { continue }
            // Every surname at `start`, longest first (欧阳, then 欧).
            var surnameLimit = sentence.upperBound
            while let surname = rules.surnames.longestMatch(in: scalars, at: start, limit: surnameLimit) {
                surnameLimit = start + surname.length - 1
                var found = false
                for given in [2, 1] {
                    let end = start + surname.length + given
                    guard end < sentence.upperBound, (start..<end).allSatisfy({ layout.isHan(at: $0) }),
                        (rules.places.longestMatch(in: scalars, at: start, limit: end)?.length ?? 0) < 2,
                        !startsLongerName(at: start, end: end, limit: sentence.upperBound),
                        // 党委书记, 党支部书记: an office word runs through the name; no name.
                        (rules.offices.longestMatch(in: scalars, at: start, limit: sentence.upperBound)?.length ?? 0) <= end - start,
                        rules.stopWords.longestMatch(in: scalars, at: start + surname.length, limit: end) == nil,
                        let office = rules.offices.longestMatch(in: scalars, at: end, limit: sentence.upperBound),
                        (rules.offices.longestMatch(in: scalars, at: end - 1, limit: sentence.upperBound)?.length ?? 0) <= office.length,
                        // 居民委员会: the office word begins a longer name suffix, so it names no office here.
                        (rules.nameSuffixes.longestMatch(in: scalars, at: end, limit: sentence.upperBound)?.length ?? 0) <= office.length,
                        end == sentence.lowerBound || !Self.isNameDot(scalars[start > 0 ? start - 1 : start])
                    else { continue }
                    let role = end..<(end + office.length)
                    var candidate = Candidate(
                        range: start..<end, entity: EntityRef(.person, layout.string(start..<end)),
                        rule: Rule.roleAfterName.0, priority: Priority.listedPerson)
                    candidate.roles = [role]
                    candidates.append(candidate)
                    add(role, .role, Rule.roleAfterName.0, Priority.role)
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
        for candidate in candidates where candidate.entity.kind == .person && !candidate.roles.isEmpty {
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
                add(start..<end, .person, Rule.surnameTitle.0, Priority.knownPerson, name: fitting[0].person.name)
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
                guard !Self.isConjunction(scalars[itemStart]),
                    let name = matchName(at: itemStart, limit: itemEnd),
                    name.upperBound == itemEnd || rules.cues.longestMatch(in: scalars, at: name.upperBound, limit: itemEnd) != nil
                else { break }
                add(name, .person, Rule.groupList.0, Priority.listedPerson)
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
        // 武汉市 is a city, not 武 + 汉市.
        if let place = rules.places.longestMatch(in: scalars, at: start, limit: limit), place.length >= 2 { return nil }
        // 强调, 表示, 同志: words that follow names are not names themselves.
        if let word = rules.nameFollowers.longestMatch(in: scalars, at: start, limit: limit), word.length >= 2 { return nil }
        if let word = rules.cues.longestMatch(in: scalars, at: start, limit: limit), word.length >= 2 { return nil }
        // Every surname at `start`, longest first (欧阳, then 欧).
        var surnameLimit = limit
        while let surname = rules.surnames.longestMatch(in: scalars, at: start, limit: surnameLimit) {
            surnameLimit = start + surname.length - 1
            for given in [2, 1] {
                let end = start + surname.length + given
                guard end <= limit, (start..<end).allSatisfy({ layout.isHan(at: $0) }), !startsLongerName(at: start, end: end, limit: limit) else { continue }
                // 负责人时强调: a two-character given name that is a word following names (强调, 表示)
                // or a cue is no given name.
                if given == 2, max(rules.nameFollowers.longestMatch(in: scalars, at: end - 2, limit: limit)?.length ?? 0,
                                   rules.cues.longestMatch(in: scalars, at: end - 2, limit: limit)?.length ?? 0) == 2 { continue }
                // 刘捷一同参加: a two-character word that can follow a name (一同) starts at the given
                // name's last character, so the name is the shorter one.
                if given == 2, (rules.clauseAdverbs.longestMatch(in: scalars, at: end - 1, limit: limit)?.length ?? 0) >= 2 { continue }
                if canFollowName(at: end, limit: limit) { return start..<end }
            }
            // 林郑月娥, 陈方安生: a married name, the husband's surname before the woman's own
            // surname and given name, where no shorter reading can end.
            let married = start + surname.length
            if let own = rules.surnames.longestMatch(in: scalars, at: married, limit: limit), own.length == 1 {
                let end = married + 1 + 2
                if end <= limit, (start..<end).allSatisfy({ layout.isHan(at: $0) }), canFollowName(at: end, limit: limit) { return start..<end }
            }
        }
        return nil
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

    func canFollowName(at index: Int, limit: Int) -> Bool {
        // 安娜·韦伯: the middle dot joins the parts of a foreign name.
        if index < limit, Self.isNameDot(scalars[index]) { return false }
        return index >= limit || !layout.isHan(at: index)
            || rules.nameFollowers.longestMatch(in: scalars, at: index, limit: limit) != nil
            || rules.cues.longestMatch(in: scalars, at: index, limit: limit) != nil
    }

    /// The roles written before a name: the part before `end` back to the previous delimiter, and
    /// the parts before it joined by 、 as long as each ends with an office word.
    func roleChain(endingAt end: Int, floor: Int) -> [Range<Int>] {
        var chain: [Range<Int>] = []
        var segmentEnd = end
        while segmentEnd > floor {
            var start = segmentEnd
            while start > floor, !layout.isBreak(at: start - 1) { start -= 1 }
            // An empty segment (、 right after another break: ，、省长王伟中) holds no role.
            guard start < segmentEnd else { break }
            var roleStart = start
            for position in (start + 1)..<segmentEnd {
                // Function words (在, 由, 同 …) and verb cues start the title after them; words that
                // also occur inside organization names (促进, 联合) and conjunctions inside titles
                // (发展和改革委员会主任) do not. A person named inside the segment ends it (副省长邵文杰和
                // 东风汽车集团有限公司总经理梁启航).
                if let stop = rules.stopWords.longestMatch(in: scalars, endingAt: position, floor: start),
                    stop.length == 1, !Self.isConjunction(scalars[position - 1]) || joinsNames(conjunctionAt: position - 1, floor: start)
                {
                    roleStart = position
                } else if rules.cues.longestMatch(in: scalars, endingAt: position, floor: start) != nil
                    || rules.roleOpeners.longestMatch(in: scalars, endingAt: position, floor: start) != nil
                {
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
            let role = roleStart..<segmentEnd
            guard role.count >= 2, role.count <= 24,
                rules.offices.longestMatch(in: scalars, endingAt: segmentEnd, floor: roleStart) != nil,
                role.allSatisfy({ layout.isHan(at: $0) })
            else { break }
            chain.insert(role, at: 0)
            guard roleStart == start, start > floor, scalars[start - 1] == "、" else { break }
            segmentEnd = start - 1
        }
        return chain
    }

    /// Whether the conjunction at `index` joins a name to what follows rather than two parts of
    /// one title: 与 and 同 always do (在前海紫荆园与市委书记王伟中); 和 and 及 do after a place or
    /// a name ending with a name suffix (深圳市和省委书记…), not inside a title (发展和改革委员会主任).
    func joinsNames(conjunctionAt index: Int, floor: Int) -> Bool {
        switch scalars[index] {
        case "与", "同": return true
        default:
            return index > floor
                && (rules.places.longestMatch(in: scalars, endingAt: index, floor: floor) != nil
                    || rules.nameSuffixes.longestMatch(in: scalars, endingAt: index, floor: floor)?.value.weak == false)
        }
    }

    // MARK: Other entities

    mutating func findOtherEntities() {
        // The candidates found so far (persons, the model's names), sorted by start, so that each
        // line's are found by binary search: what a line looks at stays proportional to the line.
        let earlier = candidates.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for line in layout.contentLines {
            let lineFirst = candidates.count
            findBookTitles(in: line)
            findQuotedInitiatives(in: line)
            findPartyCongresses(in: line)
            findPlaces(in: line)
            findKnownOrganizations(in: line)
            findSuffixNames(in: line)
            findEventReferences(in: line)
            findCoordinatedPlaces(in: line, candidates: Array(Self.starting(in: line, earlier[...])) + candidates[lineFirst...])
        }
        var personsByStart: [Int: Range<Int>] = [:]
        for candidate in candidates where candidate.entity.kind == .person { personsByStart[candidate.range.lowerBound] = candidate.range }
        for number in layout.sentences.indices {
            let clauses = Array(layout.clauses(ofSentence: number))
            for (index, clause) in clauses.enumerated() {
                findNamedEvents(in: clause)
                findPronoun(in: clause)
                findSiteLists(in: clause)
                findCollectiveLists(in: clause)
                findPresenceSites(in: clause, next: index + 1 < clauses.count ? clauses[index + 1] : nil, persons: personsByStart)
            }
        }
        applyDocumentShortForms()
        findBylineRoles()
    }

    /// （记者 冯春梅）, 新华社记者 饶爱民摄: the word before a reporter's name is a role, with the
    /// agency when one is written right before it.
    private mutating func findBylineRoles() {
        for candidate in candidates where candidate.entity.kind == .person && !candidate.isPronoun {
            guard let byline = bylineWord(before: candidate.range.lowerBound) else { continue }
            var start = byline.lowerBound
            if let agency = rules.organizations.longestMatch(in: scalars, endingAt: start, floor: max(0, start - 8)) { start -= agency.length }
            add(start..<byline.upperBound, .role, Rule.byline.0, Priority.role)
        }
    }

    /// The byline word (记者, 通讯员) that ends right before `position`, spaces skipped.
    func bylineWord(before position: Int) -> Range<Int>? {
        var end = position
        while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\u{3000}" { end -= 1 }
        guard let word = rules.bylineWords.longestMatch(in: scalars, endingAt: end, floor: max(0, end - 4)) else { return nil }
        return (end - word.length)..<end
    }

    /// 前往哈尔滨冰雪大世界、太阳岛风景区: every item of the list after a movement verb names a site,
    /// a place unless its suffix makes it an organization or initiative.
    private mutating func findSiteLists(in clause: Range<Int>) {
        for position in clause {
            guard let cue = rules.siteCues.longestMatch(in: scalars, at: position, limit: clause.upperBound) else { continue }
            var start = position + cue.length
            if start < clause.upperBound, scalars[start] == "了" { start += 1 }
            addSiteItems(from: start, in: clause)
        }
    }

    /// 在旭创科技、信达生物制药等企业，韩正强调…; 韩正在南瑞继保电气公司、华虹…基地，了解…: a clause
    /// that is only 在 and a list of sites, when the next clause opens with a verb of looking or
    /// speaking, says its subject was there: the items are sites, and the clause is remembered
    /// for the visit facts.
    private mutating func findPresenceSites(in clause: Range<Int>, next: Range<Int>?, persons: [Int: Range<Int>]) {
        guard let next else { return }
        let opener = persons[clause.lowerBound]?.upperBound ?? clause.lowerBound
        guard opener < clause.upperBound, scalars[opener] == "在" else { return }
        var verb = persons[next.lowerBound]?.upperBound ?? next.lowerBound
        while let adverb = rules.clauseAdverbs.longestMatch(in: scalars, at: verb, limit: next.upperBound) { verb += adverb.length }
        guard rules.presenceVerbs.longestMatch(in: scalars, at: verb, limit: next.upperBound) != nil else { return }
        let before = candidates.count
        addSiteItems(from: opener + 1, in: clause, namedOnly: true)
        if candidates.count > before { presenceClauses.insert(clause) }
    }

    /// Every item of a list of sites from `start` to the end of the list in `clause`. With
    /// `namedOnly`, the list ends at an item that no suffix or 等企业 makes a name.
    private mutating func addSiteItems(from start: Int, in clause: Range<Int>, namedOnly: Bool = false) {
        var start = start
        while start < clause.upperBound {
            func itemEnd(from start: Int) -> Int {
                var end = start
                while end < clause.upperBound, !layout.isBreak(at: end) || scalars[end] == "（" || scalars[end] == "）",
                    !["和", "及", "等"].contains(scalars[end])
                {
                    end += 1
                }
                return end
            }
            var end = itemEnd(from: start)
            // 华虹集成电路研发和制造基地: a part without a suffix joined by 和 to one with a suffix is
            // one name.
            if end + 1 < clause.upperBound, scalars[end] == "和" || scalars[end] == "及",
                rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) == nil
            {
                let joined = itemEnd(from: end + 1)
                if rules.nameSuffixes.longestMatch(in: scalars, endingAt: joined, floor: end + 1) != nil { end = joined }
            }
            var item = start..<end
            let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start)?.value
            if namedOnly, suffix == nil, !listNamesOrganizations(after: end, limit: clause.upperBound) { break }
            // 科学园内的创新斗室: the site is what follows the last 的, unless a company's own name
            // holds it (苏州绿的谐波传动科技股份有限公司).
            if suffix.map({ $0.weak || $0.kind != .organization }) ?? true,
                let lastOf = item.last(where: { scalars[$0] == "的" })
            {
                item = (lastOf + 1)..<end
            }
            let inner = (item.lowerBound + 1)..<max(item.lowerBound + 1, item.upperBound)
            let clean = item.count >= 2 && item.count <= 20 && layout.isHan(at: item.lowerBound)
                && rules.stopWords.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound) == nil
                && !inner.contains { rules.cues.longestMatch(in: scalars, at: $0, limit: item.upperBound) != nil }
            guard clean else { break }
            let kind = suffix?.kind ?? (listNamesOrganizations(after: end, limit: clause.upperBound) ? .organization : .place)
            add(item, kind, Rule.siteListItem.0, Priority.siteItem)
            guard end < clause.upperBound, scalars[end] != "等" else { break }
            start = end + 1
        }
    }

    /// Whether the list of sites that goes on at `index` ends with 等企业, 等公司 or the like,
    /// which makes its items without a suffix organizations.
    func listNamesOrganizations(after index: Int, limit: Int) -> Bool {
        guard let closing = (index..<min(limit, index + 60)).first(where: { scalars[$0] == "等" }), closing + 1 < limit else { return false }
        return rules.nameSuffixes.longestMatch(in: scalars, at: closing + 1, limit: limit)?.value.kind == .organization
            || rules.organizationCollectives.longestMatch(in: scalars, at: closing + 1, limit: limit) != nil
    }

    /// 他指出, 她强调: a pronoun opening a clause before a verb or speech word.
    private mutating func findPronoun(in clause: Range<Int>) {
        let start = clause.lowerBound
        guard start + 1 < clause.upperBound, scalars[start] == "他" || scalars[start] == "她",
            scalars[start + 1] != "们", canFollowName(at: start + 1, limit: clause.upperBound)
        else { return }
        var candidate = Candidate(range: start..<(start + 1), entity: EntityRef(.person, ""), rule: Rule.pronoun.0, priority: Priority.knownPerson)
        candidate.isPronoun = true
        candidates.append(candidate)
    }

    /// 《全面深化前海深港现代服务业合作区改革开放方案》(以下简称《前海方案》): the short form names the
    /// same document, here and wherever it is written later.
    private mutating func applyDocumentShortForms() {
        let documents = candidates.indices.filter { candidates[$0].entity.kind == .document }.sorted { candidates[$0].range.lowerBound < candidates[$1].range.lowerBound }
        var fullName: [String: EntityRef] = [:]
        let marker = Array("简称".unicodeScalars)
        for index in documents {
            let short = candidates[index]
            let before = max(0, short.range.lowerBound - 8)..<short.range.lowerBound
            guard before.count >= marker.count,
                (before.lowerBound...(before.upperBound - marker.count)).contains(where: { scalars[$0..<($0 + marker.count)].elementsEqual(marker) }),
                let full = documents.last(where: {
                    candidates[$0].range.upperBound < short.range.lowerBound - marker.count && candidates[$0].entity != short.entity
                })
            else { continue }
            fullName[short.entity.name] = candidates[full].entity
        }
        guard !fullName.isEmpty else { return }
        for index in documents {
            if let full = fullName[candidates[index].entity.name] {
                candidates[index].entity = full
                candidates[index].rule = Rule.shortTitle.0
            }
        }
    }

    mutating func add(_ range: Range<Int>, _ kind: EntityKind, _ rule: String, _ priority: Int, name: String? = nil) {
        candidates.append(Candidate(range: range, entity: EntityRef(kind, name ?? layout.string(range)), rule: rule, priority: priority))
    }

    /// 《全面深化前海深港现代服务业合作区改革开放方案》: a document named in title marks.
    private mutating func findBookTitles(in line: Range<Int>) {
        var index = line.lowerBound
        while index < line.upperBound {
            defer { index += 1 }
            guard scalars[index] == "《" else { continue }
            guard let close = (index + 1..<min(line.upperBound, index + 100)).first(where: { scalars[$0] == "》" }) else { continue }
            let inner = layout.trimmed((index + 1)..<close)
            guard !inner.isEmpty else { continue }
            // 《人民日报》: a newspaper or magazine named in title marks is an organization.
            let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: inner.upperBound, floor: inner.lowerBound)?.value
            let kind: EntityKind = suffix.map { $0.kind == .organization && !$0.weak } == true ? .organization : .document
            var candidate = Candidate(
                range: inner, entity: EntityRef(kind, layout.string(inner)), rule: Rule.bookTitle.0, priority: Priority.person)
            candidate.nests = true
            candidates.append(candidate)
            index = close
        }
    }

    /// “一带一路”倡议, 建设“三个名城”: a short quoted phrase that names a programme, by the verb
    /// before it or the word after it.
    private mutating func findQuotedInitiatives(in line: Range<Int>) {
        var index = line.lowerBound
        while index < line.upperBound {
            defer { index += 1 }
            guard Self.isOpeningQuote(scalars[index]),
                let close = ((index + 1)..<min(line.upperBound, index + 14)).first(where: { Self.isClosingQuote(scalars[$0]) })
            else { continue }
            let inner = (index + 1)..<close
            guard inner.count >= 2, inner.allSatisfy({ layout.isHan(at: $0) }) else { continue }
            let after = close + 1
            let named = rules.initiativeVerbs.longestMatch(in: scalars, endingAt: index, floor: line.lowerBound) != nil
                || rules.initiativeTails.longestMatch(in: scalars, at: after, limit: line.upperBound) != nil
            if named {
                add(index..<after, .initiative, Rule.quotedInitiative.0, Priority.siteItem, name: layout.string(inner))
            }
            index = close
        }
    }

    /// 党的二十大, 党的十九届六中全会, 省十一次党代会, 市委六届三次全会: congresses and plenary sessions
    /// named by their number. They are events (mostly referred to: 贯彻党的二十大精神).
    private mutating func findPartyCongresses(in line: Range<Int>) {
        var index = line.lowerBound
        while index < line.upperBound {
            guard Self.chineseNumerals.contains(scalars[index]), index == line.lowerBound || !Self.chineseNumerals.contains(scalars[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < line.upperBound, Self.chineseNumerals.contains(scalars[end]) || scalars[end] == "届" || scalars[end] == "次" || scalars[end] == "、" || scalars[end] == "中" {
                end += 1
            }
            guard end > index + 1 || (end == index + 1 && end < line.upperBound),
                let tail = rules.congressTails.longestMatch(in: scalars, at: end, limit: line.upperBound)
            else {
                index = max(end, index + 1)
                continue
            }
            // The body in front: 党的, 省, 市委, 中共…省委; 第 may stand between (省第十三次党代会).
            var start = index
            if start > line.lowerBound, scalars[start - 1] == "第" { start -= 1 }
            let numbered = start
            if let body = rules.congressBodies.longestMatch(in: scalars, endingAt: start, floor: max(line.lowerBound, start - 8)) {
                start -= body.length
            } else if let place = rules.places.longestMatch(in: scalars, endingAt: start, floor: max(line.lowerBound, start - 8)) {
                start -= place.length
            }
            let range = start..<(end + tail.length)
            // 十九大 alone is a congress only with its body in front (党的十九大).
            if tail.length == 1, start == numbered { index = range.upperBound; continue }
            add(range, .event, Rule.congress.0, Priority.event)
            index = range.upperBound
        }
    }

    static let chineseNumerals = ScalarSet("一二三四五六七八九十百零〇两".unicodeScalars)

    @inline(__always)
    static func isOpeningQuote(_ scalar: Unicode.Scalar) -> Bool { scalar == "“" || scalar == "「" }
    @inline(__always)
    static func isClosingQuote(_ scalar: Unicode.Scalar) -> Bool { scalar == "”" || scalar == "」" }

    /// Provinces, cities, districts, SARs and countries from the administrative-division lexicon,
    /// and one-character short forms (在京召开) where a place must stand.
    private mutating func findPlaces(in line: Range<Int>) {
        for (range, place) in matches(of: rules.places, in: line) {
            add(range, .place, Rule.placeLexicon.0, Priority.place, name: place.canonical)
        }
        for position in line where position > line.lowerBound {
            guard let short = rules.placeAbbreviations.longestMatch(in: scalars, at: position, limit: line.upperBound),
                rules.placeOpeners.longestMatch(in: scalars, endingAt: position, floor: line.lowerBound) != nil,
                placeAbbreviationCloses(at: position + short.length, limit: line.upperBound)
            else { continue }
            add(position..<(position + short.length), .place, Rule.placeLexicon.0, Priority.place, name: short.value.canonical)
        }
    }

    /// Whether what follows a place abbreviation closes it: a verb of holding or visiting, 期间,
    /// 电 (a dateline), 等地, or punctuation.
    func placeAbbreviationCloses(at index: Int, limit: Int) -> Bool {
        guard index < limit, layout.isHan(at: index) else { return true }
        if let cue = rules.cues.longestMatch(in: scalars, at: index, limit: limit), cue.value == .held || cue.value == .visited { return true }
        return occurs(Self.duringWord, at: index, limit: limit) || scalars[index] == "电"
            || rules.nameFollowers.longestMatch(in: scalars, at: index, limit: limit) != nil
    }

    static let duringWord = Array("期间".unicodeScalars)

    /// The non-overlapping longest matches of a lexicon in a range, left to right.
    func matches<Value>(of table: PhraseTable<Value>, in range: Range<Int>) -> [(Range<Int>, Value)] {
        var found: [(Range<Int>, Value)] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if let match = table.longestMatch(in: scalars, at: index, limit: range.upperBound) {
                found.append((index..<(index + match.length), match.value))
                index += match.length
            } else {
                index += 1
            }
        }
        return found
    }

    /// National institutions from the organizations lexicon (商务部, 国务院国资委).
    private mutating func findKnownOrganizations(in line: Range<Int>) {
        for (range, _) in matches(of: rules.organizations, in: line) {
            add(range, .organization, Rule.organizationLexicon.0, Priority.suffixName)
            candidates[candidates.count - 1].strongName = true
        }
    }

    /// Organizations, initiatives and sites named by their suffix (有限公司, 仲裁院, 合作区, 公园 …),
    /// reaching back to the previous delimiter, verb or function word.
    private mutating func findSuffixNames(in line: Range<Int>) {
        for end in (line.lowerBound + 1)...line.upperBound {
            guard let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: line.lowerBound) else { continue }
            var start = end - suffix.length
            var reachedDelimiter = false
            var afterVerb = false
            while true {
                // 信达生物制药（苏州）有限公司: a short parenthesized place inside the name.
                if start > line.lowerBound + 1, scalars[start - 1] == "）" || scalars[start - 1] == ")",
                    let open = ((max(line.lowerBound, start - 8))..<(start - 1)).last(where: { scalars[$0] == "（" || scalars[$0] == "(" }),
                    open > line.lowerBound, rules.places.longestMatch(in: scalars, at: open + 1, limit: start - 1) != nil
                {
                    start = open
                    continue
                }
                if start == line.lowerBound || layout.isBreak(at: start - 1) {
                    reachedDelimiter = true
                    break
                }
                // 共建澜湄水资源合作信息共享平台, 加快落实农业合作三年行动计划: a programme's name starts after
                // the verb that advances it, when that verb opens its clause part (服务 of 现代服务业合作区
                // does not).
                if suffix.value.kind == .initiative, let verb = advancingVerb(endingAt: start, floor: line.lowerBound),
                    opensClausePart(start - verb, floor: line.lowerBound)
                {
                    afterVerb = true
                    break
                }
                if let stop = rules.stopWords.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) {
                    // …等企业和玉林东路社区: a conjunction ends a list item like a delimiter.
                    reachedDelimiter = stop.length == 1 && Self.isConjunction(scalars[start - 1])
                    break
                }
                if rules.cues.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
                    || (rules.nameFollowers.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound)?.length ?? 0) >= 2
                {
                    break
                }
                start -= 1
            }
            // 举办 ends with 办, 开幕式 with 式: a cue word that covers the suffix is no name's end.
            if (rules.cues.longestMatch(in: scalars, endingAt: end, floor: line.lowerBound)?.length ?? 0) > suffix.length { continue }
            // 抓深圳先行示范区: one or two characters that are no place, before a place of the
            // lexicons, are a verb or adverb in front of a programme's name, not part of it (an
            // organization's may hold them: 民革江西省委会).
            if suffix.value.kind == .initiative, rules.places.longestMatch(in: scalars, at: start, limit: end) == nil,
                let inner = [start + 1, start + 2].first(where: { $0 < end - suffix.length && rules.places.longestMatch(in: scalars, at: $0, limit: end - suffix.length) != nil })
            {
                start = inner
            }
            let name = start..<end
            let prefixLength = name.count - suffix.length
            guard prefixLength >= 2, name.count <= 28, layout.isHan(at: start) else { continue }
            if suffix.value.weak {
                // Weak suffixes (中心, 局, 政府 …) end ordinary words too: the name must start with a
                // known place (香港特别行政区政府, 澳门贸易投资促进局), or fill a whole item of a list of
                // sites after a visit cue.
                let endsItem = end >= line.upperBound || layout.isBreak(at: end) || scalars[end] == "等"
                // A one-character suffix must end a word: 部 in 有关部门 does not.
                let endsWord = suffix.length > 1 || end >= line.upperBound || layout.isBreak(at: end) || scalars[end] == "等"
                    || rules.stopWords.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
                    || rules.cues.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
                    || rules.nameFollowers.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
                let placePrefixed = endsWord && name.count <= 16 && !suffix.value.itemOnly
                    && rules.places.longestMatch(in: scalars, at: start, limit: end - suffix.length) != nil
                // 华润集团董事长傅育宁, 港铁公司董事局主席: a company's name before an office word is the
                // organization of the title (`title-organization` words; its first part no place). The
                // organs of 市委书记, 区委书记 stay part of the title.
                let headsTitle = suffix.length >= 2 && prefixLength >= 2 && suffix.value.kind == .organization
                    && rules.titleOrganizationSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) != nil
                    && rules.offices.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
                    && rules.places.longestMatch(in: scalars, at: start, limit: end - suffix.length)?.length != prefixLength
                guard placePrefixed || headsTitle || (afterVerb && endsItem && prefixLength >= 3 && !Self.isNumeral(scalars[start]))
                    || (reachedDelimiter && endsItem && followsVisitCue(start, line: line))
                else { continue }
                if headsTitle {
                    add(name, suffix.value.kind, Rule.nameSuffix.0, Priority.suffixName)
                    candidates[candidates.count - 1].strongName = true
                    continue
                }
            }
            add(name, suffix.value.kind, Rule.nameSuffix.0, Priority.suffixName)
            candidates[candidates.count - 1].strongName = !suffix.value.weak
        }
    }

    /// Whether a character writes a number (一批, 两项, 3个 open quantities, not names).
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType != nil
    }

    /// The length of a verb that advances a programme (推进, 共建, 落实) ending at `position`.
    func advancingVerb(endingAt position: Int, floor: Int) -> Int? {
        (rules.promoteVerbs.longestMatch(in: scalars, endingAt: position, floor: floor)
            ?? rules.initiativeVerbs.longestMatch(in: scalars, endingAt: position, floor: floor))?.length
    }

    /// Whether `position` opens a clause part: the line's start, a break, a stop word or another
    /// advancing verb before it (加快落实).
    func opensClausePart(_ position: Int, floor: Int) -> Bool {
        position <= floor || layout.isBreak(at: position - 1)
            || rules.stopWords.longestMatch(in: scalars, endingAt: position, floor: floor) != nil
            || advancingVerb(endingAt: position, floor: floor) != nil
    }

    /// Whether the clause goes on from `position` as a statement that the event took place:
    /// 召开/举行 closing the clause, possibly after 在/于 and a place (…在哈尔滨召开。), not a noun
    /// phrase (亚洲冬季运动会举办机遇).
    func heldCueEndsClause(after position: Int, clause: Range<Int>) -> Bool {
        var index = position
        // …工作会议4日在广州召开: a date may stand between the name and the rest.
        if let date = dateResolver().expression(in: scalars, at: index, limit: clause.upperBound) {
            index = date.upperBound
            while let time = rules.timesOfDay.longestMatch(in: scalars, at: index, limit: clause.upperBound) { index += time.length }
        }
        if index < clause.upperBound, scalars[index] == "在" || scalars[index] == "于" {
            // Skip the place: the held cue must come within a short distance and end the clause.
            let horizon = min(clause.upperBound, index + 24)
            while index < horizon, rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound)?.value != .held { index += 1 }
        }
        guard let cue = rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound), cue.value == .held else { return false }
        var end = index + cue.length
        while end < clause.upperBound, ["了", "开幕", "闭幕"].contains(layout.string(end..<min(clause.upperBound, end + (scalars[end] == "了" ? 1 : 2)))) {
            end += scalars[end] == "了" ? 1 : 2
        }
        return end >= clause.upperBound
    }

    /// Whether a visit cue (前往, 考察 …) comes earlier in the clause than `position`.
    func followsVisitCue(_ position: Int, line: Range<Int>) -> Bool {
        var index = position
        while index > line.lowerBound, !TextLayout.isClauseBreaker(scalars[index - 1]),
            !TextLayout.isSentenceEnder(scalars[index - 1])
        {
            index -= 1
            if rules.cues.longestMatch(in: scalars, at: index, limit: position)?.value == .visited { return true }
        }
        return false
    }

    /// 会议, 会上, 此次会议: later mentions of an event, resolved to the named event.
    private mutating func findEventReferences(in line: Range<Int>) {
        for (range, _) in matches(of: rules.eventReferences, in: line) {
            var candidate = Candidate(range: range, entity: EntityRef(.event, ""), rule: Rule.eventReference.0, priority: Priority.eventReference)
            candidate.isEventReference = true
            candidates.append(candidate)
        }
    }

    /// An event named at the head of a clause and followed by 召开/举行/在 (…现场会在深圳召开), or named
    /// right after a participation cue (出席全省工作会议).
    private mutating func findNamedEvents(in clause: Range<Int>) {
        var head = clause.lowerBound
        // 新华社广州3月5日电（记者 陈思远）: a dateline and a byline open the first clause.
        if let dateline = (head..<min(clause.upperBound, head + 20)).first(where: { $0 > head && scalars[$0] == "电" && scalars[$0 - 1] == "日" }) {
            head = dateline + 1
        }
        // （记者 陈思远）split at its space: the clause starts inside the byline.
        if let close = (head..<min(clause.upperBound, head + 12)).first(where: { scalars[$0] == "）" || scalars[$0] == ")" }),
            !(head..<close).contains(where: { scalars[$0] == "（" || scalars[$0] == "(" })
        {
            head = close + 1
        }
        if head < clause.upperBound, scalars[head] == "（" || scalars[head] == "(",
            let close = (head..<min(clause.upperBound, head + 30)).first(where: { scalars[$0] == "）" || scalars[$0] == ")" })
        {
            head = close + 1
        }
        // Dates that follow each other from the head: once the scan is past the head, no later date can start there.
        let resolver = dateResolver()
        while let date = resolver.expression(in: scalars, at: head, limit: clause.upperBound) { head = date.upperBound }
        // 两人其后共同主持…展览开幕: words and a verb in front are not part of the name.
        while let word = rules.stopWords.longestMatch(in: scalars, at: head, limit: clause.upperBound)
            ?? rules.pluralSubjects.longestMatch(in: scalars, at: head, limit: clause.upperBound)
            ?? rules.clauseAdverbs.longestMatch(in: scalars, at: head, limit: clause.upperBound)
            ?? rules.cues.longestMatch(in: scalars, at: head, limit: clause.upperBound).map({ ($0.length, ()) })
        {
            head += word.length
        }
        for end in (head + 1)..<max(head + 1, clause.upperBound) {
            guard let suffix = rules.eventSuffixes.longestMatch(in: scalars, endingAt: end, floor: head),
                end - head >= suffix.length + 2
            else { continue }
            guard heldCueEndsClause(after: end, clause: clause) else { continue }
            add(head..<end, .event, Rule.namedEvent.0, Priority.event)
            break
        }
        var index = clause.lowerBound
        while index < clause.upperBound {
            // 出席全省工作会议, 主持召开座谈会, 在郑州举行签约仪式: an event named right after the verb.
            guard let cue = rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound),
                cue.value.isParticipation || cue.value == .held
            else {
                index += 1
                continue
            }
            var start = index + cue.length
            if start < clause.upperBound, scalars[start] == "了" { start += 1 }
            // 举办“熊猫艺术展”: the name inside quotes.
            if start < clause.upperBound, Self.isOpeningQuote(scalars[start]) { start += 1 }
            // 参加会见和签约仪式: another activity word joined by 和 comes first.
            if let other = rules.cues.longestMatch(in: scalars, at: start, limit: clause.upperBound),
                start + other.length < clause.upperBound, ["和", "及", "与"].contains(scalars[start + other.length])
            {
                start += other.length + 1
            }
            // 出席会议: a reference to an event named elsewhere, not a new name.
            if rules.eventReferences.longestMatch(in: scalars, at: start, limit: clause.upperBound) != nil {
                index = start
                continue
            }
            var best: Int?
            var end = start + 1
            while end <= clause.upperBound, !layout.isBreak(at: end - 1) {
                // A name before the suffix (全省工作会议), or a suffix that names an event alone (签约仪式).
                if let suffix = rules.eventSuffixes.longestMatch(in: scalars, endingAt: end, floor: start),
                    end - start >= suffix.length + 2 || end - start == suffix.length
                {
                    best = end
                }
                end += 1
            }
            // 通报了中央政协工作会议以来…, 贯彻…会议精神: an event only referred to.
            if let found = best, rules.referredEventMarkers.longestMatch(in: scalars, at: found, limit: clause.upperBound) != nil {
                best = nil
            }
            if let best {
                var candidate = Candidate(
                    range: start..<best, entity: EntityRef(.event, layout.string(start..<best)), rule: Rule.eventAfterCue.0, priority: Priority.event)
                // A bare event word (签约仪式) refers to the named event ending with it, when there is one.
                if rules.eventSuffixes.contains(scalars: scalars[start..<best]) {
                    candidate.referenceSuffix = layout.string(start..<best)
                    candidate.isEventReference = true
                    candidate.rule = Rule.eventReference.0
                }
                candidates.append(candidate)
            }
            index = start
        }
    }

    // MARK: Overlaps

    /// Keeps the best candidate where candidates overlap, then points event references at their event.
    ///
    /// Works on indices into `candidates` (sorting indices with the candidates' comparator gives
    /// the order sorting the candidates would), so candidates are copied only into `mentions`.
    mutating func resolveMentions() {
        let all = candidates
        let ordered = all.indices.sorted {
            (all[$0].priority, all[$0].range.count, -all[$0].range.lowerBound) > (all[$1].priority, all[$1].range.count, -all[$1].range.lowerBound)
        }
        // The positions taken by accepted candidates (a range overlaps a taken one when it holds
        // a taken position), and the ranges accepted: each check costs the candidate's length, not
        // the number accepted before it.
        var taken = [Bool](repeating: false, count: scalars.count + 1)
        var accepted: [Int] = []
        var acceptedRanges = Set<Range<Int>>()
        /// Whether an accepted candidate has this range already.
        func seen(_ range: Range<Int>) -> Bool {
            acceptedRanges.contains(range)
        }
        // Names in title marks come first; they block what overlaps them, except events whose name
        // contains them (全省深入推进《…方案》现场会).
        let nested = ordered.filter { all[$0].nests }
        for index in nested where !seen(all[index].range) {
            accepted.append(index)
            acceptedRanges.insert(all[index].range)
        }
        /// For each position, where the longest accepted role covering it ends (0: none).
        var roleEnd = [Int](repeating: 0, count: scalars.count + 1)
        /// For each position, the name in title marks covering it.
        var nestedAt: [Int: Int] = [:]
        for index in nested {
            for position in all[index].range { nestedAt[position] = index }
        }
        /// Where the organization and initiative names accepted so far end, by where they start.
        var nameEnds: [Int: Int] = [:]
        var inside = Set<Int>()
        for index in ordered where !all[index].nests {
            let range = all[index].range
            let kind = all[index].entity.kind
            // Blocked by a name in title marks it overlaps, unless it is an event that holds it whole:
            // each position is looked up once (the marks' ranges are indexed by position).
            let blockedByNested = range.contains { position in
                guard let marked = nestedAt[position] else { return false }
                return !(kind == .event && Self.encloses(range, all[marked].range))
            }
            guard !blockedByNested else { continue }
            // 商务部副部长, 新加坡工商联合总会会长, 老挝总理: the organization or country of a title is
            // named inside it.
            if (kind == .organization && all[index].strongName) || (kind == .place && all[index].rule == Rule.placeLexicon.0),
                roleEnd[range.lowerBound] >= range.upperBound,
                !seen(range)
            {
                accepted.append(index)
                acceptedRanges.insert(range)
                if kind == .place { inside.insert(index) }
                continue
            }
            // 日本政府, 成都飞机工业公司: the place a name starts with is named too.
            if kind == .place, all[index].rule == Rule.placeLexicon.0, !seen(range), (nameEnds[range.lowerBound] ?? 0) > range.upperBound {
                accepted.append(index)
                acceptedRanges.insert(range)
                inside.insert(index)
                continue
            }
            work += 1 + range.count
            guard !range.contains(where: { taken[$0] }) else { continue }
            for position in range { taken[position] = true }
            accepted.append(index)
            acceptedRanges.insert(range)
            if kind == .role {
                for position in range { roleEnd[position] = max(roleEnd[position], range.upperBound) }
            }
            if kind == .organization || kind == .initiative { nameEnds[range.lowerBound] = max(nameEnds[range.lowerBound] ?? 0, range.upperBound) }
        }
        accepted.sort { (all[$0].range.lowerBound, all[$0].range.upperBound) < (all[$1].range.lowerBound, all[$1].range.upperBound) }
        // Numbered congresses (党的二十大) are mostly referred to: 会议 never means one.
        let namedEvents = accepted.filter { all[$0].entity.kind == .event && !all[$0].isEventReference && all[$0].rule != Rule.congress.0 }
        let persons = accepted.filter { all[$0].entity.kind == .person && !all[$0].isPronoun }
        /// The last of `sorted` (accepted, so disjoint and in text order) that ends at or before `bound`.
        func lastEnding(_ sorted: [Int], atOrBefore bound: Int) -> Int? {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if all[sorted[middle]].range.upperBound <= bound { low = middle + 1 } else { high = middle }
            }
            return low > 0 ? sorted[low - 1] : nil
        }
        var fittingBySuffix: [String: [Int]] = [:]
        let meetings = namedEvents.filter { isMeeting(all[$0].entity.name) }
        let meetingEvents = meetings.isEmpty ? namedEvents : meetings
        mentions = []
        mentions.reserveCapacity(accepted.count)
        for index in accepted {
            var candidate = all[index]
            candidate.insideName = inside.contains(index)
            if candidate.isPronoun {
                guard let antecedent = lastEnding(persons, atOrBefore: candidate.range.lowerBound) else { continue }
                var resolved = candidate
                resolved.entity = all[antecedent].entity
                mentions.append(resolved)
                continue
            }
            guard candidate.isEventReference else {
                mentions.append(candidate)
                continue
            }
            // A bare event word (签约仪式) refers to the event ending with it; 会议, 会上 to a meeting
            // when the article names one (not the ceremony named since).
            let fitting: [Int]
            if let suffix = candidate.referenceSuffix {
                if let known = fittingBySuffix[suffix] {
                    fitting = known
                } else {
                    fitting = namedEvents.filter { all[$0].entity.name.hasSuffix(suffix) }
                    fittingBySuffix[suffix] = fitting
                }
            } else if rules.eventReferences.longestMatch(in: scalars, at: candidate.range.lowerBound, limit: candidate.range.upperBound)?.value == true {
                fitting = meetingEvents
            } else {
                fitting = namedEvents
            }
            let event = lastEnding(fitting, atOrBefore: candidate.range.lowerBound) ?? fitting.first
            guard let event else {
                // A bare event word with no named event to refer to names an event of its own when
                // it is specific enough (签约仪式, not 会议 or 典礼).
                guard let suffix = candidate.referenceSuffix, suffix.count >= 4 else { continue }
                var own = candidate
                own.isEventReference = false
                own.rule = Rule.eventAfterCue.0
                mentions.append(own)
                continue
            }
            var resolved = candidate
            resolved.entity = all[event].entity
            mentions.append(resolved)
        }
    }

    /// Whether an event's name ends with a suffix of the meeting or forum kind (…会议, …论坛).
    func isMeeting(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let kind = rules.eventSuffixes.longestMatch(in: scalars, endingAt: scalars.count)?.value else { return false }
        return kind == .meeting || kind == .forum
    }

    /// Whether `outer` holds every position of `inner` (an empty range is held by any range).
    static func encloses(_ outer: Range<Int>, _ inner: Range<Int>) -> Bool {
        inner.isEmpty || (outer.lowerBound <= inner.lowerBound && inner.upperBound <= outer.upperBound)
    }

    /// Full names written where the canonical name is a short form (深圳市 for 深圳).
    func aliases() -> [Alias] {
        var result = Set<Alias>()
        for mention in mentions where !mention.isReference {
            // Identical scalars make equal strings: most mentions need no surface string.
            if mention.entity.name.unicodeScalars.elementsEqual(layout.original[mention.range]) { continue }
            let surface = layout.surface(mention.range)
            if surface != mention.entity.name {
                result.insert(Alias(entity: mention.entity, alias: surface, rule: mention.rule))
            }
        }
        return result.sorted()
    }
}
