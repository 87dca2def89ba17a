extension RetentionService: CustomStringConvertible {
    /// The name ServiceLifecycle gives the service in its logs (see ``IngestService/description``).
    var description: String { "RetentionService" }
}
