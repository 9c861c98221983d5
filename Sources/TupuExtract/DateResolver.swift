/// Finds date expressions and resolves them to ISO `yyyy-mm-dd` against a reference date.
///
/// Understood forms: `2022年9月27日`, `9月27日`, `27日` (month from the reference),
/// `2022-09-28`, and the relative words 今天/今日, 昨天/昨日, 前天 and 明天.
struct DateResolver: Sendable {
    struct Found: Sendable, Hashable {
        var range: Range<Int>
        var iso: String
    }

    struct YMD: Sendable, Hashable, Comparable {
        var year: Int
        var month: Int
        var day: Int

        var iso: String {
            // A four-digit year and a month and day of at most two digits: ten ASCII bytes
            // written directly (string interpolation took about 1,500 instructions a date).
            if (1000...9999).contains(year), (0...99).contains(month), (0...99).contains(day) {
                return String(unsafeUninitializedCapacity: 10) { bytes in
                    let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
                    bytes[0] = zero + UInt8(truncatingIfNeeded: year / 1000)
                    bytes[1] = zero + UInt8(truncatingIfNeeded: year / 100 % 10)
                    bytes[2] = zero + UInt8(truncatingIfNeeded: year / 10 % 10)
                    bytes[3] = zero + UInt8(truncatingIfNeeded: year % 10)
                    bytes[4] = dash
                    bytes[5] = zero + UInt8(truncatingIfNeeded: month / 10)
                    bytes[6] = zero + UInt8(truncatingIfNeeded: month % 10)
                    bytes[7] = dash
                    bytes[8] = zero + UInt8(truncatingIfNeeded: day / 10)
                    bytes[9] = zero + UInt8(truncatingIfNeeded: day % 10)
                    return 10
                }
            }
            let m = month < 10 ? "0\(month)" : "\(month)"
            let d = day < 10 ? "0\(day)" : "\(day)"
            return "\(year)-\(m)-\(d)"
        }

        var isValid: Bool {
            guard (1...12).contains(month), day >= 1 else { return false }
            return day <= YMD.daysIn(month: month, year: year)
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// The date `days` days away (days within ±31).
        func adding(days: Int) -> YMD {
            var result = self
            result.day += days
            while result.day < 1 {
                result.month -= 1
                if result.month < 1 { result.month = 12; result.year -= 1 }
                result.day += YMD.daysIn(month: result.month, year: result.year)
            }
            while result.day > YMD.daysIn(month: result.month, year: result.year) {
                result.day -= YMD.daysIn(month: result.month, year: result.year)
                result.month += 1
                if result.month > 12 { result.month = 1; result.year += 1 }
            }
            return result
        }

        static func < (lhs: YMD, rhs: YMD) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        init?(iso: String) {
            let parts = iso.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            self.init(year: parts[0], month: parts[1], day: parts[2])
            guard isValid else { return nil }
        }
    }

    /// The publication date, when known.
    var reference: YMD?
    /// A year the article names, for a month and day when the publication date is not known
    /// (本报北京8月24日电 in an article that says 2020年 elsewhere).
    var yearHint: Int?

    /// Relative day words (今天, 昨天 …) and their offset in days from the reference date
    /// (function-words.txt, roles today, yesterday …).
    var relativeDays: PhraseTable<Int> { days.table }
    /// The table, held by reference: a resolver is made for a clause or an expression, and a
    /// copy of the table would retain and release each of its arrays.
    private let days: RelativeDays

    /// A phrase table of relative day words, shared by reference.
    final class RelativeDays: Sendable {
        let table: PhraseTable<Int>

        init(_ table: PhraseTable<Int>) {
            self.table = table
        }
    }

    init(reference: YMD?, yearHint: Int? = nil, relativeDays: PhraseTable<Int>) {
        self.init(reference: reference, yearHint: yearHint, days: RelativeDays(relativeDays))
    }

