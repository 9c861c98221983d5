import Foundation
import TupuModel

/// A buffered text stream to stdout or to a file, for `-o FILE` options.
struct OutputStream: TextOutputStream {
    private let handle: FileHandle
    private var buffer = Data()

    /// Opens `path` for writing (created or truncated), or stdout when `path` is nil or `-`.
    init(path: String?) throws {
        guard let path, path != "-" else {
            // Lines printed before with print() go first.
            fflush(nil)
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CLIError.io(path: path, message: "cannot create the output file; check the folder exists and is writable")
        }
        guard let opened = FileHandle(forWritingAtPath: path) else {
            throw CLIError.io(path: path, message: "cannot open the output file for writing")
        }
        handle = opened
    }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes a warning or progress line on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Rows as columns aligned for a terminal, wide characters counted as two columns.
func alignedTable(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    let columns = header.count
    var widths = Array(repeating: 0, count: columns)
    for row in all {
        for (index, cell) in row.enumerated() where index < columns {
            widths[index] = max(widths[index], cell.displayWidth)
        }
    }
    func line(_ row: [String]) -> String {
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.displayWidth)
        }.joined(separator: "  ")
    }
    var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
    lines += rows.map(line)
    return lines.joined(separator: "\n")
}
