/// Character clusters learned without labels, for the tagger's cluster features: characters
/// that occur between similar neighbours (given-name characters, place-name characters,
/// verbs, measure words …) fall in one cluster, so that a character seen rarely or never as part
/// of a name in training still gets the weights of its cluster.
///
/// Each character seen often enough gets a vector of its left and right neighbours (the most
/// frequent characters, one "other" and the line's boundary; the square roots of their relative
/// frequencies on each side, the whole vector of unit length), and spherical k-means
/// (cosine similarity, seeded k-means++ start) groups the vectors, once for each number of
/// clusters asked for. Deterministic: the same texts and parameters give the same clusters.
public enum CharacterClusters {
    public struct Parameters: Sendable, Hashable {
        /// The number of clusters at each level (coarse first).
        public var sizes: [Int] = [64, 256]
        /// Characters seen fewer times get no cluster.
        public var minimumCount: Int = 3
        /// The number of most frequent characters that are told apart as neighbours.
        public var contexts: Int = 1000
        /// Most k-means rounds at each level (it stops earlier when no character moves).
        public var iterations: Int = 30
        public var seed: UInt64 = 1998
        public init() {}
    }

    /// The clusters of every character seen at least `minimumCount` times in `texts`, keyed by
    /// normalized scalar: one cluster number a level, in the order of `parameters.sizes`.
    public static func learn(_ texts: [[Unicode.Scalar]], parameters: Parameters = Parameters()) -> [UInt32: [UInt16]] {
        var counts: [UInt32: Int] = [:]
        for text in texts { for scalar in text { counts[normalizedScalar(scalar.value), default: 0] += 1 } }
        let byFrequency = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let contextCount = min(parameters.contexts, byFrequency.count)
        var contextIndex: [UInt32: Int] = [:]
        for (index, entry) in byFrequency.prefix(contextCount).enumerated() { contextIndex[entry.key] = index }
        let other = contextCount, boundary = contextCount + 1, side = contextCount + 2
        let dimensions = 2 * side
        let clustered = byFrequency.filter { $0.value >= parameters.minimumCount }.map(\.key)
        var row: [UInt32: Int] = [:]
        for (index, scalar) in clustered.enumerated() { row[scalar] = index }
        if clustered.isEmpty { return [:] }

        // Neighbour counts of each clustered character: left neighbours in 0..<side, right ones in side..<2·side.
        var neighbours = [[Int: Int]](repeating: [:], count: clustered.count)
        for text in texts {
            let scalars = text.map { normalizedScalar($0.value) }
            for (position, scalar) in scalars.enumerated() {
                guard let r = row[scalar] else { continue }
                let left = position > 0 ? (contextIndex[scalars[position - 1]] ?? other) : boundary
                let right = position + 1 < scalars.count ? (contextIndex[scalars[position + 1]] ?? other) : boundary
                neighbours[r][left, default: 0] += 1
                neighbours[r][side + right, default: 0] += 1
            }
        }
        // Sparse unit vectors: the square roots of the relative frequencies on each side.
        var indices: [[Int]] = []
        var values: [[Float]] = []
        for (r, scalar) in clustered.enumerated() {
            let total = Double(counts[scalar] ?? 1)
            let entries = neighbours[r].sorted { $0.key < $1.key }
            var vector = entries.map { Float((Double($0.value) / total).squareRoot()) }
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for k in vector.indices { vector[k] /= norm } }
            indices.append(entries.map(\.key))
            values.append(vector)
        }
        neighbours = []

        var result: [UInt32: [UInt16]] = [:]
        for size in parameters.sizes {
            let assignment = kMeans(indices: indices, values: values, dimensions: dimensions, clusters: min(size, clustered.count), parameters: parameters)
            for (r, scalar) in clustered.enumerated() { result[scalar, default: []].append(UInt16(assignment[r])) }
        }
        return result
    }

    /// SplitMix64, for a start that is the same on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A number in 0..<1.
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// Spherical k-means over sparse unit vectors; the cluster of each vector, clusters numbered
    /// by their first member.
    static func kMeans(indices: [[Int]], values: [[Float]], dimensions: Int, clusters k: Int, parameters: Parameters) -> [Int] {
        let n = indices.count
        var random = Random(state: parameters.seed ^ UInt64(k))
        // Centroids stored transposed: centroids[dimension · k + cluster], for contiguous inner loops.
        var centroids = [Float](repeating: 0, count: dimensions * k)
        func similarities(_ item: Int, into scores: inout [Float]) {
            for c in 0..<k { scores[c] = 0 }
            centroids.withUnsafeBufferPointer { centroids in
                scores.withUnsafeMutableBufferPointer { scores in
                    for (d, value) in zip(indices[item], values[item]) {
                        let base = d * k
                        for c in 0..<k { scores[c] += value * centroids[base + c] }
                    }
                }
            }
        }
        func dot(_ a: Int, _ b: Int) -> Float {
            var result: Float = 0
            var i = 0, j = 0
            let ia = indices[a], ib = indices[b]
            while i < ia.count && j < ib.count {
                if ia[i] == ib[j] {
                    result += values[a][i] * values[b][j]
                    i += 1
                    j += 1
                } else if ia[i] < ib[j] {
                    i += 1
                } else {
                    j += 1
                }
            }
            return result
        }
        // k-means++: each next centre drawn with probability proportional to its distance (1 − cosine) to the nearest centre.
        var centres = [Int(random.next() % UInt64(n))]
        var distance = (0..<n).map { max(0, 1 - dot($0, centres[0])) }
        while centres.count < k {
            let total = distance.reduce(0, +)
            var pick = n - 1
            if total > 0 {
                var target = Float(random.unit()) * total
                for i in 0..<n {
                    target -= distance[i]
                    if target <= 0 && distance[i] > 0 {
                        pick = i
                        break
                    }
                }
            } else {
                pick = Int(random.next() % UInt64(n))
            }
            centres.append(pick)
            for i in 0..<n { distance[i] = min(distance[i], max(0, 1 - dot(i, pick))) }
        }
        for (c, item) in centres.enumerated() {
            for (d, value) in zip(indices[item], values[item]) { centroids[d * k + c] = value }
        }

        var assignment = [Int](repeating: -1, count: n)
        var scores = [Float](repeating: 0, count: k)
        for _ in 0..<parameters.iterations {
            var moved = 0
            for item in 0..<n {
                similarities(item, into: &scores)
                var best = 0
                for c in 1..<k where scores[c] > scores[best] { best = c }
                if assignment[item] != best {
                    assignment[item] = best
                    moved += 1
                }
            }
            if moved == 0 { break }
            // New centroids: the normalized sums of their members; an empty cluster keeps its centre.
            var sums = [Float](repeating: 0, count: dimensions * k)
            var members = [Int](repeating: 0, count: k)
            for item in 0..<n {
                let c = assignment[item]
                members[c] += 1
                for (d, value) in zip(indices[item], values[item]) { sums[d * k + c] += value }
            }
            var norms = [Float](repeating: 0, count: k)
            for d in 0..<dimensions { for c in 0..<k { norms[c] += sums[d * k + c] * sums[d * k + c] } }
            for c in 0..<k where members[c] > 0 && norms[c] > 0 {
                let scale = 1 / norms[c].squareRoot()
                for d in 0..<dimensions { centroids[d * k + c] = sums[d * k + c] * scale }
            }
        }
        // Number the clusters by their first member, so the numbering does not depend on the start.
        var renumber: [Int: Int] = [:]
        for c in assignment where renumber[c] == nil { renumber[c] = renumber.count }
        return assignment.map { renumber[$0] ?? 0 }
    }
}
