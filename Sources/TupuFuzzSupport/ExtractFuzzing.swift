import TupuExtract
import TupuModel

/// The properties every extraction must keep, whatever the text:
///
/// - extracting returns (never traps);
/// - every mention span is a non-empty range within the text's Unicode scalar count, and the
///   mention's surface is exactly those scalars of the text;
/// - every fact's evidence span and sentence span lie within the text, the evidence span inside
///   its sentence;
/// - confidences are between 0 and 1.
public enum ExtractFuzzing {
    public struct Violation: Error, CustomStringConvertible, Sendable {
        public var input: String
        public var messages: [String]
        public var description: String {
            messages.prefix(5).joined(separator: "\n") + (messages.count > 5 ? "\n… \(messages.count - 5) more" : "")
                + "\ninput (Swift literal): \(input.debugDescription)"
        }
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences, and checks the text.
    @discardableResult
    public static func check(bytes: UnsafeBufferPointer<UInt8>, extractor: Extractor) throws(Violation) -> Extraction {
        try check(String(decoding: bytes, as: UTF8.self), extractor: extractor)
    }

    @discardableResult
    public static func check(_ text: String, extractor: Extractor) throws(Violation) -> Extraction {
        let extraction = extractor.extract(text)
        let scalars = Array(text.unicodeScalars)
        var problems: [String] = []
        func within(_ span: Span) -> Bool {
            span.start >= 0 && span.start <= span.end && span.end <= scalars.count
        }
        for mention in extraction.mentions {
            guard within(mention.span), mention.span.start < mention.span.end else {
                problems.append("mention \(mention.entity) span \(mention.span) outside 0..<\(scalars.count) or empty")
                continue
            }
            let slice = String(String.UnicodeScalarView(scalars[mention.span.start..<mention.span.end]))
            if mention.surface != slice {
                problems.append("mention \(mention.entity) surface \(mention.surface.debugDescription) != text \(slice.debugDescription) at \(mention.span)")
            }
        }
        for fact in extraction.facts {
            let evidence = fact.evidence
            if !within(evidence.span) {
                problems.append("fact \(fact.triple) evidence span \(evidence.span) outside 0..<\(scalars.count)")
            }
            if !within(evidence.sentence) {
                problems.append("fact \(fact.triple) sentence \(evidence.sentence) outside 0..<\(scalars.count)")
            }
            if !evidence.sentence.contains(evidence.span) {
                problems.append("fact \(fact.triple) evidence span \(evidence.span) not inside its sentence \(evidence.sentence)")
            }
            if !(0...1).contains(evidence.confidence) {
                problems.append("fact \(fact.triple) confidence \(evidence.confidence)")
            }
        }
        guard problems.isEmpty else { throw Violation(input: text, messages: problems) }
        return extraction
    }
}
