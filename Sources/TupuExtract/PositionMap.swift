/// A map from text positions to text positions, one slot a position: a lookup is an index, not
/// a hash. Positions outside the slots (and negative ones) map to nothing.
struct PositionMap: Sendable {
    /// The value of each position, or -1 for none.
    private var values: [Int] = []

    init() {}

    /// A map with slots for positions `0..<count` (it grows when a later position is set).
    init(count: Int) {
        values = [Int](repeating: -1, count: max(count, 0))
    }

    subscript(position: Int) -> Int? {
        get {
            guard position >= 0, position < values.count else { return nil }
            let value = values[position]
            return value >= 0 ? value : nil
        }
        set {
            guard position >= 0 else { return }
            if position >= values.count {
                guard newValue != nil else { return }
                values += repeatElement(-1, count: position + 1 - values.count)
            }
            values[position] = newValue.map { max($0, -1) } ?? -1
        }
    }
}

/// A set of text positions, one flag a position: membership is an index, not a hash.
struct PositionSet: Sendable {
    private var flags: [Bool] = []

    init() {}

    /// A set with flags for positions `0..<count` (it grows when a later position is inserted).
    init(count: Int) {
        flags = [Bool](repeating: false, count: max(count, 0))
    }

    func contains(_ position: Int) -> Bool {
        position >= 0 && position < flags.count && flags[position]
    }

    mutating func insert(_ position: Int) {
        guard position >= 0 else { return }
        if position >= flags.count { flags += repeatElement(false, count: position + 1 - flags.count) }
        flags[position] = true
    }
}
