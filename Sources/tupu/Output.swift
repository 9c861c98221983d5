import Foundation

/// A buffered text stream to stdout or to a file, for `-o FILE` options.
struct OutputStream: TextOutputStream {
    private let handle: FileHandle
    private var buffer = Data()

    /// Opens `path` for writing (created or truncated), or stdout when `path` is nil or `-`.
    init(path: String?) throws {
        guard let path, path != "-" else {
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

/// The number of terminal columns a string takes: East Asian wide and full-width characters take two.
func displayWidth(_ string: String) -> Int {
    string.unicodeScalars.reduce(0) { width, scalar in
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: width
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
            width + 2
        default: width + 1
        }
    }
}

/// Rows as columns aligned for a terminal, wide characters counted as two columns.
func alignedTable(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    let columns = header.count
    var widths = Array(repeating: 0, count: columns)
    for row in all {
        for (index, cell) in row.enumerated() where index < columns {
            widths[index] = max(widths[index], displayWidth(cell))
        }
    }
    func line(_ row: [String]) -> String {
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
        }.joined(separator: "  ")
    }
    var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
    lines += rows.map(line)
    return lines.joined(separator: "\n")
}
