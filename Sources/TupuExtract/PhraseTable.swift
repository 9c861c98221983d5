/// Finds the longest phrase from a fixed set that starts (or ends) at a position of a scalar array.
///
/// The phrases are kept in two tries of scalars, one read forwards (for matches that start at a
/// position) and one read backwards (for matches that end at one). A lookup walks the text one
/// scalar at a time and stops at the first scalar that no phrase continues with; a position
/// where no phrase starts (or ends) is mostly rejected by a bit test before any walk.
struct PhraseTable<Value: Sendable>: Sendable {
    /// The phrases read from their first scalar to their last; terminals hold indices into `values`.
    private var forward = ScalarTrie()
    /// The phrases read from their last scalar to their first.
    private var backward = ScalarTrie()
    /// The value of each phrase, in insertion order.
    private var values: [Value] = []

    /// The number of distinct phrases.
    var count: Int { values.count }

    init() {}

    /// An empty table with room for about `capacity` phrases of a few characters before it grows.
    init(capacity: Int) {
        forward = ScalarTrie(edges: capacity * 4)
        backward = ScalarTrie(edges: capacity * 4)
        values.reserveCapacity(capacity)
    }

    init(_ pairs: [(String, Value)]) {
        for (phrase, value) in pairs { insert(phrase, value) }
    }

    /// Adds a phrase; a phrase added twice keeps its first value.
    mutating func insert(_ phrase: String, _ value: Value) {
        insert(scalars: phrase.unicodeScalars, value)
    }

    /// Adds a phrase given as a string's scalars. They are decoded once, from the string's
    /// contiguous UTF-8, into a small buffer that both tries read (iterating the scalar view
    /// decodes each scalar again for each trie, forwards then backwards).
    mutating func insert(scalars phrase: String.UnicodeScalarView, _ value: Value) {
        var text = String(phrase)
        let inserted: Bool = text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: 16) { buffer in
                let (count, complete) = UTF8Scalars.decode(bytes, into: buffer)
                guard complete else { return false }
                let scalars = UnsafeBufferPointer(rebasing: buffer[..<count])
                guard !scalars.isEmpty else { return true }
                let id = Int32(values.count)
                guard forward.insert(scalars, id: id) == id else { return true }
                _ = backward.insert(scalars.reversed(), id: id)
                values.append(value)
                return true
            }
        }
        // A phrase of more than 16 scalars goes the general way.
        if !inserted { insertScalars(phrase, value) }
    }

    /// Adds a phrase given as scalars; a phrase added twice keeps its first value.
    mutating func insert<C: BidirectionalCollection<Unicode.Scalar>>(scalars phrase: C, _ value: Value) {
        insertScalars(phrase, value)
    }

    private mutating func insertScalars<C: BidirectionalCollection<Unicode.Scalar>>(_ phrase: C, _ value: Value) {
        guard !phrase.isEmpty else { return }
        let index = Int32(values.count)
        guard forward.insert(phrase, id: index) == index else { return }
        insertBackward(phrase, id: index)
        values.append(value)
    }

    /// Adds a phrase to the backward trie. A phrase read from a `String` is copied to a small
    /// buffer first: stepping backwards through a string's scalars decodes UTF-8 backwards.
    private mutating func insertBackward<C: BidirectionalCollection<Unicode.Scalar>>(_ phrase: C, id: Int32) {
        let copied: Bool = withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: 16) { buffer in
            var count = 0
            for scalar in phrase {
                guard count < buffer.count else { return false }
                buffer[count] = scalar
                count += 1
            }
            _ = backward.insert(UnsafeBufferPointer(rebasing: buffer[..<count]).reversed(), id: id)
            return true
        }
        if !copied { _ = backward.insert(phrase.reversed(), id: id) }
    }

    func contains(_ phrase: String) -> Bool {
        forward.find(phrase.unicodeScalars) != nil
    }

    /// Whether these scalars are one of the phrases.
    func contains<S: Sequence<Unicode.Scalar>>(scalars phrase: S) -> Bool {
        forward.find(phrase) != nil
    }

    func value(of phrase: String) -> Value? {
        forward.find(phrase.unicodeScalars).map { values[Int($0)] }
    }

    /// Whether some phrase starts with `scalar`.
    @inline(__always)
    func mayStart(with scalar: Unicode.Scalar) -> Bool {
        forward.startsSome(scalar)
    }

    /// The longest phrase that starts at `index` and ends at or before `limit`.
    @inline(__always)
    func longestMatch(in text: [Unicode.Scalar], at index: Int, limit: Int? = nil) -> (length: Int, value: Value)? {
        let end = min(limit ?? text.count, text.count)
        // Most positions start no phrase: a bit test rejects them before any walk.
        guard index >= 0, index < end, forward.startsSome(text[index]) else { return nil }
        return longestWalk(in: text, at: index, end: end)
    }

    @inline(__always)
    private func longestWalk(in text: [Unicode.Scalar], at index: Int, end: Int) -> (length: Int, value: Value)? {
        let (best, bestLength) = text.withUnsafeBufferPointer { text in
            forward.longestPrefix(of: text, from: index, end: end)
        }
        return best >= 0 ? (bestLength, values[Int(best)]) : nil
    }

    /// The longest phrase that ends exactly at `end` (exclusive) and starts at or after `floor`.
    @inline(__always)
    func longestMatch(in text: [Unicode.Scalar], endingAt end: Int, floor: Int = 0) -> (length: Int, value: Value)? {
        guard end > floor, end <= text.count, end > 0, backward.startsSome(text[end - 1]) else { return nil }
        return longestWalk(in: text, endingAt: end, floor: floor)
    }

    @inline(__always)
    private func longestWalk(in text: [Unicode.Scalar], endingAt end: Int, floor: Int) -> (length: Int, value: Value)? {
        let (best, bestLength) = text.withUnsafeBufferPointer { text in
            backward.longestSuffix(of: text, before: end, floor: max(floor, 0))
        }
        return best >= 0 ? (bestLength, values[Int(best)]) : nil
    }
}

