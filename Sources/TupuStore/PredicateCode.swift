import TupuModel

/// The integer a triple's predicate is stored as (since v13, `triple.predicateId`).
///
/// A predicate's name was stored in the triple table and in two of its indexes (`triple_unique`,
/// `triple_predicate_object`), about nine bytes each time; its code takes one. On the
/// 1,000,000-article benchmark store (13.0 M triples) that was 23 of the 311 bytes per triple.
/// The table keeps a `predicate` column with the name, computed from the code when it is read
/// (a virtual generated column, with the CASE of ``nameExpression(of:)``), so every reader and
/// any SQLite tool still reads names; conditions on the predicate are written on
/// `predicateId`, which the indexes hold.
///
/// The codes are append-only: a predicate's code is its place in ``names``, from 1, and never
/// changes. A predicate added later takes the next code, and a migration must then give the
/// triple table a generated column that names it (SQLite cannot alter one in place).
///
/// ```swift
/// PredicateCode.code(.attended)            // 2
/// PredicateCode.predicate(code: 2)         // .attended
/// ```
///
/// ## Topics
/// - ``names``
/// - ``code(_:)``
/// - ``predicate(code:)``
/// - ``nameExpression(of:)``
/// - ``codeExpression(of:)``
enum PredicateCode {
    /// The names, in the order of their codes (1, 2, …).
    static let names = [
        "holds_role", "attended", "presided", "spoke_at", "reported_at", "visited", "met_with", "held_in", "held_on",
        "located_in", "promotes", "discussed_at", "part_of", "instance_of", "reported_by", "published_on",
    ]

    /// Every predicate with its code, read from an array (the writer asks for each new triple).
    private static let codes: [Int64] = Predicate.allCases.map { predicate in
        Int64((names.firstIndex(of: predicate.rawValue) ?? -1) + 1)
    }

    /// The code of `predicate` (0 for one that has none, which a test rules out).
    static func code(_ predicate: Predicate) -> Int64 {
        codes[Predicate.allCases.firstIndex(of: predicate) ?? 0]
    }

    /// The predicates by code, less one (read for every evidence row `show` reads).
    private static let predicates: [Predicate?] = names.map(Predicate.init(rawValue:))

    /// The predicate of a stored code, nil for an unknown one.
    static func predicate(code: Int64) -> Predicate? {
        guard code >= 1, code <= predicates.count else { return nil }
        return predicates[Int(code) - 1]
    }

    /// SQL that gives the name of the code in `column` (NULL for an unknown code).
    static func nameExpression(of column: String) -> String {
        "CASE \(column) " + names.enumerated().map { "WHEN \($0.offset + 1) THEN '\($0.element)'" }.joined(separator: " ") + " END"
    }

    /// SQL that gives the code of the name in `column` (NULL for an unknown name).
    static func codeExpression(of column: String) -> String {
        "CASE \(column) " + names.enumerated().map { "WHEN '\($0.element)' THEN \($0.offset + 1)" }.joined(separator: " ") + " END"
    }
}
