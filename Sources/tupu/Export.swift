import ArgumentParser
import Foundation
import TupuExport
import TupuModel
import TupuStore

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole graph in a format other tools read.",
        discussion: """
            One file, to stdout or -o FILE:
            tsv       one triple a line: subject<TAB>predicate<TAB>object (tabs and
                      line breaks inside names become spaces).
            jsonl     one JSON object a line: {"type":"entity",…} for each entity,
                      then {"type":"triple",…,"evidence":[…]} for each triple, each
                      evidence {document,start,end,surface,sentence,rule,confidence};
                      start/end are code point offsets, end exclusive.
            ntriples  RDF, one triple a line. Entities are <BASE entity/KIND/NAME>
                      (NAME percent-encoded where IRIs forbid it; Chinese kept) with
                      rdf:type <BASE vocab#Person> …, rdfs:label "NAME"@zh and
                      <BASE vocab#alias>; facts use <BASE vocab#PREDICATE>; dates are
                      "yyyy-mm-dd"^^xsd:date literals. Each evidence row is an
                      rdf:Statement <BASE evidence/N> with rdf:subject, rdf:predicate,
                      rdf:object and vocab#document, #start, #end (xsd:integer),
                      #surface, #sentence, #rule, #confidence (xsd:decimal).
                      The vocabulary is published as vocab/tupu.ttl.
            turtle    the same RDF graph as Turtle: prefixes, grouped by subject.
            graphml   for Gephi and networkx: node data kind, label (the name),
                      aliases; edge data predicate, label (Chinese), evidence_count.
                      Literal objects are nodes of their own.

            Several files, into the folder -o DIR (created if missing; required):
            csv       RFC 4180, CRLF line ends.
                      entities.csv: id,kind,name,aliases
                      triples.csv: subject,subject_kind,predicate,object,object_kind,
                        object_literal,evidence_count,documents
                      aliases and documents are joined by | (a | inside one is
                      written as ｜). Formula guard: a text field starting with
                      = + - @ tab CR or ' gets a ' in front; strip one leading ' to
                      undo it, or pass --no-formula-guard.
            neo4j     for neo4j-admin database import full --nodes=nodes.csv
                      --relationships=relationships.csv --multiline-fields=true
                      nodes.csv: id:ID,name,kind,aliases:string[],:LABEL
                      relationships.csv: :START_ID,:END_ID,:TYPE,evidence_count:int,
                        documents:string[]
                      :LABEL is the kind capitalised (Person), :TYPE the predicate
                      upper-cased (ATTENDED). Arrays are joined by ; (a ; inside an
                      alias or document path is written as ；).

            BASE is http://tupu.invalid/ unless --base-iri is given.

            -o never leaves a half-written file: a new or regular file is written beside the \
            target and renamed over it when complete (a regular file keeps its permissions); a \
            character device (/dev/null) or FIFO is written into; a symbolic link or a file with \
            several hard links is refused unless --force. A write error (disk full, closed \
            stdout) is reported on one line with exit code 74.

            Examples:
              tupu export --format jsonl -o graph.jsonl
              tupu export --format turtle --base-iri https://example.org/kg/ -o g.ttl
              tupu export --format neo4j -o neo4j-import/
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "The output format.", valueName: "format"))
    var format: ExportFormat = .tsv

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to this file instead of stdout; for csv and neo4j, into this folder.", valueName: "path"))
    var output: String?

    @Option(name: .customLong("base-iri"), help: ArgumentHelp(
        "ntriples, turtle: the base of the IRIs, ending in /.", valueName: "iri"))
    var baseIRI: String = ExportOptions.defaultBaseIRI

    @Flag(inversion: .prefixedNo, help: "csv: put ' before text fields that start with = + - @ tab, CR or '.")
    var formulaGuard = true

    @Flag(name: .long, help: "Write through a symbolic link, or into a file with several hard links (in place), instead of refusing.")
    var force = false

    func run() throws {
        let options = ExportOptions(baseIRI: baseIRI, formulaGuard: formulaGuard)
        do {
            try options.validate()
            if format.writesFolder, output == nil || output == "-" { throw ExportError.needsFolder(format) }
        } catch let error as ExportError {
            printError("tupu: \(error)")
            throw ExitCode(64)
        }
        try report {
            let store = try database.open(readOnly: true)
            let snapshot = try storeCall { try store.snapshot() }
            if format.writesFolder, let folder = output {
                try writeFolder(snapshot, options: options, folder: folder)
            } else {
                try OutputFile.writing(to: output, force: force) { stream in
                    do {
                        try format.write(snapshot, options: options, to: &stream)
                    } catch {
                        throw CLIError.io(path: output ?? "stdout", message: "export failed: \(error)")
                    }
                }
            }
        }
    }

    private func writeFolder(_ snapshot: GraphSnapshot, options: ExportOptions, folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.io(path: folder, message: "cannot create the output folder")
        }
        for file in format.fileNames {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
            try OutputFile.writing(to: path, force: force) { stream in
                do {
                    try format.write(snapshot, options: options, file: file, to: &stream)
                } catch {
                    throw CLIError.io(path: path, message: "export failed: \(error)")
                }
            }
        }
    }
}
