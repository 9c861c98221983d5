import ArgumentParser
import Foundation
import TupuExtract
import TupuModel

/// Runs the extractor on files without touching a database: for checking rules.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what extraction finds in files, without storing anything.",
        discussion: "Prints one fact a line: subject, predicate, object, rule, and the span of text that states it.")

    @OptionGroup var ruleOptions: RuleOptions

    @Flag(name: .long, help: "Also list every entity mention.")
    var mentions = false

    @Argument(help: "UTF-8 text files.")
    var files: [String]

    func run() throws {
        try report {
            let extractor = try ruleOptions.extractor()
            for file in files {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CLIError.io(path: file, message: "cannot read as UTF-8 text (\(error.localizedDescription))")
                }
                let result = extractor.extract(text)
                let scalars = Array(text.unicodeScalars)
                func slice(_ span: Span) -> String {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[span.start..<span.end])
                    return String(view)
                }
                print("# \(file)\ttitle=\(result.title ?? "-")\tpublished=\(result.publicationDate ?? "-")")
                if mentions {
                    for mention in result.mentions {
                        print("mention\t\(mention.entity.kind.rawValue)\t\(mention.entity.name)\t\(mention.span.start)-\(mention.span.end)\t\(mention.rule)")
                    }
                }
                for fact in result.facts.sorted(by: { $0.triple < $1.triple }) {
                    print("\(fact.triple)\t\(fact.evidence.rule)\t\(slice(fact.evidence.span))")
                }
            }
        }
    }
}