    init(reference: YMD?, yearHint: Int? = nil, days: RelativeDays) {
        self.reference = reference
        self.yearHint = yearHint
        self.days = days
    }

    /// The range of a date expression starting at `index`, whether or not it can be resolved
    /// (24日 in an article with no publication date is still a date, not a word).
    func expression(in scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Range<Int>? {
        if let found = date(in: scalars, at: index, limit: limit) { return found.range }
        let anyMonth = DateResolver(reference: YMD(year: 2000, month: 12, day: 31), days: days)
        return anyMonth.date(in: scalars, at: index, limit: limit)?.range
    }

    /// The first year written as `yyyy年` (1900 to 2100) in the text.
    static func firstYear(in scalars: [Unicode.Scalar]) -> Int? {
        var index = 0
        while index + 4 < scalars.count {
            defer { index += 1 }
            guard scalars[index + 4] == "年", index == 0 || asciiDigit(scalars[index - 1]) == nil else { continue }
            var value = 0
            for offset in 0..<4 {
                guard let digit = asciiDigit(scalars[index + offset]) else { value = -1; break }
                value = value * 10 + digit
            }
            if (1900...2100).contains(value) { return value }
        }
        return nil
    }

    /// Reads an absolute date such as `2022-09-28`, `2022年9月28日` or `2022/9/28` inside a line.
    static func absoluteDate(in scalars: ArraySlice<Unicode.Scalar>) -> YMD? {
        let numbers = numberRuns(in: scalars)
        for (index, run) in numbers.enumerated() where run.value >= 1900 && run.value <= 2100 && run.length == 4 {
            guard index + 2 < numbers.count else { break }
            let month = numbers[index + 1], day = numbers[index + 2]
            // The three numbers must be separated by one separator character each.
            guard month.start - run.end <= 1, day.start - month.end <= 1 else { continue }
            let date = YMD(year: run.value, month: month.value, day: day.value)
            if date.isValid { return date }
        }
        return nil
    }

    private struct NumberRun { var start: Int; var end: Int; var value: Int; var length: Int { end - start } }

    private static func numberRuns(in scalars: ArraySlice<Unicode.Scalar>) -> [NumberRun] {
        var runs: [NumberRun] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard let digit = asciiDigit(scalars[index]) else { index += 1; continue }
            var value = digit
            var end = index + 1
            while end < scalars.endIndex, end - index < 5, let next = asciiDigit(scalars[end]) {
                value = value * 10 + next
                end += 1
            }
            runs.append(NumberRun(start: index, end: end, value: value))
            index = end
        }
        return runs
    }

