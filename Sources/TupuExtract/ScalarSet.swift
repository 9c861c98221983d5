/// A set of Unicode scalars whose membership test is a bit lookup, without hashing.
///
/// Scalars of the Basic Multilingual Plane live in a bitmap just large enough for the highest
/// one; the rare scalars above it fall back to a `Set`.
struct ScalarSet: Sendable {
    private var bits: [UInt64] = []
    /// `bits.count`, kept beside the array so that a lookup reads no array header.
    private var wordCount = 0
    private var others: Set<Unicode.Scalar> = []

    init() {}

    init<S: Sequence<Unicode.Scalar>>(_ scalars: S) {
        formUnion(scalars)
    }

    mutating func insert(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        guard value < 0x10000 else {
            others.insert(scalar)
            return
        }
        let word = Int(value >> 6)
        if word >= bits.count { bits += repeatElement(0, count: word + 1 - bits.count) }
        bits[word] |= 1 << UInt64(value & 63)
        wordCount = bits.count
    }

    mutating func formUnion<S: Sequence<Unicode.Scalar>>(_ scalars: S) {
        for scalar in scalars { insert(scalar) }
    }

    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let word = Int(value >> 6)
        if word < wordCount { return bits[word] & (1 << UInt64(value & 63)) != 0 }
        return value >= 0x10000 && !others.isEmpty && others.contains(scalar)
    }
}
