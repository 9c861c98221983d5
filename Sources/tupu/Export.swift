import ArgumentParser

struct Export: ParsableCommand {
    func run() throws {}
}
