import ArgumentParser

struct Ingest: ParsableCommand {
    func run() throws {}
}
