import Crypto
import Foundation

/// A text file to ingest: its normalised path, its text exactly as in the file, and
/// the SHA-256 of its bytes.
public struct SourceDocument: Sendable, Equatable {
    /// The path as the user gave it, normalised by ``SourceDocument/normalize(_:)``.
    public var path: String
    /// The file's text. A byte order mark is kept as U+FEFF, so offsets are the code
    /// point offsets of the file's text.
    public var text: String
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    public var contentHash: String

    public init(path: String, text: String, contentHash: String) {
        self.path = path
        self.text = text
        self.contentHash = contentHash
    }

    /// A document built from text in memory; the hash is the SHA-256 of its UTF-8 bytes.
    public init(path: String, text: String) {
        self.init(path: path, text: text, contentHash: Self.sha256Hex(Array(text.utf8)))
    }

    /// Reads a UTF-8 text file.
    public static func read(path: String) throws(StoreError) -> SourceDocument {
        let normalized = normalize(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) {
                throw .missingPath(normalized)
            }
            throw .unreadable(path: normalized, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        let text = try decodeUTF8(bytes, path: normalized)
        return SourceDocument(path: normalized, text: text, contentHash: sha256Hex(bytes))
    }

    /// Expands the paths the user gave into the files to ingest: files as given, folders
    /// walked recursively for `*.txt` files (sorted by path). Paths are normalised, and a
    /// file reached twice is listed once.
    public static func discover(_ paths: [String]) throws(StoreError) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        let fileManager = FileManager.default
        for given in paths {
            let root = normalize(given)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw .missingPath(given)
            }
            var found: [String]
            if isDirectory.boolValue {
                found = []
                guard let walker = fileManager.enumerator(atPath: root) else {
                    throw .unreadable(path: root, reason: "cannot list the folder")
                }
                while let relative = walker.nextObject() as? String {
                    guard relative.hasSuffix(".txt") else { continue }
                    let full = normalize(root + "/" + relative)
                    var isSubfolder: ObjCBool = false
                    if fileManager.fileExists(atPath: full, isDirectory: &isSubfolder), !isSubfolder.boolValue {
                        found.append(full)
                    }
                }
                if found.isEmpty { throw .noTextFiles(root) }
                found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            } else {
                found = [root]
            }
            for path in found where seen.insert(path).inserted {
                result.append(path)
            }
        }
        return result
    }

    /// Normalises a user-given path without touching the file system: drops `.`
    /// components, repeated and trailing slashes, and folds `name/..`. Keeps a leading
    /// `/` and leading `..` components. `./seeds/` becomes `seeds`, so the files of
    /// folder `seeds` are stored as `seeds/000_x.txt`.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(component)
                }
            default:
                parts.append(component)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Decodes UTF-8 strictly, keeping a byte order mark as U+FEFF.
    static func decodeUTF8(_ bytes: [UInt8], path: String) throws(StoreError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        // Find the first bad byte for the error message.
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let encoded) = parser.parseScalar(from: &iterator) {
            offset += encoded.count
        }
        throw .invalidUTF8(path: path, byteOffset: offset)
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
