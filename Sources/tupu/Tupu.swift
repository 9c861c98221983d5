import ArgumentParser
import Foundation
import TupuModel

@main
struct Tupu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tupu",
        abstract: "图谱 Tupu: a knowledge graph of people, roles, places, organizations and events from Chinese news.",
        discussion: """
            Typical session:
              tupu ingest seeds/                 # read articles into the database
              tupu stats                         # what is stored
              tupu query '?p attended ?e'        # ask the graph
              tupu render -o graph.svg           # draw it with Graphviz
              tupu export --format jsonl         # hand it to other tools

            Every command that uses a database reads it from --db (before or after the
            command name: tupu --db x.sqlite stats), else from the environment variable
            TUPU_DB, else from ./tupu.sqlite.

            Exit codes:

            """ + CLIError.exitCodes.map { "  " + String($0.code).padding(toLength: 4, withPad: " ", startingAt: 0) + $0.meaning }
            .joined(separator: "\n"),
        version: "0.1.0",
        subcommands: [Ingest.self, Remove.self, Query.self, Who.self, Show.self, Why.self, Search.self, Path.self, Timeline.self, Render.self, Serve.self, Export.self, Stats.self, Extract.self, Merge.self, Eval.self]
    )

    /// Guards the standard streams (see ``StandardStreams``), then parses and runs the command.
    static func main() {
        StandardStreams.prepare()
        main(globalOptionsAfterTheSubcommand(Array(CommandLine.arguments.dropFirst())))
    }

    /// Options that every database command takes, accepted before the subcommand as users of
    /// git and docker type them: `tupu --db X ingest …` is `tupu ingest --db X …`.
    static let globalOptions: Set<String> = ["--db"]

    /// Moves global options given before the subcommand to just after it (dropped for `help`).
    static func globalOptionsAfterTheSubcommand(_ arguments: [String]) -> [String] {
        let subcommands = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        var before: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if subcommands.contains(argument) {
                guard !moved.isEmpty else { return arguments }
                let after = argument == "help" ? [] : moved
                return before + [argument] + after + arguments[(index + 1)...]
            }
            if argument == "--" || !argument.hasPrefix("-") { return arguments }
            if globalOptions.contains(argument), index + 1 < arguments.count {
                moved += [argument, arguments[index + 1]]
                index += 2
                continue
            }
            if let name = argument.split(separator: "=", maxSplits: 1).first, globalOptions.contains(String(name)), argument.contains("=") {
                moved.append(argument)
            } else {
                before.append(argument)
            }
            index += 1
        }
        return arguments
    }
}

/// Foundation has a `Predicate` type too; in this module the name means Tupu's.
typealias Predicate = TupuModel.Predicate
