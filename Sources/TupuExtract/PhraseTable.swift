/// Finds the longest phrase from a fixed set that starts (or ends) at a position of a scalar array.
///
/// Phrases are grouped by their first (and last) scalar and sorted longest first, so a lookup
/// costs a dictionary probe plus a few comparisons. ``freeze()`` replaces the probe of a large,
/// finished table (a lexicon) by an array index for the Basic Multilingual Plane.
struct PhraseTable<Value: Sendable>: Sendable {
    typealias Entry = (phrase: [Unicode.Scalar], value: Value)
    private var byFirst: [Unicode.Scalar: [Entry]] = [:]
    private var byLast: [Unicode.Scalar: [Entry]] = [:]
    /// After ``freeze()``: for each BMP scalar value, 1 + the index of its bucket, or 0.
    private var firstSlots: [Int32] = []
    private var lastSlots: [Int32] = []
    private var firstBuckets: [[Entry]] = []
    private var lastBuckets: [[Entry]] = []
    private(set) var count = 0

    /// Builds the array index; call once the table is complete (later inserts undo it).
    mutating func freeze() {
        (firstSlots, firstBuckets) = Self.slots(byFirst)
        (lastSlots, lastBuckets) = Self.slots(byLast)
    }

    private static func slots(_ map: [Unicode.Scalar: [Entry]]) -> ([Int32], [[Entry]]) {
        var slots = [Int32](repeating: 0, count: 0x10000)
        var buckets: [[Entry]] = []
        for (scalar, entries) in map where scalar.value < 0x10000 {
            buckets.append(entries)
            slots[Int(scalar.value)] = Int32(buckets.count)
        }
        return (slots, buckets)
    }

    @inline(__always)
    private func startingWith(_ scalar: Unicode.Scalar) -> [Entry]? {
        if !firstSlots.isEmpty, scalar.value < 0x10000 {
            let slot = firstSlots[Int(scalar.value)]
            return slot == 0 ? nil : firstBuckets[Int(slot) - 1]
        }
        return byFirst[scalar]
    }

    @inline(__always)
    private func endingWith(_ scalar: Unicode.Scalar) -> [Entry]? {
        if !lastSlots.isEmpty, scalar.value < 0x10000 {
            let slot = lastSlots[Int(scalar.value)]
            return slot == 0 ? nil : lastBuckets[Int(slot) - 1]
        }
        return byLast[scalar]
    }

    init() {}

    init(_ pairs: [(String, Value)]) {
        for (phrase, value) in pairs { insert(phrase, value) }
    }

    /// Adds a phrase; a phrase added twice keeps its first value.
    mutating func insert(_ phrase: String, _ value: Value) {
        let scalars = Array(phrase.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return }
        if byFirst[first]?.contains(where: { $0.phrase == scalars }) == true { return }
        byFirst[first, default: []].append((scalars, value))
        byFirst[first]?.sort { $0.phrase.count > $1.phrase.count }
        byLast[last, default: []].append((scalars, value))
        byLast[last]?.sort { $0.phrase.count > $1.phrase.count }
        count += 1
        if !firstSlots.isEmpty {
            firstSlots = []
            lastSlots = []
        }
    }

    func contains(_ phrase: String) -> Bool {
        let scalars = Array(phrase.unicodeScalars)
        guard let first = scalars.first else { return false }
        return byFirst[first]?.contains(where: { $0.phrase == scalars }) ?? false
    }

    func value(of phrase: String) -> Value? {
        let scalars = Array(phrase.unicodeScalars)
        guard let first = scalars.first else { return nil }
        return byFirst[first]?.first(where: { $0.phrase == scalars })?.value
    }

    /// The longest phrase that starts at `index` and ends at or before `limit`.
    func longestMatch(in text: [Unicode.Scalar], at index: Int, limit: Int? = nil) -> (length: Int, value: Value)? {
        let end = limit ?? text.count
        guard index < end, let candidates = startingWith(text[index]) else { return nil }
        for candidate in candidates where index + candidate.phrase.count <= end {
            if text[index..<(index + candidate.phrase.count)].elementsEqual(candidate.phrase) {
                return (candidate.phrase.count, candidate.value)
            }
        }
        return nil
    }

    /// Every phrase that starts at `index`, longest first.
    func matches(in text: [Unicode.Scalar], at index: Int, limit: Int? = nil) -> [(length: Int, value: Value)] {
        let end = limit ?? text.count
        guard index < end, let candidates = startingWith(text[index]) else { return [] }
        return candidates.compactMap { candidate in
            guard index + candidate.phrase.count <= end,
                text[index..<(index + candidate.phrase.count)].elementsEqual(candidate.phrase)
            else { return nil }
            return (candidate.phrase.count, candidate.value)
        }
    }

    /// The longest phrase that ends exactly at `end` (exclusive) and starts at or after `floor`.
    func longestMatch(in text: [Unicode.Scalar], endingAt end: Int, floor: Int = 0) -> (length: Int, value: Value)? {
        guard end > floor, end <= text.count, let candidates = endingWith(text[end - 1]) else { return nil }
        for candidate in candidates where end - candidate.phrase.count >= floor {
            if text[(end - candidate.phrase.count)..<end].elementsEqual(candidate.phrase) {
                return (candidate.phrase.count, candidate.value)
            }
        }
        return nil
    }
}

extension PhraseTable where Value == Void {
    init(_ phrases: [String]) {
        self.init(phrases.map { ($0, ()) })
    }
}
