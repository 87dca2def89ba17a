/// The body of `GET /readyz`: whether syncd can take files now, and each check's result.
struct ReadinessReport: Codable, Sendable {
    var ready: Bool
    /// `database`, `watcher` and `disk`, each `ok` or what is wrong.
    var checks: [String: String]
}
