import ArgumentParser
import Foundation
import TupuStore

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take documents and their facts out of the database.",
        discussion: """
            Each DOC is a document path as ingest stored it (seeds/000_x.txt for a file found in \
            folder seeds; `tupu export --format jsonl` shows them). Its evidence, mentions and \
            aliases are deleted, then facts left without evidence and entities left without any \
            fact, mention or alias; facts other documents support stay. When a path is not \
            stored, nothing is removed, close stored paths are listed and the exit code is 1. \
            A read-only database (chmod 444) is refused before anything is written (exit 77).

            Example: tupu remove seeds/000_74a9a881fb5bd59e.txt --db Graphs/seeds.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Stored document paths.", valueName: "doc"))
    var documents: [String]

    func run() throws {
        try report {
            // A missing database is reported, not created.
            let store = try database.open(readOnly: !FileManager.default.fileExists(atPath: database.path))
            let stored = try storeCall { try store.documents().map(\.path) }
            let storedSet = Set(stored)
            var wanted: [String] = []
            for given in documents {
                let path = SourceDocument.normalize(given)
                if !wanted.contains(path) { wanted.append(path) }
            }
            let unknown = wanted.filter { !storedSet.contains($0) }
            if !unknown.isEmpty {
                for path in unknown {
                    printError("tupu: \(path) is not a stored document; \(Self.suggestions(for: path, among: stored)); nothing was removed")
                }
                throw ExitCode(1)
            }
            let before = try storeCall { try store.stats() }
            for path in wanted {
                _ = try storeCall { try store.remove(path: path) }
                print("removed\t\(path)")
            }
            let after = try storeCall { try store.stats() }
            print(
                "\(wanted.count) document(s) removed: \(before.triples - after.triples) triples, "
                    + "\(before.entities - after.entities) entities, \(before.evidence - after.evidence) evidence rows fewer. "
                    + "Database \(database.path): \(after.documents) documents, \(after.entities) entities, "
                    + "\(after.triples) triples, \(after.evidence) evidence rows.")
        }
    }

    /// Up to five stored paths close to `path`: same file name, or a small edit distance.
    static func suggestions(for path: String, among stored: [String]) -> String {
        if stored.isEmpty { return "the database holds no documents" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ranked = stored.map { candidate -> (String, Int) in
            let candidateName = candidate.split(separator: "/").last.map(String.init) ?? candidate
            var distance = editDistance(Array(path), Array(candidate))
            if candidateName == name || candidate.hasSuffix("/" + path) || path.hasSuffix("/" + candidate) {
                distance = 0
            } else if candidateName.contains(name) || name.contains(candidateName) {
                distance = min(distance, 1)
            }
            return (candidate, distance)
        }
        let threshold = max(3, path.count / 3)
        let close = ranked.filter { $0.1 <= threshold }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .prefix(5).map(\.0)
        if close.isEmpty {
            let some = stored.prefix(5).joined(separator: ", ")
            return "stored paths include: \(some)\(stored.count > 5 ? ", …" : "")"
        }
        return "close stored paths: \(close.joined(separator: ", "))"
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
