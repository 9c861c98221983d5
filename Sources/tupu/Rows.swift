import ArgumentParser
import Foundation
import TupuModel
import TupuStore

/// How commands print rows.
enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    /// Columns aligned for a terminal (Chinese characters count two columns).
    case table
    case tsv
    /// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled, CRLF line ends.
    case csv
    /// One JSON array of objects.
    case json
    /// One JSON object a line.
    case jsonl
}

/// One result row: named values and, optionally, the evidence of the facts behind it.
struct OutputRow {
    var values: [String?]
    var evidence: [FactEvidence] = []
}

enum RowPrinter {
    static func print(columns: [String], rows: [OutputRow], format: RowFormat, withEvidence: Bool) throws {
        try OutputFile.writing(to: nil, force: false) { stream in
            try write(columns: columns, rows: rows, format: format, withEvidence: withEvidence, to: &stream)
        }
    }

    private static func write(
        columns: [String], rows: [OutputRow], format: RowFormat, withEvidence: Bool, to stream: inout OutputStream
    ) throws {
        switch format {
        case .table, .tsv, .csv:
            var header = columns
            if withEvidence { header.append("evidence") }
            let cells = rows.map { row -> [String] in
                var cells = row.values.map { $0 ?? "" }
                if withEvidence { cells.append(row.evidence.map(describe).joined(separator: " | ")) }
                return cells
            }
            switch format {
            case .table:
                stream.write(alignedTable(header: header, rows: cells) + "\n")
            case .tsv:
                for line in [header] + cells {
                    stream.write(line.map(tsvField).joined(separator: "\t") + "\n")
                }
            default:
                for line in [header] + cells {
                    stream.write(line.map(csvField).joined(separator: ",") + "\r\n")
                }
            }
        case .json, .jsonl:
            let objects = rows.map { row -> [String: Any] in
                var object: [String: Any] = [:]
                for (column, value) in zip(columns, row.values) { object[column] = value ?? NSNull() }
                if withEvidence { object["evidence"] = row.evidence.map(evidenceObject) }
                return object
            }
            if format == .json {
                stream.write(try json(objects, pretty: true) + "\n")
            } else {
                for object in objects { stream.write(try json(object, pretty: false) + "\n") }
            }
        }
    }

    static func json(_ value: Any, pretty: Bool) throws -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: options), as: UTF8.self)
    }

    static func evidenceObject(_ evidence: FactEvidence) -> [String: Any] {
        [
            "subject": evidence.triple.subject.name, "predicate": evidence.triple.predicate.rawValue,
            "object": evidence.triple.object.name, "document": evidence.document, "start": evidence.start,
            "end": evidence.end, "surface": evidence.surface, "sentence": evidence.sentence, "rule": evidence.rule,
            "confidence": evidence.confidence,
        ]
    }

    /// `seeds/x.txt:259-266 participation.cue 0.9 「王伟中主持会议」`
    static func describe(_ evidence: FactEvidence) -> String {
        "\(evidence.document):\(evidence.start)-\(evidence.end) \(evidence.rule) \(evidence.confidence) 「\(oneLine(evidence.surface))」"
    }

    /// The text on one line: each line break (`\r\n` or `\n`) and tab becomes a space (a lone
    /// `\r` stays). Read byte by byte: Foundation's `replacingOccurrences`, three times a field,
    /// was two fifths of `tupu show` of an entity with a thousand facts.
    static func oneLine(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 == 0x0A || $0 == 0x09 }) else { return text }
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case 0x0A:
                if bytes.last == 0x0D { bytes.removeLast() }
                bytes.append(0x20)
            case 0x09:
                bytes.append(0x20)
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func tsvField(_ text: String) -> String { oneLine(text) }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
