import TupuQuery

/// The error a query fails with, or nil when it parses.
func parseError(_ text: String) -> QueryError? {
    do {
        _ = try QueryParser.parse(text)
        return nil
    } catch {
        return error
    }
}
