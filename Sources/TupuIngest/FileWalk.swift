import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TupuStore

/// The `*.txt` files under the paths a user gave, found lazily, in the order
/// ``SourceDocument/discover(_:)`` lists them: each given path in turn; a file as given; a
/// folder's files (in its subfolders too) in byte order of their normalised paths. A file
/// reached through two given paths is listed once, the first time.
///
/// Only one folder listing per level of the folder being walked is held at a time, and a
/// listing is compact: the names it keeps (the files it lists and the subfolders), as raw
/// bytes in one buffer with 4-byte offsets, about 20 bytes a file for a flat folder of
/// `aNNNNNNN.txt` names; full paths are made one at a time as the walk returns them. So a
/// corpus of millions of files streams through in little memory. What would stop the whole
/// run is checked when the walk is made: a given path that does not exist, a folder that
/// cannot be listed or holds no `*.txt` file (the check stops at the first file it would list).
/// A subfolder that cannot be listed later is skipped and recorded in ``problems``, and so
/// is a name that is not valid UTF-8.
///
/// Folders are read with `readdir`; the entry's type tells files from folders without a
/// `stat`, which is made only for symbolic links and entries of unknown type. Symbolic links
/// to folders are not followed; a symbolic link to anything else, a named pipe or a device
/// counts as a file; a link to nothing is left out.
///
/// ```swift
/// let files = try FileWalk(["seeds"])
/// for path in files { print(path) }   // seeds/000_74a9a881fb5bd59e.txt
/// ```
public final class FileWalk: Sequence, IteratorProtocol {
    /// Subfolders that could not be listed during the walk, and names that are not valid UTF-8.
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
    /// The folders being walked: the listing of each and the position in it.
    private var stack: [(listing: Listing, index: Int)] = []
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
                switch Self.holdsFile(root, files: files) {
                case nil: throw .unreadable(path: root, reason: "cannot list the folder")
                case false?: throw files == .text ? .noTextFiles(root) : .noRecordFiles(root)
                case true?: break
                }
            }
            roots.append(entry)
        }
        self.roots = roots
    }

    public func makeIterator() -> FileWalk { self }

    public func next() -> String? {
        while true {
            if let top = stack.indices.last {
                let (listing, index) = stack[top]
                guard index < listing.count else {
                    stack.removeLast()
                    continue
                }
                stack[top].index = index + 1
                let (path, isFolder) = listing.entry(at: index)
                if isCovered(path) { continue }
                if isFolder {
                    stack.append((list(path), 0))
                } else {
                    return path
                }
                continue
            }
            guard nextRoot < roots.count else { return nil }
            earlierRoots = Array(roots[..<nextRoot])
            let root = roots[nextRoot]
            nextRoot += 1
            if isCovered(root.path) { continue }
            if root.isFolder {
                stack.append((list(root.path), 0))
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

    /// The listing of a folder; an empty one, with the problem recorded, if it cannot be read.
    private func list(_ folder: String) -> Listing {
        guard let listing = Listing(folder, files: files, problems: &problems) else {
            problems.append(.unreadable(path: folder, reason: "cannot list the folder"))
            return Listing(empty: folder)
        }
        return listing
    }

    /// Whether `root` holds, in it or in a subfolder, a file a walk of it would list: the
    /// folders are read one at a time, each one's entries as they come, up to the first such
    /// file. Nil when `root` itself cannot be read.
    private static func holdsFile(_ root: String, files: Files) -> Bool? {
        var folders = [root]
        var found = false
        while let folder = folders.popLast() {
            let read = FolderReader.read(folder) { entry in
                switch entry {
                case .file(let name): found = files.accepts(name)
                case .folder(let name): folders.append(SourceDocument.normalize(folder + "/" + name))
                case .badName, .skipped: break
                }
                return !found
            }
            if !read, folder == root { return nil }
            if found { return true }
        }
        return false
    }
}

/// The subfolders and the files listed (`*.txt` for documents) of a folder, in the order
/// their full paths sort: by name as bytes, a folder's name compared as if it ended with `/`
/// (so `b.txt` comes before the files of folder `b`, and `b0.txt` after them).
///
/// The names are kept as raw bytes in one buffer, a folder's with the `/` it sorts by (no
/// name holds one), with the offset of each; the full path of an entry is made when it is
/// asked for.
private struct Listing {
    let folder: String
    /// The names, one after another.
    private var bytes: [UInt8] = []
    /// Where each name starts in ``bytes``, in the order they were read, and the end of the last.
    private var starts: [UInt32] = [0]
    /// The positions in ``starts`` of the names, sorted.
    private var order: [UInt32] = []

    var count: Int { order.count }

    init(empty folder: String) {
        self.folder = folder
    }

    /// Reads `folder`, keeping its subfolders and the files `files` accepts, and records
    /// each name that is not valid UTF-8 in `problems`. Nil when the folder cannot be read,
    /// or its names would take more than 4 GiB.
    init?(_ folder: String, files: FileWalk.Files, problems: inout [DocumentError]) {
        self.folder = folder
        var bytes: [UInt8] = []
        var starts: [UInt32] = [0]
        var fits = true
        let read = FolderReader.read(folder) { entry in
            switch entry {
            case .file(let name) where files.accepts(name):
                bytes.append(contentsOf: name.utf8)
            case .folder(let name):
                bytes.append(contentsOf: name.utf8)
                bytes.append(UInt8(ascii: "/"))
            case .badName(let repaired):
                // As Foundation names it: each bad sequence as U+FFFD. It cannot be opened by that name.
                problems.append(
                    .unreadable(
                        path: SourceDocument.normalize(folder + "/" + repaired),
                        reason: "its name is not valid UTF-8, so it cannot be read; rename it"))
                return true
            case .file, .skipped:
                return true
            }
            guard let end = UInt32(exactly: bytes.count) else {
                fits = false
                return false
            }
            starts.append(end)
            return true
        }
        guard read, fits else { return nil }
        var order = Array(0..<UInt32(starts.count - 1))
        bytes.withUnsafeBufferPointer { names in
            starts.withUnsafeBufferPointer { starts in
                order.sort { left, right in
                    let leftStart = Int(starts[Int(left)]), leftEnd = Int(starts[Int(left) + 1])
                    let rightStart = Int(starts[Int(right)]), rightEnd = Int(starts[Int(right) + 1])
                    let common = min(leftEnd - leftStart, rightEnd - rightStart)
                    if common > 0, let base = names.baseAddress {
                        let sign = memcmp(base + leftStart, base + rightStart, common)
                        if sign != 0 { return sign < 0 }
                    }
                    return leftEnd - leftStart < rightEnd - rightStart
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.order = order
    }

    /// The normalised path of the entry at `index` in sorted order, and whether it is a folder.
    func entry(at index: Int) -> (path: String, isFolder: Bool) {
        let position = Int(order[index])
        let start = Int(starts[position])
        var end = Int(starts[position + 1])
        let isFolder = end > start && bytes[end - 1] == UInt8(ascii: "/")
        if isFolder { end -= 1 }
        let name = String(decoding: bytes[start..<end], as: UTF8.self)
        return (SourceDocument.normalize(folder + "/" + name), isFolder)
    }
}

/// Reads a folder's entries with `readdir`, telling files from folders by the entry's type.
private enum FolderReader {
    enum Found {
        /// Anything listed as a file: a regular file, a symbolic link to one (or to anything but
        /// a folder), a named pipe, a device, a socket.
        case file(String)
        /// A folder, not through a symbolic link.
        case folder(String)
        /// A name that is not valid UTF-8, with each bad sequence as U+FFFD.
        case badName(String)
        /// A symbolic link to a folder or to nothing, or an entry that vanished.
        case skipped
    }

    /// Calls `body` with each entry of `folder` (not `.` and `..`) in the order `readdir`
    /// gives them, until it returns false. False when the folder cannot be read.
    static func read(_ folder: String, _ body: (Found) -> Bool) -> Bool {
        guard let directory = opendir(folder) else { return false }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        while true {
            errno = 0
            guard let entry = readdir(directory) else { return errno == 0 }
            let type = Int32(entry.pointee.d_type)
            let found: Found? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                guard let base = raw.baseAddress else { return nil }
                let cName = base.assumingMemoryBound(to: CChar.self)
                let length = strnlen(cName, raw.count)
                let name = UnsafeRawBufferPointer(start: base, count: length)
                if name.elementsEqual(".".utf8) || name.elementsEqual("..".utf8) { return nil }
                guard let text = String(validating: name, as: UTF8.self) else {
                    return .badName(String(decoding: name, as: UTF8.self))
                }
                switch kind(type, descriptor: descriptor, name: cName) {
                case .file: return .file(text)
                case .folder: return .folder(text)
                case .skipped: return .skipped
                }
            }
            if let found, !body(found) { return true }
        }
    }

    private enum Kind { case file, folder, skipped }

    /// What the entry `name` of the folder open as `descriptor` is, from its `d_type`; a
    /// `stat` only for a symbolic link (followed: a link to a folder is skipped) or an
    /// unknown type.
    private static func kind(_ type: Int32, descriptor: Int32, name: UnsafePointer<CChar>) -> Kind {
        var type = type
        if type == Int32(DT_UNKNOWN) {
            var status = stat()
            guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return .skipped }
            type = typeOf(status.st_mode)
        }
        switch type {
        case Int32(DT_DIR):
            return .folder
        case Int32(DT_LNK):
            var status = stat()
            guard fstatat(descriptor, name, &status, 0) == 0 else { return .skipped }
            return typeOf(status.st_mode) == Int32(DT_DIR) ? .skipped : .file
        default:
            return .file
        }
    }

    /// The `d_type` that goes with a `st_mode` (only folders and links matter here).
    private static func typeOf(_ mode: mode_t) -> Int32 {
        switch mode & S_IFMT {
        case S_IFDIR: Int32(DT_DIR)
        case S_IFLNK: Int32(DT_LNK)
        default: Int32(DT_REG)
        }
    }
}