    static func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
        default: nil
        }
    }

    /// Every date expression inside `range`, resolved where possible.
    func dates(in scalars: [Unicode.Scalar], range: Range<Int>) -> [Found] {
        var found: [Found] = []
        var scan = self.scan(scalars, range: range)
        while let date = scan.next() { found.append(date) }
        return found
    }

    /// The date expressions inside `range` one at a time, left to right, as ``dates(in:range:)``
    /// lists them; a caller that needs only the first ones stops early.
    func scan(_ scalars: [Unicode.Scalar], range: Range<Int>) -> Scan {
        Scan(resolver: self, scalars: scalars, range: range)
    }

    /// The date expression a scan starting at `index` finds there first, if one starts exactly at
    /// `index` (what `dates(in: scalars, range: index..<limit).first` gives when it starts at `index`).
    func date(in scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Found? {
        guard index < limit else { return nil }
        if let relative = relativeDate(in: scalars, at: index, limit: limit) { return relative }
        guard Self.asciiDigit(scalars[index]) != nil else { return nil }
        return monthDay(in: scalars, at: index, limit: limit)
    }

    /// A left-to-right scan for date expressions in a range.
    struct Scan: IteratorProtocol {
        let resolver: DateResolver
        let scalars: [Unicode.Scalar]
        let range: Range<Int>
        /// Where the scan goes on: every date still to come starts at or after it.
        private(set) var position: Int
        /// Whether relative day words can be resolved (read once per scan rather than at every position).
        private let readsRelativeWords: Bool

        init(resolver: DateResolver, scalars: [Unicode.Scalar], range: Range<Int>) {
            self.resolver = resolver
            self.scalars = scalars
            self.range = range
            position = range.lowerBound
            readsRelativeWords = resolver.reference != nil
        }

        mutating func next() -> Found? {
            while position < range.upperBound {
                let index = position
                let scalar = scalars[index]
                if readsRelativeWords, resolver.startsRelativeWord(scalar),
                    let relative = resolver.relativeDate(in: scalars, at: index, limit: range.upperBound)
                {
                    position = relative.range.upperBound
                    return relative
                }
                guard DateResolver.asciiDigit(scalars[index]) != nil,
                    index == range.lowerBound || DateResolver.asciiDigit(scalars[index - 1]) == nil
                else {
                    position += 1
                    continue
                }
                if let date = resolver.monthDay(in: scalars, at: index, limit: range.upperBound) {
                    position = date.range.upperBound
                    return date
                }
                position += 1
            }
            return nil
        }
    }

    /// Whether a relative day word may start with `scalar` (a bit test: most positions of a
    /// scan take no other).
    @inline(__always)
    func startsRelativeWord(_ scalar: Unicode.Scalar) -> Bool {
        days.table.mayStart(with: scalar)
    }

    private func relativeDate(in scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Found? {
        guard let reference, let word = days.table.longestMatch(in: scalars, at: index, limit: limit) else { return nil }
        return Found(range: index..<(index + word.length), iso: reference.adding(days: word.value).iso)
    }

    /// `[yyyy年]m月d日` or `d日` starting at `index`.
    private func monthDay(in scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Found? {
        var position = index
        func number() -> Int? {
            var value: Int?
            while position < limit, let digit = Self.asciiDigit(scalars[position]) {
                // A run longer than nine digits is no year, month or day: no date (and no Int overflow).
                guard (value ?? 0) < 100_000_000 else { return nil }
                value = (value ?? 0) * 10 + digit
                position += 1
            }
            return value
        }
        guard let first = number() else { return nil }
        var year: Int?
        var month: Int?
        var day: Int?
        if position < limit, scalars[position] == "年", first >= 1900 {
            year = first
            position += 1
            guard let m = number(), position < limit, scalars[position] == "月" else { return nil }
            month = m
            position += 1
            guard let d = number(), position < limit, scalars[position] == "日" || scalars[position] == "号" else { return nil }
            day = d
        } else if position < limit, scalars[position] == "月" {
            month = first
            position += 1
            guard let d = number(), position < limit, scalars[position] == "日" || scalars[position] == "号" else { return nil }
            day = d
        } else if position < limit, scalars[position] == "日" {
            day = first
        } else {
            return nil
        }
        position += 1
        let range = index..<position
        guard let day else { return nil }
        if let year, let month {
            let date = YMD(year: year, month: month, day: day)
            return date.isValid ? Found(range: range, iso: date.iso) : nil
        }
        guard let reference else {
            guard let yearHint, let month else { return nil }
            let date = YMD(year: yearHint, month: month, day: day)
            return date.isValid ? Found(range: range, iso: date.iso) : nil
        }
        if let month {
            // A month and day without a year: the publication year, or the year before when that
            // would put the event more than a month after publication.
            var date = YMD(year: reference.year, month: month, day: day)
            if date.month > reference.month + 1 { date.year -= 1 }
            return date.isValid ? Found(range: range, iso: date.iso) : nil
        }
        // A bare day: this month, or last month when the day is later than the publication day.
        var date = YMD(year: reference.year, month: reference.month, day: day)
        if day > reference.day {
            date = YMD(year: reference.year, month: reference.month, day: 1).adding(days: -1)
            date.day = day
        }
        return date.isValid ? Found(range: range, iso: date.iso) : nil
    }
}
