import TupuModel

/// Finding places, organizations, sites, initiatives, documents and congresses: lexicons, suffixes, lists and marks.
extension ExtractionRun {
    mutating func findOtherEntities() {
        // The candidates found so far (persons, the model's names), sorted by start, so that each
        // line's are found by binary search: what a line looks at stays proportional to the line.
        // (Their ranges and kinds only: sorting those copies no names.)
        // (Each read in place: `map` would copy every candidate out of the array first.)
        var placed: [Placed] = []
        placed.reserveCapacity(candidates.count)
        for index in candidates.indices {
            placed.append(Placed(range: candidates[index].range, kind: candidates[index].entity.kind, rule: candidates[index].rule))
        }
        let earlier = placed.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for line in layout.contentLines {
            let lineFirst = candidates.count
            findBookTitles(in: line)
            findQuotedInitiatives(in: line)
            findPartyCongresses(in: line)
            findPlaces(in: line)
            findKnownOrganizations(in: line)
            findSuffixNames(in: line, roles: Self.starting(in: line, earlier[...]).lazy.filter { $0.kind == .role }.map(\.range))
            findEventReferences(in: line)
            findCoordinatedPlaces(in: line, earlier: Self.starting(in: line, earlier[...]), lineFirst: lineFirst)
        }
        var personsByStart: [Int: Range<Int>] = [:]
        personsByStart.reserveCapacity(candidates.count)
        // (Read in place: a candidate is copied only when it is kept.)
        for index in candidates.indices where candidates[index].entity.kind == .person {
            personsByStart[candidates[index].range.lowerBound] = candidates[index].range
        }
        // The same ranges in text order (one a start), for the persons of a clause.
        let personRanges = personsByStart.values.sorted { $0.lowerBound < $1.lowerBound }
        // The places, organizations and programmes found so far, by where they start: a site
        // between 在 and a verb is looked up in its own length, not among every candidate.
        var sitesByStart: [Int: [Candidate]] = [:]
        sitesByStart.reserveCapacity(candidates.count)
        for index in candidates.indices where Self.isSiteKind(candidates[index].entity.kind) {
            sitesByStart[candidates[index].range.lowerBound, default: []].append(candidates[index])
        }
        for number in layout.sentences.indices {
            // (The layout's slice of clauses, indexed from its start: no array is made per sentence.)
            let clauses = layout.clauses(ofSentence: number)
            for (index, clause) in clauses.enumerated() {
                findNamedEvents(in: clause)
                findPronoun(in: clause)
                findSiteLists(in: clause)
                findCollectiveLists(in: clause)
                findPresenceSites(in: clause, next: index + 1 < clauses.count ? clauses[clauses.startIndex + index + 1] : nil, persons: personsByStart, personRanges: personRanges, sites: sitesByStart)
            }
        }
        applyDocumentShortForms()
        findBylineRoles()
    }

    /// （记者 冯春梅）, 新华社记者 饶爱民摄: the word before a reporter's name is a role, with the
    /// agency when one is written right before it.
    private mutating func findBylineRoles() {
        // The roles are found first and added after (they go behind the candidates read), so
        // the run is not copied for each person looked at.
        for role in bylineRoles() {
            add(role, .role, Rule.byline.name, Priority.role)
        }
    }

    /// The byline roles before the persons found so far, in the order of the persons.
    private func bylineRoles() -> [Range<Int>] {
        var roles: [Range<Int>] = []
        for index in candidates.indices where candidates[index].entity.kind == .person && !candidates[index].isPronoun {
            guard let byline = bylineWord(before: candidates[index].range.lowerBound) else { continue }
            var start = byline.lowerBound
            if let agency = rules.organizations.longestMatch(in: scalars, endingAt: start, floor: max(0, start - 8)) { start -= agency.length }
            roles.append(start..<byline.upperBound)
        }
        return roles
    }

