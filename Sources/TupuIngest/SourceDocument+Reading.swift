#if canImport(CoreFoundation)
import CoreFoundation
#endif
import Foundation
import TupuStore
#if canImport(Glibc)
import Glibc
#endif

/// The text encoding of a document file.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-16 by byte order mark, else UTF-8, else GB18030.
    case auto
    case utf8
    /// UTF-16, byte order from the byte order mark.
    case utf16
    /// GB18030, which includes GBK and GB2312.
    case gb18030

    /// The name used in messages.
    public var displayName: String {
        switch self {
        case .auto: "UTF-8, UTF-16 or GB18030"
        case .utf8: "UTF-8"
        case .utf16: "UTF-16"
        case .gb18030: "GB18030"
        }
    }
}

extension SourceDocument {
    /// The canonical absolute path of an existing file (every symbolic link, `.` and `..`
    /// resolved), or, when it cannot be resolved, the path made absolute against the
    /// working directory and normalised.
    public static func canonicalPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// The largest file ``SourceDocument/read(path:encoding:maxFileSize:)`` reads by default: 64 MB.
    public static let defaultMaxFileSize = 64 * 1024 * 1024

    /// How many leading bytes are searched for a NUL byte to tell a binary file.
    static let binaryProbeLength = 8 * 1024

