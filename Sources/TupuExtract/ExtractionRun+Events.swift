import TupuModel

/// Finding named events and the references to them (会议, 会上, 签约仪式).
extension ExtractionRun {
    /// Whether the clause goes on from `position` as a statement that the event took place:
    /// 召开/举行 closing the clause, possibly after 在/于 and a place (…在哈尔滨召开。), not a noun
    /// phrase (亚洲冬季运动会举办机遇).
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
    func heldCueEndsClause(after position: Int, clause: Range<Int>) -> Bool {
        var index = position
        // …工作会议4日在广州召开: a date may stand between the name and the rest.
        if let date = dateResolver().expression(in: scalars, at: index, limit: clause.upperBound) {
            index = date.upperBound
            while let time = rules.timesOfDay.longestMatch(in: scalars, at: index, limit: clause.upperBound) { index += time.length }
        }
        if index < clause.upperBound, rules.locatives.contains(scalars[index]) {
            // Skip the place: the held cue must come within a short distance and end the clause.
            let horizon = min(clause.upperBound, index + 24)
            while index < horizon, rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound)?.value != .held { index += 1 }
        }
        guard let cue = rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound), cue.value == .held else { return false }
        var end = index + cue.length
        while let tail = rules.heldTails.longestMatch(in: scalars, at: end, limit: clause.upperBound) { end += tail.length }
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
    mutating func findEventReferences(in line: Range<Int>) {
        for (range, _) in matches(of: rules.eventReferences, in: line) {
            var candidate = Candidate(range: range, entity: EntityRef(.event, ""), rule: Rule.eventReference.name, priority: Priority.eventReference)
            candidate.form = .eventReference(suffix: nil)
            candidates.append(candidate)
        }
    }

    /// The event word by which a name after a cue refers to the named event ending with it, when
    /// it is one: a bare event word (签约仪式), an event word after the stage it names (开幕典礼 →
    /// 典礼), or the event word at the end of a name after a demonstrative (这项欢庆活动 → 活动).
    func referenceWord(in name: Range<Int>, demonstrated: Bool) -> Range<Int>? {
        if rules.eventSuffixes.contains(scalars: scalars[name]) { return name }
        if demonstrated, let word = rules.eventSuffixes.longestMatch(in: scalars, endingAt: name.upperBound, floor: name.lowerBound) {
            return (name.upperBound - word.length)..<name.upperBound
        }
        if let stage = rules.cues.longestMatch(in: scalars, at: name.lowerBound, limit: name.upperBound), stage.value == .held,
            rules.eventSuffixes.contains(scalars: scalars[(name.lowerBound + stage.length)..<name.upperBound])
        {
            return (name.lowerBound + stage.length)..<name.upperBound
        }
        return nil
    }

    /// An event named at the head of a clause and followed by 召开/举行/在 (…现场会在深圳召开), or named
    /// right after a participation cue (出席全省工作会议).
    mutating func findNamedEvents(in clause: Range<Int>) {
        var head = clause.lowerBound
        // 新华社广州3月5日电（记者 陈思远）: a dateline and a byline open the first clause.
        let datelineLimit = min(clause.upperBound, head + 20)
        if head + 2 <= datelineLimit, let dateline = ((head + 2)...datelineLimit).first(where: { endsDateline(at: $0, floor: head) }) {
            head = dateline
        } else if let stamp = rules.datelineHeads.longestMatch(in: scalars, at: head, limit: clause.upperBound) {
            // 本报讯当代企业改革论坛首届年会…召开: a dateline without a date.
            head += stamp.length
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
            ?? rules.pluralSubjects.longestMatch(in: scalars, at: head, limit: clause.upperBound).map({ ($0.length, ()) })
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
            add(head..<end, .event, Rule.namedEvent.name, Priority.event)
            candidates[candidates.count - 1].takenPart = true
            break
        }
        var index = clause.lowerBound
        while index < clause.upperBound {
            // 出席全省工作会议, 主持召开座谈会, 在郑州举行签约仪式: an event named right after the verb.
            guard let cue = rules.cues.longestMatch(in: scalars, at: index, limit: clause.upperBound),
                cue.value.isParticipation || cue.value == .held,
                // 发言人沈国放…, 主持人: a cue that begins a longer office or common word is a noun.
                (rules.offices.longestMatch(in: scalars, at: index, limit: clause.upperBound)?.length ?? 0) <= cue.length,
                index + cue.length >= clause.upperBound || !isCommonWord(index..<(index + cue.length + 1))
            else {
                index += 1
                continue
            }
            var start = index + cue.length
            if start < clause.upperBound, scalars[start] == "了" { start += 1 }
            // 出席为筹备会议…: a preposition or particle right after the cue is no part of a name.
            if start < clause.upperBound, let stop = rules.stopWords.longestMatch(in: scalars, at: start, limit: clause.upperBound), stop.length == 1,
                !beginsTitleWord(at: start, limit: clause.upperBound)
            {
                start += 1
            }
            // 出席了今天的座谈会, 出席今晚茶话会: a day and 的 in front, or a day named from the
            // publication date (今天, 今晚), say when; they are no part of the name.
            if let day = resolver.expression(in: scalars, at: start, limit: clause.upperBound), day.upperBound < clause.upperBound {
                if scalars[day.upperBound] == "的" {
                    start = day.upperBound + 1
                } else if rules.relativeDays.longestMatch(in: scalars, at: start, limit: day.upperBound) != nil {
                    start = day.upperBound
                }
            }
            // 举办“熊猫艺术展”: the name inside quotes; 参加“一带一路”植树活动启动仪式: a quoted part
            // the name goes on after is part of it.
            var quoted: Range<Int>?
            if start < clause.upperBound, Self.isOpeningQuote(scalars[start]) {
                if let close = ((start + 1)..<min(clause.upperBound, start + 30)).first(where: { Self.isClosingQuote(scalars[$0]) }),
                    close + 1 < clause.upperBound, layout.isHan(at: close + 1)
                {
                    quoted = start..<(close + 1)
                } else {
                    start += 1
                }
            }
            // 参加会见和签约仪式: another activity word joined by 和 comes first.
            if let other = rules.cues.longestMatch(in: scalars, at: start, limit: clause.upperBound),
                start + other.length < clause.upperBound, rules.activityJoiners.contains(scalars[start + other.length])
            {
                start += other.length + 1
            }
            // 出席会议: a reference to an event named elsewhere, not a new name.
            if rules.eventReferences.longestMatch(in: scalars, at: start, limit: clause.upperBound) != nil {
                index = start
                continue
            }
            var best: Int?
            // 举办水资源合作部长级会议和水资源合作论坛: where a name that ends with a suffix is joined
            // by 和, 及 or 与 to the next one, two events are named.
            var splits: [Int] = []
            var end = start + 1
            while end <= clause.upperBound, !layout.isBreak(at: end - 1) || quoted?.contains(end - 1) == true {
                // 举行第二十三次常委会议李瑞环主持…: once a name has ended, a person the model reads or a
                // cue of taking part starts another clause (a headline runs on without a break).
                if best != nil, modelPersonEnds[end - 1] != nil
                    || rules.cues.longestMatch(in: scalars, at: end - 1, limit: clause.upperBound)?.value.isParticipation == true
                {
                    break
                }
                // A name before the suffix (全省工作会议), or a suffix that names an event alone (签约仪式).
                if let suffix = rules.eventSuffixes.longestMatch(in: scalars, endingAt: end, floor: splits.last.map { $0 + 1 } ?? start),
                    end - start >= suffix.length + 2 || end - start == suffix.length
                {
                    if let previous = best, previous + 1 < end, rules.activityJoiners.contains(scalars[previous]),
                        end - (previous + 1) >= suffix.length + 2
                    {
                        splits.append(previous)
                    }
                    best = end
                }
                end += 1
            }
            // A name that ends inside the quotes is the quoted name alone (举办“…博览会”在北京…).
            if let quoted, let found = best, found < quoted.upperBound { start = quoted.lowerBound + 1 }
            // 通报了中央政协工作会议以来…, 贯彻…会议精神: an event only referred to, named but not taken part in.
            if let found = best, rules.referredEventMarkers.longestMatch(in: scalars, at: found, limit: clause.upperBound) != nil {
                if splits.isEmpty, !rules.eventSuffixes.contains(scalars: scalars[start..<found]), !rules.eventReferences.contains(scalars: scalars[start..<found]) {
                    add(start..<found, .event, Rule.referredEvent.name, Priority.event)
                }
                best = nil
            }
            // 三周年旅日华侨举行座谈会, 在京举行的全国统计工作会议, 由国防部主办的招待会: what comes
            // before 举行 or 召开 (and 的), or before a verb and 的, says who holds the event or when;
            // the name is what follows.
            var demonstrated = false
            if let found = best, splits.isEmpty {
                // (开幕 of 开幕典礼 is part of the name.)
                if let held = (start..<found).last(where: { rules.holdingVerbs.longestMatch(in: scalars, at: $0, limit: found) != nil }),
                    let verb = rules.holdingVerbs.longestMatch(in: scalars, at: held, limit: found), held + verb.length < found
                {
                    start = held + verb.length
                }
                if let of = (start..<found).last(where: { scalars[$0] == "的" }), of + 1 < found,
                    of == start || rules.cues.longestMatch(in: scalars, endingAt: of, floor: start) != nil
                        || rules.organizerVerbs.longestMatch(in: scalars, endingAt: of, floor: start) != nil
                        // 举行了隆重的首播仪式: a word that describes the event.
                        || rules.eventAdjectives.longestMatch(in: scalars, endingAt: of, floor: start)?.length == of - start
                {
                    start = of + 1
                }
                // 这次活动, 本次征文活动, 这一开馆仪式: a demonstrative makes a reference to an event
                // named before; the name is what follows it.
                if let demonstrative = rules.demonstratives.longestMatch(in: scalars, at: start, limit: found), start + demonstrative.length < found {
                    start += demonstrative.length
                    demonstrated = true
                }
            }
            if let best {
                // Each name but the last of a joined pair is an event of its own.
                var from = start
                for split in splits {
                    add(from..<split, .event, Rule.eventAfterCue.name, Priority.event)
                    from = split + 1
                }
                let start = from
                var candidate = Candidate(
                    range: start..<best, entity: EntityRef(.event, layout.string(start..<best)), rule: Rule.eventAfterCue.name, priority: Priority.event)
                if let word = referenceWord(in: start..<best, demonstrated: demonstrated) {
                    candidate.form = .eventReference(suffix: layout.string(word))
                    candidate.rule = Rule.eventReference.name
                }
                candidate.takenPart = cue.value.isParticipation
                candidates.append(candidate)
            }
            index = start
        }
    }
}
