import Foundation

/// Finds person, place and organization names in simplified-Chinese text.
///
/// Each character gets one of 13 tags (O, or B/M/E/S of a kind) from a linear model (a CRF, or
/// an averaged structured perceptron) over character, bigram, trigram, character-class,
/// lexicon-flag and known-word features; Viterbi decoding with learned tag transitions picks the
/// best well-formed tagging.
/// Text is tagged line by line (a line break never lies inside a name).
public struct NameTagger: Sendable {
    let space: FeatureSpace
    /// For each feature slot, its row in `rows` (0: the all-zero row).
    let rowOf: [UInt32]
    /// Quantized weights, 13 a row, in tag order (as in the model file).
    let rows: [Int16]
    /// The weights of each feature slot, `Tags.stride` (16) lanes a slot (`Tags.lane`), the
    /// unused lanes 0: the rows of one entry's offsets lie side by side, one memory region for
    /// all the features an entry gives (no row-number look-up while tagging).
    let slotWeights: [Int16]
    let transitions: [Int32]
    let start: [Int32]
    let end: [Int32]
    /// Quantized units per unit of the learned weights.
    let scale: Float
    let table: TransitionTable

    /// `rows`: 13 weights a row.
    init(space: FeatureSpace, rowOf: [UInt32], rows: [Int16], transitions: [Int32], start: [Int32], end: [Int32], scale: Float) {
        self.space = space
        self.rowOf = rowOf
        self.rows = rows
        // 13 weights a row → 16 lanes (see `Tags.lane`), so that each slot is 32 bytes.
        var dense = LargeTables.array(repeating: Int16(0), count: rowOf.count * Tags.stride)
        for (slot, row) in rowOf.enumerated() where row != 0 {
            for tag in 0..<Tags.count { dense[slot * Tags.stride + Tags.lane[tag]] = rows[Int(row) * Tags.count + tag] }
        }
        // ``fillEmissions`` keeps byte offsets into the weights in 32 bits.
        precondition(dense.count * MemoryLayout<Int16>.stride <= Int(Int32.max), "a model's weights are limited to 2 GB")
        self.slotWeights = dense
        self.transitions = transitions
        self.start = start
        self.end = end
        self.scale = scale
        self.table = TransitionTable(transitions: transitions, start: start, end: end)
    }

    /// The model shipped with the package (`Resources/name-tagger.model`), loaded once per
    /// process on first use; nil if the resource is missing or unreadable.
    public static let bundled: NameTagger? = {
        guard let url = Bundle.module.url(forResource: "name-tagger", withExtension: "model"),
              let data = try? Data(contentsOf: url, options: .mappedIfSafe)
        else { return nil }
        return try? NameTagger(data: data)
    }()

    /// The lexicon the model was trained with (surnames, suffix characters, known words).
    public var lexicon: TaggerLexicon { space.lexicon }

    /// Whether `text[range]` is one of the model's common words (jieba's words of any kind but
    /// names): 公司, 成功, 花坛 are; 王浩 is not. Looked up in the model's own word table.
    public func isCommonWord(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        space.isKnownWord(text, range, kind: WordTable.commonKind)
    }

    /// The names in `text`, in order, with code-point offsets into `text`, each with its margin.
    public func spans(in text: [Unicode.Scalar]) -> [NameSpan] {
        spans(in: text, range: 0..<text.count)
    }

    /// The names within `range` of `text`, with offsets into the whole of `text`. Without
    /// `margins` (faster) every span's margin is 0.
    /// A second-stage model (one with document templates) reads `document`, the names its first
    /// stage found in the whole document; other models ignore it.
    public func spans(in text: [Unicode.Scalar], range: Range<Int>, margins: Bool = true, document: DocumentNames? = nil) -> [NameSpan] {
        var candidates: [NameSpan] = []
        return spans(in: text, range: range, margins: margins, document: document, personBias: nil, candidates: &candidates)
    }

    /// The names within `range` of `text`, and the names the model finds when `personBias` (in
    /// the units of the learned weights) is added to the score of beginning a person at every
    /// character: with a positive bias, more persons (names it nearly took, for a second stage).
    public func spans(in text: [Unicode.Scalar], range: Range<Int>, personBias: Float) -> (names: [NameSpan], candidates: [NameSpan]) {
        var candidates: [NameSpan] = []
        let names = spans(in: text, range: range, margins: false, document: nil, personBias: personBias, candidates: &candidates)
        return (names, candidates)
    }

