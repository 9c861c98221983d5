/// "Did you mean": the names closest to one that was not found, for every place that looks a
/// name up (queries, `show`, `who`, the views of `render`, `remove`).
///
/// ```swift
/// Suggestions.closest(to: "深圳国际仲栽院", among: ["深圳国际仲裁院", "李希"])   // ["深圳国际仲裁院"]
/// ```
public enum Suggestions {
    /// Up to `limit` labels of the candidates closest to `text`.
    ///
    /// A candidate is known by one or more names (a name and its aliases) and shown by its
    /// label. Candidates sharing the most distinct characters with `text` come first; of those
    /// sharing as many, one with a name that contains `text` or is contained in it. A candidate
    /// sharing fewer than `minimumShared` characters and holding no such name is left out. Ties
    /// keep the order of `candidates`, so each caller says which of two equally close names
    /// comes first.
    public static func closest<Candidate>(
        to text: String, among candidates: [Candidate], limit: Int = 5, minimumShared: Int = 1,
        label: (Candidate) -> String, names: (Candidate) -> [String]
    ) -> [String] {
        let wanted = Set(text)
        var scored: [(score: Int, order: Int, label: String)] = []
        for (order, candidate) in candidates.enumerated() {
            let known = names(candidate)
            let substring = !text.isEmpty && known.contains { $0.contains(text) || (!$0.isEmpty && text.contains($0)) }
            let shared = known.map { Set($0).intersection(wanted).count }.max() ?? 0
            guard substring || shared >= max(1, minimumShared) else { continue }
            // More shared characters first (深圳国际仲裁院 before 深圳 for 深圳国际仲栽院); of two
            // sharing as many, a name holding the text or held by it.
            scored.append((score: shared * 2 + (substring ? 1 : 0), order: order, label: label(candidate)))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        var labels: [String] = []
        for entry in scored where !labels.contains(entry.label) {
            labels.append(entry.label)
            if labels.count == limit { break }
        }
        return labels
    }

    /// ``closest(to:among:limit:minimumShared:label:names:)`` for plain names.
    public static func closest(to text: String, among names: [String], limit: Int = 5, minimumShared: Int = 1) -> [String] {
        closest(to: text, among: names, limit: limit, minimumShared: minimumShared, label: { $0 }, names: { [$0] })
    }

    /// The Levenshtein distance between two sequences (insertions, deletions and substitutions).
    public static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
