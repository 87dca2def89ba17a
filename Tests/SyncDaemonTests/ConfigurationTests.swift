import Testing
@testable import SyncDaemon

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaultsAreTheDocumentedOnes() throws {
        let configuration = DaemonConfiguration()
        #expect(configuration.home == "./newsroom")
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 7411))
        #expect(configuration.maxFileBytes == 16 * 1024 * 1024)
        try configuration.validate()
    }

    @Test(arguments: [("127.0.0.1:7411", "127.0.0.1", 7411), ("[::1]:8080", "::1", 8080), ("localhost:0", "localhost", 0)])
    func listenAddressesParse(text: String, host: String, port: Int) throws {
        #expect(try ListenAddress(parsing: text) == ListenAddress(host: host, port: port))
    }

    @Test(arguments: ["7411", ":7411", "host:", "host:99999", "host:http"])
    func badListenAddressesNameTheField(text: String) {
        #expect {
            try ListenAddress(parsing: text)
        } throws: { error in
            guard case DaemonError.invalidConfiguration(let field, let message) = error else { return false }
            return field == "listen" && message.contains(text)
        }
    }

    @Test func validateNamesTheBadField() throws {
        var configuration = DaemonConfiguration()
        let limit = DaemonConfiguration.largestMaxFileBytes
        let error = DaemonError.invalidConfiguration(field: "ingest.max_file_bytes",
                                                     message: "must be positive and at most \(limit) (256 MiB)")
        for bad in [0, limit + 1] {
            configuration.maxFileBytes = bad
            #expect(throws: error) { try configuration.validate() }
        }
        configuration.maxFileBytes = limit
        try configuration.validate()
        let versions = DaemonError.invalidConfiguration(field: "dedup.max_window_versions",
                                                        message: "must be from 1000 to \(DaemonConfiguration.largestMaxWindowVersions)")
        for bad in [0, 999, DaemonConfiguration.largestMaxWindowVersions + 1] {
            configuration.dedupMaxWindowVersions = bad
            #expect(throws: versions) { try configuration.validate() }
        }
        configuration.dedupMaxWindowVersions = 1_000
        try configuration.validate()
        #expect(configuration.dedupParameters.maxWindowVersions == 1_000)
    }
}
