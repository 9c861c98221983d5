/// A hash table keyed by row ids (positive `Int64`s), for searches that probe a table for
/// every row they read.
///
/// Open addressing with linear probing and a multiplicative (Fibonacci) hash, kept at most
/// half full. Swift's `Dictionary` hashes every key with SipHash: in a path's breadth-first
/// search on a 1,000,000-article store, which probes three tables for each of some 40,000
/// links, hashing and probing dictionaries took a sixth of the CPU time.
///
/// ```swift
/// var reached = IDTable<Int64>()
/// reached[42] = 7
/// reached[42]        // 7
/// reached[43]        // nil
/// ```
///
/// ## Topics
/// - ``subscript(_:)``
/// - ``count``
/// - ``keys``
struct IDTable<Value> {
    /// The key of an empty slot (row ids are positive).
    private static var empty: Int64 { Int64.min }

    private var slots: [Int64]
    private var values: [Value?]
    /// 64 minus the number of bits of the capacity: the hash's top bits index the slots.
    private var shift: UInt64
    /// The number of keys held.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 8) {
        let bits = slotBits(capacity: capacity)
        slots = Array(repeating: Self.empty, count: 1 << bits)
        values = Array(repeating: nil, count: 1 << bits)
        shift = 64 - bits
    }

    /// The slot of `key`: where it is, or the empty slot where it would go.
    private func slot(of key: Int64) -> Int {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = slots[index]
            if found == key || found == Self.empty { return index }
            index = (index + 1) & mask
        }
    }

    /// The value of `key`, nil when the table has none; setting nil is not supported (a key
    /// once in stays in), and is ignored.
    subscript(key: Int64) -> Value? {
        get {
            let index = slot(of: key)
            return slots[index] == key ? values[index] : nil
        }
        set {
            guard let newValue else { return }
            var index = slot(of: key)
            if slots[index] != key {
                if (count + 1) * 2 > slots.count {
                    grow()
                    index = slot(of: key)
                }
                slots[index] = key
                count += 1
            }
            values[index] = newValue
        }
    }

    /// Whether the table holds `key`.
    func contains(_ key: Int64) -> Bool {
        slots[slot(of: key)] == key
    }

    /// The keys held, in no particular order.
    var keys: [Int64] {
        slots.filter { $0 != Self.empty }
    }

    private mutating func grow() {
        let (oldSlots, oldValues) = (slots, values)
        shift -= 1
        slots = Array(repeating: Self.empty, count: oldSlots.count * 2)
        values = Array(repeating: nil, count: oldSlots.count * 2)
        for (key, value) in zip(oldSlots, oldValues) where key != Self.empty {
            let index = slot(of: key)
            slots[index] = key
            values[index] = value
        }
    }
}

/// The number of bits of the slot count of an open-addressing table (``IDTable``,
/// ``ByteKeyTable``) with room for `capacity` keys at most half full: at least 3 (8 slots).
func slotBits(capacity: Int) -> UInt64 {
    var bits: UInt64 = 3
    while 1 << bits < capacity * 2 { bits += 1 }
    return bits
}
