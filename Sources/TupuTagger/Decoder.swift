/// Tag transition scores in the layout the decoder wants: one 16-lane vector per tag.
struct TransitionTable: Sendable {
    /// `rows[p][c]`: the score of tag c after tag p; `impossible` where c may not follow p.
    var rows: [SIMD16<Int32>]
    /// `columns[c][p]`: the same scores by following tag.
    var columns: [SIMD16<Int32>]
    /// Scores of the first and last tag; `impossible` for tags that cannot start or end a line.
    var start: SIMD16<Int32>
    var end: SIMD16<Int32>

    init(transitions: [Int32], start: [Int32], end: [Int32]) {
        let t = Tags.count
        let impossible = Decoder.impossible
        rows = []
        columns = []
        for previous in 0..<t {
            var row = SIMD16<Int32>(repeating: impossible)
            for current in 0..<t where Tags.isAllowed(from: previous, to: current) {
                row[current] = transitions[previous * t + current]
            }
            rows.append(row)
        }
        for current in 0..<t {
            var column = SIMD16<Int32>(repeating: impossible)
            for previous in 0..<t where Tags.isAllowed(from: previous, to: current) {
                column[previous] = transitions[previous * t + current]
            }
            columns.append(column)
        }
        self.start = SIMD16<Int32>(repeating: impossible)
        self.end = SIMD16<Int32>(repeating: impossible)
        for tag in 0..<t {
            if Tags.opens(tag) { self.start[tag] = start[tag] }
            if Tags.closes(tag) { self.end[tag] = end[tag] }
        }
    }
}

/// Viterbi decoding over the BIES tag set, with the transitions that would break a name
/// forbidden. Each position's scores are shifted so that its best is 0, and anything below
/// `impossible` is raised to it, so sums stay far from overflow on lines of any length.
enum Decoder {
    static let impossible: Int32 = -(1 << 26)

    /// Work space for lines of up to `capacity` characters.
    struct Buffers {
        let alpha: UnsafeMutablePointer<SIMD16<Int32>>
        let beta: UnsafeMutablePointer<SIMD16<Int32>>

        init(capacity: Int) {
            alpha = .allocate(capacity: max(capacity, 1))
            beta = .allocate(capacity: max(capacity, 1))
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

    /// Shifts the scores so that the best of the 13 tags is 0 and raises the rest to `impossible`.
    @inline(__always)
    static func normalized(_ v: SIMD16<Int32>) -> SIMD16<Int32> {
        var top = v[0]
        for lane in 1..<Tags.count where v[lane] > top { top = v[lane] }
        return maximum(v &- SIMD16(repeating: top), SIMD16(repeating: impossible))
    }

    /// The best tag sequence for `n` characters from their emission scores (lanes 13–15 unused).
    /// With `margins`, also each character's max-marginal margin: the best path's score minus
    /// the best score of a path that tags that character otherwise.
    static func decode(
        emissions: UnsafePointer<SIMD16<Int32>>,
        count n: Int,
        transitions table: TransitionTable,
        buffers: Buffers,
        tags: UnsafeMutablePointer<UInt8>,
        margins: UnsafeMutablePointer<Int32>?
    ) {
        guard n > 0 else { return }
        let t = Tags.count
        let alpha = buffers.alpha
        let alphaScalars = UnsafeMutableRawPointer(alpha).assumingMemoryBound(to: Int32.self)
        let lowest = SIMD16<Int32>(repeating: 2 * impossible)
        table.rows.withUnsafeBufferPointer { rows in
            alpha[0] = normalized(table.start &+ emissions[0])
            for i in 1..<max(n, 1) {
                let before = alphaScalars + (i - 1) * 16
                var best = lowest
                for previous in 0..<t {
                    best = maximum(best, SIMD16(repeating: before[previous]) &+ rows[previous])
                }
                alpha[i] = normalized(best &+ emissions[i])
            }
        }
        // The best last tag, then back through the stored scores (ties go to the lowest tag).
        var tag = bestLane(alpha[n - 1] &+ table.end)
        tags[n - 1] = UInt8(truncatingIfNeeded: tag)
        var i = n - 1
        while i > 0 {
            tag = bestLane(alpha[i - 1] &+ table.columns[tag])
            i -= 1
            tags[i] = UInt8(truncatingIfNeeded: tag)
        }

        guard let margins else { return }
        // Backward: beta[i][tag] = the best score of what follows position i given its tag.
        let beta = buffers.beta
        withUnsafeTemporaryAllocation(of: SIMD16<Int32>.self, capacity: 1) { work in
            guard let following = work.baseAddress else { return }
            let followingScalars = UnsafeMutableRawPointer(following).assumingMemoryBound(to: Int32.self)
            table.columns.withUnsafeBufferPointer { columns in
                beta[n - 1] = table.end
                var j = n - 2
                while j >= 0 {
                    following.pointee = emissions[j + 1] &+ beta[j + 1]
                    var best = lowest
                    for next in 0..<t {
                        best = maximum(best, SIMD16(repeating: followingScalars[next]) &+ columns[next])
                    }
                    beta[j] = normalized(best)
                    j -= 1
                }
            }
        }
        for i in 0..<n {
            let scores = alpha[i] &+ beta[i]
            let chosen = Int(tags[i])
            var other = Int32.min
            for lane in 0..<t where lane != chosen && scores[lane] > other { other = scores[lane] }
            margins[i] = scores[chosen] &- other
        }
    }

    @inline(__always)
    static func bestLane(_ scores: SIMD16<Int32>) -> Int {
        var best = 0
        for lane in 1..<Tags.count where scores[lane] > scores[best] { best = lane }
        return best
    }
}
