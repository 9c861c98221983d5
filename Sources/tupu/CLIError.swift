import ArgumentParser
import Foundation
import TupuExtract
import TupuStore

/// Failures the CLI reports with one line and a distinct exit code.
enum CLIError: Error, CustomStringConvertible {
    case rules(RuleFileError)
    case store(any Error)
    case render(any Error)
    case io(path: String, message: String)

    var description: String {
        switch self {
        case .rules(let error): "tupu: bad rule file: \(error)"
        case .store(let error): "tupu: \(error)"
        case .render(let error): "tupu: rendering failed: \(error)"
        case .io(let path, let message): "tupu: \(path): \(message)"
        }
    }

    /// 65 bad rule file; 66 missing input or unusable database (not a Tupu database, newer
    /// schema, missing, a folder); 73 the database cannot be created there; 77 the
    /// database is read-only; 70 rendering failed; 74 output could not be written.
    var exitCode: ExitCode {
        switch self {
        case .rules: ExitCode(65)
        case .store(let error):
            switch error as? StoreError {
            case .cannotCreateDatabase, .cannotCreateDirectory: ExitCode(73)
            case .readOnlyDatabase: ExitCode(77)
            default: ExitCode(66)
            }
        case .render: ExitCode(70)
        case .io: ExitCode(74)
        }
    }
}

extension ParsableCommand {
    /// Prints a CLIError on stderr and exits with its code; other errors go to ArgumentParser.
    func report(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw error.exitCode
        }
    }
}
