import Foundation

/// The model file, format version 3 with character clusters, else 2 (version 1, still read, has
/// no common words). All numbers little-endian.
///
///     magic "TUPUNER\0" · u32 version · u32 tag count (13)
///     lexicon:     u32 n, n strings (surnames) · string (place suffixes) · string (organization suffixes)
///                  · u32 n, n × (u8 kind, string) (known words) · u32 n, n strings (common words)
///                  · version 3: u32 levels, u32 n, n × (u32 normalized scalar, levels × u16 cluster),
///                    ascending scalars (character clusters)
///     characters:  u32 n, n × u32 normalized scalar (ids 3…)
///     blocks:      u32 n, n × (u8 template, u8 k, k × i8 offset)
///     bigrams:     u32 n, n × varint delta of the ascending keys
///     trigrams:    u32 n, n × varint delta of the ascending keys
///     weights:     f32 scale · u32 rows, rows × 13 × i16 · u32 slots, slots × varint row
///     transitions: 13 × 13 × i32 · 13 × i32 (start) · 13 × i32 (end)
///     u32 FNV-1a checksum of everything before it
///
/// A string is a u32 byte count and UTF-8 bytes. Row 0 is all zeros and stands for every unused
/// feature; bigram and trigram keys whose weights are all zero are left out.
extension NameTagger {
    static let magic: [UInt8] = Array("TUPUNER\0".utf8)
    static let formatVersion: UInt32 = 3
    /// The version written for a model without character clusters (readable by older builds).
    static let versionWithoutClusters: UInt32 = 2

    /// The model as bytes (deterministic: the same model gives the same bytes).
    public func serialized() -> Data {
        var out = ByteWriter()
        out.bytes(NameTagger.magic)
        let lexicon = space.lexicon
        out.u32(lexicon.clusters.isEmpty ? NameTagger.versionWithoutClusters : NameTagger.formatVersion)
        out.u32(UInt32(Tags.count))
        out.u32(UInt32(lexicon.surnames.count))
        for surname in lexicon.surnames { out.string(surname) }
        out.string(String(String.UnicodeScalarView(lexicon.placeSuffixes)))
        out.string(String(String.UnicodeScalarView(lexicon.organizationSuffixes)))
        out.u32(UInt32(lexicon.words.count))
        for word in lexicon.words {
            out.u8(word.kind.rawValue)
            out.string(word.text)
        }
        out.u32(UInt32(lexicon.commonWords.count))
        for word in lexicon.commonWords { out.string(word) }
        if !lexicon.clusters.isEmpty {
            let levels = lexicon.clusters.values.map(\.count).max() ?? 0
            out.u32(UInt32(levels))
            out.u32(UInt32(lexicon.clusters.count))
            for (scalar, clusters) in lexicon.clusters.sorted(by: { $0.key < $1.key }) {
                out.u32(scalar)
                for level in 0..<levels { out.u16(level < clusters.count ? clusters[level] : 0) }
            }
        }
        out.u32(UInt32(space.characters.count))
        for scalar in space.characters { out.u32(scalar) }
        out.u32(UInt32(space.blocks.count))
        for block in space.blocks {
            out.u8(block.template.rawValue)
            out.u8(UInt8(block.offsets.count))
            for offset in block.offsets { out.u8(UInt8(bitPattern: offset)) }
        }
        for keys in [space.bigrams.keys, space.trigrams.keys] {
            out.u32(UInt32(keys.count))
            var previous: UInt64 = 0
            for key in keys {
                out.varint(key - previous)
                previous = key
            }
        }
        out.f32(scale)
        out.u32(UInt32(rows.count / Tags.count))
        for weight in rows { out.u16(UInt16(bitPattern: weight)) }
        out.u32(UInt32(rowOf.count))
        for row in rowOf { out.varint(UInt64(row)) }
        for value in transitions { out.u32(UInt32(bitPattern: value)) }
        for value in start { out.u32(UInt32(bitPattern: value)) }
        for value in end { out.u32(UInt32(bitPattern: value)) }
        out.u32(fnv1a(out.data))
        return Data(out.data)
    }

