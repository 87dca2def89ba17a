extension IngestService: CustomStringConvertible {
    /// The name ServiceLifecycle gives the service in its logs.
    ///
    /// ServiceLifecycle names every service it runs with `"\(service)"`. Without a description
    /// that reflects every stored property through `Mirror`, nested values included: about
    /// 3 ms of each start (an eighth of a `syncd --once` start on an empty inbox).
    public var description: String { "IngestService" }
}
