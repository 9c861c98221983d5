import ArgumentParser
import TupuModel
import TupuQuery
import TupuStore

struct Who: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who did something: the subjects of a predicate, optionally for one object.",
        discussion: """
            Examples:
              tupu who attended                 # every person and what they attended
              tupu who 主持
              tupu who visited 深圳国际仲裁院
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: RowOptions

    @Argument(help: "A predicate id or Chinese label (attended, 出席, presided, visited, …).")
    var predicate: String

    @Argument(help: "The object (a name or alias); without it every object is listed.")
    var object: String?

    func run() throws {
        let known = try parsePredicate(predicate)
        let objectTerm: Term = object.map(Term.init(argument:)) ?? .variable("what", kind: nil)
        let query = TupuQuery.Query(patterns: [TriplePattern(.variable("who", kind: nil), .fixed(known), objectTerm)])
        try report {
            try printQuery(query, store: try database.open(readOnly: true), output: output)
        }
    }
}
