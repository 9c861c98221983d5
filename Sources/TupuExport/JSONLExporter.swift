import Foundation
import TupuModel

/// Writes JSON Lines: first one object per entity, then one per triple with its evidence.
///
///     {"aliases":["李书记"],"kind":"person","name":"李希","type":"entity"}
///     {"evidence":[{"confidence":0.95,"document":"seeds/001.txt","end":12,"rule":"…","sentence":"…","start":4,"surface":"…"}],"object":"…","objectKind":"event","objectLiteral":false,"predicate":"attended","subject":"李希","subjectKind":"person","type":"triple"}
///
/// Keys are sorted, slashes and non-ASCII characters are not escaped, so the output is
/// deterministic UTF-8. `objectKind` is present only for entity objects; `objectLiteral`
/// is always present (true when the object is a literal value). Offsets are Unicode code
/// point offsets. Control characters in strings are JSON-escaped, and U+0085, U+2028
/// and U+2029 are written as `\u` escapes too, so each record stays on one line for
/// any line splitter.
public struct JSONLExporter: Sendable {
    public init() {}

    struct EntityLine: Encodable {
        var type = "entity"
        var kind: String
        var name: String
        var aliases: [String]
    }

    struct EvidenceLine: Encodable {
        var document: String
        var start: Int
        var end: Int
        var surface: String
        var sentence: String
        var rule: String
        var confidence: Double
    }

    struct TripleLine: Encodable {
        var type = "triple"
        var subject: String
        var subjectKind: String?
        var predicate: String
        var object: String
        var objectKind: String?
        var objectLiteral: Bool
        var evidence: [EvidenceLine]
    }

    public func lines(for snapshot: GraphSnapshot) throws -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(snapshot.nodes.count + snapshot.edges.count)
        try forEachLine(GraphStream(snapshot)) { lines.append($0) }
        return lines
    }

    /// Writes each line followed by `\n`.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes each line followed by `\n`, each triple as its evidence is read.
    public func write(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        try forEachLine(graph) { line in
            output.write(line)
            output.write("\n")
        }
    }

    /// Each line in order: the entities, then the triples as their evidence is read.
    private func forEachLine(_ graph: GraphStream, _ body: (String) throws -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try graph.forEachNode { node in
            try body(try Self.encode(EntityLine(kind: node.kind.rawValue, name: node.name, aliases: node.aliases), encoder))
        }
        try graph.forEachEdgeWithEnds { _, edge, subjectNode, objectNode in
            let line = TripleLine(
                subject: GraphSnapshot.exportName(subjectNode, edge.subject),
                subjectKind: subjectNode?.kind.rawValue,
                predicate: edge.predicate.rawValue,
                object: GraphSnapshot.exportObject(edge, objectNode),
                objectKind: objectNode?.kind.rawValue,
                objectLiteral: edge.object == nil,
                evidence: edge.evidence.map {
                    EvidenceLine(document: $0.document, start: $0.start, end: $0.end, surface: $0.surface,
                                 sentence: $0.sentence, rule: $0.rule, confidence: $0.confidence)
                })
            try body(try Self.encode(line, encoder))
        }
    }

    private static func encode(_ value: some Encodable, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self).escapingLineSeparatorsInJSON
    }
}