    /// The byline word (记者, 通讯员, 编辑:) that ends right before `position`, spaces and a colon skipped.
    func bylineWord(before position: Int) -> Range<Int>? {
        var end = position
        while end > 0, isBylineGap(scalars[end - 1]) { end -= 1 }
        guard let word = rules.bylineWords.longestMatch(in: scalars, endingAt: end, floor: max(0, end - 4)) else { return nil }
        return (end - word.length)..<end
    }

    /// What may stand between a byline word and the name: spaces and a colon (编辑:邓超, 记者 田为).
    func isBylineGap(_ scalar: Unicode.Scalar) -> Bool {
        layout.isSpace(scalar) || scalar == ":" || scalar == "："
    }

    /// 前往哈尔滨冰雪大世界、太阳岛风景区: every item of the list after a movement verb names a site,
    /// a place unless its suffix makes it an organization or initiative.
    private mutating func findSiteLists(in clause: Range<Int>) {
        for position in clause {
            guard let cue = rules.siteCues.longestMatch(in: scalars, at: position, limit: clause.upperBound) else { continue }
            if isNominalVerb(at: position, in: clause) { continue }
            var start = position + cue.length
            // 前来参观的游客: a cue followed by 的 describes what follows; it names no site.
            if start < clause.upperBound, scalars[start] == "的" { continue }
            if start < clause.upperBound, scalars[start] == "了" { start += 1 }
            // 深入兰考县…合作社 (a `named-sites` cue): the first item begins with a known place, or
            // a strong suffix ends it (of two characters or more, or after a name of three: 东坝头镇张庄村);
            // 深入学习, 深入实施省委…, 深入农村 name no site.
            addSiteItems(from: start, in: clause, namedOnly: cue.value, firstNamed: cue.value)
        }
    }

    /// 在旭创科技、信达生物制药等企业，韩正强调…; 韩正在南瑞继保电气公司、华虹…基地，了解…: a clause
    /// that is only 在 and a list of sites, when the next clause opens with a verb of looking or
    /// speaking, says its subject was there: the items are sites, and the clause is remembered
    /// for the visit facts.
    private mutating func findPresenceSites(
        in clause: Range<Int>, next: Range<Int>?, persons: [Int: Range<Int>], personRanges: [Range<Int>], sites: [Int: [Candidate]]
    ) {
        // 省长陈建华在株洲了解…, …，在燕子矶察看…: a person followed by 在 (or 在 opening the clause,
        // the subject carried from before), in one clause with the site and the verb.
        var low = 0, high = personRanges.count
        while low < high {
            let middle = (low + high) / 2
            if personRanges[middle].lowerBound < clause.lowerBound { low = middle + 1 } else { high = middle }
        }
        // 王浩还在…, 二人随后在…: adverbs, and a plural subject or pronoun opening the clause, may
        // come before 在.
        var opening: Int?
        while low < personRanges.count, personRanges[low].lowerBound < clause.upperBound {
            let range = personRanges[low]
            let next = afterClauseAdverbs(from: range.upperBound, limit: clause.upperBound)
            if next < clause.upperBound && scalars[next] == "在" {
                opening = next
                break
            }
            low += 1
        }
        if opening == nil {
            var lead = clause.lowerBound
            if let subject = rules.pluralSubjects.longestMatch(in: scalars, at: lead, limit: clause.upperBound)?.length
                ?? (rules.pronouns.contains(scalars[lead]) ? 1 : nil)
            {
                lead += subject
            }
            lead = afterClauseAdverbs(from: lead, limit: clause.upperBound)
            if lead < clause.upperBound, scalars[lead] == "在" { opening = lead }
        }
        if let at = opening,
            findSiteBeforeVerb(after: at, in: clause, sites: sites)
        {
            return
        }
        let opener = persons[clause.lowerBound]?.upperBound ?? clause.lowerBound
        guard opener < clause.upperBound, scalars[opener] == "在", let next else { return }
        let verb = afterClauseAdverbs(from: persons[next.lowerBound]?.upperBound ?? next.lowerBound, limit: next.upperBound)
        guard rules.presenceVerbs.longestMatch(in: scalars, at: verb, limit: next.upperBound) != nil else { return }
        let before = candidates.count
        addSiteItems(from: opener + 1, in: clause, namedOnly: true)
        if candidates.count > before { presenceClauses.insert(clause) }
    }

