import TupuQuery
import TupuStore

/// The properties every query text must keep, whatever it holds.
///
/// - parsing returns or throws a ``QueryError`` (never traps), and the error's message (with its
///   caret line) can be printed;
/// - a parsed query compiles with a resolver that returns some ids (or a literal, or nothing) and
///   compiling returns or throws a ``QueryError``;
/// - the compiled SQL has exactly one `?` placeholder per argument, one column name per visible
///   column, and no text of the query in it.
public enum QueryFuzzing {
    /// What one input did, for counting in tests.
    public enum Outcome: Sendable, Hashable {
        case syntaxError
        case compileError
        case compiled
    }

    /// A broken property, with the input that broke it.
    public struct Violation: Error, CustomStringConvertible, Sendable {
        public var input: String
        public var message: String
        public var description: String { "\(message)\ninput (Swift literal): \(input.debugDescription)" }
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences, and checks the text.
    public static func check(bytes: UnsafeBufferPointer<UInt8>) throws(Violation) -> Outcome {
        try check(String(decoding: bytes, as: UTF8.self))
    }

    public static func check(_ text: String) throws(Violation) -> Outcome {
        let query: Query
        do {
            query = try QueryParser.parse(text)
        } catch {
            _ = error.description
            return .syntaxError
        }
        let compiled: CompiledQuery
        do {
            compiled = try SQLCompiler.compile(query, resolve: resolve)
        } catch let error as QueryError {
            _ = error.description
            return .compileError
        } catch {
            throw Violation(input: text, message: "compiling threw a non-query error: \(error)")
        }
        let placeholders = compiled.sql.unicodeScalars.filter { $0 == "?" }.count
        guard placeholders == compiled.arguments.count else {
            throw Violation(
                input: text,
                message: "SQL has \(placeholders) placeholders for \(compiled.arguments.count) arguments:\n\(compiled.sql)\n\(compiled.arguments)")
        }
        let visible = query.select.isEmpty ? query.variables.count : query.select.count
        guard compiled.columns.count == visible else {
            throw Violation(input: text, message: "\(compiled.columns.count) column names for \(visible) selected items")
        }
        guard compiled.sql.unicodeScalars.allSatisfy(\.isASCII) else {
            throw Violation(input: text, message: "query text leaked into the SQL:\n\(compiled.sql)")
        }
        return .compiled
    }

    /// A stand-in for the store: each name matches 0 to 3 entity ids and maybe a literal, decided by
    /// a hash of the name so that runs repeat.
    static func resolve(_ name: String) -> NameMatch {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let count = Int(hash % 4)
        let ids = (0..<count).map { Int64(truncatingIfNeeded: hash >> UInt64(8 * $0)) }
        return NameMatch(entityIDs: ids, isLiteral: hash & 0x10 != 0)
    }
}