extension PhraseTable where Value == Void {
    init(_ phrases: [String]) {
        self.init(phrases.map { ($0, ()) })
    }
}

/// A trie of scalar sequences whose edges live in one open-addressing hash table keyed by
/// (node, scalar), so walking it allocates nothing and hashes with one multiplication.
struct ScalarTrie: Sendable {
    /// The node every walk starts from.
    static let root: Int32 = 0
    private static let empty = UInt64.max

    /// Edge keys: the parent node in the high 32 bits, the scalar value in the low 32; `empty` marks a free slot.
    private var keys: [UInt64]
    /// The child node of each edge slot.
    private var children: [Int32]
    /// For each node, the id of the sequence that ends there, or -1.
    private var terminals: [Int32] = [-1]
    /// A bit for the first scalar of every sequence, at the scalar value modulo the bit count: a
    /// clear bit proves that no sequence starts with a scalar. It grows with the table, up to one
    /// bit per BMP scalar, and stays small for the few names of one article.
    private var firstFilter: [UInt64]
    /// `firstFilter.count * 64 - 1`, kept beside it so that a lookup reads no array header.
    private var filterMask: Int
    /// `64 - log2(keys.count)`: the hash keeps the top bits of the product.
    private var shift: UInt64
    private var edgeCount = 0

    /// An empty trie with room for `edges` edges before its table grows.
    init(edges: Int = 8) {
        var bits = 4
        while (1 << bits) < edges * 2 { bits += 1 }
        if bits < Self.blank.count {
            // An empty table of a common size shares its arrays until its first edge is added
            // (copy on write): tries are made per extraction, and most stay small or empty.
            (keys, children, firstFilter) = Self.blank[bits]
        } else {
            keys = Array(repeating: Self.empty, count: 1 << bits)
            children = Array(repeating: -1, count: 1 << bits)
            firstFilter = Array(repeating: 0, count: Self.filterWords(forSlots: 1 << bits))
        }
        filterMask = firstFilter.count &* 64 &- 1
        shift = 64 - UInt64(bits)
    }

    /// The arrays of an empty trie of `1 << bits` edge slots, by `bits`, for the small sizes.
    private static let blank: [(keys: [UInt64], children: [Int32], firstFilter: [UInt64])] = (0...10).map { bits in
        (Array(repeating: empty, count: 1 << bits), Array(repeating: -1, count: 1 << bits),
         Array(repeating: 0, count: filterWords(forSlots: 1 << bits)))
    }

    /// The filter size that goes with a table of `slots` edge slots.
    private static func filterWords(forSlots slots: Int) -> Int {
        min(max(slots / 2, 16), 1024)
    }

