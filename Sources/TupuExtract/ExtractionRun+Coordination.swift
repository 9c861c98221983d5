import TupuModel

/// Names that take the kind of the names they are listed with.
extension ExtractionRun {
    /// 横琴、前海、南沙三大平台: a short item (two or three Han characters, nothing found there)
    /// listed with 、 next to a place (of the lexicons or the model) is a place too. The items run from the known
    /// place left and right across 、; an item needs clean bounds (a break, 、, a conjunction, a
    /// `list-opener` word, a stop word, a verb, or 等 / a numeral / 的 after the last one), so that 同 of 同横琴 or 三大
    /// of 南沙三大 is not taken in.
    /// `earlier`: the candidates found before this line's search that start in it; the line's
    /// own are `candidates[lineFirst...]`.
    mutating func findCoordinatedPlaces(in line: Range<Int>, earlier: ArraySlice<Placed>, lineFirst: Int) {
        work += earlier.count + (candidates.count - lineFirst)
        var anchors: [Range<Int>] = []
        for candidate in earlier where candidate.anchorsCoordination { anchors.append(candidate.range) }
        // A place of the lexicons or of the model, from which items run across 、 (the line's own
        // candidates read in place: their kind and rule only).
        for index in lineFirst..<candidates.count
        where candidates[index].entity.kind == .place
            && (candidates[index].rule == Rule.placeLexicon.name || candidates[index].rule == Rule.modelName.name)
        {
            anchors.append(candidates[index].range)
        }
        // 气候、土壤、日照: a known place that is a common word too (日照, sunshine) anchors no list
        // unless the model reads a place there.
        anchors.removeAll { isCommonWord($0) && !modelPlaceStarts.contains($0.lowerBound) }
        guard !anchors.isEmpty else { return }
        // The positions of the line that a candidate other than a model's place takes.
        var taken = [Bool](repeating: false, count: line.count)
        func take(_ range: Range<Int>) {
            for position in range.clamped(to: line) { taken[position - line.lowerBound] = true }
        }
        for candidate in earlier where !candidate.isModelPlace { take(candidate.range) }
        for index in lineFirst..<candidates.count where !(candidates[index].entity.kind == .place && candidates[index].rule == Rule.modelName.name) {
            take(candidates[index].range)
        }
        func isFree(_ item: Range<Int>) -> Bool {
            item.allSatisfy { !line.contains($0) || !taken[$0 - line.lowerBound] }
        }
        var added: [Range<Int>] = []
        for place in anchors {
            var left = place
            while left.lowerBound - 1 > line.lowerBound, scalars[left.lowerBound - 1] == "、",
                let item = itemBefore(left.lowerBound - 1, line: line), isFree(item)
            {
                added.append(item)
                left = item
            }
            var right = place
            while right.upperBound < line.upperBound, scalars[right.upperBound] == "、",
                let item = itemAfter(right.upperBound + 1, line: line), isFree(item)
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
    // (Inlined: called from mutating methods, an outlined call first copied the whole run.)
    @inline(__always)
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

/// What the search for other entities needs of a candidate found before it (its range, its kind,
/// whether it is a model's place or an anchor of a list of places), without its names.
struct Placed: StartSorted {
    var range: Range<Int>
    var kind: EntityKind
    var isModelPlace: Bool
    var anchorsCoordination: Bool

    /// What a candidate's range, kind and rule say (given by field: the candidates are read in place).
    init(range: Range<Int>, kind: EntityKind, rule: String) {
        self.range = range
        self.kind = kind
        isModelPlace = kind == .place && rule == Rule.modelName.name
        anchorsCoordination = kind == .place && (rule == Rule.placeLexicon.name || rule == Rule.modelName.name)
    }
}
