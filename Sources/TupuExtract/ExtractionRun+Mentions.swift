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
        guard known.count > 0 else { return }
        findSurnameTitles()
        let claimed = Set(candidates.lazy.filter { $0.entity.kind == .person }.map(\.range.lowerBound))
        for line in layout.contentLines {
            for (range, _) in matches(of: known, in: line) where !claimed.contains(range.lowerBound) {
                add(range, .person, Rule.knownName.0, Priority.knownPerson)
            }
        }
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
                        rules.stopWords.longestMatch(in: scalars, at: start + surname.length, limit: end) == nil,
                        let office = rules.offices.longestMatch(in: scalars, at: end, limit: sentence.upperBound),
                        (rules.offices.longestMatch(in: scalars, at: end - 1, limit: sentence.upperBound)?.length ?? 0) <= office.length,
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
                guard end <= limit, (start..<end).allSatisfy({ layout.isHan(at: $0) }) else { continue }
                if canFollowName(at: end, limit: limit) { return start..<end }
            }
        }
        return nil
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
                    stop.length == 1, !Self.isConjunction(scalars[position - 1])
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

    // MARK: Other entities

    mutating func findOtherEntities() {
        for line in layout.contentLines {
            findBookTitles(in: line)
            findPlaces(in: line)
            findKnownOrganizations(in: line)
            findSuffixNames(in: line)
            findEventReferences(in: line)
        }
        for number in layout.sentences.indices {
            for clause in layout.clauses(ofSentence: number) {
                findNamedEvents(in: clause)
                findPronoun(in: clause)
                findSiteLists(in: clause)
            }
        }
        applyDocumentShortForms()
    }

    /// 前往哈尔滨冰雪大世界、太阳岛风景区: every item of the list after a movement verb names a site,
    /// a place unless its suffix makes it an organization or initiative.
    private mutating func findSiteLists(in clause: Range<Int>) {
        for position in clause {
            guard let cue = rules.siteCues.longestMatch(in: scalars, at: position, limit: clause.upperBound) else { continue }
            var start = position + cue.length
            if start < clause.upperBound, scalars[start] == "了" { start += 1 }
            while start < clause.upperBound {
                var end = start
                while end < clause.upperBound, !layout.isBreak(at: end) || scalars[end] == "（" || scalars[end] == "）",
                    !["和", "及", "等"].contains(scalars[end])
                {
                    end += 1
                }
                var item = start..<end
                let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start)?.value
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
                let kind = suffix?.kind ?? .place
                add(item, kind, Rule.siteListItem.0, Priority.siteItem)
                guard end < clause.upperBound, scalars[end] != "等" else { break }
                start = end + 1
            }
        }
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
            var candidate = Candidate(
                range: inner, entity: EntityRef(.document, layout.string(inner)), rule: Rule.bookTitle.0, priority: Priority.person)
            candidate.nests = true
            candidates.append(candidate)
            index = close
        }
    }

    /// Provinces, cities, districts, SARs and countries from the administrative-division lexicon.
    private mutating func findPlaces(in line: Range<Int>) {
        for (range, place) in matches(of: rules.places, in: line) {
            add(range, .place, Rule.placeLexicon.0, Priority.place, name: place.canonical)
        }
    }

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
                let placePrefixed = endsWord && name.count <= 16
                    && rules.places.longestMatch(in: scalars, at: start, limit: end - suffix.length) != nil
                guard placePrefixed || (reachedDelimiter && endsItem && followsVisitCue(start, line: line)) else { continue }
            }
            add(name, suffix.value.kind, Rule.nameSuffix.0, Priority.suffixName)
            candidates[candidates.count - 1].strongName = !suffix.value.weak
        }
    }

    /// Whether the clause goes on from `position` as a statement that the event took place:
    /// 召开/举行 closing the clause, possibly after 在/于 and a place (…在哈尔滨召开。), not a noun
    /// phrase (亚洲冬季运动会举办机遇).
    func heldCueEndsClause(after position: Int, clause: Range<Int>) -> Bool {
        var index = position
        // …工作会议4日在广州召开: a date may stand between the name and the rest.
        if let date = dateResolver().date(in: scalars, at: index, limit: clause.upperBound) {
            index = date.range.upperBound
            while index < clause.upperBound, ["上午", "下午", "晚上"].contains(layout.string(index..<min(clause.upperBound, index + 2))) { index += 2 }
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
        var dateScan = dateResolver().scan(scalars, range: clause)
        while dateScan.position <= head, let date = dateScan.next() {
            if date.range.lowerBound == head { head = date.range.upperBound }
        }
        while let stop = rules.stopWords.longestMatch(in: scalars, at: head, limit: clause.upperBound) {
            head += stop.length
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
        var roles: [Range<Int>] = []
        for index in ordered where !all[index].nests {
            let range = all[index].range
            let kind = all[index].entity.kind
            let blockedByNested = nested.contains {
                all[$0].range.overlaps(range) && !(kind == .event && Self.encloses(range, all[$0].range))
            }
            guard !blockedByNested else { continue }
            // 商务部副部长, 新加坡工商联合总会会长: the organization of a title is named inside it.
            if kind == .organization, all[index].strongName, roles.contains(where: { $0.contains(range.lowerBound) && $0.upperBound >= range.upperBound }),
                !seen(range)
            {
                accepted.append(index)
                acceptedRanges.insert(range)
                continue
            }
            work += 1 + range.count
            guard !range.contains(where: { taken[$0] }) else { continue }
            for position in range { taken[position] = true }
            accepted.append(index)
            acceptedRanges.insert(range)
            if kind == .role { roles.append(range) }
        }
        accepted.sort { (all[$0].range.lowerBound, all[$0].range.upperBound) < (all[$1].range.lowerBound, all[$1].range.upperBound) }
        let namedEvents = accepted.filter { all[$0].entity.kind == .event && !all[$0].isEventReference }
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
        mentions = []
        mentions.reserveCapacity(accepted.count)
        for index in accepted {
            let candidate = all[index]
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
            let fitting = candidate.referenceSuffix.map { suffix in
                if let known = fittingBySuffix[suffix] { return known }
                let found = namedEvents.filter { all[$0].entity.name.hasSuffix(suffix) }
                fittingBySuffix[suffix] = found
                return found
            } ?? namedEvents
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
