/// Feature templates. Each block gives every (padded) text position an entry number, 0 for none;
/// a feature is an (entry, offset) pair: "the entry of this block at the position `offset` away
/// from the character being tagged".
enum Template: UInt8, Sendable {
    /// The character (its id in the model's character list).
    case unigram = 1
    /// The character and the next one.
    case bigram = 2
    /// The character and the two next ones.
    case trigram = 3
    /// The classes (digit, latin, punctuation, CJK numeral, CJK …) of the previous, this and the next character.
    case classes = 4
    /// Surname / compound surname / place suffix / organization suffix flags of the character.
    case flags = 5
    /// Known words of one kind starting, ending or running through here (length classes).
    case personWords = 6
    case placeWords = 7
    case organizationWords = 8
    /// How often the character is a given-name character, and a character of a name that does
    /// not start with a surname (a transliteration), in the known person words (log buckets).
    case nameStatistics = 9
    /// Common words (any kind but names) starting, ending or running through here (length classes).
    case commonWords = 10
    /// Names of one kind that the first stage of a two-stage (stacked) model found somewhere in
    /// the same document, starting, ending or running through here (length classes, and whether
    /// the first stage found the string more than once): see ``DocumentNames``.
    case documentPersons = 11
    case documentPlaces = 12
    case documentOrganizations = 13
    /// A surname character and the character before it (老何, 小赵, 阿王): the id of the previous
    /// character at a surname character, nothing elsewhere; the weights learn which characters
    /// make a form of address.
    case surnameBefore = 14
    /// A surname character and the character after it (赵家, 杨总, 何老).
    case surnameAfter = 15
    /// Persons the first stage nearly found in the document (found with a bias towards persons).
    case documentCandidates = 16
    /// Strings of two and three Han characters that occur more than once in the document and
    /// are no common word (红嫂 fourteen times in one article), beginning and ending here, with
    /// how often they occur: needs no first stage, only the document's text.
    case documentRepeats = 17
    /// The character's cluster at the coarse level of the lexicon's character clusters (learned
    /// without labels from the characters' neighbours), and at the fine level.
    case clusterCoarse = 18
    case clusterFine = 19
    /// The coarse clusters of the character and the next one.
    case clusterPair = 20
    /// Where the character falls in the word that a maximum-matching segmentation over every
    /// known and common word gives (single, begin, middle or end, and the word's length class),
    /// matching forward from the line's start, or backward from its end.
    case segmentForward = 21
    case segmentBackward = 22

    var documentKind: Int? {
        switch self {
        case .documentPersons: 0
        case .documentPlaces: 1
        case .documentOrganizations: 2
        case .documentCandidates: 3
        default: nil
        }
    }

    var wordKind: Int? {
        switch self {
        case .personWords: 0
        case .placeWords: 1
        case .organizationWords: 2
        case .commonWords: WordTable.commonKind
        default: nil
        }
    }
}

struct BlockSpec: Sendable, Hashable {
    var template: Template
    /// Offsets from the tagged character to the position whose entry is used, each in -2...2.
    var offsets: [Int8]
}

enum CharacterClass {
    static let count = 9
    // 0 is the padding before and after the text.
    static let digit: UInt8 = 1, latin: UInt8 = 2, punctuation: UInt8 = 3, chineseNumeral: UInt8 = 4
    static let chinese: UInt8 = 5, nameDot: UInt8 = 6, space: UInt8 = 7, other: UInt8 = 8

    static let numerals: Set<UInt32> = Set("〇一二三四五六七八九十百千万亿零两".unicodeScalars.map(\.value))

    /// The class of a normalized scalar.
    static func of(_ v: UInt32) -> UInt8 {
        switch v {
        case 0x30...0x39: return digit
        case 0x61...0x7A: return latin
        case 0xB7, 0x2022, 0x2027, 0x30FB, 0xFF65: return nameDot
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0: return space
        case 0x21...0x7E: return punctuation
        case 0x2000...0x206F, 0x3000...0x3006, 0x3008...0x303F, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x2190...0x27BF:
            return punctuation
        default:
            if numerals.contains(v) { return chineseNumeral }
            switch v {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return chinese
            default: return other
            }
        }
    }
}

/// Full-width ASCII to ASCII, ideographic space to space, capitals to small letters, every digit to 0.
@inline(__always)
func normalizedScalar(_ raw: UInt32) -> UInt32 {
    var v = raw
    if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 } else if v == 0x3000 { v = 0x20 }
    if v >= 0x41 && v <= 0x5A { v += 0x20 }
    if v >= 0x30 && v <= 0x39 { v = 0x30 }
    return v
}

/// An open-addressing table from nonzero 64-bit keys to entry numbers `1...count` (the sorted
/// key's index + 1).
struct KeyTable: Sendable {
    /// The keys in entry order.
    let keys: [UInt64]
    /// Open addressing, one word a slot: a 32-bit fingerprint of the key above its entry number;
    /// 0 is empty. Keys below 2^32 (bigrams) are their own fingerprints; larger keys (trigrams)
    /// have a 32-bit hash, and of two keys with the same fingerprint the first in entry order
    /// wins, in training and tagging alike.
    private let slots: [UInt64]
    private let mask: Int

