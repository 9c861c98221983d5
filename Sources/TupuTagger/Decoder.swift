/// Tag transition scores in the layout the decoder wants, by lane (`Tags.lane`).
struct TransitionTable: Sendable {
    /// `columns[c][p]`: the score of lane c after lane p; `impossible` where c may not follow p.
    var columns: [SIMD16<Int32>]
    /// For each closing lane p (O, S, E: `Decoder.closing`), the scores of the opening lanes
    /// 0–7 (O, B, S, unused) after it.
    var opening: [SIMD8<Int32>]
    /// Into M and E of each kind (lanes 8–10, 11–13): from B (`fromBegin`) and from M (`fromMiddle`),
    /// as one half-vector (M of the three kinds, E of the three kinds, two unused).
    var fromBegin: SIMD8<Int32>
    var fromMiddle: SIMD8<Int32>
    /// Scores of the first and last lane; `impossible` for tags that cannot start or end a line.
    var start: SIMD16<Int32>
    var end: SIMD16<Int32>

    /// From scores in tag order (`transitions[p · 13 + c]`, `start[t]`, `end[t]`).
    init(transitions: [Int32], start: [Int32], end: [Int32]) {
        let t = Tags.count
        let impossible = Decoder.impossible
        var matrix = [[Int32]](repeating: [Int32](repeating: impossible, count: 16), count: 16)
        for previous in 0..<t {
            for current in 0..<t where Tags.isAllowed(from: previous, to: current) {
                matrix[Tags.lane[previous]][Tags.lane[current]] = transitions[previous * t + current]
            }
        }
        columns = (0..<16).map { current in
            var column = SIMD16<Int32>(repeating: impossible)
            for previous in 0..<16 { column[previous] = matrix[previous][current] }
            return column
        }
        opening = Decoder.closing.map { previous in
            var row = SIMD8<Int32>(repeating: impossible)
            for current in 0..<8 { row[current] = matrix[previous][current] }
            return row
        }
        fromBegin = SIMD8<Int32>(repeating: impossible)
        fromMiddle = SIMD8<Int32>(repeating: impossible)
        for kind in 0..<3 {
            fromBegin[kind] = matrix[1 + kind][8 + kind]
            fromBegin[3 + kind] = matrix[1 + kind][11 + kind]
            fromMiddle[kind] = matrix[8 + kind][8 + kind]
            fromMiddle[3 + kind] = matrix[8 + kind][11 + kind]
        }
        self.start = SIMD16<Int32>(repeating: impossible)
        self.end = SIMD16<Int32>(repeating: impossible)
        for tag in 0..<t {
            if Tags.opens(tag) { self.start[Tags.lane[tag]] = start[tag] }
            if Tags.closes(tag) { self.end[Tags.lane[tag]] = end[tag] }
        }
    }
}

/// Viterbi decoding over the BIES tag set, with the transitions that would break a name
/// forbidden, on 16-lane score vectors (`Tags.lane`). Each position's scores are shifted so that
/// its best is 0, and anything below `impossible` is raised to it, so sums stay far from
/// overflow on lines of any length.
enum Decoder {
    static let impossible: Int32 = -(1 << 26)
    /// The lanes of O, S and E: the tags after which a name may begin.
    static let closing: [Int] = [0, 4, 5, 6, 11, 12, 13]

    /// Work space for lines of up to `capacity` characters.
    struct Buffers {
        let alpha: UnsafeMutablePointer<SIMD16<Int32>>
        let beta: UnsafeMutablePointer<SIMD16<Int32>>

        init(capacity: Int) {
            alpha = .allocate(capacity: max(capacity, 1))
            beta = .allocate(capacity: max(capacity, 1))
        }

        /// Buffers in memory the caller owns (and frees): not to be deallocated.
        init(alpha: UnsafeMutablePointer<SIMD16<Int32>>, beta: UnsafeMutablePointer<SIMD16<Int32>>) {
            self.alpha = alpha
            self.beta = beta
        }

        func deallocate() {
            alpha.deallocate()
            beta.deallocate()
        }
    }

    /// Lane-wise maximum with plain vector arithmetic (Swift's generic `pointwiseMax` was not
    /// vectorized): `a - min(a - b, 0)`.
    @inline(__always)
    static func maximum(_ a: SIMD16<Int32>, _ b: SIMD16<Int32>) -> SIMD16<Int32> {
        let d = a &- b
        return a &- (d & (d &>> 31))
    }

