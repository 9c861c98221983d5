import struct Foundation.Data
import GRDB

/// The triples one document gives evidence for, as the store keeps them (since v12): one row
/// per document in `document_triple`, the ids packed in a blob. The evidence table is keyed by
/// triple (what every reader of evidence asks for), so this list is how a document's evidence
/// is found: to remove the document, and for the readers that ask which facts a document states.
///
/// The ids are sorted and distinct; each is an unsigned LEB128 varint of its difference from
/// the one before (the first from 0). A document's new triples have consecutive ids, so most
/// take one byte.
struct TripleList: Equatable {
    /// Sorted, distinct.
    let ids: [Int64]

    init<S: Sequence>(_ ids: S) where S.Element == Int64 {
        self.ids = Set(ids).sorted()
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 2)
        var previous: Int64 = 0
        for id in ids {
            Varint.append(UInt64(max(id - previous, 0)), to: &bytes)
            previous = id
        }
        return bytes
    }

    /// The list a blob encodes, or nil when the blob is damaged.
    init?(encoded bytes: [UInt8]) {
        var ids: [Int64] = []
        var offset = 0
        var id: Int64 = 0
        while offset < bytes.count {
            guard let delta = Varint.read(bytes, &offset), delta < UInt64(Int64.max) - UInt64(max(id, 0)) else { return nil }
            id += Int64(delta)
            ids.append(id)
        }
        self.ids = ids
    }

    /// The ids as a JSON array (`[1,2,3]`), for `json_each` in SQL.
    var json: String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

extension Store {
    /// The distinct ids of the triples that the documents `documents` selects give evidence
    /// for, as one column: a subquery for `IN (…)`. `documents` is SQL that selects document
    /// ids; by default those of a JSON array, the statement's next argument.
    static func triplesOfDocumentsSQL(_ documents: String = "SELECT value FROM json_each(?)") -> String {
        """
        SELECT DISTINCT j.value FROM document_triple dt, json_each(tupu_triple_ids(dt.tripleIds)) j
        WHERE dt.documentId IN (\(documents))
        """
    }

    /// The SQL function `tupu_triple_ids(blob)`: the ids a `document_triple.tripleIds` blob
    /// holds, as a JSON array for `json_each` (registered on every connection; NULL for NULL,
    /// an error for a damaged blob; a JSON array given as text is returned as is).
    static let tripleIdsFunction = DatabaseFunction("tupu_triple_ids", argumentCount: 1, pure: true) { values in
        // Text is already a JSON array (the temporary view of a store before v12 read as is).
        if case .string(let json) = values[0].storage { return json }
        guard let data = Data.fromDatabaseValue(values[0]) else { return nil }
        guard let list = TripleList(encoded: Array(data)) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a list of a document's triples is damaged")
        }
        return list.json
    }
}
