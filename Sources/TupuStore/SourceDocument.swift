import Crypto

/// A document to store: the path it was read from, the key of its source, its text and the
/// SHA-256 of its bytes.
///
/// The store keeps what it is given; reading files (encodings, size limits, canonical
/// paths) is the ingest module's work (`SourceDocument.read(path:encoding:maxFileSize:sourceKey:)`
/// in TupuIngest).
public struct SourceDocument: Sendable, Equatable {
    /// The path as the user gave it, normalised (`./seeds/` becomes `seeds`): what
    /// messages and evidence show.
    public var path: String
    /// What identifies the source of the document in the store, together with its content:
    /// the canonical absolute path of the file (symbolic links resolved) by default, so the
    /// same file reached from any folder or through any link has one key, and two files
    /// with the same relative path in different folders have two; or a name the user chose
    /// (`tupu ingest --source NAME`). See ``Store/ingest(_:extract:)``.
    public var sourceKey: String
    /// The file's text. A UTF-8 byte order mark is kept as U+FEFF, so evidence offsets are
    /// the code point offsets of the text as read; a UTF-16 byte order mark is dropped.
    public var text: String
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    public var contentHash: String

    /// A document; its source key is `sourceKey`, else `path` as is.
    public init(path: String, text: String, contentHash: String, sourceKey: String? = nil) {
        self.path = path
        self.text = text
        self.contentHash = contentHash
        self.sourceKey = sourceKey ?? path
    }

    /// A document built from text in memory; the hash is the SHA-256 of its UTF-8 bytes, the
    /// source key `sourceKey`, else `path` as is.
    public init(path: String, text: String, sourceKey: String? = nil) {
        self.init(path: path, text: text, contentHash: Self.sha256Hex(Array(text.utf8)), sourceKey: sourceKey)
    }

    /// The lower-case hexadecimal SHA-256 of `bytes`: the content hash of a document.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