    @inline(__always)
    static func maximum(_ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> {
        let d = a &- b
        return a &- (d & (d &>> 31))
    }

    /// The largest score of lanes 0–13, by halving the vector. Lanes 14 and 15 (unused) are set
    /// to -2^30 first: below every score a lane can hold (at least 2 · `impossible` less an
    /// emission), and far enough from Int32.min that `maximum` does not overflow.
    @inline(__always)
    static func top(_ v: SIMD16<Int32>) -> Int32 {
        let low: Int32 = -(1 << 30)
        let high = (v.highHalf & SIMD8<Int32>(-1, -1, -1, -1, -1, -1, 0, 0)) | SIMD8<Int32>(0, 0, 0, 0, 0, 0, low, low)
        let m8 = maximum(v.lowHalf, high)
        let m4 = maximum(m8.lowHalf, m8.highHalf)
        return max(max(m4[0], m4[1]), max(m4[2], m4[3]))
    }

    /// Shifts the scores so that the best lane (of lanes 0–13) is 0 and raises the rest to `impossible`.
    @inline(__always)
    static func normalized(_ v: SIMD16<Int32>) -> SIMD16<Int32> {
        maximum(v &- SIMD16(repeating: top(v)), SIMD16(repeating: impossible))
    }

    @inline(__always)
    static func maximum(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> SIMD4<Int32> {
        let d = a &- b
        return a &- (d & (d &>> 31))
    }

    /// The best lane sequence for `n` characters from their emission scores. With `margins`,
    /// also each character's max-marginal margin: the best path's score minus the best score of
    /// a path that tags that character otherwise.
    static func decode(
        emissions: UnsafePointer<SIMD16<Int32>>,
        count n: Int,
        transitions table: TransitionTable,
        buffers: Buffers,
        tags: UnsafeMutablePointer<UInt8>,
        margins: UnsafeMutablePointer<Int32>?
    ) {
        guard n > 0 else { return }
        let alpha = buffers.alpha
        let lowest = SIMD8<Int32>(repeating: 2 * impossible)
        table.opening.withUnsafeBufferPointer { opening in
            alpha[0] = normalized(table.start &+ emissions[0])
            for i in 1..<max(n, 1) {
                // Read as a SIMD value, not through a pointer of another type: the store of
                // alpha[i - 1] must be seen (type-based aliasing lets the optimizer reorder
                // accesses through an Int32 pointer to memory written as SIMD16<Int32>).
                let b = alpha[i - 1]
                // O, B, S: from O, S or E.
                var open = lowest
                open = maximum(open, SIMD8(repeating: b[0]) &+ opening[0])
                open = maximum(open, SIMD8(repeating: b[4]) &+ opening[1])
                open = maximum(open, SIMD8(repeating: b[5]) &+ opening[2])
                open = maximum(open, SIMD8(repeating: b[6]) &+ opening[3])
                open = maximum(open, SIMD8(repeating: b[11]) &+ opening[4])
                open = maximum(open, SIMD8(repeating: b[12]) &+ opening[5])
                open = maximum(open, SIMD8(repeating: b[13]) &+ opening[6])
                // M and E: from B or M of the same kind.
                let begins = SIMD8<Int32>(b[1], b[2], b[3], b[1], b[2], b[3], 0, 0)
                let middles = SIMD8<Int32>(b[8], b[9], b[10], b[8], b[9], b[10], 0, 0)
                let inside = maximum(begins &+ table.fromBegin, middles &+ table.fromMiddle)
                alpha[i] = normalized(SIMD16(lowHalf: open, highHalf: inside) &+ emissions[i])
            }
        }
        // The best last lane, then back through the stored scores (ties go to the lowest lane).
        var lane = bestLane(alpha[n - 1] &+ table.end)
        tags[n - 1] = UInt8(truncatingIfNeeded: lane)
        var i = n - 1
        while i > 0 {
            lane = bestLane(alpha[i - 1] &+ table.columns[lane])
            i -= 1
            tags[i] = UInt8(truncatingIfNeeded: lane)
        }

        guard let margins else { return }
        // Backward: beta[i][lane] = the best score of what follows position i given its lane.
        let beta = buffers.beta
        table.columns.withUnsafeBufferPointer { columns in
            beta[n - 1] = table.end
            var j = n - 2
            while j >= 0 {
                let g = emissions[j + 1] &+ beta[j + 1]
                // O, S, E (and nothing else) go on to O, B or S.
                var best = SIMD16<Int32>(repeating: 2 * impossible)
                for next in 0..<7 {
                    best = maximum(best, SIMD16(repeating: g[next]) &+ columns[next])
                }
                // B and M go on to M or E of the same kind.
                for kind in 0..<3 {
                    best[1 + kind] = max(
                        table.fromBegin[kind] &+ g[8 + kind], table.fromBegin[3 + kind] &+ g[11 + kind])
                    best[8 + kind] = max(
                        table.fromMiddle[kind] &+ g[8 + kind], table.fromMiddle[3 + kind] &+ g[11 + kind])
                }
                beta[j] = normalized(best)
                j -= 1
            }
        }
        for i in 0..<n {
            let scores = alpha[i] &+ beta[i]
            let chosen = Int(tags[i])
            var other = Int32.min
            for lane in 0..<14 where lane != chosen && lane != 7 && scores[lane] > other { other = scores[lane] }
            margins[i] = scores[chosen] &- other
        }
    }

    /// The lane of the best score among lanes 0–13, the lowest of equal ones.
    @inline(__always)
    static func bestLane(_ scores: SIMD16<Int32>) -> Int {
        let best = top(scores)
        for lane in 0..<14 where scores[lane] == best { return lane }
        return 0
    }
}
