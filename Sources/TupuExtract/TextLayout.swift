import Foundation

/// The scalars of a document and its division into lines, sentences and clauses.
///
/// All positions are Unicode scalar (code point) offsets into the text as read.
struct TextLayout: Sendable {
    /// The scalars rules match against: the text itself, or its simplified form for
    /// traditional-character text (same length, so offsets agree).
    let scalars: [Unicode.Scalar]
    /// The scalars as read, for surface forms.
    let original: [Unicode.Scalar]
    /// Sentences of content lines, in order. Page chrome lines hold none.
    private(set) var sentences: [Range<Int>] = []
    /// Lines recognised as page chrome (navigation, share buttons, publication stamps).
    private(set) var chromeLines: [Range<Int>] = []
    /// Content lines (trimmed), in order.
    private(set) var contentLines: [Range<Int>] = []
    /// `key: value` lines of a front matter block (a first line `---`, the fields, a line `---`),
    /// which is neither content nor chrome: each key (lowercased) with the range of its value.
    private(set) var frontMatter: [String: Range<Int>] = [:]
    /// The clauses of every sentence, sentence after sentence.
    private var clauseList: [Range<Int>] = []
    /// For each sentence, where its clauses start in `clauseList`; one more entry closes the last.
    private var clauseStarts: [Int] = []

    /// Splits a text. `isChrome` tells whether the line at a range of the scalars is page chrome.
    /// A part of a longer document (`part`) reads no front matter (only a document's start has
    /// one) and is converted from traditional characters when its document is (`part.traditional`).
    init(_ text: String, part: PartContext? = nil, isChrome: ([Unicode.Scalar], Range<Int>) -> Bool) {
        original = Self.decodeScalars(text)
        if let part {
            scalars = part.traditional ? TraditionalChinese.simplified(text, scalars: original, always: true) ?? original : original
        } else {
            scalars = TraditionalChinese.simplified(text, scalars: original) ?? original
        }
        let bodyStart = part == nil ? readFrontMatter() : 0
        var lineStart = bodyStart
        for index in bodyStart...scalars.count where index == scalars.count || scalars[index] == "\n" {
            let line = trimmed(lineStart..<index)
            lineStart = index + 1
            guard !line.isEmpty else { continue }
            if isChrome(scalars, line) {
                chromeLines.append(line)
                continue
            }
            contentLines.append(line)
            var sentenceStart = line.lowerBound
            for position in line where Self.isSentenceEnder(scalars[position]) {
                let sentence = trimmed(sentenceStart..<(position + 1))
                if !sentence.isEmpty { sentences.append(sentence) }
                sentenceStart = position + 1
            }
            let rest = trimmed(sentenceStart..<line.upperBound)
            if !rest.isEmpty { sentences.append(rest) }
        }
        // Into local arrays: `appendClauses(of:to: &clauseList)` reads `self` while it changes
        // `self.clauseList`, so Swift copied `self` for the call, and the list, no longer held
        // once, was copied whole on the next append: a time that grew with the square of the
        // sentences of a text (a 4 MB file of one repeated sentence took 7.1 s, against 1.1 s
        // for 1 MB).
        var clauses: [Range<Int>] = []
        var starts: [Int] = []
        starts.reserveCapacity(sentences.count + 1)
        for sentence in sentences {
            starts.append(clauses.count)
            appendClauses(of: sentence, to: &clauses)
        }
        starts.append(clauses.count)
        clauseList = clauses
        clauseStarts = starts
    }

