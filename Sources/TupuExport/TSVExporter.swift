import TupuModel

/// Writes one triple a line: `subject<TAB>predicate<TAB>object`, no header.
///
/// Names are written as stored, except that a tab or any line-breaking character
/// inside a name (LF, CR, VT, FF, NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH
/// SEPARATOR U+2029) is replaced by a space, so that every line holds exactly one
/// triple of exactly three fields. No quoting is applied: quotes, `<>&` and a leading
/// `=` are written verbatim (spreadsheet users should import the file as text).
/// The predicate is its identifier (`attended`); a literal object is written as is.
/// Lines follow the snapshot's edge order.
public struct TSVExporter: Sendable {
    public init() {}

    public func lines(for snapshot: GraphSnapshot) -> [String] {
        snapshot.edges.map { line(for: $0, in: snapshot) }
    }

    /// Writes each line followed by `\n`.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        for edge in snapshot.edges {
            output.write(line(for: edge, in: snapshot))
            output.write("\n")
        }
    }

    /// Writes each line followed by `\n` (no evidence is read).
    public func write(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        try graph.forEachEdgeWithEnds(evidence: false) { _, edge, subject, object in
            output.write(line(for: edge, subject: subject, object: object))
            output.write("\n")
        }
    }

    private func line(for edge: GraphSnapshot.Edge, in snapshot: GraphSnapshot) -> String {
        line(for: edge, subject: snapshot.node(edge.subject), object: edge.object.flatMap { snapshot.node($0) })
    }

    private func line(for edge: GraphSnapshot.Edge, subject: GraphSnapshot.Node?, object: GraphSnapshot.Node?) -> String {
        [
            Self.field(GraphSnapshot.exportName(subject, edge.subject)),
            edge.predicate.rawValue,
            Self.field(GraphSnapshot.exportObject(edge, object)),
        ].joined(separator: "\t")
    }

    /// A name made safe for one TSV field.
    public static func field(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
