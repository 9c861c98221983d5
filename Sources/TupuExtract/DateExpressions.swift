import TupuModel

/// Date expressions as a reader sees them: a date with its time of day or its range.
extension ExtractionRun {
    /// Every date expression of the content lines, left to right: `8月21日至23日`, `24日上午`,
    /// `2014年底`, `昨天上午`, resolved to the (first) day where the publication date allows.
    func findDateExpressions() -> [Mention] {
        let resolver = dateResolver()
        var found: [Mention] = []
        let lines = (layout.chromeLines.map { ($0, false) } + layout.contentLines.map { ($0, true) }).sorted { $0.0.lowerBound < $1.0.lowerBound }
        for (line, isContent) in lines {
            var index = line.lowerBound
            while index < line.upperBound {
                // 2017-08-25 09:09:37: a timestamp, as pages print when a report was published.
                // (A timestamp starts with a digit: most positions are not looked at further.)
                if DateResolver.asciiDigit(scalars[index]) != nil, let (stamp, iso) = timestamp(at: index, limit: line.upperBound) {
                    let surface = layout.surface(stamp)
                    found.append(Mention(entity: EntityRef(.date, iso), span: span(stamp), surface: surface, rule: Rule.dateExpression.name))
                    index = stamp.upperBound
                    continue
                }
                guard isContent else {
                    index += 1
                    continue
                }
                // 今年3月, 去年12月5日: a month (and day) in a year named relative to the publication date.
                // (Most positions start no relative year: the table's first-scalar test, inline.)
                if rules.relativeYears.mayStart(with: scalars[index]),
                    let (range, iso) = relativeYearDate(at: index, limit: line.upperBound, reference: resolver.reference)
                {
                    let surface = layout.surface(range)
                    found.append(Mention(entity: EntityRef(.date, iso ?? surface), span: span(range), surface: surface, rule: Rule.dateExpression.name))
                    index = range.upperBound
                    continue
                }
                let startsNumber = DateResolver.asciiDigit(scalars[index]) != nil && (index == line.lowerBound || DateResolver.asciiDigit(scalars[index - 1]) == nil)
                guard startsNumber || resolver.startsRelativeWord(scalars[index]) else {
                    index += 1
                    continue
                }
                var end: Int
                var iso: String?
                if let date = resolver.date(in: scalars, at: index, limit: line.upperBound) {
                    end = date.range.upperBound
                    iso = date.iso
                } else if let range = resolver.expression(in: scalars, at: index, limit: line.upperBound) {
                    end = range.upperBound
                } else if let year = yearPart(at: index, limit: line.upperBound) {
                    end = year
                } else {
                    index += 1
                    continue
                }
                // 8月21日至23日, 21日到24日: a range of days.
                if end + 1 < line.upperBound, Self.rangeMarks.contains(scalars[end]),
                    let second = resolver.expression(in: scalars, at: end + 1, limit: line.upperBound)
                {
                    end = second.upperBound
                }
                if let time = rules.timesOfDay.longestMatch(in: scalars, at: end, limit: line.upperBound) { end += time.length }
                let range = index..<end
                let surface = layout.surface(range)
                found.append(Mention(entity: EntityRef(.date, iso ?? surface), span: span(range), surface: surface, rule: Rule.dateExpression.name))
                index = end
            }
        }
        return found
    }

    /// `今年3月`, `去年12月5日` at `index`: the range, and the ISO date when a day is written and the
    /// publication date is known.
    private func relativeYearDate(at index: Int, limit: Int, reference: DateResolver.YMD?) -> (Range<Int>, String?)? {
        guard let word = rules.relativeYears.longestMatch(in: scalars, at: index, limit: limit) else { return nil }
        var position = index + word.length
        func number() -> Int? {
            var value: Int?
            while position < limit, (value ?? 0) < 100, let digit = DateResolver.asciiDigit(scalars[position]) {
                value = (value ?? 0) * 10 + digit
                position += 1
            }
            return value
        }
        guard let month = number(), (1...12).contains(month), position < limit, scalars[position] == "月" else { return nil }
        position += 1
        let monthEnd = position
        if let day = number(), position < limit, scalars[position] == "日" || scalars[position] == "号" {
            position += 1
            let date = reference.map { DateResolver.YMD(year: $0.year + word.value, month: month, day: day) }
            if let date, date.isValid { return (index..<position, date.iso) }
            return (index..<position, nil)
        }
        // A month alone (今年3月封关): the expression ends after 月.
        return (index..<monthEnd, nil)
    }

    static let rangeMarks = ScalarSet("至到—-~～".unicodeScalars)

    /// `yyyy-mm-dd`, with `hh:mm[:ss]` after a space when written, starting at `index`.
    private func timestamp(at index: Int, limit: Int) -> (Range<Int>, String)? {
        guard index == 0 || DateResolver.asciiDigit(scalars[index - 1]) == nil else { return nil }
        var position = index
        func number(_ maximumDigits: Int) -> Int? {
            var value = 0
            let start = position
            while position < limit, position - start < maximumDigits, let digit = DateResolver.asciiDigit(scalars[position]) {
                value = value * 10 + digit
                position += 1
            }
            return position > start ? value : nil
        }
        guard let year = number(4), position - index == 4, position < limit, scalars[position] == "-" else { return nil }
        position += 1
        guard let month = number(2), position < limit, scalars[position] == "-" else { return nil }
        position += 1
        guard let day = number(2) else { return nil }
        let date = DateResolver.YMD(year: year, month: month, day: day)
        guard date.isValid, (1900...2100).contains(year) else { return nil }
        var end = position
        if position + 1 < limit, scalars[position] == " " {
            position += 1
            if number(2) != nil, position < limit, scalars[position] == ":" {
                position += 1
                if number(2) != nil {
                    end = position
                    if position < limit, scalars[position] == ":" {
                        position += 1
                        if number(2) != nil { end = position }
                    }
                }
            }
        }
        return (index..<end, date.iso)
    }

    /// `2014年底`, `2020年初`: a year with a part of it; the end of the expression.
    private func yearPart(at index: Int, limit: Int) -> Int? {
        guard index + 5 < limit, (index..<(index + 4)).allSatisfy({ DateResolver.asciiDigit(scalars[$0]) != nil }), scalars[index + 4] == "年",
            let part = rules.timesOfDay.longestMatch(in: scalars, at: index + 5, limit: limit)
        else { return nil }
        return index + 5 + part.length
    }
}