    init(keys: [UInt64]) {
        self.keys = keys
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        insertion: for (index, key) in keys.enumerated() {
            let fingerprint = UInt64(KeyTable.fingerprint(key)) << 32
            var slot = KeyTable.hash(key) & mask
            while slots[slot] != 0 {
                if slots[slot] & 0xFFFF_FFFF_0000_0000 == fingerprint { continue insertion }
                slot = (slot + 1) & mask
            }
            slots[slot] = fingerprint | UInt64(index + 1)
        }
        self.slots = slots
        self.mask = mask
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> Int {
        let mixed = (key ^ (key >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }

    @inline(__always)
    static func fingerprint(_ key: UInt64) -> UInt32 {
        if key < 1 << 32 { return UInt32(truncatingIfNeeded: key) }
        return UInt32(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) | 1
    }

    @inline(__always)
    func entry(_ key: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            let home = KeyTable.hash(key) & mask
            return KeyTable.probe(slots, mask: mask, key: key, from: home, first: slots[home])
        }
    }

    /// The entry of `key`, probing from its home slot `home`, which holds `first`.
    @inline(__always)
    private static func probe(_ slots: UnsafeBufferPointer<UInt64>, mask: Int, key: UInt64, from home: Int, first: UInt64) -> Int32 {
        let fingerprint = UInt64(KeyTable.fingerprint(key)) << 32
        var slot = home
        var found = first
        while true {
            if found & 0xFFFF_FFFF_0000_0000 == fingerprint { return Int32(truncatingIfNeeded: found & 0xFFFF_FFFF) }
            if found == 0 { return 0 }
            slot = (slot &+ 1) & mask
            found = slots[slot]
        }
    }

    /// `out[i] = entry(key(i))` for `i` in `0..<count`, 0 where `key(i)` is 0 (no key). The home
    /// slot of every key is read first, in a loop without branches, so that the processor waits
    /// for those reads (mostly cache misses) side by side rather than one after another.
    @inline(__always)
    func entries(count: Int, into out: UnsafeMutablePointer<Int32>, key: (Int) -> UInt64) {
        guard count > 0 else { return }
        let mask = mask
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { first in
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<count { first[i] = slots[KeyTable.hash(key(i)) & mask] }
                for i in 0..<count {
                    let k = key(i)
                    out[i] = k == 0 ? 0 : KeyTable.probe(slots, mask: mask, key: k, from: KeyTable.hash(k) & mask, first: first[i])
                }
            }
        }
    }
}

/// Known words: hashes of every word and of every prefix, for matching at each position.
struct WordTable: Sendable {
    static let maximumLength = 10
    /// The kinds: 0, 1, 2 the name kinds (`NameKind.rawValue`), 3 a common word.
    static let kinds = 4
    static let commonKind = 3
    static let prefixBit: UInt64 = 16
    static let kindMask: UInt8 = 0xF
    /// Open addressing: a 59-bit fingerprint of the hash of a word or prefix, with its bits
    /// (1, 2, 4, 8: a person, place, organization, common word ends here; 16: a longer word goes
    /// on) in the low five bits; 0 is empty.
    private let slots: [UInt64]
    private let mask: Int
    /// A bit for each (hashed) pair of first two characters of a word: most positions start no
    /// word, and this small table says so without a probe of the large one.
    private let pairs: [UInt64]
    static let pairBits = 20

    @inline(__always)
    static func step(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
    }
    static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    static func fingerprint(_ hash: UInt64) -> UInt64 {
        let value = hash & ~0x1F
        return value == 0 ? 0x20 : value
    }

