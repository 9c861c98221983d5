import Foundation

/// The lines of a record file (JSON Lines), read in chunks so a file of any size streams
/// through in little memory. Blank lines are passed over; a final line needs no line break.
///
/// ```swift
/// let lines = try RecordFile(path: "shards/part-00000")
/// while let (number, bytes) = try lines.next() { … }
/// ```
public final class RecordFile {
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var lineNumber = 0
    static let chunkSize = 1 << 20

    public init(path: String) throws(DocumentError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missingPath(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path, reason: "cannot open it") }
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// The next line that is not blank, with its number (from 1), without its line break;
    /// nil at the end of the file.
    public func next() throws(DocumentError) -> (line: Int, bytes: ArraySlice<UInt8>)? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = buffer[position..<newline]
                position = newline + 1
                lineNumber += 1
                if Self.isBlank(line) { continue }
                return (lineNumber, line)
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                lineNumber += 1
                return Self.isBlank(line) ? nil : (lineNumber, line)
            }
            buffer.removeFirst(position)
            position = 0
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: Self.chunkSize)
            } catch {
                throw .unreadable(path: path, reason: "reading after line \(lineNumber) failed: \(error.localizedDescription)")
            }
            if let chunk, !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { atEnd = true }
        }
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// The lines of several record files, one after the other: each with its file and number.
struct RecordLines: Sequence, IteratorProtocol {
    /// A line to decode.
    struct Line: Sendable {
        var path: String
        var number: Int
        var bytes: ArraySlice<UInt8>

        var name: String { "\(path), line \(number)" }
    }

    private var paths: IndexingIterator<[String]>
    private var current: RecordFile?
    /// The first file that could not be opened or read; the lines stop there.
    private(set) var problem: DocumentError?

    init(_ paths: [String]) {
        self.paths = paths.makeIterator()
    }

    mutating func next() -> Line? {
        while problem == nil {
            do throws(DocumentError) {
                if current == nil {
                    guard let path = paths.next() else { return nil }
                    current = try RecordFile(path: path)
                }
                guard let file = current else { return nil }
                if let (number, bytes) = try file.next() { return Line(path: file.path, number: number, bytes: bytes) }
                current = nil
            } catch {
                problem = error
            }
        }
        return nil
    }
}
