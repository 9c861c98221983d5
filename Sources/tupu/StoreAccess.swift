import TupuStore

extension DatabaseOptions {
    /// Opens the database, mapping failures to a one-line CLI error.
    func open(readOnly: Bool) throws -> Store {
        try openStore(path, readOnly: readOnly)
    }
}

/// Opens the database at `path`, mapping failures to a one-line CLI error.
func openStore(_ path: String, readOnly: Bool) throws -> Store {
    do {
        return try Store(path: path, readOnly: readOnly)
    } catch {
        throw CLIError.store(error)
    }
}

/// Runs a store call, mapping its failure to a one-line CLI error.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CLIError.wrapping(error)
    }
}