    @inline(__always)
    static func pairIndex(_ a: UInt32, _ b: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(a) << 32 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - pairBits))
    }

    init(words: [TaggerLexicon.Word], commonWords: [String] = []) {
        var bits: [UInt64: UInt64] = [:]
        var pairs = [UInt64](repeating: 0, count: (1 << WordTable.pairBits) / 64)
        let all = words.map { ($0.text, Int($0.kind.rawValue)) } + commonWords.map { ($0, WordTable.commonKind) }
        for (text, kind) in all {
            let scalars = text.unicodeScalars.map { normalizedScalar($0.value) }
            guard scalars.count >= 2, scalars.count <= WordTable.maximumLength else { continue }
            let pair = WordTable.pairIndex(scalars[0], scalars[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            var hash = WordTable.seed
            for (index, scalar) in scalars.enumerated() {
                hash = WordTable.step(hash, scalar)
                let bit: UInt64 = index == scalars.count - 1 ? 1 << UInt64(kind) : WordTable.prefixBit
                bits[WordTable.fingerprint(hash), default: 0] |= bit
            }
        }
        var capacity = 16
        while capacity < bits.count * 2 { capacity <<= 1 }
        var slots = LargeTables.array(repeating: UInt64(0), count: capacity)
        let mask = capacity - 1
        // Insertion order does not change lookups' results, only probe lengths.
        for (key, value) in bits {
            var slot = KeyTable.hash(key) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = key | value
        }
        self.slots = slots
        self.mask = mask
        self.pairs = pairs
    }

    /// Whether some word starts with these two (normalized) characters; false positives possible.
    @inline(__always)
    func mayStart(_ a: UInt32, _ b: UInt32) -> Bool {
        let pair = WordTable.pairIndex(a, b)
        return pairs.withUnsafeBufferPointer { $0[pair >> 6] } & (1 << UInt64(pair & 63)) != 0
    }

    @inline(__always)
    func bits(_ hash: UInt64) -> UInt8 {
        slots.withUnsafeBufferPointer { slots in
            let home = WordTable.home(hash, mask: mask)
            return WordTable.probe(slots, mask: mask, hash: hash, from: home, first: slots[home])
        }
    }

    /// The slot where the probe for `hash` starts.
    @inline(__always)
    static func home(_ hash: UInt64, mask: Int) -> Int {
        KeyTable.hash(fingerprint(hash)) & mask
    }

    /// The bits of `hash`, probing from its home slot `home`, which holds `first`.
    @inline(__always)
    static func probe(_ slots: UnsafeBufferPointer<UInt64>, mask: Int, hash: UInt64, from home: Int, first: UInt64) -> UInt8 {
        let key = fingerprint(hash)
        var slot = home
        var found = first
        while true {
            if found & ~0x1F == key { return UInt8(truncatingIfNeeded: found & 0x1F) }
            if found == 0 { return 0 }
            slot = (slot &+ 1) & mask
            found = slots[slot]
        }
    }

    /// Runs `body` with the table's slots and mask, for lookups that read home slots ahead
    /// (``home(_:mask:)``, ``probe(_:mask:hash:from:first:)``).
    @inline(__always)
    func withSlots<R>(_ body: (UnsafeBufferPointer<UInt64>, Int) -> R) -> R {
        slots.withUnsafeBufferPointer { body($0, mask) }
    }
}

/// Everything that turns text into active features: the character list, the lexicon, the
/// templates and the kept bigram / trigram keys. Shared by training and tagging.
struct FeatureSpace: Sendable {
    static let bos: UInt32 = 1
    static let eos: UInt32 = 2
    static let firstCharID: UInt32 = 3

    let lexicon: TaggerLexicon
    /// Normalized scalars; the character with id `i` is `characters[i - 3]`.
    let characters: [UInt32]
    let blocks: [BlockSpec]
    let bigrams: KeyTable
    let trigrams: KeyTable
    /// For each BMP scalar (before normalization): id (16 bits) | class << 16 | flags << 20 |
    /// name-statistics entry << 24.
    private let table: [UInt32]
    /// For each BMP scalar (before normalization), when the lexicon has clusters: coarse cluster
    /// + 1 | (fine cluster + 1) << 16; 0: none. Empty without clusters.
    private let clusterTable: [UInt32]
    /// The number of clusters at each level (coarse, fine); empty without clusters.
    let clusterSizes: [Int]
    private let compoundSurnames: Set<UInt64>
    private let words: WordTable?
    /// The first feature slot of each block; slot = base + entry · offsets + offset index.
    let slotBase: [Int]
    let slotCount: Int
    /// Features per character: the number of (block, offset) pairs.
    let stride: Int

    static let flagSurname: UInt32 = 1, flagCompound: UInt32 = 2, flagPlace: UInt32 = 4, flagOrganization: UInt32 = 8

    init(lexicon: TaggerLexicon, characters: [UInt32], blocks: [BlockSpec], bigrams: [UInt64], trigrams: [UInt64]) {
        self.lexicon = lexicon
        self.characters = characters
        self.blocks = blocks
        self.bigrams = KeyTable(keys: bigrams)
        self.trigrams = KeyTable(keys: trigrams)

        var ids: [UInt32: UInt32] = [:]
        for (index, scalar) in characters.enumerated() { ids[scalar] = UInt32(index) + FeatureSpace.firstCharID }
        var flags: [UInt32: UInt32] = [:]
        var compounds = Set<UInt64>()
        for surname in lexicon.surnames {
            let scalars = surname.unicodeScalars.map { normalizedScalar($0.value) }
            if scalars.count == 1 {
                flags[scalars[0], default: 0] |= FeatureSpace.flagSurname
            } else if scalars.count == 2 {
                flags[scalars[0], default: 0] |= FeatureSpace.flagCompound
                compounds.insert(UInt64(scalars[0]) << 32 | UInt64(scalars[1]))
            }
        }
        for scalar in lexicon.placeSuffixes { flags[normalizedScalar(scalar.value), default: 0] |= FeatureSpace.flagPlace }
        for scalar in lexicon.organizationSuffixes { flags[normalizedScalar(scalar.value), default: 0] |= FeatureSpace.flagOrganization }
        let statistics = FeatureSpace.nameStatistics(lexicon: lexicon, compounds: compounds)
        var table = [UInt32](repeating: 0, count: 0x10000)
        for raw in 0..<UInt32(0x10000) {
            let v = normalizedScalar(raw)
            table[Int(raw)] = (ids[v] ?? 0) | UInt32(CharacterClass.of(v)) << 16 | (flags[v] ?? 0) << 20 | (statistics[v] ?? 0) << 24
        }
        self.table = table
        var sizes: [Int] = []
        for levels in lexicon.clusters.values {
            for (level, cluster) in levels.prefix(2).enumerated() {
                if sizes.count <= level { sizes.append(0) }
                sizes[level] = max(sizes[level], Int(cluster) + 1)
            }
        }
        if sizes.count == 1 { sizes.append(sizes[0]) }
        self.clusterSizes = sizes
        if lexicon.clusters.isEmpty {
            self.clusterTable = []
        } else {
            var clusterTable = [UInt32](repeating: 0, count: 0x10000)
            for raw in 0..<UInt32(0x10000) {
                guard let levels = lexicon.clusters[normalizedScalar(raw)], let coarse = levels.first else { continue }
                let fine = levels.count > 1 ? levels[1] : coarse
                clusterTable[Int(raw)] = (UInt32(coarse) + 1) | (UInt32(fine) + 1) << 16
            }
            self.clusterTable = clusterTable
        }
        self.compoundSurnames = compounds
        self.words = lexicon.words.isEmpty && lexicon.commonWords.isEmpty
            ? nil : WordTable(words: lexicon.words, commonWords: lexicon.commonWords)

        var base: [Int] = []
        var total = 0
        var stride = 0
        for block in blocks {
            base.append(total)
            total += FeatureSpace.entryCount(
                block.template, characters: characters.count, bigrams: bigrams.count, trigrams: trigrams.count, clusters: clusterSizes)
                * block.offsets.count
            stride += block.offsets.count
        }
        self.slotBase = base
        self.slotCount = total
        self.stride = stride
    }

    /// Log buckets of a count: 0, 1–2, 3–9, 10–29, 30–99, 100 or more.
    static func bucket(_ count: Int) -> UInt32 {
        switch count {
        case 0: 0
        case 1...2: 1
        case 3...9: 2
        case 10...29: 3
        case 30...99: 4
        default: 5
        }
    }

    /// The name-statistics entry (1 + given-name bucket + 6 · transliteration bucket) of each
    /// normalized scalar the known person words hold: in a word that starts with a surname (2–3
    /// characters after a one-character surname, 3–4 after a compound one), the characters after
    /// the surname count as given-name characters; in a word of 3 or more characters that starts
    /// with no surname, every character counts as a transliteration character.
    static func nameStatistics(lexicon: TaggerLexicon, compounds: Set<UInt64>) -> [UInt32: UInt32] {
        var surnames = Set<UInt32>()
        for surname in lexicon.surnames where surname.unicodeScalars.count == 1 {
            if let scalar = surname.unicodeScalars.first { surnames.insert(normalizedScalar(scalar.value)) }
        }
        var given: [UInt32: Int] = [:]
        var foreign: [UInt32: Int] = [:]
        for word in lexicon.words where word.kind == .person {
            let scalars = word.text.unicodeScalars.map { normalizedScalar($0.value) }
            if scalars.count >= 3, compounds.contains(UInt64(scalars[0]) << 32 | UInt64(scalars[1])) {
                if scalars.count <= 4 { for scalar in scalars[2...] { given[scalar, default: 0] += 1 } }
            } else if surnames.contains(scalars[0]) {
                if scalars.count <= 3 { for scalar in scalars[1...] { given[scalar, default: 0] += 1 } }
            } else if scalars.count >= 3 {
                for scalar in scalars { foreign[scalar, default: 0] += 1 }
            }
        }
        var result: [UInt32: UInt32] = [:]
        for scalar in Set(given.keys).union(foreign.keys) {
            result[scalar] = 1 + bucket(given[scalar] ?? 0) + 6 * bucket(foreign[scalar] ?? 0)
        }
        return result
    }

    static func entryCount(_ template: Template, characters: Int, bigrams: Int, trigrams: Int, clusters: [Int]) -> Int {
        switch template {
        case .unigram: characters + Int(firstCharID)
        case .bigram: bigrams + 1
        case .trigram: trigrams + 1
        case .classes: 1 + CharacterClass.count * CharacterClass.count * CharacterClass.count
        case .flags: 16
        case .personWords, .placeWords, .organizationWords, .commonWords: 50
        case .nameStatistics: 37
        case .documentPersons, .documentPlaces, .documentOrganizations, .documentCandidates: 150
        case .documentRepeats: 256
        case .surnameBefore, .surnameAfter: characters + Int(firstCharID)
        case .clusterCoarse: (clusters.first ?? 0) + 1
        case .clusterFine: (clusters.last ?? 0) + 1
        case .clusterPair: ((clusters.first ?? 0) + 1) * ((clusters.first ?? 0) + 1) + 1
        case .segmentForward, .segmentBackward: 21
        }
    }

    func entryCount(_ template: Template) -> Int {
        FeatureSpace.entryCount(
            template, characters: characters.count, bigrams: bigrams.keys.count, trigrams: trigrams.keys.count, clusters: clusterSizes)
    }

    @inline(__always)
    static func bigramKey(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 16 | UInt64(b) }
    @inline(__always)
    static func trigramKey(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) << 16 | UInt64(c) }

    /// The packed id | class | flags of each padded position (two before the text, two after).
    func codes(_ text: UnsafeBufferPointer<Unicode.Scalar>) -> [UInt32] {
        var codes = [UInt32](repeating: 0, count: text.count + 4)
        codes.withUnsafeMutableBufferPointer { codes in
            if let base = codes.baseAddress { fillCodes(text, into: base) }
        }
        return codes
    }

    func fillCodes(_ text: UnsafeBufferPointer<Unicode.Scalar>, into codes: UnsafeMutablePointer<UInt32>) {
        let n = text.count
        codes[0] = FeatureSpace.bos
        codes[1] = FeatureSpace.bos
        codes[n + 2] = FeatureSpace.eos
        codes[n + 3] = FeatureSpace.eos
        table.withUnsafeBufferPointer { table in
            for i in 0..<n {
                let raw = text[i].value
                var code: UInt32
                if raw < 0x10000 {
                    code = table[Int(raw)]
                } else {
                    code = UInt32(CharacterClass.of(raw)) << 16
                }
                if code & (FeatureSpace.flagCompound << 20) != 0 {
                    let matches = i + 1 < n
                        && compoundSurnames.contains(UInt64(normalizedScalar(raw)) << 32 | UInt64(normalizedScalar(text[i + 1].value)))
                    if !matches { code &= ~(FeatureSpace.flagCompound << 20) }
                }
                codes[i + 2] = code
            }
        }
    }

    /// Known-word entries at each padded position for the four kinds (`WordTable.kinds`):
    /// `kinds[kind]` gets `n + 4` entries (begin length class + 5 · end length class + 25 · inside);
    /// `forward` and `backward` the maximum-matching segmentations' entries (``Template/segmentForward``).
    private func fillWordEntries(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, words: WordTable, kinds: [UnsafeMutablePointer<Int32>?],
        forward: UnsafeMutablePointer<Int32>? = nil, backward: UnsafeMutablePointer<Int32>? = nil
    ) {
        let segmenting = forward != nil || backward != nil
        let n = text.count
        let padded = n + 4
        let k = WordTable.kinds
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * k * padded) { marks in
            guard let marks = marks.baseAddress else { return }
            marks.initialize(repeating: 0, count: 3 * k * padded)
            // begin: marks[kind · padded + p], end: marks[(k + kind) · padded + p], inside: marks[(2k + kind) · padded + p]
            let starts = max(n - 1, 0)
            // The table is large (mostly cache misses): the home slots of every two- and
            // three-character string are read first, in a loop without branches, so that the
            // processor waits for them side by side; the walk below starts from what they hold.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * starts + 1) { ahead in
                guard let ahead = ahead.baseAddress else { return }
                words.withSlots { slots, mask in
                    var second = n > 0 ? normalizedScalar(text[0].value) : 0
                    var third = n > 1 ? normalizedScalar(text[1].value) : 0
                    for start in 0..<starts {
                        let first = second
                        second = third
                        third = start + 2 < n ? normalizedScalar(text[start + 2].value) : 0
                        let two = WordTable.step(WordTable.step(WordTable.seed, first), second)
                        // Where no word starts, slot 0 is read instead (in the cache after the
                        // first): the walk below skips such a start and never reads it.
                        let may = words.mayStart(first, second)
                        let gate = may ? mask : 0
                        ahead[2 * start] = slots[WordTable.home(two, mask: gate)]
                        ahead[2 * start + 1] = slots[WordTable.home(WordTable.step(two, third), mask: gate)]
                        ahead[2 * starts + start] = may ? 1 : 0
                    }
                    var next = n > 0 ? normalizedScalar(text[0].value) : 0
                    for start in 0..<starts {
                        let first = next
                        next = normalizedScalar(text[start + 1].value)
                        if ahead[2 * starts + start] == 0 { continue }
                        var hash = WordTable.step(WordTable.step(WordTable.seed, first), next)
                        var length = 2
                        while true {
                            if length > 2 {
                                if length > WordTable.maximumLength || start + length > n { break }
                                hash = WordTable.step(hash, normalizedScalar(text[start + length - 1].value))
                            }
                            defer { length += 1 }
                            let home = WordTable.home(hash, mask: mask)
                            let bits = WordTable.probe(
                                slots, mask: mask, hash: hash, from: home, first: length <= 3 ? ahead[2 * start + length - 2] : slots[home])
                            if bits == 0 { break }
                            if bits & WordTable.kindMask == 0 { continue }
                            let l = UInt8(length)
                            for kind in 0..<k where bits & (1 << kind) != 0 && (segmenting || kinds[kind] != nil) {
                                let begin = marks + kind * padded, end = marks + (k + kind) * padded, inside = marks + (2 * k + kind) * padded
                                if begin[start + 2] < l { begin[start + 2] = l }
                                if end[start + length + 1] < l { end[start + length + 1] = l }
                                if length > 2 { for p in (start + 3)..<(start + length + 1) { inside[p] = 1 } }
                            }
                        }
                    }
                }
            }
            @inline(__always) func lengthClass(_ l: UInt8) -> Int32 { l < 2 ? 0 : Int32(min(l, 5) - 1) }
            for kind in 0..<k {
                guard let row = kinds[kind] else { continue }
                let begin = marks + kind * padded, end = marks + (k + kind) * padded, inside = marks + (2 * k + kind) * padded
                for p in 0..<padded {
                    row[p] = lengthClass(begin[p]) + 5 * lengthClass(end[p]) + 25 * Int32(inside[p])
                }
            }
            // Entry of a character at `index` of a word of `length`: 1 + place (single, begin,
            // middle, end) · 5 + length class.
            @inline(__always) func segment(_ row: UnsafeMutablePointer<Int32>, from start: Int, length: Int) {
                let l = Int32(min(length, 5) - 1)
                if length == 1 {
                    row[start + 2] = 1 + l
                    return
                }
                for index in 0..<length { row[start + 2 + index] = 1 + 5 * (index == 0 ? 1 : index == length - 1 ? 3 : 2) + l }
            }
            @inline(__always) func longest(_ base: Int, _ p: Int) -> Int {
                var best: UInt8 = 0
                for kind in 0..<k where marks[(base + kind) * padded + p] > best { best = marks[(base + kind) * padded + p] }
                return Int(best)
            }
            if let forward {
                for p in 0..<padded { forward[p] = 0 }
                var start = 0
                while start < n {
                    let length = max(1, min(longest(0, start + 2), n - start))
                    segment(forward, from: start, length: length)
                    start += length
                }
            }
            if let backward {
                for p in 0..<padded { backward[p] = 0 }
                var last = n - 1
                while last >= 0 {
                    let length = max(1, min(longest(k, last + 2), last + 1))
                    segment(backward, from: last - length + 1, length: length)
                    last -= length
                }
            }
        }
    }

    /// The entry of every block at every padded position: `blocks.count` rows of `n + 4`.
    /// `codes` holds `n + 4` values on return.
    func fillEntries(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, codes: UnsafeMutablePointer<UInt32>, entries: UnsafeMutablePointer<Int32>,
        document: DocumentNames? = nil
    ) {
        let n = text.count
        fillCodes(text, into: codes)
        let padded = n + 4
        var wordRows = [UnsafeMutablePointer<Int32>?](repeating: nil, count: WordTable.kinds)
        var forward: UnsafeMutablePointer<Int32>?
        var backward: UnsafeMutablePointer<Int32>?
        for (blockIndex, block) in blocks.enumerated() {
            let row = entries + blockIndex * padded
            switch block.template {
            case .unigram:
                for p in 0..<padded { row[p] = Int32(codes[p] & 0xFFFF) }
            case .bigram:
                // Key 0: a position with no bigram (bigram keys of two ids are never 0).
                bigrams.entries(count: padded - 1, into: row) { p in
                    let a = codes[p] & 0xFFFF, b = codes[p + 1] & 0xFFFF
                    return a == 0 || b == 0 ? 0 : FeatureSpace.bigramKey(a, b)
                }
                row[padded - 1] = 0
            case .trigram:
                trigrams.entries(count: padded - 2, into: row) { p in
                    let a = codes[p] & 0xFFFF, b = codes[p + 1] & 0xFFFF, c = codes[p + 2] & 0xFFFF
                    return a == 0 || b == 0 || c == 0 ? 0 : FeatureSpace.trigramKey(a, b, c)
                }
                row[padded - 2] = 0
                row[padded - 1] = 0
            case .classes:
                let k = UInt32(CharacterClass.count)
                for p in 0..<padded {
                    let before = p > 0 ? (codes[p - 1] >> 16) & 0xF : 0
                    let after = p + 1 < padded ? (codes[p + 1] >> 16) & 0xF : 0
                    row[p] = Int32(1 + (before * k + ((codes[p] >> 16) & 0xF)) * k + after)
                }
            case .flags:
                for p in 0..<padded { row[p] = Int32((codes[p] >> 20) & 0xF) }
            case .nameStatistics:
                for p in 0..<padded { row[p] = Int32(codes[p] >> 24) }
            case .surnameBefore, .surnameAfter:
                let step = block.template == .surnameBefore ? -1 : 1
                let surname = FeatureSpace.flagSurname << 20
                for p in 0..<padded {
                    let q = p + step
                    row[p] = codes[p] & surname != 0 && q >= 0 && q < padded ? Int32(codes[q] & 0xFFFF) : 0
                }
            case .personWords, .placeWords, .organizationWords, .commonWords:
                // Filled after the loop, all kinds at once.
                for p in 0..<padded { row[p] = 0 }
                if let kind = block.template.wordKind { wordRows[kind] = row }
            case .documentPersons, .documentPlaces, .documentOrganizations, .documentCandidates:
                for p in 0..<padded { row[p] = 0 }
                if let document, let kind = block.template.documentKind { document.fill(text, kind: kind, row: row) }
            case .documentRepeats:
                for p in 0..<padded { row[p] = 0 }
                if let document { document.fillRepeats(text, codes: codes, words: words, row: row) }
            case .segmentForward, .segmentBackward:
                // Filled with the known words, after the loop.
                for p in 0..<padded { row[p] = 0 }
                if block.template == .segmentForward { forward = row } else { backward = row }
            case .clusterCoarse, .clusterFine:
                let shift: UInt32 = block.template == .clusterCoarse ? 0 : 16
                fillClusters(text, row: row) { ($0 >> shift) & 0xFFFF }
            case .clusterPair:
                let size = Int32((clusterSizes.first ?? 0) + 1)
                fillClusters(text, row: row) { $0 & 0xFFFF }
                for p in 0..<(padded - 1) { row[p] = 1 + row[p] * size + row[p + 1] }
                row[padded - 1] = 0
            }
        }
        if let words, wordRows.contains(where: { $0 != nil }) || forward != nil || backward != nil {
            fillWordEntries(text, words: words, kinds: wordRows, forward: forward, backward: backward)
        }
    }

    /// The clusters (`level` of each ``clusterTable`` value) at each padded position, 0 at the padding.
    @inline(__always)
    private func fillClusters(_ text: UnsafeBufferPointer<Unicode.Scalar>, row: UnsafeMutablePointer<Int32>, level: (UInt32) -> UInt32) {
        let n = text.count
        row[0] = 0
        row[1] = 0
        row[n + 2] = 0
        row[n + 3] = 0
        clusterTable.withUnsafeBufferPointer { table in
            guard table.count == 0x10000 else {
                for i in 0..<n { row[i + 2] = 0 }
                return
            }
            for i in 0..<n {
                let raw = text[i].value
                row[i + 2] = raw < 0x10000 ? Int32(level(table[Int(raw)])) : 0
            }
        }
    }

    /// The active feature slots of every character: `stride` slots per character, -1 for none.
    func slots(_ text: UnsafeBufferPointer<Unicode.Scalar>, document: DocumentNames? = nil) -> [Int32] {
        let n = text.count
        var slots = [Int32](repeating: -1, count: n * stride)
        if n == 0 { return slots }
        let padded = n + 4
        var codes = [UInt32](repeating: 0, count: padded)
        var entries = [Int32](repeating: 0, count: blocks.count * padded)
        codes.withUnsafeMutableBufferPointer { codes in
            entries.withUnsafeMutableBufferPointer { entries in
                if let c = codes.baseAddress, let e = entries.baseAddress { fillEntries(text, codes: c, entries: e, document: document) }
            }
        }
        var column = 0
        for (blockIndex, block) in blocks.enumerated() {
            let base = Int32(slotBase[blockIndex])
            let count = Int32(block.offsets.count)
            for (k, offset) in block.offsets.enumerated() {
                var index = column + k
                for i in 0..<n {
                    let e = entries[blockIndex * padded + i + 2 + Int(offset)]
                    if e != 0 { slots[index] = base + e * count + Int32(k) }
                    index += stride
                }
            }
            column += block.offsets.count
        }
        return slots
    }
}

