import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TupuModel
import TupuIngest
import TupuStore

/// Where `-o PATH` output goes, chosen so that nothing is clobbered or left half-written:
///
/// - absent path, or a regular file with one link: a temporary file beside it (same folder),
///   renamed over the target when everything was written (a regular target keeps its
///   permission bits, and its owner when the process may set it); on error the temporary
///   file is removed and the target is as before;
/// - character device (`/dev/null`), FIFO: written straight into, never replaced;
/// - symbolic link, or a regular file with more than one hard link: refused unless `force`
///   (then a link is followed and the file it points to is written by the rules above, and a
///   file with several links is truncated and written in place, so every link sees the
///   new content);
/// - folder, block device, socket: refused;
/// - nil or `-`: standard output.
///
/// Every write error becomes ``CLIError/io(path:message:)`` (one line, exit 74).
struct OutputFile {
    private enum Mode {
        case standardOutput
        case direct
        case temporary(path: String, target: String)
    }

    let path: String
    private let descriptor: Int32
    private let mode: Mode
    private var closed = false

    /// Opens the target; see the type's rules.
    init(path given: String?, force: Bool = false) throws {
        guard let given, given != "-" else {
            // Lines printed before with print() go first.
            _ = CStandardOutput.flush()
            path = "stdout"
            descriptor = STDOUT_FILENO
            mode = .standardOutput
            return
        }
        var target = given
        var status = stat()
        if lstat(target, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            guard force else {
                throw CLIError.io(
                    path: given, message: "is a symbolic link; it was left alone; pass --force to write to the file it points to, or choose another path")
            }
            target = SourceDocument.canonicalPath(given)
        }
        path = given
        if lstat(target, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO:
                descriptor = try Self.openExisting(target, given: given, flags: O_WRONLY | O_NOCTTY | O_CLOEXEC)
                mode = .direct
                return
            case S_IFREG:
                if status.st_nlink > 1 {
                    guard force else {
                        throw CLIError.io(
                            path: given,
                            message: "has \(status.st_nlink) hard links; it was left alone; pass --force to write into it in place (every link sees the new content), or choose another path")
                    }
                    descriptor = try Self.openExisting(target, given: given, flags: O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)
                    mode = .direct
                    return
                }
                (descriptor, mode) = try Self.temporary(beside: target, given: given, mode: status.st_mode & 0o7777,
                                                        owner: (status.st_uid, status.st_gid))
            case S_IFDIR:
                throw CLIError.io(path: given, message: "is a folder; pass a file path")
            default:
                throw CLIError.io(path: given, message: "is not a regular file, character device or FIFO; it was left alone; choose another path")
            }
        } else if errno == ENOENT {
            let mask = umask(0o022)
            umask(mask)
            (descriptor, mode) = try Self.temporary(beside: target, given: given, mode: 0o666 & ~mask, owner: nil)
        } else {
            throw CLIError.io(path: given, message: "cannot be inspected (\(Self.reason())); check the folder exists and is readable")
        }
    }

    private static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    private static func openExisting(_ target: String, given: String, flags: Int32) throws -> Int32 {
        let descriptor = open(target, flags)
        guard descriptor >= 0 else {
            throw CLIError.io(path: given, message: "cannot open it for writing (\(reason())); check its permissions")
        }
        return descriptor
    }

    /// A new file beside `target`, named `.NAME.tupu-XXXXXX`, with the given mode (and owner).
    private static func temporary(
        beside target: String, given: String, mode permissions: mode_t, owner: (uid_t, gid_t)?
    ) throws -> (Int32, Mode) {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let template = (folder.isEmpty ? "" : folder + "/") + "." + name + ".tupu-XXXXXX"
        var bytes = Array(template.utf8CString)
        let descriptor = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            let descriptor = mkstemp(base)
            if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            return descriptor
        }
        guard descriptor >= 0 else {
            let shown = folder.isEmpty ? "." : folder
            throw CLIError.io(
                path: given, message: "cannot create a file in the folder \(shown) (\(reason())); check the folder exists and is writable")
        }
        let temporaryPath = String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let (uid, gid) = owner, uid != getuid() || gid != getgid() {
            _ = fchown(descriptor, uid, gid)  // kept when the process may; else the file is the user's
        }
        if fchmod(descriptor, permissions) != 0 {
            let problem = reason()
            close(descriptor)
            unlink(temporaryPath)
            throw CLIError.io(path: given, message: "cannot set the permissions of the new file (\(problem))")
        }
        return (descriptor, .temporary(path: temporaryPath, target: target))
    }

    /// Writes all the bytes, or throws (the target is then left as before, see ``abandon()``).
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIError.io(path: path, message: "cannot write (\(Self.reason())); nothing was written there")
            }
            remaining -= written
            base += written
        }
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Makes the output final: the temporary file is synced and renamed over the target.
    mutating func commit() throws {
        guard !closed else { return }
        closed = true
        switch mode {
        case .standardOutput:
            return
        case .direct:
            if close(descriptor) != 0 {
                throw CLIError.io(path: path, message: "cannot finish writing (\(Self.reason()))")
            }
        case .temporary(let temporaryPath, let target):
            if fsync(descriptor) != 0 || close(descriptor) != 0 {
                let problem = Self.reason()
                unlink(temporaryPath)
                throw CLIError.io(path: path, message: "cannot finish writing (\(problem)); the file was left as it was")
            }
            if rename(temporaryPath, target) != 0 {
                let problem = Self.reason()
                unlink(temporaryPath)
                throw CLIError.io(path: path, message: "cannot replace the file (\(problem)); it was left as it was")
            }
        }
    }

    /// Gives up: a temporary file is removed, so the target stays as it was.
    mutating func abandon() {
        guard !closed else { return }
        closed = true
        switch mode {
        case .standardOutput: return
        case .direct: close(descriptor)
        case .temporary(let temporaryPath, _):
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Writes `body`'s output to `path` (see ``OutputFile``), committing it only when `body`
    /// and every write succeeded.
    static func writing(to path: String?, force: Bool, _ body: (inout OutputStream) throws -> Void) throws {
        var stream = OutputStream(try OutputFile(path: path, force: force))
        do {
            try body(&stream)
            try stream.finish()
        } catch {
            stream.abandon()
            throw error
        }
    }
}

/// A buffered text stream into an ``OutputFile``. `TextOutputStream` cannot throw, so the
/// first write error is kept, later text is dropped, and ``finish()`` throws it.
struct OutputStream: TextOutputStream {
    private var file: OutputFile
    private var buffer = Data()
    private var failure: (any Error)?

    init(_ file: OutputFile) {
        self.file = file
    }

    /// Standard output (`path` nil or `-`) or a file, see ``OutputFile``.
    init(path: String?, force: Bool = false) throws {
        self.init(try OutputFile(path: path, force: force))
    }

    mutating func write(_ string: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        do {
            try file.write(buffer)
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and commits the file, or throws the first write error.
    mutating func finish() throws {
        flush()
        if let failure { throw failure }
        try file.commit()
    }

    mutating func abandon() {
        file.abandon()
    }
}

/// Standard streams that are closed when the process starts (`tupu export >&-`) are opened
/// on `/dev/null` (read-only for standard output, so writing to it fails and is reported),
/// so that no file the process opens takes their numbers; text printed with `print` is
/// flushed at exit and a write error then ends the process with one line and exit 74.
enum StandardStreams {
    static func prepare() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", descriptor == STDERR_FILENO ? O_WRONLY : O_RDONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
        atexit {
            if !CStandardOutput.flush() {
                let code = errno
                let reason = code == EBADF ? "standard output is closed" : code == 0 ? "write error" : String(cString: strerror(code))
                let line = "tupu: stdout: cannot write (\(reason)); the output is incomplete\n"
                _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
                _exit(74)
            }
        }
    }
}

/// Writes a warning or progress line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// `text` with each control character (C0, DEL, C1) written as `\u{HEX}`.
func terminalSafe(_ text: String) -> String {
    func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }
    // In UTF-8 a C0 control or DEL is one byte under 0x20 or 0x7F, and a C1 control starts with
    // 0xC2: text with none of these bytes (nearly all) is returned as it is, its bytes read once.
    guard text.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }),
          text.unicodeScalars.contains(where: isControl)
    else { return text }
    var safe = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if isControl(scalar) {
            safe.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
        } else {
            safe.append(scalar)
        }
    }
    return String(safe)
}

