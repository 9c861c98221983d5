import ArgumentParser
import Foundation
import TupuExtract

/// Where the database lives: `--db`, else `$TUPU_DB`, else `./tupu.sqlite`.
struct DatabaseOptions: ParsableArguments {
    static let defaultPath = "tupu.sqlite"
    static let environmentVariable = "TUPU_DB"

    @Option(name: .long, help: ArgumentHelp(
        "The SQLite database file.",
        discussion: "Defaults to $TUPU_DB when set, else ./tupu.sqlite.",
        valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Self.defaultPath
    }
}

/// Extra lexicon folders that extend the bundled rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A folder of lexicon files (surnames.txt, offices.txt, cues.txt …) whose entries are added to the built-in ones. Repeatable.",
        valueName: "dir"))
    var rules: [String] = []

    func extractor() throws -> Extractor {
        do {
            return Extractor(rules: try RuleSet.load(extraDirectories: rules.map { URL(fileURLWithPath: $0) }))
        } catch {
            throw CLIError.rules(error)
        }
    }
}
