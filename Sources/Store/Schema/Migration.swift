/// One numbered schema change from `Migrations/NNNN_name.sql`, embedded at build time.
///
/// Migrations are only ever added, never edited: a database records the versions it has applied.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sql: String
}
