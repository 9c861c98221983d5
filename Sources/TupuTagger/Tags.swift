/// The tag set: O, then B, M, E, S for each kind (person, place, organization).
///
/// Tag `1 + 4·kind + position`, position 0 = B (begins a name of two or more characters),
/// 1 = M (inside), 2 = E (ends it), 3 = S (a one-character name).
enum Tags {
    static let count = 13
    /// Emission scores and weight rows are padded to 16 per character, for vector loads.
    static let stride = 16
    static let outside: UInt8 = 0

    /// Where each tag sits among the 16 lanes of a score vector: O at 0, B of the three kinds at
    /// 1–3 and S at 4–6 (the tags that may follow O, E or S: one half-vector), M at 8–10 and E at
    /// 11–13; lanes 7, 14 and 15 are unused. The decoder works on lanes.
    static let lane: [Int] = [0, 1, 8, 11, 4, 2, 9, 12, 5, 3, 10, 13, 6]
    /// The tag in each lane, -1 for unused lanes.
    static let tagOfLane: [Int] = (0..<16).map { lane.firstIndex(of: $0) ?? -1 }

    static func tag(kind: NameKind, position: Int) -> UInt8 {
        UInt8(1 + 4 * Int(kind.rawValue) + position)
    }

    /// The tag of the character at `offset` in a name of `length` characters.
    static func tag(kind: NameKind, offset: Int, length: Int) -> UInt8 {
        if length == 1 { return tag(kind: kind, position: 3) }
        if offset == 0 { return tag(kind: kind, position: 0) }
        if offset == length - 1 { return tag(kind: kind, position: 2) }
        return tag(kind: kind, position: 1)
    }

    /// True for O, E and S: a tag after which a new name (or nothing) may start.
    static func closes(_ tag: Int) -> Bool {
        tag == 0 || (tag - 1) % 4 >= 2
    }

    /// True for O, B and S: a tag that may follow a closing tag.
    static func opens(_ tag: Int) -> Bool {
        tag == 0 || (tag - 1) % 4 == 0 || (tag - 1) % 4 == 3
    }

    static func isAllowed(from previous: Int, to current: Int) -> Bool {
        if closes(previous) { return opens(current) }
        // previous is B or M of some kind: only M or E of the same kind follows.
        let kind = (previous - 1) / 4
        let position = (current - 1) % 4
        return current != 0 && (current - 1) / 4 == kind && (position == 1 || position == 2)
    }

    /// Spans from a tag sequence (which the decoder keeps well formed).
    static func spans(from tags: UnsafeBufferPointer<UInt8>, offset: Int) -> [NameSpan] {
        var result: [NameSpan] = []
        var open = -1
        for index in 0..<tags.count {
            let tag = Int(tags[index])
            if tag == 0 { open = -1; continue }
            let kind = NameKind(rawValue: UInt8((tag - 1) / 4)) ?? .person
            switch (tag - 1) % 4 {
            case 0: open = index
            case 1: break
            case 2:
                if open >= 0 { result.append(NameSpan(start: offset + open, end: offset + index + 1, kind: kind)) }
                open = -1
            default:
                result.append(NameSpan(start: offset + index, end: offset + index + 1, kind: kind))
                open = -1
            }
        }
        return result
    }
}
