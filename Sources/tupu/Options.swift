import ArgumentParser
import Foundation
import TupuExtract
import TupuIngest
import TupuModel
import TupuStore

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

/// How `ingest` and `extract` read files: the encoding and the largest file taken.
struct FileReadingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The encoding of the files: auto (UTF-16 by byte order mark, else UTF-8, else GB18030), utf8, utf16 or gb18030.",
        valueName: "encoding"))
    var encoding: TextEncoding = .auto

    @Option(name: .long, help: ArgumentHelp(
        "Skip files larger than this (bytes, or with K, M or G: 64M).", valueName: "size"))
    var maxFileSize = ByteCount(bytes: SourceDocument.defaultMaxFileSize)
}

extension TupuModel.Predicate {
    /// A predicate given on the command line by id or Chinese label (`attended`, `出席`),
    /// checked while the arguments are parsed: `@Argument(transform: Predicate.argument)`.
    /// An unknown one is a usage error (exit 64) that lists the known predicates.
    static func argument(_ text: String) throws -> TupuModel.Predicate {
        guard let known = TupuModel.Predicate(label: text) else { throw UnknownPredicate(text: text) }
        return known
    }

    /// The message of an unknown predicate.
    struct UnknownPredicate: Error, CustomStringConvertible {
        var text: String
        var description: String { "unknown predicate \"\(text)\"; known predicates: " + TupuModel.Predicate.catalogue }
    }
}