    func spans(
        in text: [Unicode.Scalar], range: Range<Int>, margins: Bool, document: DocumentNames?, personBias: Float?,
        candidates: inout [NameSpan]
    ) -> [NameSpan] {
        let range = range.clamped(to: 0..<text.count)
        guard !range.isEmpty else { return [] }
        let bias = personBias.map { Int32(($0 * scale).rounded()) }
        var result: [NameSpan] = []
        text.withUnsafeBufferPointer { buffer in
            let scratch = Scratch(longest: min(range.count, NameTagger.longestPiece), blocks: space.blocks.count, features: space.stride)
            defer { scratch.deallocate() }
            var segmentStart = range.lowerBound
            for index in range.lowerBound...range.upperBound {
                guard index == range.upperBound || NameTagger.isLineBreak(buffer[index].value) else { continue }
                // A line, in pieces of at most `longestPiece` characters cut after sentence ends.
                var pieceStart = segmentStart
                while pieceStart < index {
                    var pieceEnd = index
                    if pieceEnd - pieceStart > NameTagger.longestPiece {
                        pieceEnd = pieceStart + NameTagger.longestPiece
                        var cut = pieceEnd
                        while cut > pieceStart + NameTagger.longestPiece / 2 && !NameTagger.endsSentence(buffer[cut - 1].value) { cut -= 1 }
                        if cut > pieceStart + NameTagger.longestPiece / 2 { pieceEnd = cut }
                    }
                    tag(
                        UnsafeBufferPointer(rebasing: buffer[pieceStart..<pieceEnd]), offset: pieceStart, scratch: scratch, margins: margins,
                        document: document, bias: bias, into: &result, candidates: &candidates)
                    pieceStart = pieceEnd
                }
                segmentStart = index + 1
            }
        }
        return result
    }

    /// Lines longer than this are tagged in pieces (cut after 。！？; when there is one in the
    /// second half), which bounds the work memory at about a megabyte.
    static let longestPiece = 4096

    @inline(__always)
    static func endsSentence(_ v: UInt32) -> Bool {
        v == 0x3002 || v == 0xFF01 || v == 0xFF1F || v == 0xFF1B || v == 0x21 || v == 0x3F || v == 0x3B
    }

    @inline(__always)
    static func isLineBreak(_ v: UInt32) -> Bool {
        v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029 || v == 0x85 || v == 0x0B || v == 0x0C
    }

    /// Work buffers for lines up to `longest` characters.
    struct Scratch {
        let codes: UnsafeMutablePointer<UInt32>
        let entries: UnsafeMutablePointer<Int32>
        /// The entries as byte offsets of their regions in the weights (``fillEmissions``), in 32
        /// bits (the weights are at most 2 GB): the offsets are made without 64-bit products.
        let regions: UnsafeMutablePointer<Int32>
        /// For each feature (block, offset): where in `regions` the character at 0 reads, and
        /// the byte offset of its slot within a region.
        let featureRows: UnsafeMutablePointer<UnsafePointer<Int32>>
        let featureSlotBytes: UnsafeMutablePointer<Int>
        let emissions: UnsafeMutablePointer<SIMD16<Int32>>
        let tags: UnsafeMutablePointer<UInt8>
        let margins: UnsafeMutablePointer<Int32>
        let decoder: Decoder.Buffers

        /// One allocation holds every buffer, each at a 64-byte boundary (one call to the
        /// allocator per line tagged instead of twelve).
        private let memory: UnsafeMutableRawPointer

        init(longest: Int, blocks: Int, features: Int) {
            let padded = longest + 4
            var size = 0
            func reserve<T>(_ type: T.Type, _ count: Int) -> Int {
                let start = (size + 63) & ~63
                size = start + max(count, 1) * MemoryLayout<T>.stride
                return start
            }
            let codesAt = reserve(UInt32.self, padded)
            let entriesAt = reserve(Int32.self, blocks * padded)
            let regionsAt = reserve(Int32.self, blocks * padded)
            let featureRowsAt = reserve(UnsafePointer<Int32>.self, features)
            let featureSlotBytesAt = reserve(Int.self, features)
            let emissionsAt = reserve(SIMD16<Int32>.self, longest)
            let tagsAt = reserve(UInt8.self, longest)
            let marginsAt = reserve(Int32.self, longest)
            let alphaAt = reserve(SIMD16<Int32>.self, longest)
            let betaAt = reserve(SIMD16<Int32>.self, longest)
            memory = .allocate(byteCount: size, alignment: 64)
            codes = (memory + codesAt).bindMemory(to: UInt32.self, capacity: padded)
            entries = (memory + entriesAt).bindMemory(to: Int32.self, capacity: blocks * padded)
            regions = (memory + regionsAt).bindMemory(to: Int32.self, capacity: blocks * padded)
            featureRows = (memory + featureRowsAt).bindMemory(to: UnsafePointer<Int32>.self, capacity: max(features, 1))
            featureSlotBytes = (memory + featureSlotBytesAt).bindMemory(to: Int.self, capacity: max(features, 1))
            emissions = (memory + emissionsAt).bindMemory(to: SIMD16<Int32>.self, capacity: max(longest, 1))
            tags = (memory + tagsAt).bindMemory(to: UInt8.self, capacity: max(longest, 1))
            margins = (memory + marginsAt).bindMemory(to: Int32.self, capacity: max(longest, 1))
            decoder = Decoder.Buffers(
                alpha: (memory + alphaAt).bindMemory(to: SIMD16<Int32>.self, capacity: max(longest, 1)),
                beta: (memory + betaAt).bindMemory(to: SIMD16<Int32>.self, capacity: max(longest, 1)))
        }

