import ArgumentParser
import Foundation
import TupuIngest
import TupuModel
import TupuStore

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take documents and their facts out of the database.",
        discussion: """
            Each DOC is a source of a document: the file (any path to it), its key (the canonical \
            path, or the name given with ingest --source), or the path as ingest was given it \
            (seeds/000_x.txt for a file found in folder seeds; `tupu export --format jsonl` shows \
            them) when that names one source. The source is taken off its document; a document \
            left without a source goes: its evidence, mentions and \
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
            // Read-only until something is to be removed: a path that is not stored leaves the
            // database file as it was (and a missing database is reported, not created).
            if Store.refusesWrites(path: database.path) {
                throw CLIError.store(.readOnlyDatabase(database.path))
            }
            let reader = try database.open(readOnly: true)
            let sources = try storeCall { try reader.sources() }
            var keys: [String] = []
            var unknown: [String] = []
            for given in documents {
                let matched = Self.match(given, among: sources)
                if matched.isEmpty { unknown.append(SourceDocument.normalize(given)) }
                if matched.count > 1 {
                    throw CLIError.notFound([
                        "\(given) names \(matched.count) stored sources (\(matched.joined(separator: ", "))); "
                            + "give the one to remove by its key; nothing was removed"
                    ])
                }
                for key in matched where !keys.contains(key) { keys.append(key) }
            }
            if !unknown.isEmpty {
                let stored = sources.map(\.path)
                throw CLIError.notFound(unknown.map { path in
                    "\(path) is not a stored document; \(Self.suggestions(for: path, among: stored)); nothing was removed"
                })
            }
            let store = try database.open(readOnly: false)
            let before = try storeCall { try store.stats() }
            for key in keys {
                _ = try storeCall { try store.remove(path: key) }
                let shown = sources.first { $0.key == key }?.path ?? key
                print("removed\t\(shown)")
            }
            let after = try storeCall { try store.stats() }
            print(
                "\(keys.count) document(s) removed: \(before.triples - after.triples) triples, "
                    + "\(before.entities - after.entities) entities, \(before.evidence - after.evidence) evidence rows fewer. "
                    + "Database \(database.path): \(after.documents) documents, \(after.entities) entities, "
                    + "\(after.triples) triples, \(after.evidence) evidence rows.")
        }
    }

    /// The keys of the stored sources `given` names: its key (as given, or the canonical path
    /// of the file it names), else the sources ingested under that path as given.
    static func match(_ given: String, among sources: [StoredSource]) -> [String] {
        let canonical = SourceDocument.canonicalPath(given)
        let byKey = sources.filter { $0.key == given || $0.key == canonical }.map(\.key)
        if !byKey.isEmpty { return Array(Set(byKey)).sorted() }
        let path = SourceDocument.normalize(given)
        return sources.filter { $0.path == path }.map(\.key)
    }

    /// Up to five stored paths close to `path`: same file name, or a small edit distance.
    static func suggestions(for path: String, among stored: [String]) -> String {
        if stored.isEmpty { return "the database holds no documents" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ranked = stored.map { candidate -> (String, Int) in
            let candidateName = candidate.split(separator: "/").last.map(String.init) ?? candidate
            var distance = Suggestions.editDistance(Array(path), Array(candidate))
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
}
