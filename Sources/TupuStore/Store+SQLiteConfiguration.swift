import CSQLiteConfig

extension Store {
    /// SQLite's process-wide settings, made once, before the first connection of the process
    /// (``init(path:readOnly:)`` and ``inMemory()`` ask for it first). Whether they were made:
    /// SQLite takes them only before it is initialized, so not when another part of the process
    /// opened a database first; SQLite then works as it would without them.
    ///
    /// SQLite's count of the memory it allocates is turned off (`SQLITE_CONFIG_MEMSTATUS`): with
    /// it, each allocation and free takes a process-wide mutex to update the count, and the
    /// writer allocates for every row. Tupu reads no such count.
    static let sqliteConfigured: Bool = tupu_sqlite_config_memstatus_off() == 0
}
