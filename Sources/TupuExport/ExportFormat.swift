import TupuModel

/// The line formats `tupu export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// `subject<TAB>predicate<TAB>object`, one triple a line (``TSVExporter``).
    case tsv
    /// One JSON object a line: entities, then triples with evidence (``JSONLExporter``).
    case jsonl

    /// The usual file name extension.
    public var fileExtension: String { rawValue }

    /// Writes the snapshot in this format, one record a line, each line ending in `\n`.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        switch self {
        case .tsv: TSVExporter().write(snapshot, to: &output)
        case .jsonl: try JSONLExporter().write(snapshot, to: &output)
        }
    }

    /// The lines (without line terminators) this format produces for the snapshot.
    public func lines(for snapshot: GraphSnapshot) throws -> [String] {
        switch self {
        case .tsv: TSVExporter().lines(for: snapshot)
        case .jsonl: try JSONLExporter().lines(for: snapshot)
        }
    }
}

extension GraphSnapshot {
    /// The name printed for a node id; a dangling id (not in the snapshot) prints as `#id`.
    func exportName(_ id: Int64) -> String {
        node(id)?.name ?? "#\(id)"
    }
}