    /// Where the clause adverbs (随后, 还 …) that start at `index` end, before `limit`.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func afterClauseAdverbs(from index: Int, limit: Int) -> Int {
        var index = index
        while let adverb = rules.clauseAdverbs.longestMatch(in: scalars, at: index, limit: limit) { index += adverb.length }
        return index
    }

    /// 陈建华在株洲了解…, 在中车研究所察看…: a person, 在, one site and a verb of being there (not
    /// of speech, not a visit cue) in one clause. The site is a place or name found already that fills the gap, or
    /// a name its suffix ends. Marks the clause as one of presence; returns whether it is.
    private mutating func findSiteBeforeVerb(after opener: Int, in clause: Range<Int>, sites: [Int: [Candidate]]) -> Bool {
        let start = opener + 1
        // 在座。: no room for a site and a verb before the clause ends.
        guard start + 2 < clause.upperBound, let verb = ((start + 2)..<min(clause.upperBound, start + 21)).first(where: {
            rules.presenceVerbs.longestMatch(in: scalars, at: $0, limit: clause.upperBound) != nil
        }), rules.speechVerbs.longestMatch(in: scalars, at: verb, limit: clause.upperBound) == nil,
            (start..<verb).allSatisfy({ layout.isHan(at: $0) })
        else { return false }
        let site = start..<verb
        let known = sites[start]?.last { $0.range == site }
        let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: verb, floor: start + 2)
        guard let kind = known?.entity.kind ?? suffix?.value.kind else { return false }
        // 在株洲调研: a visit cue makes the visit itself, and names found in the gap that fill it
        // (浏阳市、沙市镇、赤马村) stand; names that leave part of it out (燕子 of 燕子矶察看) were cut short.
        let isCue = rules.cues.longestMatch(in: scalars, at: verb, limit: clause.upperBound) != nil
        if isCue, known == nil {
            var covered = [Bool](repeating: false, count: site.count)
            for first in site {
                for candidate in sites[first] ?? [] {
                    for position in candidate.range.clamped(to: site) { covered[position - site.lowerBound] = true }
                }
            }
            if covered.allSatisfy({ $0 }) { return false }
        }
        add(site, kind, Rule.siteListItem.name, Priority.siteItem, name: known?.entity.name)
        if !isCue { presenceClauses.insert(clause) }
        return true
    }

    /// Whether a verb of visiting that starts at `position` follows 的 in the clause, and so is a
    /// noun (对韦伯一行的到访表示欢迎): it names no visit and no site follows it.
    func isNominalVerb(at position: Int, in clause: Range<Int>) -> Bool {
        position > clause.lowerBound && scalars[position - 1] == "的"
    }

    /// Whether the item is written with `generic-site` words alone, one after another (车间,
    /// 企业研发中心 = 企业 + 研发中心), the longest first.
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    private func isGenericSite(_ item: Range<Int>) -> Bool {
        var index = item.lowerBound
        while index < item.upperBound {
            guard let word = rules.genericSites.longestMatch(in: scalars, at: index, limit: item.upperBound) else { return false }
            index += word.length
        }
        return !item.isEmpty
    }

    /// Every item of a list of sites from `start` to the end of the list in `clause`. With
    /// `namedOnly`, the list ends at an item that no suffix or 等企业 makes a name.
    private mutating func addSiteItems(from start: Int, in clause: Range<Int>, namedOnly: Bool = false, firstNamed: Bool = false) {
        let first = start
        var start = start
        while start < clause.upperBound {
            func itemEnd(from start: Int) -> Int {
                // 前往阿尔及利亚: a known place runs over a conjunction inside it.
                var end = start
                let known = rules.places.longestMatch(in: scalars, at: start, limit: clause.upperBound)?.length ?? 0
                while end < clause.upperBound, !layout.isBreak(at: end) || scalars[end] == "（" || scalars[end] == "）",
                    end < start + known || !rules.itemJoiners.contains(scalars[end]) && !rules.nameJoiners.contains(scalars[end]),
                    scalars[end] != "等"
                {
                    // 登上拖山岛实地察看…: a name's suffix, then an adverb or a verb, ends the item; so
                    // does a word of speech one character on (参观金鹏集团时强调…).
                    if end >= start + 2, rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) != nil,
                        max(rules.nameFollowers.longestMatch(in: scalars, at: end, limit: clause.upperBound)?.length ?? 0,
                            rules.cues.longestMatch(in: scalars, at: end, limit: clause.upperBound)?.length ?? 0) >= 2
                            || end + 1 < clause.upperBound && rules.speechVerbs.longestMatch(in: scalars, at: end + 1, limit: clause.upperBound) != nil
                    {
                        break
                    }
                    end += 1
                }
                return end
            }
            var end = itemEnd(from: start)
            // 华虹集成电路研发和制造基地, 网络通信与安全紫金山实验室: a part without a suffix joined
            // by 和 or 与 to one with a suffix is one name.
            if end + 1 < clause.upperBound, rules.itemJoiners.contains(scalars[end]) || rules.nameJoiners.contains(scalars[end]),
                rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) == nil
            {
                let joined = itemEnd(from: end + 1)
                if rules.nameSuffixes.longestMatch(in: scalars, endingAt: joined, floor: end + 1) != nil { end = joined }
            }
            // 来到南京钟山脚下: a word of position (`place-tail`) ending the item is no part of it.
            if rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start) == nil,
                let tail = rules.placeTails.longestMatch(in: scalars, endingAt: end, floor: start), end - tail.length - start >= 2
            {
                end -= tail.length
            }
            var item = start..<end
            let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start)?.value
            if namedOnly, suffix == nil, !listNamesOrganizations(after: end, limit: clause.upperBound) { break }
            if firstNamed, start == first {
                let known = (rules.places.longestMatch(in: scalars, at: start, limit: end)?.length ?? 0) >= 2 || modelPlaceStarts.contains(start)
                let strong = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: start).map {
                    (!$0.value.weak || $0.value.kind == .place) && ($0.length >= 2 || end - start >= 4)
                } ?? false
                guard known || strong else { break }
            }
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
            // 走进大棚、车间, 企业研发中心: an item made of common nouns for where visits go
            // (`generic-site`) names no site; the list goes on after it.
            // Nor does one without a suffix that holds a person the model reads (走进特困职工胡滨娜家中:
            // a call on the person; 周恩来纪念馆 has its suffix).
            if !isGenericSite(item), suffix != nil || !item.contains(where: { modelPersonEnds[$0].map { $0 <= item.upperBound } ?? false }) {
                add(item, kind, Rule.siteListItem.name, Priority.siteItem)
            }
            // The list goes on after a break (、) or 和; not after 等, nor after 与 or 同 (来到这里与老将军…:
            // a companion, not a site), nor after a word that ended the item (参观金鹏集团时强调…).
            guard end < clause.upperBound, scalars[end] != "等",
                layout.isBreak(at: end) || rules.itemJoiners.contains(scalars[end])
            else { break }
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
        guard start + 1 < clause.upperBound, rules.pronouns.contains(scalars[start]),
            scalars[start + 1] != "们", canFollowName(at: start + 1, limit: clause.upperBound)
        else { return }
        var candidate = Candidate(range: start..<(start + 1), entity: EntityRef(.person, ""), rule: Rule.pronoun.name, priority: Priority.knownPerson)
        candidate.form = .pronoun
        candidates.append(candidate)
    }

    /// The length of the first short-form marker (简称) inside `range`, if one is there.
    func shortFormMarker(in range: Range<Int>) -> Int? {
        for position in range {
            if let marker = rules.shortFormMarkers.longestMatch(in: scalars, at: position, limit: range.upperBound) { return marker.length }
        }
        return nil
    }

    /// 《全面深化前海深港现代服务业合作区改革开放方案》(以下简称《前海方案》): the short form names the
    /// same document, here and wherever it is written later.
    private mutating func applyDocumentShortForms() {
        let documents = candidates.indices.filter { candidates[$0].entity.kind == .document }.sorted { candidates[$0].range.lowerBound < candidates[$1].range.lowerBound }
        var fullName: [String: EntityRef] = [:]
        for index in documents {
            let short = candidates[index]
            let before = max(0, short.range.lowerBound - 8)..<short.range.lowerBound
            guard let markerLength = shortFormMarker(in: before),
                let full = documents.last(where: {
                    candidates[$0].range.upperBound < short.range.lowerBound - markerLength && candidates[$0].entity != short.entity
                })
            else { continue }
            fullName[short.entity.name] = candidates[full].entity
        }
        guard !fullName.isEmpty else { return }
        for index in documents {
            if let full = fullName[candidates[index].entity.name] {
                candidates[index].entity = full
                candidates[index].rule = Rule.shortTitle.name
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
            var kind: EntityKind = suffix.map { $0.kind == .organization && !$0.weak } == true ? .organization : .document
            // 《明报》, 《新京报》: a short name ending in 报 or 杂志 is a publication; 《全会公报》 is not,
            // unless the whole name is a word of its own (大公报 is no 公报).
            if kind == .document, inner.count <= 4,
                rules.publicationSuffixes.longestMatch(in: scalars, endingAt: inner.upperBound, floor: inner.lowerBound + 1) != nil,
                rules.reportWords.longestMatch(in: scalars, endingAt: inner.upperBound, floor: inner.lowerBound).map({ $0.length == inner.count || !isCommonWord(inner) }) != true
            {
                kind = .organization
            }
            var candidate = Candidate(
                range: inner, entity: EntityRef(kind, layout.string(inner)), rule: Rule.bookTitle.name, priority: Priority.person)
            candidate.form = .nested
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
                add(index..<after, .initiative, Rule.quotedInitiative.name, Priority.siteItem, name: layout.string(inner))
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
            while end < line.upperBound, Self.chineseNumerals.contains(scalars[end]) || rules.congressNumbering.contains(scalars[end]) {
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
            add(range, .event, Rule.congress.name, Priority.event)
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
            // 海地 in 波罗的海地区: a known name that starts inside a place the model reads and runs
            // past its end straddles two words.
            if let end = modelPlaceInteriors[range.lowerBound], range.upperBound > end { continue }
            // 发展中国家, 高尚情怀化为: a known name that a longer common word holds or crosses is a
            // place only where the model reads one there.
            if shared.tagger != nil, !modelPlaceStarts.contains(range.lowerBound), isAmbiguousPlace(range, in: line) { continue }
            add(range, .place, Rule.placeLexicon.name, Priority.place, name: place.canonical)
            // 福建上杭: a county's short form right after a place above it, and not the start of
            // a longer known name (福建上杭县 names the county itself), makes one place.
            if let county = rules.countiesAfterPlaces.longestMatch(in: scalars, at: range.upperBound, limit: line.upperBound),
                county.value.contains(layout.string(range)),
                (rules.places.longestMatch(in: scalars, at: range.upperBound, limit: line.upperBound)?.length ?? 0) <= county.length
            {
                add(range.lowerBound..<(range.upperBound + county.length), .place, Rule.placeLexicon.name, Priority.place)
            }
            // 长江南京段: a place the model reads right before, and a section word right after, make
            // the stretch one place.
            if let section = rules.placeSections.longestMatch(in: scalars, at: range.upperBound, limit: line.upperBound),
                let river = modelSpans.first(where: { $0.kind == .place && $0.end == range.lowerBound && $0.start >= line.lowerBound })
            {
                add(river.start..<(range.upperBound + section.length), .place, Rule.placeLexicon.name, Priority.place)
            }
        }
        for position in line where position > line.lowerBound {
            guard let short = rules.placeAbbreviations.longestMatch(in: scalars, at: position, limit: line.upperBound),
                rules.placeOpeners.longestMatch(in: scalars, endingAt: position, floor: line.lowerBound) != nil,
                placeAbbreviationCloses(at: position + short.length, limit: line.upperBound)
            else { continue }
            add(position..<(position + short.length), .place, Rule.placeLexicon.name, Priority.place, name: short.value.canonical)
        }
        findAbbreviationLists(in: line)
    }

    /// Whether the known place at `range` is read into a common word: one of two to five characters
    /// that holds it and more or crosses one of its ends (发展中国家, 情怀 of 情怀化, 市场 of
    /// 太原市场). A place that is a common word as a whole (横琴, 日照) is not counted: the
    /// lexicon holds it as a place.
    func isAmbiguousPlace(_ range: Range<Int>, in line: Range<Int>) -> Bool {
        for start in max(line.lowerBound, range.lowerBound - 3)..<range.upperBound {
            for length in 2...5 where start + length <= line.upperBound {
                let end = start + length
                // Only words that cross an end of the place or hold it and more.
                let crossesStart = start < range.lowerBound && end > range.lowerBound
                let crossesEnd = start >= range.lowerBound && start < range.upperBound && end > range.upperBound
                guard crossesStart || crossesEnd, isCommonWord(start..<end) else { continue }
                return true
            }
        }
        return false
    }

    /// 同日、韩、欧盟等, 京、津、冀三地: two or more one-character short forms joined by 、, each item
    /// alone (、, 等, a numeral or a character that is no Han character after it), after a break, a
    /// conjunction, a list opener (同) or a place opener: every item is a place.
    private mutating func findAbbreviationLists(in line: Range<Int>) {
        func shortForm(_ position: Int) -> KnownPlace? {
            guard position + 1 == line.upperBound || !layout.isHan(at: position + 1) || scalars[position + 1] == "等"
                || Self.chineseNumerals.contains(scalars[position + 1])
            else { return nil }
            return rules.placeAbbreviations.longestMatch(in: scalars, at: position, limit: position + 1)?.value
        }
        var position = line.lowerBound
        while position + 2 < line.upperBound {
            guard scalars[position + 1] == "、", shortForm(position) != nil, shortForm(position + 2) != nil,
                position == line.lowerBound || !layout.isHan(at: position - 1) || isConjunction(scalars[position - 1])
                    || rules.listOpeners.longestMatch(in: scalars, endingAt: position, floor: line.lowerBound) != nil
                    || rules.placeOpeners.longestMatch(in: scalars, endingAt: position, floor: line.lowerBound) != nil
            else {
                position += 1
                continue
            }
            var item = position
            while item < line.upperBound, let short = shortForm(item) {
                add(item..<(item + 1), .place, Rule.placeLexicon.name, Priority.place, name: short.canonical)
                guard item + 2 < line.upperBound, scalars[item + 1] == "、" else { break }
                item += 2
            }
            position = item + 1
        }
    }

    /// Whether what follows a place abbreviation closes it: a verb of holding or visiting, 期间,
    /// 电 (a dateline), 等地, or punctuation.
    func placeAbbreviationCloses(at index: Int, limit: Int) -> Bool {
        guard index < limit, layout.isHan(at: index) else { return true }
        if let cue = rules.cues.longestMatch(in: scalars, at: index, limit: limit), cue.value == .held || cue.value == .visited { return true }
        return rules.duringWords.longestMatch(in: scalars, at: index, limit: limit) != nil || rules.datelineMarks.contains(scalars[index])
            || rules.nameFollowers.longestMatch(in: scalars, at: index, limit: limit) != nil
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
            add(range, .organization, Rule.organizationLexicon.name, Priority.suffixName)
            candidates[candidates.count - 1].form = .name(strong: true)
        }
    }

    /// Organizations, initiatives and sites named by their suffix (有限公司, 仲裁院, 合作区, 公园 …),
    /// reaching back to the previous delimiter, verb or function word.
    private mutating func findSuffixNames(in line: Range<Int>, roles: [Range<Int>]) {
        suffixes: for end in (line.lowerBound + 1)...line.upperBound {
            guard let suffix = rules.nameSuffixes.longestMatch(in: scalars, endingAt: end, floor: line.lowerBound) else { continue }
            var start = end - suffix.length
            var reachedDelimiter = false
            var afterVerb = false
            while true {
                // 信达生物制药（苏州）有限公司: a short parenthesized place inside the name.
                if let open = parenthesizedPlace(endingAt: start, floor: line.lowerBound) {
                    start = open
                    continue
                }
                if start == line.lowerBound || layout.isBreak(at: start - 1) {
                    reachedDelimiter = true
                    break
                }
                // ３次放弃上大学: a name that runs back to a number written in digits is a quantity.
                if Self.isNumeral(scalars[start - 1]), !layout.isHan(at: start - 1) { continue suffixes }
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
                    reachedDelimiter = stop.length == 1 && isConjunction(scalars[start - 1])
                    break
                }
                if rules.cues.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
                    || (rules.nameFollowers.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound)?.length ?? 0) >= 2
                {
                    break
                }
                // 新华社北京一月十九日电最高人民法院: a dateline ends before the name.
                if endsDateline(at: start, floor: line.lowerBound) { break }
                // 工程结束后彭楚政被送进医院: a person of three characters or more the model reads, with a
                // surname and words before it, ends before the name (高德 or 诺高德 of 赛诺高德 does not). A person first,
                // after a delimiter, function word, cue or place, is part of one name
                // (由李宁体育用品有限公司赞助).
                if let person = modelPerson(endingAt: start, floor: line.lowerBound), start - person >= 3,
                    !opensAfterBoundary(person, floor: line.lowerBound), layout.isHan(at: person - 1),
                    rules.surnames.longestMatch(in: scalars, at: person, limit: start) != nil,
                    rules.places.longestMatch(in: scalars, endingAt: person, floor: line.lowerBound) == nil
                {
                    break
                }
                start -= 1
            }
            // 后来考入武汉第一中学, 资助宜昌大学: a strong organization's name that starts with no place
            // or known organization, with a place inside it, starts at that place (the words before
            // it are a verb and its subject); a place in brackets (通威太阳能（成都）有限公司) is inside
            // the name.
            if suffix.value.kind == .organization, !suffix.value.weak, start + 1 < end - suffix.length - 1,
                rules.places.longestMatch(in: scalars, at: start, limit: end) == nil, !modelPlaceStarts.contains(start),
                rules.organizations.longestMatch(in: scalars, at: start, limit: end) == nil,
                !(start..<end).contains(where: { scalars[$0] == "（" || scalars[$0] == "(" }),
                let place = ((start + 1)..<(end - suffix.length - 1)).first(where: {
                    rules.places.longestMatch(in: scalars, at: $0, limit: end - suffix.length) != nil || modelPlaceStarts.contains($0)
                })
            {
                start = place
            }
            // 举办 and 主办 end with 办, 开幕式 with 式: a cue word or an organizer verb that covers
            // the suffix is no name's end.
            if max(rules.cues.longestMatch(in: scalars, endingAt: end, floor: line.lowerBound)?.length ?? 0,
                   rules.organizerVerbs.longestMatch(in: scalars, endingAt: end, floor: line.lowerBound)?.length ?? 0) > suffix.length
            {
                continue
            }
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
                // 香港贸发局主席, 澳门特区政府经济财政司司长: a name that opens a title, a known place and
                // a part of two or more characters before the suffix, is the organization of that
                // title (市委 of 深圳市委书记, with no such part, stays part of the title).
                // The suffix may not be the start of an office word (厅 of 水利厅厅长 ends the
                // name, the second 厅 does not).
                let opensTitle = suffix.value.kind == .organization && !suffix.value.itemOnly
                    && roles.contains { $0.lowerBound <= start && $0.upperBound > end }
                    && (rules.places.longestMatch(in: scalars, at: start, limit: end - suffix.length).map { prefixLength - $0.length >= 2 } ?? false)
                    && rules.titleOrgans.longestMatch(in: scalars, endingAt: end, floor: start) == nil
                    && !(1...3).contains { step in
                        end + step <= line.upperBound
                            && (rules.offices.longestMatch(in: scalars, endingAt: end + step, floor: line.lowerBound)?.length ?? 0) > step
                    }
                guard placePrefixed || headsTitle || opensTitle || (afterVerb && endsItem && prefixLength >= 3 && !Self.isNumeral(scalars[start]))
                    || (reachedDelimiter && endsItem && followsVisitCue(start, line: line))
                else { continue }
                if headsTitle || opensTitle {
                    add(name, suffix.value.kind, Rule.nameSuffix.name, Priority.suffixName)
                    candidates[candidates.count - 1].form = .name(strong: true)
                    continue
                }
                // 浏阳市沙市镇赤马村: a town or village (a one-character division suffix) written after
                // its county is named after it: the division's name starts past the known place and
                // past any division written before it.
                if placePrefixed, suffix.value.kind == .place, suffix.length == 1,
                    let parent = rules.places.longestMatch(in: scalars, at: start, limit: end - suffix.length), prefixLength - parent.length >= 2
                {
                    var own = start + parent.length
                    if let last = (own..<(end - suffix.length - 2)).last(where: { position in
                        rules.nameSuffixes.longestMatch(in: scalars, endingAt: position + 1, floor: position)
                            .map { $0.length == 1 && $0.value.kind == .place } ?? false
                    }) {
                        own = last + 1
                    }
                    add(own..<end, .place, Rule.nameSuffix.name, Priority.suffixName)
                    continue
                }
            }
            // 察看研发实验室: common nouns for where visits go, one after another, name nothing.
            guard !isGenericSite(name) else { continue }
            add(name, suffix.value.kind, Rule.nameSuffix.name, Priority.suffixName)
            candidates[candidates.count - 1].form = .name(strong: !suffix.value.weak)
        }
    }

    /// 信达生物制药（苏州）有限公司, 川奇光电科技(扬州)有限公司总经理: where a short parenthesized
    /// place that ends at `end` opens, when a name goes on before it (not at `floor`).
    func parenthesizedPlace(endingAt end: Int, floor: Int) -> Int? {
        guard end > floor + 1, scalars[end - 1] == "）" || scalars[end - 1] == ")",
            let open = ((max(floor, end - 8))..<(end - 1)).last(where: { scalars[$0] == "（" || scalars[$0] == "(" }),
            open > floor, rules.places.longestMatch(in: scalars, at: open + 1, limit: end - 1) != nil
        else { return nil }
        return open
    }

    /// The kinds a visited site can be.
    /// (A switch: a set of kinds hashes the kind's raw string at each test.)
    @inline(__always)
    static func isSiteKind(_ kind: EntityKind) -> Bool {
        switch kind {
        case .place, .organization, .initiative: true
        default: false
        }
    }

    /// Whether a character writes a number (一批, 两项, 3个 open quantities, not names).
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value < 0x10000 else { return scalar.properties.numericType != nil }
        return numeralBits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
    }

    /// Whether each scalar of the Basic Multilingual Plane has a numeric type, a bit each: the
    /// Unicode property looked up once per process rather than at every call.
    static let numeralBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for value in 0..<UInt32(0x10000) {
            guard let scalar = Unicode.Scalar(value), scalar.properties.numericType != nil else { continue }
            bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
        }
        return bits
    }()

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
}
