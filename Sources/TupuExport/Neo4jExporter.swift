import TupuModel

/// Writes the node and relationship files that `neo4j-admin database import full` reads:
///
///     neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \
///         --multiline-fields=true neo4j
///
/// `nodes.csv`:
///
///     id:ID,name,kind,aliases:string[],:LABEL
///     1,李希,person,李书记;李希同志,Person
///     literal-1,2024-09-27,literal,,Literal
///
/// `relationships.csv`:
///
///     :START_ID,:END_ID,:TYPE,evidence_count:int,documents:string[]
///     1,2,ATTENDED,2,seeds/001.txt;seeds/002.txt
///
/// - The `:ID` is the entity's id (the same as csv's `id`); a literal object becomes a node of
///   its own, `literal-N` (N counting distinct literal values in edge order), kind `literal`,
///   label `Literal`. Labels are the kind capitalised (`Person`, `Organization`, …); types are
///   the predicate id upper-cased (`HOLDS_ROLE`, `ATTENDED`, …).
/// - Arrays (`aliases`, `documents`) use neo4j's default array delimiter `;`. neo4j has no
///   escape for it, so a `;` inside an alias or a document path is written as `；` (U+FF1B).
///   `name` is a plain string and is written exactly.
/// - Quoting as neo4j reads it by default: double quotes around a field that contains a comma,
///   a quote, a line break or an outer space, `""` for a quote inside; a backslash is an
///   ordinary character. Names with line breaks need `--multiline-fields=true`.
///   UTF-8, records end in LF. No formula guard: these files are for neo4j, not spreadsheets.
public struct Neo4jExporter: Sendable {
    public static let nodesFile = "nodes.csv"
    public static let relationshipsFile = "relationships.csv"
    public static let nodesHeader = ["id:ID", "name", "kind", "aliases:string[]", ":LABEL"]
    public static let relationshipsHeader = [":START_ID", ":END_ID", ":TYPE", "evidence_count:int", "documents:string[]"]

    public init() {}

    public func writeNodes(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        write(Self.nodesHeader, to: &output)
        for node in snapshot.nodes {
            write([String(node.id), node.name, node.kind.rawValue, Self.array(node.aliases), Self.label(node.kind)], to: &output)
        }
        for (index, value) in snapshot.literalValues().enumerated() {
            write([Self.literalID(index + 1), value, "literal", "", "Literal"], to: &output)
        }
    }

    public func writeRelationships(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        write(Self.relationshipsHeader, to: &output)
        let literals = Dictionary(snapshot.literalValues().enumerated().map { ($0.element, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
        for edge in snapshot.edges {
            let end = edge.object.map { String($0) } ?? Self.literalID(literals[edge.literal ?? ""] ?? 0)
            write([
                String(edge.subject), end, Self.type(edge.predicate), String(edge.evidence.count), Self.array(edge.documents),
            ], to: &output)
        }
    }

    /// The node label of a kind: `person` → `Person`.
    public static func label(_ kind: EntityKind) -> String {
        kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
    }

    /// The relationship type of a predicate: `holds_role` → `HOLDS_ROLE`.
    public static func type(_ predicate: Predicate) -> String {
        predicate.rawValue.uppercased()
    }

    static func literalID(_ number: Int) -> String { "literal-\(number)" }

    /// Items joined by `;`, a `;` inside an item written as `；`.
    static func array(_ items: [String]) -> String {
        items.map { $0.replacing(";", with: "；") }.joined(separator: ";")
    }

    private func write(_ fields: [String], to output: inout some TextOutputStream) {
        output.write(DelimitedField.record(fields))
        output.write("\n")
    }
}