extension FeatureSpace {
    /// Whether the text at `range` is one of the known words of `kind` (a ``WordTable`` kind: 0, 1,
    /// 2 the name kinds, 3 a common word); false without a word list.
    func isKnownWord(_ text: [Unicode.Scalar], _ range: Range<Int>, kind: Int) -> Bool {
        guard let words, range.count >= 2, range.count <= WordTable.maximumLength,
            range.lowerBound >= 0, range.upperBound <= text.count
        else { return false }
        var hash = WordTable.seed
        for index in range { hash = WordTable.step(hash, normalizedScalar(text[index].value)) }
        return words.bits(hash) & (1 << UInt8(kind)) != 0
    }
}

/// The names the first stage of a two-stage (stacked) model found in one document, for the
/// second stage's document features (Krishnan and Manning 2006): at each occurrence of such a
/// string anywhere in the document, whether or not the first stage tagged that occurrence, the
/// second stage sees "a string the first stage tagged as kind K (once, or more than once) starts,
/// ends or runs through here". Strings of one character are left out.
public struct DocumentNames: Sendable, Hashable {
    struct Name: Sendable, Hashable {
        var scalars: [UInt32]
        var kind: Int
        var count: Int
    }
    /// The names by their first (normalized) character.
    var byFirst: [UInt32: [Name]] = [:]
    /// How often each string of two or three Han characters occurs in the document (keys of
    /// normalized scalars, ``DocumentNames/repeatKey``), when counted.
    var repeats: [UInt64: Int32] = [:]

