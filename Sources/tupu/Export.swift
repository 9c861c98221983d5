import ArgumentParser
import TupuExport
import TupuStore

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole graph in a line format other tools read.",
        discussion: """
            tsv:   one triple a line, subject<TAB>predicate<TAB>object (tabs and newlines inside
                   names become spaces).
            jsonl: one JSON object a line: {"type":"entity",…} for each entity, then
                   {"type":"triple",…,"evidence":[{"document","start","end","surface","sentence",
                   "rule","confidence"}]} for each triple. start/end are code point offsets into the
                   document text, end exclusive; surface is exactly that slice.

            Example: tupu export --format jsonl -o graph.jsonl
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: "The output format.")
    var format: ExportFormat = .tsv

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        try report {
            let store = try database.open(readOnly: true)
            let snapshot = try storeCall { try store.snapshot() }
            var stream = try OutputStream(path: output)
            do {
                try format.write(snapshot, to: &stream)
            } catch {
                throw CLIError.io(path: output ?? "stdout", message: "export failed: \(error)")
            }
            stream.flush()
        }
    }
}
