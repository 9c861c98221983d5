import ArgumentParser
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

            Every command that uses a database reads it from --db, else from the
            environment variable TUPU_DB, else from ./tupu.sqlite.
            """,
        version: "0.1.0",
        subcommands: [Ingest.self, Remove.self, Query.self, Who.self, Show.self, Why.self, Search.self, Path.self, Timeline.self, Render.self, Export.self, Stats.self, Extract.self, Eval.self]
    )

    /// Guards the standard streams (see ``StandardStreams``), then parses and runs the command.
    static func main() {
        StandardStreams.prepare()
        main(nil)
    }
}

/// Foundation has a `Predicate` type too; in this module the name means Tupu's.
typealias Predicate = TupuModel.Predicate