    /// The spans found in each line of a document: `spans[index]` holds offsets into
    /// `texts[index]`; `candidates`, if any, the names found with a bias towards persons (its persons are read).
    public init(texts: [[Unicode.Scalar]], spans: [[NameSpan]], candidates: [[NameSpan]] = [], countRepeats: Bool = false) {
        if countRepeats {
            for text in texts {
                let scalars = text.map { normalizedScalar($0.value) }
                for start in scalars.indices where CharacterClass.of(scalars[start]) == CharacterClass.chinese {
                    guard start + 1 < scalars.count, CharacterClass.of(scalars[start + 1]) == CharacterClass.chinese else { continue }
                    repeats[DocumentNames.repeatKey(scalars[start], scalars[start + 1], nil), default: 0] += 1
                    guard start + 2 < scalars.count, CharacterClass.of(scalars[start + 2]) == CharacterClass.chinese else { continue }
                    repeats[DocumentNames.repeatKey(scalars[start], scalars[start + 1], scalars[start + 2]), default: 0] += 1
                }
            }
        }
        var counts: [[UInt32]: [Int]] = [:]
        func count(_ text: [Unicode.Scalar], _ found: [NameSpan], kind: Int?) {
            for span in found where span.end - span.start >= 2 && span.end - span.start <= WordTable.maximumLength
                && span.start >= 0 && span.end <= text.count {
                let scalars = text[span.start..<span.end].map { normalizedScalar($0.value) }
                counts[scalars, default: [0, 0, 0, 0]][kind ?? Int(span.kind.rawValue)] += 1
            }
        }
        for (text, found) in zip(texts, spans) { count(text, found, kind: nil) }
        for (text, found) in zip(texts, candidates) { count(text, found.filter { $0.kind == .person }, kind: 3) }
        for (scalars, byKind) in counts {
            for kind in 0..<4 where byKind[kind] > 0 {
                byFirst[scalars[0], default: []].append(Name(scalars: scalars, kind: kind, count: byKind[kind]))
            }
        }
    }