    @inline(__always)
    private static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar)
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The child of `node` along `scalar`, or -1.
    @inline(__always)
    func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32 {
        let key = Self.key(node, scalar.value)
        return keys.withUnsafeBufferPointer { keys in
            children.withUnsafeBufferPointer { children in Self.child(keys: keys, children: children, key: key, slot: slot(of: key)) }
        }
    }

    /// The child stored under `key` (a node and a scalar), probing from `slot`, or -1: the one
    /// lookup of every walk.
    @inline(__always)
    private static func child(keys: UnsafeBufferPointer<UInt64>, children: UnsafeBufferPointer<Int32>, key: UInt64, slot: Int) -> Int32 {
        let mask = keys.count &- 1
        var slot = slot
        while true {
            let found = keys[slot]
            if found == key { return children[slot] }
            if found == empty { return -1 }
            slot = (slot &+ 1) & mask
        }
    }

    /// The id and length of the longest sequence that `text[index..<end]` starts with (id -1:
    /// none). `index` and `end` lie within `text`.
    @inline(__always)
    func longestPrefix(of text: UnsafeBufferPointer<Unicode.Scalar>, from index: Int, end: Int) -> (id: Int32, length: Int) {
        keys.withUnsafeBufferPointer { keys in
            children.withUnsafeBufferPointer { children in
                terminals.withUnsafeBufferPointer { terminals in
                    var node = Self.root
                    var best: Int32 = -1
                    var bestLength = 0
                    var position = index
                    walk: while position < end {
                        let key = Self.key(node, text[position].value)
                        node = Self.child(keys: keys, children: children, key: key, slot: slot(of: key))
                        if node < 0 { break walk }
                        position &+= 1
                        let id = terminals[Int(node)]
                        if id >= 0 {
                            best = id
                            bestLength = position &- index
                        }
                    }
                    return (best, bestLength)
                }
            }
        }
    }

    /// The id and length of the longest sequence that `text[floor..<end]` ends with, read from
    /// its last scalar back (id -1: none). `floor` and `end` lie within `text`.
    @inline(__always)
    func longestSuffix(of text: UnsafeBufferPointer<Unicode.Scalar>, before end: Int, floor: Int) -> (id: Int32, length: Int) {
        keys.withUnsafeBufferPointer { keys in
            children.withUnsafeBufferPointer { children in
                terminals.withUnsafeBufferPointer { terminals in
                    var node = Self.root
                    var best: Int32 = -1
                    var bestLength = 0
                    var position = end
                    walk: while position > floor {
                        let key = Self.key(node, text[position &- 1].value)
                        node = Self.child(keys: keys, children: children, key: key, slot: slot(of: key))
                        if node < 0 { break walk }
                        position &-= 1
                        let id = terminals[Int(node)]
                        if id >= 0 {
                            best = id
                            bestLength = end &- position
                        }
                    }
                    return (best, bestLength)
                }
            }
        }
    }

    /// Whether some sequence may start with `scalar`; false is certain.
    @inline(__always)
    func startsSome(_ scalar: Unicode.Scalar) -> Bool {
        let bit = Int(scalar.value) & filterMask
        return firstFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    private mutating func setFilterBit(_ scalar: UInt32) {
        let bit = Int(scalar) & filterMask
        firstFilter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The id of the sequence ending at `node`, or -1.
    @inline(__always)
    func terminal(_ node: Int32) -> Int32 {
        terminals[Int(node)]
    }

    /// The id of a whole sequence, if it was inserted.
    func find<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> Int32? {
        var node = Self.root
        for scalar in scalars {
            node = child(of: node, scalar)
            if node < 0 { return nil }
        }
        let id = terminals[Int(node)]
        return id >= 0 ? id : nil
    }

    /// Adds a sequence with `id` and returns `id`, or the id it already had.
    mutating func insert<S: Sequence<Unicode.Scalar>>(_ scalars: S, id: Int32) -> Int32 {
        var node = Self.root
        for scalar in scalars {
            let next = child(of: node, scalar)
            if next >= 0 {
                node = next
                continue
            }
            let created = Int32(terminals.count)
            // Room at once for every node the edge table holds before it grows (a trie made
            // per text otherwise reallocated its terminals at each doubling).
            if terminals.count == terminals.capacity { terminals.reserveCapacity(Swift.max(terminals.count * 2, keys.count / 2 + 1)) }
            terminals.append(-1)
            addEdge(Self.key(node, scalar.value), to: created)
            node = created
        }
        let existing = terminals[Int(node)]
        if existing >= 0 { return existing }
        terminals[Int(node)] = id
        return id
    }

    private mutating func addEdge(_ key: UInt64, to node: Int32) {
        if (edgeCount + 1) * 2 > keys.count { grow() }
        if key >> 32 == UInt64(Self.root) { setFilterBit(UInt32(truncatingIfNeeded: key)) }
        let mask = keys.count - 1
        var index = slot(of: key)
        while keys[index] != Self.empty { index = (index + 1) & mask }
        keys[index] = key
        children[index] = node
        edgeCount += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldChildren = children
        let capacity = oldKeys.count * 2
        keys = Array(repeating: Self.empty, count: capacity)
        children = Array(repeating: -1, count: capacity)
        shift -= 1
        let words = Self.filterWords(forSlots: capacity)
        if words != firstFilter.count {
            firstFilter = Array(repeating: 0, count: words)
            filterMask = words &* 64 &- 1
        }
        let mask = capacity - 1
        for old in 0..<oldKeys.count {
            let key = oldKeys[old]
            guard key != Self.empty else { continue }
            if key >> 32 == UInt64(Self.root) { setFilterBit(UInt32(truncatingIfNeeded: key)) }
            var index = slot(of: key)
            while keys[index] != Self.empty { index = (index + 1) & mask }
            keys[index] = key
            children[index] = oldChildren[old]
        }
    }
}