    /// Reads a model written by `serialized()`.
    /// - Throws: `NameTaggerError` saying what is wrong with the data.
    public init(data: Data) throws(NameTaggerError) {
        let bytes = [UInt8](data)
        guard bytes.count >= NameTagger.magic.count, Array(bytes.prefix(NameTagger.magic.count)) == NameTagger.magic else {
            throw NameTaggerError.notATaggerModel
        }
        var input = ByteReader(bytes: bytes, position: NameTagger.magic.count)
        input.section = "header"
        let version = try input.u32()
        // Version 1 is version 2 without the common words.
        guard (1...NameTagger.formatVersion).contains(version) else {
            throw NameTaggerError.unsupportedVersion(found: version, supported: NameTagger.formatVersion)
        }
        guard bytes.count >= NameTagger.magic.count + 8 else { throw NameTaggerError.truncated(section: "checksum") }
        let body = bytes.count - 4
        let stored = UInt32(bytes[body]) | UInt32(bytes[body + 1]) << 8 | UInt32(bytes[body + 2]) << 16 | UInt32(bytes[body + 3]) << 24
        let computed = bytes.withUnsafeBufferPointer { fnv1a(UnsafeBufferPointer(rebasing: $0[0..<body])) }
        guard stored == computed else { throw NameTaggerError.checksumMismatch(stored: stored, computed: computed) }
        input.limit = body

        let tagCount = try input.u32()
        guard tagCount == UInt32(Tags.count) else {
            throw NameTaggerError.malformed(section: "header", reason: "\(tagCount) tags, expected \(Tags.count)")
        }

        input.section = "lexicon"
        let surnameCount = try input.count(maximum: 1 << 20)
        var surnames: [String] = []
        for _ in 0..<surnameCount { surnames.append(try input.string()) }
        let placeSuffixes = Array(try input.string().unicodeScalars)
        let organizationSuffixes = Array(try input.string().unicodeScalars)
        let wordCount = try input.count(maximum: 1 << 24)
        var words: [TaggerLexicon.Word] = []
        words.reserveCapacity(wordCount)
        for _ in 0..<wordCount {
            let rawKind = try input.u8()
            guard let kind = NameKind(rawValue: rawKind) else {
                throw NameTaggerError.malformed(section: "lexicon", reason: "word kind \(rawKind)")
            }
            words.append(TaggerLexicon.Word(try input.string(), kind))
        }
        let commonCount = version == 1 ? 0 : try input.count(maximum: 1 << 24)
        var commonWords: [String] = []
        commonWords.reserveCapacity(commonCount)
        for _ in 0..<commonCount { commonWords.append(try input.string()) }
        var clusters: [UInt32: [UInt16]] = [:]
        if version >= 3 {
            input.section = "clusters"
            let levels = try input.count(maximum: 8)
            guard levels >= 1 else { throw NameTaggerError.malformed(section: "clusters", reason: "no levels") }
            let count = try input.count(maximum: 0x11_0000)
            var previous: UInt32?
            for _ in 0..<count {
                let scalar = try input.u32()
                guard previous.map({ $0 < scalar }) ?? true else {
                    throw NameTaggerError.malformed(section: "clusters", reason: "characters not strictly ascending")
                }
                previous = scalar
                var values: [UInt16] = []
                for _ in 0..<levels { values.append(try input.u16()) }
                clusters[scalar] = values
            }
        }
        let lexicon = TaggerLexicon(
            surnames: surnames, placeSuffixes: placeSuffixes, organizationSuffixes: organizationSuffixes,
            words: words, commonWords: commonWords, clusters: clusters
        )

        input.section = "characters"
        let characterCount = try input.count(maximum: 0xFFFF - Int(FeatureSpace.firstCharID))
        var characters: [UInt32] = []
        characters.reserveCapacity(characterCount)
        for _ in 0..<characterCount { characters.append(try input.u32()) }

        input.section = "blocks"
        let blockCount = try input.count(maximum: 64)
        var blocks: [BlockSpec] = []
        for _ in 0..<blockCount {
            let rawTemplate = try input.u8()
            guard let template = Template(rawValue: rawTemplate) else {
                throw NameTaggerError.malformed(section: "blocks", reason: "unknown feature template \(rawTemplate)")
            }
            let offsetCount = Int(try input.u8())
            guard offsetCount >= 1 else { throw NameTaggerError.malformed(section: "blocks", reason: "a block without offsets") }
            var offsets: [Int8] = []
            for _ in 0..<offsetCount {
                let offset = Int8(bitPattern: try input.u8())
                guard (-2...2).contains(offset) else {
                    throw NameTaggerError.malformed(section: "blocks", reason: "offset \(offset) outside -2...2")
                }
                offsets.append(offset)
            }
            blocks.append(BlockSpec(template: template, offsets: offsets))
        }

        var keyLists: [[UInt64]] = []
        for name in ["bigrams", "trigrams"] {
            input.section = name
            let count = try input.count(maximum: 1 << 28)
            var keys: [UInt64] = []
            keys.reserveCapacity(count)
            var previous: UInt64 = 0
            for _ in 0..<count {
                let delta = try input.varint()
                guard delta > 0, previous <= UInt64.max - delta else {
                    throw NameTaggerError.malformed(section: name, reason: "keys not strictly ascending")
                }
                previous += delta
                keys.append(previous)
            }
            keyLists.append(keys)
        }
        let space = FeatureSpace(lexicon: lexicon, characters: characters, blocks: blocks, bigrams: keyLists[0], trigrams: keyLists[1])

        input.section = "weights"
        let scale = try input.f32()
        guard scale.isFinite, scale > 0 else { throw NameTaggerError.malformed(section: "weights", reason: "scale \(scale)") }
        let rowCount = try input.count(maximum: 1 << 26)
        guard rowCount >= 1 else { throw NameTaggerError.malformed(section: "weights", reason: "no rows") }
        var rows = [Int16](repeating: 0, count: rowCount * Tags.count)
        for index in rows.indices { rows[index] = Int16(bitPattern: try input.u16()) }
        guard rows[0..<Tags.count].allSatisfy({ $0 == 0 }) else {
            throw NameTaggerError.malformed(section: "weights", reason: "row 0 is not all zeros")
        }
        let slotCount = try input.count(maximum: 1 << 30)
        guard slotCount == space.slotCount else {
            throw NameTaggerError.malformed(section: "weights", reason: "\(slotCount) feature slots, the templates make \(space.slotCount)")
        }
        var rowOf = [UInt32](repeating: 0, count: slotCount)
        for index in 0..<slotCount {
            let row = try input.varint()
            guard row < UInt64(rowCount) else {
                throw NameTaggerError.malformed(section: "weights", reason: "row \(row) of \(rowCount)")
            }
            rowOf[index] = UInt32(row)
        }

        input.section = "transitions"
        var transitions: [Int32] = []
        for _ in 0..<(Tags.count * Tags.count) { transitions.append(Int32(bitPattern: try input.u32())) }
        var start: [Int32] = []
        for _ in 0..<Tags.count { start.append(Int32(bitPattern: try input.u32())) }
        var end: [Int32] = []
        for _ in 0..<Tags.count { end.append(Int32(bitPattern: try input.u32())) }
        let bound = Int32(1 << 24)
        guard (transitions + start + end).allSatisfy({ (-bound...bound).contains($0) }) else {
            throw NameTaggerError.malformed(section: "transitions", reason: "a weight out of range")
        }
        guard input.position == body else {
            throw NameTaggerError.malformed(section: "end", reason: "\(body - input.position) bytes left over")
        }
        self.init(space: space, rowOf: rowOf, rows: rows, transitions: transitions, start: start, end: end, scale: scale)
    }
}