    public var isEmpty: Bool { byFirst.isEmpty && repeats.isEmpty }

    @inline(__always)
    static func repeatKey(_ a: UInt32, _ b: UInt32, _ c: UInt32?) -> UInt64 {
        UInt64(a) << 42 | UInt64(b) << 21 | UInt64(c ?? 0x1F_FFFF)
    }

    /// Entries at each padded position: for the strings of two and of three characters that
    /// begin and that end here, a class each (0: none, a common word, or once; 1: twice; 2: three
    /// or four times; 3: five times or more), as c2begin + 4 · c3begin + 16 · c2end + 64 · c3end.
    func fillRepeats(_ text: UnsafeBufferPointer<Unicode.Scalar>, codes: UnsafeMutablePointer<UInt32>, words: WordTable?, row: UnsafeMutablePointer<Int32>) {
        let n = text.count
        if repeats.isEmpty || n < 2 { return }
        @inline(__always) func countClass(_ count: Int32) -> Int32 {
            switch count {
            case ..<2: 0
            case 2: 1
            case 3...4: 2
            default: 3
            }
        }
        var scalars = [UInt32](repeating: 0, count: n)
        for i in 0..<n { scalars[i] = normalizedScalar(text[i].value) }
        for start in 0..<(n - 1) {
            guard (codes[start + 2] >> 16) & 0xF == UInt32(CharacterClass.chinese), (codes[start + 3] >> 16) & 0xF == UInt32(CharacterClass.chinese) else { continue }
            for length in 2...3 where start + length <= n {
                if length == 3 && (codes[start + 4] >> 16) & 0xF != UInt32(CharacterClass.chinese) { continue }
                let key = DocumentNames.repeatKey(scalars[start], scalars[start + 1], length == 3 ? scalars[start + 2] : nil)
                var c = countClass(repeats[key] ?? 0)
                if c == 0 { continue }
                if let words {
                    var hash = WordTable.seed
                    for k in 0..<length { hash = WordTable.step(hash, scalars[start + k]) }
                    if words.bits(hash) & (1 << UInt8(WordTable.commonKind)) != 0 { c = 0 }
                }
                if c == 0 { continue }
                let shift: Int32 = length == 2 ? 1 : 4
                row[start + 2] += c * shift
                row[start + length + 1] += c * shift * 16
            }
        }
    }

