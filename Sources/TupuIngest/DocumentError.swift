/// Everything that can go wrong when finding and reading the documents of an ingest.
///
/// Each description says what failed, on which path (with the byte offset when the content
/// is at fault) and what to do about it. The store's own failures are ``TupuStore/StoreError``.
public enum DocumentError: Error, CustomStringConvertible, Equatable {
    /// A document path (file or folder) that does not exist.
    case missingPath(String)
    /// A folder that holds no `*.txt` file, even in its subfolders.
    case noTextFiles(String)
    /// A folder that holds no record file (`*.jsonl`, or Spark's `part-*`), even in its subfolders.
    case noRecordFiles(String)
    /// A line of a record file (``DocumentRecord``) that is not a record this version can
    /// store; `line` counts from 1. Nothing of the run was stored.
    case badRecord(path: String, line: Int, reason: String)
    /// A document that could not be read.
    case unreadable(path: String, reason: String)
    /// A document that is not valid UTF-8 (nor GB18030, when the encoding was detected);
    /// `byteOffset` is the offset of the first byte that is not UTF-8.
    case invalidUTF8(path: String, byteOffset: Int)
    /// A document that is not valid in the encoding it was read with (UTF-16 or GB18030);
    /// `byteOffset` is the offset of the first bad byte or code unit.
    case undecodable(path: String, encoding: TextEncoding, byteOffset: Int)
    /// A document without text (empty, or white space only).
    case emptyDocument(String)
    /// A document that is binary data, not text: a NUL byte at `byteOffset` (and not
    /// UTF-16 text).
    case binaryDocument(path: String, byteOffset: Int)
    /// A document larger than the size limit; it was not read.
    case documentTooLarge(path: String, size: Int64, limit: Int64)
    /// The source key of the document is stored with other content and replacing it was
    /// not allowed; nothing was written.
    case sourceTaken(key: String, path: String)

    /// The options of a command line that change how documents are read, named in messages
    /// (``description(options:)``); nil ones are described in plain words.
    public struct Options: Sendable {
        public var encoding: String?
        public var maxFileSize: String?
        public var replace: String?
        public var source: String?

        public init(encoding: String? = nil, maxFileSize: String? = nil, replace: String? = nil, source: String? = nil) {
            self.encoding = encoding
            self.maxFileSize = maxFileSize
            self.replace = replace
            self.source = source
        }
    }

    /// The message in words that name no command-line option.
    public var description: String { description(options: Options()) }

    /// The message, naming the command line's `options` where it says what to do.
    ///
    /// ```swift
    /// DocumentError.documentTooLarge(path: "a.txt", size: 100, limit: 10).description(options: .init(maxFileSize: "--max-file-size"))
    /// // a.txt is too large: 100 bytes, over the limit of 10 bytes; it was not read; split it or raise --max-file-size
    /// ```
    public func description(options: Options) -> String {
        switch self {
        case .missingPath(let path):
            "\(path) does not exist; check the path"
        case .noTextFiles(let path):
            "\(path) contains no .txt files; pass a folder with .txt documents"
        case .noRecordFiles(let path):
            "\(path) contains no record files (*.jsonl, or part-* as Spark writes them); pass the folder `tupu extract --format jsonl` wrote into"
        case .badRecord(let path, let line, let reason):
            "\(path), line \(line): not a Tupu record: \(reason); nothing was stored; write the file again with `tupu extract --format jsonl`, or remove the line"
        case .unreadable(let path, let reason):
            "cannot read \(path) (\(reason)); check the file and its permissions"
        case .invalidUTF8(let path, let offset):
            "\(path) is not valid UTF-8 (first bad byte at offset \(offset)); convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8) or \(options.encoding.map { "pass \($0) utf16|gb18030" } ?? "read it as UTF-16 or GB18030")"
        case .undecodable(let path, let encoding, let offset):
            "\(path) is not valid \(encoding.displayName) (first bad byte at offset \(offset)); \(options.encoding.map { "check \($0)" } ?? "check the encoding") or convert the file to UTF-8"
        case .emptyDocument(let path):
            "\(path) is empty (no text); nothing to ingest"
        case .binaryDocument(let path, let offset):
            "\(path) is a binary file, not text (NUL byte at offset \(offset)); pass UTF-8, UTF-16 or GB18030 text files"
        case .documentTooLarge(let path, let size, let limit):
            "\(path) is too large: \(Self.sizeText(size)), over the limit of \(Self.sizeText(limit)); it was not read; split it or raise \(options.maxFileSize ?? "the size limit")"
        case .sourceTaken(let key, let path):
            "\(path): the source \(key) is stored with other content; it was left as it is; \(options.replace.map { "pass \($0) to replace it" } ?? "replace it") or \(options.source.map { "another \($0) name" } ?? "choose another source name")"
        }
    }

    /// `size` in bytes, and in MB with one decimal when at least 1 MB.
    private static func sizeText(_ size: Int64) -> String {
        let megabyte: Int64 = 1024 * 1024
        guard size >= megabyte else { return "\(size) bytes" }
        let tenths = (size * 10 + megabyte / 2) / megabyte
        return "\(size) bytes (\(tenths / 10).\(tenths % 10) MB)"
    }
}
