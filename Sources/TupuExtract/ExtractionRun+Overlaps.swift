import TupuModel

/// Choosing among overlapping candidates, resolving references, and the aliases the text states.
extension ExtractionRun {
    /// Keeps the best candidate where candidates overlap, then points event references at their event.
    ///
    /// Works on indices into `candidates` (sorting indices with the candidates' comparator gives
    /// the order sorting the candidates would), so candidates are copied only into `mentions`.
    mutating func resolveMentions() {
        let all = candidates
        // The sort keys and ranges, read once from the candidates (a comparison then reads two
        // small records, not two candidates through the array's bounds checks).
        var keys: [(Int, Int, Int)] = []  // (priority, length, -start)
        var ranges: [Range<Int>] = []
        keys.reserveCapacity(all.count)
        ranges.reserveCapacity(all.count)
        for index in all.indices {
            keys.append((all[index].priority, all[index].range.count, -all[index].range.lowerBound))
            ranges.append(all[index].range)
        }
        let ordered = keys.withUnsafeBufferPointer { keys in
            all.indices.sorted { keys[$0] > keys[$1] }
        }
        // The positions taken by accepted candidates (a range overlaps a taken one when it holds
        // a taken position), and the ranges accepted: each check costs the candidate's length, not
        // the number accepted before it.
        var taken = [Bool](repeating: false, count: scalars.count + 1)
        var accepted: [Int] = []
        // The ranges accepted, chained by start: for each position the last one starting there
        // (-1: none), for each one the end and the one before it with the same start. No range
        // is hashed, and a start holds few.
        var lastAcceptedAt = [Int32](repeating: -1, count: scalars.count + 1)
        var acceptedChain: [(end: Int, previous: Int32)] = []
        /// Whether an accepted candidate has this range already.
        func seen(_ range: Range<Int>) -> Bool {
            var link = lastAcceptedAt[range.lowerBound]
            while link >= 0 {
                if acceptedChain[Int(link)].end == range.upperBound { return true }
                link = acceptedChain[Int(link)].previous
            }
            return false
        }
        func noteAccepted(_ range: Range<Int>) {
            acceptedChain.append((range.upperBound, lastAcceptedAt[range.lowerBound]))
            lastAcceptedAt[range.lowerBound] = Int32(acceptedChain.count - 1)
        }
        // Names in title marks come first; they block what overlaps them, except events whose name
        // contains them (全省深入推进《…方案》现场会).
        let nested = ordered.filter { all[$0].nests }
        for index in nested where !seen(all[index].range) {
            accepted.append(index)
            noteAccepted(all[index].range)
        }
        /// For each position, where the longest accepted role covering it ends (0: none; 32 bits,
        /// as every position of a text: a large file holds one a character).
        var roleEnd = [Int32](repeating: 0, count: scalars.count + 1)
        /// For each position, the name in title marks covering it (-1: none; empty when there is none).
        var nestedAt: [Int32] = nested.isEmpty ? [] : [Int32](repeating: -1, count: scalars.count + 1)
        for index in nested {
            for position in all[index].range { nestedAt[position] = Int32(index) }
        }
        /// Where the organization and initiative names accepted so far end, by where they start.
        var nameEnds: [Int: Int] = [:]
        var inside = Set<Int>()
        for index in ordered where !all[index].nests {
            let range = all[index].range
            let kind = all[index].entity.kind
            // Blocked by a name in title marks it overlaps, unless it is an event that holds it whole:
            // each position is looked up once (the marks' ranges are indexed by position).
            let blockedByNested = !nestedAt.isEmpty && range.contains { position in
                let marked = nestedAt[position]
                guard marked >= 0 else { return false }
                return !(kind == .event && Self.encloses(range, all[Int(marked)].range))
            }
            guard !blockedByNested else { continue }
            // 商务部副部长, 新加坡工商联合总会会长, 老挝总理: the organization or country of a title is
            // named inside it; not one whose office in a place the title names (外交部驻香港特派员公署).
            if (kind == .organization && all[index].strongName) || (kind == .place && all[index].rule == Rule.placeLexicon.name),
                Int(roleEnd[range.lowerBound]) >= range.upperBound,
                kind != .organization || rules.postedTo.longestMatch(in: scalars, at: range.upperBound, limit: Int(roleEnd[range.lowerBound])) == nil,
                !seen(range)
            {
                accepted.append(index)
                noteAccepted(range)
                if kind == .place { inside.insert(index) }
                continue
            }
            // 日本政府, 成都飞机工业公司: the place a name starts with is named too.
            if kind == .place, all[index].rule == Rule.placeLexicon.name, !seen(range), (nameEnds[range.lowerBound] ?? 0) > range.upperBound {
                accepted.append(index)
                noteAccepted(range)
                inside.insert(index)
                continue
            }
            work += 1 + range.count
            guard !range.contains(where: { taken[$0] }) else { continue }
            for position in range { taken[position] = true }
            accepted.append(index)
            noteAccepted(range)
            if kind == .role {
                for position in range { roleEnd[position] = max(roleEnd[position], Int32(range.upperBound)) }
            }
            if kind == .organization || kind == .initiative { nameEnds[range.lowerBound] = max(nameEnds[range.lowerBound] ?? 0, range.upperBound) }
        }
        ranges.withUnsafeBufferPointer { ranges in
            accepted.sort { (ranges[$0].lowerBound, ranges[$0].upperBound) < (ranges[$1].lowerBound, ranges[$1].upperBound) }
        }
        // Numbered congresses (党的二十大) are mostly referred to: 会议 never means one.
        let namedEvents = accepted.filter { all[$0].entity.kind == .event && !all[$0].isEventReference && !all[$0].isReferredEvent }
        // 粤港合作联席会议 (a headline's short form) and 粤港合作联席会议第二十三次会议: a named event
        // whose name begins another's is that event.
        var fullNames: [String: EntityRef] = [:]
        if namedEvents.count > 1 {
            let names = Set(namedEvents.map { all[$0].entity.name })
            for name in names {
                if let longer = names.filter({ $0.count > name.count && $0.hasPrefix(name) }).min(by: { $0.count < $1.count }) {
                    fullNames[name] = EntityRef(.event, longer)
                }
            }
        }
        func fullName(_ entity: EntityRef) -> EntityRef {
            entity.kind == .event ? fullNames[entity.name] ?? entity : entity
        }
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
        // 何立峰等出席会议: 会议 is a meeting someone took part in, not one a speech plans since.
        let attendedMeetings = meetingEvents.filter { all[$0].takenPart }
        mentions = []
        mentions.reserveCapacity(accepted.count)
        for index in accepted {
            var candidate = all[index]
            candidate.insideName = inside.contains(index)
            if !candidate.isEventReference && !candidate.isReferredEvent { candidate.entity = fullName(candidate.entity) }
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
            // 活动, 相关活动 refer back to an event named before them; 会议 and a named kind
            // (签约仪式) also to the first named after them, when the article names none before.
            var looksBack = false
            if let suffix = candidate.referenceSuffix {
                if let known = fittingBySuffix[suffix] {
                    fitting = known
                } else {
                    fitting = namedEvents.filter { all[$0].entity.name.hasSuffix(suffix) }
                    fittingBySuffix[suffix] = fitting
                }
            } else if rules.eventReferences.longestMatch(in: scalars, at: candidate.range.lowerBound, limit: candidate.range.upperBound)?.value == true {
                fitting = lastEnding(attendedMeetings, atOrBefore: candidate.range.lowerBound) != nil ? attendedMeetings : meetingEvents
            } else {
                fitting = namedEvents
                looksBack = true
            }
            let event = lastEnding(fitting, atOrBefore: candidate.range.lowerBound) ?? (looksBack ? nil : fitting.first)
            guard let event else {
                // A bare event word with no named event to refer to names an event of its own when
                // it is specific enough (签约仪式, 座谈会, not 会议 or 典礼).
                guard let suffix = candidate.referenceSuffix, suffix.count >= 3 else { continue }
                var own = candidate
                own.form = .name(strong: false)
                own.rule = Rule.eventAfterCue.name
                mentions.append(own)
                continue
            }
            var resolved = candidate
            resolved.entity = fullName(all[event].entity)
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

    /// Full names written where the canonical name is a short form (深圳市 for 深圳). `surfaces`
    /// holds the surface of each mention that is no reference, by the mention's index.
    func aliases(surfaces: [String?]) -> [Alias] {
        var found: [Alias] = []
        for index in mentions.indices where !mentions[index].isReference {
            guard let surface = surfaces[index], surface != mentions[index].entity.name else { continue }
            found.append(Alias(entity: mentions[index].entity, alias: surface, rule: mentions[index].rule))
        }
        // Sorted, each alias once: what a set of them sorted gives (the sort is stable, so of
        // equal ones the first found is kept, as a set keeps the first inserted), without
        // hashing names. (By kind, name, alias, then rule: the order of `found.sort()`.)
        found = Self.sortedByIndex(found) { a, b in
            if a.entity.kind != b.entity.kind { return a.entity.kind < b.entity.kind }
            if a.entity.name != b.entity.name { return a.entity.name < b.entity.name }
            if a.alias != b.alias { return a.alias < b.alias }
            return a.rule < b.rule
        }
        var result: [Alias] = []
        result.reserveCapacity(found.count)
        for alias in found where result.last != alias { result.append(alias) }
        return result
    }
}
