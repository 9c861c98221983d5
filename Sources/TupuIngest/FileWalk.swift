import Foundation
import TupuStore

/// The `*.txt` files under the paths a user gave, found lazily, in the order
/// ``SourceDocument/discover(_:)`` lists them: each given path in turn; a file as given; a
/// folder's files (in its subfolders too) in byte order of their normalised paths. A file
/// reached through two given paths is listed once, the first time.
///
/// Only one folder listing is held at a time, so a corpus of millions of files streams
/// through in little memory. What would stop the whole run is checked when the walk is
/// made: a given path that does not exist, a folder that cannot be listed or holds no
/// `*.txt` file. A subfolder that cannot be listed later is skipped and recorded in
/// ``problems``.
///
/// ```swift
/// let files = try FileWalk(["seeds"])
/// for path in files { print(path) }   // seeds/000_74a9a881fb5bd59e.txt
/// ```
public final class FileWalk: Sequence, IteratorProtocol {
    /// Subfolders that could not be listed during the walk.
    public private(set) var problems: [DocumentError] = []

    private struct Entry {
        var path: String
        var isFolder: Bool
    }

    /// Which files a walk lists.
    public enum Files: Sendable {
        /// Documents: `*.txt`.
        case text
        /// Record files (``DocumentRecord``): `*.jsonl`, and `part-*` as Spark and Hadoop name
        /// their output (names that start with `.` or `_`, their checksums and markers, are not).
        case records

        func accepts(_ name: String) -> Bool {
            switch self {
            case .text: name.hasSuffix(".txt")
            case .records: !name.hasPrefix(".") && !name.hasPrefix("_") && (name.hasSuffix(".jsonl") || name.hasPrefix("part-"))
            }
        }
    }

    private let files: Files
    private let roots: [Entry]
    private var nextRoot = 0
    /// The folders being walked: the entries of each, sorted, and the position in them.
    private var stack: [(entries: [Entry], index: Int)] = []
    /// Roots walked before the current one: their files are not listed again.
    private var earlierRoots: [Entry] = []

    /// The files of `files` under `paths`.
    public init(_ paths: [String], files: Files = .text) throws(DocumentError) {
        self.files = files
        var roots: [Entry] = []
        for given in paths {
            let root = SourceDocument.normalize(given)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                // Bytes that are not UTF-8 reach the program as U+FFFD: the name cannot be opened.
                if given.unicodeScalars.contains("\u{FFFD}") {
                    throw .unreadable(path: given, reason: "the path is not valid UTF-8, so Tupu cannot open it by this name; rename it")
                }
                throw .missingPath(given)
            }
            let entry = Entry(path: root, isFolder: isDirectory.boolValue)
            if entry.isFolder {
                guard (try? FileManager.default.contentsOfDirectory(atPath: root)) != nil else {
                    throw .unreadable(path: root, reason: "cannot list the folder")
                }
                let probe = FileWalk(roots: [entry], files: files)
                if probe.next() == nil { throw files == .text ? .noTextFiles(root) : .noRecordFiles(root) }
            }
            roots.append(entry)
        }
        self.roots = roots
    }

    private init(roots: [Entry], files: Files) {
        self.roots = roots
        self.files = files
    }

    public func makeIterator() -> FileWalk { self }

    public func next() -> String? {
        while true {
            if var top = stack.popLast() {
                guard top.index < top.entries.count else { continue }
                let entry = top.entries[top.index]
                top.index += 1
                stack.append(top)
                if isCovered(entry.path) { continue }
                if entry.isFolder {
                    stack.append((listing(entry.path), 0))
                } else {
                    return entry.path
                }
                continue
            }
            guard nextRoot < roots.count else { return nil }
            earlierRoots = Array(roots[..<nextRoot])
            let root = roots[nextRoot]
            nextRoot += 1
            if isCovered(root.path) { continue }
            if root.isFolder {
                stack.append((listing(root.path), 0))
            } else {
                return root.path
            }
        }
    }

    /// Whether an earlier root already listed this path.
    private func isCovered(_ path: String) -> Bool {
        earlierRoots.contains { root in
            path == root.path || (root.isFolder && (root.path == "/" ? path.hasPrefix("/") : path.hasPrefix(root.path + "/")))
        }
    }

    /// The subfolders and the files listed (`*.txt` for documents) of a folder, in the order their full paths sort:
    /// by name, a folder's name compared as if it ended with `/` (so `b.txt` comes before
    /// the files of folder `b`).
    private func listing(_ folder: String) -> [Entry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            problems.append(.unreadable(path: folder, reason: "cannot list the folder"))
            return []
        }
        var entries: [(key: [UInt8], entry: Entry)] = []
        for name in names {
            let path = SourceDocument.normalize(folder + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // A name that is not UTF-8 comes back with U+FFFD and cannot be opened by it: say so.
                if name.unicodeScalars.contains("\u{FFFD}") {
                    problems.append(.unreadable(path: path, reason: "its name is not valid UTF-8, so it cannot be read; rename it"))
                }
                continue
            }
            if isDirectory.boolValue {
                if Self.isLink(path) { continue }  // as before: symbolic links to folders are not followed
                entries.append((Array((name + "/").utf8), Entry(path: path, isFolder: true)))
            } else if files.accepts(name) {
                entries.append((Array(name.utf8), Entry(path: path, isFolder: false)))
            }
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return entries.map(\.entry)
    }

    private static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}