/// Rows as columns aligned for a terminal, wide characters counted as two columns.
/// Control characters (ESC, line breaks, tab, C1) are written as `\u{1B}`, so a name cannot
/// move the cursor, recolour or clear a terminal, nor break the columns.
func alignedTable(header: [String], rows: [[String]]) -> String {
    // Each cell made safe and measured once.
    let all = ([header] + rows).map { $0.map { cell in let safe = terminalSafe(cell); return (text: safe, width: safe.displayWidth) } }
    let columns = header.count
    var widths = Array(repeating: 0, count: columns)
    for row in all {
        for (index, cell) in row.enumerated() where index < columns {
            widths[index] = max(widths[index], cell.width)
        }
    }
    var table = "", lines = 0
    func append(_ row: [(text: String, width: Int)]) {
        if lines > 0 { table += "\n" }
        lines += 1
        for (index, cell) in row.enumerated() {
            if index > 0 { table += "  " }
            table += cell.text
            // Every cell but the last is padded to its column's width (a row longer than the
            // header has columns: as wide as itself).
            if index < row.count - 1, index < columns, widths[index] > cell.width {
                table += String(repeating: " ", count: widths[index] - cell.width)
            }
        }
    }
    append(all[0])
    append(widths.map { (String(repeating: "-", count: $0), $0) })
    for row in all.dropFirst() { append(row) }
    return table
}
