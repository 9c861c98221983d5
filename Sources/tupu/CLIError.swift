import ArgumentParser
import Foundation
import TupuExtract

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

    var exitCode: ExitCode {
        switch self {
        case .rules: ExitCode(65)
        case .store: ExitCode(66)
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