        func deallocate() {
            memory.deallocate()
        }
    }

    private func tag(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, offset: Int, scratch: Scratch, margins: Bool, document: DocumentNames?,
        bias: Int32?, into result: inout [NameSpan], candidates: inout [NameSpan]
    ) {
        let n = text.count
        fillEmissions(text, scratch: scratch, document: document)
        Decoder.decode(
            emissions: scratch.emissions, count: n, transitions: table, buffers: scratch.decoder,
            tags: scratch.tags, margins: margins ? scratch.margins : nil
        )
        Tags.tagOfLane.withUnsafeBufferPointer { tagOfLane in
            for i in 0..<n { scratch.tags[i] = UInt8(truncatingIfNeeded: tagOfLane[Int(scratch.tags[i])]) }
        }
        let found = Tags.spans(from: UnsafeBufferPointer(start: scratch.tags, count: n), offset: offset)
        if let bias {
            // The same emissions with the bias on beginning a person (tag 1), decoded again.
            let lane = Tags.lane[Int(Tags.tag(kind: .person, position: 0))]
            for i in 0..<n { scratch.emissions[i][lane] &+= bias }
            Decoder.decode(emissions: scratch.emissions, count: n, transitions: table, buffers: scratch.decoder, tags: scratch.tags, margins: nil)
            Tags.tagOfLane.withUnsafeBufferPointer { tagOfLane in
                for i in 0..<n { scratch.tags[i] = UInt8(truncatingIfNeeded: tagOfLane[Int(scratch.tags[i])]) }
            }
            candidates += Tags.spans(from: UnsafeBufferPointer(start: scratch.tags, count: n), offset: offset)
        }
        for var span in found {
            if margins {
                var smallest = Int32.max
                for i in (span.start - offset)..<(span.end - offset) { smallest = min(smallest, scratch.margins[i]) }
                span.margin = Float(smallest) / scale
            }
            result.append(span)
        }
    }

    /// Emission scores of each character (lanes 7, 14 and 15 unused). Sums are 16-bit: the
    /// trainer's scale keeps every sum of one weight per feature column within Int16 (wrapping
    /// adds, so their order does not change the sums).
    private func fillEmissions(_ text: UnsafeBufferPointer<Unicode.Scalar>, scratch: Scratch, document: DocumentNames?) {
        let n = text.count
        let padded = n + 4
        space.fillEntries(text, codes: scratch.codes, entries: scratch.entries, document: document)
        // Each entry as the byte offset of its entry's first slot in `slotWeights`: an entry's
        // `width` slots are one contiguous region of 32 bytes a slot. Entry 0 (nothing) and
        // unused features have all-zero weights, so no branch on them.
        let regions = scratch.regions
        let rows = scratch.featureRows
        let slotBytes = scratch.featureSlotBytes
        var feature = 0
        for (blockIndex, block) in space.blocks.enumerated() {
            let entries = scratch.entries + blockIndex * padded
            let row = regions + blockIndex * padded
            let base = Int32(truncatingIfNeeded: space.slotBase[blockIndex] &* 32)
            let width = Int32(truncatingIfNeeded: block.offsets.count &* 32)
            for p in 0..<padded { row[p] = base &+ entries[p] &* width }
            for (k, offset) in block.offsets.enumerated() {
                // The character at i reads position i + 2 + offset.
                rows[feature] = UnsafePointer(row + 2 + Int(offset))
                slotBytes[feature] = k &* 32
                feature += 1
            }
        }
        let features = feature
        let emissions = scratch.emissions
        slotWeights.withUnsafeBytes { weights in
            guard let weightBase = weights.baseAddress else { return }
            // Character by character, its sum in registers: the loads of its features do not
            // depend on each other, so their cache misses overlap.
            for i in 0..<n {
                var sum = SIMD16<Int16>()
                for f in 0..<features {
                    sum &+= weightBase.loadUnaligned(fromByteOffset: Int(rows[f][i]) &+ slotBytes[f], as: SIMD16<Int16>.self)
                }
                emissions[i] = SIMD16<Int32>(truncatingIfNeeded: sum)
            }
        }
    }
}

extension NameTagger {
    /// Whether the model is the second stage of a stacked pair: it reads the names a first stage
    /// found in the document (``DocumentNames``).
    public var readsDocuments: Bool { space.blocks.contains { $0.template.documentKind != nil } }

    /// What the model holds, in one line.
    public var summary: String {
        let templates = space.blocks.map { "\($0.template)\($0.offsets.map(String.init))" }.joined(separator: " ")
        return "\(space.characters.count) characters, \(space.bigrams.keys.count) bigrams, \(space.trigrams.keys.count) trigrams, "
            + "\(space.lexicon.surnames.count) surnames, \(space.lexicon.words.count) known words, \(space.lexicon.commonWords.count) common words, "
            + "\(rows.count / Tags.count - 1) weight rows for \(space.slotCount) feature slots; templates: \(templates)"
    }
}
