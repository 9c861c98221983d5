// sqlite3_config is variadic, so Swift cannot call it: these wrappers can.
#include <sqlite3.h>

// Turns off SQLite's count of the memory it allocates (SQLITE_CONFIG_MEMSTATUS). With it on,
// every allocation and free of SQLite takes a process-wide mutex to update the count. Only
// before SQLite is initialized (the first connection does that): returns SQLITE_MISUSE after.
static inline int tupu_sqlite_config_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
