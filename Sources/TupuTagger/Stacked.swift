/// A tagger that reads whole documents: a model with document templates (``DocumentNames``),
/// alone or as the second stage of a two-stage (stacked) tagger after Krishnan and Manning
/// (2006). The first stage tags every line of a document; the second tags the lines again
/// knowing which strings the first stage took for names anywhere in the document, so that a name
/// found once can be found at its other mentions. Not bundled: measured on the People's Daily
/// test part it gained little for two to three times the tagging time (README, "What was tried").
public struct StackedNameTagger: Sendable {
    /// None when the second stage reads only the strings repeated in the document.
    public let first: NameTagger?
    public let second: NameTagger
    /// When the second stage reads person candidates: the first stage's bias towards persons.
    public let candidateBias: Float?
    /// Whether the second stage reads the strings repeated in the document.
    let countsRepeats: Bool

    public init(first: NameTagger?, second: NameTagger, candidateBias: Float? = nil) {
        self.first = first
        self.second = second
        self.candidateBias = candidateBias
        countsRepeats = second.space.blocks.contains { $0.template == .documentRepeats }
    }

    /// What the second stage reads of a document of lines: the first stage's names (and
    /// candidates), and the repeated strings.
    public func documentNames(_ lines: [[Unicode.Scalar]]) -> DocumentNames {
        guard let first else { return DocumentNames(texts: lines, spans: [], countRepeats: countsRepeats) }
        if let candidateBias {
            let found = lines.map { first.spans(in: $0, range: 0..<$0.count, personBias: candidateBias) }
            return DocumentNames(texts: lines, spans: found.map(\.names), candidates: found.map(\.candidates), countRepeats: countsRepeats)
        }
        return DocumentNames(texts: lines, spans: lines.map { first.spans(in: $0, range: 0..<$0.count, margins: false) }, countRepeats: countsRepeats)
    }

    /// The names of each line of one document, with offsets into its line.
    public func spans(inDocument lines: [[Unicode.Scalar]], margins: Bool = false) -> [[NameSpan]] {
        let names = documentNames(lines)
        return lines.map { second.spans(in: $0, range: 0..<$0.count, margins: margins, document: names) }
    }
}
