import Foundation
import TupuModel

/// Why a query cannot run, with what to do about it.
public enum QueryError: Error, Equatable, CustomStringConvertible {
    /// The text does not follow the grammar; `offset` is the character where it went wrong.
    case syntax(query: String, offset: Int, expected: String, found: String)
    case unknownPredicate(query: String, offset: Int, name: String)
    case unknownKind(query: String, offset: Int, name: String)
    /// A name that matches no entity, alias or literal, with close matches from the store.
    case unknownName(name: String, suggestions: [String])
    /// A variable used in SELECT, FILTER, GROUP BY or ORDER BY that no pattern binds.
    case unboundVariable(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .syntax(let query, let offset, let expected, let found):
            "query syntax error at character \(offset + 1): expected \(expected), found \(found)\n" + Self.caret(query, offset)
        case .unknownPredicate(let query, let offset, let name):
            "unknown predicate \"\(name)\"; known predicates: "
                + Predicate.catalogue + "\n" + Self.caret(query, offset)
        case .unknownKind(let query, let offset, let name):
            "unknown kind \"\(name)\"; known kinds: " + EntityKind.allCases.map(\.rawValue).joined(separator: ", ") + "\n" + Self.caret(query, offset)
        case .unknownName(let name, let suggestions):
            suggestions.isEmpty
                ? "no entity is named \"\(name)\"; try `tupu search` with part of the name"
                : "no entity is named \"\(name)\"; did you mean: \(suggestions.joined(separator: ", "))?"
        case .unboundVariable(let name):
            "?\(name) is not used in any triple pattern; bind it in a pattern first"
        case .invalid(let message):
            message
        }
    }

    /// The query on one line with a caret under the character at `offset`.
    static func caret(_ query: String, _ offset: Int) -> String {
        // Character by character, so "\r\n" (one Character) stays one column and no "\r" is printed.
        let line = String(query.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let width = String(line.prefix(offset)).displayWidth
        return "  " + line + "\n  " + String(repeating: " ", count: width) + "^"
    }
}
