import Foundation

/// A problem in a lexicon or rule file, located by file and line.
public struct RuleFileError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file):\(line): \(message)"
    }
}

/// One data line of a lexicon file: tab-separated fields.
public struct LexiconEntry: Hashable, Sendable {
    public var fields: [String]
    /// The 1-based line number in its file, for messages.
    public var line: Int

    public subscript(_ index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }
}

/// A parsed lexicon file: one entry a line, fields separated by tabs, `#` starts a comment line.
///
/// ```text
/// # surname<TAB>kind
/// 王	single
/// 欧阳	compound
/// ```
public struct LexiconFile: Sendable {
    public var name: String
    public var entries: [LexiconEntry]

    /// Parses lexicon text. `minimumFields` and `allowedValues` (per field index) are checked
    /// so a typo is reported with its file and line instead of silently ignored.
    public init(
        name: String,
        text: String,
        minimumFields: Int = 1,
        allowedValues: [Int: Set<String>] = [:]
    ) throws(RuleFileError) {
        self.name = name
        var entries: [LexiconEntry] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift: split on scalars so CRLF files read like LF files.
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(String.UnicodeScalarView(rawLine))
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= minimumFields, !fields[0].isEmpty else {
                throw RuleFileError(
                    file: name, line: lineNumber,
                    message: "expected at least \(minimumFields) tab-separated field(s), found \(fields.filter { !$0.isEmpty }.count); separate fields with a TAB")
            }
            for (index, allowed) in allowedValues where index < fields.count {
                let value = fields[index]
                if !value.isEmpty, !allowed.contains(value) {
                    throw RuleFileError(
                        file: name, line: lineNumber,
                        message: "unknown value \"\(value)\" in field \(index + 1); expected one of \(allowed.sorted().joined(separator: ", "))")
                }
            }
            entries.append(LexiconEntry(fields: fields, line: lineNumber))
        }
        self.entries = entries
    }

    /// The first field of every entry.
    public var keys: [String] { entries.map { $0[0] } }
}
