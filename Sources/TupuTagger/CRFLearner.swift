import Foundation

/// A linear-chain conditional random field over the 13 tags, trained one sentence at a time by
/// stochastic gradient descent on the L2-penalized log-likelihood (as CRFsuite's `l2sgd`): the
/// step of update t is `1 / (λ · (t0 + t))` with `λ = 2 · c2 / N` and `t0 = 1 / (λ · η0)`. The
/// penalty shrinks every weight by `1 − step · λ` each update; the weights are kept as
/// `decay · stored` so that the shrinking costs one multiplication. Transitions that would break
/// a name are not scored (probability 0), as in decoding. Deterministic: one thread, fixed order.
///
/// Averaging (after `startAveraging()`): the model's weights are the mean of the weights after
/// every update since then (averaged SGD), which smooths the noise of the last steps. Each
/// slot's sum is brought up to date only when the slot is updated (and at the end): between two
/// updates its stored row is constant, so it adds `stored · (D_now − D_then)`, with `D` the
/// running sum of the decay factors.
struct CRFLearner {
    let stride: Int
    /// Stored weights; the weights are `decay ·` these.
    var weights: [Double]
    var transitions = [Double](repeating: 0, count: Tags.count * Tags.count)
    var start = [Double](repeating: 0, count: Tags.count)
    var end = [Double](repeating: 0, count: Tags.count)
    var decay = 1.0
    let lambda: Double
    let t0: Double
    var step = 0.0

    /// Averaging: whether on, the sums of the weights, the running sum of the decay factors, its
    /// value when each slot's sum was last brought up to date, and the number of steps averaged.
    var averaging = false
    var sums: [Double] = []
    var transitionSums = [Double](repeating: 0, count: Tags.count * Tags.count)
    var startSums = [Double](repeating: 0, count: Tags.count)
    var endSums = [Double](repeating: 0, count: Tags.count)
    var decaySum = 0.0
    var lastDecaySum: [Double] = []
    var averagedSteps = 0.0
    let slotCount: Int

    /// Whether tag `current` may follow `previous`, may start and may end a line.
    let allowed: [Bool]
    let opens: [Bool]
    let closes: [Bool]

    init(slotCount: Int, stride: Int, sentences: Int, options: TrainingOptions) {
        self.stride = stride
        self.slotCount = slotCount
        weights = [Double](repeating: 0, count: slotCount * Tags.count)
        lambda = 2 * max(options.l2, 1e-12) / Double(max(sentences, 1))
        t0 = 1 / (lambda * max(options.learningRate, 1e-12))
        let t = Tags.count
        allowed = (0..<(t * t)).map { Tags.isAllowed(from: $0 / t, to: $0 % t) }
        opens = (0..<t).map { Tags.opens($0) }
        closes = (0..<t).map { Tags.closes($0) }
    }

