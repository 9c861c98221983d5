import ArgumentParser
import Foundation
import TupuExtract
import TupuIngest
import TupuQuery
import TupuModel
import TupuStore

/// Every failure a command reports: one type, printed and turned into an exit code in one
/// place (``ParsableCommand/report(_:)``).
///
/// Each case says what failed and what to do; ``exitCodes`` is the table `tupu --help` shows.
enum CLIError: Error, CustomStringConvertible {
    /// A mistake in what was asked, found while running (a malformed query, an unknown
    /// predicate, a file that is not UTF-8 where text is expected). Exit 64.
    case usage(String)
    /// Nothing matched, or a check the user asked for did not pass; each line says why
    /// (none when the output already said it). Exit 1.
    case notFound([String])
    /// Some input files were skipped (each one was reported when it was skipped); the others
    /// were processed. Exit 3.
    case skipped(count: Int)
    /// A rule or lexicon file the user gave cannot be read. Exit 65.
    case rules(RuleFileError)
    /// A data file (a gold file, a corpus, a record file) is not in its format. Exit 65.
    case badData(String)
    /// A database failure (missing, not a Tupu database, newer schema, SQLite error):
    /// exit 66, 73 when it cannot be created there, 77 when it is read-only.
    case store(StoreError)
    /// An input file or folder that cannot be found or read (the message names it). Exit 66.
    case input(String)
    /// Graphviz failed. Exit 70.
    case render(any Error)
    /// Any other failure of a library call (a bug to report). Exit 70.
    case failed(any Error)
    /// The output cannot be written. Exit 74.
    case io(path: String, message: String)

    /// The exit codes of every command, as `tupu --help` lists them.
    static let exitCodes: [(code: Int32, meaning: String)] = [
        (0, "success"),
        (1, "nothing found (no such name, row or path), or a check did not pass"),
        (3, "some input files were skipped; the others were processed"),
        (64, "usage: a bad option, query or predicate"),
        (65, "a rule, lexicon, gold or record file is malformed"),
        (66, "an input or the database is missing or unusable"),
        (70, "rendering with Graphviz failed, or another internal failure"),
        (73, "the database cannot be created there"),
        (74, "the output cannot be written"),
        (77, "the database is read-only"),
    ]

    /// The lines printed on standard error.
    var lines: [String] {
        switch self {
        case .notFound(let lines): lines.map { "tupu: " + $0 }
        case .skipped: []
        default: ["tupu: " + description]
        }
    }

    var description: String {
        switch self {
        case .usage(let message): message
        case .notFound(let lines): lines.joined(separator: "\n")
        case .skipped(let count): "\(count) file(s) skipped"
        case .rules(let error): "bad rule file: \(error)"
        case .badData(let message): message
        case .store(let error): error.description(databaseOption: "--db")
        case .input(let message): message
        case .render(let error): "rendering failed: \(error)"
        case .failed(let error): "failed: \(error)"
        case .io(let path, let message): "\(path): \(message)"
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .usage: ExitCode(64)
        case .notFound: ExitCode(1)
        case .skipped: ExitCode(3)
        case .rules, .badData: ExitCode(65)
        case .store(.cannotCreateDatabase), .store(.cannotCreateDirectory): ExitCode(73)
        case .store(.readOnlyDatabase): ExitCode(77)
        case .store, .input: ExitCode(66)
        case .render, .failed: ExitCode(70)
        case .io: ExitCode(74)
        }
    }

    /// How the command line names the options of reading documents, in messages.
    static let documentOptions = DocumentError.Options(
        encoding: "--encoding", maxFileSize: "--max-file-size", replace: "--replace", source: "--source")

    /// The line printed for a file that could not be read or decoded; the others go on.
    static func skippedLine(_ error: DocumentError) -> String {
        "tupu: skipped: " + error.description(options: documentOptions)
    }

    /// A failure of any layer as a CLI error: database, documents, queries.
    static func wrapping(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: error
        case let error as StoreError: .store(error)
        case let error as DocumentError:
            if case .badRecord = error { .badData(error.description(options: documentOptions)) } else { .input(error.description(options: documentOptions)) }
        case let error as QueryError:
            if case .unknownName = error { .notFound([error.description]) } else { .usage(error.description) }
        case let error as RuleFileError: .rules(error)
        // A view of a name the graph does not hold (with suggestions): a usage error, as before.
        case let error as GraphViewError: .usage(error.description)
        default: .failed(error)
        }
    }
}

extension ParsableCommand {
    /// Runs the body of a command: a failure of any layer is printed on standard error as
    /// ``CLIError`` says, and the process exits with its code. Errors of the argument parser
    /// (usage, help) go through as they are.
    func report(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            let failure = CLIError.wrapping(error)
            for line in failure.lines { printError(line) }
            throw failure.exitCode
        }
    }
}