    /// The scalars of a text, decoded from its UTF-8 bytes in one pass. The count is exact
    /// (every UTF-8 byte but a continuation byte starts a scalar): reserving one slot a byte would
    /// hold three times the memory for Chinese text (see ``UTF8Scalars``).
    static func decodeScalars(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                initialized = UTF8Scalars.decode(bytes, into: buffer).written
            }
        }
    }

    /// The clauses of the sentence `sentences[number]`, as ``appendClauses(of:to:)`` splits it.
    func clauses(ofSentence number: Int) -> ArraySlice<Range<Int>> {
        clauseList[clauseStarts[number]..<clauseStarts[number + 1]]
    }

    /// Characters that end a sentence.
    @inline(__always)
    static func isSentenceEnder(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "!", "?": true
        default: false
        }
    }

    /// Characters that separate the clauses of a sentence.
    @inline(__always)
    static func isClauseBreaker(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "，", ",", "；", ";", "：", ":", " ", "\u{3000}", "\u{A0}", "\t": true
        default: false
        }
    }

    /// Characters that end a name or list item: clause breakers, sentence enders, and these.
    @inline(__always)
    static func isItemBreaker(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "、", "《", "》", "“", "”", "\"", "（", "）", "(", ")", "【", "】", "「", "」", "‘", "’", "\n", "\r": true
        default: isClauseBreaker(scalar) || isSentenceEnder(scalar)
        }
    }

    /// The matching (simplified) text of a range: what canonical names are made of.
    func string(_ range: Range<Int>) -> String {
        Self.makeString(scalars[range])
    }

    /// The text of a range exactly as written.
    func surface(_ range: Range<Int>) -> String {
        Self.makeString(original[range])
    }

    /// The string of some scalars, decoded from their UTF-8 in one pass (appending scalars to a
    /// `String.UnicodeScalarView` one by one is several times slower).
    static func makeString(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                let value = scalar.value
                if value < 0x80 {
                    buffer[count] = UInt8(truncatingIfNeeded: value)
                    count += 1
                } else if value < 0x800 {
                    buffer[count] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
                    buffer[count + 1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                    count += 2
                } else if value < 0x10000 {
                    buffer[count] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
                    buffer[count + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
                    buffer[count + 2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                    count += 3
                } else {
                    buffer[count] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
                    buffer[count + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F)
                    buffer[count + 2] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
                    buffer[count + 3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
                    count += 4
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // No White_Space character lies above U+3000: Chinese text skips the property lookup.
        if scalar.value > 0x3000 { return scalar == "\u{FEFF}" }
        return scalar.properties.isWhitespace
    }

    /// The longest front matter block the text may open with (at most this many field lines).
    static let frontMatterLimit = 40

    /// Reads a front matter block at the start of the text: a line `---`, lines `key: value`,
    /// a line `---`. Returns where the body starts (0 without a block, or when the block does
    /// not close with `---` after `key: value` lines only).
    private mutating func readFrontMatter() -> Int {
        // Most texts open with no fence: their lines are not listed.
        let firstEnd = scalars.firstIndex(of: "\n") ?? scalars.count
        let firstLine = trimmed(0..<firstEnd)
        guard firstLine.count == 3, firstLine.allSatisfy({ scalars[$0] == "-" }) else { return 0 }
        var lines: [Range<Int>] = []
        var lineStart = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
            lines.append(lineStart..<index)
            lineStart = index + 1
            if lines.count > Self.frontMatterLimit + 2 { break }
        }
        func isFence(_ line: Range<Int>) -> Bool {
            let content = trimmed(line)
            return content.count == 3 && content.allSatisfy { scalars[$0] == "-" }
        }
        guard let first = lines.first, isFence(first) else { return 0 }
        var fields: [String: Range<Int>] = [:]
        for line in lines.dropFirst() {
            if isFence(line) {
                frontMatter = fields
                return min(scalars.count, line.upperBound + 1)
            }
            let content = trimmed(line)
            if content.isEmpty { continue }
            guard let colon = content.first(where: { scalars[$0] == ":" }) else { return 0 }
            let key = String(String.UnicodeScalarView(scalars[content.lowerBound..<colon])).lowercased()
            fields[key.trimmingCharacters(in: .whitespaces)] = trimmed((colon + 1)..<content.upperBound)
        }
        return 0
    }

    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(scalars[lower]) { lower += 1 }
        while upper > lower, isSpace(scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The clauses of a sentence: parts between commas, semicolons, colons and spaces.
    /// They are appended to `result` (the layout keeps every sentence's in one array).
    func appendClauses(of sentence: Range<Int>, to result: inout [Range<Int>]) {
        var start = sentence.lowerBound
        for position in sentence where Self.isClauseBreaker(scalars[position]) || Self.isSentenceEnder(scalars[position]) {
            if position > start { result.append(start..<position) }
            start = position + 1
        }
        if start < sentence.upperBound { result.append(start..<sentence.upperBound) }
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FFFF: true
        default: false
        }
    }

    func isHan(at index: Int) -> Bool {
        index >= 0 && index < scalars.count && Self.isHan(scalars[index])
    }

    func isBreak(at index: Int) -> Bool {
        index < 0 || index >= scalars.count || Self.isItemBreaker(scalars[index])
    }
}
