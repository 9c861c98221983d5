import ArgumentParser
import TupuModel
import TupuQuery
import TupuStore

struct Who: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who",
        abstract: "Who did something: the subjects of a predicate, optionally for one object.",
        discussion: """
            Examples:
              tupu who attended                 # every person and what they attended
              tupu who 主持
              tupu who visited 深圳国际仲裁院
              tupu who attended 省委常委会会议      # a series: one row per person and meeting
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: RowOptions

    @Argument(help: "A predicate id or Chinese label (attended, 出席, presided, visited, …).", transform: Predicate.argument)
    var predicate: Predicate

    @Argument(help: "The object (a name or alias); without it every object is listed.")
    var object: String?

    func run() throws {
        let known = predicate
        try report {
            let store = try database.open(readOnly: true)
            var patterns = [TriplePattern(.variable("who", kind: nil), .fixed(known), object.map(Term.init(argument:)) ?? .variable("what", kind: nil))]
            // A series name (省委常委会会议) names each of its meetings: say which one in a `what` column.
            if let object, try storeCall({ try store.triples(predicate: .instanceOf, object: object) }).count > 1 {
                patterns = [
                    TriplePattern(.variable("who", kind: nil), .fixed(known), .variable("what", kind: nil)),
                    TriplePattern(.variable("what", kind: nil), .fixed(.instanceOf), Term(argument: object)),
                ]
            }
            try printQuery(TupuQuery.Query(patterns: patterns), store: store, output: output)
        }
    }
}