func fnv1a<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    var hash: UInt32 = 0x811C_9DC5
    for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
    return hash
}

struct ByteWriter {
    var data: [UInt8] = []
    mutating func bytes(_ values: [UInt8]) { data.append(contentsOf: values) }
    mutating func u8(_ value: UInt8) { data.append(value) }
    mutating func u16(_ value: UInt16) { data.append(UInt8(value & 0xFF)); data.append(UInt8(value >> 8)) }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { data.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
    mutating func f32(_ value: Float) { u32(value.bitPattern) }
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            data.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        data.append(UInt8(rest))
    }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(UInt32(utf8.count))
        data.append(contentsOf: utf8)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    var limit: Int
    var section = ""

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
        self.limit = bytes.count
    }

    private mutating func take(_ count: Int) throws(NameTaggerError) -> Int {
        guard count <= limit - position else { throw NameTaggerError.truncated(section: section) }
        let at = position
        position += count
        return at
    }

    mutating func u8() throws(NameTaggerError) -> UInt8 { bytes[try take(1)] }
    mutating func u16() throws(NameTaggerError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }
    mutating func u32() throws(NameTaggerError) -> UInt32 {
        let at = try take(4)
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    mutating func f32() throws(NameTaggerError) -> Float { Float(bitPattern: try u32()) }
    mutating func varint() throws(NameTaggerError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64 else { throw NameTaggerError.malformed(section: section, reason: "varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
    /// A count that must not exceed `maximum` nor the bytes left.
    mutating func count(maximum: Int) throws(NameTaggerError) -> Int {
        let value = Int(try u32())
        guard value <= maximum else { throw NameTaggerError.malformed(section: section, reason: "count \(value) over \(maximum)") }
        guard value <= limit - position else { throw NameTaggerError.truncated(section: section) }
        return value
    }
    mutating func string() throws(NameTaggerError) -> String {
        let length = Int(try u32())
        let at = try take(length)
        guard let text = String(validating: bytes[at..<(at + length)], as: UTF8.self) else {
            throw NameTaggerError.malformed(section: section, reason: "invalid UTF-8")
        }
        return text
    }
}
