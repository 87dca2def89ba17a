#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation.
/// Only has an effect before SQLite initializes (the first connection opened in the process);
/// returns SQLITE_MISUSE after that, which callers may ignore.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
