import ArgumentParser
import Foundation
import Testing
@testable import tupu

/// The help of every command, compared with the snapshots in `Help/` (what `tupu help X`
/// prints at 80 columns). After a deliberate change, `TUPU_UPDATE_HELP=1 swift test --filter
/// HelpSnapshotTests` rewrites them; review the diff before committing.
@Suite struct HelpSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Help")

    static var commands: [(name: String, type: any ParsableCommand.Type)] {
        [("tupu", Tupu.self)] + Tupu.configuration.subcommands.map { ($0._commandName, $0) }
    }

    @Test(arguments: commands.map(\.name))
    func helpMatchesItsSnapshot(_ name: String) throws {
        let type = try #require(Self.commands.first { $0.name == name }?.type)
        let help = Tupu.helpMessage(for: type, columns: 80) + "\n"
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["TUPU_UPDATE_HELP"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try help.write(to: file, atomically: true, encoding: .utf8)
        }
        let snapshot = try String(contentsOf: file, encoding: .utf8)
        #expect(help == snapshot, "tupu help \(name) changed; rerun with TUPU_UPDATE_HELP=1 and review the diff")
    }

    @Test func everyCommandHasASnapshotAndNoSnapshotIsStale() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.commands.map { $0.name + ".txt" }))
    }

    @Test func theRootHelpListsEveryExitCode() {
        let help = Tupu.helpMessage(columns: 80)
        for (code, meaning) in CLIError.exitCodes {
            #expect(help.contains(String(code).padding(toLength: 4, withPad: " ", startingAt: 0) + meaning))
        }
    }
}

/// Command lines parsed in process, as `tupu` parses them, without running anything.
@Suite struct ParsingTests {
    @Test func aPredicateIsCheckedWhileParsingByIdOrLabel() throws {
        let byId = try #require(try Tupu.parseAsRoot(["who", "attended"]) as? Who)
        let byLabel = try #require(try Tupu.parseAsRoot(["who", "出席", "省委常委会会议"]) as? Who)
        #expect(byId.predicate == .attended)
        #expect(byLabel.predicate == .attended)
        #expect(byLabel.object == "省委常委会会议")
        let why = try #require(try Tupu.parseAsRoot(["why", "李希", "主持", "会议"]) as? Why)
        #expect(why.predicate == .presided)
    }

    @Test func anUnknownPredicateIsAUsageErrorListingTheKnownOnes() {
        do {
            _ = try Tupu.parseAsRoot(["who", "befriended"])
            Issue.record("befriended was accepted")
        } catch {
            #expect(Tupu.exitCode(for: error) == ExitCode(64))
            let message = Tupu.message(for: error)
            #expect(message.contains("unknown predicate \"befriended\""))
            #expect(message.contains("attended (出席)"))
        }
    }

    @Test func validationErrorsAreUsageErrors() {
        for arguments in [["ingest", "--batch-size", "0", "seeds"], ["ingest", "--replace", "seeds"], ["query"], ["eval"]] {
            do {
                let command = try Tupu.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed as \(command)")
            } catch {
                #expect(Tupu.exitCode(for: error) == ExitCode(64), "\(arguments)")
            }
        }
    }

    @Test func theDatabaseOptionIsTakenBeforeTheCommand() throws {
        let moved = Tupu.globalOptionsAfterTheSubcommand(["--db", "x.sqlite", "stats"])
        #expect(moved == ["stats", "--db", "x.sqlite"])
        let stats = try #require(try Tupu.parseAsRoot(moved) as? Stats)
        #expect(stats.database.path == "x.sqlite")
        #expect(Tupu.globalOptionsAfterTheSubcommand(["--db=x.sqlite", "help", "stats"]) == ["help", "stats"])
    }

    @Test func everyCLIFailureHasItsOwnExitCode() {
        let failures: [(CLIError, Int32)] = [
            (.usage("x"), 64), (.notFound(["x"]), 1), (.skipped(count: 2), 3), (.badData("x"), 65),
            (.store(.readOnlyDatabase("d")), 77), (.store(.cannotCreateDatabase(path: "d", reason: "r")), 73),
            (.store(.missingDatabase("d")), 66), (.input("x"), 66), (.io(path: "p", message: "m"), 74),
        ]
        for (failure, code) in failures {
            #expect(failure.exitCode == ExitCode(code), "\(failure)")
            #expect(CLIError.exitCodes.contains { $0.code == code })
        }
        #expect(CLIError.notFound([]).lines.isEmpty)
        #expect(CLIError.store(.readOnlyDatabase("d")).lines == [
            "tupu: d is read-only; it was left untouched; make it writable (chmod u+w) or pass another --db path"
        ])
    }
}
