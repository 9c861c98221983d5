import ArgumentParser
import Foundation
import TupuExtract
import TupuModel
import TupuIngest
import TupuStore

/// Runs the extractor on files without touching a database: for checking rules.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what extraction finds in files, without storing anything.",
        discussion: """
            Prints one fact a line: subject, predicate, object, rule, and the span of text that states it. \
            Files are read as ingest reads them: UTF-8, UTF-16 with a byte order mark or GB18030 \
            (or --encoding), at most --max-file-size (checked before reading). A file that cannot be \
            read or decoded is reported on one line (with the offset of the first bad byte), the \
            other files go on, and the exit code is then 3.
            """)

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var reading: FileReadingOptions

    @Flag(name: .long, help: "Also list every entity mention.")
    var mentions = false

    @Argument(help: "Text files.")
    var files: [String]

    func run() throws {
        try report {
            let extractor = try ruleOptions.extractor()
            var skipped = 0
            for file in files {
                let text: String
                do throws(DocumentError) {
                    text = try SourceDocument.read(path: file, encoding: reading.encoding, maxFileSize: reading.maxFileSize.bytes).text
                } catch {
                    printError(CLIError.skippedLine(error))
                    skipped += 1
                    continue
                }
                let result = extractor.extract(text)
                let scalars = Array(text.unicodeScalars)
                print("# \(file)\ttitle=\(result.title ?? "-")\tpublished=\(result.publicationDate ?? "-")")
                if mentions {
                    for mention in result.mentions {
                        print("mention\t\(mention.entity.kind.rawValue)\t\(mention.entity.name)\t\(mention.span.start)-\(mention.span.end)\t\(mention.rule)")
                    }
                }
                for fact in result.facts.sorted(by: { $0.triple < $1.triple }) {
                    print("\(fact.triple)\t\(fact.evidence.rule)\t\(scalars.text(fact.evidence.span))")
                }
            }
            if skipped > 0 { throw CLIError.skipped(count: skipped) }
        }
    }
}
