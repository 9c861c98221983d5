import TupuModel

/// Writes two RFC 4180 tables, `entities.csv` and `triples.csv`, for spreadsheets and
/// data-frame libraries.
///
///     id,kind,name,aliases
///     1,person,李希,李书记|李希同志
///
///     subject,subject_kind,predicate,object,object_kind,object_literal,evidence_count,documents,subject_id,object_id
///     李希,person,attended,省委常委会会议,event,false,2,seeds/001.txt|seeds/002.txt,1,2
///
/// - Encoding UTF-8 without a byte order mark; every record, the header included, ends in
///   CRLF (RFC 4180). A field is put in double quotes, inner quotes doubled, when it contains
///   a comma, a double quote, CR, LF, NEL, U+2028 or U+2029, or starts or ends with a space;
///   line breaks inside quoted fields are kept as they are.
/// - `id` is the entity's id, also used by the neo4j export; `subject_id` and `object_id` in
///   `triples.csv` are the same ids (`object_id` empty for a literal), so the files join on ids.
///   Ids are the store's: stable across exports of one database. `aliases` and `documents` are
///   lists joined by `|`; a `|` inside an alias or a document path is written as `｜`
///   (U+FF5C). (jsonl keeps them exactly.)
/// - `object` is the object entity's name or the literal value, `object_kind` is empty for a
///   literal, and `object_literal` is `true` or `false`, like jsonl's `objectLiteral`.
///   `evidence_count` is the number of evidence rows, `documents` their distinct documents.
/// - Formula guard (``formulaGuard``, on by default): a text field that starts with `=`,
///   `+`, `-`, `@`, a tab or CR gets a `'` in front (`=SUM(A1)` → `'=SUM(A1)`), the usual
///   defence against spreadsheet formula injection. A field that starts with `'` itself gets
///   one more, so the rule can be undone: strip one leading `'` from every text field that
///   starts with `'` to get the stored text back. `--no-formula-guard` turns the guard off.
public struct CSVExporter: Sendable {
    public static let entitiesFile = "entities.csv"
    public static let triplesFile = "triples.csv"
    public static let entitiesHeader = ["id", "kind", "name", "aliases"]
    public static let triplesHeader = [
        "subject", "subject_kind", "predicate", "object", "object_kind", "object_literal", "evidence_count", "documents",
        "subject_id", "object_id",
    ]
    /// The record terminator.
    public static let lineEnd = "\r\n"

    public var formulaGuard: Bool

    public init(formulaGuard: Bool = true) {
        self.formulaGuard = formulaGuard
    }

    public func writeEntities(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's nodes are at hand: nothing is read, nothing can fail.
        try? writeEntities(GraphStream(snapshot), to: &output)
    }

    /// Writes `entities.csv`, each node as it is read.
    public func writeEntities(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        write(Self.entitiesHeader, to: &output)
        try graph.forEachNode { node in
            write([String(node.id), node.kind.rawValue, text(node.name), text(Self.list(node.aliases))], to: &output)
        }
    }

    public func writeTriples(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? writeTriples(GraphStream(snapshot), to: &output)
    }

    /// Writes `triples.csv`, each triple as its evidence (without text) is read.
    public func writeTriples(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        write(Self.triplesHeader, to: &output)
        try graph.forEachEdgeWithEnds(text: false) { _, edge, subjectNode, objectNode in
            write([
                text(GraphSnapshot.exportName(subjectNode, edge.subject)),
                subjectNode?.kind.rawValue ?? "",
                edge.predicate.rawValue,
                text(GraphSnapshot.exportObject(edge, objectNode)),
                objectNode?.kind.rawValue ?? "",
                edge.object == nil ? "true" : "false",
                String(edge.evidence.count),
                text(Self.list(edge.documents)),
                String(edge.subject),
                edge.object.map { String($0) } ?? "",
            ], to: &output)
        }
    }

    /// Both tables as strings, keyed by file name.
    public func files(for snapshot: GraphSnapshot) -> [String: String] {
        var entities = "", triples = ""
        writeEntities(snapshot, to: &entities)
        writeTriples(snapshot, to: &triples)
        return [Self.entitiesFile: entities, Self.triplesFile: triples]
    }

    /// A text field with the formula guard applied when it is on.
    func text(_ field: String) -> String {
        formulaGuard ? Self.guardFormula(field) : field
    }

    /// `'` + the field when it starts with `=`, `+`, `-`, `@`, tab, CR or `'`; else the field.
    public static func guardFormula(_ field: String) -> String {
        switch field.unicodeScalars.first {
        case "=", "+", "-", "@", "\t", "\r", "'": "'" + field
        default: field
        }
    }

    /// Items joined by `|`, a `|` inside an item written as `｜`.
    static func list(_ items: [String]) -> String {
        items.map { $0.replacing("|", with: "｜") }.joined(separator: "|")
    }

    private func write(_ fields: [String], to output: inout some TextOutputStream) {
        output.write(DelimitedField.record(fields))
        output.write(Self.lineEnd)
    }
}
