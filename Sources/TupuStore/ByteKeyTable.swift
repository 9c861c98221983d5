import Foundation

/// A key of a ``ByteKeyTable``: what makes two keys equal is the bytes it writes.
protocol ByteKey {
    /// Appends the key's bytes to `bytes`. Two keys are equal when they append the same bytes.
    func write(into bytes: inout [UInt8])
}

/// A hash table from keys written as bytes to row ids, for the batch writer's maps of the ids
/// it has looked up or inserted (entities by kind and name, triples by their ends, rules by
/// name).
///
/// The keys' bytes are copied into one arena, and each slot holds a key's hash, where its bytes
/// are and its id: open addressing with linear probing, kept at most half full, a multiplicative
/// hash of eight bytes at a time. Swift's `Dictionary` hashed every name with SipHash, compared
/// names through their `String` storage, and retained and released them on every look-up: with
/// about two million look-ups for 30,000 documents, that was about a tenth of the writer's CPU
/// time. Names compare by their bytes, as SQLite compares text under the BINARY collation of the
/// store's unique keys (two names that are canonically equal but written differently are two
/// keys, as they are two rows).
///
/// A key once in stays in until ``removeAll()``: the writer forgets its ids all at once.
///
/// ```swift
/// var ids = ByteKeyTable<EntityKey>()
/// ids[EntityKey(EntityRef(.person, "张三"))] = 42
/// ids[EntityKey(EntityRef(.person, "张三"))]     // 42
/// ids[EntityKey(EntityRef(.place, "张三"))]      // nil
/// ```
///
/// ## Topics
/// - ``subscript(_:)``
/// - ``subscript(written:at:)``
/// - ``count``
/// - ``removeAll()``
struct ByteKeyTable<Key: ByteKey> {
    private struct Slot {
        /// The key's hash, never 0; 0 marks an empty slot.
        var hash: UInt64
        var offset: Int
        var length: Int
        var value: Int64
    }

    private static var emptySlot: Slot { Slot(hash: 0, offset: 0, length: 0, value: 0) }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    /// The bytes of the key being looked up (kept to spare an allocation a look-up).
    private var scratch: [UInt8] = []
    /// 64 minus the number of bits of the capacity: the hash's top bits index the slots.
    private var shift: UInt64
    /// The number of keys held.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 8) {
        let bits = slotBits(capacity: capacity)
        slots = Array(repeating: Self.emptySlot, count: 1 << bits)
        shift = 64 - bits
        scratch.reserveCapacity(64)
    }

    /// The id of `key`, nil when the table has none. Setting nil is not supported (a key once in
    /// stays in) and is ignored.
    subscript(key: Key) -> Int64? {
        mutating get {
            let (index, hash) = locate(key)
            return slots[index].hash == hash ? slots[index].value : nil
        }
        set {
            guard let newValue else { return }
            var (index, hash) = locate(key)
            insert(newValue, at: &index, hash: hash)
        }
    }

    /// Forgets every key, keeping the room the table had.
    mutating func removeAll() {
        guard count > 0 else { return }
        for index in slots.indices { slots[index] = Self.emptySlot }
        arena.removeAll(keepingCapacity: true)
        count = 0
    }

    /// The id of the key `keys` holds at `index` (written beforehand, with its hash: see
    /// ``WrittenKeys``), nil when the table has none; setting works as for a key.
    subscript(written keys: WrittenKeys, at index: Int) -> Int64? {
        mutating get {
            let (slot, hash) = locate(written: keys, at: index)
            return slots[slot].hash == hash ? slots[slot].value : nil
        }
        set {
            guard let newValue else { return }
            var (slot, hash) = locate(written: keys, at: index)
            insert(newValue, at: &slot, hash: hash)
        }
    }

    /// Sets the value of the key in `scratch` whose slot `locate` gave.
    private mutating func insert(_ value: Int64, at index: inout Int, hash: UInt64) {
        if slots[index].hash == hash {
            slots[index].value = value
            return
        }
        if (count + 1) * 2 > slots.count {
            grow()
            index = emptySlot(for: hash)
        }
        slots[index] = Slot(hash: hash, offset: arena.count, length: scratch.count, value: value)
        arena.append(contentsOf: scratch)
        count += 1
    }

    /// Writes `key` into `scratch` and finds it: its slot and hash when it is held, else the
    /// empty slot where it would go (whose hash is 0).
    private mutating func locate(_ key: Key) -> (index: Int, hash: UInt64) {
        scratch.removeAll(keepingCapacity: true)
        key.write(into: &scratch)
        return locateScratch(hash: Self.hash(scratch))
    }

    /// Copies the key `keys` holds at `index` into `scratch` and finds it, by the hash written
    /// with it.
    private mutating func locate(written keys: WrittenKeys, at index: Int) -> (index: Int, hash: UInt64) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: keys.bytes[keys.range(index)])
        return locateScratch(hash: keys.hashes[index])
    }

    /// Finds the key in `scratch`, whose hash is `hash` (see ``locate(_:)``).
    private func locateScratch(hash: UInt64) -> (index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash >> shift)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBytes { arena in
                scratch.withUnsafeBytes { key in
                    while true {
                        let slot = slots[index]
                        if slot.hash == 0 { return (index, hash) }
                        if slot.hash == hash, slot.length == key.count, Self.same(arena, at: slot.offset, key) {
                            return (index, hash)
                        }
                        index = (index + 1) & mask
                    }
                }
            }
        }
    }

    /// Whether the `key.count` bytes of `arena` from `offset` are the bytes of `key`.
    private static func same(_ arena: UnsafeRawBufferPointer, at offset: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard key.count > 0 else { return true }
        guard let stored = arena.baseAddress, let wanted = key.baseAddress else { return false }
        return memcmp(stored + offset, wanted, key.count) == 0
    }

    /// The first empty slot for `hash` (the key is known not to be held).
    private func emptySlot(for hash: UInt64) -> Int {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash >> shift)
        while slots[index].hash != 0 { index = (index + 1) & mask }
        return index
    }

    private mutating func grow() {
        let old = slots
        shift -= 1
        slots = Array(repeating: Self.emptySlot, count: old.count * 2)
        for slot in old where slot.hash != 0 {
            slots[emptySlot(for: slot.hash)] = slot
        }
    }

    /// A 64-bit hash of `bytes`, never 0: eight bytes at a time, each mixed in by a multiplication,
    /// and the result's bits mixed (MurmurHash3's finalizer) so that its top bits index the slots.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// ``hash(_:)`` of the bytes `raw` points to.
    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        if offset < raw.count {
            var word: UInt64 = 0
            for (shift, byte) in raw[offset...].enumerated() { word |= UInt64(byte) << (8 * UInt64(shift)) }
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash == 0 ? 1 : hash
    }
}
