import Foundation

/// What the tagger knows besides its weights: surnames, suffix characters and, optionally, name
/// words by kind. The trainer takes it as input and the model stores it, so the tagger reads no
/// other file.
public struct TaggerLexicon: Sendable, Hashable {
    /// A name word and its kind.
    public struct Word: Sendable, Hashable {
        public var text: String
        public var kind: NameKind
        public init(_ text: String, _ kind: NameKind) {
            self.text = text
            self.kind = kind
        }
    }

    /// One- and two-character surnames (王, 欧阳).
    public var surnames: [String]
    /// Characters that end place names (省 市 县 …).
    public var placeSuffixes: [Unicode.Scalar]
    /// Characters that end organization names (部 委 局 …).
    public var organizationSuffixes: [Unicode.Scalar]
    /// Known names by kind; the tagger gets "a known word of kind K and length L starts / ends
    /// here" features from them. Empty: no such features.
    public var words: [Word]
    /// Common words of any other kind (verbs, nouns, function words …); the tagger gets "a common
    /// word of length L starts / ends here" features from them, which mark where a name cannot
    /// go on (李琳|回忆, 穆萨|批评). Empty: no such features.
    public var commonWords: [String]
    /// Character clusters learned without labels (``CharacterClusters``): for each normalized
    /// scalar, its cluster at each level (coarse first). Empty: no cluster features.
    public var clusters: [UInt32: [UInt16]]

    public init(
        surnames: [String],
        placeSuffixes: [Unicode.Scalar] = TaggerLexicon.defaultPlaceSuffixes,
        organizationSuffixes: [Unicode.Scalar] = TaggerLexicon.defaultOrganizationSuffixes,
        words: [Word] = [],
        commonWords: [String] = [],
        clusters: [UInt32: [UInt16]] = [:]
    ) {
        self.surnames = surnames
        self.placeSuffixes = placeSuffixes
        self.organizationSuffixes = organizationSuffixes
        self.words = words
        self.commonWords = commonWords
        self.clusters = clusters
    }

    public static let defaultPlaceSuffixes: [Unicode.Scalar] = Array("省市县区镇乡村州国岛山河江湖港湾洲路街道庄屯寨旗盟".unicodeScalars)
    public static let defaultOrganizationSuffixes: [Unicode.Scalar] = Array("部委局院会社厅办署所校队团组司行处科站馆台报厂协联党军".unicodeScalars)

    /// Reads a surname list in the format of the extractor's `surnames.txt`: one surname a line
    /// (first tab-separated field), `#` comments and blank lines ignored.
    public static func surnames(fromLexiconText text: String) -> [String] {
        var result: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let field = trimmed.split(separator: "\t", maxSplits: 1).first.map(String.init) ?? trimmed
            if !field.isEmpty { result.append(field) }
        }
        return result
    }

    /// Reads a word list: `word<TAB>kind` a line, kind `nr`/`person`, `ns`/`place` or
    /// `nt`/`organization`; `#` comments and blank lines ignored, lines of other kinds skipped.
    public static func words(fromListText text: String) -> [Word] {
        var result: [Word] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t")
            guard fields.count >= 2, let kind = NameKind(corpusTag: fields[1]) else { continue }
            result.append(Word(String(fields[0]), kind))
        }
        return result
    }
}

extension TaggerLexicon {
    /// Reads a common-word list: one word a line (first tab-separated field); `#` comments and
    /// blank lines ignored.
    public static func commonWords(fromListText text: String) -> [String] {
        var result: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            guard let field = line.split(separator: "\t").first, !field.isEmpty else { continue }
            result.append(String(field))
        }
        return result
    }
}

extension TaggerLexicon {
    /// Reads a character-cluster table: `character<TAB>cluster<TAB>cluster …` a line (one
    /// cluster number a level, coarse first); `#` comments and blank lines ignored, and lines
    /// that do not read or have another number of levels than the first line skipped.
    public static func clusters(fromListText text: String) -> [UInt32: [UInt16]] {
        var result: [UInt32: [UInt16]] = [:]
        var levels: Int?
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t")
            let scalars = fields.first.map { Array($0.unicodeScalars) } ?? []
            let numbers = fields.dropFirst().compactMap { UInt16($0) }
            guard scalars.count == 1, let scalar = scalars.first, !numbers.isEmpty, numbers.count == fields.count - 1,
                levels == nil || levels == numbers.count
            else { continue }
            levels = numbers.count
            result[normalizedScalar(scalar.value)] = numbers
        }
        return result
    }
}

extension NameKind {
    /// The kind of a People's Daily / jieba part-of-speech tag (`nr`, `ns`, `nt`), or of its English name.
    public init?<S: StringProtocol>(corpusTag: S) {
        switch corpusTag {
        case "nr", "person": self = .person
        case "ns", "place": self = .place
        case "nt", "organization": self = .organization
        default: return nil
        }
    }

    var corpusTag: String {
        switch self {
        case .person: "nr"
        case .place: "ns"
        case .organization: "nt"
        }
    }
}