    /// Entries of one kind at each padded position (`text.count + 4`): begin length class + 5 ·
    /// end length class + 25 · inside + 50 · times found (once, twice, three times or more).
    func fill(_ text: UnsafeBufferPointer<Unicode.Scalar>, kind: Int, row: UnsafeMutablePointer<Int32>) {
        let n = text.count
        if byFirst.isEmpty || n < 2 { return }
        let padded = n + 4
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * padded) { marks in
            // begin and end: the longest length; inside: 1; repeated: the most times found, less one (at most 2).
            guard let marks = marks.baseAddress else { return }
            marks.initialize(repeating: 0, count: 4 * padded)
            let begin = marks, end = marks + padded, inside = marks + 2 * padded, repeated = marks + 3 * padded
            for start in 0..<(n - 1) {
                guard let names = byFirst[normalizedScalar(text[start].value)] else { continue }
                for name in names where name.kind == kind && start + name.scalars.count <= n {
                    let length = name.scalars.count
                    var matches = true
                    for k in 1..<length where normalizedScalar(text[start + k].value) != name.scalars[k] {
                        matches = false
                        break
                    }
                    guard matches else { continue }
                    let l = UInt8(length)
                    if begin[start + 2] < l { begin[start + 2] = l }
                    if end[start + length + 1] < l { end[start + length + 1] = l }
                    if length > 2 { for p in (start + 3)..<(start + length + 1) { inside[p] = 1 } }
                    let times = UInt8(min(name.count, 3) - 1)
                    for p in (start + 2)..<(start + length + 2) where repeated[p] < times { repeated[p] = times }
                }
            }
            @inline(__always) func lengthClass(_ l: UInt8) -> Int32 { l < 2 ? 0 : Int32(min(l, 5) - 1) }
            for p in 0..<padded {
                row[p] = lengthClass(begin[p]) + 5 * lengthClass(end[p]) + 25 * Int32(inside[p]) + 50 * Int32(repeated[p])
            }
        }
    }
}