    /// Reads a text file.
    ///
    /// The size is checked from the file system before anything is read: a file larger
    /// than `maxFileSize` bytes throws ``DocumentError/documentTooLarge(path:size:limit:)``.
    /// The bytes are then decoded with ``decode(_:path:encoding:)``; `contentHash` is the
    /// SHA-256 of the bytes, whatever the encoding.
    /// The source key is `sourceKey`, else the file's ``canonicalPath(_:)``.
    public static func read(
        path: String, encoding: TextEncoding = .auto, maxFileSize: Int = defaultMaxFileSize, sourceKey: String? = nil
    ) throws(DocumentError) -> SourceDocument {
        let normalized = normalize(path)
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingPath(normalized)
        }
        if isDirectory.boolValue {
            throw .unreadable(path: normalized, reason: "it is a folder")
        }
        let size: Int64
        do {
            let attributes = try fileManager.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw .unreadable(path: normalized, reason: error.localizedDescription)
        }
        if size > Int64(maxFileSize) {
            throw .documentTooLarge(path: normalized, size: size, limit: Int64(maxFileSize))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: normalized, reason: error.localizedDescription)
        }
        // The file may have grown between the size check and the read.
        if data.count > maxFileSize {
            throw .documentTooLarge(path: normalized, size: Int64(data.count), limit: Int64(maxFileSize))
        }
        let bytes = [UInt8](data)
        let text = try decode(bytes, path: normalized, encoding: encoding).text
        return SourceDocument(
            path: normalized, text: text, contentHash: sha256Hex(bytes), sourceKey: sourceKey ?? canonicalPath(path))
    }

    /// Decodes the bytes of a text file.
    ///
    /// - `.auto`: a UTF-16 byte order mark (`FF FE` or `FE FF`) selects UTF-16; otherwise a
    ///   NUL byte anywhere means a binary file, unless the bytes are UTF-16 without a byte order
    ///   mark (``unmarkedUTF16(_:path:)``); otherwise the bytes are UTF-8 when
    ///   valid (with or without a byte order mark), else GB18030 (which includes GBK and
    ///   GB2312) when they decode as such into text without private-use or C1 control
    ///   characters. When neither fits, the error gives the offset of the first byte that
    ///   is not UTF-8.
    /// - `.utf8`, `.gb18030`: that encoding only (a NUL byte anywhere still means a binary file).
    /// - `.utf16`: the byte order mark gives the byte order; without one, the byte order is
    ///   guessed from where NUL bytes fall (ASCII text), else little-endian.
    ///
    /// A UTF-8 byte order mark stays in the text as U+FEFF, so evidence offsets are code
    /// point offsets of the text exactly as read; a UTF-16 byte order mark is not part of
    /// the text. A text that is empty or only white space throws ``DocumentError/emptyDocument(_:)``.
    public static func decode(
        _ bytes: [UInt8], path: String, encoding: TextEncoding = .auto
    ) throws(DocumentError) -> (text: String, encoding: TextEncoding) {
        if bytes.isEmpty { throw .emptyDocument(path) }
        let utf16BOM: Bool? = bytes.starts(with: [0xFF, 0xFE]) ? false : bytes.starts(with: [0xFE, 0xFF]) ? true : nil
        let result: (text: String, encoding: TextEncoding)
        if encoding == .utf16 || (encoding == .auto && utf16BOM != nil) {
            let bigEndian = utf16BOM ?? guessBigEndian(bytes)
            let body = utf16BOM == nil ? bytes[...] : bytes.dropFirst(2)
            result = (try decodeUTF16(body, bigEndian: bigEndian, path: path), .utf16)
        } else {
            if let nul = bytes.firstIndex(of: 0) {
                // UTF-16 without a byte order mark: the NUL bytes of ASCII characters all fall on
                // one side of each code unit.
                if encoding == .auto, let text = unmarkedUTF16(bytes, path: path) {
                    return (text, .utf16)
                }
                throw .binaryDocument(path: path, byteOffset: nul)
            }
            switch encoding {
            case .gb18030:
                result = (try decodeGB18030(bytes, path: path), .gb18030)
            case .utf8:
                result = (try decodeUTF8(bytes, path: path), .utf8)
            case .auto, .utf16:
                do throws(DocumentError) {
                    result = (try decodeUTF8(bytes, path: path), .utf8)
                } catch let utf8Error {
                    guard let text = try? decodeGB18030(bytes, path: path), plausibleGB18030(text) else {
                        throw utf8Error
                    }
                    result = (text, .gb18030)
                }
            }
        }
        if result.text.unicodeScalars.allSatisfy({ $0 == "\u{FEFF}" || $0.properties.isWhitespace }) {
            throw .emptyDocument(path)
        }
        return result
    }

    /// Expands the paths the user gave into the files to ingest: files as given, folders
    /// walked recursively for `*.txt` files (sorted by path). Paths are normalised, and a
    /// file reached twice is listed once. ``FileWalk`` gives the same files lazily.
    public static func discover(_ paths: [String]) throws(DocumentError) -> [String] {
        Array(try FileWalk(paths))
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
    static func decodeUTF8(_ bytes: [UInt8], path: String) throws(DocumentError) -> String {
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

    /// Decodes UTF-16 code units strictly (an odd byte count or an unpaired surrogate is an error).
    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, path: String) throws(DocumentError) -> String {
        let base = bytes.startIndex
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = base
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var parser = Unicode.UTF16.ForwardParser()
        var iterator = units.makeIterator()
        var text = String.UnicodeScalarView()
        var unitOffset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.append(Unicode.UTF16.decode(encoded))
                unitOffset += encoded.count
            case .error:
                throw .undecodable(path: path, encoding: .utf16, byteOffset: base + unitOffset * 2)
            case .emptyInput:
                if index < bytes.endIndex {
                    throw .undecodable(path: path, encoding: .utf16, byteOffset: index)
                }
                return String(text)
            }
        }
    }

    /// The text of UTF-16 bytes without a byte order mark, when they look like it: an even
    /// count, NUL bytes on one side of the code units only (the high byte of ASCII characters),
    /// and a strict decoding into text: no control character but tab and line breaks, no
    /// private-use character or noncharacter, not only white space. Else nil (a binary file).
    static func unmarkedUTF16(_ bytes: [UInt8], path: String) -> String? {
        guard bytes.count.isMultiple(of: 2) else { return nil }
        var even = 0, odd = 0
        for (offset, byte) in bytes.prefix(binaryProbeLength).enumerated() where byte == 0 {
            if offset.isMultiple(of: 2) { even += 1 } else { odd += 1 }
        }
        guard min(even, odd) == 0, max(even, odd) > 0 else { return nil }
        guard let text = try? decodeUTF16(bytes[...], bigEndian: even > 0, path: path),
              plausibleGB18030(text),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 && !["\t", "\n", "\r"].contains($0) }),
              !text.unicodeScalars.contains(where: { $0.value == 0xFFFE || $0.value == 0xFFFF || $0.value == 0x7F }),
              !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace })
        else { return nil }
        return text
    }

    /// UTF-16 without a byte order mark: big-endian when NUL bytes fall mostly on even
    /// offsets (the high byte of ASCII characters comes first), else little-endian.
    private static func guessBigEndian(_ bytes: [UInt8]) -> Bool {
        var even = 0, odd = 0
        for (offset, byte) in bytes.prefix(binaryProbeLength).enumerated() where byte == 0 {
            if offset.isMultiple(of: 2) { even += 1 } else { odd += 1 }
        }
        return even > odd
    }

    /// Foundation's GB18030 encoding (swift-corelibs-foundation decodes it through ICU).
    /// Without CoreFoundation, its raw value: the CFStringEncoding 0x0632 with the
    /// 0x8000_0000 mark of a converted encoding.
    static let gb18030: String.Encoding = {
        #if canImport(CoreFoundation)
        String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
            CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
        #else
        String.Encoding(rawValue: 0x8000_0632)
        #endif
    }()

    /// Decodes GB18030 (a superset of GBK and GB2312) strictly: every sequence must be one
    /// byte 00–7F; two bytes 81–FE then 40–7E or 80–FE; or four bytes 81–FE, 30–39, 81–FE,
    /// 30–39, and one Foundation maps. The error gives the offset of the first bad sequence.
    static func decodeGB18030(_ bytes: [UInt8], path: String) throws(DocumentError) -> String {
        var offset = 0
        while offset < bytes.count {
            let length = gb18030SequenceLength(bytes, at: offset)
            if length == 0 { throw .undecodable(path: path, encoding: .gb18030, byteOffset: offset) }
            offset += length
        }
        if let text = String(data: Data(bytes), encoding: gb18030) {
            return text
        }
        offset = 0
        while offset < bytes.count {
            let length = gb18030SequenceLength(bytes, at: offset)
            if length > 1, String(data: Data(bytes[offset..<offset + length]), encoding: gb18030) == nil {
                break
            }
            offset += length
        }
        throw .undecodable(path: path, encoding: .gb18030, byteOffset: offset)
    }

    /// Whether text decoded as GB18030 looks like text: no replacement character and no
    /// private-use character (the user-defined areas of GBK), which the bytes of another
    /// encoding would likely produce.
    static func plausibleGB18030(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            scalar == "\u{FFFD}" || (0xE000...0xF8FF).contains(scalar.value) || (0x80...0x9F).contains(scalar.value)
        }
    }

    /// The length of the GB18030 sequence at `offset`, or 0 when none starts there.
    private static func gb18030SequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let lead = bytes[offset]
        if lead < 0x80 { return 1 }
        guard (0x81...0xFE).contains(lead), offset + 1 < bytes.count else { return 0 }
        let second = bytes[offset + 1]
        if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { return 2 }
        guard (0x30...0x39).contains(second), offset + 3 < bytes.count,
              (0x81...0xFE).contains(bytes[offset + 2]), (0x30...0x39).contains(bytes[offset + 3])
        else { return 0 }
        return 4
    }
}