    /// One update from one sentence; returns its negative log-likelihood before the update.
    mutating func learn(slots: [Int32], gold: [UInt8]) -> Double {
        let n = gold.count
        let t = Tags.count
        guard n > 0 else { return 0 }
        let eta = 1 / (lambda * (t0 + step))
        step += 1
        decay *= 1 - eta * lambda
        if decay < 1e-9 { rescale() }
        let d = decay

        // Emission scores, their exponentials (shifted by each position's best) and the
        // exponentials of the transitions.
        var psi = [Double](repeating: 0, count: n * t)
        var shift = [Double](repeating: 0, count: n)
        var goldScore = 0.0
        weights.withUnsafeBufferPointer { w in
            slots.withUnsafeBufferPointer { slots in
                var e = [Double](repeating: 0, count: t)
                for i in 0..<n {
                    for tag in 0..<t { e[tag] = 0 }
                    for column in 0..<stride {
                        let slot = Int(slots[i * stride + column])
                        if slot < 0 { continue }
                        let base = slot * t
                        for tag in 0..<t { e[tag] += w[base + tag] }
                    }
                    var top = -Double.infinity
                    for tag in 0..<t {
                        e[tag] *= d
                        top = max(top, e[tag])
                    }
                    shift[i] = top
                    goldScore += e[Int(gold[i])]
                    for tag in 0..<t { psi[i * t + tag] = exp(e[tag] - top) }
                }
            }
        }
        var expT = [Double](repeating: 0, count: t * t)
        for k in 0..<(t * t) where allowed[k] { expT[k] = exp(d * transitions[k]) }
        var expStart = [Double](repeating: 0, count: t)
        var expEnd = [Double](repeating: 0, count: t)
        for tag in 0..<t {
            if opens[tag] { expStart[tag] = exp(d * start[tag]) }
            if closes[tag] { expEnd[tag] = exp(d * end[tag]) }
        }
        goldScore += d * start[Int(gold[0])] + d * end[Int(gold[n - 1])]
        for i in 1..<max(n, 1) { goldScore += d * transitions[Int(gold[i - 1]) * t + Int(gold[i])] }

        // Scaled forward and backward.
        var alpha = [Double](repeating: 0, count: n * t)
        var beta = [Double](repeating: 0, count: n * t)
        var scale = [Double](repeating: 0, count: n)
        var sum = 0.0
        for tag in 0..<t {
            alpha[tag] = expStart[tag] * psi[tag]
            sum += alpha[tag]
        }
        scale[0] = sum
        for tag in 0..<t { alpha[tag] /= sum }
        for i in 1..<max(n, 1) {
            sum = 0
            for current in 0..<t {
                var value = 0.0
                for previous in 0..<t { value += alpha[(i - 1) * t + previous] * expT[previous * t + current] }
                value *= psi[i * t + current]
                alpha[i * t + current] = value
                sum += value
            }
            scale[i] = sum
            for tag in 0..<t { alpha[i * t + tag] /= sum }
        }
        var final = 0.0
        for tag in 0..<t { final += alpha[(n - 1) * t + tag] * expEnd[tag] }
        for tag in 0..<t { beta[(n - 1) * t + tag] = expEnd[tag] / final }
        var i = n - 2
        while i >= 0 {
            for previous in 0..<t {
                var value = 0.0
                for current in 0..<t {
                    value += expT[previous * t + current] * psi[(i + 1) * t + current] * beta[(i + 1) * t + current]
                }
                beta[i * t + previous] = value / scale[i + 1]
            }
            i -= 1
        }
        var logZ = log(final)
        for i in 0..<n { logZ += log(scale[i]) + shift[i] }

        // Gradient of the log-likelihood: observed minus expected counts, applied at once.
        // With averaging, the weights of this step before its update count from here on (a
        // slot's sum is brought up to date before its row changes).
        let gain = eta / d
        var delta = [Double](repeating: 0, count: t)
        if averaging {
            decaySum += d
            averagedSteps += 1
        }
        let averaging = averaging
        let decaySum = decaySum
        weights.withUnsafeMutableBufferPointer { w in
            sums.withUnsafeMutableBufferPointer { sums in
                lastDecaySum.withUnsafeMutableBufferPointer { last in
                    slots.withUnsafeBufferPointer { slots in
                        for i in 0..<n {
                            for tag in 0..<t { delta[tag] = -gain * alpha[i * t + tag] * beta[i * t + tag] }
                            delta[Int(gold[i])] += gain
                            for column in 0..<stride {
                                let slot = Int(slots[i * stride + column])
                                if slot < 0 { continue }
                                let base = slot * t
                                if averaging {
                                    let span = decaySum - last[slot]
                                    if span != 0 {
                                        for tag in 0..<t { sums[base + tag] += w[base + tag] * span }
                                        last[slot] = decaySum
                                    }
                                }
                                for tag in 0..<t { w[base + tag] += delta[tag] }
                            }
                        }
                    }
                }
            }
        }
        if averaging {
            for k in 0..<(t * t) { transitionSums[k] += d * transitions[k] }
            for tag in 0..<t {
                startSums[tag] += d * start[tag]
                endSums[tag] += d * end[tag]
            }
        }
        for tag in 0..<t {
            start[tag] -= gain * alpha[tag] * beta[tag]
            end[tag] -= gain * alpha[(n - 1) * t + tag] * beta[(n - 1) * t + tag]
        }
        start[Int(gold[0])] += gain
        end[Int(gold[n - 1])] += gain
        for i in 1..<max(n, 1) {
            let inverse = 1 / scale[i]
            for previous in 0..<t {
                let a = alpha[(i - 1) * t + previous] * inverse
                if a == 0 { continue }
                for current in 0..<t where allowed[previous * t + current] {
                    transitions[previous * t + current] -= gain * a * expT[previous * t + current] * psi[i * t + current] * beta[i * t + current]
                }
            }
            transitions[Int(gold[i - 1]) * t + Int(gold[i])] += gain
        }
        return logZ - goldScore
    }

    /// Starts averaging the weights from the next update on.
    mutating func startAveraging() {
        guard !averaging else { return }
        averaging = true
        sums = [Double](repeating: 0, count: weights.count)
        lastDecaySum = [Double](repeating: 0, count: slotCount)
        decaySum = 0
    }

    /// Brings every slot's sum up to date.
    mutating func flushSums() {
        guard averaging else { return }
        let t = Tags.count
        for slot in 0..<slotCount {
            let span = decaySum - lastDecaySum[slot]
            if span == 0 { continue }
            for tag in 0..<t { sums[slot * t + tag] += weights[slot * t + tag] * span }
            lastDecaySum[slot] = decaySum
        }
    }

    /// Folds the decay into the stored weights (after bringing the sums up to date, since the
    /// stored weights change scale).
    mutating func rescale() {
        flushSums()
        for index in weights.indices { weights[index] *= decay }
        for index in transitions.indices { transitions[index] *= decay }
        for index in start.indices { start[index] *= decay }
        for index in end.indices { end[index] *= decay }
        decay = 1
    }

    func model(space: FeatureSpace, uses: [Int], pruneBelow: Double, clipQuantile: Double) -> NameTagger {
        if averaging && averagedSteps > 0 {
            var learner = self
            learner.flushSums()
            let scale = 1 / averagedSteps
            return quantizedModel(
                space: space, uses: uses,
                weights: learner.sums.map { $0 * scale }, transitions: transitionSums.map { $0 * scale },
                start: startSums.map { $0 * scale }, end: endSums.map { $0 * scale },
                pruneBelow: pruneBelow, clipQuantile: clipQuantile
            )
        }
        let d = decay
        return quantizedModel(
            space: space, uses: uses,
            weights: weights.map { $0 * d }, transitions: transitions.map { $0 * d },
            start: start.map { $0 * d }, end: end.map { $0 * d },
            pruneBelow: pruneBelow, clipQuantile: clipQuantile
        )
    }
}
