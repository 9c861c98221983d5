import TupuModel

/// Names that take the kind of the names they are listed with.
extension ExtractionRun {
    /// 横琴、前海、南沙三大平台: a short item (two or three Han characters, nothing found there)
    /// listed with 、 next to a place (of the lexicons or the model) is a place too. The items run from the known
    /// place left and right across 、; an item needs clean bounds (a break, 、, a conjunction, a
    /// `list-opener` word, a stop word, a verb, or 等 / a numeral / 的 after the last one), so that 同 of 同横琴 or 三大
    /// of 南沙三大 is not taken in.
    mutating func findCoordinatedPlaces(in line: Range<Int>, candidates lineCandidates: [Candidate]) {
        work += lineCandidates.count
        let anchors = lineCandidates.filter { $0.entity.kind == .place && ($0.rule == Rule.placeLexicon.name || $0.rule == Rule.modelName.name) }
        guard !anchors.isEmpty else { return }
        var taken = Set<Int>()
        for candidate in lineCandidates where !(candidate.entity.kind == .place && candidate.rule == Rule.modelName.name) {
            taken.formUnion(candidate.range)
        }
        var added: [Range<Int>] = []
        for place in anchors {
            var left = place.range
            while left.lowerBound - 1 > line.lowerBound, scalars[left.lowerBound - 1] == "、",
                let item = itemBefore(left.lowerBound - 1, line: line), item.allSatisfy({ !taken.contains($0) })
            {
                added.append(item)
                left = item
            }
            var right = place.range
            while right.upperBound < line.upperBound, scalars[right.upperBound] == "、",
                let item = itemAfter(right.upperBound + 1, line: line), item.allSatisfy({ !taken.contains($0) })
            {
                added.append(item)
                right = item
            }
        }
        var seen = Set<Range<Int>>()
        for item in added where seen.insert(item).inserted {
            add(item, .place, Rule.coordinatedPlace.name, Priority.coordinatedPlace)
        }
    }

    /// The item of two or three Han characters that ends at `end` with a clean start.
    private func itemBefore(_ end: Int, line: Range<Int>) -> Range<Int>? {
        for length in 2...3 {
            let start = end - length
            guard start >= line.lowerBound, (start..<end).allSatisfy({ layout.isHan(at: $0) }) else { return nil }
            let opens = start == line.lowerBound || !layout.isHan(at: start - 1) || scalars[start - 1] == "、"
                || isConjunction(scalars[start - 1])
                || rules.listOpeners.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
                || rules.stopWords.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
                || rules.cues.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
                || rules.promoteVerbs.longestMatch(in: scalars, endingAt: start, floor: line.lowerBound) != nil
            if opens, isPlainItem(start..<end) { return start..<end }
        }
        return nil
    }

    /// The item of two or three Han characters that starts at `start` with a clean end; none where
    /// the model reads a place starting there (渤海、黄海有…: the model's 黄海 stands, and is an
    /// anchor itself).
    private func itemAfter(_ start: Int, line: Range<Int>) -> Range<Int>? {
        if modelPlaceStarts.contains(start) { return nil }
        for length in 2...3 {
            let end = start + length
            guard end <= line.upperBound, (start..<end).allSatisfy({ layout.isHan(at: $0) }) else { return nil }
            let closes = end == line.upperBound || !layout.isHan(at: end) || scalars[end] == "、" || scalars[end] == "等"
                || scalars[end] == "的" || isConjunction(scalars[end]) || Self.isNumeral(scalars[end])
                || rules.stopWords.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
                || rules.nameFollowers.longestMatch(in: scalars, at: end, limit: line.upperBound) != nil
            if closes, isPlainItem(start..<end) { return start..<end }
        }
        return nil
    }

    /// An item that is no function word, cue or office word.
    private func isPlainItem(_ item: Range<Int>) -> Bool {
        rules.stopWords.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound) == nil
            && !item.contains { rules.cues.longestMatch(in: scalars, at: $0, limit: item.upperBound) != nil }
            && rules.offices.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound) == nil
            && rules.nameFollowers.longestMatch(in: scalars, at: item.lowerBound, limit: item.upperBound) == nil
    }
}
